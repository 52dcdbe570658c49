import type { ReactNode } from 'react';
import { minorUnitsOf } from '../format/minor-units';
import { MoneyValue } from './money-value';

/** An amount in minor units with its ISO 4217 currency, exact. */
export function AmountValue({ value, currency }: { value: string; currency: string }): ReactNode {
  return (
    <data value={value} className="amount">
      <MoneyValue minor={value} currency={currency} minorUnits={minorUnitsOf(currency)} />
    </data>
  );
}
