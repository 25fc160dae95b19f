/**
 * The life of a door grant, as the worker's app sees it. A grant lives GRANT_TTL_MS; the door controller
 * fetches it, opens and acknowledges. An acknowledgement is still taken ACK_GRACE_MS after expiry, because
 * a door that opened at 9.9 s reports back a moment later; only after that does the server call the door
 * unresponsive. The app polls GET /entries/{id} until the state is no longer `waiting`.
 */
export const GRANT_TTL_MS = 10_000;
export const ACK_GRACE_MS = 2_000;

/** `opened`: the door acknowledged; `no_response`: it did not in time; `waiting`: it still may. */
export type DoorState = 'waiting' | 'opened' | 'no_response';

/** The door's state for a grant expiring at `expiresAt`, acknowledged at `ackedAt` (or not), at `nowMs`. */
export function doorState(expiresAt: number, ackedAt: number | null, nowMs: number): DoorState {
  if (ackedAt !== null) return 'opened';
  return nowMs < expiresAt + ACK_GRACE_MS ? 'waiting' : 'no_response';
}

/** True while an acknowledgement of the grant is still accepted. */
export const ackAccepted = (expiresAt: number, nowMs: number): boolean => nowMs < expiresAt + ACK_GRACE_MS;
