/**
 * Small public facts the demo starts from: the governorates of the Gaza Strip (OCHA COD-AB P-codes,
 * centres and areas), the crossings and corridors, and the states that met in Istanbul on
 * 2 November 2025. Coordinates of crossings are approximate (to about 1 km).
 */

export const GOVERNORATES = [
  { code: 'PS0255', en: 'North Gaza', ar: 'شمال غزة', lat: 31.547083, lon: 34.506416, areaSqKm: 61.14 },
  { code: 'PS0260', en: 'Gaza', ar: 'غزة', lat: 31.486286, lon: 34.445154, areaSqKm: 73.86 },
  { code: 'PS0265', en: 'Deir al-Balah', ar: 'دير البلح', lat: 31.4203, lon: 34.374087, areaSqKm: 58.39 },
  { code: 'PS0270', en: 'Khan Younis', ar: 'خان يونس', lat: 31.327796, lon: 34.317902, areaSqKm: 107.62 },
  { code: 'PS0275', en: 'Rafah', ar: 'رفح', lat: 31.281777, lon: 34.282712, areaSqKm: 64.01 },
] as const;

export const CROSSINGS = [
  {
    code: 'kerem-shalom',
    en: 'Kerem Shalom / Karem Abu Salem',
    ar: 'كرم أبو سالم',
    kind: 'land',
    status: 'open',
    lat: 31.2236,
    lon: 34.2828,
  },
  {
    code: 'rafah',
    en: 'Rafah',
    ar: 'معبر رفح',
    kind: 'land',
    status: 'restricted',
    lat: 31.247,
    lon: 34.259,
  },
  { code: 'zikim', en: 'Zikim', ar: 'زيكيم', kind: 'land', status: 'closed', lat: 31.614, lon: 34.517 },
  {
    code: 'kissufim',
    en: 'Kissufim',
    ar: 'كيسوفيم',
    kind: 'land',
    status: 'restricted',
    lat: 31.374,
    lon: 34.396,
  },
  {
    code: 'erez',
    en: 'Erez / Beit Hanoun',
    ar: 'إيرز / بيت حانون',
    kind: 'land',
    status: 'closed',
    lat: 31.559,
    lon: 34.553,
  },
  { code: 'jordan-corridor', en: 'Jordan corridor', ar: 'الممر الأردني', kind: 'corridor', status: 'open' },
  { code: 'egypt-corridor', en: 'Egypt corridor', ar: 'الممر المصري', kind: 'corridor', status: 'open' },
  {
    code: 'maritime-corridor',
    en: 'Maritime corridor',
    ar: 'الممر البحري',
    kind: 'maritime',
    status: 'unknown',
  },
] as const;

export const MEMBER_STATES = [
  { id: 'pakistan', country: 'PK', en: 'Pakistan', ar: 'باكستان' },
  { id: 'turkiye', country: 'TR', en: 'Türkiye', ar: 'تركيا' },
  { id: 'indonesia', country: 'ID', en: 'Indonesia', ar: 'إندونيسيا' },
  { id: 'egypt', country: 'EG', en: 'Egypt', ar: 'مصر' },
  { id: 'qatar', country: 'QA', en: 'Qatar', ar: 'قطر' },
  { id: 'saudi-arabia', country: 'SA', en: 'Saudi Arabia', ar: 'المملكة العربية السعودية' },
  { id: 'jordan', country: 'JO', en: 'Jordan', ar: 'الأردن' },
] as const;

type PartnerType = 'ministry' | 'municipality' | 'ngo' | 'contractor' | 'utility' | 'un-agency';

export const PARTNERS: ReadonlyArray<{ id: string; type: PartnerType; en: string; ar: string }> = [
  {
    id: 'mopwh',
    type: 'ministry',
    en: 'Ministry of Public Works and Housing',
    ar: 'وزارة الأشغال العامة والإسكان',
  },
  {
    id: 'moehe',
    type: 'ministry',
    en: 'Ministry of Education and Higher Education',
    ar: 'وزارة التربية والتعليم العالي',
  },
  { id: 'moh', type: 'ministry', en: 'Ministry of Health', ar: 'وزارة الصحة' },
  { id: 'gaza-municipality', type: 'municipality', en: 'Gaza Municipality', ar: 'بلدية غزة' },
  {
    id: 'khan-younis-municipality',
    type: 'municipality',
    en: 'Khan Younis Municipality',
    ar: 'بلدية خان يونس',
  },
  { id: 'rafah-municipality', type: 'municipality', en: 'Rafah Municipality', ar: 'بلدية رفح' },
  {
    id: 'deir-al-balah-municipality',
    type: 'municipality',
    en: 'Deir al-Balah Municipality',
    ar: 'بلدية دير البلح',
  },
  { id: 'jabalia-municipality', type: 'municipality', en: 'Jabalia Municipality', ar: 'بلدية جباليا' },
  { id: 'cmwu', type: 'utility', en: 'Coastal Municipalities Water Utility', ar: 'مصلحة مياه بلديات الساحل' },
  { id: 'gedco', type: 'utility', en: 'Gaza Electricity Distribution Company', ar: 'شركة توزيع كهرباء غزة' },
  { id: 'prcs', type: 'ngo', en: 'Palestine Red Crescent Society', ar: 'جمعية الهلال الأحمر الفلسطيني' },
];

/** Name parts for the demo's contractors and community organisations (generated, not real firms). */
export const CONTRACTOR_WORDS = {
  en: [
    'Al-Bina',
    'Al-Amal',
    'Al-Nour',
    'Al-Sahel',
    'Al-Zaytoun',
    'Al-Manara',
    'Al-Rimal',
    'Al-Quds',
    'Al-Wafa',
    'Al-Aqsa',
  ],
  ar: ['البناء', 'الأمل', 'النور', 'الساحل', 'الزيتون', 'المنارة', 'الرمال', 'القدس', 'الوفاء', 'الأقصى'],
  kinds: [
    { en: 'Contracting', ar: 'للمقاولات' },
    { en: 'Engineering', ar: 'للهندسة' },
    { en: 'Construction', ar: 'للإنشاءات' },
  ],
} as const;
