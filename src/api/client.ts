import Taro from '@tarojs/taro';

/**
 * The one request wrapper: base URL, bearer token, timeout, and error mapping. Every failure reaches
 * callers as an {@link ApiError} with a stable `code` and a Chinese `message` a worker can act on.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly details: Record<string, unknown> = {},
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True for failures worth retrying as they are (network, timeout, server trouble). */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

/**
 * The backend WeChat DevTools reaches on a developer's machine (tick "不校验合法域名" in DevTools): weapp needs
 * an absolute URL (https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html).
 */
export const WEAPP_DEV_API_BASE = 'http://127.0.0.1:3000/api/v1';

/**
 * API base: TARO_APP_API_BASE, inlined at build time, for a deployment (`TARO_APP_API_BASE=https://... npm run
 * build:weapp`); otherwise h5 uses its own origin (the backend serves it) and weapp the local backend.
 */
export const API_BASE: string = process.env.TARO_APP_API_BASE || (process.env.TARO_ENV === 'weapp' ? WEAPP_DEV_API_BASE : '/api/v1');
const TIMEOUT_MS = 10_000;

interface AuthHooks {
  token: () => string | null;
  /** Called once on a 401: obtains a fresh session and returns its token, or null. */
  renew: () => Promise<string | null>;
}
let auth: AuthHooks = { token: () => null, renew: async () => null };

/** The session store plugs itself in here, so the client never imports stores. */
export function setAuthHooks(hooks: AuthHooks): void {
  auth = hooks;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send no token (creating a session). */
  anonymous?: boolean;
  timeoutMs?: number;
}

const queryString = (q: RequestOptions['query']): string => {
  const parts = Object.entries(q ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
};

const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
const TIMEOUT_MESSAGE = '网络太慢，请求超时了，请稍后重试';

async function send<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: RequestOptions, token: string | null) {
  // A content type without a body is refused by the server (empty JSON body), so bodiless calls send none.
  const header: Record<string, string> = { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers };
  if (token && !opts.anonymous) header.Authorization = `Bearer ${token}`;
  try {
    return await Taro.request<T>({
      url: `${API_BASE}${path}${queryString(opts.query)}`,
      method,
      data: opts.body as Record<string, unknown> | undefined,
      header,
      timeout: opts.timeoutMs ?? TIMEOUT_MS,
      dataType: 'json',
    });
  } catch (err) {
    const msg = String((err as { errMsg?: string })?.errMsg ?? err);
    // weapp says "request:fail timeout"; Taro's h5 request aborts its fetch at the timeout, so there it is an
    // AbortError ("The operation was aborted."), and the app aborts no request itself.
    if (/timeout|超时/i.test(msg) || (err as { name?: string })?.name === 'AbortError') throw new ApiError('TIMEOUT', TIMEOUT_MESSAGE);
    throw new ApiError('NETWORK', NETWORK_MESSAGE);
  }
}

/**
 * Sends a JSON request to the API. Resolves with the parsed body on 2xx; rejects with ApiError
 * otherwise (server errors keep their `code`/`message`; 401 renews the session once and retries).
 */
export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send<T>(method, path, opts, auth.token());
  if (res.statusCode === 401 && !opts.anonymous) {
    const fresh = await auth.renew();
    if (fresh) res = await send<T>(method, path, opts, fresh);
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data;
  const body = res.data as unknown as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
  const retryAfter = Number(
    (res.header as Record<string, string> | undefined)?.['Retry-After'] ??
      (res.header as Record<string, string> | undefined)?.['retry-after'],
  );
  if (body?.error?.code) {
    throw new ApiError(
      body.error.code,
      body.error.message || '出错了，请重试',
      res.statusCode,
      body.error.details ?? {},
      Number.isFinite(retryAfter) ? retryAfter : undefined,
    );
  }
  throw new ApiError(res.statusCode >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR', '服务暂时不可用，请稍后重试', res.statusCode);
}
