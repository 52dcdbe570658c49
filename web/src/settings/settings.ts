import {
  defaultLanguage,
  findLanguage,
  isLanguageCode,
  type LanguageCode,
  type NumberingSystem,
} from '../i18n/languages';

/** `'auto'` shows the digits usual for the language: Arabic-Indic for Arabic, Latin for English. */
export type DigitsChoice = 'auto' | NumberingSystem;

/** The calendar dates are shown in: Gregorian, or the Hijri (Umm al-Qura) calendar. */
export type CalendarChoice = 'gregory' | 'islamic-umalqura';

/** The reader's display preferences, kept in localStorage under {@link settingsStorageKey}. */
export interface Settings {
  readonly language: LanguageCode;
  readonly digits: DigitsChoice;
  readonly calendar: CalendarChoice;
}

export const settingsStorageKey = 'amanah.settings';

export const digitsChoices: readonly DigitsChoice[] = ['auto', 'latn', 'arab', 'arabext'];

export const calendarChoices: readonly CalendarChoice[] = ['gregory', 'islamic-umalqura'];

export function isDigitsChoice(value: unknown): value is DigitsChoice {
  return digitsChoices.includes(value as DigitsChoice);
}

export function isCalendarChoice(value: unknown): value is CalendarChoice {
  return calendarChoices.includes(value as CalendarChoice);
}

function readStored(storage: Storage | undefined): Partial<Settings> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(settingsStorageKey) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { language, digits, calendar } = parsed as Record<string, unknown>;
    return {
      ...(isLanguageCode(language) ? { language } : {}),
      ...(isDigitsChoice(digits) ? { digits } : {}),
      ...(isCalendarChoice(calendar) ? { calendar } : {}),
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
    calendar: stored.calendar ?? 'gregory',
  };
}

export function saveSettings(settings: Settings, storage: Storage | undefined): void {
  try {
    storage?.setItem(settingsStorageKey, JSON.stringify(settings));
  } catch {
    // A full or refused storage only costs the reader the remembered choice.
  }
}

/** The locale numbers are formatted with, e.g. `ar-u-nu-arab` or `en-u-nu-latn`. */
export function numberLocale(settings: Pick<Settings, 'language' | 'digits'>): string {
  const language = findLanguage(settings.language);
  const digits = settings.digits === 'auto' ? language.digits : settings.digits;
  return `${language.code}-u-nu-${digits}`;
}

/** The locale dates are formatted with, e.g. `ar-u-ca-islamic-umalqura-nu-arab` or `en-u-ca-gregory-nu-latn`. */
export function dateLocale(settings: Settings): string {
  const language = findLanguage(settings.language);
  const digits = settings.digits === 'auto' ? language.digits : settings.digits;
  return `${language.code}-u-ca-${settings.calendar}-nu-${digits}`;
}
