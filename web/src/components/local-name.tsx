import type { ReactNode } from 'react';
import { pickName, type LocalisedName } from '../api/places';
import { useSettings } from '../settings/settings-context';

/** A name from the API in the reader's language, marked with its own language when it falls back. */
export function LocalName({ name, fallback }: { name: LocalisedName; fallback: string }): ReactNode {
  const { settings } = useSettings();
  const picked = pickName(name, settings.language, fallback);
  return <span lang={picked.lang === settings.language ? undefined : picked.lang}>{picked.text}</span>;
}
