// The page image with zoom and pan, every field drawn as a box (bbox = fractions of the page) and seals outlined.

import { pageImageUrl } from "./api.js";
import { fieldLabel, h } from "./dom.js";

const MIN_SCALE = 0.1;
const MAX_SCALE = 8;

function placeBox(el, bbox) {
  const [x0, y0, x1, y1] = bbox;
  Object.assign(el.style, {
    left: `${x0 * 100}%`,
    top: `${y0 * 100}%`,
    width: `${Math.max(0, x1 - x0) * 100}%`,
    height: `${Math.max(0, y1 - y0) * 100}%`,
  });
  return el;
}

export class PageViewer {
  constructor({ onSelect }) {
    this.onSelect = onSelect;
    this.scale = 1;
    this.x = 0;
    this.y = 0;
    this.size = { width: 1000, height: 1414 };
    this.img = h("img", { class: "page-img", alt: "页面图像", draggable: "false" });
    this.boxes = h("div", { class: "boxes" });
    this.stage = h("div", { class: "stage" }, this.img, this.boxes);
    this.message = h("div", { class: "viewer-message", hidden: true });
    this.viewport = h("div", { class: "viewport", tabindex: "0", "aria-label": "页面图像，可缩放和拖动" },
      this.stage, this.message);
    this.zoomLabel = h("span", { class: "zoom-label" }, "100%");
    this.tabs = h("div", { class: "page-tabs", role: "tablist" });
    this.el = h("div", { class: "viewer" },
      h("div", { class: "viewer-bar" },
        this.tabs,
        h("div", { class: "zoom" },
          h("button", { type: "button", class: "icon", title: "缩小 (-)", onclick: () => this.zoomBy(1 / 1.25) }, "−"),
          this.zoomLabel,
          h("button", { type: "button", class: "icon", title: "放大 (+)", onclick: () => this.zoomBy(1.25) }, "+"),
          h("button", { type: "button", class: "secondary", title: "适合窗口 (0)", onclick: () => this.fit() }, "适合"))),
      this.viewport);
    this.bindPanZoom();
    // A page the reviewer has not zoomed or moved follows the window's size.
    this.fitted = true;
    new ResizeObserver(() => {
      if (this.fitted) this.fit();
    }).observe(this.viewport);
  }

  bindPanZoom() {
    let drag = null;
    this.viewport.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || e.target.closest(".box")) return;
      drag = { x: e.clientX - this.x, y: e.clientY - this.y, id: e.pointerId };
      this.viewport.setPointerCapture(e.pointerId);
      this.viewport.classList.add("panning");
    });
    this.viewport.addEventListener("pointermove", (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      this.x = e.clientX - drag.x;
      this.y = e.clientY - drag.y;
      this.fitted = false;
      this.apply();
    });
    const stop = () => {
      drag = null;
      this.viewport.classList.remove("panning");
    };
    this.viewport.addEventListener("pointerup", stop);
    this.viewport.addEventListener("pointercancel", stop);
    this.viewport.addEventListener("wheel", (e) => {
      e.preventDefault();
      const rect = this.viewport.getBoundingClientRect();
      this.zoomBy(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
  }

  // Which pages exist: [{doc, page, image}] in document order; the caller picks one with show().
  setPages(pages, current, onPick) {
    this.tabs.replaceChildren(...pages.map((p) =>
      h("button", {
        type: "button",
        role: "tab",
        class: "page-tab",
        "aria-selected": p.doc.id === current.doc.id && p.page === current.page ? "true" : "false",
        onclick: () => onPick(p),
      }, `${p.docLabel} · 第${p.page}页`)));
  }

  async show(page, { refit = true } = {}) {
    const key = `${page.doc.id}:${page.page}`;
    const sameImage = this.current === key;
    this.current = key;
    this.drawBoxes(page.doc, page.page);
    if (sameImage) return;
    this.message.hidden = true;
    this.img.removeAttribute("src");
    if (page.image?.width && page.image?.height) this.size = { width: page.image.width, height: page.image.height };
    this.layout();
    if (refit) this.fit();
    if (page.image?.purged) {
      this.showMessage("图像已按保存期限删除");
      return;
    }
    if (!page.image?.url) {
      this.showMessage("此页没有图像。");
      return;
    }
    try {
      const src = await pageImageUrl(page.image.url);
      if (this.current !== key) return;
      if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = src;
      await new Promise((resolve, reject) => {
        this.img.onload = resolve;
        this.img.onerror = reject;
        this.img.src = src;
      });
      this.size = { width: this.img.naturalWidth, height: this.img.naturalHeight };
      this.layout();
      if (refit) this.fit();
      this.el.dataset.loaded = key;
    } catch {
      this.showMessage("页面图像无法加载。");
    }
  }

  showMessage(text) {
    this.message.textContent = text;
    this.message.hidden = false;
  }

  drawBoxes(doc, pageNo) {
    const boxes = [];
    for (const [key, field] of Object.entries(doc.fields || {})) {
      if (!field.bbox || field.page !== pageNo) continue;
      const classes = ["box", "field-box"];
      if (field.low_confidence) classes.push("low");
      if (field.source === "reviewer") classes.push("corrected");
      const box = placeBox(h("div", {
        class: classes.join(" "),
        dataset: { doc: doc.id, field: key },
        title: `${fieldLabel(key)}（置信度 ${Math.round(field.confidence * 100)}%）`,
        onclick: (e) => { e.stopPropagation(); this.onSelect(doc.id, key, "box"); },
      }, h("span", { class: "box-label" }, fieldLabel(key))), field.bbox);
      boxes.push(box);
    }
    for (const stamp of doc.stamps || []) {
      if (stamp.page !== pageNo) continue;
      boxes.push(placeBox(h("div", {
        class: `box stamp-box ${stamp.shape}`,
        title: `印章：${stamp.text || "（未识别文字）"}`,
      }, h("span", { class: "stamp-label" }, `印章：${stamp.text || "（未识别文字）"}`)), stamp.bbox));
    }
    this.boxes.replaceChildren(...boxes);
    this.highlight(this.selected?.doc, this.selected?.field, false);
  }

  highlight(docId, key, reveal = true) {
    this.selected = docId ? { doc: docId, field: key } : null;
    let target = null;
    for (const box of this.boxes.querySelectorAll(".field-box")) {
      const on = box.dataset.doc === docId && box.dataset.field === key;
      box.classList.toggle("selected", on);
      if (on) target = box;
    }
    if (target && reveal) this.reveal(target);
  }

  // Pan so that a box is in view (zooming in a little when the page is shown very small).
  reveal(box) {
    const vp = this.viewport.getBoundingClientRect();
    const cx = (parseFloat(box.style.left) + parseFloat(box.style.width) / 2) / 100 * this.size.width;
    const cy = (parseFloat(box.style.top) + parseFloat(box.style.height) / 2) / 100 * this.size.height;
    const sx = this.x + cx * this.scale;
    const sy = this.y + cy * this.scale;
    if (sx > 40 && sx < vp.width - 40 && sy > 40 && sy < vp.height - 40) return;
    this.x = vp.width / 2 - cx * this.scale;
    this.y = vp.height / 2 - cy * this.scale;
    this.fitted = false;
    this.apply();
  }

  layout() {
    this.stage.style.width = `${this.size.width}px`;
    this.stage.style.height = `${this.size.height}px`;
  }

  fit() {
    const vp = this.viewport.getBoundingClientRect();
    if (!vp.width || !vp.height) return;
    this.fitted = true;
    this.scale = Math.min(vp.width / this.size.width, vp.height / this.size.height) * 0.98;
    this.x = (vp.width - this.size.width * this.scale) / 2;
    this.y = (vp.height - this.size.height * this.scale) / 2;
    this.apply();
  }

  // Zoom about a point of the viewport: the pointer, else the selected box when it is in view, else the centre.
  zoomBy(factor, ox, oy) {
    const vp = this.viewport.getBoundingClientRect();
    let px = ox ?? vp.width / 2;
    let py = oy ?? vp.height / 2;
    const box = ox === undefined ? this.boxes.querySelector(".field-box.selected") : null;
    if (box) {
      const r = box.getBoundingClientRect();
      const cx = r.left + r.width / 2 - vp.left;
      const cy = r.top + r.height / 2 - vp.top;
      if (cx >= 0 && cx <= vp.width && cy >= 0 && cy <= vp.height) [px, py] = [cx, cy];
    }
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    this.fitted = false;
    this.x = px - ((px - this.x) * next) / this.scale;
    this.y = py - ((py - this.y) * next) / this.scale;
    this.scale = next;
    this.apply();
  }

  apply() {
    this.stage.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
    this.stage.style.setProperty("--inv", String(1 / this.scale));
    this.zoomLabel.textContent = `${Math.round(this.scale * 100)}%`;
    this.viewport.dataset.scale = this.scale.toFixed(3);
  }

  onKey(event) {
    if (event.key === "+" || event.key === "=") this.zoomBy(1.25);
    else if (event.key === "-") this.zoomBy(1 / 1.25);
    else if (event.key === "0") this.fit();
    else return false;
    return true;
  }
}
