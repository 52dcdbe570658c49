import { z } from 'zod';
import { ORG_KINDS, type OrgKind } from './events.js';

/** What a decision is about; each kind has its own rule in the policy. */
export const DECISION_TYPES = [
  'policy-change',
  'member-change',
  'project-approval',
  'allocation',
  'tranche-release',
] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

/**
 * A rule over who has approved: "at least N distinct organisations of a kind", combined with `all`
 * and `any`. Each organisation counts once, whichever of its keys signed.
 */
export type Rule = { atLeast: number; ofKind: OrgKind } | { all: Rule[] } | { any: Rule[] };

export const ruleSchema: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    z.strictObject({ atLeast: z.number().int().min(1).max(100), ofKind: z.enum(ORG_KINDS) }),
    z.strictObject({ all: z.array(ruleSchema).min(1).max(10) }),
    z.strictObject({ any: z.array(ruleSchema).min(1).max(10) }),
  ]),
);

/** Integer minor units as a decimal string: money is never a floating-point number. */
export const minorUnits = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,17})$/, 'an amount in integer minor units, e.g. "1250000" for 12,500.00');

/**
 * A tier applies to amounts up to `upTo` (in minor units of the policy's currency) — the last tier
 * has no bound. Decisions without an amount use the first tier.
 */
export const tierSchema = z.strictObject({ upTo: minorUnits.optional(), rule: ruleSchema });

export const policySchema = z
  .strictObject({
    /** the currency the tiers' bounds are expressed in (ISO 4217) */
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** how long a proposal stays open for signatures */
    proposalTtlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365),
    rules: z.strictObject(
      Object.fromEntries(DECISION_TYPES.map((t) => [t, z.array(tierSchema).min(1).max(10)])) as Record<
        DecisionType,
        z.ZodArray<typeof tierSchema>
      >,
    ),
  })
  .superRefine((p, ctx) => {
    for (const t of DECISION_TYPES) {
      const tiers = p.rules[t];
      tiers.forEach((tier, i) => {
        const last = i === tiers.length - 1;
        if (last !== (tier.upTo === undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', t, i, 'upTo'],
            message: last
              ? 'the last tier has no upper bound'
              : 'every tier but the last needs an upper bound',
          });
        }
        if (i > 0 && tier.upTo !== undefined && BigInt(tier.upTo) <= BigInt(tiers[i - 1]!.upTo!)) {
          ctx.addIssue({ code: 'custom', path: ['rules', t, i, 'upTo'], message: 'bounds must increase' });
        }
      });
    }
  });
export type Policy = z.infer<typeof policySchema>;

/** The rule that applies to a decision of `type` for `amount` (minor units), per the tiers. */
export function ruleFor(policy: Policy, type: DecisionType, amount: bigint | undefined): Rule {
  const tiers = policy.rules[type];
  if (amount === undefined) return tiers[0]!.rule;
  return (tiers.find((t) => t.upTo === undefined || amount <= BigInt(t.upTo)) ?? tiers[tiers.length - 1]!)
    .rule;
}

/** Whether the approvals (one per organisation, with its kind) satisfy the rule. */
export function ruleMet(rule: Rule, approvals: ReadonlyArray<{ org: string; kind: OrgKind }>): boolean {
  if ('all' in rule) return rule.all.every((r) => ruleMet(r, approvals));
  if ('any' in rule) return rule.any.some((r) => ruleMet(r, approvals));
  return new Set(approvals.filter((a) => a.kind === rule.ofKind).map((a) => a.org)).size >= rule.atLeast;
}

/** The rule in words, for people: "at least 4 member states and at least 1 Palestinian governance body". */
export function describeRule(rule: Rule): string {
  if ('all' in rule) return rule.all.map(describeRule).join(' and ');
  if ('any' in rule) return `(${rule.any.map(describeRule).join(' or ')})`;
  const [one, many] = KIND_WORDS[rule.ofKind];
  return `at least ${rule.atLeast} ${rule.atLeast === 1 ? one : many}`;
}

const KIND_WORDS: Record<OrgKind, [string, string]> = {
  secretariat: ['secretariat', 'secretariats'],
  'member-state': ['member state', 'member states'],
  'palestinian-governance': ['Palestinian governance body', 'Palestinian governance bodies'],
  observer: ['observer', 'observers'],
  'implementing-partner': ['implementing partner', 'implementing partners'],
  donor: ['donor', 'donors'],
};
