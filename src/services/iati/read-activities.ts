import { SaxesParser } from 'saxes';
import { AmanahError } from '../../domain/errors.js';

/**
 * Reads the `<iati-activity>` elements of an IATI activity file one at a time, each as a small
 * element tree with line numbers, so a large file never becomes one tree in memory. Only elements
 * and text are kept (comments and processing instructions are not data).
 */

export interface XmlNodeRead {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: XmlNodeRead[];
  text: string;
  line: number;
}

export function* readActivities(xml: string): Generator<XmlNodeRead> {
  const parser = new SaxesParser({ position: true });
  const stack: XmlNodeRead[] = [];
  const done: XmlNodeRead[] = [];
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => {
    const inActivity = stack.length > 0;
    if (!inActivity && tag.name !== 'iati-activity') return;
    const node: XmlNodeRead = {
      name: tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
      text: '',
      line: parser.line,
    };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    const node = stack.pop();
    if (node && stack.length === 0) done.push(node);
  });

  // Fed in slices so activities are handed on as they complete.
  const SLICE = 256 * 1024;
  for (let at = 0; at < xml.length; at += SLICE) {
    parser.write(xml.slice(at, at + SLICE));
    if (failure) break;
    yield* done.splice(0);
  }
  if (!failure) parser.close();
  if (failure)
    throw new AmanahError('IATI_SCHEMA_INVALID', `the file is not well-formed XML: ${failure.message}`);
  yield* done.splice(0);
}

/** The first child of a name. */
export function child(node: XmlNodeRead, name: string): XmlNodeRead | undefined {
  return node.children.find((c) => c.name === name);
}

export function children(node: XmlNodeRead, name: string): XmlNodeRead[] {
  return node.children.filter((c) => c.name === name);
}
