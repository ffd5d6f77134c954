// Building DOM from data without innerHTML (OCR text is untrusted) and formatting values for people.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name === "style") Object.assign(el.style, value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat(Infinity)) if (child) el.append(child);
  return el;
}

let labels = null;

export function setLabels(value) {
  labels = value;
}

export function L() {
  return labels;
}

export function fieldLabel(key) {
  if (!key) return "";
  return labels.fields[key] || key;
}

export function docLabel(docType) {
  return labels.doc_types[docType] || docType;
}

export function categoryLabel(category) {
  return labels.categories[category] || category || "—";
}

export const BOOL_FIELDS = new Set(["applicant_signature", "agency_stamp", "signature"]);
export const DATE_FIELDS = new Set([
  "start_date", "end_date", "signed_date", "valid_from", "valid_to", "issue_date", "date",
]);
export const LIST_FIELDS = new Set(["hospitals"]);

// Fields whose value is one of a few codes: the editor offers a choice with Chinese names.
export function choicesFor(key) {
  if (key === "gender") return labels.gender;
  if (key === "insurance_type") return labels.insurance_type;
  if (key === "filing_category") return labels.categories;
  if (BOOL_FIELDS.has(key)) return { true: "是", false: "否" };
  return null;
}

export function formatValue(key, value) {
  if (value === null || value === undefined || value === "") return "（空）";
  if (Array.isArray(value)) return value.length ? value.join("、") : "（空）";
  if (typeof value === "boolean") return value ? "是" : "否";
  const choices = choicesFor(key);
  if (choices && choices[value]) return choices[value];
  return String(value);
}

// The edited text back into the value type the API stores for that field.
export function parseValue(key, text) {
  const trimmed = String(text).trim();
  if (BOOL_FIELDS.has(key)) return trimmed === "true";
  if (LIST_FIELDS.has(key)) return trimmed.split(/[\n、,，;；]+/).map((s) => s.trim()).filter(Boolean);
  return trimmed === "" ? null : trimmed;
}

export function editText(key, value) {
  if (Array.isArray(value)) return value.join("\n");
  if (value === null || value === undefined) return "";
  return String(value);
}

export function age(iso) {
  if (!iso) return "—";
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return "刚刚";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} 小时`;
  return `${Math.floor(seconds / 86400)} 天`;
}

export function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

let toastTimer = 0;

export function toast(message, kind = "info") {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.className = "toast"), 4000);
}
