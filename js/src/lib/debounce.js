// Calls that wait for a pause: typing in a note or the search box sends once it stops.

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
