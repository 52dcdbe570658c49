// The interface has no hard-coded words: every visible string comes from a catalogue, and every
// catalogue has every key. Reads the sources with the TypeScript parser; needs no browser.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { overviewFixture } from './support/fixtures.js';
import { webRoot } from './support/paths.js';

const localesDir = join(webRoot, 'src', 'locales');
const sourceDir = join(webRoot, 'src');

/** Attributes a reader sees or hears: they must come from a catalogue too. */
const textAttributes = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'title',
  'alt',
  'placeholder',
]);

function flatten(catalogue: Record<string, unknown>, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') keys.set(path, value);
    else if (typeof value === 'object' && value !== null) {
      for (const [nested, text] of flatten(value as Record<string, unknown>, path)) keys.set(nested, text);
    } else throw new Error(`${path}: string or object expected`);
  }
  return keys;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Finding {
  readonly where: string;
  readonly text: string;
}

/** Visible text written into JSX, and the literal keys passed to `t(…)`. */
function scan(fileName: string, text: string): { hardCoded: Finding[]; keys: Finding[] } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const hardCoded: Finding[] = [];
  const keys: Finding[] = [];
  const where = (node: ts.Node): string => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return `${fileName}:${line + 1}`;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) {
      hardCoded.push({ where: where(node), text: node.text.trim() });
    }
    if (ts.isJsxAttribute(node) && textAttributes.has(node.name.getText(source))) {
      const value = node.initializer;
      const literal =
        value === undefined
          ? undefined
          : ts.isStringLiteral(value)
            ? value
            : ts.isJsxExpression(value) && value.expression && ts.isStringLiteralLike(value.expression)
              ? value.expression
              : undefined;
      if (literal && /\p{L}/u.test(literal.text)) hardCoded.push({ where: where(node), text: literal.text });
    }
    if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteralLike(node.expression)) {
      if (/\p{L}/u.test(node.expression.text) && !ts.isJsxAttribute(node.parent)) {
        hardCoded.push({ where: where(node), text: node.expression.text });
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : '';
      const [first] = node.arguments;
      if (name === 't' && first !== undefined && ts.isStringLiteralLike(first)) {
        keys.push({ where: where(node), text: first.text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { hardCoded, keys };
}

const catalogueFiles = readdirSync(localesDir).filter((name) => name.endsWith('.json'));
const catalogues = new Map(
  catalogueFiles.map((name) => [
    name.replace(/\.json$/, ''),
    flatten(JSON.parse(readFileSync(join(localesDir, name), 'utf8')) as Record<string, unknown>),
  ]),
);

// languages.ts marks each language complete or partial; a partial catalogue falls back to English.
const registry = readFileSync(join(sourceDir, 'i18n', 'languages.ts'), 'utf8');
const complete = (code: string): boolean => new RegExp(`code: '${code}'[^}]*complete: true`).test(registry);

describe('message catalogues', () => {
  it('has an English and an Arabic catalogue, each registered in languages.ts', () => {
    expect([...catalogues.keys()].sort()).toEqual(expect.arrayContaining(['ar', 'en']));
    for (const code of catalogues.keys()) expect(registry).toContain(`import('../locales/${code}.json')`);
  });

  // languages.ts marks each language complete or partial; a partial catalogue falls back to English.
  const registry = readFileSync(join(sourceDir, 'i18n', 'languages.ts'), 'utf8');
  const complete = (code: string): boolean => new RegExp(`code: '${code}'[^}]*complete: true`).test(registry);

  it('marks English and Arabic complete, and Turkish, Urdu and Indonesian as partial catalogues', () => {
    expect(complete('en')).toBe(true);
    expect(complete('ar')).toBe(true);
    for (const code of ['tr', 'ur', 'id']) {
      expect(catalogues.has(code), `${code}.json`).toBe(true);
      expect(complete(code), code).toBe(false);
    }
  });

  it('gives every complete catalogue the same keys as English, a partial one only keys English has, none empty', () => {
    const english = catalogues.get('en') ?? new Map<string, string>();
    for (const [code, catalogue] of catalogues) {
      if (complete(code)) {
        expect([...catalogue.keys()].sort(), `keys of ${code}.json`).toEqual([...english.keys()].sort());
      } else {
        expect(
          [...catalogue.keys()].filter((key) => !english.has(key)),
          `keys of ${code}.json that English lacks`,
        ).toEqual([]);
      }
      const empty = [...catalogue].filter(([, text]) => text.trim() === '').map(([key]) => key);
      expect(empty, `empty texts in ${code}.json`).toEqual([]);
      for (const [key, text] of catalogue) {
        const variables = (value: string) =>
          [...value.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1]).sort();
        expect(variables(text), `variables of ${code}:${key}`).toEqual(variables(english.get(key) ?? ''));
      }
    }
  });

  it('writes Arabic in Arabic script', () => {
    const arabic = catalogues.get('ar') ?? new Map<string, string>();
    const notArabic = [...arabic].filter(([, text]) => !/\p{Script=Arabic}/u.test(text)).map(([key]) => key);
    expect(notArabic).toEqual([]);
  });
});

describe('web sources', () => {
  const files = sourceFiles(sourceDir).map((path) => ({
    name: relative(webRoot, path),
    ...scan(relative(webRoot, path), readFileSync(path, 'utf8')),
  }));

  it('finds hard-coded words and keys when there are some (the scanner itself works)', () => {
    const sample = scan(
      'sample.tsx',
      `const a = <p title="Hello">Hard-coded {'also'} {t('real.key')}</p>; const b = <i aria-label={t('x.y')}>{1}</i>;`,
    );
    expect(sample.hardCoded.map((finding) => finding.text)).toEqual(['Hello', 'Hard-coded', 'also']);
    expect(sample.keys.map((finding) => finding.text)).toEqual(['real.key', 'x.y']);
  });

  it('has no hard-coded words in components', () => {
    expect(files.flatMap((file) => file.hardCoded)).toEqual([]);
  });

  it('uses only keys that the catalogues have', () => {
    const keys = files.flatMap((file) => file.keys);
    expect(keys.length).toBeGreaterThan(10);
    for (const [code, catalogue] of [...catalogues].filter(([code]) => complete(code))) {
      const missing = keys.filter((key) => !catalogue.has(key.text));
      expect(missing, `keys missing from ${code}.json`).toEqual([]);
    }
  });

  it('has the keys that the components build from API values', () => {
    const built = [
      ...overviewFixture.figures.map((figure) => `figure.${figure.key}`),
      ...['pledged', 'received', 'allocated', 'disbursed', 'spent'].map((key) => `figure.${key}`),
      ...['open', 'closed', 'restricted', 'unknown'].map((status) => `crossingStatus.${status}`),
      ...['network', 'http', 'invalid'].map((kind) => `error.${kind}`),
      ...['auto', 'latn', 'arab', 'arabext'].map((choice) => `settings.digitsChoice.${choice}`),
      ...['gregory', 'islamic-umalqura'].map((choice) => `settings.calendarChoice.${choice}`),
      ...['policy-change', 'member-change', 'project-approval', 'allocation', 'tranche-release'].map(
        (type) => `decisionType.${type}`,
      ),
      ...['open', 'executed', 'expired'].map((status) => `proposalStatus.${status}`),
      ...['approval', 'objection'].map((kind) => `signatureKind.${kind}`),
      ...['approved', 'objected', 'not-signed'].map((status) => `signatoryStatus.${status}`),
      ...[
        'secretariat',
        'member-state',
        'palestinian-governance',
        'observer',
        'implementing-partner',
        'donor',
      ].map((kind) => `orgKind.${kind}`),
      ...['active', 'revoked'].map((status) => `keyStatus.${status}`),
      ...['open', 'paid', 'cancelled'].map((status) => `pledgeStatus.${status}`),
      ...[
        'housing',
        'education',
        'health',
        'water-sanitation',
        'energy',
        'roads-infrastructure',
        'livelihoods',
        'rubble-removal',
      ].map((sector) => `sector.${sector}`),
      ...['decision', 'org', 'donor'].map((key) => `entry.related.${key}`),
      ...['orgs', 'governorates', 'crossings', 'proposals', 'fund-pledges', 'fund-journal'].map(
        (list) => `data.lists.${list}`,
      ),
      ...['csv', 'hxl', 'json'].map((format) => `downloads.${format}`),
    ];
    for (const [code, catalogue] of [...catalogues].filter(([code]) => complete(code))) {
      expect(
        built.filter((key) => !catalogue.has(key)),
        `keys missing from ${code}.json`,
      ).toEqual([]);
    }
  });
});
