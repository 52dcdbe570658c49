// The languages the interface speaks. Adding one is a catalogue in ../locales and one line below.

/** A Unicode numbering system (`-u-nu-…`) that the interface can show digits in. */
export type NumberingSystem = 'latn' | 'arab' | 'arabext';

export type Catalogue = { readonly [key: string]: string | Catalogue };

export interface LanguageDefinition {
  /** BCP 47 language code, also the `?lang=` value and the catalogue's file name. */
  readonly code: string;
  readonly dir: 'ltr' | 'rtl';
  /** Digits shown when the reader has not chosen any. */
  readonly digits: NumberingSystem;
  /**
   * A complete catalogue has every key of English (test/browser/i18n-catalogues.test.ts); a partial
   * one may leave keys out, and those are shown in English (its catalogue is then loaded too).
   */
  readonly complete: boolean;
  /** Loads the catalogue on demand, so a visit downloads only the language it shows. */
  readonly load: () => Promise<{ default: Catalogue }>;
}

export const languages = [
  { code: 'en', dir: 'ltr', digits: 'latn', complete: true, load: () => import('../locales/en.json') },
  { code: 'ar', dir: 'rtl', digits: 'arab', complete: true, load: () => import('../locales/ar.json') },
  { code: 'tr', dir: 'ltr', digits: 'latn', complete: false, load: () => import('../locales/tr.json') },
  { code: 'ur', dir: 'rtl', digits: 'latn', complete: false, load: () => import('../locales/ur.json') },
  { code: 'id', dir: 'ltr', digits: 'latn', complete: false, load: () => import('../locales/id.json') },
] as const satisfies readonly LanguageDefinition[];

export type LanguageCode = (typeof languages)[number]['code'];

export const defaultLanguage: LanguageCode = 'en';

export function isLanguageCode(value: unknown): value is LanguageCode {
  return languages.some((language) => language.code === value);
}

export function findLanguage(code: LanguageCode): LanguageDefinition {
  return languages.find((language) => language.code === code) ?? languages[0];
}

/** The language's own name for itself ("English", "العربية"), from the browser's CLDR data. */
export function endonym(code: LanguageCode): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
