// Request/response over the widget's comm, in anywidget's command protocol
// (Python side: methods decorated with anywidget.experimental.command).

let counter = 0;

/** Call a Python command; resolves with its response, rejects on timeout. */
export function invoke(model, name, msg = {}, { timeout = 30000 } = {}) {
  const id = `pw-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  return new Promise((resolve, reject) => {
    const onMessage = (reply) => {
      if (!reply || reply.kind !== "anywidget-command-response" || reply.id !== id) return;
      clearTimeout(timer);
      model.off("msg:custom", onMessage);
      if (reply.response && reply.response.error) reject(new Error(reply.response.error));
      else resolve(reply.response);
    };
    const timer = setTimeout(() => {
      model.off("msg:custom", onMessage);
      reject(new Error(`${name}: no answer from the kernel in ${timeout / 1000} s`));
    }, timeout);
    model.on("msg:custom", onMessage);
    model.send({ id, kind: "anywidget-command", name, msg });
  });
}

/** Run `fn` once calls stop for `wait` ms; `.flush()` runs a pending call now. */
export function debounce(fn, wait) {
  let timer = null;
  let pending = null;
  const run = () => {
    timer = null;
    const args = pending;
    pending = null;
    return args ? fn(...args) : undefined;
  };
  const debounced = (...args) => {
    pending = args;
    clearTimeout(timer);
    timer = setTimeout(run, wait);
  };
  debounced.flush = () => {
    clearTimeout(timer);
    return run();
  };
  debounced.pending = () => pending !== null;
  return debounced;
}
