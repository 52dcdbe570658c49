import { useMemo } from 'react';
import { dateLocale, numberLocale } from '../settings/settings';
import { useSettings } from '../settings/settings-context';
import { formatCount } from './format-count';
import { formatMoney, formatMoneyToParts } from './format-money';

export interface Formatters {
  readonly count: (value: number | string) => string;
  readonly money: (minor: string, currency: string, minorUnits: number) => string;
  readonly moneyParts: (minor: string, currency: string, minorUnits: number) => Intl.NumberFormatPart[];
  /** A UTC instant from the API, shown in the reader's time zone and calendar. */
  readonly dateTime: (iso: string) => string;
  /** A number for a chart's axis: short (`1.5M`, `١٫٥ مليون`), not exact. */
  readonly compact: (value: number) => string;
  /** A calendar date from the API (`YYYY-MM-DD`), in the reader's calendar. */
  readonly date: (isoDate: string) => string;
  /** The same date, short (for chart axes). */
  readonly shortDate: (isoDate: string) => string;
}

/** `YYYY-MM-DD` as noon UTC: the same calendar day in every time zone the formatter might use. */
function calendarDay(isoDate: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return undefined;
  const day = new Date(`${isoDate}T12:00:00Z`);
  return Number.isNaN(day.getTime()) ? undefined : day;
}

/** Number and date formatting for the reader's language, digits and calendar choice. */
export function useFormatters(): Formatters {
  const { settings } = useSettings();
  const locale = numberLocale(settings);
  const dates = dateLocale(settings);
  return useMemo(() => {
    const dayFormat = new Intl.DateTimeFormat(dates, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    });
    const shortDayFormat = new Intl.DateTimeFormat(dates, {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
    const dateTimeFormat = new Intl.DateTimeFormat(dates, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    const compactFormat = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    return {
      count: (value) => formatCount(value, locale),
      compact: (value) => compactFormat.format(value),
      money: (minor, currency, minorUnits) => formatMoney(minor, currency, minorUnits, locale),
      moneyParts: (minor, currency, minorUnits) => formatMoneyToParts(minor, currency, minorUnits, locale),
      dateTime: (iso) => {
        const instant = new Date(iso);
        return Number.isNaN(instant.getTime()) ? iso : dateTimeFormat.format(instant);
      },
      date: (isoDate) => {
        const day = calendarDay(isoDate);
        return day === undefined ? isoDate : dayFormat.format(day);
      },
      shortDate: (isoDate) => {
        const day = calendarDay(isoDate);
        return day === undefined ? isoDate : shortDayFormat.format(day);
      },
    };
  }, [locale, dates]);
}
