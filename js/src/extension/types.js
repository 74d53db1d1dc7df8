// The parts of JupyterLab / Notebook 7 the extension uses (JSDoc only, nothing at run time).
// The @jupyterlab packages are not installed here (the builder provides them), so these are
// narrow local types of just what is read; lumino's own types are used where they resolve.

/** @typedef {import("@lumino/widgets").Widget} Widget */

/**
 * The application (JupyterFrontEnd): its name ("JupyterLab", "Jupyter Notebook"), shell and commands.
 * @typedef {{name: string, shell: Shell, commands: import("@lumino/commands").CommandRegistry}} App
 * @typedef {{widgets: (area?: string) => IterableIterator<Widget>, activateById: (id: string) => void,
 *   add: (widget: Widget, area?: string, options?: {ref?: string | null, mode?: string}) => void}} Shell
 */

/**
 * A kernel connection (Kernel.IKernelConnection): the comm_info request only.
 * @typedef {{requestCommInfo: (content: {target_name?: string}) => Promise<{content: {comms?: {[id: string]: unknown}}}>}} Kernel
 * @typedef {{oldValue: unknown, newValue: unknown}} KernelChange the kernel before and after (IChangedArgs)
 * @typedef {{ready: Promise<void>, session: {kernel: Kernel | null} | null,
 *   statusChanged: import("@lumino/signaling").ISignal<unknown, string>,
 *   kernelChanged: import("@lumino/signaling").ISignal<unknown, KernelChange>}} SessionContext
 */

/**
 * A rendered output's model (IRenderMime.IMimeModel): its bundle, whether it is trusted.
 * @typedef {{data: {[mimeType: string]: unknown}, trusted: boolean}} MimeModel
 * @typedef {Widget & {renderModel: (model: MimeModel) => Promise<void>}} Renderer
 * @typedef {{getFactory: (mimeType: string) => unknown, createRenderer: (mimeType: string) => Renderer}} RenderMime
 */

/**
 * A notebook panel (NotebookPanel): its session, its document (path, metadata) and its notebook.
 * @typedef {{getMetadata?: (key: string) => unknown}} NotebookModel
 * @typedef {{widgets: readonly Widget[], activeCellIndex: number, rendermime: RenderMime}} Notebook
 * @typedef {Widget & {sessionContext: SessionContext, context: {path: string, model?: NotebookModel},
 *   content: Notebook}} NotebookPanel
 * @typedef {Widget & Partial<{sessionContext: SessionContext, context: {path: string}, content: {path?: unknown}}>} MainWidget
 *   a widget of the main area (a notebook, an output view, any other document)
 */

export {};
