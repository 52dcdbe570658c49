// API answers in the shape of the contract (docs: GET /api/v1/overview, /governorates, /crossings),
// for the tests that fulfil the API in the browser instead of running the server.

export const overviewFixture = {
  origin: 'amanah.demo/log',
  logSize: 1234,
  generatedAt: '2026-11-25T09:00:00.000Z',
  figures: [
    { key: 'memberStates', kind: 'count', value: 7 },
    { key: 'palestinianBodies', kind: 'count', value: 1 },
    { key: 'partners', kind: 'count', value: 12 },
    { key: 'observers', kind: 'count', value: 1 },
    { key: 'governorates', kind: 'count', value: 5 },
    { key: 'crossings', kind: 'count', value: 5 },
    { key: 'activeKeys', kind: 'count', value: 40 },
    { key: 'revokedKeys', kind: 'count', value: 1 },
    { key: 'events', kind: 'count', value: 1234 },
  ],
};

export const governoratesFixture = {
  items: [
    { code: 'PS0501', name: { en: 'North Gaza', ar: 'شمال غزة' }, logIndex: 1 },
    { code: 'PS0502', name: { en: 'Gaza', ar: 'غزة' }, logIndex: 2 },
    { code: 'PS0503', name: { en: 'Deir al-Balah', ar: 'دير البلح' }, logIndex: 3 },
    { code: 'PS0504', name: { en: 'Khan Younis', ar: 'خان يونس' }, logIndex: 4 },
    { code: 'PS0505', name: { en: 'Rafah', ar: 'رفح' }, logIndex: 5 },
  ],
  total: 5,
};

export const crossingsFixture = {
  items: [
    {
      code: 'kerem-shalom',
      name: { en: 'Kerem Shalom / Karem Abu Salem', ar: 'كرم أبو سالم' },
      status: 'open',
      logIndex: 6,
    },
    { code: 'rafah', name: { en: 'Rafah', ar: 'رفح' }, status: 'restricted', logIndex: 7 },
    { code: 'zikim', name: { en: 'Zikim', ar: 'زيكيم' }, status: 'closed', logIndex: 8 },
    { code: 'kissufim', name: { en: 'Kissufim', ar: 'كيسوفيم' }, status: 'open', logIndex: 9 },
    {
      code: 'erez',
      name: { en: 'Erez / Beit Hanoun', ar: 'إيرز / بيت حانون' },
      status: 'unknown',
      logIndex: 10,
    },
  ],
  total: 5,
};

/** GET /api/v1/fund/position of a fund with nothing recorded yet (the dashboard shows its notice). */
export const fundPositionFixture = { currencies: [], byDonor: [] };
