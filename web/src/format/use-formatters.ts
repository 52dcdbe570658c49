import { useMemo } from 'react';
import { numberLocale } from '../settings/settings';
import { useSettings } from '../settings/settings-context';
import { formatCount } from './format-count';
import { formatMoney, formatMoneyToParts } from './format-money';

export interface Formatters {
  readonly count: (value: number | string) => string;
  readonly money: (minor: string, currency: string, minorUnits: number) => string;
  readonly moneyParts: (minor: string, currency: string, minorUnits: number) => Intl.NumberFormatPart[];
  /** A UTC instant from the API, shown in the reader's time zone. */
  readonly dateTime: (iso: string) => string;
}

/** Number and date formatting for the reader's language and digits choice. */
export function useFormatters(): Formatters {
  const { settings } = useSettings();
  const locale = numberLocale(settings);
  return useMemo(() => {
    const dateTimeFormat = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    return {
      count: (value) => formatCount(value, locale),
      money: (minor, currency, minorUnits) => formatMoney(minor, currency, minorUnits, locale),
      moneyParts: (minor, currency, minorUnits) => formatMoneyToParts(minor, currency, minorUnits, locale),
      dateTime: (iso) => {
        const instant = new Date(iso);
        return Number.isNaN(instant.getTime()) ? iso : dateTimeFormat.format(instant);
      },
    };
  }, [locale]);
}
