// Calls to a widget's Python commands (methods decorated with anywidget.experimental.command)
// through anywidget's own `experimental.invoke`. The one wrapper adds what every caller
// wants: a kernel `{error}` answer becomes a rejection, and the wait is 30 s (anywidget's
// default is 3 s, too short for a save or a first search on a large corpus).

export const TIMEOUT = 30000;

/**
 * @typedef {(name: string, msg?: object, options?: {timeout?: number}) => Promise<any>} Call
 * A command call: resolves with the kernel's response, rejects with its error or on timeout.
 */

/**
 * The command caller of one widget view, from the `experimental` argument of `render`.
 * @param {{invoke: (name: string, msg: any, options?: {signal?: AbortSignal, buffers?: any[]}) => Promise<[any, any[]]>}} experimental
 * @returns {Call}
 */
export function commands(experimental) {
  return async (name, msg = {}, { timeout = TIMEOUT } = {}) => {
    let response;
    try {
      [response] = await experimental.invoke(name, msg, { signal: AbortSignal.timeout(timeout) });
    } catch (err) {
      if (err && err.name === "TimeoutError") throw new Error(`${name}: no answer from the kernel in ${timeout / 1000} s`);
      throw err;
    }
    if (response && response.error) throw new Error(response.error);
    return response;
  };
}
