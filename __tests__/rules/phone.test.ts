import { maskPhone, normalizePhone } from '@/rules/phone';

describe('normalizePhone: accepted', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['138\u30001234\u30005678', '13812345678'],
    ['  13812345678  ', '13812345678'],
    ['(138)1234-5678', '13812345678'],
    ['\uFF08138\uFF091234\uFF0D5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['\uFF0B8613812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['\uFF11\uFF13\uFF18\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18', '13812345678'],
    ['19912345678', '19912345678'],
    ['16612345678', '16612345678'],
  ])('%j -> %s', (raw, phone) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: phone });
  });
});

describe('normalizePhone: rejected with PHONE_INVALID', () => {
  it.each([
    ['', '请填写'],
    ['   ', '请填写'],
    ['138123456789', '12位'],
    ['1381234567', '10位'],
    ['12812345678', '13到19'],
    ['11812345678', '13到19'],
    ['03812345678', '13到19'],
    ['138abcd5678', '数字'],
    ['138.1234.5678', '数字'],
    ['+86138123456', '数字'], // +86 followed by 9 digits keeps its '+'
    ['86138123456', '13到19'], // 11 digits starting 86: not a prefix, not a mobile number
    ['+8612812345678', '13到19'],
    ['+1 13812345678', '数字'],
  ])('%j (message mentions %s)', (raw, hint) => {
    const r = normalizePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('PHONE_INVALID');
      expect(r.message).toContain(hint);
    }
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['19900001111', '199****1111'],
    ['1234', '**34'],
    ['12', '**'],
  ])('%s -> %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

// The format characters of Unicode category Cf named in the defect report, one table row each.
const FORMAT_CHARS: number[] = [
  0x00ad, 0x061c, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063,
  0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206a, 0x206b, 0x206c, 0x206d, 0x206e, 0x206f, 0xfeff, 0xfff9, 0xfffa, 0xfffb, 0xe0001,
];
const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

describe('normalizePhone: invisible format characters are ignored', () => {
  it.each([
    ['\u202D138 1234 5678\u202C', '13812345678'], // iOS contacts: left-to-right override ... pop
    ['\u202D+86 138 1234 5678\u202C', '13812345678'],
    ['\u202A138-1234-5678\u202C', '13812345678'],
    ['\u2066138\u00A01234\u00A05678\u2069', '13812345678'], // isolate + no-break spaces
    ['138\u200B1234\u200B5678', '13812345678'],
    ['\uFEFF13812345678', '13812345678'],
    ['\u200E+86\u200E13812345678', '13812345678'],
  ])('%j -> %s', (raw, phone) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: phone });
  });

  it.each(FORMAT_CHARS.map((cp) => [hex(cp), String.fromCodePoint(cp)]))('%s around and inside the number', (_l, c) => {
    expect(normalizePhone(`${c}138${c}1234${c}5678${c}`)).toEqual({ ok: true, value: '13812345678' });
  });

  it.each([
    ['\u200B\u202D\u202C', '请填写'],
    ['\u202D138.1234.5678\u202C', '数字'], // visible symbols are still refused
    ['\u202D1381234567\u202C', '10位'], // counts only the digits
  ])('%j (message mentions %s)', (raw, hint) => {
    const r = normalizePhone(raw);
    expect(r).toMatchObject({ ok: false, code: 'PHONE_INVALID' });
    expect(!r.ok && r.message).toContain(hint);
  });
});
