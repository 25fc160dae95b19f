import type { AppContext } from '../../core/context';

/**
 * How a new grant reaches the other processes of a cluster (mock/src/cluster.ts relays it over IPC): a controller's
 * long poll may be parked in one process while the unlock lands in another.
 */
export interface GrantRelay {
  /** Tells the other processes that `doorId` has a new grant. */
  publish(doorId: string): void;
  /** Calls `wake` with each door id the other processes publish; returns the unsubscribe. */
  subscribe(wake: (doorId: string) => void): () => void;
}

/**
 * Wakes door controllers that long-poll for grants (GET /doors/{doorId}/grants?waitS=) the moment a grant for
 * their door is created, so a door opens within one round trip instead of one polling interval. With a `relay`,
 * a grant created in another process of the cluster wakes them too.
 */
export class GrantHub {
  private waiters = new Map<string, Set<() => void>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly relay?: GrantRelay) {
    this.unsubscribe = relay ? relay.subscribe((doorId) => this.wake(doorId)) : () => {};
  }

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

  /** A grant for `doorId` was created here: wakes its controllers in this process and in the others. */
  notify(doorId: string): void {
    this.wake(doorId);
    this.relay?.publish(doorId);
  }

  /** Wakes every controller waiting on `doorId` in this process. */
  wake(doorId: string): void {
    for (const done of [...(this.waiters.get(doorId) ?? [])]) done();
  }

  /** Wakes everyone (server shutdown), so no request holds the close up, and stops listening to the relay. */
  close(): void {
    this.unsubscribe();
    for (const set of [...this.waiters.values()]) for (const done of [...set]) done();
  }

  /** Controllers currently waiting on `doorId` in this process. */
  waitingAt(doorId: string): number {
    return this.waiters.get(doorId)?.size ?? 0;
  }

  /** Controllers currently waiting, all doors together. */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }
}

const hubs = new WeakMap<AppContext, GrantHub>();

/** The hub of one server (one per AppContext, on `relay` if any, in a cluster), created on first use. */
export function grantHubOf(ctx: AppContext, relay?: GrantRelay): GrantHub {
  let hub = hubs.get(ctx);
  if (!hub) hubs.set(ctx, (hub = new GrantHub(relay)));
  return hub;
}
