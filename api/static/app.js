// The review page: asks for the reviewer's key once (sessionStorage), then routes between queue and filing.

import { ApiError, api, clearKey, getKey, setKey } from "./api.js";
import { clear, h, setLabels, toast } from "./dom.js";
import { FilingView } from "./filing.js";
import { QueueView, fetchQueue, queueOrder } from "./queue.js";
import { TriageView } from "./triage.js";

const root = document.getElementById("app");
let view = null;
let lastOpened = null;

function askKey(message) {
  const input = h("input", {
    type: "password", name: "key", autocomplete: "off", required: true, "aria-label": "审核密钥", placeholder: "fd_…",
  });
  const form = h("form", {
    class: "login",
    onsubmit: (e) => {
      e.preventDefault();
      setKey(input.value);
      route();
    },
  },
    h("h1", {}, "备案审核"),
    h("p", {}, "请输入审核人员 API 密钥。密钥只保存在本标签页，关闭后需重新输入。"),
    message ? h("p", { class: "edit-error", role: "alert" }, message) : null,
    input,
    h("button", { type: "submit", class: "primary" }, "进入"));
  view = null;
  clear(root, form);
  input.focus();
}

function showError(err) {
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
    clearKey();
    askKey(err.status === 401 ? "密钥无效或已停用，请重新输入。" : "此密钥没有审核权限。");
    return;
  }
  const message = err instanceof ApiError && err.status === 404 ? "找不到这份备案。" : err.message;
  clear(root, h("div", { class: "banner error", role: "alert" }, message,
    h("button", { type: "button", class: "secondary", onclick: () => route() }, "重试"),
    h("a", { href: "#/" }, "返回列表")));
}

function openFiling(id) {
  location.hash = `#/filing/${encodeURIComponent(id)}`;
}

// The filing after `id` in the list the reviewer last saw; re-reads the queue, which no longer holds decided ones.
async function nextFiling(id) {
  let order = queueOrder();
  let at = order.indexOf(id);
  if (at < 0 || at === order.length - 1) {
    order = (await fetchQueue()).items.map((item) => item.id);
    at = order.indexOf(id);
  }
  const next = order.slice(at + 1).find((other) => other !== id) || order.find((other) => other !== id);
  if (next) openFiling(next);
  else {
    toast("没有更多待审核的备案。", "ok");
    location.hash = "#/";
  }
}

async function route() {
  if (!getKey()) {
    askKey();
    return;
  }
  const match = location.hash.match(/^#\/filing\/(.+)$/);
  // Each view renders into its own element: a slow view the reviewer already left renders off-screen.
  const mountPoint = h("div", { class: "view" });
  clear(root, mountPoint);
  let current;
  const triage = location.hash === "#/triage";
  if (match) {
    lastOpened = decodeURIComponent(match[1]);
    current = new FilingView(mountPoint, { id: lastOpened, back: () => (location.hash = "#/"), next: nextFiling });
  } else if (triage) {
    current = new TriageView(mountPoint);
  } else {
    current = new QueueView(mountPoint, { open: openFiling, lastOpened: () => lastOpened });
  }
  view = current;
  document.body.dataset.view = match ? "filing" : triage ? "triage" : "queue";
  try {
    await current.mount();
  } catch (err) {
    if (view === current) showError(err);
  }
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || !view) return;
  if (view.onKey(event)) event.preventDefault();
});

window.addEventListener("hashchange", route);
window.addEventListener("unhandledrejection", (event) => {
  const err = event.reason;
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) showError(err);
  else toast(err?.message || String(err), "error");
});

document.getElementById("logout").addEventListener("click", () => {
  clearKey();
  askKey();
});

setLabels(await api.labels());
route();
