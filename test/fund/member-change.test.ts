import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { proposalDetail } from '../../src/services/decisions.js';
import { replay } from '../../src/services/replay.js';
import type { Store } from '../../src/store/database.js';
import { getProposal } from '../../src/store/decision-repository.js';
import { logSize } from '../../src/store/log-repository.js';
import { listMemberships } from '../../src/store/membership-repository.js';
import { testSigner } from '../support/actors.js';
import { seedCouncil, STATES, type Council } from '../support/governance.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');

describe.each(STORE_KINDS)('member changes by decision on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let svc: CommandService;
  let c: Council;
  const clock = fixedClock(NOW);
  const newcomer = testSigner('state-h-signatory');

  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: { code?: string }) => e.code ?? String(e),
    );
  const propose = (proposalId: string, extra: Record<string, unknown>, decisionType = 'member-change') =>
    c.send(c.states.qatar!, 'proposal.submitted', {
      proposalId,
      decisionType,
      title: { en: `Decision ${proposalId}`, ar: `قرار ${proposalId}` },
      ...extra,
    });
  const approve = async (id: string, signers: Council['head'][]) => {
    const hash = (await getProposal(store.db, id, clock.now())).hash;
    for (const s of signers) await c.send(s, 'proposal.approved', { proposalId: id, proposalHash: hash });
  };
  const status = async (id: string) => (await getProposal(store.db, id, clock.now())).status;
  const fourAndPalestinian = () => [...STATES.slice(0, 4).map((s) => c.states[s]!), c.palestinian];

  beforeEach(async () => {
    clock.set(NOW);
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: 'test.amanah.local/log', clock });
    c = await seedCouncil(svc, clock);
    // registered after the policy: a candidate, whose approvals do not count until it is admitted
    await c.send(c.head, 'org.registered', {
      id: 'state-h',
      kind: 'member-state',
      country: 'MY',
      name: { en: 'State H', ar: 'الدولة ح' },
    });
    await c.send(c.head, 'key.registered', {
      keyId: newcomer.keyId,
      publicKey: newcomer.publicKey,
      org: 'state-h',
      holder: 'Signatory',
      roles: ['member-signatory'],
    });
  });
  afterEach(async () => {
    await svc.close();
    await dispose();
  });

  it('admits a member only by an executed member-change decision, which its record cites', async () => {
    await propose('alloc-1', { amount: { value: '100000', currency: 'USD' } }, 'allocation');
    const hash = (await getProposal(store.db, 'alloc-1', clock.now())).hash;
    const before = await logSize(store.db);
    expect(
      await code(c.send(newcomer, 'proposal.approved', { proposalId: 'alloc-1', proposalHash: hash })),
    ).toBe('NOT_A_MEMBER');
    expect(await logSize(store.db)).toBe(before);
    expect((await proposalDetail(store, 'alloc-1', clock.now())).signatories.map((s) => s.org)).not.toContain(
      'state-h',
    );

    await propose('admit-state-h', { member: { action: 'join', org: 'state-h' } });
    await approve(
      'admit-state-h',
      STATES.slice(0, 4).map((s) => c.states[s]!),
    );
    expect(await status('admit-state-h')).toBe('open'); // 4 of 7 without the Palestinian co-signature
    await approve('admit-state-h', [c.palestinian]);
    expect(await status('admit-state-h')).toBe('executed');
    expect(await listMemberships(store.db)).toEqual([
      expect.objectContaining({ org: 'state-h', status: 'member', proposalId: 'admit-state-h' }),
    ]);

    // now its approval counts: three founding states, the newcomer and the Palestinian body
    await approve('alloc-1', [...STATES.slice(0, 3).map((s) => c.states[s]!), newcomer]);
    expect(await status('alloc-1')).toBe('open');
    await approve('alloc-1', [c.palestinian]);
    expect(await status('alloc-1')).toBe('executed');
  });

  it('lets a member leave by decision: its approvals stop counting, its objections stay on the record', async () => {
    await propose('alloc-2', { amount: { value: '100000', currency: 'USD' } }, 'allocation');
    await approve('alloc-2', [c.states.jordan!]); // approved while a member
    await propose('jordan-leaves', { member: { action: 'leave', org: 'jordan' } });
    await approve('jordan-leaves', fourAndPalestinian());
    expect(await status('jordan-leaves')).toBe('executed');
    expect((await listMemberships(store.db)).find((m) => m.org === 'jordan')).toMatchObject({
      status: 'left',
      proposalId: 'jordan-leaves',
    });
    // Jordan's earlier approval no longer counts: three more states and the Palestinian body are not enough
    await approve('alloc-2', [...STATES.slice(0, 3).map((s) => c.states[s]!), c.palestinian]);
    expect(await status('alloc-2')).toBe('open');
    const hash = (await getProposal(store.db, 'alloc-2', clock.now())).hash;
    expect(
      await code(
        c.send(c.alternates.jordan!, 'proposal.approved', { proposalId: 'alloc-2', proposalHash: hash }),
      ),
    ).toBe('NOT_A_MEMBER');
    expect(
      await code(
        c.send(c.alternates.jordan!, 'proposal.objected', {
          proposalId: 'alloc-2',
          proposalHash: hash,
          reason: 'Recorded as a former member.',
        }),
      ),
    ).toBe('accepted');
    await approve('alloc-2', [c.states['saudi-arabia']!]);
    expect(await status('alloc-2')).toBe('executed');

    const scratch = await freshStore(kind);
    try {
      const r = await replay(store, scratch.store);
      expect(r.firstDifference).toBeUndefined();
      expect(r.tables.find((t) => t.table === 'memberships')?.rows).toBe(2);
    } finally {
      await scratch.dispose();
    }
  });

  it('refuses member changes that cannot happen, writing nothing', async () => {
    const before = await logSize(store.db);
    expect(await code(propose('m-1', { member: { action: 'join', org: 'qatar' } }))).toBe(
      'MEMBER_STATUS_CONFLICT',
    );
    expect(await code(propose('m-2', { member: { action: 'leave', org: 'state-h' } }))).toBe(
      'MEMBER_STATUS_CONFLICT',
    );
    expect(await code(propose('m-3', { member: { action: 'join', org: 'nobody' } }))).toBe('ORG_UNKNOWN');
    expect(await code(propose('m-4', { member: { action: 'join', org: 'mopwh' } }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(propose('m-5', {}))).toBe('VALIDATION_FAILED');
    expect(
      await code(
        propose(
          'm-6',
          { amount: { value: '100', currency: 'USD' }, member: { action: 'join', org: 'state-h' } },
          'allocation',
        ),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(await logSize(store.db)).toBe(before);
  });
});
