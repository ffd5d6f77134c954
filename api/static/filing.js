// One filing: page image with boxes, fields, issues, and the decision (approve / reject / return / cancel).

import { api } from "./api.js";
import { L, categoryLabel, clear, docLabel, fieldLabel, h, toast, when } from "./dom.js";
import { FieldList } from "./fields.js";
import { PageViewer } from "./viewer.js";

const ACTIONS = {
  approve: { label: "通过", done: "已通过" },
  reject: { label: "驳回", done: "已驳回" },
  return: { label: "退回申请人", done: "已退回申请人" },
  cancel: { label: "撤销备案", done: "已撤销备案" },
};

// The version to send in If-Match: the record's own, else the ETag the API sent with it.
function versionOf({ data, etag }) {
  if (data.filing.version !== undefined && data.filing.version !== null) return data.filing.version;
  return etag ? etag.replace(/^W\//, "").replace(/"/g, "") : "";
}

export class FilingView {
  constructor(root, { id, back, next }) {
    this.root = root;
    this.id = id;
    this.back = back;
    this.next = next;
    this.selected = null;
    this.page = null;
    this.viewer = new PageViewer({ onSelect: (doc, field) => this.select(doc, field, "box") });
    this.fields = new FieldList({
      onSelect: (doc, field) => this.select(doc, field, "list"),
      onSave: (doc, field, value) => this.save(doc, field, value),
    });
  }

  async mount() {
    clear(this.root, h("p", { class: "loading" }, "加载中…"));
    this.take(await api.filing(this.id));
    this.head = h("header", { class: "filing-head" });
    this.banner = h("div", { class: "banner conflict", role: "alert", hidden: true });
    this.issues = h("div", { class: "issues" });
    this.decision = h("div", { class: "decision" });
    this.history = h("div", { class: "history" });
    clear(this.root, h("section", { class: "filing" },
      this.head, this.banner,
      h("div", { class: "filing-body" },
        h("aside", { class: "fields-pane", "aria-label": "字段" }, this.fields.el),
        h("div", { class: "viewer-pane" }, this.viewer.el),
        h("aside", { class: "side-pane" },
          h("h2", {}, "问题"), this.issues,
          h("h2", {}, "审核决定"), this.decision,
          h("h2", {}, "记录"), this.history))));
    this.render();
    const first = this.pages()[0];
    if (first) await this.showPage(first);
  }

  take(response) {
    this.data = response.data;
    this.version = versionOf(response);
  }

  pages() {
    return this.data.documents.flatMap((doc) => {
      const images = doc.page_images || [];
      return doc.pages.map((page) => ({
        doc, page, docLabel: docLabel(doc.doc_type), image: images.find((i) => i.page === page),
      }));
    });
  }

  async showPage(page, options) {
    this.page = page;
    this.viewer.setPages(this.pages(), page, (p) => this.showPage(p));
    await this.viewer.show(page, options);
  }

  render() {
    const f = this.data.filing;
    const labels = L();
    const errors = (f.issues || []).filter((i) => i.severity === "error");
    clear(this.head,
      h("button", { type: "button", class: "secondary", onclick: () => this.back(), title: "返回列表 (Esc)" }, "← 列表"),
      h("h1", {}, f.name || "（未识别姓名）"),
      h("span", { class: "mono" }, f.id_number || ""),
      h("span", {}, categoryLabel(f.filing_category)),
      h("span", { class: `pill ${f.status}` }, labels.filing_status[f.status] || f.status),
      h("span", { class: `pill review ${f.review_status}`, "data-testid": "review-status" },
        labels.review_status[f.review_status] || f.review_status),
      h("span", { class: "muted" }, [
        f.station ? `受理点 ${f.station}` : null,
        f.created_at ? `接收于 ${when(f.created_at)}` : null,
        `版本 ${this.version}`,
      ].filter(Boolean).join(" · ")));
    this.fields.render(this.data, this.selected);
    this.renderIssues(f, errors);
    this.renderDecision(f, errors);
    this.renderHistory(f);
    if (this.page) {
      const doc = this.data.documents.find((d) => d.id === this.page.doc.id);
      if (doc) this.showPage({ ...this.page, doc, image: this.page.image }, { refit: false });
    }
  }

  renderIssues(f, errors) {
    const issues = f.issues || [];
    const low = this.data.documents.flatMap((doc) =>
      Object.entries(doc.fields || {}).filter(([, v]) => v.low_confidence).map(([key]) => ({ doc: doc.id, key })));
    const lowNote = low.length
      ? h("p", { class: "low-summary", onclick: () => this.select(low[0].doc, low[0].key, "issue") },
        `${low.length} 个字段识别置信度低，请对照原件核对。`)
      : null;
    if (!issues.length) {
      clear(this.issues, lowNote, h("p", { class: "ok-note" }, "校验通过，没有问题。"));
      return;
    }
    clear(this.issues, lowNote,
      h("p", { class: "muted" }, `${errors.length} 个错误，${issues.length - errors.length} 个提示`),
      h("ul", { class: "issue-list" }, issues.map((issue) => {
        const doc = this.data.documents.find((d) => d.id === issue.document);
        return h("li", {
          class: `issue ${issue.severity}`,
          dataset: { code: issue.code, field: issue.field || "" },
          onclick: () => this.selectIssue(issue),
        },
          h("span", { class: `sev ${issue.severity}` }, issue.severity === "error" ? "错误" : "提示"),
          issue.field ? h("span", { class: "issue-field" }, fieldLabel(issue.field)) : null,
          doc ? h("span", { class: "muted" }, docLabel(doc.doc_type)) : null,
          h("div", { class: "issue-msg" }, issue.message));
      })));
  }

  renderDecision(f, errors) {
    const open = ["needs_review", "changed"].includes(f.review_status);
    const reason = h("textarea", { rows: "2", placeholder: "驳回、退回或撤销时必须填写原因", "aria-label": "原因" });
    const act = (action) => this.decide(action, reason.value.trim(), reason);
    const approve = h("button", {
      type: "button", class: "primary", disabled: !open || errors.length > 0, onclick: () => act("approve"),
    }, "通过");
    clear(this.decision,
      errors.length && open ? h("p", { class: "muted" }, "仍有错误，不能通过；请先更正字段或驳回/退回。") : null,
      !open ? h("p", { class: "muted" }, `此备案状态为「${L().review_status[f.review_status] || f.review_status}」，无需审核。`) : null,
      reason,
      h("div", { class: "decision-actions" },
        approve,
        h("button", { type: "button", class: "danger", disabled: !open, onclick: () => act("reject") }, "驳回"),
        h("button", { type: "button", class: "secondary", disabled: !open, onclick: () => act("return") }, "退回申请人"),
        // the insured withdraws a filing in force (备案取消): only approved or changed filings
        ["approved", "changed"].includes(f.review_status)
          ? h("button", { type: "button", class: "danger", onclick: () => act("cancel") }, "撤销备案")
          : null),
      h("button", { type: "button", class: "secondary next", onclick: () => this.next(this.id), title: "下一份 (n)" },
        "下一份 →"));
  }

  renderHistory(f) {
    const events = f.history || [];
    clear(this.history, events.length
      ? h("ol", {}, events.map((e) => {
        // the system's own reasons are log lines (English); a reviewer's reason is shown as written
        const system = e.who === "system";
        return h("li", {},
          `${when(e.at)} ${system ? "系统" : e.who || ""} ${L().review_status[e.to_status] || e.to_status || ""}`,
          e.why && !system ? h("span", { class: "muted" }, `：${e.why}`) : null);
      }))
      : h("p", { class: "muted" }, "暂无记录。"));
  }

  select(docId, field, from) {
    this.selected = { doc: docId, field };
    const doc = this.data.documents.find((d) => d.id === docId);
    const value = doc?.fields?.[field];
    if (doc && value && (this.page?.doc.id !== docId || this.page?.page !== value.page)) {
      const page = this.pages().find((p) => p.doc.id === docId && p.page === value.page);
      if (page) this.showPage(page, { refit: false });
    }
    this.viewer.highlight(docId, field, from !== "box");
    this.fields.highlight(docId, field, from !== "list");
  }

  selectIssue(issue) {
    const doc = this.data.documents.find((d) => d.id === issue.document)
      || this.data.documents.find((d) => issue.field && d.fields?.[issue.field])
      || this.data.documents.find((d) => d.doc_type === "declaration_form");
    if (doc && issue.field) this.select(doc.id, issue.field, "issue");
  }

  async save(docId, field, value) {
    try {
      this.take(await api.patchField(this.id, this.version, { document: docId, field, value }));
      this.render();
      this.select(docId, field, "save");
      toast(`已保存「${fieldLabel(field)}」，已重新校验。`, "ok");
    } catch (err) {
      if (err.status === 412) {
        this.conflict(`您对「${fieldLabel(field)}」的修改没有保存。`);
        return;
      }
      throw err;
    }
  }

  async decide(action, reason, reasonEl) {
    if (action !== "approve" && !reason) {
      toast(`请填写「${ACTIONS[action].label}」的原因。`, "error");
      reasonEl.focus();
      return;
    }
    try {
      await api.decide(this.id, this.version, action, reason);
      toast(`${ACTIONS[action].done}：${this.data.filing.name || this.id}`, "ok");
      await this.next(this.id);
    } catch (err) {
      if (err.status === 412) this.conflict(`您的「${ACTIONS[action].label}」决定没有保存。`);
      else if (err.code === "errors_remain") toast("仍有错误，不能通过。", "error");
      else toast(err.message, "error");
    }
  }

  conflict(what) {
    clear(this.banner,
      h("strong", {}, "此备案已被其他审核人员修改。"),
      ` ${what}请重新加载，查看最新内容后再操作。`,
      h("button", { type: "button", class: "primary", onclick: () => this.reload() }, "重新加载"));
    this.banner.hidden = false;
    this.banner.scrollIntoView({ block: "nearest" });
  }

  async reload() {
    this.take(await api.filing(this.id));
    this.banner.hidden = true;
    this.render();
    toast("已加载最新版本。", "ok");
  }

  moveField(step) {
    const keys = this.fields.keys();
    if (!keys.length) return;
    const at = this.selected ? keys.findIndex((k) => k.doc === this.selected.doc && k.field === this.selected.field) : -1;
    const next = keys[Math.max(0, Math.min(keys.length - 1, at + step))];
    this.select(next.doc, next.field, "key");
  }

  onKey(event) {
    if (event.target.closest("input, select, textarea")) return false;
    if (event.key === "Escape") this.back();
    else if (event.key === "n") this.next(this.id);
    else if (event.key === "j" || event.key === "ArrowDown") this.moveField(1);
    else if (event.key === "k" || event.key === "ArrowUp") this.moveField(-1);
    else if ((event.key === "e" || event.key === "Enter") && this.selected) {
      const doc = this.data.documents.find((d) => d.id === this.selected.doc);
      if (doc) this.fields.edit(doc, this.selected.field);
    } else return this.viewer.onKey(event);
    return true;
  }
}
