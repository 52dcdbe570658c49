import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeyFile } from '../../src/client/signer.js';
import { openStore } from '../../src/store/database.js';
import { findEntryByEventId, logSize } from '../../src/store/log-repository.js';
import { amanah, exited, startAmanah } from '../support/cli.js';
import { noteVerifier, verifyNote } from '../../src/translog/index.js';

describe('amanah serve', () => {
  it('fills an empty database with the demo, serves the API, and on SIGTERM finishes in-flight writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amanah-serve-'));
    const db = join(dir, 'amanah.db');
    const { child, match } = await startAmanah(
      ['serve', '--port', '0', '--db', db],
      /Open http:\/\/localhost:(\d+)/,
    );
    const base = `http://127.0.0.1:${match[1]}`;
    const overview = (await (await fetch(`${base}/api/v1/overview`)).json()) as {
      origin: string;
      figures: Array<{ key: string; value: number }>;
    };
    expect(overview.origin).toBe('demo.amanah.local/log');
    expect(overview.figures.find((f) => f.key === 'memberStates')?.value).toBe(7);

    // Three witnesses run beside the demo: the published checkpoint carries their cosignatures.
    const described = (await (await fetch(`${base}/api/v1/log`)).json()) as {
      logKey: string;
      quorum: number;
      witnesses: Array<{ key: string }>;
    };
    expect(described.witnesses).toHaveLength(3);
    expect(described.quorum).toBe(2);
    let note = '';
    for (let i = 0; i < 100 && !/witness-2/.test(note); i++) {
      note = await (await fetch(`${base}/log/checkpoint`)).text();
      await new Promise((r) => setTimeout(r, 100));
    }
    const verified = verifyNote(note, [
      noteVerifier(described.logKey),
      ...described.witnesses.map((w) => noteVerifier(w.key)),
    ]);
    expect(verified.verified.length).toBeGreaterThanOrEqual(1 + described.quorum);

    // The demo wrote the secretariat's key file beside the database: sign with it as its holder would.
    const head = readKeyFile(join(dir, 'demo-keys', 'secretariat-head.json'));
    const events = Array.from({ length: 200 }, (_, i) =>
      head.sign('demo.amanah.local/log', 'org.registered', {
        id: `ngo-${i}`,
        kind: 'implementing-partner',
        partnerType: 'ngo',
        name: { en: `Community organisation ${i}`, ar: `جمعية أهلية ${i}` },
      }),
    );
    // Members sign decisions with their own keys, outside the server: 4 of 7 without the
    // Palestinian co-signature does not execute; with it, it does.
    const keys = join(dir, 'demo-keys');
    const approve = (who: string) =>
      amanah(['approve', 'alloc-water-north-gaza-1', '--key', join(keys, `${who}.json`), '--server', base]);
    const fourth = await approve('saudi-arabia-signatory');
    expect(fourth.stderr).toBe('');
    expect(fourth.stdout).toMatch(
      /the proposal is open \(rule: at least 4 member states and at least 1 Palestinian governance body, not met yet\)/,
    );
    const palestinian = await approve('pal-governance-2');
    expect(palestinian.stdout).toMatch(/the proposal is executed .*, met\)/);
    const again = await approve('egypt-signatory');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^amanah: PROPOSAL_CLOSED: /);

    const responses = events.map((e) =>
      fetch(`${base}/api/v1/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(e),
      })
        .then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { index?: number; code?: string },
        }))
        .catch((err: Error) => ({
          status: 0,
          body: { code: err.message } as { index?: number; code?: string },
        })),
    );
    await responses[0];
    const stopping = Date.now();
    child.kill('SIGTERM');
    const settled = await Promise.all(responses);
    expect(await exited(child)).toBe(0);
    // Shutdown waits for in-flight requests, not for the clients' idle keep-alive connections (72 s).
    expect(Date.now() - stopping).toBeLessThan(30_000);

    const acknowledged = settled.filter((r) => r.status === 201);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Everything answered 201 is in the log; everything else was refused cleanly or never reached the server.
    for (const r of settled) expect([0, 201, 503]).toContain(r.status);
    const store = await openStore(db);
    try {
      for (const [i, r] of settled.entries()) {
        const entry = await findEntryByEventId(store.db, events[i]!.id);
        if (r.status === 201) expect(entry?.index).toBe(r.body.index);
      }
      const size = await logSize(store.db);
      expect(size).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await store.close();
    }
  }, 180_000);
});
