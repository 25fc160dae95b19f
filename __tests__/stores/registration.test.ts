import { storage, __reset } from '../stubs/taro';
import { useRegistrationStore, DRAFT_KEY } from '@/stores/registration';
import { useSessionStore } from '@/stores/session';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { MASKED_WORKER, fakeApi, networkDown, type FakeAnswer, type FakeApi } from '../support/fakeApi';

const WORKER = MASKED_WORKER;
const FILLED = {
  name: '张伟',
  idNumber: '140105199003071234',
  phone: '138 1234 5678',
  occupation: 'delivery',
  consentPrivacy: true,
  consentSensitive: true,
};

let api: FakeApi;
const store = () => useRegistrationStore.getState();
/** What a restart does: in-memory state gone, storage kept, the page loads the draft again. */
const restart = () => {
  const blank = { name: '', idNumber: '', phone: '', occupation: '', consentPrivacy: false, consentSensitive: false, consentVersion: '' };
  useRegistrationStore.setState({ draft: blank, errors: {}, formError: null, idHint: null });
  store().load();
};

beforeEach(() => {
  __reset();
  api = fakeApi();
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: null,
    expiresAt: null,
    worker: null,
    pendingDoorCode: null,
  });
  store().reset();
});

describe('the draft survives', () => {
  it('an app restart: every typed field comes back from storage', () => {
    store().update(FILLED);
    restart();
    expect(store().draft).toEqual({ ...FILLED, consentVersion: PRIVACY_POLICY_VERSION });
  });

  const failures: [string, () => FakeAnswer][] = [
    ['the network being down', networkDown],
    ['a server error', () => ({ status: 500, body: { error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试。' } } })],
    ['a 502 from a proxy without our error body', () => ({ status: 502, body: '<html>' })],
  ];
  it.each(failures)('a failed submit (%s): typing kept, message above the button, submit possible again', async (_label, answer) => {
    store().update(FILLED);
    api.on('POST /workers', answer);
    expect(await store().submit()).toBeNull();
    expect(store()).toMatchObject({ submitting: false, errors: {}, draft: { ...FILLED } });
    expect(store().formError).toMatch(/[\u4e00-\u9fff]/);
    restart();
    expect(store().draft.idNumber).toBe(FILLED.idNumber);
  });

  it('consents given to an older notice are dropped on restore; the typing is kept', () => {
    storage.set(DRAFT_KEY, JSON.stringify({ v: 1, data: { ...FILLED, consentVersion: '2024-01-01', savedAt: Date.now() - 60_000 } }));
    store().load();
    expect(store().draft).toMatchObject({ idNumber: FILLED.idNumber, consentPrivacy: false, consentSensitive: false });
  });

  it('a shared phone: the identity number and mobile typed before their consents are not kept', () => {
    store().update({ name: '张伟', idNumber: FILLED.idNumber, phone: FILLED.phone, occupation: 'delivery' });
    const saved = storage.get(DRAFT_KEY) as string;
    expect(saved).not.toContain(FILLED.idNumber);
    expect(saved).not.toContain('1234 5678');
    restart();
    expect(store().draft).toMatchObject({ name: '张伟', idNumber: '', phone: '', occupation: 'delivery' });
    // With the privacy consent the mobile is kept; the identity number needs its own consent too.
    store().update({ idNumber: FILLED.idNumber, phone: FILLED.phone, consentPrivacy: true });
    restart();
    expect(store().draft).toMatchObject({ idNumber: '', phone: FILLED.phone });
  });

  it.each([
    ['saved 2 hours and 1 minute ago', Date.now() - (2 * 60 + 1) * 60_000],
    ['saved before drafts had a time', undefined],
  ])('a draft %s is forgotten', (_label, savedAt) => {
    storage.set(DRAFT_KEY, JSON.stringify({ v: 1, data: { ...FILLED, consentVersion: PRIVACY_POLICY_VERSION, savedAt } }));
    store().load();
    expect(store().draft).toMatchObject({ name: '', idNumber: '', phone: '' });
  });

  it('a draft saved 1 hour 59 minutes ago is still there', () => {
    storage.set(
      DRAFT_KEY,
      JSON.stringify({ v: 1, data: { ...FILLED, consentVersion: PRIVACY_POLICY_VERSION, savedAt: Date.now() - 119 * 60_000 } }),
    );
    store().load();
    expect(store().draft).toMatchObject({ idNumber: FILLED.idNumber });
  });

  it.each([
    ['missing', undefined],
    ['empty string', ''],
    ['corrupt JSON', '{"v":1,"data":'],
    ['another version', JSON.stringify({ v: 0, data: FILLED })],
    ['wrong shape', JSON.stringify({ v: 1, data: { name: 3 } })],
  ])('a broken saved draft (%s) gives an empty form and is not kept', (_label, value) => {
    if (value !== undefined) storage.set(DRAFT_KEY, value);
    store().load();
    expect(store().draft).toMatchObject({ name: '', idNumber: '', consentPrivacy: false });
    // Discarded, or the empty value weapp itself uses for "missing".
    expect(storage.get(DRAFT_KEY) ?? '').toBe('');
  });
});

describe('submit', () => {
  it('registers, stores the worker in the session and removes the draft (no identity number left on the phone)', async () => {
    store().update(FILLED);
    api.on('POST /workers', { status: 201, body: WORKER });
    expect(await store().submit()).toEqual(WORKER);
    expect(useSessionStore.getState().worker).toEqual(WORKER);
    expect(storage.has(DRAFT_KEY)).toBe(false);
    expect([...storage.values()].join()).not.toContain('140105199003071234');
    expect(api.calls.find((c) => c.path === '/workers')?.body).toEqual({
      name: '张伟',
      idNumber: '140105199003071234',
      phone: '138 1234 5678',
      occupation: 'delivery',
      consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION, sensitiveInfo: true },
    });
  });

  it('is in flight once: a second tap while waiting sends nothing', async () => {
    store().update(FILLED);
    let answer!: (a: { status: number; body: unknown }) => void;
    api.on('POST /workers', () => new Promise((r) => (answer = r)));
    const first = store().submit();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(store().submitting).toBe(true);
    expect(await store().submit()).toBeNull();
    answer({ status: 201, body: WORKER });
    expect(await first).toEqual(WORKER);
    expect(api.calls.filter((c) => c.path === '/workers')).toHaveLength(1);
    expect(store().submitting).toBe(false);
  });

  it('checks every field first and sends nothing when one is wrong', async () => {
    store().update({ ...FILLED, idNumber: '140105199003071235', consentSensitive: false });
    expect(await store().submit()).toBeNull();
    expect(store().errors).toEqual({
      name: undefined,
      idNumber: '身份证号校验不通过，可能有一位数字输错了，请对照身份证逐位核对。',
      phone: undefined,
      occupation: undefined,
      consent: '请阅读并勾选同意隐私政策，并单独同意提供身份证号，才能登记。',
    });
    expect(api.calls.some((c) => c.path === '/workers')).toBe(false);
    // Fixing the field clears its message as it is typed.
    store().update({ idNumber: '140105199003071234' });
    expect(store().errors.idNumber).toBeUndefined();
  });

  it("puts the server's 422 beside the field it names", async () => {
    store().update(FILLED);
    api.on('POST /workers', {
      status: 422,
      body: {
        error: {
          code: 'PHONE_INVALID',
          message: '手机号应以13到19开头，请核对后重新输入。',
          details: { field: 'phone', reason: 'PHONE_INVALID' },
        },
      },
    });
    await store().submit();
    expect(store().errors.phone).toBe('手机号应以13到19开头，请核对后重新输入。');
    expect(store().formError).toBeNull();
  });

  it('a taken identity number: the message with the hotline beside the number, and the hotline offered', async () => {
    store().update(FILLED);
    api.on('POST /workers', {
      status: 409,
      body: {
        error: {
          code: 'ID_NUMBER_TAKEN',
          message: '该身份证号已被其他账号登记，如有疑问请联系市总工会服务热线 12351。',
          details: { field: 'idNumber' },
        },
      },
    });
    await store().submit();
    expect(store().errors.idNumber).toContain('12351');
    expect(store().idTaken).toBe(true);
    store().update({ idNumber: '11010119800101007X' });
    expect(store().idTaken).toBe(false);
  });

  it('a notice changed meanwhile (CONSENT_OUTDATED): consents cleared so the worker reads and agrees again', async () => {
    store().update(FILLED);
    api.on('POST /workers', {
      status: 422,
      body: {
        error: {
          code: 'CONSENT_OUTDATED',
          message: '隐私政策已更新，请重新阅读并同意新版本后再提交。',
          details: { field: 'consent', currentVersion: '2099-01-01' },
        },
      },
    });
    await store().submit();
    expect(store().errors.consent).toContain('隐私政策已更新');
    expect(store().draft).toMatchObject({ consentPrivacy: false, consentSensitive: false, idNumber: FILLED.idNumber });
  });

  it('an earlier attempt that went through (ALREADY_REGISTERED) counts as registered', async () => {
    store().update(FILLED);
    api.on('POST /workers', { status: 409, body: { error: { code: 'ALREADY_REGISTERED', message: '您已经登记过了，无需重复登记。' } } });
    api.on('GET /me', { status: 200, body: WORKER });
    expect(await store().submit()).toEqual(WORKER);
    expect(useSessionStore.getState().worker).toEqual(WORKER);
  });
});

describe('as-you-type identity number hint', () => {
  it.each([
    ['1401', null],
    ['14010519900307', null],
    ['140105', null],
    // 15 digits may still be the start of an 18-digit number: no nagging.
    ['140105199003071', null],
    ['99', '身份证号前两位不对，请对照身份证重新填写。'],
    ['1401051990130', '身份证号第7到14位的出生日期不对，请对照身份证核对出生年月日。'],
    ['14010A', '身份证号只能是数字，最后一位可以是字母X，请去掉其他字母或符号。'],
    ['140105199003071235', '身份证号校验不通过，可能有一位数字输错了，请对照身份证逐位核对。'],
  ])('%s -> %s', (typed, hint) => {
    store().update({ idNumber: typed });
    expect(store().idHint).toBe(hint);
  });
});
