import { maskName } from '@/rules/name';

describe('maskName: the surname and one * per other character', () => {
  it.each([
    ['张三', '张*'],
    ['王小明', '王**'],
    ['欧阳娜娜', '欧***'],
    ['买买提·艾力', '买*****'],
    // U+20000 (CJK Extension B) is one character written as two UTF-16 units.
    ['\u{20000}小明', '\u{20000}**'],
    ['李\u{20000}', '李*'],
    ['John Smith', 'J*********'],
    ['  张三 ', '张*'],
  ])('%j -> %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never shows a one-character or empty value whole', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
  });
});
