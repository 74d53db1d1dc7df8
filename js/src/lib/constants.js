// The constants Python and the front-end share: paperwidgets/constants.json, one file read by
// Python (paperwidgets/constants.py) and bundled here by esbuild and the extension's build.
import shared from "../../../paperwidgets/constants.json" with { type: "json" };

/** Reading statuses, in the order the panel and the map's status colours use. @type {string[]} */
export const STATUSES = shared.notes.statuses;
/** Each status by its role (the file's order): a fifth status or a missing one fails here. */
export const [UNREAD, READING, READ, SKIPPED] = STATUSES;
/** The rating range the store accepts. @type {{min: number, max: number}} */
export const RATING = shared.notes.rating;
/** What the map's points can be coloured by. @type {string[]} */
export const COLOURINGS = shared.map.colourings;
/** The topic palette (the map widget and its PNG picture). @type {string[]} */
export const TOPIC_COLOURS = shared.map.topic_colours;
/** Notes Markdown -> HTML: the tags, attributes per tag and link schemes that survive. */
export const SANITISER = shared.sanitiser;
/** What a notebook's outputs carry: the notes output, a widget's card, the map picture. */
export const NOTES_MIME = shared.mime.notes;
export const CARD_MIME = shared.mime.card;
export const MAP_MIME = shared.mime.map;
export const NEIGHBOURS_MIME = shared.mime.neighbours;
/** Screening: the decisions (keys i / e / m), how many exclusion reasons have a key, the longest note. */
export const SCREENING_DECISIONS = shared.screening.decisions;
export const MAX_REASONS = shared.screening.max_reasons;
export const MAX_NOTE = shared.screening.max_note;
