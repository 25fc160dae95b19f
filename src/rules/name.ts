/**
 * A worker's name as on the identity card: Han characters, the interpunct used in transliterated minority and
 * foreign names (买买提·艾力), or Latin letters.
 */
import { fail, ok, type RuleResult } from './result';

/** The canonical interpunct, U+00B7 MIDDLE DOT, as printed on resident identity cards. */
export const INTERPUNCT = '\u00B7';

/**
 * Characters IMEs and keyboards produce when people mean the interpunct: U+30FB katakana middle dot (Chinese
 * IMEs), U+2022 bullet, U+2027 hyphenation point, U+FF0E full-width full stop, U+22C5 dot operator, U+2219
 * bullet operator, U+FF65 half-width katakana middle dot, U+0387 Greek ano teleia, U+16EB runic single
 * punctuation, U+2E31 word separator middle dot, U+2024 one dot leader, '.' full stop. The ideographic full stop
 * '。' is not mapped: it ends a sentence and is more likely a slip than a dot in a name.
 */
export const INTERPUNCT_LOOKALIKES = '\u30FB\u2022\u2027\uFF0E\u22C5\u2219\uFF65\u0387\u16EB\u2E31\u2024.';

const LOOKALIKE_RE = new RegExp(`[${INTERPUNCT_LOOKALIKES.replace('.', '\\.')}]`, 'g');

// Explicit ranges instead of \p{Script=Han}: older WeChat JS cores lack Unicode property escapes.
// CJK Extension A, Unified Ideographs, Compatibility Ideographs; Extensions B..H as surrogate pairs.
const HAN_BMP = /^[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]$/;
const HAN_ASTRAL = /^[\uD840-\uD888][\uDC00-\uDFFF]$/;
// Latin letters incl. Latin-1 accented ones for transliterations, minus × (U+D7) and ÷ (U+F7).
const LATIN = /^[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]$/;

export const NAME_MIN_LENGTH = 2;
export const NAME_MAX_LENGTH = 30;

const isHan = (ch: string): boolean => HAN_BMP.test(ch) || HAN_ASTRAL.test(ch);
const isLatin = (ch: string): boolean => LATIN.test(ch);

/** Spaces survive only between two Latin letters ('John Smith'); elsewhere ('张 三', '买买提 · 艾力') they go. */
function normalizeSpaces(s: string): string {
  const chars = Array.from(s);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    if (!/\s/.test(chars[i])) {
      out += chars[i];
      continue;
    }
    let j = i;
    while (j + 1 < chars.length && /\s/.test(chars[j + 1])) j++;
    if (i > 0 && j + 1 < chars.length && isLatin(chars[i - 1]) && isLatin(chars[j + 1])) out += ' ';
    i = j;
  }
  return out;
}

function describeBadChar(ch: string): string {
  if (/^[0-9\uFF10-\uFF19]$/.test(ch)) return `姓名里不能有数字“${ch}”，请按身份证上的姓名填写。`;
  if (ch === '\u3002') return '姓名里不能有句号“。”，少数民族姓名中间的点请用“·”。';
  return `姓名里不能有符号“${ch}”，请按身份证上的姓名填写。`;
}

/**
 * Validates and normalises a name: trims, maps interpunct look-alikes to '·', keeps single spaces only between
 * Latin words. Allowed: Han characters (BMP and Extensions B+), '·' between parts, Latin letters incl. À-ÿ.
 * Length 2..30 code points.
 * @returns the normalised name, or NAME_EMPTY / NAME_INVALID (digit, symbol, misplaced dot) / NAME_LENGTH
 */
export function validateName(raw: string): RuleResult<string> {
  const name = normalizeSpaces(raw.trim().replace(LOOKALIKE_RE, INTERPUNCT));
  if (name === '') return fail('NAME_EMPTY', '请填写姓名，和身份证上的一致。');
  const chars = Array.from(name);
  const bad = chars.find((ch) => !(isHan(ch) || isLatin(ch) || ch === ' ' || ch === INTERPUNCT));
  if (bad !== undefined) return fail('NAME_INVALID', describeBadChar(bad));
  if (name.startsWith(INTERPUNCT) || name.endsWith(INTERPUNCT)) {
    return fail('NAME_INVALID', '姓名开头和结尾不能是“·”，请删掉多余的点。');
  }
  if (name.includes(INTERPUNCT + INTERPUNCT)) {
    return fail('NAME_INVALID', '姓名里两个“·”连在一起了，请只保留一个。');
  }
  if (chars.length < NAME_MIN_LENGTH) {
    return fail('NAME_LENGTH', '姓名至少要2个字，请填写完整的姓和名。');
  }
  if (chars.length > NAME_MAX_LENGTH) {
    return fail('NAME_LENGTH', `姓名最多${NAME_MAX_LENGTH}个字，现在有${chars.length}个，请检查是否多输了。`);
  }
  return ok(name);
}
