// The page image with zoom and pan, every field drawn as a box (bbox = fractions of the page) and seals outlined.
// The page is shown straightened (校正后, the upright page the boxes are measured on) or as uploaded (原件):
// then the box layer keeps the upright page's size and is carried onto the upload by the inverse of the
// document's page-frame matrix, as a CSS matrix3d, so every box lands where the matrix says.

import { pageImageUrl } from "./api.js";
import { fieldLabel, h } from "./dom.js";

const MIN_SCALE = 0.1;
const MAX_SCALE = 8;

// The inverse of a row-major 3x3 matrix, normalised so that its [2][2] is 1.
function invert3(m) {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h, B = f * g - d * i, C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const inv = [
    [A, c * h - b * i, b * f - c * e],
    [B, a * i - c * g, c * d - a * f],
    [C, b * g - a * h, a * e - b * d],
  ].map((row) => row.map((v) => v / det));
  return inv.map((row) => row.map((v) => v / inv[2][2]));
}

// A 2-D projective matrix as CSS matrix3d (column-major 4x4, z left alone).
function cssMatrix(m) {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  return `matrix3d(${[a, d, 0, g, b, e, 0, h, 0, 0, 1, 0, c, f, 0, i].join(",")})`;
}

function apply3(m, x, y) {
  const w = m[2][0] * x + m[2][1] * y + m[2][2];
  return [(m[0][0] * x + m[0][1] * y + m[0][2]) / w, (m[1][0] * x + m[1][1] * y + m[1][2]) / w];
}

function frameOf(page) {
  return (page.doc.page_frames || []).find((f) => f.page === page.page) || null;
}

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
    // 原件 / 校正后: the page as uploaded, or straightened (the default)
    this.original = false;
    this.frame = null;
    this.viewButton = h("button", {
      type: "button", class: "secondary view-toggle", hidden: true, "aria-pressed": "false",
      title: "在上传的原件与校正后的页面之间切换", onclick: () => this.toggleOriginal(),
    }, "原件");
    this.tabs = h("div", { class: "page-tabs", role: "tablist" });
    this.el = h("div", { class: "viewer" },
      h("div", { class: "viewer-bar" },
        this.tabs,
        this.viewButton,
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

  toggleOriginal() {
    this.original = !this.original;
    if (this.page) this.show(this.page);
  }

  async show(page, { refit = true } = {}) {
    this.page = page;
    const frame = frameOf(page);
    const canOriginal = Boolean(frame && page.image?.original_url && !page.image?.purged);
    const original = this.original && canOriginal;
    this.viewButton.hidden = !canOriginal;
    this.viewButton.textContent = original ? "校正后" : "原件";
    this.viewButton.setAttribute("aria-pressed", String(original));
    const key = `${page.doc.id}:${page.page}`;
    const view = original ? "original" : "upright";
    const sameImage = this.current === `${key}:${view}`;
    this.current = `${key}:${view}`;
    this.frame = original ? frame : null;
    this.drawBoxes(page.doc, page.page);
    if (sameImage) return;
    this.message.hidden = true;
    this.img.removeAttribute("src");
    if (original) this.size = { width: frame.source_width, height: frame.source_height };
    else if (page.image?.width && page.image?.height) this.size = { width: page.image.width, height: page.image.height };
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
      const src = await pageImageUrl(original ? page.image.original_url : page.image.url);
      if (this.current !== `${key}:${view}`) return;
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
      this.el.dataset.view = view;
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

  // Where a point given in fractions of the upright page lies on the stage (the page shown).
  toStage(fx, fy) {
    if (!this.frame) return [fx * this.size.width, fy * this.size.height];
    return apply3(invert3(this.frame.matrix), fx * this.frame.width, fy * this.frame.height);
  }

  // Pan so that a box is in view (zooming in a little when the page is shown very small).
  reveal(box) {
    const vp = this.viewport.getBoundingClientRect();
    const [cx, cy] = this.toStage(
      (parseFloat(box.style.left) + parseFloat(box.style.width) / 2) / 100,
      (parseFloat(box.style.top) + parseFloat(box.style.height) / 2) / 100);
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
    // on the upload, the box layer is the upright page carried there by the inverse matrix
    const f = this.frame;
    Object.assign(this.boxes.style, f
      ? { width: `${f.width}px`, height: `${f.height}px`, right: "auto", bottom: "auto",
          transform: cssMatrix(invert3(f.matrix)) }
      : { width: "", height: "", right: "", bottom: "", transform: "" });
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
