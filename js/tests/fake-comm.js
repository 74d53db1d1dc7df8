// The browser half of a widget's comm for tests: `experimental.invoke` as anywidget 0.11 binds
// it to a model (nbextension/index.js `invoke`: an "anywidget-command" message with a fresh id
// through model.send, the answer matched by id on "msg:custom", rejected with the signal's
// reason on abort, anywidget's default being a 3 s timeout), and a model whose `send` answers
// through `respond(name, msg)` as the Python command would (`{kind, id, response}`); the
// Reader's background commands (widgets/background.py) are answered the same way.

let counter = 0;

/** anywidget's invoke over `model`, message for message. */
export function fakeExperimental(model) {
  return {
    invoke(name, msg, options = {}) {
      const id = `test-${counter++}`;
      const signal = options.signal ?? AbortSignal.timeout(3000);
      return new Promise((resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => {
          model.off("msg:custom", handler);
          reject(signal.reason);
        });
        function handler(reply, buffers) {
          if (reply.id !== id) return;
          resolve([reply.response, buffers]);
          model.off("msg:custom", handler);
        }
        model.on("msg:custom", handler);
        model.send({ id, kind: "anywidget-command", name, msg }, undefined, options.buffers ?? []);
      });
    },
  };
}

/**
 * A model with synced `state` and a comm: each command message is answered (a microtask
 * later, like a kernel) with `respond(name, msg)`; `null` means the kernel never answers.
 * `sent` records every command message.
 */
export function fakeModel(state, respond) {
  const handlers = new Map();
  const sent = [];
  const emit = (event, ...args) => [...(handlers.get(event) || [])].forEach((f) => f(...args));
  const model = {
    get: (k) => state[k],
    set: (k, v) => (state[k] = v),
    save_changes() {},
    on: (event, fn) => handlers.set(event, [...(handlers.get(event) || []), fn]),
    off: (event, fn) => handlers.set(event, (handlers.get(event) || []).filter((f) => f !== fn)),
    send(message) {
      if (message.kind !== "anywidget-command" && message.kind !== "pw-background") return;
      sent.push(message);
      const answer = respond(message.name, message.msg);
      if (answer === null) return;
      const [response, buffers] = answer instanceof WithBuffers ? [answer.response, answer.buffers] : [answer, []];
      const reply = { kind: "anywidget-command-response", id: message.id, response };
      queueMicrotask(() => emit("msg:custom", reply, buffers));
    },
  };
  return { model, sent, emit, handlers, listeners: (event) => (handlers.get(event) || []).length };
}

/** A command answer that carries binary buffers too (as a Python command returning them). */
export class WithBuffers {
  constructor(response, buffers) {
    this.response = response;
    this.buffers = buffers;
  }
}
