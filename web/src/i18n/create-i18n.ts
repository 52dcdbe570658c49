import { createInstance, type BackendModule, type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, findLanguage, isLanguageCode, languages, type LanguageCode } from './languages';

// Reads a catalogue through its dynamic import: Vite turns each into its own small chunk.
const catalogueBackend: BackendModule = {
  type: 'backend',
  callbackApi: false,
  init() {},
  read: async (language: string) => {
    if (!isLanguageCode(language)) throw new Error(`No catalogue for language "${language}"`);
    return (await findLanguage(language).load()).default;
  },
};

/**
 * Creates the interface's i18next instance with `language` loaded.
 *
 * A complete language (English, Arabic) has no fallback: a visit loads its one catalogue, and the
 * catalogue test (test/browser/i18n-catalogues.test.ts) keeps it complete. A partial one (Turkish,
 * Urdu, Indonesian for now) falls back to English for the keys it does not have yet.
 */
export async function createI18n(language: LanguageCode): Promise<I18n> {
  const i18n = createInstance();
  await i18n
    .use(catalogueBackend)
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: (code) => (isLanguageCode(code) && !findLanguage(code).complete ? [defaultLanguage] : []),
      supportedLngs: languages.map((definition) => definition.code),
      load: 'languageOnly',
      ns: ['translation'],
      defaultNS: 'translation',
      // Figure keys come from the API; a ':' in one must not be read as a namespace.
      nsSeparator: false,
      interpolation: { escapeValue: false }, // React escapes what it renders.
      react: { useSuspense: false },
    });
  return i18n;
}
