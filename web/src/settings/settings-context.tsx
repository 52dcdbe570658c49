import {
  createContext,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { applyDocumentLanguage } from '../i18n/apply-document-language';
import { browserStorage, saveSettings, type Settings } from './settings';

interface SettingsValue {
  readonly settings: Settings;
  /** Applies a change once its catalogue is loaded, so text and direction switch together. */
  readonly update: (change: Partial<Settings>) => Promise<void>;
}

const SettingsContext = createContext<SettingsValue | undefined>(undefined);

export function SettingsProvider({
  initial,
  children,
}: {
  initial: Settings;
  children: ReactNode;
}): ReactNode {
  const { i18n, t } = useTranslation();
  const [settings, setSettings] = useState(initial);

  const update = useCallback(
    async (change: Partial<Settings>): Promise<void> => {
      const next = { ...settings, ...change };
      if (next.language !== i18n.language) await i18n.changeLanguage(next.language);
      setSettings(next);
      saveSettings(next, browserStorage());
      // Keep a shared `?lang=` link consistent with what the reader now sees.
      const url = new URL(window.location.href);
      if (url.searchParams.has('lang')) {
        url.searchParams.set('lang', next.language);
        window.history.replaceState(window.history.state, '', url);
      }
    },
    [settings, i18n],
  );

  useLayoutEffect(() => {
    applyDocumentLanguage(settings.language, t('app.title'));
  }, [settings.language, t]);

  const value = useMemo(() => ({ settings, update }), [settings, update]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsValue {
  const value = useContext(SettingsContext);
  if (value === undefined) throw new Error('useSettings needs a SettingsProvider');
  return value;
}
