import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { pickName, type Crossing, type Governorate } from '../api/places';
import { useSettings } from '../settings/settings-context';
import { placeRecord, type PlaceKind } from '../verify/place-record';
import { RecordProof } from './record-proof';

/**
 * Governorates or crossings, named in the reader's language; crossings also show their status. Each
 * shows whether this browser verified the log entry that registered it.
 */
export function PlaceList({
  kind,
  items,
}: {
  kind: PlaceKind;
  items: readonly (Governorate | Crossing)[];
}): ReactNode {
  const { t } = useTranslation();
  const { settings } = useSettings();
  if (items.length === 0) return <p className="notice">{t('state.empty')}</p>;
  return (
    <ul className="places">
      {items.map((item) => {
        const name = pickName(item.name, settings.language, item.code);
        return (
          <li key={item.code} className="place" data-code={item.code}>
            <span className="place__name" lang={name.lang === settings.language ? undefined : name.lang}>
              {name.text}
            </span>
            <span className="place__code" dir="ltr" translate="no">
              {item.code}
            </span>
            {'status' in item && (
              <span className={`badge badge--${item.status}`} data-status={item.status}>
                {t(`crossingStatus.${item.status}`)}
              </span>
            )}
            <RecordProof logIndex={item.logIndex} expected={placeRecord(kind, item)} />
          </li>
        );
      })}
    </ul>
  );
}
