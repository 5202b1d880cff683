/** Small DOM helpers: elements are built with textContent only, so no API text is ever parsed as HTML. */

/** Attributes and listeners of an element made by `h`. */
type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

/** A child of an element made by `h`: a node, a text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** Make an element with attributes (`on…` keys become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "className") element.className = String(value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** Append children (flattening arrays, skipping empty ones). */
export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace an element's children. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A text with the given [start, end) ranges wrapped in <mark>. */
export function marked(text: string, ranges: readonly [number, number][]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start) continue;
    fragment.append(text.slice(at, start), h("mark", {}, text.slice(start, end)));
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

/** A search snippet whose matched words the server wrapped in <mark>…</mark>, rendered without parsing HTML. */
export function snippet(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  text.split(/(<mark>[^<]*<\/mark>)/).forEach((part) => {
    const inner = /^<mark>([^<]*)<\/mark>$/.exec(part);
    fragment.append(inner ? h("mark", {}, inner[1] ?? "") : part);
  });
  return fragment;
}

/** A kind or relation type in words: PARTICIPATES_IN → "participates in". */
export function words(constant: string): string {
  return constant.toLowerCase().replaceAll("_", " ");
}
