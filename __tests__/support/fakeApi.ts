/**
 * A programmable stand-in for the backend behind the Taro.request stub (UI tests): routes answer by
 * "METHOD /path"; unrouted calls answer 404. `calls` records what the app sent.
 */
import Taro from '@tarojs/taro';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';

export interface FakeAnswer {
  status: number;
  body?: unknown;
}
type Handler = (body: any) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeApi {
  routes: Map<string, Handler>;
  calls: { method: string; path: string; body: any; query: Record<string, string> }[];
  on: (key: string, h: Handler | FakeAnswer) => void;
}

/** Installs a fake on the Taro.request jest.fn; POST /sessions answers a session by default. */
export function fakeApi(): FakeApi {
  const api: FakeApi = {
    routes: new Map(),
    calls: [],
    on: (key, h) => api.routes.set(key, typeof h === 'function' ? h : () => h),
  };
  api.on('POST /sessions', { status: 201, body: { token: 'tok-1', expiresAt: '2099-01-01T00:00:00+08:00', worker: null } });
  (Taro.request as unknown as jest.Mock).mockImplementation(async (opts: { url: string; method: string; data?: unknown }) => {
    const path = opts.url.replace(/^.*\/api\/v1/, '').split('?')[0];
    const query = Object.fromEntries(new URLSearchParams(opts.url.split('?')[1] ?? ''));
    api.calls.push({ method: opts.method, path, body: opts.data, query });
    const h = api.routes.get(`${opts.method} ${path}`);
    const a = h ? await h(opts.data) : { status: 404, body: { error: { code: 'NOT_FOUND', message: '没有这个接口' } } };
    return { statusCode: a.status, data: a.body, header: {} };
  });
  return api;
}

/** A network failure the way Taro.request reports one. */
export const networkDown = (): never => {
  throw { errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' };
};

/** A registered worker as the API answers it (masked values only), for page and store tests. */
export const MASKED_WORKER = {
  id: 'w_1',
  name: '张伟',
  idNumberMasked: '140***********1234',
  phoneMasked: '138****5678',
  occupation: 'delivery',
  privacyPolicyVersion: PRIVACY_POLICY_VERSION,
  registeredAt: '2026-11-30T10:00:00+08:00',
};
