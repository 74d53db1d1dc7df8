// Bundle each widget's ESM (and its CSS) into paperwidgets/static/, where the Python
// widgets load them from. One entry per widget: see src/.
import * as esbuild from "esbuild";

const options = {
  entryPoints: ["src/card.js", "src/reader.js", "src/neighbours.js", "src/map.js", "src/styles.css"],
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  outdir: "../paperwidgets/static",
  logLevel: "info",
};

if (process.argv.includes("--watch")) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
