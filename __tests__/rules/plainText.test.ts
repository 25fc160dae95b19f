import { plainText } from '@/rules/text';

describe('plainText', () => {
  it('drops format and control characters, a line break and a tab become a space, spaces in a row one', () => {
    expect(plainText('\u202e停水\u0000检修\r\n\u200b明天\t 再开\u0007 ')).toBe('停水检修 明天 再开');
  });
  it('with multiline keeps each line break as one LF, at most one empty line in a row', () => {
    expect(plainText(' 热水器坏了\r\n\r\n\r\n\u202e明天来修 \r到场\u001b', { multiline: true })).toBe('热水器坏了\n\n明天来修\n到场');
  });
  it('leaves markup as text and composes to NFC', () => {
    expect(plainText('<b>e\u0301</b>')).toBe('<b>\u00e9</b>');
  });
});
