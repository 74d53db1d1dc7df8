// Calls that wait for a pause: typing in a note or the search box sends once it stops.

/**
 * Run `fn` once calls stop for `wait` ms; `.flush()` runs a pending call now.
 * @template {unknown[]} A
 * @template R
 * @param {(...args: A) => R} fn
 * @param {number} wait
 */
export function debounce(fn, wait) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {A | null} */
  let pending = null;
  const run = () => {
    timer = undefined;
    const args = pending;
    pending = null;
    return args ? fn(...args) : undefined;
  };
  const debounced = (/** @type {A} */ ...args) => {
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
