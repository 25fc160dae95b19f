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
    ['王\uF900', '王\uF900'], // compatibility ideograph
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
    expect(Array.from(INTERPUNCT_LOOKALIKES).map((c) => c.charCodeAt(0).toString(16))).toEqual(
      ['30fb', '2022', '2027', 'ff0e', '22c5', '2219', 'ff65', '387', '16eb', '2e31', '2024', '2e'],
    );
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
