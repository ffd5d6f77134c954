// The work list: filings waiting for a reviewer, filtered, navigable with j/k or arrows and Enter.

import { api } from "./api.js";
import { L, age, categoryLabel, clear, h } from "./dom.js";

const FILTER_STORE = "filingdesk.queueFilters";
const DEFAULT_FILTERS = { review_status: "needs_review", status: "", category: "", region: "", station: "" };

// The order the reviewer last saw, so "next filing" follows the list on screen.
let order = [];

export function queueOrder() {
  return order;
}

function loadFilters() {
  try {
    return { ...DEFAULT_FILTERS, ...JSON.parse(sessionStorage.getItem(FILTER_STORE) || "{}") };
  } catch {
    return { ...DEFAULT_FILTERS };
  }
}

export async function fetchQueue(filters = loadFilters(), cursor = null) {
  return api.filings({ ...filters, cursor, limit: 50 });
}

export class QueueView {
  constructor(root, { open, lastOpened }) {
    this.root = root;
    this.open = open;
    this.lastOpened = lastOpened;
    this.filters = loadFilters();
    this.items = [];
    this.cursor = null;
    this.selected = 0;
  }

  async mount() {
    this.tbody = h("tbody");
    this.more = h("button", { type: "button", class: "secondary", onclick: () => this.load(true) }, "加载更多");
    this.summary = h("span", { class: "muted" });
    clear(
      this.root,
      h("section", { class: "queue" },
        this.renderFilters(),
        h("table", { class: "queue-table", "aria-label": "待审核备案" },
          h("thead", {}, h("tr", {},
            ["姓名", "身份证号", "备案类型", "材料", "审核状态", "问题", "受理点", "等待"].map((t) => h("th", {}, t)),
          )),
          this.tbody,
        ),
        h("div", { class: "queue-foot" }, this.summary, this.more,
          h("button", { type: "button", class: "secondary", title: "刷新 (r)", onclick: () => this.load(false) }, "刷新"),
          h("span", { class: "hint" }, "j / k 或 ↑ / ↓ 选择，Enter 打开，r 刷新")),
      ),
    );
    await this.load(false);
  }

  renderFilters() {
    const select = (name, options) =>
      h("select", { name },
        Object.entries(options).map(([value, text]) =>
          h("option", { value, selected: this.filters[name] === value }, text)));
    const labels = L();
    const form = h("form", { class: "filters", onsubmit: (e) => { e.preventDefault(); this.applyFilters(form); } },
      h("label", {}, "审核状态", select("review_status", { "": "全部", ...labels.review_status })),
      h("label", {}, "材料", select("status", { "": "全部", ...labels.filing_status })),
      h("label", {}, "备案类型", select("category", { "": "全部", ...labels.categories })),
      h("label", { title: "参保地或就医地以此开头" }, "地区",
        h("input", { name: "region", value: this.filters.region, placeholder: "参保地或就医地，如 山西省" })),
      h("label", {}, "受理点", h("input", { name: "station", value: this.filters.station, placeholder: "受理点编号" })),
      h("button", { type: "submit" }, "筛选"),
    );
    // after picking a filter the keys go back to the list (j/k), not to the select
    for (const el of form.querySelectorAll("select")) {
      el.addEventListener("change", () => {
        el.blur();
        this.applyFilters(form);
      });
    }
    return form;
  }

  applyFilters(form) {
    const data = new FormData(form);
    this.filters = Object.fromEntries(Object.keys(DEFAULT_FILTERS).map((k) => [k, String(data.get(k) || "").trim()]));
    sessionStorage.setItem(FILTER_STORE, JSON.stringify(this.filters));
    this.load(false);
  }

  async load(append) {
    this.summary.textContent = "加载中…";
    this.tbody.dataset.loading = "true";
    const page = await fetchQueue(this.filters, append ? this.cursor : null).finally(() => {
      delete this.tbody.dataset.loading;
    });
    this.items = append ? [...this.items, ...page.items] : page.items;
    this.cursor = page.next_cursor;
    order = this.items.map((item) => item.id);
    if (!append) {
      // keep the row the reviewer was on (after a refresh), else the filing opened last
      const keep = order.indexOf(this.selectedId || this.lastOpened());
      this.selected = keep >= 0 ? keep : 0;
    }
    this.more.hidden = !this.cursor;
    this.summary.textContent = this.items.length ? `共 ${this.items.length} 份${this.cursor ? "（还有更多）" : ""}` : "";
    this.renderRows();
  }

  renderRows() {
    const labels = L();
    if (!this.items.length) {
      clear(this.tbody, h("tr", {}, h("td", { colspan: 8, class: "empty" }, "没有符合条件的备案。")));
      return;
    }
    clear(this.tbody, this.items.map((item, index) =>
      h("tr", {
        class: "queue-row",
        tabindex: "-1",
        dataset: { id: item.id },
        "aria-selected": index === this.selected ? "true" : "false",
        onclick: () => this.select(index),
        ondblclick: () => this.open(item.id),
      },
        h("td", {}, h("a", { href: `#/filing/${encodeURIComponent(item.id)}` }, item.name || "（未识别姓名）")),
        h("td", { class: "mono" }, item.id_number_masked || "—"),
        h("td", {}, categoryLabel(item.filing_category)),
        h("td", {}, h("span", { class: `pill ${item.status}` }, labels.filing_status[item.status] || item.status)),
        h("td", {}, labels.review_status[item.review_status] || item.review_status),
        h("td", { class: "issues-cell" },
          item.errors ? h("span", { class: "count error", title: "错误" }, `${item.errors} 错误`) : null,
          item.warnings ? h("span", { class: "count warning", title: "提示" }, `${item.warnings} 提示`) : null,
          !item.errors && !item.warnings ? h("span", { class: "count ok" }, "无") : null),
        h("td", {}, item.station || "—"),
        h("td", { title: item.created_at }, age(item.created_at)),
      )));
    this.select(this.selected);
  }

  select(index) {
    const rows = this.tbody.querySelectorAll("tr.queue-row");
    if (!rows.length) return;
    this.selected = Math.max(0, Math.min(index, rows.length - 1));
    this.selectedId = this.items[this.selected]?.id;
    rows.forEach((row, i) => row.setAttribute("aria-selected", i === this.selected ? "true" : "false"));
    rows[this.selected].scrollIntoView({ block: "nearest" });
  }

  onKey(event) {
    if (event.target.closest("input, select, textarea")) return false;
    if (event.key === "j" || event.key === "ArrowDown") this.select(this.selected + 1);
    else if (event.key === "k" || event.key === "ArrowUp") this.select(this.selected - 1);
    else if (event.key === "Enter" && this.items[this.selected]) this.open(this.items[this.selected].id);
    else if (event.key === "r") this.load(false);
    else return false;
    return true;
  }
}
