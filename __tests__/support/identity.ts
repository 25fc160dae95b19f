/**
 * The one source of made-up identity numbers for tests. All are invented; their check characters follow
 * GB 11643-1999 (ISO 7064 MOD 11-2), computed here from the standard, independently of src/rules/idNumber.ts.
 */

/** GB 11643-1999 weights of the first 17 characters (2^(18-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** ISO 7064 MOD 11-2 check characters indexed by (weighted sum mod 11). */
const CHECK = '10X98765432';

/** The check character of a 17-digit identity number body. */
export function checkChar(body17: string): string {
  const sum = [...body17].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  return CHECK[sum % 11];
}

/**
 * Valid numbers worked out by hand, each usable once per server (uniqueness); e.g. 14010519900307123: sum of
 * digit x weight = 217, 217 mod 11 = 8, "10X98765432"[8] = '4'.
 */
export const VALID_IDS = {
  digit: '140105199003071234',
  /** 1+9+0+5+0+4+2+9+48+0+0+9+0+5+0+0+14 = 112, 112 mod 11 = 2 -> 'X'. */
  x: '11010119800101007X',
  second: '140109198506120019',
  third: '140105197802280025',
  fourth: '140106199201010033',
  fifth: '140107198808080048',
} as const;

/** A made-up valid number (迎泽区 140106, born 1988-MM-15), distinct for n = 0 .. 11999. */
export function madeUpIdNumber(n: number): string {
  const month = String(1 + Math.floor(n / 1000)).padStart(2, '0');
  const body = `1401061988${month}15${String(n % 1000).padStart(3, '0')}`;
  return `${body}${checkChar(body)}`;
}
