import type { AppContext } from '../context';

/**
 * Wakes door controllers that long-poll for grants (GET /doors/{doorId}/grants?waitS=) the moment a grant for
 * their door is created, so a door opens within one round trip instead of one polling interval. In-process
 * only: with several server processes the controllers' timeout-and-retry still finds every grant, just later.
 */
export class GrantHub {
  private waiters = new Map<string, Set<() => void>>();

  /**
   * Resolves when `notify(doorId)` is called, after `maxMs` (real time), when `signal` aborts (the controller
   * hung up) or when the hub closes, whichever is first. Never rejects.
   */
  wait(doorId: string, maxMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(doorId);
      if (!set) this.waiters.set(doorId, (set = new Set()));
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        const s = this.waiters.get(doorId);
        s?.delete(done);
        if (s && s.size === 0) this.waiters.delete(doorId);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      signal?.addEventListener('abort', done);
      set.add(done);
    });
  }

  /** Wakes every controller waiting on `doorId`. */
  notify(doorId: string): void {
    for (const done of [...(this.waiters.get(doorId) ?? [])]) done();
  }

  /** Wakes everyone (server shutdown), so no request holds the close up. */
  close(): void {
    for (const set of [...this.waiters.values()]) for (const done of [...set]) done();
  }

  /** Controllers currently waiting, all doors together. */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }
}

const hubs = new WeakMap<AppContext, GrantHub>();

/** The hub of one server (one per AppContext), created on first use. */
export function grantHubOf(ctx: AppContext): GrantHub {
  let hub = hubs.get(ctx);
  if (!hub) hubs.set(ctx, (hub = new GrantHub()));
  return hub;
}
