// Calls to a widget's Python commands (methods decorated with anywidget.experimental.command)
// through anywidget's own `experimental.invoke`. The one wrapper adds what every caller
// wants: a kernel `{error}` answer becomes a rejection, and the wait is 30 s (anywidget's
// default is 3 s, too short for a save or a first search on a large corpus).

export const TIMEOUT = 30000;

/**
 * @typedef {(name: string, msg?: object, options?: {timeout?: number, buffers?: boolean}) => Promise<any>} Call
 * A command call: resolves with the kernel's response, rejects with its error or on timeout.
 * With `buffers: true` it resolves with `[response, buffers]` (binary data, e.g. a PDF).
 */

/**
 * The command caller of one widget view, from the `experimental` argument of `render`.
 * @param {{invoke: (name: string, msg: any, options?: {signal?: AbortSignal, buffers?: any[]}) => Promise<[any, any[]]>}} experimental
 * @returns {Call}
 */
export function commands(experimental) {
  return async (name, msg = {}, { timeout = TIMEOUT, buffers = false } = {}) => {
    let response;
    let data;
    try {
      [response, data] = await experimental.invoke(name, msg, { signal: AbortSignal.timeout(timeout) });
    } catch (err) {
      if (/** @type {{name?: unknown} | null} */ (err)?.name === "TimeoutError") throw new Error(`${name}: no answer from the kernel in ${timeout / 1000} s`);
      throw err;
    }
    if (response && response.error) throw new Error(response.error);
    return buffers ? [response, data || []] : response;
  };
}

/**
 * The caller of a widget's background commands (paperwidgets/widgets/background.py): the
 * same contract as `commands`, but answered from the kernel's worker thread, so a slow one
 * (a search) never holds up the others. `{superseded: true}` answers a request that a newer
 * one of the same command replaced before it ran.
 * @param {{send: Function, on: Function, off: Function}} model
 * @returns {Call}
 */
export function backgroundCommands(model) {
  let counter = 0;
  // this view's own "newest": two views of one widget (the cell and its panel beside the
  // notebook) each get an answer to their own newest request
  const view = Math.random().toString(36).slice(2);
  return (name, msg = {}, { timeout = TIMEOUT } = {}) =>
    new Promise((resolve, reject) => {
      const id = `pw-${name}-${Date.now().toString(36)}-${counter++}`;
      const timer = setTimeout(() => finish(new Error(`${name}: no answer from the kernel in ${timeout / 1000} s`)), timeout);
      /**
       * @param {unknown} error
       * @param {any} [response]
       */
      function finish(error, response) {
        clearTimeout(timer);
        model.off("msg:custom", onMessage);
        if (error) reject(error);
        else if (response && response.error) reject(new Error(response.error));
        else resolve(response);
      }
      /** @param {any} reply the kernel's custom message */
      function onMessage(reply) {
        if (reply && reply.kind === "anywidget-command-response" && reply.id === id) finish(null, reply.response);
      }
      model.on("msg:custom", onMessage);
      try {
        model.send({ kind: "pw-background", id, name, view, msg });
      } catch (err) {
        finish(err); // "Cannot send": the kernel is gone
      }
    });
}
