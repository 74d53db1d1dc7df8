// The shared XSS payload table (tests/xss_payloads.json), also used by pytest and the browser tests.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const { payloads } = JSON.parse(
  readFileSync(join(here, "..", "..", "tests", "xss_payloads.json"), "utf8"),
);
