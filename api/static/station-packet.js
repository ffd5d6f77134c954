// One packet on the station page: its files' upload, its processing progress, then what was found.

import { ApiError, call, getKey } from "./api.js";
import { L, categoryLabel, clear, docLabel, h, when } from "./dom.js";
import { fileFractions, newIdempotencyKey, sendPacket } from "./station-upload.js";

const POLL_MS = 1500;
const FINAL = new Set(["done", "failed"]);

// The upload's own refusals (the whole request), by the API's stable codes.
const UPLOAD_ERRORS_ZH = {
  wrong_station: "此密钥不能为该站点上传。",
  too_many_files: "一次上传的文件过多，请分成几包上传。",
  too_large: "上传内容超过大小限制，请分包上传或降低扫描分辨率。",
  unsupported_media_type: "没有可识别的扫描文件（仅支持 PDF、PNG、JPEG、TIFF、ZIP）。",
  idempotency_key_reused: "重试时的文件与首次不同，请重新选择文件上传。",
  unauthorized: "密钥无效或已停用，请重新输入。",
  forbidden: "此密钥不是扫描站密钥，不能上传。",
  invalid_request: "请求不正确。",
  internal_error: "服务器出错，请稍后重试。",
};
const FILE_STATE_ZH = {
  waiting: "等待上传", sending: "上传中", sent: "已发送", queued: "已接收", processing: "识别中",
  done: "已识别", duplicate: "重复，未再处理", failed: "拒收", rescan: "需重新扫描",
};
export const BATCH_STATE_ZH = { received: "排队中", processing: "识别中", done: "已完成", failed: "处理失败" };

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileReason(code) {
  return L().file_errors[code] || "文件无法处理，请重新扫描";
}

class FileRow {
  constructor(path, bytes) {
    this.path = path;
    this.bar = h("progress", { max: 100, value: 0 });
    this.state = h("span", { class: "file-state" });
    this.el = h("li", { class: "file-row", dataset: { source: path } },
      h("span", { class: "file-name" }, path),
      h("span", { class: "file-size muted" }, bytes === null ? "" : size(bytes)),
      this.bar, this.state);
    this.set("waiting");
  }

  set(state, reason) {
    this.el.dataset.state = state;
    this.state.className = `file-state ${state}`;
    this.state.textContent = reason ? `${FILE_STATE_ZH[state] || state}：${reason}` : FILE_STATE_ZH[state] || state;
  }

  sending(fraction) {
    this.bar.value = Math.round(fraction * 100);
    if (fraction >= 1) this.set("sent");
    else if (fraction > 0) {
      this.set("sending");
      this.state.textContent = `上传中 ${Math.round(fraction * 100)}%`;
    }
  }

  received(file) {
    this.bar.value = 100;
    const state = file.state === "dead" ? "failed" : file.state;
    this.set(state, state === "failed" ? fileReason(file.error_code) : "");
  }
}

export class PacketCard {
  // Either `packet` (files to upload now) or `batchId` (a batch uploaded before) is given.
  constructor({ packet = null, batchId = null, station, onDone = () => {} }) {
    this.packet = packet;
    this.onDone = onDone;
    this.batchId = batchId;
    this.station = station;
    this.idempotencyKey = newIdempotencyKey(); // kept for retries: a resend is never a second batch
    this.rows = new Map();
    this.closed = false;
    this.title = h("h3", {}, packet ? packet.name || `散页（${packet.files.length} 个文件）` : `批次 #${batchId}`);
    this.meta = h("span", { class: "muted packet-meta" });
    this.files = h("ul", { class: "file-list" });
    this.message = h("div", { class: "packet-message" });
    this.pages = h("progress", { class: "pages-bar", max: 1, value: 0 });
    this.pagesText = h("span", { class: "pages-text" });
    this.progress = h("div", { class: "processing", hidden: true }, this.pages, this.pagesText);
    this.result = h("div", { class: "result" });
    this.el = h("section", { class: "packet", dataset: { state: packet ? "uploading" : "loading" } },
      h("header", { class: "packet-head" }, this.title, this.meta),
      this.files, this.message, this.progress, this.result);
    if (batchId) this.el.dataset.batch = String(batchId);
    for (const item of packet ? packet.files : []) this.addRow(item.path, item.file.size);
  }

  addRow(path, bytes) {
    const row = new FileRow(path, bytes);
    this.rows.set(path, row);
    this.files.append(row.el);
    return row;
  }

  close() {
    this.closed = true;
  }

  setState(state) {
    this.el.dataset.state = state;
  }

  async upload() {
    clear(this.message);
    this.setState("uploading");
    const sizes = this.packet.files.map((item) => item.file.size);
    const rows = this.packet.files.map((item) => this.rows.get(item.path));
    let answer;
    try {
      answer = await sendPacket(this.packet.files, {
        station: this.station,
        key: getKey(),
        idempotencyKey: this.idempotencyKey,
        onProgress: (sent) => fileFractions(sizes, sent).forEach((f, i) => rows[i].sending(f)),
      });
    } catch {
      this.fail("网络中断，文件没有送达。请检查网络后点“重试”（不会重复上传）。", true);
      return;
    }
    const { status, data } = answer;
    if (status !== 202) {
      const code = (data && data.code) || "";
      this.fail(UPLOAD_ERRORS_ZH[code] || (data && data.message) || `HTTP ${status}`, status >= 500 || status === 0);
      if (code === "unsupported_media_type") rows.forEach((row) => row.set("failed", fileReason("not_an_image")));
      return;
    }
    this.batchId = data.batch_id;
    this.el.dataset.batch = String(data.batch_id);
    this.meta.textContent = `批次 #${data.batch_id}`;
    for (const file of data.files) (this.rows.get(file.source) || this.addRow(file.source, file.size)).received(file);
    // Following runs on its own: the next packet uploads while this one is being read.
    this.follow().catch((err) => this.fail(err.message, false));
  }

  fail(message, retry) {
    this.setState("error");
    clear(this.message, h("div", { class: "banner error", role: "alert" }, message,
      retry ? h("button", { type: "button", class: "secondary", onclick: () => this.upload() }, "重试") : null));
  }

  // Polls the batch's progress until it is done, then reads what the station may see of it.
  async follow() {
    this.setState("processing");
    this.progress.hidden = false;
    let failures = 0;
    while (!this.closed) {
      let progress;
      try {
        ({ data: progress } = await call("GET", `/v1/batches/${this.batchId}`));
        failures = 0;
        clear(this.message);
      } catch (err) {
        if (err instanceof ApiError && err.status && err.status < 500) {
          this.fail(err.status === 404 ? "找不到该批次。" : err.message, false);
          return;
        }
        failures += 1;
        clear(this.message, h("div", { class: "banner warn" }, "连接中断，正在重试…"));
        await new Promise((r) => setTimeout(r, Math.min(10000, POLL_MS * 2 ** failures)));
        continue;
      }
      this.showProgress(progress);
      if (FINAL.has(progress.state)) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    if (this.closed) return;
    const { data: summary } = await call("GET", `/v1/batches/${this.batchId}/summary`);
    this.showSummary(summary);
    this.setState(summary.state);
    this.onDone(this);
  }

  showProgress(progress) {
    this.pages.max = Math.max(1, progress.pages_total);
    this.pages.value = progress.pages_done;
    this.pagesText.textContent =
      `${BATCH_STATE_ZH[progress.state] || progress.state}：已处理 ${progress.pages_done} / ${progress.pages_total} 页`;
    this.el.dataset.pagesDone = String(progress.pages_done);
    this.el.dataset.pagesTotal = String(progress.pages_total);
    if (!this.packet) this.meta.textContent = `批次 #${progress.batch_id} · ${when(progress.created_at)}`;
    for (const file of progress.files) (this.rows.get(file.source) || this.addRow(file.source, null)).received(file);
  }

  showSummary(summary) {
    const parts = summary.filings.map(filingCard);
    if (!summary.filings.length) {
      parts.push(h("p", { class: "banner warn" }, "未能从这包材料中生成备案，请核对材料后重新扫描。"));
    }
    if (summary.unfiled.length) {
      parts.push(h("div", { class: "unfiled" },
        h("h4", {}, "未归入备案的材料"),
        h("ul", {}, summary.unfiled.map((d) => h("li", { dataset: { doc: d.id } },
          `${docLabel(d.doc_type)}（${d.source}${pagesText(d.pages)}）：不是备案材料或无法识别，请核对；如是备案材料请重新扫描`)))));
    }
    if (summary.rescan.length) {
      parts.push(h("div", { class: "rescan-list" },
        h("h4", {}, "需要重新扫描"),
        h("ul", {}, summary.rescan.map((r) => h("li", { class: "rescan-item", dataset: { code: r.code, source: r.source } },
          h("span", { class: "file-name" }, `${r.source}${r.page ? ` 第 ${r.page} 页` : ""}`),
          `：${r.message}`)))));
    }
    clear(this.result, parts);
    for (const item of summary.rescan) {
      const row = this.rows.get(item.source);
      if (row && item.page) row.set("rescan", `第 ${item.page} 页`);
    }
  }
}

function pagesText(pages) {
  return pages && pages.length ? ` 第 ${pages.join("、")} 页` : "";
}

function filingCard(filing) {
  const status = L().filing_status[filing.status] || filing.status;
  return h("article", { class: "filing-card", dataset: { filing: filing.id, status: filing.status } },
    h("div", { class: "filing-who" },
      h("strong", { class: "filing-name" }, filing.name || "姓名未识别"),
      h("span", { class: "mono id-masked" }, filing.id_number_masked || "身份号码未识别"),
      h("span", { class: "muted" }, categoryLabel(filing.filing_category)),
      h("span", { class: `pill ${filing.status}` }, status),
      h("span", { class: "muted" }, L().review_status[filing.review_status] || filing.review_status)),
    h("div", { class: "filing-docs" }, "已识别材料：",
      filing.documents.map((d) => h("span", { class: "doc-chip", dataset: { type: d.doc_type } }, docLabel(d.doc_type)))),
    filing.missing.length
      ? h("ul", { class: "missing" }, filing.missing.map((m) => h("li", { dataset: { code: m.code } }, m.message)))
      : h("p", { class: "ok-line" }, "未发现缺少的材料。"));
}
