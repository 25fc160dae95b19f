/**
 * Resident identity number (公民身份号码), GB 11643-1999:
 * 6-digit administrative division code + 8-digit birth date YYYYMMDD + 3-digit sequence (odd = male,
 * even = female) + 1 check character by ISO 7064 MOD 11-2.
 *
 * Also accepted: the number of the 2023 Foreign Permanent Resident ID Card (外国人永久居留身份证, issued since
 * 2023-12-01; National Immigration Administration, 《新版外国人永久居留身份证机读信息规则》): 18 characters,
 * '9' (marks a foreigner; citizens' numbers start 1..8) + 2-digit province code of the issuing place + 3-digit
 * numeric nationality code + 8-digit birth date YYYYMMDD + 3-digit sequence (odd = male, even = female) + 1 check
 * character by the same MOD 11-2 as GB 11643. It is the one number the card holder uses everywhere a citizen
 * gives an identity number. The 2017 card's 15-character number (3 letters + 12 digits) is refused with a
 * message of its own (new card or the union hotline): its check scheme is not GB 11643's and no official
 * description of it could be confirmed, so it cannot be checked the same way.
 */
import { UNION_HOTLINE } from './errors';
import { fail, ok, type RuleFailure, type RuleResult } from './result';
import { stripFormatChars } from './text';
import { type CalendarDate, isRealDate, shanghaiParts } from './time';

/** 'citizen': GB 11643 number (incl. HK/Macao/Taiwan residence permits); 'foreignPermanentResident': 2023 card. */
export type IdNumberKind = 'citizen' | 'foreignPermanentResident';

export interface IdNumberInfo {
  /** 18 characters, digits with an upper-case X check character. */
  idNumber: string;
  kind: IdNumberKind;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  sex: 'male' | 'female';
  /**
   * The 6-digit administrative division code (Taiyuan: 1401xx); for a foreigner's card, the issuing province's
   * code padded with '0000' (Shanxi: 140000), since the card names no county.
   */
  regionCode: string;
  /** Foreigner's card only: the 3-digit numeric nationality code (digits 4..6). Not checked against a list. */
  nationalityCode?: string;
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
const PROVINCE_CODES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
];
const MAINLAND_PROVINCES = new Set(PROVINCE_CODES);
const REGION_PREFIXES = new Set(PROVINCE_CODES.concat(['81', '82', '83']));
const PROVINCE_FIRST_DIGITS = new Set(PROVINCE_CODES.map((p) => p[0]));

/** First character of a 2023 foreigner's permanent residence card number. */
const FOREIGN_MARK = '9';

const MSG = {
  ID_NUMBER_EMPTY: '请填写身份证号码（18位）。',
  ID_NUMBER_CHARACTERS: '身份证号只能是数字，最后一位可以是字母X，请去掉其他字母或符号。',
  ID_NUMBER_FIRST_GENERATION: '这是15位的老身份证号，已经停用。请填写第二代身份证上的18位号码。',
  ID_NUMBER_REGION: '身份证号前两位不对，请对照身份证重新填写。',
  ID_NUMBER_BIRTH_DATE: '身份证号第7到14位的出生日期不对，请对照身份证核对出生年月日。',
  ID_NUMBER_CHECKSUM: '身份证号校验不通过，可能有一位数字输错了，请对照身份证逐位核对。',
  // Code ID_NUMBER_REGION for a number starting with 9; a citizen who mistyped the first digit reads it too.
  ID_NUMBER_REGION_FOREIGN:
    '号码前三位不对。身份证号不会以9开头；外国人永久居留身份证号以9开头，第2、3位是受理地的省份代码。请对照证件重新填写。',
  ID_NUMBER_OLD_FOREIGN_CARD: `这是2017年版外国人永久居留身份证号（字母开头），暂时不能在线登记。请填写2023年新版永居证上以9开头的18位号码，或拨打职工服务热线 ${UNION_HOTLINE}。`,
} as const;

const lengthMessage = (n: number): string =>
  n < 18 ? `身份证号应为18位，现在只有${n}位，请补全。` : `身份证号应为18位，现在有${n}位，请检查是否多输了。`;

const ageMessage = (age: number): string =>
  `按身份证上的出生日期，年龄为${age}岁，不在${MIN_WORKER_AGE}到${MAX_WORKER_AGE}岁之间，请核对第7到14位的出生年月日。`;

// Dashes and dots people put between digit groups: hyphen-minus, U+2010..U+2015 hyphens and dashes (IMEs turn
// '-' into U+2014), U+2212 minus, U+FE63 and U+FF0D (full-width), '.', U+FF0E full-width and U+3002 ideographic
// full stop (what '.' gives in a Chinese IME).
const GROUP_SEPARATOR = '\\-\\u2010-\\u2015\\u2212\\uFE63\\uFF0D.\\uFF0E\\u3002';
const BETWEEN_GROUPS = new RegExp(`(\\d)[${GROUP_SEPARATOR}]+(?=[\\dX])`, 'g');
const TRAILING_SEPARATORS = new RegExp(`(\\d)[${GROUP_SEPARATOR}]+$`);

/**
 * Canonical form of typed input: invisible format characters go (see {@link stripFormatChars}), full-width digits
 * and Ｘ/ｘ (Chinese IMEs produce them) become ASCII, x becomes X, every space (incl. U+3000) goes, and so do dashes
 * and dots between two characters of the number ('140105-19900307-1234'), because people type the number in
 * groups. A separator elsewhere (leading, trailing, next to a letter) stays, so the check reports it.
 */
export function normalizeIdNumberInput(raw: string): string {
  return stripFormatChars(raw)
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF38\uFF58x]/g, 'X')
    .replace(/[\s\u3000]+/g, '')
    .replace(BETWEEN_GROUPS, '$1');
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

/** The 2017 foreigner's card: 3-letter nationality code + 12 digits. */
const OLD_FOREIGN_CARD = /^[A-Za-z]{3}\d{12}$/;

const oldForeignCard = (): RuleFailure => fail('ID_NUMBER_OLD_FOREIGN_CARD', MSG.ID_NUMBER_OLD_FOREIGN_CARD);

function checkShape(id: string): RuleFailure | null {
  if (id === '') return fail('ID_NUMBER_EMPTY', MSG.ID_NUMBER_EMPTY);
  if (OLD_FOREIGN_CARD.test(id)) return oldForeignCard();
  if (!/^\d*X?$/.test(id)) return fail('ID_NUMBER_CHARACTERS', MSG.ID_NUMBER_CHARACTERS);
  if (id.length === 15 && id[0] !== FOREIGN_MARK && /^\d{15}$/.test(id)) {
    return fail('ID_NUMBER_FIRST_GENERATION', MSG.ID_NUMBER_FIRST_GENERATION);
  }
  if (id.length !== 18) return fail('ID_NUMBER_LENGTH', lengthMessage(id.length));
  return null;
}

/**
 * Checks as much of the region as has been typed: a citizen's first 2 characters, a foreigner's 2nd and 3rd.
 * '9' followed by a digit no province starts with fits neither kind, so it gets the plain message.
 */
function checkRegion(id: string): RuleFailure | null {
  if (id[0] === FOREIGN_MARK) {
    if (id.length >= 2 && !PROVINCE_FIRST_DIGITS.has(id[1])) return fail('ID_NUMBER_REGION', MSG.ID_NUMBER_REGION);
    if (id.length < 3 || MAINLAND_PROVINCES.has(id.slice(1, 3))) return null;
    return fail('ID_NUMBER_REGION', MSG.ID_NUMBER_REGION_FOREIGN);
  }
  if (id.length < 2 || REGION_PREFIXES.has(id.slice(0, 2))) return null;
  return fail('ID_NUMBER_REGION', MSG.ID_NUMBER_REGION);
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
 * Validates an identity number typed by a worker: a resident identity number (GB 11643-1999) or a 2023 foreigner's
 * permanent residence card number (module doc). Both keep the birth date in characters 7..14 and the sex in the
 * 17th. Checks, in order: characters and length, region, birth date (real and not in the future), age 16..100,
 * check character. Codes: ID_NUMBER_EMPTY, ID_NUMBER_OLD_FOREIGN_CARD, ID_NUMBER_CHARACTERS,
 * ID_NUMBER_FIRST_GENERATION, ID_NUMBER_LENGTH, ID_NUMBER_REGION, ID_NUMBER_BIRTH_DATE, ID_NUMBER_AGE,
 * ID_NUMBER_CHECKSUM.
 * @param today the reference date for the future/age checks; default: today's date in Asia/Shanghai
 */
export function validateIdNumber(raw: string, today: CalendarDate = defaultToday()): RuleResult<IdNumberInfo> {
  const id = normalizeIdNumberInput(raw);
  const failure = checkShape(id) ?? checkRegion(id) ?? checkBirth(id.slice(6, 14), today);
  if (failure) return failure;
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return fail('ID_NUMBER_CHECKSUM', MSG.ID_NUMBER_CHECKSUM);
  const common = {
    idNumber: id,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? ('male' as const) : ('female' as const),
  };
  if (id[0] === FOREIGN_MARK) {
    const regionCode = `${id.slice(1, 3)}0000`;
    return ok({ ...common, kind: 'foreignPermanentResident', regionCode, nationalityCode: id.slice(3, 6) });
  }
  return ok({ ...common, kind: 'citizen', regionCode: id.slice(0, 6) });
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
 * region (2 chars; a foreigner's card: 3), month (12), day, future and age (14), everything (18). A separator
 * just typed after a group ('140105-') is not flagged. 15 digits are not flagged here, the worker may still be
 * typing; submit-time {@link validateIdNumber} reports the first-generation number. Up to 3 leading letters
 * followed by digits are not flagged either until they make a whole 2017 foreigner's card number.
 */
export function partialIdNumberHint(raw: string, today: CalendarDate = defaultToday()): RuleFailure | null {
  const id = normalizeIdNumberInput(raw).replace(TRAILING_SEPARATORS, '$1');
  if (id === '') return null;
  if (OLD_FOREIGN_CARD.test(id)) return oldForeignCard();
  if (id.length < 15 && /^[A-Za-z]{1,3}\d*$/.test(id)) return null;
  if (!/^\d*X?$/.test(id) || (id.endsWith('X') && id.length < 18)) {
    return fail('ID_NUMBER_CHARACTERS', MSG.ID_NUMBER_CHARACTERS);
  }
  if (id.length > 18) return fail('ID_NUMBER_LENGTH', lengthMessage(id.length));
  const region = checkRegion(id);
  if (region) return region;
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

/**
 * The number as the card prints its parts, for reading back while typing: 6 (region) 8 (birth date YYYYMMDD)
 * 4 (sequence and check character), separated by spaces, as far as typed: '14010519680512' -> '140105 19680512'.
 * Input that is not digits with at most a final X, or longer than 18, comes back normalized but ungrouped (the
 * hint says what is wrong with it).
 */
export function groupIdNumber(raw: string): string {
  const id = normalizeIdNumberInput(raw);
  if (!/^\d*X?$/.test(id) || id.length > 18) return id;
  return [id.slice(0, 6), id.slice(6, 14), id.slice(14)].filter(Boolean).join(' ');
}

/**
 * The groups a masked identity number is shown in, as GB 11643's structure splits it (6-digit address code,
 * 8-digit birth date, 3-digit sequence + check digit): e.g. '140***********1218' -> ['140***', '********', '1218'].
 * A line may break between groups, never inside one. Anything not 18 characters is one group.
 */
export function maskedIdGroups(masked: string): string[] {
  return masked.length === 18 ? [masked.slice(0, 6), masked.slice(6, 14), masked.slice(14)] : [masked];
}

/**
 * The birth date in characters 7..14, in words ('1968年5月12日'), once all 8 are typed and make a real date
 * (the age and checksum are the validator's business); null before that or when not a date.
 */
export function birthDateInWords(raw: string): string | null {
  const id = normalizeIdNumberInput(raw);
  if (!/^\d{14}/.test(id)) return null;
  const [year, month, day] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number);
  return isRealDate(year, month, day) ? `${year}年${month}月${day}日` : null;
}
