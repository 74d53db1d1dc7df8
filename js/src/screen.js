// Screen: screen a corpus for a systematic review. The kernel holds the screening (queue,
// log in the notes notebook, the team's logs); the browser shows the record (`record`, the
// criteria's terms marked), the criteria (`criteria`), the stopping panel (`panel`) and the
// team (`team`). Every key is a command (decide, undo, sample, resolve, merge) run one after
// another, so a key always applies to the record on screen when its turn comes; a decision
// carries the note typed after `n`. The kernel answers at once (the queue relearns on its own
// thread). Parts: screening/keys.js, record.js (marks.js, note.js), criteria.js, panel.js,
// team.js.
import { commands } from "./lib/commands.js";
import { h } from "./lib/dom.js";
import { keepFocus } from "./lib/focus.js";
import { kernelWatch } from "./lib/kernel.js";
import { guardShortcuts } from "./lib/keys.js";
import { listen } from "./lib/listen.js";
import { criteriaPanel } from "./screening/criteria.js";
import { screenKey } from "./screening/keys.js";
import { stoppingPanel } from "./screening/panel.js";
import { recordView } from "./screening/record.js";
import { teamPanel } from "./screening/team.js";

/** @typedef {import("./screening/record.js").ShownRecord} ShownRecord */
/** @typedef {ReturnType<typeof recordView>} RecordView */
/** @typedef {NonNullable<ReturnType<typeof screenKey>>} ScreenAction */
/** @typedef {(name: string, msg?: object) => Promise<any>} Call a command; resolves with the kernel's answer */
/**
 * The Screen widget's traits (widgets/screen.py); each part reads the ones it shows.
 * @typedef {{name: string, screener: string, criteria: import("./screening/criteria.js").Criteria,
 *   record: ShownRecord, panel: import("./screening/panel.js").Panel | Record<string, never>,
 *   team: import("./screening/team.js").Team | Record<string, never>, message: string,
 *   [trait: string]: any}} ScreenTraits
 */

/**
 * Run calls one after another; each reads the record shown when its turn comes.
 * @param {RecordView} record
 */
function serial(record) {
  let chain = Promise.resolve();
  return (/** @type {() => Promise<any>} */ step) => {
    chain = chain.then(step).then(
      (answer) => answer?.error && record.say(answer.error, true),
      (err) => record.say(/** @type {Error} */ (err).message, true),
    );
    return chain;
  };
}

/**
 * What each key action does.
 * @param {import("@anywidget/types").AnyModel<ScreenTraits>} model
 * @param {Call} call
 * @param {{team: ReturnType<typeof teamPanel>, resolving: ReturnType<typeof resolvingState>, note: RecordView["note"]}} parts
 */
function keyActions(model, call, { team, resolving, note }) {
  const decide = (/** @type {ScreenAction} */ a) => {
    const item = resolving.get();
    const sent = { decision: a.decision, reason: a.reason };
    if (item) return call("resolve", { ...sent, record: item.id, note: note.take() }).then(() => resolving.set(null));
    const shown = model.get("record") || {};
    if (!shown.id) return Promise.resolve();
    return call("decide", { ...sent, record: shown.id, note: note.take() });
  };
  return {
    decide,
    undo: () => call("undo"),
    sample: () => call("sample", { on: !model.get("panel")?.sampling }),
    note: () => (note.open(), Promise.resolve()),
    resolve: () => (resolving.set(team.first()), Promise.resolve()),
    leave: () => (resolving.set(null), Promise.resolve()),
  };
}

/**
 * The disagreement being resolved (null: screening), redrawn when it changes.
 * @param {RecordView} record
 */
function resolvingState(record) {
  /** @type {ShownRecord | null} */
  let item = null;
  return {
    get: () => item,
    /** @param {ShownRecord | null} next */
    set(next) {
      item = next;
      record.show(item);
    },
  };
}

/** @param {import("@anywidget/types").RenderProps<ScreenTraits>} props */
function render({ model, el, experimental }) {
  el.classList.add("pw-root", "pw-screen-root");
  const root = h("div", { className: "pw-screen", tabIndex: 0 });
  el.replaceChildren(root);
  const invoke = commands(experimental);
  const record = recordView(model, () => root.focus());
  const run = serial(record);
  /** @type {Call} */
  const call = (name, msg) => invoke(name, msg).then((a) => (model.get("message") && record.say(model.get("message")), a));
  const resolving = resolvingState(record);
  const panel = stoppingPanel(model);
  const criteria = criteriaPanel(model);
  const team = teamPanel(model, {
    onMerge: (path) => run(() => call("merge", { path })).then(() => root.focus()),
    onResolve: (item) => (resolving.set(item), root.focus()),
  });
  const banner = h("p", { className: "pw-error pw-screen-gone", hidden: true });
  const kernel = kernelWatch(model, el, (message) => ((banner.textContent = message), (banner.hidden = false)));
  const actions = keyActions(model, call, { team, resolving, note: record.note });
  root.addEventListener("keydown", (event) => {
    const action = screenKey(event, (model.get("criteria")?.exclusion || []).length);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action.type === "leave") root.focus();
    if (action.type === "note") actions.note(); // at once: the keys typed next are the note's
    else if (!kernel.gone()) run(() => actions[/** @type {keyof typeof actions} */ (action.type)](action));
  });
  const main = h("div", { className: "pw-screen-main" });
  const side = h("div", { className: "pw-screen-side" });
  side.append(criteria.el, panel.el);
  main.append(record.el, side);
  root.append(banner, main, team.el);
  const show = () => (record.show(resolving.get()), criteria.show(), panel.show(), team.show());
  const unlisten = listen(model, { "change:record": show, "change:criteria": show, "change:panel": show, "change:team": show });
  const unguard = guardShortcuts(root, () => {});
  const unfocus = keepFocus(root);
  show();
  return () => [unlisten, unguard, unfocus, kernel.destroy].forEach((stop) => stop());
}

export default { render };
