// vitest: a test's time limit only catches a hang (vitest's 5 s default failed "moves with j and
// k" on a busy 2-core machine); timing goals live in benchmarks/, not in unit tests.
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
