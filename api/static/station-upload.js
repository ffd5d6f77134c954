// Turning what the operator dropped or picked into packets, and sending one packet with upload progress.
//
// A packet is what one applicant handed over: each dropped folder is one packet (its files at any depth),
// and the loose files of one drop or one pick are one packet too. A packet is one POST /v1/batches.

function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

// A directory reader hands out entries in chunks; it is read until it returns none.
function readChunk(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function readTree(dir, prefix, out) {
  const reader = dir.createReader();
  for (let chunk = await readChunk(reader); chunk.length; chunk = await readChunk(reader)) {
    for (const entry of chunk) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory) await readTree(entry, path, out);
      else if (entry.isFile) out.push({ file: await fileOf(entry), path });
    }
  }
  return out;
}

function byPath(a, b) {
  return a.path.localeCompare(b.path, "zh-CN", { numeric: true });
}

// Hidden files a scanner or an OS leaves in folders (.DS_Store, Thumbs.db) are no scans.
function isScan(item) {
  const name = item.path.split("/").pop();
  return !name.startsWith(".") && name.toLowerCase() !== "thumbs.db" && name.toLowerCase() !== "desktop.ini";
}

function packet(name, files) {
  return { name, files: files.filter(isScan).sort(byPath) };
}

export async function packetsFromDrop(dataTransfer) {
  // Entries must be taken before the first await: the drop's item list is emptied after the event.
  const items = [...(dataTransfer.items || [])].filter((item) => item.kind === "file");
  const entries = items.map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
  if (!entries.length || entries.some((entry) => !entry)) {
    return [packet(null, [...dataTransfer.files].map((file) => ({ file, path: file.name })))].filter(
      (p) => p.files.length,
    );
  }
  const packets = [];
  const loose = [];
  for (const entry of entries) {
    if (entry.isDirectory) packets.push(packet(entry.name, await readTree(entry, "", [])));
    else loose.push({ file: await fileOf(entry), path: entry.name });
  }
  if (loose.length) packets.push(packet(null, loose));
  return packets.filter((p) => p.files.length);
}

// Picked files are one packet; a picked folder (webkitdirectory) is one packet per top folder.
export function packetsFromInput(fileList) {
  const folders = new Map();
  const loose = [];
  for (const file of fileList) {
    const relative = file.webkitRelativePath || "";
    const cut = relative.indexOf("/");
    if (cut < 0) {
      loose.push({ file, path: file.name });
      continue;
    }
    const top = relative.slice(0, cut);
    if (!folders.has(top)) folders.set(top, []);
    folders.get(top).push({ file, path: relative.slice(cut + 1) });
  }
  const packets = [...folders].map(([name, files]) => packet(name, files));
  if (loose.length) packets.push(packet(null, loose));
  return packets.filter((p) => p.files.length);
}

export function newIdempotencyKey() {
  if (crypto.randomUUID) return `station-page-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `station-page-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

// Fraction of each file sent, from the request's bytes sent: the body carries the files in order,
// so a file is sent once the body's share up to its end is (multipart headers are a small constant).
export function fileFractions(sizes, sentFraction) {
  const total = sizes.reduce((a, b) => a + b, 0) || 1;
  const sent = sentFraction * total;
  let start = 0;
  return sizes.map((size) => {
    const fraction = size ? Math.min(1, Math.max(0, (sent - start) / size)) : sentFraction >= 1 ? 1 : 0;
    start += size;
    return fraction;
  });
}

// One POST /v1/batches through XMLHttpRequest, the one browser API that reports upload progress.
// Resolves with { status, data } for any HTTP answer; rejects only when no answer came back.
export function sendPacket(files, { station, key, idempotencyKey, onProgress }) {
  const form = new FormData();
  form.append("station_id", station);
  for (const item of files) form.append("files", item.file, item.path);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/batches");
    xhr.setRequestHeader("Authorization", `Bearer ${key}`);
    xhr.setRequestHeader("Idempotency-Key", idempotencyKey);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.upload.addEventListener("load", () => onProgress(1));
    xhr.addEventListener("load", () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = { message: xhr.responseText };
      }
      resolve({ status: xhr.status, data });
    });
    xhr.addEventListener("error", () => reject(new Error("network")));
    xhr.addEventListener("abort", () => reject(new Error("network")));
    xhr.send(form);
  });
}
