// Types shared by the Reader's parts (JSDoc only, no code): its model's traits and a row of
// its list, as widgets/reader.py sends them.

/**
 * A paper of a related list; a library paper has the `url` it opens.
 * @typedef {import("../neighbour-list.js").Neighbour & {url?: string}} RelatedPaper
 */

/**
 * The Reader's traits (widgets/reader.py) on top of the annotated card's and the map's (the
 * Python Reader is a CorpusMap); `current` is the paper on the card ({} for none), `fulltext`
 * the FullText child being read ("anywidget:<id>").
 * @typedef {import("../annotated-card.js").AnnotatedTraits & import("../map/corpus-map.js").CorpusMapTraits & {
 *   current_id: string, current: import("../lib/format.js").Paper, current_position: number,
 *   neighbours: RelatedPaper[], neighbours_error: string, recommended: RelatedPaper[],
 *   library_neighbours: RelatedPaper[], progress: {annotated?: number, total?: number},
 *   history: {back?: boolean, forward?: boolean}, notes_version: number,
 *   view_state: {view?: string, filters?: Partial<Filters>}, fulltext: string | null}} ReaderTraits
 * @typedef {import("@anywidget/types").AnyModel<ReaderTraits>} ReaderModel
 */

/**
 * The toolbar's filters as the `page` command takes them (reader/toolbar.js).
 * @typedef {{query: string, status: string, tag: string, min_rating: number | null,
 *   unannotated: boolean, disagreements: boolean, order: string, new_to_me: boolean}} Filters
 */

/**
 * One row of the list, as the `page` command sends it (only `id` is always there).
 * @typedef {{id: string, title?: string, relevance?: number, annotated?: boolean, in_notes?: boolean,
 *   status?: string, rating?: number, conflicts?: unknown, tags?: string[]}} Row
 */

export {};
