// The extension's plugin: it hands the application to the renderers (app.js) and opens a
// widget output beside its notebook when the widget asks (beside.js).
import { setApp } from "./app.js";
import { listenForBeside } from "./beside.js";

export default {
  id: "paperwidgets:plugin",
  description: "Shows paperwidgets notes, cards and maps in shared notebooks, without a kernel.",
  autoStart: true,
  activate: (/** @type {import("./types.js").App} */ app) => {
    setApp(app);
    listenForBeside(app);
  },
};
