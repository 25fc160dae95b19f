/**
 * A worker's name as on the identity card: Han characters (with 〇), the interpunct used in transliterated minority
 * and foreign names (买买提·艾力), or Latin letters (accented ones included) with an apostrophe or hyphen between
 * two letters (O'Brien, Jean-Pierre).
 */
import { fail, ok, type RuleResult } from './result';
import { stripFormatChars } from './text';

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
// U+3007 〇 (ideographic number zero, written in registered names such as 王〇); CJK Extension A, Unified
// Ideographs, Compatibility Ideographs; Extensions B..H as surrogate pairs.
const HAN_BMP = /^[\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]$/;
const HAN_ASTRAL = /^[\uD840-\uD888][\uDC00-\uDFFF]$/;
// Latin letters for foreign names and transliterations: ASCII, Latin-1 minus × (U+D7) and ÷ (U+F7), Latin
// Extended-A and -B (Łukasz, Ștefan), Latin Extended Additional (Vietnamese: Nguyễn). Checked after NFC, so an
// accent typed as a separate combining mark has already joined its letter.
const LATIN = /^[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u1E00-\u1EFF]$/;

/** Apostrophe and hyphen: allowed only between two Latin letters (O'Brien, Jean-Pierre). */
const JOINERS = "'-";
// Typographic apostrophes (iOS smart punctuation gives U+2019; Chinese IMEs give U+2018/U+2019 for "'"), the
// modifier letter apostrophe U+02BC, full-width U+FF07; hyphens U+2010, U+2011 and full-width U+FF0D.
const APOSTROPHE_LOOKALIKES = /[\u2018\u2019\u02BC\uFF07]/g;
const HYPHEN_LOOKALIKES = /[\u2010\u2011\uFF0D]/g;
// Left in the name after clean-up, these cannot be shown alone in a message: C0/C1 controls other than
// whitespace, combining marks that NFC could not join to a letter, variation selectors, lone surrogates.
const UNSHOWABLE = new RegExp(
  '^(?:[\\u0000-\\u001F\\u007F-\\u009F\\u0300-\\u036F\\u1AB0-\\u1AFF\\u1DC0-\\u1DFF\\u20D0-\\u20FF\\uFE00-\\uFE0F\\uFE20-\\uFE2F' +
    '\\uD800-\\uDFFF]|\\uDB40[\\uDD00-\\uDDEF])$',
);

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
  if (UNSHOWABLE.test(ch)) return '姓名里有无法识别的特殊字符，请把姓名删掉后重新输入。';
  return `姓名里不能有符号“${ch}”，请按身份证上的姓名填写。`;
}

// String.prototype.normalize is ES2015 and present in every engine the app targets; the guard only keeps a
// stripped-down runtime from throwing (there, an unjoined accent is reported instead).
const toNfc = (s: string): string => (typeof String.prototype.normalize === 'function' ? s.normalize('NFC') : s);

/** The first apostrophe or hyphen that is not directly between two Latin letters, if any. */
function misplacedJoiner(chars: string[]): string | undefined {
  const betweenLetters = (i: number): boolean => i > 0 && i + 1 < chars.length && isLatin(chars[i - 1]) && isLatin(chars[i + 1]);
  return chars.find((ch, i) => JOINERS.includes(ch) && !betweenLetters(i));
}

/**
 * Validates and normalises a name: removes invisible format characters, composes to NFC (so 'Jose\u0301' equals
 * 'José'), trims, maps interpunct look-alikes to '·', typographic apostrophes to "'" and hyphen look-alikes to
 * '-', keeps single spaces only between Latin words. Allowed: Han characters (BMP and Extensions B+) and 〇, '·'
 * between parts, Latin letters incl. Latin-1, Extended-A/-B and Extended Additional, "'" and '-' between two
 * Latin letters. Length 2..30 code points.
 * @returns the normalised name, or NAME_EMPTY / NAME_INVALID (digit, symbol, misplaced dot, apostrophe or
 *   hyphen) / NAME_LENGTH
 */
export function validateName(raw: string): RuleResult<string> {
  const cleaned = toNfc(stripFormatChars(raw))
    .trim()
    .replace(LOOKALIKE_RE, INTERPUNCT)
    .replace(APOSTROPHE_LOOKALIKES, "'")
    .replace(HYPHEN_LOOKALIKES, '-');
  const name = normalizeSpaces(cleaned);
  if (name === '') return fail('NAME_EMPTY', '请填写姓名，和身份证上的一致。');
  const chars = Array.from(name);
  const allowed = (ch: string): boolean => isHan(ch) || isLatin(ch) || ch === ' ' || ch === INTERPUNCT || JOINERS.includes(ch);
  const bad = chars.find((ch) => !allowed(ch));
  if (bad !== undefined) return fail('NAME_INVALID', describeBadChar(bad));
  const joiner = misplacedJoiner(chars);
  if (joiner !== undefined) {
    return fail('NAME_INVALID', `姓名里的“${joiner}”只能写在两个字母中间（如 O'Brien、Jean-Pierre），请删掉多余的符号。`);
  }
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

/**
 * A worker's name masked for staff screens (GB/T 35273: show personal information masked): the first character
 * (the surname, or its first character for a two-character surname such as 欧阳) and one '*' for every other
 * character, counted in code points so an Extension B character is one: '张三' -> '张*', '欧阳娜娜' -> '欧***',
 * '买买提·艾力' -> '买*****'. Spaces around the name are dropped first. A one-character value becomes '*' and an
 * empty one '', so no value is ever shown whole.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}
