// The extension's renderer: the read-only view of a paperwidgets mimetype (notes mirror,
// card, map picture, neighbours). For a trusted widget output whose model is alive it shows
// the live widget instead (drawn by ipywidgets) and tells it when the kernel goes
// (kernel-signal.js); otherwise the static view, never an error. A display update of a live
// output (the Reader keeping its saved card current) leaves the live view as it is.
import { Panel, Widget } from "@lumino/widgets";
import { CARD_MIME, MAP_MIME, NEIGHBOURS_MIME, NOTES_MIME, widgetModelId } from "../lib/notes-core.js";
import { renderMapPicture, renderNotes, renderSafely, renderStaticCard, renderStaticNeighbours } from "../shared-views.js";
import { panelOf } from "./app.js";
import { signalKernel } from "./kernel-signal.js";
import { isLive, widgetRenderer } from "./live-widget.js";

/** @typedef {import("./types.js").MimeModel} MimeModel */

/** @type {{[mimeType: string]: (data: unknown, bundle: unknown) => HTMLElement}} */
const VIEWS = {
  [NOTES_MIME]: renderNotes,
  [CARD_MIME]: renderStaticCard,
  [MAP_MIME]: renderMapPicture,
  [NEIGHBOURS_MIME]: renderStaticNeighbours,
};

export class SharedRenderer extends Panel {
  /** @param {{mimeType: string}} options IRenderMime.IRendererOptions */
  constructor(options) {
    super();
    this.mimeType = options.mimeType;
    this.addClass("pw-shared-output");
    this.node.dataset.mimeType = options.mimeType;
    /** @type {Promise<void>} */
    this._attached = new Promise((resolve) => {
      this._onAttach = resolve;
    });
  }

  /** @param {import("@lumino/messaging").Message} msg */
  onAfterAttach(msg) {
    super.onAfterAttach(msg);
    this._onAttach();
  }

  /** @param {MimeModel} model */
  async renderModel(model) {
    if (this._liveId && this._liveId === widgetModelId(model.data)) return; // still the same live widget
    this._liveId = null;
    if (this._unsignal) this._unsignal();
    for (const child of [...this.widgets]) child.dispose();
    const node = renderSafely(VIEWS[this.mimeType], model.data[this.mimeType], model.data);
    const view = new Widget({ node });
    this.addWidget(view);
    const modelId = widgetModelId(model.data);
    if (modelId && model.trusted) await this._tryLive(model, modelId, view);
  }

  /**
   * @param {MimeModel} model
   * @param {string} modelId
   * @param {Widget} view the static view, replaced by the live one
   */
  async _tryLive(model, modelId, view) {
    await this._attached;
    const panel = panelOf(this.node);
    if (!panel || !(await isLive(panel, modelId)) || this.isDisposed) return;
    const live = widgetRenderer(panel);
    if (!live) return;
    view.dispose();
    this.node.dataset.live = "true";
    this._liveId = modelId;
    this._unsignal = signalKernel(panel, this.node);
    this.addWidget(live);
    await live.renderModel(model);
  }

  dispose() {
    if (this._unsignal) this._unsignal();
    super.dispose();
  }
}

/**
 * A safe factory: the data is rendered as text and sanitised Markdown only.
 * @param {string[]} mimeTypes
 */
export function rendererFactory(mimeTypes) {
  return { safe: true, mimeTypes, createRenderer: (/** @type {{mimeType: string}} */ options) => new SharedRenderer(options) };
}
