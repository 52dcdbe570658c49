import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app';
import { applyDocumentLanguage } from './i18n/apply-document-language';
import { createI18n } from './i18n/create-i18n';
import { browserStorage, loadSettings } from './settings/settings';
import { SettingsProvider } from './settings/settings-context';
import './styles.css';

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (container === null) throw new Error('index.html has no #root element');
  const settings = loadSettings(new URL(window.location.href), browserStorage(), navigator.languages);
  const i18n = await createI18n(settings.language);
  applyDocumentLanguage(settings.language, i18n.t('app.title'));
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <SettingsProvider initial={settings}>
          <App />
        </SettingsProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();
