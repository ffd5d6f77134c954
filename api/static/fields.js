// The field list of a filing's documents: values, confidence, who corrected what, and the inline editor.

import {
  DATE_FIELDS, L, choicesFor, clear, docLabel, editText, fieldLabel, formatValue, h, parseValue, when,
} from "./dom.js";

// Fields in the order they are printed on the document type, then any others the reader found.
export function orderedKeys(doc) {
  const printed = L().doc_fields[doc.doc_type] || [];
  const found = Object.keys(doc.fields || {});
  return [...printed, ...found.filter((k) => !printed.includes(k))];
}

function latestCorrection(corrections, docId, key) {
  const mine = (corrections || []).filter((c) => c.document === docId && c.field === key);
  return mine.length ? mine[mine.length - 1] : null;
}

export class FieldList {
  constructor({ onSelect, onSave }) {
    this.onSelect = onSelect;
    this.onSave = onSave;
    this.el = h("div", { class: "field-list" });
    this.editing = null;
  }

  render(data, selected) {
    const issuesBy = new Map();
    for (const issue of data.filing.issues || []) {
      if (!issue.field) continue;
      const key = `${issue.document || "*"}:${issue.field}`;
      issuesBy.set(key, [...(issuesBy.get(key) || []), issue]);
    }
    clear(this.el, data.documents.map((doc) =>
      h("section", { class: "doc-fields", dataset: { doc: doc.id } },
        h("h3", {}, docLabel(doc.doc_type), h("span", { class: "muted" }, ` ${doc.source} 第${doc.pages.join("、")}页`),
          doc.duplicate_of ? h("span", { class: "pill warning" }, "重复扫描") : null),
        h("ul", {}, orderedKeys(doc).map((key) => this.row(data, doc, key, [
          ...(issuesBy.get(`${doc.id}:${key}`) || []),
          ...(issuesBy.get(`*:${key}`) || []).filter(() => doc.doc_type === "declaration_form"),
        ], selected))))));
    this.editing = null;
  }

  row(data, doc, key, issues, selected) {
    const field = doc.fields?.[key];
    const correction = latestCorrection(data.corrections, doc.id, key);
    const classes = ["field-row"];
    if (!field) classes.push("missing");
    if (field?.low_confidence) classes.push("low");
    if (field?.source === "reviewer") classes.push("corrected");
    if (issues.some((i) => i.severity === "error")) classes.push("has-error");
    const isSelected = selected && selected.doc === doc.id && selected.field === key;
    const li = h("li", {
      class: classes.join(" "),
      tabindex: "-1",
      "aria-selected": isSelected ? "true" : "false",
      dataset: { doc: doc.id, field: key },
      onclick: (e) => { if (!e.target.closest(".editor")) this.onSelect(doc.id, key, "list"); },
      ondblclick: (e) => { if (!e.target.closest(".editor")) this.edit(doc, key); },
    },
      h("div", { class: "field-main" },
        h("span", { class: "field-label" }, fieldLabel(key)),
        h("span", { class: "field-value" }, field ? formatValue(key, field.value) : "（未识别）"),
        field ? h("span", {
          class: `conf ${field.low_confidence ? "low" : ""}`,
          title: "识别置信度",
        }, field.source === "reviewer" ? "人工" : `${Math.round(field.confidence * 100)}%`) : null,
        h("button", {
          type: "button", class: "link edit-btn", title: "修改 (e)",
          onclick: (e) => { e.stopPropagation(); this.edit(doc, key); },
        }, "修改")),
      field?.low_confidence ? h("div", { class: "field-note low-note" }, "置信度低，请核对原件") : null,
      correction ? h("div", { class: "field-note correction" },
        `${correction.who} 于 ${when(correction.at)} 修改：原为「${formatValue(key, correction.old)}」，改为「${formatValue(key, correction.new)}」`) : null,
      issues.map((issue) => h("div", { class: `field-note issue ${issue.severity}` }, issue.message)),
    );
    return li;
  }

  rowEl(docId, key) {
    return [...this.el.querySelectorAll(".field-row")].find((r) => r.dataset.doc === docId && r.dataset.field === key);
  }

  highlight(docId, key, reveal) {
    for (const row of this.el.querySelectorAll(".field-row")) {
      row.setAttribute("aria-selected", row.dataset.doc === docId && row.dataset.field === key ? "true" : "false");
    }
    const row = this.rowEl(docId, key);
    if (row && reveal) row.scrollIntoView({ block: "nearest" });
  }

  // All rows in screen order, for j/k.
  keys() {
    return [...this.el.querySelectorAll(".field-row")].map((r) => ({ doc: r.dataset.doc, field: r.dataset.field }));
  }

  edit(doc, key) {
    if (this.editing) this.editing.cancel();
    const row = this.rowEl(doc.id, key);
    if (!row) return;
    const current = doc.fields?.[key]?.value;
    const choices = choicesFor(key);
    let input;
    if (choices) {
      input = h("select", { class: "edit-input", "aria-label": fieldLabel(key) },
        Object.entries(choices).map(([value, text]) =>
          h("option", { value, selected: String(current) === value }, text)));
    } else if (Array.isArray(current) || key === "hospitals") {
      input = h("textarea", { class: "edit-input", rows: "3", "aria-label": fieldLabel(key), placeholder: "每行一个" },
        editText(key, current));
    } else {
      input = h("input", {
        class: "edit-input",
        value: editText(key, current),
        "aria-label": fieldLabel(key),
        placeholder: DATE_FIELDS.has(key) ? "YYYY-MM-DD" : null,
      });
    }
    const error = h("div", { class: "edit-error", role: "alert" });
    const save = async () => {
      const value = parseValue(key, input.value);
      if (DATE_FIELDS.has(key) && value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        error.textContent = "日期格式应为 YYYY-MM-DD，例如 2026-08-22。";
        return;
      }
      saveBtn.disabled = true;
      error.textContent = "";
      try {
        await this.onSave(doc.id, key, value);
      } catch (err) {
        error.textContent = err.message;
        saveBtn.disabled = false;
      }
    };
    const saveBtn = h("button", { type: "button", class: "primary", onclick: save }, "保存");
    const editor = h("div", { class: "editor" }, input,
      h("div", { class: "editor-actions" },
        saveBtn,
        h("button", { type: "button", class: "secondary", onclick: () => this.editing?.cancel() }, "取消"),
        h("span", { class: "hint" }, "Enter 保存，Esc 取消")),
      error);
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !(input.tagName === "TEXTAREA" && !e.ctrlKey)) {
        e.preventDefault();
        save();
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        this.editing?.cancel();
      }
    });
    row.append(editor);
    row.classList.add("editing");
    this.editing = {
      doc: doc.id,
      field: key,
      cancel: () => {
        editor.remove();
        row.classList.remove("editing");
        this.editing = null;
      },
    };
    input.focus();
    if (input.select) input.select();
  }
}
