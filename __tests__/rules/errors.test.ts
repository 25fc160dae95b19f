import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { ERRORS, isErrorCode, type ErrorCode } from '@/rules/errors';

describe('ERRORS', () => {
  it.each([
    ['UNAUTHENTICATED', 401],
    ['VALIDATION_FAILED', 400],
    ['NOT_FOUND', 404],
    ['NOT_REGISTERED', 404],
    ['ALREADY_REGISTERED', 409],
    ['ID_NUMBER_TAKEN', 409],
    ['CONSENT_REQUIRED', 422],
    ['ID_NUMBER_INVALID', 422],
    ['PHONE_INVALID', 422],
    ['NAME_INVALID', 422],
    ['OCCUPATION_INVALID', 422],
    ['DOOR_CODE_INVALID', 422],
    ['DOOR_CODE_EXPIRED', 410],
    ['PASS_REPLAYED', 409],
    ['PASS_EXPIRED', 410],
    ['TOO_FAR', 403],
    ['DOOR_NOT_RESPONDING', 504],
    ['RATE_LIMITED', 429],
    ['SLOT_FULL', 409],
    ['ALREADY_BOOKED', 409],
    ['BOOKING_LIMIT', 409],
    ['BOOKING_NOT_OPEN', 409],
    ['BOOKING_CLOSED', 409],
    ['CANCEL_TOO_LATE', 409],
    ['BOOKING_BLOCKED', 403],
    ['CHECK_IN_WINDOW', 409],
    ['STAFF_FORBIDDEN', 403],
    ['INVITATION_EXPIRED', 410],
    ['INTERNAL', 500],
  ])('%s -> %d', (code, status) => {
    expect(ERRORS[code as ErrorCode].status).toBe(status);
  });

  it('every code a rule module can return is catalogued at 422', () => {
    const dir = join(__dirname, '../../src/rules');
    const codes = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'errors.ts')) {
      const src = readFileSync(join(dir, file), 'utf8');
      for (const m of src.matchAll(/fail\('([A-Z_]+)'/g)) codes.add(m[1]);
    }
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'DOOR_CODE_EMPTY',
        'DOOR_CODE_FOREIGN',
        'DOOR_CODE_MALFORMED',
        'ID_NUMBER_AGE',
        'ID_NUMBER_BIRTH_DATE',
        'ID_NUMBER_CHARACTERS',
        'ID_NUMBER_CHECKSUM',
        'ID_NUMBER_EMPTY',
        'ID_NUMBER_FIRST_GENERATION',
        'ID_NUMBER_LENGTH',
        'ID_NUMBER_REGION',
        'NAME_EMPTY',
        'NAME_INVALID',
        'NAME_LENGTH',
        'PHONE_INVALID',
      ]),
    );
    for (const code of codes) {
      expect([code, isErrorCode(code) && ERRORS[code].status]).toEqual([code, 422]);
    }
  });

  it('has a Chinese message for every code, and codes are UPPER_SNAKE', () => {
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(entry.message).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.message.endsWith('。')).toBe(true);
    }
  });

  it('points to the union hotline 12351 when an identity number is taken', () => {
    expect(ERRORS.ID_NUMBER_TAKEN.message).toBe('该身份证号已被其他账号登记，如有疑问请联系市总工会服务热线 12351。');
  });

  it.each([
    ['TOO_FAR', true],
    ['toString', false],
    ['NOPE', false],
    [42, false],
  ])('isErrorCode(%j) === %s', (x, expected) => {
    expect(isErrorCode(x)).toBe(expected);
  });
});
