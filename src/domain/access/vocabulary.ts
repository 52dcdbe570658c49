/*
 * The words of the access area, as plain constants: the schemas (events.ts) are built from them, and
 * the code that only reads or writes line lists uses them without loading the schema library.
 */

/** What a manifest line is, for the metrics by category. */
export const ITEM_CATEGORIES = [
  'food',
  'medical',
  'shelter',
  'water-sanitation',
  'fuel',
  'construction-material',
  'mixed',
  'other',
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/**
 * The stages a consignment passes after it is requested, in order. `denied`, `returned`,
 * `intercepted` and `looted` end its journey; `delivered` may repeat (partial deliveries).
 */
export const STAGES = [
  'cleared',
  'denied',
  'arrived',
  'inspected',
  'returned',
  'entered',
  'collected',
  'delivered',
  'intercepted',
  'looted',
] as const;
export type Stage = (typeof STAGES)[number];

/** The columns of a row of `consignments.imported`, in their order (events.ts, `importedRow`). */
export const IMPORTED_ROW_COLUMNS = [
  'row',
  'consignmentId',
  'crossing',
  'requestedAt',
  'trucks',
  'donor',
  'sender',
  'item',
  'category',
  'quantity',
  'unit',
  'weightKg',
  'stages',
] as const;
