// Edits on their way to the notes file: sent in order, kept and retried until the kernel
// says they are written. "Saved" is only reported when nothing is left waiting.
const RETRY_MS = 2000;

/**
 * One edit waiting to be written: a paper's fields and ops (`field`: the one being typed in).
 * @typedef {{id: string | null, fields: {[name: string]: unknown}, ops: {[name: string]: unknown}, field: string}} Edit
 * (`id` null: no paper shown yet)
 */

/**
 * `send(paperId, {fields, ops})` returns a Promise of the kernel's answer.
 * `report(state, item, detail)`: state is "saving", "written" (one item, detail = answer),
 * "error" (detail = Error; the item stays and is tried again) or "saved" (all written).
 * @param {(paperId: string | null, edit: {fields: Edit["fields"], ops: Edit["ops"]}) => Promise<unknown>} send
 * @param {(state: "saving" | "written" | "error" | "saved", item?: Edit, detail?: unknown) => void} report
 * @param {{retryMs?: number}} [options]
 */
export function saveQueue(send, report, { retryMs = RETRY_MS } = {}) {
  /** @type {Edit[]} */
  const pending = [];
  let running = false;
  let halted = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  async function run() {
    if (running || halted) return;
    running = true;
    clearTimeout(timer);
    while (pending.length && !halted) {
      const item = pending[0];
      report("saving", item);
      try {
        const answer = await send(item.id, { fields: item.fields, ops: item.ops });
        pending.shift();
        report("written", item, answer);
      } catch (err) {
        running = false;
        if (halted) return;
        report("error", item, err);
        timer = setTimeout(run, retryMs);
        return;
      }
    }
    running = false;
    if (!halted) report("saved");
  }

  /**
   * @param {string | null} id
   * @param {Edit["fields"]} [fields]
   * @param {Edit["ops"]} [ops]
   * @param {string} [field]
   */
  function push(id, fields = {}, ops = {}, field = "") {
    const last = pending[pending.length - 1];
    const inFlight = running && pending.length === 1;
    const onlyFields = (/** @type {Edit} */ x) => !Object.keys(x.ops).length;
    if (last && !inFlight && last.id === id && onlyFields(last) && !Object.keys(ops).length) {
      Object.assign(last.fields, fields); // typing: one save of the latest text
    } else {
      pending.push({ id, fields: { ...fields }, ops, field });
    }
    return run();
  }

  return {
    push,
    /** Send nothing more (the kernel is gone): edits stay waiting, never reported saved. */
    halt() {
      halted = true;
      clearTimeout(timer);
    },
    /** Whether edits are still waiting to be written. */
    waiting: () => pending.length > 0,
    /** Fields (of `id`) with edits still waiting. */
    waitingFields: (/** @type {string | null} */ id) => new Set(pending.filter((x) => x.id === id).flatMap((x) => Object.keys(x.fields))),
  };
}
