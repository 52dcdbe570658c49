import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { isAmanahError } from '../../src/domain/errors.js';
import {
  decideMilestoneVerified,
  decideContractSigned,
  type ProjectState,
} from '../../src/domain/projects/decide.js';
import { reconcileMaterials, type MaterialQuantity } from '../../src/domain/projects/materials.js';
import { decideTranchePayment } from '../../src/domain/projects/tranche-payment.js';
import { lossOf } from '../../src/store/project-repository.js';
import { projectLocation } from '../../src/domain/projects/events.js';

const project: ProjectState = {
  partner: 'mopwh',
  status: 'approved',
  version: 1,
  currency: 'USD',
  budget: 25_000n,
  allocationId: 'alloc-a',
  plannedStart: '2026-12-01',
  plannedEnd: '2027-06-30',
};
const verification = {
  v: 1 as const,
  type: 'milestone.verified',
  sv: 1,
  id: 'evt-0000000000000001',
  time: '2026-11-25T09:00:00.000Z',
  actor: 'a'.repeat(32),
  sig: 'x'.repeat(86),
  payload: {
    verificationId: 'ver-1',
    projectId: 'p1',
    milestoneId: 'm1',
    finding: 'confirmed' as const,
    position: { lat: 31.3, lon: 34.3 },
    observedAt: '2026-11-25T08:00:00.000Z',
    statement: 'Seen',
    photos: [{ sha256: 'c'.repeat(64), mediaType: 'image/jpeg' as const, bytes: 10 }],
  },
};
const state = {
  exists: false,
  project,
  milestone: { status: 'reported' as const, tranche: 10_000n, currency: 'USD' as const },
};

const codeOf = (f: () => void): string => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (isAmanahError(e)) return e.code;
    throw e;
  }
};

describe('milestone verification rules', () => {
  it("refuses a monitor who acts for the project's own partner", () => {
    const own: Actor = { keyId: 'k1', org: 'mopwh', roles: ['field-monitor'] };
    const independent: Actor = { keyId: 'k2', org: 'secretariat', roles: ['field-monitor'] };
    expect(codeOf(() => decideMilestoneVerified(verification, own, state))).toBe('MONITOR_NOT_INDEPENDENT');
    expect(codeOf(() => decideMilestoneVerified(verification, independent, state))).toBe('accepted');
    expect(
      codeOf(() =>
        decideMilestoneVerified(verification, independent, {
          ...state,
          milestone: { ...state.milestone, status: 'planned' },
        }),
      ),
    ).toBe('PROJECT_STATE_INVALID');
  });
});

describe('the contract budget rule', () => {
  it('accepts a contract exactly when it fits in what is not yet contracted', () => {
    const partner: Actor = { keyId: 'k', org: 'mopwh', roles: ['partner'] };
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 50_000n }),
        fc.bigInt({ min: 1n, max: 50_000n }),
        (contracted, value) => {
          const e = {
            ...verification,
            type: 'contract.signed',
            payload: {
              contractId: 'c',
              awardId: 'a',
              value: { value: String(value), currency: 'USD' as const },
              date: '2026-11-20',
              period: { start: '2026-12-01', end: '2027-01-01' },
            },
          };
          const code = codeOf(() =>
            decideContractSigned(e, partner, {
              exists: false,
              award: { contracted: false },
              budget: { partner: 'mopwh', currency: 'USD', budget: 50_000n, contracted },
            }),
          );
          expect(code).toBe(contracted + value <= 50_000n ? 'accepted' : 'CONTRACT_OVER_BUDGET');
        },
      ),
    );
  });
});

describe('materials reconciliation', () => {
  const cement = (q: bigint): MaterialQuantity => ({
    item: 'Cement',
    category: 'construction',
    unit: 'tonne',
    quantity: q,
  });
  const steel = (q: bigint): MaterialQuantity => ({
    item: 'Steel bar',
    category: 'construction',
    unit: 'tonne',
    quantity: q,
  });

  it('flags nothing when every stage carries the quantities over, stock in the warehouse included', () => {
    expect(
      reconcileMaterials({
        receiptId: 'r',
        consignmentId: 'c',
        entered: [cement(40n)],
        warehoused: [cement(40n)],
        delivered: [cement(25n)],
      }),
    ).toEqual([]);
  });

  it('flags a shortfall at the warehouse, an excess at the site, and items the consignment did not carry', () => {
    const flags = reconcileMaterials({
      receiptId: 'r',
      consignmentId: 'c',
      entered: [cement(40n)],
      warehoused: [cement(36n), steel(2n)],
      delivered: [cement(20n), cement(20n)],
    });
    expect(flags.map((f) => [f.kind, f.item, f.expected, f.recorded])).toEqual([
      ['short-at-warehouse', 'Cement', '40', '36'],
      ['not-in-consignment', 'Steel bar', '0', '2'],
      ['excess-at-site', 'Cement', '36', '40'],
    ]);
    expect(flags[0]!.message.en).toContain('the warehouse received 36: 4 tonne unaccounted for');
    expect(flags[0]!.message.ar).toContain('احتمال تحويل');
  });

  it('reconciles warehouse to site alone when the consignment is not known', () => {
    const flags = reconcileMaterials({
      receiptId: 'r',
      consignmentId: null,
      entered: undefined,
      warehoused: [cement(10n)],
      delivered: [cement(11n)],
    });
    expect(flags.map((f) => f.kind)).toEqual(['excess-at-site']);
  });
});

describe('value lost to damage', () => {
  it('is all that remains when destroyed, the estimate (capped) when damaged', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.option(fc.bigInt({ min: 1n, max: 10n ** 12n }), { nil: undefined }),
        (remaining, estimate) => {
          expect(lossOf('destroyed', estimate, remaining)).toBe(remaining);
          const l = lossOf('damaged', estimate, remaining);
          expect(l).toBe(estimate === undefined ? 0n : estimate < remaining ? estimate : remaining);
          expect(l <= remaining).toBe(true);
        },
      ),
    );
  });
});

describe('the payment of a tranche', () => {
  const disbursement = (value: bigint, partner = 'mopwh', allocationId = 'alloc-a') => ({
    ...verification,
    type: 'disbursement.made',
    payload: {
      disbursementId: 'disb-1',
      allocationId,
      partner,
      amount: { value: String(value), currency: 'USD' as const },
      date: '2026-11-25',
    },
  });
  const release = {
    projectId: 'p1',
    milestoneId: 'm1',
    partner: 'mopwh',
    allocationId: 'alloc-a',
    currency: 'USD' as const,
    amount: 10_000n,
  };

  it('accepts exactly the released tranche that names the disbursement, and refuses every other amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }), (value) => {
        const code = codeOf(() =>
          decideTranchePayment(disbursement(value), { release, fundedProjects: ['p1'] }),
        );
        expect(code).toBe(value === release.amount ? 'accepted' : 'AMOUNT_MISMATCH');
      }),
    );
    for (const [partner, allocation] of [
      ['moh', 'alloc-a'],
      ['mopwh', 'alloc-b'],
    ]) {
      expect(
        codeOf(() =>
          decideTranchePayment(disbursement(10_000n, partner, allocation), { release, fundedProjects: [] }),
        ),
      ).toBe('AMOUNT_MISMATCH');
    }
  });

  it("refuses money to a project's partner from its allocation without a release; other payments are the fund's", () => {
    expect(
      codeOf(() =>
        decideTranchePayment(disbursement(10_000n), { release: undefined, fundedProjects: ['p1'] }),
      ),
    ).toBe('TRANCHE_NOT_RELEASED');
    expect(
      codeOf(() => decideTranchePayment(disbursement(10_000n), { release: undefined, fundedProjects: [] })),
    ).toBe('accepted');
  });
});

describe('project locations', () => {
  it('refuses a polygon ring that is empty, too short or open, with a reason rather than a crash', () => {
    const reasons = (ring: unknown) => {
      const r = projectLocation.safeParse({ type: 'polygon', ring });
      expect(r.success).toBe(false);
      return r.error!.issues.map((i) => i.message).join('; ');
    };
    expect(reasons([])).toMatch(/4/);
    expect(reasons([[34.4, 31.5]])).toMatch(/4/);
    expect(
      reasons([
        [34.4, 31.5],
        [34.5, 31.5],
        [34.5, 31.6],
        [34.4, 31.6],
      ]),
    ).toMatch(/closed/);
    const closed = [
      [34.4, 31.5],
      [34.5, 31.5],
      [34.5, 31.6],
      [34.4, 31.5],
    ];
    expect(projectLocation.safeParse({ type: 'polygon', ring: closed }).success).toBe(true);
  });
});
