// Model events in one place: a widget part subscribes to a table of handlers and gets back
// the one function that unsubscribes them all (run when the view goes away).

/**
 * Subscribe `handlers` ({"change:trait": fn, …}) to the model; returns the unsubscriber.
 * @param {{on: Function, off: Function}} model
 * @param {Record<string, () => void>} handlers
 */
export function listen(model, handlers) {
  for (const [event, fn] of Object.entries(handlers)) model.on(event, fn);
  return () => {
    for (const [event, fn] of Object.entries(handlers)) model.off(event, fn);
  };
}
