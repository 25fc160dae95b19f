import { idNumberCheckChar, maskedIdGroups, maskIdNumber, partialIdNumberHint, validateIdNumber } from '@/rules/idNumber';

// All numbers are made up (Taiyuan prefixes 1401xx); they belong to no real person.
const TODAY = { year: 2026, month: 11, day: 30 };

/*
 * Hand-computed check characters (GB 11643-1999, ISO 7064 MOD 11-2, weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2):
 *
 * 14010519900307123 (小店区, 1990-03-07, seq 123):
 *   1*7 + 4*9 + 0*10 + 1*5 + 0*8 + 5*4 + 1*2 + 9*1 + 9*6 + 0*3 + 0*7 + 3*9 + 0*10 + 7*5 + 1*8 + 2*4 + 3*2
 *   = 7 + 36 + 0 + 5 + 0 + 20 + 2 + 9 + 54 + 0 + 0 + 27 + 0 + 35 + 8 + 8 + 6 = 217; 217 mod 11 = 8 -> '4'
 * 14010619851120068 (迎泽区, 1985-11-20, seq 068):
 *   7 + 36 + 0 + 5 + 0 + 24 + 2 + 9 + 48 + 15 + 7 + 9 + 20 + 0 + 0 + 24 + 16 = 222; 222 mod 11 = 2 -> 'X'
 * 14010619851120009 (same, seq 009): 182 + 0*8 + 0*4 + 9*2 = 200; 200 mod 11 = 2 -> 'X'
 * 14018120000229044 (古交市, 2000-02-29, seq 044):
 *   7 + 36 + 0 + 5 + 64 + 4 + 4 + 0 + 0 + 0 + 0 + 18 + 20 + 45 + 0 + 16 + 8 = 227; 227 mod 11 = 7 -> '5' *
 * 2023 foreigner's permanent residence cards: '9' + province + 3-digit nationality + birth date + sequence:
 * 91484019900307123 (issued in Shanxi 14, nationality 840, 1990-03-07, seq 123):
 *   63 + 9 + 40 + 40 + 32 + 0 + 2 + 9 + 54 + 0 + 0 + 27 + 0 + 35 + 8 + 8 + 6 = 333; 333 mod 11 = 3 -> '9'
 * 91484019900307128 (same, seq 128): 333 - 3*2 + 8*2 = 343; 343 mod 11 = 2 -> 'X'
 * 91139219851120068 (Beijing 11, nationality 392, 1985-11-20, seq 068):
 *   63 + 9 + 10 + 15 + 72 + 8 + 2 + 9 + 48 + 15 + 7 + 9 + 20 + 0 + 0 + 24 + 16 = 327; 327 mod 11 = 8 -> '4'
 */
const MALE_DIGIT = '140105199003071234';
const FEMALE_X = '14010619851120068X';
const MALE_X = '14010619851120009X';
const FEMALE_LEAP = '140181200002290445';
const FOREIGN_MALE = '914840199003071239';
const FOREIGN_FEMALE_X = '91484019900307128X';
const FOREIGN_FEMALE = '911392198511200684';

describe('idNumberCheckChar', () => {
  it.each([
    ['14010519900307123', '4'],
    ['14010619851120068', 'X'],
    ['14010619851120009', 'X'],
    ['14018120000229044', '5'],
    ['91484019900307123', '9'],
    ['91484019900307128', 'X'],
    ['91139219851120068', '4'],
  ])('%s -> %s', (first17, check) => {
    expect(idNumberCheckChar(first17)).toBe(check);
  });

  it.each(['1401051990030712', '14010519900307123X', '1401051990030712a'])('rejects %j', (bad) => {
    expect(() => idNumberCheckChar(bad)).toThrow(RangeError);
  });
});

// Builds a number with the right check character, for tables about other rules (idNumberCheckChar is pinned
// to hand-computed values above).
const withCheck = (first17: string): string => first17 + idNumberCheckChar(first17);

describe('validateIdNumber: valid numbers', () => {
  it.each([
    [MALE_DIGIT, MALE_DIGIT, '1990-03-07', 'male', '140105'],
    [FEMALE_X, FEMALE_X, '1985-11-20', 'female', '140106'],
    [MALE_X, MALE_X, '1985-11-20', 'male', '140106'],
    ['14010619851120068x', FEMALE_X, '1985-11-20', 'female', '140106'],
    [FEMALE_LEAP, FEMALE_LEAP, '2000-02-29', 'female', '140181'],
    ['140105 19900307 1234', MALE_DIGIT, '1990-03-07', 'male', '140105'],
    ['  140105199003071234\u3000', MALE_DIGIT, '1990-03-07', 'male', '140105'],
    ['1401 0519 9003 0712 34', MALE_DIGIT, '1990-03-07', 'male', '140105'],
    [
      '\uFF11\uFF14\uFF10\uFF11\uFF10\uFF15\uFF11\uFF19\uFF19\uFF10\uFF10\uFF13\uFF10\uFF17\uFF11\uFF12\uFF13\uFF14',
      MALE_DIGIT,
      '1990-03-07',
      'male',
      '140105',
    ],
    ['14010619851120068\uFF38', FEMALE_X, '1985-11-20', 'female', '140106'],
    ['14010619851120068\uFF58', FEMALE_X, '1985-11-20', 'female', '140106'],
  ])('%j', (raw, idNumber, birthDate, sex, regionCode) => {
    expect(validateIdNumber(raw, TODAY)).toEqual({ ok: true, value: { idNumber, kind: 'citizen', birthDate, sex, regionCode } });
  });

  it('uses the Shanghai date by default (a 1990 birth is valid today)', () => {
    expect(validateIdNumber(MALE_DIGIT).ok).toBe(true);
  });
});

const codeOf = (raw: string, today = TODAY): string | undefined => {
  const r = validateIdNumber(raw, today);
  return r.ok ? undefined : r.code;
};

describe('validateIdNumber: shape', () => {
  it.each([
    ['', 'ID_NUMBER_EMPTY'],
    ['   \u3000 ', 'ID_NUMBER_EMPTY'],
    ['140105900307123', 'ID_NUMBER_FIRST_GENERATION'],
    ['140105 900307 123', 'ID_NUMBER_FIRST_GENERATION'],
    ['14010519900307123', 'ID_NUMBER_LENGTH'],
    ['1401051990030712345', 'ID_NUMBER_LENGTH'],
    ['14010519900307123X5', 'ID_NUMBER_CHARACTERS'],
    ['1401051990X3071234', 'ID_NUMBER_CHARACTERS'],
    ['14010519900307123A', 'ID_NUMBER_CHARACTERS'],
    ['140105199003071234。', 'ID_NUMBER_CHARACTERS'],
    // characters and length come before region
    ['0001051990030712', 'ID_NUMBER_LENGTH'],
  ])('%j -> %s', (raw, code) => {
    expect(codeOf(raw)).toBe(code);
  });

  it('tells the worker to use the second-generation card for a 15-digit number', () => {
    const r = validateIdNumber('140105900307123', TODAY);
    expect(!r.ok && r.message).toContain('18位');
  });

  it('says how many digits were typed', () => {
    const r = validateIdNumber('14010519900307123', TODAY);
    expect(!r.ok && r.message).toContain('17位');
  });
});

describe('validateIdNumber: region prefix', () => {
  it.each(['00', '19', '66', '99', '71', '10', '16', '24', '47', '55', '84'])('%s is not a province code', (p) => {
    expect(codeOf(withCheck(`${p}010519900307123`))).toBe('ID_NUMBER_REGION');
  });

  it.each(['11', '14', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '81', '82', '83'])(
    '%s is accepted (mainland 11..65; HK/Macao/Taiwan residence permits 81/82/83)',
    (p) => {
      expect(validateIdNumber(withCheck(`${p}010519900307123`), TODAY).ok).toBe(true);
    },
  );

  it('checks region before the birth date', () => {
    expect(codeOf('990105199013071234')).toBe('ID_NUMBER_REGION');
  });
});

describe('validateIdNumber: birth date', () => {
  // 1990 is not a leap year. Valid dates get a correct check character; invalid ones fail before the checksum.
  const lastDays: [string, string][] = [
    ['0131', '0132'],
    ['0228', '0229'],
    ['0331', '0332'],
    ['0430', '0431'],
    ['0531', '0532'],
    ['0630', '0631'],
    ['0731', '0732'],
    ['0831', '0832'],
    ['0930', '0931'],
    ['1031', '1032'],
    ['1130', '1131'],
    ['1231', '1232'],
  ];
  it.each(lastDays)('1990-%s is the last day; %s does not exist', (last, next) => {
    expect(validateIdNumber(withCheck(`1401051990${last}123`), TODAY).ok).toBe(true);
    expect(codeOf(withCheck(`1401051990${next}123`))).toBe('ID_NUMBER_BIRTH_DATE');
  });

  it.each([
    ['20000229', true], // divisible by 400
    ['19000229', false], // century not divisible by 400
    ['20040229', true],
    ['20230229', false],
    ['19900001', false], // month 00
    ['19901301', false], // month 13
    ['19900100', false], // day 00
  ])('%s valid: %s', (date, valid) => {
    const code = codeOf(withCheck(`140105${date}123`));
    expect(code).toBe(valid ? undefined : 'ID_NUMBER_BIRTH_DATE');
  });

  it('rejects a birth date after today', () => {
    expect(codeOf(withCheck('14010520261201123'))).toBe('ID_NUMBER_BIRTH_DATE');
    expect(codeOf(withCheck('14010520300101123'))).toBe('ID_NUMBER_BIRTH_DATE');
  });

  it('checks the date before the checksum', () => {
    expect(codeOf('140105199002301230')).toBe('ID_NUMBER_BIRTH_DATE');
  });
});

describe('validateIdNumber: age 16..100 on 2026-11-30', () => {
  it.each([
    ['20101201', 'ID_NUMBER_AGE'], // 15, turns 16 tomorrow
    ['20101130', undefined], // 16 today
    ['20261130', 'ID_NUMBER_AGE'], // born today: 0
    ['19261130', undefined], // 100 today
    ['19251201', undefined], // 100, turns 101 tomorrow
    ['19251130', 'ID_NUMBER_AGE'], // 101 today
    ['18900307', 'ID_NUMBER_AGE'], // typo for 1990
  ])('born %s -> %s', (date, code) => {
    expect(codeOf(withCheck(`140105${date}123`))).toBe(code);
  });

  it('gives the computed age in the message', () => {
    const r = validateIdNumber(withCheck('14010520101201123'), TODAY);
    expect(!r.ok && r.message).toContain('15岁');
  });
});

describe('validateIdNumber: checksum', () => {
  it.each(['140105199003071235', '140105199003071230', '14010519900307123X', '140106198511200684', '140105199003071324'])(
    '%s -> ID_NUMBER_CHECKSUM',
    (raw) => {
      expect(codeOf(raw)).toBe('ID_NUMBER_CHECKSUM');
    },
  );

  it('suggests a mistyped digit', () => {
    const r = validateIdNumber('140105199003071235', TODAY);
    expect(!r.ok && r.message).toContain('输错');
  });
});

describe('maskIdNumber', () => {
  it.each([
    [MALE_DIGIT, '140***********1234'],
    ['14010619851120068x', '140***********068X'],
    ['140105 19900307 1234', '140***********1234'],
    ['1234567', '*******'],
    ['', ''],
  ])('%j -> %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });
});

describe('partialIdNumberHint', () => {
  it.each([
    '',
    '1',
    '14',
    '1401',
    '140105',
    '14010519',
    '14010519900',
    '140105199003',
    '14010519900307',
    '140105 1990',
    '140105199003071',
    '1401051990030712',
    MALE_DIGIT,
    '14010619851120068x',
  ])('%j is a valid prefix', (raw) => {
    expect(partialIdNumberHint(raw, TODAY)).toBeNull();
  });

  it.each([
    ['19', 'ID_NUMBER_REGION'],
    ['00010', 'ID_NUMBER_REGION'],
    ['1401a', 'ID_NUMBER_CHARACTERS'],
    ['1401X', 'ID_NUMBER_CHARACTERS'],
    ['140105199013', 'ID_NUMBER_BIRTH_DATE'],
    ['14010519900230', 'ID_NUMBER_BIRTH_DATE'],
    ['14010520300101', 'ID_NUMBER_BIRTH_DATE'],
    ['14010520150101', 'ID_NUMBER_AGE'],
    ['140105199003071235', 'ID_NUMBER_CHECKSUM'],
    ['1401051990030712345', 'ID_NUMBER_LENGTH'],
  ])('%j -> %s', (raw, code) => {
    expect(partialIdNumberHint(raw, TODAY)?.code).toBe(code);
  });
});

// The format characters of Unicode category Cf named in the defect report, one table row each.
const FORMAT_CHARS: number[] = [
  0x00ad, 0x061c, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063,
  0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206a, 0x206b, 0x206c, 0x206d, 0x206e, 0x206f, 0xfeff, 0xfff9, 0xfffa, 0xfffb, 0xe0001,
];
const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

describe('validateIdNumber: invisible format characters are ignored', () => {
  it.each(FORMAT_CHARS.map((cp) => [hex(cp), String.fromCodePoint(cp)]))('%s around and inside the number', (_l, c) => {
    const raw = `${c}140105${c}19900307${c}1234${c}`;
    expect(validateIdNumber(raw, TODAY)).toMatchObject({ ok: true, value: { idNumber: MALE_DIGIT } });
    expect(partialIdNumberHint(raw, TODAY)).toBeNull();
    expect(maskIdNumber(raw)).toBe('140***********1234');
  });

  it('a copy from iOS (bidi override ... pop) with spaces', () => {
    expect(validateIdNumber('\u202D140105 19900307 1234\u202C', TODAY).ok).toBe(true);
  });

  it('only invisible characters count as empty', () => {
    expect(codeOf('\u200B\u200C\u200D\u2060\uFEFF')).toBe('ID_NUMBER_EMPTY');
  });
});

describe('validateIdNumber: dashes and dots between groups', () => {
  it.each([
    ['-'],
    ['\u2010'],
    ['\u2011'],
    ['\u2012'],
    ['\u2013'],
    ['\u2014'],
    ['\u2015'],
    ['\u2212'],
    ['\uFE63'],
    ['\uFF0D'],
    ['.'],
    ['\uFF0E'],
    ['\u3002'],
  ])('%j between groups', (sep) => {
    expect(validateIdNumber(`140105${sep}19900307${sep}1234`, TODAY)).toMatchObject({ ok: true, value: { idNumber: MALE_DIGIT } });
  });

  it.each([
    ['140105 - 19900307 - 1234', MALE_DIGIT],
    ['140105\u2014\u201419900307\u2014\u20141234', MALE_DIGIT], // a Chinese IME's '——'
    ['1401-0519-9003-0712-34', MALE_DIGIT],
    ['14010619851120068-x', FEMALE_X],
    ['\uFF11\uFF14\uFF10\uFF11\uFF10\uFF15\uFF0D19900307\uFF0D1234', MALE_DIGIT],
  ])('%j -> %s', (raw, idNumber) => {
    expect(validateIdNumber(raw, TODAY)).toMatchObject({ ok: true, value: { idNumber } });
  });

  it.each([
    '-140105199003071234',
    '140105199003071234-',
    '140105199003071234.',
    '140105/19900307/1234',
    '140105_19900307_1234',
    '140105,19900307,1234',
  ])('%j: a separator that is not between two characters of the number is refused', (raw) => {
    expect(codeOf(raw)).toBe('ID_NUMBER_CHARACTERS');
  });
});

describe("validateIdNumber: 2023 foreigner's permanent residence card", () => {
  it.each([
    [FOREIGN_MALE, FOREIGN_MALE, '1990-03-07', 'male', '140000', '840'],
    [FOREIGN_FEMALE_X, FOREIGN_FEMALE_X, '1990-03-07', 'female', '140000', '840'],
    ['91484019900307128x', FOREIGN_FEMALE_X, '1990-03-07', 'female', '140000', '840'],
    [FOREIGN_FEMALE, FOREIGN_FEMALE, '1985-11-20', 'female', '110000', '392'],
    ['9 14 840 19900307 1239', FOREIGN_MALE, '1990-03-07', 'male', '140000', '840'],
    ['\u202D914840-19900307-1239\u202C', FOREIGN_MALE, '1990-03-07', 'male', '140000', '840'],
  ])('%j', (raw, idNumber, birthDate, sex, regionCode, nationalityCode) => {
    expect(validateIdNumber(raw, TODAY)).toEqual({
      ok: true,
      value: { idNumber, kind: 'foreignPermanentResident', birthDate, sex, regionCode, nationalityCode },
    });
  });

  it.each([
    ['900840' + '19900307123', 'ID_NUMBER_REGION'], // province 00
    ['971840' + '19900307123', 'ID_NUMBER_REGION'], // Taiwan: not an issuing place
    ['981840' + '19900307123', 'ID_NUMBER_REGION'], // 81 is a prefix of residence permits, not a province
    ['999840' + '19900307123', 'ID_NUMBER_REGION'],
    ['914840' + '19900230' + '123', 'ID_NUMBER_BIRTH_DATE'],
    ['914840' + '20261201' + '123', 'ID_NUMBER_BIRTH_DATE'], // tomorrow
    ['914840' + '20150101' + '123', 'ID_NUMBER_AGE'],
  ])('%s (+ check) -> %s', (first17, code) => {
    expect(codeOf(withCheck(first17))).toBe(code);
  });

  it('explains the foreigner card in the region message (a citizen who typed 9 first reads it too)', () => {
    const r = validateIdNumber(withCheck('96684019900307123'), TODAY);
    expect(!r.ok && r.message).toContain('外国人永久居留身份证号以9开头');
    expect(!r.ok && r.message).toContain('身份证号不会以9开头');
  });

  it.each(['90', '97', '99'])('9 then %s... fits neither kind: the plain region message', (start) => {
    const r = validateIdNumber(withCheck(`${start}484019900307123`), TODAY);
    expect(!r.ok && r.message).toBe('身份证号前两位不对，请对照身份证重新填写。');
    expect(partialIdNumberHint(start, TODAY)?.message).toBe('身份证号前两位不对，请对照身份证重新填写。');
  });

  it.each(['914840199003071238', '914840199003071230', '91484019900307123X', '911392198511200685'])('%s -> ID_NUMBER_CHECKSUM', (raw) => {
    expect(codeOf(raw)).toBe('ID_NUMBER_CHECKSUM');
  });

  it('a 15-digit number starting with 9 is not called a first-generation card', () => {
    expect(codeOf('914840900307123')).toBe('ID_NUMBER_LENGTH');
  });

  it('masks like a citizen number', () => {
    expect(maskIdNumber(FOREIGN_MALE)).toBe('914***********1239');
  });
});

describe("validateIdNumber: the 2017 foreigner's card (3 letters + 12 digits) is refused with its own message", () => {
  it.each(['USA140090030712', 'usa140090030712', 'USA 1400 9003 0712', '\u200BGBR110085112001'])('%j', (raw) => {
    const r = validateIdNumber(raw, TODAY);
    expect(r).toMatchObject({ ok: false, code: 'ID_NUMBER_OLD_FOREIGN_CARD' });
    expect(!r.ok && r.message).toContain('12351');
    expect(!r.ok && r.message).toContain('以9开头的18位');
  });

  it.each(['USA14009003071', 'USAB40090030712', 'US1140090030712'])('%j is not that shape -> ID_NUMBER_CHARACTERS', (raw) => {
    expect(codeOf(raw)).toBe('ID_NUMBER_CHARACTERS');
  });
});

describe('partialIdNumberHint: separators, foreigner cards', () => {
  it.each([
    '140105-',
    '140105 -',
    '140105-1990.',
    '140105-19900307\u2014',
    '\u202D1401',
    '9',
    '91',
    '914',
    '914840',
    '9148401990',
    '91484019900307',
    FOREIGN_MALE,
    'U',
    'USA',
    'USA14009003',
  ])('%j is a valid prefix', (raw) => {
    expect(partialIdNumberHint(raw, TODAY)).toBeNull();
  });

  it.each([
    ['90', 'ID_NUMBER_REGION'],
    ['971', 'ID_NUMBER_REGION'],
    ['966', 'ID_NUMBER_REGION'],
    ['917', 'ID_NUMBER_REGION'],
    ['914840199013', 'ID_NUMBER_BIRTH_DATE'],
    ['91484020150101', 'ID_NUMBER_AGE'],
    ['914840199003071238', 'ID_NUMBER_CHECKSUM'],
    ['USA140090030712', 'ID_NUMBER_OLD_FOREIGN_CARD'],
    ['-1401', 'ID_NUMBER_CHARACTERS'],
    ['140105/', 'ID_NUMBER_CHARACTERS'],
  ])('%j -> %s', (raw, code) => {
    expect(partialIdNumberHint(raw, TODAY)?.code).toBe(code);
  });
});

describe('maskedIdGroups', () => {
  it("splits a masked number into GB 11643's address, birth date and sequence + check groups", () => {
    expect(maskedIdGroups('140***********1218')).toEqual(['140***', '********', '1218']);
    expect(maskedIdGroups('11010519491231002X')).toEqual(['110105', '19491231', '002X']);
  });
  it('leaves anything that is not 18 characters whole', () => {
    expect(maskedIdGroups('140****1218')).toEqual(['140****1218']);
  });
});
