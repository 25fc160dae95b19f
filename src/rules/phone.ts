/**
 * Mainland China mobile numbers: 11 digits, '1' then 3-9 (MIIT numbering plan; DOMAIN.md).
 */
import { fail, ok, type RuleResult } from './result';
import { stripFormatChars } from './text';

const toAsciiDigits = (s: string): string =>
  s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\uFF0B/g, '+');

// Only separators people really type between digit groups; dots or slashes would more likely be a typo.
const SEPARATORS = /[\s\u3000\-\u2010\u2011\u2013\u2014\uFF0D()\uFF08\uFF09]/g;

/**
 * Normalises a typed mobile number to 11 ASCII digits.
 * Removes invisible format characters (iOS contacts wrap a copied number in bidi marks), spaces (incl. U+3000),
 * dashes and parentheses, maps full-width digits, then drops a country prefix
 * +86, 0086 or 86 only when exactly 11 digits follow (so '86...' mobile-like typos are not silently cut).
 * @returns the 11-digit number, or PHONE_INVALID with a message saying what to fix (empty, letters, too short,
 *   too long, wrong start)
 */
export function normalizePhone(raw: string): RuleResult<string> {
  let s = toAsciiDigits(stripFormatChars(raw)).replace(SEPARATORS, '');
  if (s === '') return fail('PHONE_INVALID', '请填写手机号。');
  const prefixed = /^(?:\+86|0086|86)(\d{11})$/.exec(s);
  if (prefixed) s = prefixed[1];
  if (!/^\d+$/.test(s)) return fail('PHONE_INVALID', '手机号只能填数字，请去掉字母或符号后重新输入。');
  if (s.length < 11) return fail('PHONE_INVALID', `手机号应为11位，现在只有${s.length}位，请补全。`);
  if (s.length > 11) return fail('PHONE_INVALID', `手机号应为11位，现在有${s.length}位，请检查是否多输了。`);
  if (!/^1[3-9]\d{9}$/.test(s)) return fail('PHONE_INVALID', '手机号应以13到19开头，请核对后重新输入。');
  return ok(s);
}

/**
 * Masked for display: first 3 and last 4 digits, '13812345678' -> '138****5678'.
 * Anything that is not 11 characters keeps only its last 2 characters, so a malformed value never leaks whole.
 */
export function maskPhone(phone: string): string {
  if (phone.length === 11) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  if (phone.length <= 2) return '*'.repeat(phone.length);
  return '*'.repeat(phone.length - 2) + phone.slice(-2);
}
