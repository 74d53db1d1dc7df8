// Build the front-end, both halves from the same src/:
// 1. each widget's ESM (and its CSS) into paperwidgets/static/, where the Python widgets
//    load them from (esbuild; one entry per widget);
// 2. the prebuilt JupyterLab 4 / Notebook 7 extension (src/extension/, see package.json
//    "jupyterlab") into paperwidgets/labextension/, shipped in the wheel under
//    share/jupyter/labextensions/paperwidgets/. @jupyter/builder needs no Python.
import { execFileSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";

const options = {
  entryPoints: [
    "src/card.js", "src/reader.js", "src/neighbours.js", "src/map.js", "src/fulltext.js", "src/screen.js",
    "src/styles.css", "src/fulltext.css",
  ],
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  outdir: "../paperwidgets/static",
  logLevel: "info",
};

function buildLabextension() {
  const require = createRequire(import.meta.url);
  const builder = require.resolve("@jupyter/builder/lib/build-labextension.js");
  const core = require.resolve("@jupyterlab/core-meta/core.package.json");
  execFileSync(process.execPath, [builder, "--core-package-file", core, "."], { stdio: "inherit" });
  copyFileSync("install.json", "../paperwidgets/labextension/install.json"); // "(python, paperwidgets)"
}

if (process.argv.includes("--watch")) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
  buildLabextension();
}
