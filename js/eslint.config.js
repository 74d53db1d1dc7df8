// ESLint (flat config) for the front-end: `make lint` runs it over src/, tests/ and build.mjs.
// Size rules keep src/ split into short named functions and small modules (issue 15): a
// function over 60 lines (blank lines and comments not counted) or a file over 400 lines
// fails; an exception needs an eslint-disable comment that gives its reason.
import comments from "@eslint-community/eslint-plugin-eslint-comments";
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2025, sourceType: "module", globals: { ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["src/**/*.js"],
    plugins: { "@eslint-community/eslint-comments": comments },
    rules: {
      "@eslint-community/eslint-comments/require-description": "error",
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
      "max-lines": ["error", { max: 400 }],
    },
  },
  { files: ["build.mjs"], languageOptions: { globals: { ...globals.node } } },
  { files: ["tests/**"], languageOptions: { globals: { ...globals.node } } },
];
