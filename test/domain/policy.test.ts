import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeRule,
  policySchema,
  ruleFor,
  ruleMet,
  type Rule,
} from '../../src/domain/governance/policy.js';
import { ORG_KINDS, type OrgKind } from '../../src/domain/governance/events.js';

const FOUR_AND_PALESTINIAN: Rule = {
  all: [
    { atLeast: 4, ofKind: 'member-state' },
    { atLeast: 1, ofKind: 'palestinian-governance' },
  ],
};
const members = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ org: `state-${i}`, kind: 'member-state' as OrgKind }));
const palestinian = { org: 'pal', kind: 'palestinian-governance' as OrgKind };

const approvals = fc.array(
  fc.record({
    org: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
    kind: fc.constantFrom(...ORG_KINDS),
  }),
  { maxLength: 20 },
);
const rule: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ atLeast: fc.integer({ min: 1, max: 5 }), ofKind: fc.constantFrom(...ORG_KINDS) }),
    fc.record({ all: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }) }),
  ),
})).rule;

describe('approval rules', () => {
  it('needs 4 member states and the Palestinian governance body together', () => {
    expect(ruleMet(FOUR_AND_PALESTINIAN, members(3))).toBe(false);
    expect(ruleMet(FOUR_AND_PALESTINIAN, [...members(3), palestinian])).toBe(false);
    expect(ruleMet(FOUR_AND_PALESTINIAN, members(7))).toBe(false);
    expect(ruleMet(FOUR_AND_PALESTINIAN, [...members(4), palestinian])).toBe(true);
    expect(describeRule(FOUR_AND_PALESTINIAN)).toBe(
      'at least 4 member states and at least 1 Palestinian governance body',
    );
  });

  it('counts each organisation once, however many of its keys signed', () => {
    const same = Array.from({ length: 9 }, () => ({ org: 'qatar', kind: 'member-state' as OrgKind }));
    expect(ruleMet({ atLeast: 2, ofKind: 'member-state' }, same)).toBe(false);
  });

  it('is monotonic: more approvals never undo a met rule, and order does not matter', () => {
    fc.assert(
      fc.property(rule, approvals, approvals, (r, a, b) => {
        if (ruleMet(r, a)) expect(ruleMet(r, [...a, ...b])).toBe(true);
        expect(ruleMet(r, [...a].reverse())).toBe(ruleMet(r, a));
      }),
    );
  });

  it('picks the tier by amount, and refuses badly ordered tiers', () => {
    const policy = policySchema.parse({
      currency: 'USD',
      proposalTtlHours: 24,
      rules: {
        'policy-change': [{ rule: FOUR_AND_PALESTINIAN }],
        'member-change': [{ rule: FOUR_AND_PALESTINIAN }],
        'project-approval': [
          { upTo: '100000000', rule: { atLeast: 2, ofKind: 'member-state' } },
          { rule: FOUR_AND_PALESTINIAN },
        ],
        allocation: [{ rule: FOUR_AND_PALESTINIAN }],
        'tranche-release': [{ rule: FOUR_AND_PALESTINIAN }],
      },
    });
    expect(ruleFor(policy, 'project-approval', 100_000_000n)).toEqual({ atLeast: 2, ofKind: 'member-state' });
    expect(ruleFor(policy, 'project-approval', 100_000_001n)).toEqual(FOUR_AND_PALESTINIAN);
    const bad = policySchema.safeParse({
      ...policy,
      rules: {
        ...policy.rules,
        allocation: [
          { upTo: '5', rule: FOUR_AND_PALESTINIAN },
          { upTo: '3', rule: FOUR_AND_PALESTINIAN },
        ],
      },
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues.map((i) => i.message))).toMatch(/bounds must increase|last tier/);
  });
});
