import { describe, expect, it } from 'vitest';
import {
  iatiActivitiesXml,
  majorUnits,
  OPT_FLASH_APPEAL_2025,
  type IatiActivity,
} from '../../src/services/iati/activity.js';
import { haveIatiStandards, iatiCodes, xmllintIati } from '../support/iati.js';

const activity = (over: Partial<IatiActivity> = {}): IatiActivity => ({
  identifier: 'XM-AMANAH-proj-housing-ky-0001',
  title: { en: 'Housing repairs, Khan Younis & Rafah <phase 1>', ar: 'ترميم المساكن في خان يونس' },
  description: { en: 'Repairs of partially damaged housing units; tranches released after verification.' },
  participants: [
    { role: '1', ref: 'XM-AMANAH-qatar', type: '10', name: { en: 'State of Qatar', ar: 'دولة قطر' } },
    { role: '2', ref: 'XM-AMANAH', type: '40', name: { en: 'Amanah joint oversight mechanism' } },
    { role: '4', type: '10', name: { en: 'Ministry of Public Works and Housing' } },
  ],
  status: '2',
  dates: [
    { type: '1', date: '2026-01-01' },
    { type: '3', date: '2026-12-31' },
  ],
  location: { name: { en: 'Khan Younis', ar: 'خان يونس' }, lat: 31.3402, lon: 34.3063, adminName: 'PS0270' },
  sectors: [{ code: '16030', percentage: 100 }],
  humanitarian: true,
  appeal: OPT_FLASH_APPEAL_2025,
  budget: {
    start: '2026-01-01',
    end: '2026-12-31',
    minor: 500000000n,
    currency: 'USD',
    valueDate: '2026-01-01',
  },
  transactions: [
    {
      type: '2',
      date: '2026-01-15',
      minor: 500000000n,
      currency: 'USD',
      ref: 'log-117',
      provider: { ref: 'XM-AMANAH', name: { en: 'Amanah joint oversight mechanism' } },
    },
    {
      type: '3',
      date: '2026-02-01',
      minor: 125000000n,
      currency: 'USD',
      description: 'Tranche 1, released after the milestone was verified',
      receiver: { name: { en: 'Ministry of Public Works and Housing' } },
    },
    { type: '4', date: '2026-03-01', minor: 1234567n, currency: 'JOD' },
  ],
  lastUpdated: '2026-03-02T10:00:00Z',
  defaultCurrency: 'USD',
  ...over,
});

describe('IATI 2.03 activity writer', () => {
  it('writes amounts in major units with the currency’s own decimals', () => {
    expect(majorUnits(500000000n, 'USD')).toBe('5000000.00');
    expect(majorUnits(1234567n, 'JOD')).toBe('1234.567');
    expect(majorUnits(5n, 'USD')).toBe('0.05');
  });

  it('escapes text and attributes, and drops characters XML cannot carry', () => {
    const xml = iatiActivitiesXml(
      [activity({ description: { en: 'a < b & "c"\u0001 d' } })],
      '2026-03-02T10:00:00Z',
    );
    expect(xml).toContain('Khan Younis &amp; Rafah &lt;phase 1&gt;');
    expect(xml).toContain('a &lt; b &amp; "c" d');
    expect(xml).not.toContain('\u0001');
  });

  describe.skipIf(!haveIatiStandards)(
    'against the official schema and codelists (../shared/standards/iati)',
    () => {
      it('validates with xmllint against iati-activities-schema.xsd', () => {
        const xml = iatiActivitiesXml(
          [
            activity(),
            activity({
              identifier: 'XM-AMANAH-2',
              location: undefined,
              budget: undefined,
              appeal: undefined,
            }),
          ],
          '2026-03-02T10:00:00Z',
        );
        const r = xmllintIati(xml);
        expect(r.output).toMatch(/validates/);
        expect(r.ok).toBe(true);
      });

      it('a file with an element out of the schema’s order fails, with xmllint naming it', () => {
        const xml = iatiActivitiesXml([activity()], '2026-03-02T10:00:00Z').replace(
          /(<participating-org[\s\S]*?)(<activity-status code="2"\/>)/,
          '$2$1',
        );
        expect(xml.indexOf('<activity-status')).toBeLessThan(xml.indexOf('<participating-org'));
        const r = xmllintIati(xml);
        expect(r.ok).toBe(false);
        expect(r.output).toMatch(/activity-status|participating-org/);
      });

      it('uses only codes that exist in the IATI codelists', () => {
        const xml = iatiActivitiesXml([activity()], '2026-03-02T10:00:00Z');
        const codes = (re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]!);
        const checks: Array<[string, RegExp]> = [
          ['TransactionType', /<transaction-type code="([^"]+)"/g],
          ['ActivityStatus', /<activity-status code="([^"]+)"/g],
          ['ActivityDateType', /<activity-date type="([^"]+)"/g],
          ['OrganisationRole', /<participating-org[^>]* role="([^"]+)"/g],
          ['OrganisationType', /<(?:participating|reporting)-org[^>]* type="([^"]+)"/g],
          ['Sector', /<sector vocabulary="1" code="([^"]+)"/g],
          ['Currency', / currency="([^"]+)"/g],
          ['Currency', / default-currency="([^"]+)"/g],
          ['GeographicLocationClass', /<location-class code="([^"]+)"/g],
          ['GeographicExactness', /<exactness code="([^"]+)"/g],
          ['HumanitarianScopeType', /<humanitarian-scope type="([^"]+)"/g],
          ['HumanitarianScopeVocabulary', /<humanitarian-scope [^>]*vocabulary="([^"]+)"/g],
          ['BudgetType', /<budget type="([^"]+)"/g],
          ['BudgetStatus', /<budget [^>]*status="([^"]+)"/g],
          ['DescriptionType', /<description type="([^"]+)"/g],
          ['Country', /<recipient-country code="([^"]+)"/g],
        ];
        for (const [list, re] of checks) {
          const found = codes(re);
          expect(found.length, `${list} appears`).toBeGreaterThan(0);
          const known = iatiCodes(list);
          for (const c of found) expect(known.has(c), `${c} is in ${list}`).toBe(true);
        }
      });
    },
  );
});
