// Building the page from data without ever parsing data as HTML.
// Every string passed as a child becomes a text node, so a document containing
// "<script>" or "<img onerror=...>" shows those characters and runs nothing.

const SAFE_ATTRIBUTES = new Set(["class", "id", "type", "title", "role", "tabindex", "value",
  "aria-label", "aria-pressed", "colspan", "name", "for", "selected"]);

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else if (SAFE_ATTRIBUTES.has(name)) {
      node.setAttribute(name, String(value));
    } else {
      throw new Error(`attribute ${name} is not allowed here`);
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function svg(tag, attributes = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

// Text with marked spans: `spans` are {start, end, className, title} over `text`,
// non-overlapping after sorting (an overlapping span is skipped). Built from text nodes.
export function markedText(text, spans) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const span of sorted) {
    if (span.start < at || span.end > text.length || span.end <= span.start) continue;
    if (span.start > at) fragment.append(document.createTextNode(text.slice(at, span.start)));
    const mark = el("mark", { class: span.className, title: span.title ?? null },
      text.slice(span.start, span.end));
    if (span.onclick) {
      mark.addEventListener("click", span.onclick);
      mark.setAttribute("tabindex", "0");
    }
    fragment.append(mark);
    at = span.end;
  }
  if (at < text.length) fragment.append(document.createTextNode(text.slice(at)));
  return fragment;
}
