import { stripFormatChars } from '@/rules/text';

describe('stripFormatChars', () => {
  it.each([
    ['\u202D138 1234 5678\u202C', '138 1234 5678'],
    ['a\u00ADb', 'ab'],
    ['\u200B\u200C\u200D\u200E\u200F', ''],
    ['\u2066x\u2069', 'x'],
    ['\uFEFFx\uFFF9y\uFFFAz\uFFFB', 'xyz'],
    ['\u{E0001}\u{E0020}\u{E007F}x', 'x'], // tags (astral)
    ['\u{1D173}x\u{1D17A}', 'x'], // musical symbol begin/end beam (astral)
    ['张三 John', '张三 John'],
    ['\u00A0\u3000 \t', '\u00A0\u3000 \t'], // spaces are not format characters: each rule decides about them
    ['\u{20000}\u{1F600}', '\u{20000}\u{1F600}'], // other astral characters keep both halves
    ['\u2065\u00AC\u200A', '\u2065\u00AC\u200A'], // unassigned U+2065, NOT SIGN, HAIR SPACE: not Cf
  ])('%j -> %j', (raw, out) => {
    expect(stripFormatChars(raw)).toBe(out);
  });

  // The explicit ranges stand in for \p{Cf}, which older WeChat engines lack; the test engine (Node) has it, so
  // the two are compared over every code point. A Node upgrade with new Cf characters fails here on purpose.
  it('removes exactly the characters of general category Cf, code point by code point', () => {
    const cf = /^\p{Cf}$/u;
    const mismatches: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates are not characters
      const ch = String.fromCodePoint(cp);
      if ((stripFormatChars(ch) === '') !== cf.test(ch)) mismatches.push(cp.toString(16));
    }
    expect(mismatches).toEqual([]);
  });
});
