import { request } from './client';
import type { Worker } from './workers';

export interface SessionResponse {
  token: string;
  expiresAt: string;
  worker: Worker | null;
}

/** POST /sessions: a session for this device (h5, development) or for a WeChat login code. */
export const createSession = (by: { deviceId: string } | { wxCode: string }) =>
  request<SessionResponse>('POST', '/sessions', { body: by, anonymous: true });

/** DELETE /sessions/current: logout. */
export const deleteSession = () => request<void>('DELETE', '/sessions/current');
