import { openState, type OpeningHours, type OpenState } from '../../../src/rules/hours';
import { parseShanghaiDateTime, shanghaiDate, shanghaiEpoch, addDays, parseDate } from '../../../src/rules/time';

const MS_PER_MIN = 60_000;

interface Entry {
  from: number;
  until: number;
  state: OpenState;
}

/** The next Shanghai midnight strictly after `epochMs`. */
function nextShanghaiMidnight(epochMs: number): number {
  return shanghaiEpoch(parseDate(addDays(shanghaiDate(epochMs), 1))!);
}

/**
 * openState (src/rules/hours.ts) remembered per station until it can next change. Computing it costs ~0.1 ms
 * (it lays out ten days of intervals): too much for 20 stations in every nearby answer at thousands of requests
 * a second, and a per-minute cache would recompute every station in the same second of each minute.
 *
 * Exact, not approximate. A state computed at the start of minute m holds until the first of: its closesAt or
 * opensAt, the start or end of any closure, and the next Shanghai midnight (where 今天/明天 and the look-ahead
 * window move). Weekly hours change only on whole minutes ('HH:mm', Shanghai is a whole-hour offset), so every
 * instant of a minute has the state of its first millisecond; hours whose closures start or end inside a minute
 * are never cached. Keyed by the hours object, so stations re-read after a change start afresh and dropped ones
 * are garbage-collected.
 */
export class OpenStateCache {
  private readonly entries = new WeakMap<OpeningHours, Entry>();
  private readonly boundaries = new WeakMap<OpeningHours, number[] | null>();

  /** The open state of `hours` at `epochMs`: the same value as openState(hours, epochMs). */
  get(hours: OpeningHours, epochMs: number): OpenState {
    const closureEdges = this.closureEdges(hours);
    if (closureEdges === null) return openState(hours, epochMs);
    const hit = this.entries.get(hours);
    if (hit && hit.from <= epochMs && epochMs < hit.until) return hit.state;
    const from = Math.floor(epochMs / MS_PER_MIN) * MS_PER_MIN;
    const state = openState(hours, from);
    let until = nextShanghaiMidnight(from);
    for (const t of [state.closesAt, state.opensAt, ...closureEdges]) {
      if (t !== undefined && t > from && t < until) until = t;
    }
    this.entries.set(hours, { from, until, state });
    return state;
  }

  /** Closure starts and ends (epoch ms), or null when one is not on a whole minute (never cached). */
  private closureEdges(hours: OpeningHours): number[] | null {
    let edges = this.boundaries.get(hours);
    if (edges === undefined) {
      const all = (hours.closures ?? []).flatMap((c) => [parseShanghaiDateTime(c.from), parseShanghaiDateTime(c.to)]);
      const parsed = all.filter((t): t is number => t !== null);
      edges = parsed.every((t) => t % MS_PER_MIN === 0) ? parsed : null;
      this.boundaries.set(hours, edges);
    }
    return edges;
  }
}
