// PaperCard: one paper as a card. Python owns the `paper` trait; this module only renders it.
// Every feed field goes into the DOM through textContent (see lib/dom.js), never as HTML.
import { cardLinks, formatAuthors, formatDate, isLongText, listedText } from "./lib/format.js";
import { h } from "./lib/dom.js";

function renderAbstract(text) {
  const box = h("div", { className: "pw-abstract" });
  const body = h("p", { className: "pw-abstract-text", text: text || "No abstract." });
  box.append(body);
  if (isLongText(text)) {
    box.classList.add("pw-collapsed");
    const toggle = h("button", { className: "pw-toggle", text: "Show more", type: "button" });
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", () => {
      const collapsed = box.classList.toggle("pw-collapsed");
      toggle.textContent = collapsed ? "Show more" : "Show less";
      toggle.setAttribute("aria-expanded", String(!collapsed));
    });
    box.append(toggle);
  }
  return box;
}

function renderLinks(paper) {
  const nav = h("div", { className: "pw-links" });
  for (const { label, href } of cardLinks(paper)) {
    const a = h("a", { className: "pw-link", text: label, href });
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    nav.append(a);
  }
  return nav;
}

function renderMeta(paper) {
  const meta = h("div", { className: "pw-meta" });
  const authors = formatAuthors(paper.authors);
  if (authors) meta.append(h("span", { className: "pw-authors", text: authors }));
  const date = formatDate(paper.published) || listedText(paper);
  if (date) meta.append(h("span", { className: "pw-date", text: date }));
  for (const cat of paper.categories || []) {
    meta.append(h("span", { className: "pw-chip", text: String(cat) }));
  }
  return meta;
}

/** Build the card element for one paper (a plain object from the `paper` trait). */
export function renderCard(paper) {
  const card = h("article", { className: "pw-card" });
  card.dataset.paperId = String(paper.id || "");
  card.append(
    h("h3", { className: "pw-title", text: paper.title || "(untitled)" }),
    renderMeta(paper),
    renderAbstract(paper.abstract),
    renderLinks(paper),
  );
  return card;
}

function render({ model, el }) {
  el.classList.add("pw-root");
  const draw = () => el.replaceChildren(renderCard(model.get("paper") || {}));
  draw();
  model.on("change:paper", draw);
  return () => model.off("change:paper", draw);
}

export default { render };
