import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { calendarChoices, digitsChoices, isCalendarChoice, isDigitsChoice } from '../settings/settings';
import { useSettings } from '../settings/settings-context';

/** The reader's choice of digits and calendar, kept with the language in localStorage. */
export function DisplaySettings(): ReactNode {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  const digitsId = useId();
  const calendarId = useId();
  return (
    <details className="display-settings">
      <summary>{t('settings.heading')}</summary>
      <div className="display-settings__body">
        <label htmlFor={digitsId}>{t('settings.digits')}</label>
        <select
          id={digitsId}
          value={settings.digits}
          data-control="digits"
          onChange={(event) => {
            if (isDigitsChoice(event.target.value)) void update({ digits: event.target.value });
          }}
        >
          {digitsChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`settings.digitsChoice.${choice}`)}
            </option>
          ))}
        </select>
        <label htmlFor={calendarId}>{t('settings.calendar')}</label>
        <select
          id={calendarId}
          value={settings.calendar}
          data-control="calendar"
          onChange={(event) => {
            if (isCalendarChoice(event.target.value)) void update({ calendar: event.target.value });
          }}
        >
          {calendarChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`settings.calendarChoice.${choice}`)}
            </option>
          ))}
        </select>
      </div>
    </details>
  );
}
