/**
 * Reading an identity number back as it is typed: GB 11643-1999's parts in groups (6 region, 8 birth date,
 * 4 sequence and check) and the birth date in words. Values from the standard's own examples, worked by hand.
 */
import { birthDateInWords, groupIdNumber, idNumberCheckChar } from '@/rules/idNumber';

describe('groupIdNumber', () => {
  it.each([
    ['', ''],
    ['1101', '1101'],
    ['110105', '110105'],
    ['1101051', '110105 1'],
    ['11010519491231', '110105 19491231'],
    ['110105194912310', '110105 19491231 0'],
    ['11010519491231002X', '110105 19491231 002X'], // GB 11643's example: 北京朝阳 1949-12-31, 002, check X
    ['11010519491231002x', '110105 19491231 002X'],
    ['110105 19491231 002X', '110105 19491231 002X'], // regrouping what is shown changes nothing
    ['１１０１０５１９４９１２３１００２Ｘ', '110105 19491231 002X'], // full-width from a Chinese IME
    ['110105-19491231-002X', '110105 19491231 002X'],
  ])('%j -> %j', (raw, shown) => {
    expect(groupIdNumber(raw)).toBe(shown);
  });

  it('leaves what cannot be a number ungrouped (the hint says why)', () => {
    expect(groupIdNumber('11010519491231002X1')).toBe('11010519491231002X1');
    expect(groupIdNumber('1101X5')).toBe('1101X5');
    expect(groupIdNumber('ABC123')).toBe('ABC123');
  });

  it('the example really has check character X (by hand: weighted sum 167, 167 mod 11 = 2, "10X98765432"[2] = X)', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });
});

describe('birthDateInWords', () => {
  it.each([
    ['11010519491231002X', '1949年12月31日'],
    ['140105196805121234', '1968年5月12日'], // the example: no leading zeros, as said aloud
    ['44052418800101001', '1880年1月1日'], // GB 11643's other example; the age is the validator's business
    ['14010519680512', '1968年5月12日'], // echoed as soon as the 8 date digits are in
    ['1401051968051', null],
    ['140105 19680512 12', '1968年5月12日'],
    ['140105196802301234', null], // 30 February
    ['140105196813011234', null], // month 13
    ['', null],
  ])('%j -> %p', (raw, words) => {
    expect(birthDateInWords(raw)).toBe(words);
  });
});
