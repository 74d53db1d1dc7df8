// ESLint (flat config) for the front-end: `make lint` runs it over src/, tests/ and build.mjs.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  { files: ["build.mjs"], languageOptions: { globals: { ...globals.node } } },
  { files: ["tests/**"], languageOptions: { globals: { ...globals.node } } },
];
