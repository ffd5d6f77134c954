// Calls to the /v1 API with the reviewer's key; every failure becomes an ApiError with the API's code.

let KEY_STORE = "filingdesk.reviewerKey";

// The station page keeps its key apart from the reviewer's (one browser may hold both).
export function useKeyStore(name) {
  KEY_STORE = name;
}

// The API's codes are stable and its messages English; reviewers read these instead.
const MESSAGES_ZH = {
  unauthorized: "密钥无效或已停用。",
  forbidden: "此密钥没有该操作的权限。",
  not_found: "找不到该记录。",
  conflict: "此备案已被其他审核人员修改，请重新加载。",
  precondition_required: "缺少版本号，请重新加载后再试。",
  errors_remain: "仍有错误，不能通过。",
  reason_required: "请填写原因。",
  invalid_value: "取值格式不正确。",
  unknown_field: "此文件没有该字段。",
  unknown_document: "该文件不属于此备案。",
  not_editable: "此备案已审结，不能再修改。",
  invalid_transition: "当前状态下不能执行此操作。",
  invalid_cursor: "列表已更新，请刷新。",
  invalid_request: "请求不正确。",
  not_open: "此页已被处理（已归入或已丢弃）。",
  type_required: "请先指定材料类型，再归入备案。",
  reading_pending: "正在按新类型重新识别，请稍候再试。",
  invalid_doc_type: "不是备案材料的类型。",
};

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(MESSAGES_ZH[code] || message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || "";
    this.apiMessage = message || "";
    this.details = details;
  }
}

export function getKey() {
  return sessionStorage.getItem(KEY_STORE) || "";
}

export function setKey(key) {
  sessionStorage.setItem(KEY_STORE, key.trim());
}

export function clearKey() {
  sessionStorage.removeItem(KEY_STORE);
}

export async function call(method, path, { body, headers = {}, query } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const init = { method, headers: { Authorization: `Bearer ${getKey()}`, ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new ApiError(0, "network", "无法连接服务器，请检查网络后重试。");
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text };
    }
  }
  if (!response.ok) {
    const err = data || {};
    throw new ApiError(response.status, err.code, err.message || err.detail, err.details);
  }
  return { data, etag: response.headers.get("ETag") };
}

export const api = {
  labels: () => fetch("/review/labels.json").then((r) => r.json()),
  filings: (query) => call("GET", "/v1/filings", { query }).then((r) => r.data),
  filing: (id) => call("GET", `/v1/filings/${encodeURIComponent(id)}`),
  patchField: (id, version, change) =>
    call("PATCH", `/v1/filings/${encodeURIComponent(id)}/fields`, {
      body: change,
      headers: { "If-Match": `"${version}"` },
    }),
  decide: (id, version, action, reason) =>
    call("POST", `/v1/filings/${encodeURIComponent(id)}/decision`, {
      body: { action, reason },
      headers: { "If-Match": `"${version}"` },
    }),
  triage: (query) => call("GET", "/v1/triage", { query }).then((r) => r.data),
  triageItem: (id) => call("GET", `/v1/triage/${encodeURIComponent(id)}`),
  triageAct: (id, version, action, body) =>
    call("POST", `/v1/triage/${encodeURIComponent(id)}/${action}`, {
      body,
      headers: { "If-Match": `"${version}"` },
    }),
};

// Page images need the key too, so they are fetched as blobs and shown through object URLs.
export async function pageImageUrl(url) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${getKey()}` } });
  if (!response.ok) throw new ApiError(response.status, "page_image", "页面图像无法加载。");
  return URL.createObjectURL(await response.blob());
}
