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
