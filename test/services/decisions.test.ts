import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { proposalDetail } from '../../src/services/decisions.js';
import { replay } from '../../src/services/replay.js';
import type { Store } from '../../src/store/database.js';
import { findCurrentPolicy, getProposal } from '../../src/store/decision-repository.js';
import { logSize } from '../../src/store/log-repository.js';
import { ORIGIN } from '../support/actors.js';
import { seedCouncil, STATES, TEST_POLICY, type Council } from '../support/governance.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');

describe.each(STORE_KINDS)('decisions under the approval policy on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let svc: CommandService;
  let c: Council;
  const clock = fixedClock(NOW);

  beforeEach(async () => {
    clock.set(NOW);
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: ORIGIN, clock });
    c = await seedCouncil(svc, clock);
  });
  afterEach(async () => {
    await svc.close();
    await dispose();
  });

  const propose = async (id: string, extra: Record<string, unknown> = {}) => {
    await c.send(c.states.qatar!, 'proposal.submitted', {
      proposalId: id,
      decisionType: 'allocation',
      title: { en: 'Allocation to housing in Khan Younis', ar: 'تخصيص للإسكان في خان يونس' },
      amount: { value: '2500000000', currency: 'USD' },
      ...extra,
    });
    return (await getProposal(store.db, id, clock.now())).hash;
  };
  const approve = (signer: Council['head'], id: string, hash: string) =>
    c.send(signer, 'proposal.approved', { proposalId: id, proposalHash: hash });
  const status = async (id: string) => (await getProposal(store.db, id, clock.now())).status;

  it('executes only with 4 of 7 member states AND the Palestinian co-signature', async () => {
    const hash = await propose('alloc-1');
    for (const s of STATES.slice(0, 3)) await approve(c.states[s]!, 'alloc-1', hash);
    expect(await status('alloc-1')).toBe('open'); // 3 of 7
    await approve(c.states[STATES[3]]!, 'alloc-1', hash);
    expect(await status('alloc-1')).toBe('open'); // 4 of 7, no Palestinian co-signature
    const detail = await proposalDetail(store, 'alloc-1', clock.now());
    expect(detail.rule).toEqual({
      text: 'at least 4 member states and at least 1 Palestinian governance body',
      met: false,
    });
    expect(
      detail.signatories
        .filter((s) => s.status === 'not signed')
        .map((s) => s.org)
        .sort(),
    ).toEqual(['jordan', 'pal-governance', 'qatar', 'saudi-arabia']);
    await approve(c.palestinian, 'alloc-1', hash);
    expect(await status('alloc-1')).toBe('executed');
    await expect(approve(c.states.jordan!, 'alloc-1', hash)).rejects.toMatchObject({
      code: 'PROPOSAL_CLOSED',
    });
  });

  it('counts an organisation once, and applies a resent approval once', async () => {
    const hash = await propose('alloc-2');
    const signed = c.states.egypt!.sign(
      ORIGIN,
      'proposal.approved',
      { proposalId: 'alloc-2', proposalHash: hash },
      { time: clock.now() },
    );
    const first = await svc.submit(signed);
    const again = await svc.submit(signed);
    expect(again).toEqual({ ...first, status: 'duplicate' });
    await expect(approve(c.states.egypt!, 'alloc-2', hash)).rejects.toMatchObject({ code: 'ALREADY_SIGNED' });
    await expect(approve(c.alternates.egypt!, 'alloc-2', hash)).rejects.toMatchObject({
      code: 'ALREADY_SIGNED',
    });
    const detail = await proposalDetail(store, 'alloc-2', clock.now());
    expect(detail.signatures).toHaveLength(1);
  });

  it('refuses approvals for another version, after expiry, by revoked keys and by the wrong roles', async () => {
    const hash = await propose('alloc-3');
    const before = await logSize(store.db);
    await expect(approve(c.states.turkiye!, 'alloc-3', 'f'.repeat(64))).rejects.toMatchObject({
      code: 'PROPOSAL_VERSION_MISMATCH',
    });
    await expect(approve(c.partner, 'alloc-3', hash)).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    await expect(approve(c.states.turkiye!, 'no-such-proposal', hash)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await c.send(c.head, 'key.revoked', { keyId: c.states.indonesia!.keyId, reason: 'Signatory replaced' });
    await expect(approve(c.states.indonesia!, 'alloc-3', hash)).rejects.toMatchObject({
      code: 'KEY_REVOKED',
    });
    expect(await logSize(store.db)).toBe(before + 1); // only the revocation was written
    clock.advance(TEST_POLICY.proposalTtlHours * 3_600_000 + 1000);
    await expect(approve(c.states.turkiye!, 'alloc-3', hash)).rejects.toMatchObject({
      code: 'PROPOSAL_EXPIRED',
    });
    expect(await status('alloc-3')).toBe('expired');
  });

  it('records objections with their reason, without counting them as approvals', async () => {
    const hash = await propose('alloc-4');
    await c.send(c.palestinian, 'proposal.objected', {
      proposalId: 'alloc-4',
      proposalHash: hash,
      reason: 'The needs assessment for this governorate is out of date.',
    });
    const detail = await proposalDetail(store, 'alloc-4', clock.now());
    expect(detail.signatories.find((s) => s.org === 'pal-governance')?.status).toBe('objected');
    expect(detail.signatures[0]).toMatchObject({
      kind: 'objection',
      text: 'The needs assessment for this governorate is out of date.',
    });
    expect(detail.rule.met).toBe(false);
  });

  it("changes the policy only with the current policy's policy-change signatures", async () => {
    await expect(c.send(c.head, 'policy.adopted', { policy: TEST_POLICY })).rejects.toMatchObject({
      code: 'POLICY_UNMET',
    });
    const stricter = {
      ...TEST_POLICY,
      rules: {
        ...TEST_POLICY.rules,
        allocation: [
          {
            rule: {
              all: [
                { atLeast: 5, ofKind: 'member-state' },
                { atLeast: 1, ofKind: 'palestinian-governance' },
              ],
            },
          },
        ],
      },
    };
    await expect(
      c.send(c.states.qatar!, 'proposal.submitted', {
        proposalId: 'policy-2',
        decisionType: 'allocation',
        title: { en: 'x', ar: 'س' },
        policy: stricter,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await c.send(c.states.qatar!, 'proposal.submitted', {
      proposalId: 'policy-2',
      decisionType: 'policy-change',
      title: { en: 'Five member states for allocations', ar: 'خمس دول أعضاء للتخصيصات' },
      policy: stricter,
    });
    const hash = (await getProposal(store.db, 'policy-2', clock.now())).hash;
    for (const s of STATES.slice(0, 4)) await approve(c.states[s]!, 'policy-2', hash);
    await approve(c.palestinian, 'policy-2', hash);
    expect(await status('policy-2')).toBe('open'); // policy change needs 5 under the current policy
    await approve(c.states[STATES[4]]!, 'policy-2', hash);
    expect(await status('policy-2')).toBe('executed');
    const current = await findCurrentPolicy(store.db);
    expect(current?.version).toBe(2);
    expect(current?.policy.rules.allocation[0]!.rule).toEqual(stricter.rules.allocation[0]!.rule);

    // Under the new policy an allocation needs five member states.
    const h2 = await propose('alloc-5');
    for (const s of STATES.slice(0, 4)) await approve(c.states[s]!, 'alloc-5', h2);
    await approve(c.palestinian, 'alloc-5', h2);
    expect(await status('alloc-5')).toBe('open');

    const { store: scratch, dispose: d2 } = await freshStore(kind);
    try {
      expect((await replay(store, scratch)).firstDifference).toBeUndefined();
    } finally {
      await d2();
    }
  });

  it("uses the tier of the amount, and refuses amounts in another currency than the policy's", async () => {
    await c.send(c.partner, 'proposal.submitted', {
      proposalId: 'school-1',
      decisionType: 'project-approval',
      title: { en: 'Repair of a school', ar: 'ترميم مدرسة' },
      amount: { value: '45000000', currency: 'USD' },
    });
    const hash = (await getProposal(store.db, 'school-1', clock.now())).hash;
    for (const s of STATES.slice(0, 3)) await approve(c.states[s]!, 'school-1', hash);
    await approve(c.palestinian, 'school-1', hash);
    expect(await status('school-1')).toBe('executed');
    await expect(
      c.send(c.partner, 'proposal.submitted', {
        proposalId: 'school-2',
        decisionType: 'project-approval',
        title: { en: 'x', ar: 'س' },
        amount: { value: '100', currency: 'EUR' },
      }),
    ).rejects.toMatchObject({ code: 'CURRENCY_MISMATCH' });
    await expect(
      c.send(c.partner, 'proposal.submitted', {
        proposalId: 'school-3',
        decisionType: 'allocation',
        title: { en: 'x', ar: 'س' },
      }),
    ).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
  });
});
