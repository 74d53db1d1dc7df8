// Edits on their way to the notes file: sent in order, kept and retried until the kernel
// says they are written. "Saved" is only reported when nothing is left waiting.
const RETRY_MS = 2000;

/**
 * `send(paperId, {fields, ops})` returns a Promise of the kernel's answer.
 * `report(state, item, detail)`: state is "saving", "written" (one item, detail = answer),
 * "error" (detail = Error; the item stays and is tried again) or "saved" (all written).
 */
export function saveQueue(send, report, { retryMs = RETRY_MS } = {}) {
  const pending = [];
  let running = false;
  let timer = null;

  async function run() {
    if (running) return;
    running = true;
    clearTimeout(timer);
    while (pending.length) {
      const item = pending[0];
      report("saving", item);
      try {
        const answer = await send(item.id, { fields: item.fields, ops: item.ops });
        pending.shift();
        report("written", item, answer);
      } catch (err) {
        report("error", item, err);
        running = false;
        timer = setTimeout(run, retryMs);
        return;
      }
    }
    running = false;
    report("saved");
  }

  function push(id, fields = {}, ops = {}, field = "") {
    const last = pending[pending.length - 1];
    const inFlight = running && pending.length === 1;
    const onlyFields = (x) => !Object.keys(x.ops).length;
    if (last && !inFlight && last.id === id && onlyFields(last) && !Object.keys(ops).length) {
      Object.assign(last.fields, fields); // typing: one save of the latest text
    } else {
      pending.push({ id, fields: { ...fields }, ops, field });
    }
    return run();
  }

  return {
    push,
    /** Whether edits are still waiting to be written. */
    waiting: () => pending.length > 0,
    /** Fields (of `id`) with edits still waiting. */
    waitingFields: (id) => new Set(pending.filter((x) => x.id === id).flatMap((x) => Object.keys(x.fields))),
  };
}
