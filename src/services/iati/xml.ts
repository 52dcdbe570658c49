/**
 * A small XML writer for the open-data exports: elements are built as plain values and serialised
 * with every text and attribute escaped. Deliberately minimal (no namespaces beyond `xml:lang`,
 * no mixed content): what IATI activity files need, and nothing that could emit malformed XML.
 */

export type XmlAttrs = Readonly<Record<string, string | number | undefined>>;

export interface XmlElement {
  readonly name: string;
  readonly attrs: XmlAttrs;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

/** An element; `undefined`/`false` children and attributes are left out, so optional parts read simply. */
export function el(
  name: string,
  attrs: XmlAttrs = {},
  ...children: ReadonlyArray<XmlNode | readonly XmlNode[] | undefined | false>
): XmlElement {
  const flat: XmlNode[] = [];
  for (const c of children) {
    if (c === undefined || c === false) continue;
    if (Array.isArray(c)) flat.push(...(c as readonly XmlNode[]));
    else flat.push(c as XmlNode);
  }
  return { name, attrs, children: flat };
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates and
// U+FFFE/U+FFFF; anything else cannot appear even escaped, so it is dropped.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeText(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Serialises one element, indented by two spaces per level (text-only elements stay on one line). */
export function serialise(node: XmlElement, depth = 0): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs)
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
  if (node.children.length === 0) return `${pad}<${node.name}${attrs}/>`;
  if (node.children.every((c) => typeof c === 'string'))
    return `${pad}<${node.name}${attrs}>${node.children.map((c) => escapeText(c as string)).join('')}</${node.name}>`;
  const inner = node.children
    .map((c) =>
      typeof c === 'string' ? `${'  '.repeat(depth + 1)}${escapeText(c)}` : serialise(c, depth + 1),
    )
    .join('\n');
  return `${pad}<${node.name}${attrs}>\n${inner}\n${pad}</${node.name}>`;
}

export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(root)}\n`;
}
