/**
 * Resident identity number (公民身份号码), GB 11643-1999:
 * 6-digit administrative division code + 8-digit birth date YYYYMMDD + 3-digit sequence (odd = male,
 * even = female) + 1 check character by ISO 7064 MOD 11-2.
 */
import { fail, ok, type RuleFailure, type RuleResult } from './result';
import { type CalendarDate, isRealDate, shanghaiParts } from './time';

export interface IdNumberInfo {
  /** 18 characters, digits with an upper-case X check character. */
  idNumber: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  sex: 'male' | 'female';
  /** The 6-digit administrative division code (Taiyuan: 1401xx). */
  regionCode: string;
}

/** Minimum working age, PRC Labour Law art. 15 (employers may not recruit minors under 16). */
export const MIN_WORKER_AGE = 16;
/** High enough never to reject an elderly worker, low enough to catch typos such as 1890 for 1990. */
export const MAX_WORKER_AGE = 100;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

// Province-level codes of GB/T 2260 used on mainland resident cards (11..65). 71 (Taiwan) is never issued on a
// mainland card. 81/82/83 are the prefixes of the residence permits for Hong Kong, Macao and Taiwan residents
// (《港澳台居民居住证申领发放办法》, 2018), whose numbers follow GB 11643 and may be used to register.
const REGION_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '81', '82', '83',
]);

const MSG = {
  ID_NUMBER_EMPTY: '请填写身份证号码（18位）。',
  ID_NUMBER_CHARACTERS: '身份证号只能是数字，最后一位可以是字母X，请去掉其他字母或符号。',
  ID_NUMBER_FIRST_GENERATION: '这是15位的老身份证号，已经停用。请填写第二代身份证上的18位号码。',
  ID_NUMBER_REGION: '身份证号前两位不对，请对照身份证重新填写。',
  ID_NUMBER_BIRTH_DATE: '身份证号第7到14位的出生日期不对，请对照身份证核对出生年月日。',
  ID_NUMBER_CHECKSUM: '身份证号校验不通过，可能有一位数字输错了，请对照身份证逐位核对。',
} as const;

const lengthMessage = (n: number): string =>
  n < 18 ? `身份证号应为18位，现在只有${n}位，请补全。` : `身份证号应为18位，现在有${n}位，请检查是否多输了。`;

const ageMessage = (age: number): string =>
  `按身份证上的出生日期，年龄为${age}岁，不在${MIN_WORKER_AGE}到${MAX_WORKER_AGE}岁之间，请核对第7到14位的出生年月日。`;

/**
 * Canonical form of typed input: full-width digits and Ｘ/ｘ (Chinese IMEs produce them) become ASCII, every
 * space (incl. U+3000) goes, because people type the number in groups, and x becomes X.
 */
export function normalizeIdNumberInput(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/[\s\u3000\u200B\uFEFF]+/g, '')
    .replace(/x/g, 'X');
}

/**
 * ISO 7064 MOD 11-2 check character (GB 11643-1999 clause 7): sum of digit x weight (7 9 10 5 8 4 2 1 6 3 7 9 10
 * 5 8 4 2), r = sum mod 11, character = "10X98765432"[r].
 * @param first17 the first 17 characters, ASCII digits only
 * @throws RangeError when `first17` is not 17 ASCII digits
 */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function defaultToday(): CalendarDate {
  const { year, month, day } = shanghaiParts(Date.now());
  return { year, month, day };
}

const compareMonthDay = (a: CalendarDate, b: CalendarDate): number => (a.month - b.month) * 100 + (a.day - b.day);

/** Completed years between a birth date and today; a birthday counts from the day itself. */
function ageOn(birth: CalendarDate, today: CalendarDate): number {
  return today.year - birth.year - (compareMonthDay(today, birth) < 0 ? 1 : 0);
}

function checkShape(id: string): RuleFailure | null {
  if (id === '') return fail('ID_NUMBER_EMPTY', MSG.ID_NUMBER_EMPTY);
  if (!/^\d*X?$/.test(id)) return fail('ID_NUMBER_CHARACTERS', MSG.ID_NUMBER_CHARACTERS);
  if (id.length === 15 && /^\d{15}$/.test(id)) {
    return fail('ID_NUMBER_FIRST_GENERATION', MSG.ID_NUMBER_FIRST_GENERATION);
  }
  if (id.length !== 18) return fail('ID_NUMBER_LENGTH', lengthMessage(id.length));
  return null;
}

function checkBirth(digits8: string, today: CalendarDate): RuleFailure | null {
  const birth = { year: Number(digits8.slice(0, 4)), month: Number(digits8.slice(4, 6)), day: Number(digits8.slice(6, 8)) };
  if (!isRealDate(birth.year, birth.month, birth.day)) return fail('ID_NUMBER_BIRTH_DATE', MSG.ID_NUMBER_BIRTH_DATE);
  const future = birth.year > today.year || (birth.year === today.year && compareMonthDay(birth, today) > 0);
  if (future) return fail('ID_NUMBER_BIRTH_DATE', MSG.ID_NUMBER_BIRTH_DATE);
  const age = ageOn(birth, today);
  if (age < MIN_WORKER_AGE || age > MAX_WORKER_AGE) return fail('ID_NUMBER_AGE', ageMessage(age));
  return null;
}

/**
 * Validates a resident identity number typed by a worker (GB 11643-1999).
 * Checks, in order: characters and length, region prefix, birth date (real and not in the future), age 16..100,
 * check character. Codes: ID_NUMBER_EMPTY, ID_NUMBER_CHARACTERS, ID_NUMBER_FIRST_GENERATION, ID_NUMBER_LENGTH,
 * ID_NUMBER_REGION, ID_NUMBER_BIRTH_DATE, ID_NUMBER_AGE, ID_NUMBER_CHECKSUM.
 * @param today the reference date for the future/age checks; default: today's date in Asia/Shanghai
 */
export function validateIdNumber(raw: string, today: CalendarDate = defaultToday()): RuleResult<IdNumberInfo> {
  const id = normalizeIdNumberInput(raw);
  const shape = checkShape(id);
  if (shape) return shape;
  if (!REGION_PREFIXES.has(id.slice(0, 2))) return fail('ID_NUMBER_REGION', MSG.ID_NUMBER_REGION);
  const birth = checkBirth(id.slice(6, 14), today);
  if (birth) return birth;
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return fail('ID_NUMBER_CHECKSUM', MSG.ID_NUMBER_CHECKSUM);
  return ok({
    idNumber: id,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  });
}

/**
 * Masked for display (GB/T 35273: show personal information masked): the first 3 and last 4 characters stay,
 * each other character becomes '*', e.g. '140105199003071234' -> '140***********1234'. Strings of 7 characters
 * or fewer are masked entirely, since keeping 7 would reveal them whole.
 */
export function maskIdNumber(id: string): string {
  const s = normalizeIdNumberInput(id);
  if (s.length <= 7) return '*'.repeat(s.length);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}

/**
 * As-you-type feedback: null while `raw` can still become a valid number (so the form does not nag), otherwise
 * the failure the finished number would get. Checks each part once it has been typed completely: characters,
 * region (2 chars), month (12), day, future and age (14), everything (18). 15 digits are not flagged here, the
 * worker may still be typing; submit-time {@link validateIdNumber} reports the first-generation number.
 */
export function partialIdNumberHint(raw: string, today: CalendarDate = defaultToday()): RuleFailure | null {
  const id = normalizeIdNumberInput(raw);
  if (id === '') return null;
  if (!/^\d*X?$/.test(id) || (id.endsWith('X') && id.length < 18)) {
    return fail('ID_NUMBER_CHARACTERS', MSG.ID_NUMBER_CHARACTERS);
  }
  if (id.length > 18) return fail('ID_NUMBER_LENGTH', lengthMessage(id.length));
  if (id.length >= 2 && !REGION_PREFIXES.has(id.slice(0, 2))) return fail('ID_NUMBER_REGION', MSG.ID_NUMBER_REGION);
  if (id.length >= 12) {
    const month = Number(id.slice(10, 12));
    if (month < 1 || month > 12) return fail('ID_NUMBER_BIRTH_DATE', MSG.ID_NUMBER_BIRTH_DATE);
  }
  if (id.length >= 14) {
    const birth = checkBirth(id.slice(6, 14), today);
    if (birth) return birth;
  }
  if (id.length === 18) {
    const full = validateIdNumber(id, today);
    return full.ok ? null : full;
  }
  return null;
}
