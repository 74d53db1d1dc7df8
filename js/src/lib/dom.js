// The one way widgets create elements: text always through textContent, never innerHTML.

/**
 * Create an element; `text` becomes textContent, other props are assigned as properties.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{text?: any, [prop: string]: any}} [props]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, { text, ...props } = {}) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  if (text !== undefined) node.textContent = text;
  return node;
}
