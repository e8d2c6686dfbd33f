// Small helpers for building the page's elements without HTML strings (nothing the mock
// answers is ever parsed as markup).

// An element with attributes (dataset keys as data-*, `text` as its text) and children.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

// The first 8 characters of an id, with the whole id as its tooltip.
export function shortId(id) {
  if (!id) return el('span', { class: 'muted', text: '-' });
  return el('code', { title: id, text: id.slice(0, 8) });
}

// "2026-01-01T00:00:05.000Z" as "01-01 00:00:05".
export function shortTime(iso) {
  if (!iso) return '';
  return iso.replace(/^\d{4}-(\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/, '$1 $2');
}

export function replaceRows(table, rows) {
  table.tBodies[0].replaceChildren(...rows);
}

// Calls fn at most once per `ms` after the last call (typing in a filter).
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
