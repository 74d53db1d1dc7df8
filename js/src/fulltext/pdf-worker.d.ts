// pdf.js's worker module ships no types: what fulltext/pdf.js uses of it (it hands the module
// to pdf.js as globalThis.pdfjsWorker, which reads WorkerMessageHandler).
declare module "pdfjs-dist/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
