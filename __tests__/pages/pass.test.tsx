/**
 * The worker's pass page: a QR of the server's single-use pass, replaced when the server says (refreshInMs),
 * never fetched while the page is hidden. jest's fake clock; no real waiting.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { __reset } from '../stubs/taro';
import { hidePage, showPage } from '../support/taroShow';
import { fakeApi, networkDown, type FakeAnswer, type FakeApi } from '../support/fakeApi';
import PassPage, { RETRY_MS } from '@/packages/unlock/pages/pass/index';
import { QrCode } from '@/components/QrCode';
import { useSessionStore } from '@/stores/session';

jest.mock('@tarojs/taro', () => require('../support/taroShow').withShowHide());

const T0 = Date.parse('2026-12-01T06:30:05+08:00');
const pass = (n: number) => `YZP1.p${n}abcdef.1764541830.nonce${n}xyz.AbCdEfGhIjKlMnOp`;

let api: FakeApi;
let issued: number;
const passPosts = () => api.calls.filter((c) => c.method === 'POST' && c.path === '/me/pass').length;
const advance = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));
/** The QR image the page shows, compared with the image QrCode draws for `text`. */
const qrSrc = () => screen.getByTestId('pass-qr').querySelector('img')!.getAttribute('src');
function qrSrcOf(text: string): string | null {
  const { container, unmount } = render(<QrCode text={text} label='x' />);
  const src = container.querySelector('img')!.getAttribute('src');
  unmount();
  return src;
}

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
  __reset();
  api = fakeApi();
  issued = 0;
  // As the server answers at 06:30:05: the step ends at 06:30:30, 25 s from now.
  api.on('POST /me/pass', () => {
    issued += 1;
    return {
      status: 201,
      body: {
        pass: pass(issued),
        expiresAt: '2026-12-01T06:31:00+08:00',
        refreshAt: '2026-12-01T06:30:30+08:00',
        refreshInMs: issued === 1 ? 25_000 : 30_000,
      },
    };
  });
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: { id: 'w_1' } as never,
    pendingDoorCode: null,
  });
});
afterEach(() => {
  cleanup();
  jest.useRealTimers();
});

it('shows the pass as a QR with the reader hint, and replaces it when the server says', async () => {
  render(<PassPage />);
  await advance(0);
  expect(passPosts()).toBe(1);
  expect(qrSrc()).toBe(qrSrcOf(pass(1)));
  expect(screen.getByTestId('pass-hint').textContent).toBe('门禁读头扫此码进门，30秒自动刷新');
  await advance(24_999);
  expect(passPosts()).toBe(1);
  await advance(1);
  expect(passPosts()).toBe(2);
  expect(qrSrc()).toBe(qrSrcOf(pass(2)));
  await advance(30_000);
  expect(passPosts()).toBe(3);
  expect(qrSrc()).not.toBe(qrSrcOf(pass(2)));
});

it('刷新进门码 fetches a new pass at once (a reader just used this one) and restarts the 30 s clock', async () => {
  render(<PassPage />);
  await advance(0);
  await advance(10_000);
  expect(passPosts()).toBe(1);
  act(() => screen.getByTestId('pass-refresh').click());
  await advance(0);
  expect(passPosts()).toBe(2);
  expect(qrSrc()).toBe(qrSrcOf(pass(2)));
  // The old timer (due 15 s from here) is gone; the new pass's own 30 s apply.
  await advance(29_999);
  expect(passPosts()).toBe(2);
  await advance(1);
  expect(passPosts()).toBe(3);
});

it('stops fetching while the page is hidden and fetches a fresh pass at once when shown again', async () => {
  render(<PassPage />);
  await advance(0);
  hidePage();
  await advance(120_000);
  expect(passPosts()).toBe(1);
  showPage();
  await advance(0);
  expect(passPosts()).toBe(2);
  expect(qrSrc()).toBe(qrSrcOf(pass(2)));
});

it('an answer that arrives after the page hid is dropped, and schedules nothing', async () => {
  let answer!: (a: FakeAnswer) => void;
  api.on('POST /me/pass', () => new Promise((r) => (answer = r)));
  render(<PassPage />);
  await advance(0);
  hidePage();
  await act(async () => answer({ status: 201, body: { pass: pass(9), refreshInMs: 30_000 } }));
  await advance(60_000);
  expect(passPosts()).toBe(1);
  expect(screen.queryByTestId('pass-qr')).toBeNull();
});

it('stops when the page is closed', async () => {
  const { unmount } = render(<PassPage />);
  await advance(0);
  unmount();
  await advance(120_000);
  expect(passPosts()).toBe(1);
});

it('a network failure hides the old pass and tries again after RETRY_MS', async () => {
  render(<PassPage />);
  await advance(0);
  api.on('POST /me/pass', networkDown);
  await advance(25_000);
  expect(screen.queryByTestId('pass-qr')).toBeNull();
  expect(screen.getByTestId('pass-error').textContent).toContain('网络连接失败');
  api.on('POST /me/pass', { status: 201, body: { pass: pass(7), refreshInMs: 30_000 } });
  await advance(RETRY_MS);
  expect(qrSrc()).toBe(qrSrcOf(pass(7)));
  expect(screen.queryByTestId('pass-error')).toBeNull();
});

it('a server refresh time out of bounds is clamped (never faster than 1 s, never slower than 30 s)', async () => {
  api.on('POST /me/pass', () => {
    issued += 1;
    return { status: 201, body: { pass: pass(issued), refreshInMs: issued === 1 ? -5_000 : 600_000 } };
  });
  render(<PassPage />);
  await advance(0);
  await advance(999);
  expect(passPosts()).toBe(1);
  await advance(1);
  expect(passPosts()).toBe(2);
  await advance(30_000);
  expect(passPosts()).toBe(3);
});

it('before registration: says so and offers registration, and asks no more', async () => {
  api.on('POST /me/pass', { status: 403, body: { error: { code: 'NOT_REGISTERED', message: '您还没有登记身份信息，请先完成登记。' } } });
  render(<PassPage />);
  await advance(0);
  expect(screen.getByTestId('pass-unregistered').textContent).toContain('登记后才有进门码');
  expect(useSessionStore.getState().worker).toBeNull();
  await advance(60_000);
  expect(passPosts()).toBe(1);
});
