import { INTERPUNCT_LOOKALIKES, validateName } from '@/rules/name';

describe('validateName: accepted', () => {
  it.each([
    ['张三', '张三'],
    ['欧阳娜娜', '欧阳娜娜'],
    ['  王小明\u3000', '王小明'],
    ['张 三', '张三'],
    ['买买提·艾力', '买买提·艾力'],
    ['买买提 · 艾力', '买买提·艾力'],
    ['阿依古丽\u30FB吾斯曼', '阿依古丽·吾斯曼'],
    ['John Smith', 'John Smith'],
    ['  John   Smith ', 'John Smith'],
    ['José Martínez', 'José Martínez'],
    ['Müller', 'Müller'],
    ['\u{20000}\u{2A6D6}', '\u{20000}\u{2A6D6}'], // CJK Extension B, surrogate pairs: 2 characters
    // NFC: U+F900 is a duplicate of U+8C48 豈 (UnicodeData: F900;...;8C48) and folds to it; U+FA0E is a unified
    // ideograph that merely lives in the compatibility block (no decomposition) and stays.
    ['王\uF900', '王\u8C48'],
    ['王\uFA0E', '王\uFA0E'],
    ['㐀大', '㐀大'], // Extension A
    ['张'.repeat(30), '张'.repeat(30)],
  ])('%j -> %j', (raw, name) => {
    expect(validateName(raw)).toEqual({ ok: true, value: name });
  });

  it.each(Array.from(INTERPUNCT_LOOKALIKES).map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase()}`, c]))(
    'maps %s to the interpunct',
    (_label, dot) => {
      expect(validateName(`买买提${dot}艾力`)).toEqual({ ok: true, value: '买买提·艾力' });
    },
  );

  it('lists the look-alikes agreed in the design', () => {
    expect(Array.from(INTERPUNCT_LOOKALIKES).map((c) => c.charCodeAt(0).toString(16))).toEqual([
      '30fb',
      '2022',
      '2027',
      'ff0e',
      '22c5',
      '2219',
      'ff65',
      '387',
      '16eb',
      '2e31',
      '2024',
      '2e',
    ]);
  });
});

describe('validateName: rejected', () => {
  it.each([
    ['', 'NAME_EMPTY', '请填写'],
    [' \u3000 ', 'NAME_EMPTY', '请填写'],
    ['王', 'NAME_LENGTH', '至少'],
    ['张'.repeat(31), 'NAME_LENGTH', '31'],
    ['张3', 'NAME_INVALID', '数字“3”'],
    ['张\uFF13', 'NAME_INVALID', '数字'],
    ['李@', 'NAME_INVALID', '符号“@”'],
    ['A×B', 'NAME_INVALID', '符号“×”'],
    ['张。三', 'NAME_INVALID', '句号'],
    ['·张三', 'NAME_INVALID', '开头和结尾'],
    ['张三·', 'NAME_INVALID', '开头和结尾'],
    ['.张三', 'NAME_INVALID', '开头和结尾'],
    ['张··三', 'NAME_INVALID', '连在一起'],
    ['张.·三', 'NAME_INVALID', '连在一起'],
    ['张\u30FB\u30FB三', 'NAME_INVALID', '连在一起'],
    ['3', 'NAME_INVALID', '数字'],
  ])('%j -> %s', (raw, code, hint) => {
    const r = validateName(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message).toContain(hint);
    }
  });
});

// The format characters of Unicode category Cf named in the defect report, one table row each.
const FORMAT_CHARS: number[] = [
  0x00ad, 0x061c, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063,
  0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206a, 0x206b, 0x206c, 0x206d, 0x206e, 0x206f, 0xfeff, 0xfff9, 0xfffa, 0xfffb, 0xe0001,
];
const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

describe('validateName: invisible format characters are removed, never quoted', () => {
  it.each(FORMAT_CHARS.map((cp) => [hex(cp), String.fromCodePoint(cp)]))('%s around and inside a name', (_l, c) => {
    expect(validateName(`${c}张${c}三${c}`)).toEqual({ ok: true, value: '张三' });
    expect(validateName(`${c}O${c}'Brien ${c}Smith`)).toEqual({ ok: true, value: "O'Brien Smith" });
    const r = validateName(`张${c}3`);
    expect(r).toMatchObject({ ok: false, code: 'NAME_INVALID' });
    expect(!r.ok && r.message).toBe('姓名里不能有数字“3”，请按身份证上的姓名填写。');
  });

  it('a name of invisible characters only is empty', () => {
    expect(validateName('\u200B\u202D\u202C\uFEFF')).toMatchObject({ ok: false, code: 'NAME_EMPTY' });
  });

  it('a zero-width joiner between a letter and its accent still lets them compose', () => {
    expect(validateName('Jose\u200D\u0301 Li')).toEqual({ ok: true, value: 'Jos\u00E9 Li' });
  });
});

describe('validateName: Unicode normalisation (NFC)', () => {
  it.each([
    ['Jose\u0301', 'Jos\u00E9'],
    ['Jos\u00E9', 'Jos\u00E9'],
    ['Nguye\u0302\u0303n Van', 'Nguy\u1EC5n Van'], // e + circumflex + tilde -> U+1EC5
    ['Mu\u0308ller', 'M\u00FCller'],
    ['\u0141ukasz', '\u0141ukasz'], // Ł has no decomposition: unchanged
  ])('%j -> %j', (raw, name) => {
    expect(validateName(raw)).toEqual({ ok: true, value: name });
  });

  it('decomposed and precomposed spellings give the same name', () => {
    expect(validateName('Jose\u0301 Marti\u0301nez')).toEqual(validateName('José Martínez'));
  });
});

describe('validateName: 〇, Latin Extended letters, apostrophe and hyphen', () => {
  it.each([
    ['王〇', '王〇'],
    ['李〇〇', '李〇〇'],
    ['Łukasz', 'Łukasz'], // Latin Extended-A U+0141
    ['Dvořák', 'Dvořák'], // U+0159
    ['Ștefan', 'Ștefan'], // Latin Extended-B U+0218
    ['Nguyễn Văn Đặng', 'Nguyễn Văn Đặng'], // Extended Additional U+1EC5, U+0103, U+0110, U+1EB7
    ["O'Brien", "O'Brien"],
    ['O\u2019Brien', "O'Brien"], // iOS smart apostrophe
    ['O\u2018Brien', "O'Brien"],
    ['O\u02BCBrien', "O'Brien"],
    ['O\uFF07Brien', "O'Brien"],
    ['Jean-Pierre', 'Jean-Pierre'],
    ['Jean\u2010Pierre', 'Jean-Pierre'],
    ['Jean\u2011Pierre', 'Jean-Pierre'],
    ['Jean\uFF0DPierre', 'Jean-Pierre'],
    ["Mary-Jane O'Neil", "Mary-Jane O'Neil"],
    ["D'Artagnan-Łoś", "D'Artagnan-Łoś"],
    ['Jean - Pierre', 'Jean-Pierre'], // spaces go where they are not between two letters
  ])('%j -> %j', (raw, name) => {
    expect(validateName(raw)).toEqual({ ok: true, value: name });
  });
});

describe('validateName: still rejected, naming what to fix', () => {
  it.each([
    ["'Brien", "“'”只能写在两个字母中间"],
    ["O'", "“'”只能写在两个字母中间"],
    ["O''Brien", "“'”只能写在两个字母中间"],
    ['Jean--Pierre', '“-”只能写在两个字母中间'],
    ['-Jean', '“-”只能写在两个字母中间'],
    ['张-三', '“-”只能写在两个字母中间'],
    ["张'三", "“'”只能写在两个字母中间"],
    ["O'·Brien", "“'”只能写在两个字母中间"],
    ['José3', '数字“3”'],
    ['Jean\u2013Pierre', '符号“\u2013”'], // en dash is not a hyphen
    ['A_B', '符号“_”'],
    ['张三😀', '符号“😀”'],
    ['x\u0301y', '无法识别的特殊字符'], // NFC has no precomposed x-acute: a lone combining mark stays
    ['张\u0007三', '无法识别的特殊字符'], // control character
    ['李\uFE0F四', '无法识别的特殊字符'], // variation selector
    ['李\uD800四', '无法识别的特殊字符'], // lone surrogate
  ])('%j -> NAME_INVALID (%s)', (raw, hint) => {
    const r = validateName(raw);
    expect(r).toMatchObject({ ok: false, code: 'NAME_INVALID' });
    expect(!r.ok && r.message).toContain(hint);
  });
});
