// The scanning station's page: the station key once (sessionStorage), then drop packets and follow them.
// It uses only the station API (/v1/me, /v1/batches), so it works against any filingdesk deployment.

import { ApiError, call, clearKey, getKey, setKey, useKeyStore } from "./api.js";
import { clear, h, setLabels, toast, when } from "./dom.js";
import { BATCH_STATE_ZH, PacketCard } from "./station-packet.js";
import { packetsFromDrop, packetsFromInput } from "./station-upload.js";

useKeyStore("filingdesk.stationKey");

const root = document.getElementById("app");
const who = document.getElementById("who");
const TODAY_PAGES = 10; // at most 10 × 50 batches are read to list today's
let station = null;
let cards = [];
let queue = Promise.resolve();

function askKey(message) {
  who.textContent = "";
  cards.forEach((card) => card.close());
  cards = [];
  const input = h("input", {
    type: "password", name: "key", autocomplete: "off", required: true, "aria-label": "站点密钥", placeholder: "fdk_…",
  });
  const form = h("form", {
    class: "login",
    onsubmit: (e) => {
      e.preventDefault();
      setKey(input.value);
      start();
    },
  },
    h("h1", {}, "扫描上传"),
    h("p", {}, "请输入本扫描站的 API 密钥。密钥只保存在本标签页，关闭后需重新输入。"),
    message ? h("p", { class: "edit-error", role: "alert" }, message) : null,
    input,
    h("button", { type: "submit", class: "primary" }, "进入"));
  clear(root, form);
  input.focus();
}

async function start() {
  if (!getKey()) {
    askKey();
    return;
  }
  let me;
  try {
    ({ data: me } = await call("GET", "/v1/me"));
  } catch (err) {
    clearKey();
    askKey(err instanceof ApiError && err.status === 401 ? "密钥无效或已停用，请重新输入。" : err.message);
    return;
  }
  if (me.role !== "station" || !me.station) {
    clearKey();
    askKey("此密钥不是扫描站密钥，请使用扫描站的密钥。");
    return;
  }
  station = me.station;
  who.textContent = `站点：${station}`;
  render();
}

function render() {
  const fileInput = h("input", { type: "file", multiple: true, id: "pick-files", class: "visually-hidden" });
  const folderInput = h("input", {
    type: "file", multiple: true, webkitdirectory: true, id: "pick-folder", class: "visually-hidden",
  });
  fileInput.addEventListener("change", () => {
    enqueue(packetsFromInput(fileInput.files));
    fileInput.value = "";
  });
  folderInput.addEventListener("change", () => {
    enqueue(packetsFromInput(folderInput.files));
    folderInput.value = "";
  });
  const zone = h("div", { class: "drop-zone", tabindex: "0", "aria-label": "拖放扫描文件" },
    h("p", { class: "drop-title" }, "把一位申请人的扫描文件或文件夹拖到这里"),
    h("p", { class: "hint" }, "一个文件夹为一包材料；同时拖入的散页文件为一包。支持 PDF、PNG、JPEG、TIFF、ZIP。"),
    h("div", { class: "drop-buttons" },
      h("label", { for: "pick-files", class: "button primary" }, "选择文件"),
      h("label", { for: "pick-folder", class: "button" }, "选择文件夹")),
    fileInput, folderInput);
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      zone.classList.add("over");
    });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    enqueue(await packetsFromDrop(e.dataTransfer));
  });
  const packets = h("div", { id: "packets", class: "packets" });
  const today = h("section", { class: "today" },
    h("div", { class: "today-head" }, h("h2", {}, "今日批次"),
      h("button", { type: "button", class: "secondary", onclick: () => loadToday() }, "刷新")),
    h("div", { id: "today" }, h("p", { class: "loading" }, "加载中…")));
  clear(root, h("div", { class: "station-layout" }, h("div", { class: "station-main" }, zone, packets), today));
  loadToday();
}

// Packets upload one after another (a station's line is narrow); each then follows its processing.
function enqueue(packets) {
  if (!packets.length) {
    toast("没有找到可上传的文件。", "error");
    return;
  }
  const list = document.getElementById("packets");
  for (const packet of packets) {
    const card = new PacketCard({ packet, station, onDone: () => loadToday() });
    cards.push(card);
    list.prepend(card.el);
    queue = queue.then(() => card.upload()).catch((err) => card.fail(err.message, true)).then(() => loadToday());
  }
}

function isToday(iso) {
  const d = new Date(iso);
  const now = new Date();
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
}

async function todaysBatches() {
  const found = [];
  let before;
  for (let i = 0; i < TODAY_PAGES; i += 1) {
    const { data } = await call("GET", "/v1/batches", { query: { limit: 50, before } });
    const mine = data.items.filter((b) => isToday(b.created_at));
    found.push(...mine);
    if (!data.next_before || mine.length < data.items.length) break;
    before = data.next_before;
  }
  return found;
}

let todayLoading = null;

async function loadToday() {
  if (todayLoading) return todayLoading;
  todayLoading = (async () => {
    const target = document.getElementById("today");
    if (!target) return;
    try {
      const batches = await todaysBatches();
      clear(target, batches.length ? todayTable(batches) : h("p", { class: "muted" }, "今天还没有上传的批次。"));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        clearKey();
        askKey("密钥无效或已停用，请重新输入。");
        return;
      }
      clear(target, h("p", { class: "banner error" }, err.message));
    }
  })().finally(() => (todayLoading = null));
  return todayLoading;
}

function todayTable(batches) {
  return h("table", { class: "queue-table today-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "批次"), h("th", {}, "时间"), h("th", {}, "状态"), h("th", {}, "页数"),
      h("th", {}, "备案"))),
    h("tbody", {}, batches.map((b) => h("tr", {
      class: "queue-row today-row", dataset: { batch: String(b.batch_id), state: b.state }, onclick: () => openBatch(b.batch_id),
    },
      h("td", {}, h("a", { href: `#batch-${b.batch_id}` }, `#${b.batch_id}`)),
      h("td", {}, when(b.created_at).slice(11)),
      h("td", {}, h("span", { class: `pill ${b.state === "done" ? "complete" : b.state === "failed" ? "incomplete" : "needs_review"}` },
        BATCH_STATE_ZH[b.state] || b.state)),
      h("td", {}, `${b.pages_done} / ${b.pages_total}`),
      h("td", {}, String(b.filings.length))))));
}

// A batch from today's list opens as a card above the others (once; a second click brings it to the top).
function openBatch(batchId) {
  const list = document.getElementById("packets");
  let card = cards.find((c) => c.batchId === batchId);
  if (!card) {
    card = new PacketCard({ batchId, station });
    cards.push(card);
    card.follow().catch((err) => card.fail(err.message, false));
  }
  list.prepend(card.el);
  card.el.scrollIntoView({ block: "nearest" });
}

window.addEventListener("unhandledrejection", (event) => toast(event.reason?.message || String(event.reason), "error"));

document.getElementById("logout").addEventListener("click", () => {
  clearKey();
  askKey();
});

setLabels(await fetch("/station/labels.json").then((r) => r.json()));
start();
