/**
 * POST /workers and GET /me against the real server: every error code, masking in every answer, duplicates.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { register, registrationBody, VALID_IDS, VALID_PHONE } from '../../support/registration';
import { madeUpIdNumber } from '../../support/identity';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  // 2026-11-30 12:00 Shanghai: fixes "today" for the future-birth and age rows below.
  s.clock.nowMs = Date.parse('2026-11-30T12:00:00+08:00');
});
afterAll(async () => s.close());

describe('POST /workers refuses each rule break with its own code, beside its field', () => {
  // [label, patch, status, code, details.field, details.reason]
  const rows: [string, Record<string, unknown>, number, string, string, string][] = [
    ['empty identity number', { idNumber: '' }, 422, 'ID_NUMBER_INVALID', 'idNumber', 'ID_NUMBER_EMPTY'],
    ['a letter inside the number', { idNumber: '14010519900307A234' }, 422, 'ID_NUMBER_INVALID', 'idNumber', 'ID_NUMBER_CHARACTERS'],
    ['17 digits', { idNumber: '14010519900307123' }, 422, 'ID_NUMBER_INVALID', 'idNumber', 'ID_NUMBER_LENGTH'],
    [
      'a 15-digit first-generation number',
      { idNumber: '140105900307123' },
      422,
      'ID_NUMBER_INVALID',
      'idNumber',
      'ID_NUMBER_FIRST_GENERATION',
    ],
    // 99 is no province; the check character '2' is right, so only the region is wrong.
    ['an unknown region 99', { idNumber: '990105199003071232' }, 422, 'ID_NUMBER_INVALID', 'idNumber', 'ID_NUMBER_REGION'],
    ['30 February', { idNumber: '140105199002301237' }, 422, 'ID_NUMBER_INVALID', 'idNumber', 'ID_NUMBER_BIRTH_DATE'],
    ['a birth in 2099', { idNumber: '140105209903071236' }, 422, 'ID_NUMBER_INVALID', 'idNumber', 'ID_NUMBER_BIRTH_DATE'],
    ['born 2020-01-01, aged 6', { idNumber: '140105202001011232' }, 422, 'ID_NUMBER_INVALID', 'idNumber', 'ID_NUMBER_AGE'],
    ['last character off by one', { idNumber: '140105199003071235' }, 422, 'ID_NUMBER_INVALID', 'idNumber', 'ID_NUMBER_CHECKSUM'],
    ['phone starting 12', { phone: '12812345678' }, 422, 'PHONE_INVALID', 'phone', 'PHONE_INVALID'],
    ['phone of 10 digits', { phone: '1381234567' }, 422, 'PHONE_INVALID', 'phone', 'PHONE_INVALID'],
    ['empty name', { name: '  ' }, 422, 'NAME_INVALID', 'name', 'NAME_EMPTY'],
    ['a digit in the name', { name: '张3' }, 422, 'NAME_INVALID', 'name', 'NAME_INVALID'],
    ['one character', { name: '张' }, 422, 'NAME_INVALID', 'name', 'NAME_LENGTH'],
    ['an occupation not on the list', { occupation: 'pilot' }, 422, 'OCCUPATION_INVALID', 'occupation', 'OCCUPATION_INVALID'],
  ];
  it.each(rows.map(([label, patch, status, code, field, reason]) => ({ label, patch, status, code, field, reason })))(
    '$label: $status $code ($reason)',
    async ({ patch, status, code, field, reason }) => {
      const token = await newSession(s.api);
      const r = await register(s.api, token, registrationBody(patch));
      expect(r.status).toBe(status);
      expect(r.body.error).toMatchObject({ code, details: { field, reason } });
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      // Nothing was written: the session's account is still unregistered.
      expect((await call(`${s.api}/me`, { token })).status).toBe(404);
    },
  );

  it.each([
    ['separate consent not given', { privacyPolicyVersion: PRIVACY_POLICY_VERSION, sensitiveInfo: false }, 'CONSENT_REQUIRED'],
    ['no version', { privacyPolicyVersion: '', sensitiveInfo: true }, 'CONSENT_REQUIRED'],
    ['an older notice', { privacyPolicyVersion: '2020-01-01', sensitiveInfo: true }, 'CONSENT_OUTDATED'],
  ])('consent: %s -> 422 %s with the version in force', async (_label, consent, code) => {
    const token = await newSession(s.api);
    const r = await register(s.api, token, registrationBody({ consent }));
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code, details: { field: 'consent', currentVersion: PRIVACY_POLICY_VERSION } });
  });

  it.each([
    ['no consent object', { consent: undefined }],
    ['an object for the name', { name: { first: '伟' } }],
    ['an identity number past the 100-character cap', { idNumber: '1'.repeat(101) }],
  ])('%s: 400 VALIDATION_FAILED', async (_label, patch) => {
    const token = await newSession(s.api);
    const r = await register(s.api, token, { ...registrationBody(), ...patch });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('without a session: 401 UNAUTHENTICATED', async () => {
    const r = await call(`${s.api}/workers`, { method: 'POST', body: registrationBody() });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('registration', () => {
  it('stores normalised values and answers masked ones only, in every answer', async () => {
    const deviceId = 'dev-masking-0001'.padEnd(32, '0');
    const token = await newSession(s.api, deviceId);
    // Typed the way people type: spaces in groups, a lowercase x, +86 and dashes.
    const r = await register(
      s.api,
      token,
      registrationBody({ idNumber: '110101 19800101 007x', phone: '+86 138-1234-5678', name: ' 买买提.艾力 ' }),
    );
    expect(r.status).toBe(201);
    const expected = {
      name: '买买提·艾力',
      idNumberMasked: '110***********007X',
      phoneMasked: '138****5678',
      occupation: 'delivery',
      privacyPolicyVersion: PRIVACY_POLICY_VERSION,
      registeredAt: '2026-11-30T12:00:00+08:00',
    };
    expect(r.body).toMatchObject(expected);
    expect(r.body.consent).toMatchObject({
      current: true,
      privacy: { version: PRIVACY_POLICY_VERSION, current: true },
      idNumber: { current: true },
      location: null,
    });

    const me = await call(`${s.api}/me`, { token });
    const again = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId } });
    expect(me.body).toMatchObject(expected);
    expect(again.body.worker).toMatchObject(expected);
    for (const answer of [r.body, me.body, again.body]) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(VALID_IDS.x);
      expect(text).not.toContain(VALID_PHONE);
      expect(text).not.toMatch(/\d{11}/);
    }
  });

  it('a second registration of the same account: 409 ALREADY_REGISTERED', async () => {
    const token = await newSession(s.api);
    expect((await register(s.api, token, registrationBody({ idNumber: VALID_IDS.second }))).status).toBe(201);
    const r = await register(s.api, token, registrationBody({ idNumber: VALID_IDS.third }));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ALREADY_REGISTERED');
  });

  it('an identity number held by another account: 409 ID_NUMBER_TAKEN with the hotline, nothing about the other account', async () => {
    const first = await newSession(s.api);
    const owner = await register(s.api, first, registrationBody({ idNumber: VALID_IDS.fourth, name: '李娜', phone: '13900001111' }));
    expect(owner.status).toBe(201);
    const second = await newSession(s.api);
    // Same number typed differently: normalised before the keyed hash, so it is still found.
    const r = await register(s.api, second, registrationBody({ idNumber: ' 1401 0619 9201 0100 33 ', name: '王强' }));
    expect(r.status).toBe(409);
    expect(r.body).toEqual({
      error: { code: 'ID_NUMBER_TAKEN', message: expect.stringContaining('12351'), details: { field: 'idNumber' } },
    });
    const text = JSON.stringify(r.body);
    for (const secret of [owner.body.id, '李娜', '139****1111', owner.body.idNumberMasked]) expect(text).not.toContain(secret);
    expect((await call(`${s.api}/me`, { token: second })).status).toBe(404);
  });

  it('one identity number sent by four accounts at the same moment: one 201, three 409 ID_NUMBER_TAKEN, no 5xx', async () => {
    // On PostgreSQL the four run in parallel transactions: the unique index decides, and its violation (23505)
    // must answer as a duplicate, not as a server error.
    const tokens = await Promise.all([0, 1, 2, 3].map(() => newSession(s.api)));
    const answers = await Promise.all(tokens.map((t) => register(s.api, t, registrationBody({ idNumber: madeUpIdNumber(7001) }))));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual([
      'ID_NUMBER_TAKEN',
      'ID_NUMBER_TAKEN',
      'ID_NUMBER_TAKEN',
    ]);
    expect(
      await s.one(
        'SELECT COUNT(*) AS n FROM workers WHERE id_number_masked = ?',
        answers.find((r) => r.status === 201)!.body.idNumberMasked,
      ),
    ).toEqual({ n: 1 });
  });

  it('one account registering twice at the same moment: one worker, the other 409 ALREADY_REGISTERED', async () => {
    const token = await newSession(s.api);
    const answers = await Promise.all([7002, 7003].map((n) => register(s.api, token, registrationBody({ idNumber: madeUpIdNumber(n) }))));
    expect(answers.map((r) => [r.status, r.body.error?.code ?? null]).sort()).toEqual([
      [201, null],
      [409, 'ALREADY_REGISTERED'],
    ]);
  });
});
