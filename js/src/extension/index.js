// The extension's plugin: it only hands the application to the renderers (app.js).
import { setApp } from "./app.js";

export default {
  id: "paperwidgets:plugin",
  description: "Shows paperwidgets notes, cards and maps in shared notebooks, without a kernel.",
  autoStart: true,
  activate: (app) => setApp(app),
};
