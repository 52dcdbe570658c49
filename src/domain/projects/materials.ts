/*
 * Construction materials followed from the crossing to the site: the consignment that brought them in
 * (access area), the warehouse receipt, and the deliveries to the project site. Quantities must carry
 * over from one stage to the next; where they do not, the chain is flagged as a possible diversion.
 * Flags are findings for people to look into, not refusals: the record keeps what each party reported.
 */

export interface MaterialQuantity {
  item: string;
  category: string;
  unit: string;
  quantity: bigint;
}

export type MaterialFlagKind =
  /** the warehouse received less than the consignment brought in */
  | 'short-at-warehouse'
  /** the warehouse recorded more than the consignment brought in */
  | 'excess-at-warehouse'
  /** an item in the warehouse receipt that the consignment did not carry */
  | 'not-in-consignment'
  /** more was delivered to the site than the warehouse received */
  | 'excess-at-site';

export interface MaterialFlag {
  kind: MaterialFlagKind;
  receiptId: string;
  item: string;
  unit: string;
  expected: string;
  recorded: string;
  message: { en: string; ar: string };
}

export interface ReceiptChain {
  receiptId: string;
  consignmentId: string | null;
  /** what the consignment entered, when the access area knows it; undefined when it does not */
  entered: readonly MaterialQuantity[] | undefined;
  warehoused: readonly MaterialQuantity[];
  /** the sum of the deliveries made from this receipt */
  delivered: readonly MaterialQuantity[];
}

const keyOf = (l: { item: string; unit: string }): string => `${l.item}\u0000${l.unit}`;

function sum(lines: readonly MaterialQuantity[]): Map<string, MaterialQuantity> {
  const m = new Map<string, MaterialQuantity>();
  for (const l of lines) {
    const k = keyOf(l);
    const prev = m.get(k);
    m.set(k, prev ? { ...prev, quantity: prev.quantity + l.quantity } : { ...l });
  }
  return m;
}

/**
 * Compares each stage with the one before it, item by item (same item name and unit), and returns a
 * flag for every quantity that does not carry over. A warehouse that still holds part of what it
 * received is not flagged: stock is not a loss.
 */
export function reconcileMaterials(chain: ReceiptChain): MaterialFlag[] {
  const flags: MaterialFlag[] = [];
  const wh = sum(chain.warehoused);
  const flag = (
    kind: MaterialFlagKind,
    l: { item: string; unit: string },
    expected: bigint,
    recorded: bigint,
    en: string,
    ar: string,
  ) =>
    flags.push({
      kind,
      receiptId: chain.receiptId,
      item: l.item,
      unit: l.unit,
      expected: String(expected),
      recorded: String(recorded),
      message: { en, ar },
    });
  if (chain.entered) {
    const entered = sum(chain.entered);
    for (const [k, e] of entered) {
      const w = wh.get(k)?.quantity ?? 0n;
      if (w < e.quantity) {
        flag(
          'short-at-warehouse',
          e,
          e.quantity,
          w,
          `${e.quantity} ${e.unit} of ${e.item} entered with consignment ${chain.consignmentId}; the warehouse received ${w}: ${e.quantity - w} ${e.unit} unaccounted for (possible diversion)`,
          `دخل ${e.quantity} ${e.unit} من ${e.item} مع الشحنة ${chain.consignmentId}؛ استلم المستودع ${w}: ${e.quantity - w} ${e.unit} غير محسوبة (احتمال تحويل)`,
        );
      } else if (w > e.quantity) {
        flag(
          'excess-at-warehouse',
          e,
          e.quantity,
          w,
          `the warehouse recorded ${w} ${e.unit} of ${e.item}, more than the ${e.quantity} that entered with consignment ${chain.consignmentId}`,
          `سجّل المستودع ${w} ${e.unit} من ${e.item}، أكثر من ${e.quantity} دخلت مع الشحنة ${chain.consignmentId}`,
        );
      }
    }
    for (const [k, w] of wh) {
      if (!entered.has(k)) {
        flag(
          'not-in-consignment',
          w,
          0n,
          w.quantity,
          `${w.item} (${w.unit}) is in the warehouse receipt but not in consignment ${chain.consignmentId}`,
          `${w.item} (${w.unit}) مسجّل في إيصال المستودع لكنه ليس في الشحنة ${chain.consignmentId}`,
        );
      }
    }
  }
  for (const [k, d] of sum(chain.delivered)) {
    const w = wh.get(k)?.quantity ?? 0n;
    if (d.quantity > w) {
      flag(
        'excess-at-site',
        d,
        w,
        d.quantity,
        `${d.quantity} ${d.unit} of ${d.item} were delivered to the site from receipt ${chain.receiptId}, which received only ${w}`,
        `سُلّم إلى الموقع ${d.quantity} ${d.unit} من ${d.item} من الإيصال ${chain.receiptId} الذي لم يستلم إلا ${w}`,
      );
    }
  }
  return flags;
}
