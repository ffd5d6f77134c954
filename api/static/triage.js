// The triage lane (待分拣): pages that went into no filing. Beside each page: the best guesses of its
// type, and the three things a reviewer does with it — say what it is, put it into a filing, or discard it.

import { api } from "./api.js";
import { L, age, clear, docLabel, fieldLabel, formatValue, h, toast } from "./dom.js";
import { PageViewer } from "./viewer.js";

const NEW_FILING = "";

export class TriageView {
  constructor(root) {
    this.root = root;
    this.items = [];
    this.cursor = null;
    this.selected = 0;
    this.item = null; // the selected item as last read (its version goes into If-Match)
    this.filings = [];
    this.viewer = new PageViewer({ onSelect: () => {} });
  }

  async mount() {
    this.tbody = h("tbody");
    this.summary = h("span", { class: "muted" });
    this.more = h("button", { type: "button", class: "secondary", onclick: () => this.load(true) }, "加载更多");
    this.banner = h("div", { class: "banner conflict", role: "alert", hidden: true });
    this.panel = h("div", { class: "triage-panel" });
    clear(this.root, h("section", { class: "triage" },
      h("div", { class: "triage-list" },
        h("table", { class: "queue-table", "aria-label": "待分拣页面" },
          h("thead", {}, h("tr", {}, ["文件", "原因", "最可能的类型", "受理点", "等待"].map((t) => h("th", {}, t)))),
          this.tbody),
        h("div", { class: "queue-foot" }, this.summary, this.more,
          h("button", { type: "button", class: "secondary", title: "刷新 (r)", onclick: () => this.load(false) }, "刷新")),
        h("p", { class: "hint" },
          "j / k 选择 · 1–3 按猜测定类型 · t 选类型 · a 归入备案 · d 丢弃 · r 刷新 · +/− 缩放 · Esc 返回")),
      h("div", { class: "viewer-pane" }, this.viewer.el),
      h("aside", { class: "side-pane triage-side", "aria-label": "分拣" }, this.banner, this.panel)));
    await Promise.all([this.load(false), this.loadFilings()]);
  }

  // The filings a page may join: those waiting for review (the lane's pages come from the same windows).
  async loadFilings() {
    try {
      this.filings = (await api.filings({ review_status: "needs_review", sort: "-created_at", limit: 200 })).items;
    } catch {
      this.filings = [];
    }
    if (this.item) this.renderPanel();
  }

  async load(append) {
    this.summary.textContent = "加载中…";
    this.tbody.dataset.loading = "true";
    const page = await api.triage({ cursor: append ? this.cursor : null, limit: 50 }).finally(() => {
      delete this.tbody.dataset.loading;
    });
    const keep = this.items[this.selected]?.id;
    this.items = append ? [...this.items, ...page.items] : page.items;
    this.cursor = page.next_cursor;
    this.more.hidden = !this.cursor;
    this.summary.textContent = this.items.length ? `共 ${this.items.length} 页待分拣${this.cursor ? "（还有更多）" : ""}` : "";
    const at = this.items.findIndex((item) => item.id === keep);
    this.selected = at >= 0 ? at : Math.min(this.selected, Math.max(0, this.items.length - 1));
    this.renderRows();
    await this.select(this.selected, { force: true });
  }

  renderRows() {
    const labels = L();
    if (!this.items.length) {
      clear(this.tbody, h("tr", {}, h("td", { colspan: 5, class: "empty" }, "没有待分拣的页面。")));
      return;
    }
    clear(this.tbody, this.items.map((item, index) => {
      const best = item.guesses[0];
      return h("tr", {
        class: "queue-row triage-row",
        tabindex: "-1",
        dataset: { id: String(item.id), document: item.document.id },
        "aria-selected": index === this.selected ? "true" : "false",
        onclick: () => this.select(index),
      },
        h("td", { class: "mono" }, `${item.document.source} · 第${item.document.pages.join("、")}页`),
        h("td", {}, labels.unfiled_reason?.[item.reason] || item.reason),
        h("td", {}, best ? `${docLabel(best.doc_type)} ${Math.round(best.confidence * 100)}%` : "—"),
        h("td", {}, item.station || "—"),
        h("td", { title: item.created_at }, age(item.created_at)));
    }));
  }

  async select(index, { force = false } = {}) {
    const rows = this.tbody.querySelectorAll("tr.triage-row");
    if (!rows.length) {
      this.item = null;
      clear(this.panel, h("p", { class: "muted" }, "所有页面都已分拣。"));
      return;
    }
    const next = Math.max(0, Math.min(index, rows.length - 1));
    if (next === this.selected && !force && this.item) return;
    this.selected = next;
    rows.forEach((row, i) => row.setAttribute("aria-selected", i === this.selected ? "true" : "false"));
    rows[this.selected].scrollIntoView({ block: "nearest" });
    const id = this.items[this.selected].id;
    const { data } = await api.triageItem(id);
    if (this.items[this.selected]?.id !== id) return; // the reviewer moved on meanwhile
    this.take(data);
  }

  take(item) {
    this.item = item;
    this.banner.hidden = true;
    this.renderPanel();
    const doc = item.document;
    const pages = doc.pages.map((page) => ({
      doc, page, docLabel: docLabel(doc.doc_type), image: (doc.page_images || []).find((i) => i.page === page),
    }));
    if (pages.length) {
      this.viewer.setPages(pages, pages[0], (p) => this.viewer.show(p));
      this.viewer.show(pages[0]);
    }
  }

  renderPanel() {
    const item = this.item;
    const doc = item.document;
    const labels = L();
    const types = Object.keys(labels.doc_types).filter((t) => t !== "unknown");
    this.typeSelect = h("select", { name: "doc_type", "aria-label": "材料类型" },
      h("option", { value: "" }, "选择类型…"),
      types.map((t) => h("option", { value: t, selected: doc.doc_type === t }, docLabel(t))));
    this.filingSelect = h("select", { name: "filing", "aria-label": "归入备案" },
      this.filings.map((f) => h("option", { value: f.id }, `${f.name || "（未识别姓名）"} · ${f.id_number_masked || f.id}`)),
      h("option", { value: NEW_FILING }, "（新建一份备案）"));
    this.reason = h("input", { name: "reason", "aria-label": "丢弃原因", placeholder: "如：发票、银行回单、空白页" });
    const fields = Object.entries(doc.fields || {});
    clear(this.panel,
      h("h2", {}, "页面"),
      h("p", {}, h("span", { class: "mono" }, doc.source), " ",
        h("span", { class: "pill" }, labels.unfiled_reason?.[item.reason] || item.reason)),
      h("p", { class: "muted" }, `现为：${docLabel(doc.doc_type)} · 版本 ${item.version}`),
      item.reread === "queued" ? h("p", { class: "low-summary" }, "正在按新类型重新识别…") : null,
      item.reread === "failed" ? h("p", { class: "edit-error" }, "重新识别失败：没有保存的识别结果，请在归入后手工填写字段。") : null,
      h("h2", {}, "类型猜测"),
      item.guesses.length
        ? h("ol", { class: "guesses" }, item.guesses.map((g, i) =>
          h("li", {},
            h("button", {
              type: "button", class: "secondary guess", dataset: { type: g.doc_type },
              title: `按「${docLabel(g.doc_type)}」识别 (${i + 1})`, onclick: () => this.assign(g.doc_type),
            }, `${i + 1} · ${docLabel(g.doc_type)}`),
            h("span", { class: "conf" }, ` ${Math.round(g.confidence * 100)}%`))))
        : h("p", { class: "muted" }, "没有可信的猜测。"),
      h("h2", {}, "指定类型"),
      h("form", { class: "triage-form", onsubmit: (e) => { e.preventDefault(); this.assign(this.typeSelect.value); } },
        this.typeSelect, h("button", { type: "submit", class: "primary" }, "按此类型识别")),
      fields.length
        ? h("ul", { class: "triage-fields" }, fields.map(([key, v]) =>
          h("li", {}, h("span", { class: "field-label" }, fieldLabel(key)), h("span", {}, formatValue(key, v.value)))))
        : null,
      h("h2", {}, "归入备案"),
      h("form", { class: "triage-form", onsubmit: (e) => { e.preventDefault(); this.attach(this.filingSelect.value); } },
        this.filingSelect, h("button", { type: "submit", class: "primary" }, "归入")),
      h("h2", {}, "丢弃"),
      h("form", { class: "triage-form", onsubmit: (e) => { e.preventDefault(); this.discard(this.reason.value.trim()); } },
        this.reason, h("button", { type: "submit", class: "danger" }, "丢弃")),
      (item.history || []).length
        ? h("div", { class: "history" }, h("h2", {}, "记录"), h("ol", {}, item.history.map((e) =>
          h("li", {}, `${e.who} ${e.action}`))))
        : null);
    // Enter on a list of choices acts on it, as in the forms' text fields
    for (const select of [this.typeSelect, this.filingSelect]) {
      select.addEventListener("keydown", (e) => {
        if (e.key !== "Enter") return;
        e.preventDefault();
        select.form.requestSubmit();
      });
    }
  }

  async act(action, body, done) {
    const item = this.item;
    try {
      const { data } = await api.triageAct(item.id, item.version, action, body);
      toast(done(data), "ok");
      if (data.state === "open") {
        this.items[this.selected] = data;
        this.renderRows();
        this.take(data);
      } else {
        await this.load(false); // decided: it leaves the lane; the next page comes up
      }
    } catch (err) {
      if (err.status === 412 || err.code === "not_open") this.conflict();
      else toast(err.message, "error");
    }
  }

  assign(docType) {
    if (!docType) {
      toast("请选择材料类型。", "error");
      this.typeSelect.focus();
      return;
    }
    this.act("assign-type", { doc_type: docType }, (data) =>
      `已按「${docLabel(docType)}」${data.reread === "done" ? "重新识别" : "排队重新识别"}。`);
  }

  attach(filingId) {
    const target = this.filings.find((f) => f.id === filingId);
    this.act("attach", { filing: filingId || null }, (data) =>
      `已归入备案：${target ? target.name || target.id : data.filing_id}`);
  }

  discard(reason) {
    if (!reason) {
      toast("请填写丢弃原因。", "error");
      this.reason.focus();
      return;
    }
    this.act("discard", { reason }, () => "已丢弃，原因已记录。");
  }

  conflict() {
    clear(this.banner,
      h("strong", {}, "此页已被其他审核人员处理。"),
      " 请重新加载后再操作。",
      h("button", { type: "button", class: "primary", onclick: () => this.load(false) }, "重新加载"));
    this.banner.hidden = false;
  }

  onKey(event) {
    if (event.target.closest("input, select, textarea")) {
      if (event.key !== "Escape") return false;
      event.target.blur();
      return true;
    }
    const guess = this.item?.guesses[Number(event.key) - 1];
    if (event.key === "j" || event.key === "ArrowDown") this.select(this.selected + 1);
    else if (event.key === "k" || event.key === "ArrowUp") this.select(this.selected - 1);
    else if (event.key === "r") this.load(false);
    else if (event.key === "Escape") location.hash = "#/";
    // an action key acts on the page shown: none while the selected one is still loading
    else if (!this.item || this.item.id !== this.items[this.selected]?.id) return /^[1-3tad]$/.test(event.key);
    else if (/^[1-3]$/.test(event.key) && guess) this.assign(guess.doc_type);
    else if (event.key === "t") this.typeSelect.focus();
    else if (event.key === "a") this.filingSelect.focus();
    else if (event.key === "d") this.reason.focus();
    else return this.viewer.onKey(event);
    return true;
  }
}
