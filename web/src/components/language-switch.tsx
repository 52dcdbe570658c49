import type { ReactNode } from 'react';
import { endonym, languages } from '../i18n/languages';
import { useSettings } from '../settings/settings-context';

/** One button per language, each named in its own language and script. */
export function LanguageSwitch(): ReactNode {
  const { settings, update } = useSettings();
  return (
    <ul className="language-switch">
      {languages.map((language) => (
        <li key={language.code}>
          <button
            type="button"
            lang={language.code}
            dir={language.dir}
            aria-pressed={language.code === settings.language}
            onClick={() => void update({ language: language.code })}
          >
            {endonym(language.code)}
          </button>
        </li>
      ))}
    </ul>
  );
}
