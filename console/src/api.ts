/**
 * The console's one request wrapper: JSON to and from /api/v1 on the same origin, the console session as the
 * bearer token, and the API's error envelope ({error: {code, message}}) turned into ApiFailure with its Chinese
 * message. A 401 on a signed-in call ends the session here (the app then shows the sign-in QR).
 */
const BASE = '/api/v1';
const TOKEN_KEY = 'yizhan.console.token';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The console session token (sessionStorage: it ends with the browser tab, and is never in a URL). */
export const session = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

let onSignedOut: () => void = () => {};
/** What to do when the server says the session is over (401). */
export function whenSignedOut(f: () => void): void {
  onSignedOut = f;
}

/** Calls `path` (under /api/v1); resolves the JSON body (undefined for 204). @throws ApiFailure */
export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const token = session.get();
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiFailure(0, 'NETWORK', '网络连接失败，请检查网络后重试。');
  }
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body?.error;
    if (res.status === 401 && token) {
      session.clear();
      onSignedOut();
    }
    throw new ApiFailure(res.status, err?.code ?? 'INTERNAL', err?.message ?? '系统出了点问题，请稍后再试。');
  }
  return body as T;
}

/**
 * Downloads a file answer of `path` (an export, a door poster) with the session and hands it to the browser as
 * `filename`, else the answer's attachment name; resolves the name. @throws ApiFailure (the API's error envelope,
 * as for `api`)
 */
export async function download(path: string, filename?: string): Promise<string> {
  const token = session.get();
  let res: Response;
  try {
    res = await fetch(BASE + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiFailure(0, 'NETWORK', '网络连接失败，请检查网络后重试。');
  }
  if (!res.ok) {
    const err = (await res.json().catch(() => null))?.error;
    if (res.status === 401 && token) {
      session.clear();
      onSignedOut();
    }
    throw new ApiFailure(res.status, err?.code ?? 'INTERNAL', err?.message ?? '系统出了点问题，请稍后再试。');
  }
  const name = filename ?? /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** A staff member as the API answers it (openapi StaffMember). */
export interface StaffMember {
  id: string;
  role: 'city' | 'district' | 'keeper' | 'clinic';
  displayName: string;
  scope: { districtCode: string | null; stationId: string | null; healthStationId: string | null; name: string | null };
}

export const ROLE_NAMES: Record<StaffMember['role'], string> = {
  city: '市总工会管理员',
  district: '区县工会工作人员',
  keeper: '驿站管理员',
  clinic: '健康驿站工作人员',
};

/** The member's scope in words: 全市, or the district / station name. */
export const scopeName = (m: StaffMember): string => (m.role === 'city' ? '全市' : (m.scope.name ?? m.scope.districtCode ?? ''));
