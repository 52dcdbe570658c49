import {
  defaultLanguage,
  findLanguage,
  isLanguageCode,
  type LanguageCode,
  type NumberingSystem,
} from '../i18n/languages';

/** `'auto'` shows the digits usual for the language: Arabic-Indic for Arabic, Latin for English. */
export type DigitsChoice = 'auto' | NumberingSystem;

/** The reader's display preferences, kept in localStorage under {@link settingsStorageKey}. */
export interface Settings {
  readonly language: LanguageCode;
  readonly digits: DigitsChoice;
}

export const settingsStorageKey = 'amanah.settings';

const digitsChoices: readonly DigitsChoice[] = ['auto', 'latn', 'arab', 'arabext'];

function isDigitsChoice(value: unknown): value is DigitsChoice {
  return digitsChoices.includes(value as DigitsChoice);
}

function readStored(storage: Storage | undefined): Partial<Settings> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(settingsStorageKey) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { language, digits } = parsed as Record<string, unknown>;
    return {
      ...(isLanguageCode(language) ? { language } : {}),
      ...(isDigitsChoice(digits) ? { digits } : {}),
    };
  } catch {
    return {};
  }
}

function preferredLanguage(preferences: readonly string[]): LanguageCode | undefined {
  for (const tag of preferences) {
    const code = tag.toLowerCase().split('-')[0];
    if (isLanguageCode(code)) return code;
  }
  return undefined;
}

/** The storage, or undefined where the browser refuses it (private modes, sandboxed frames). */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Works out the settings for this visit: `?lang=` in the URL first, then the stored choice,
 * then the browser's preferred languages, then English.
 */
export function loadSettings(
  url: URL,
  storage: Storage | undefined,
  browserLanguages: readonly string[],
): Settings {
  const stored = readStored(storage);
  const fromUrl = url.searchParams.get('lang');
  return {
    language: isLanguageCode(fromUrl)
      ? fromUrl
      : (stored.language ?? preferredLanguage(browserLanguages) ?? defaultLanguage),
    digits: stored.digits ?? 'auto',
  };
}

export function saveSettings(settings: Settings, storage: Storage | undefined): void {
  try {
    storage?.setItem(settingsStorageKey, JSON.stringify(settings));
  } catch {
    // A full or refused storage only costs the reader the remembered choice.
  }
}

/** The locale numbers and dates are formatted with, e.g. `ar-u-nu-arab` or `en-u-nu-latn`. */
export function numberLocale(settings: Settings): string {
  const language = findLanguage(settings.language);
  const digits = settings.digits === 'auto' ? language.digits : settings.digits;
  return `${language.code}-u-nu-${digits}`;
}
