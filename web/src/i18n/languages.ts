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
  /** Loads the catalogue on demand, so a visit downloads only the language it shows. */
  readonly load: () => Promise<{ default: Catalogue }>;
}

export const languages = [
  { code: 'en', dir: 'ltr', digits: 'latn', load: () => import('../locales/en.json') },
  { code: 'ar', dir: 'rtl', digits: 'arab', load: () => import('../locales/ar.json') },
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
