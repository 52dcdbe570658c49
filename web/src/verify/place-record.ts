import type { Crossing, Governorate } from '../api/places';
import type { ExpectedRecord } from './verify-record';

export type PlaceKind = 'governorate' | 'crossing';

/**
 * What the log entry behind a listed place must record: the place's registration, with the code and
 * the names the page shows. (A crossing's status is left out: it may change after registration.)
 */
export function placeRecord(kind: PlaceKind, place: Governorate | Crossing): ExpectedRecord {
  return { type: `${kind}.registered`, payload: { code: place.code, name: place.name } };
}
