import { Fragment, type ReactNode } from 'react';
import { useFormatters } from '../format/use-formatters';

/**
 * An exact amount of money. The currency symbol sits in a <bdi>, so that a Latin symbol such as
 * "US$" keeps its own order inside Arabic text instead of being turned into "$US". A long amount may
 * wrap after a group separator, never inside a group.
 */
export function MoneyValue({
  minor,
  currency,
  minorUnits,
}: {
  minor: string;
  currency: string;
  minorUnits: number;
}): ReactNode {
  const format = useFormatters();
  return format.moneyParts(minor, currency, minorUnits).map((part, index) =>
    part.type === 'currency' ? (
      <bdi key={index}>{part.value}</bdi>
    ) : (
      <Fragment key={index}>
        {part.value}
        {part.type === 'group' && <wbr />}
      </Fragment>
    ),
  );
}
