import { openState, type OpeningHours, type OpenState } from '@/rules/hours';
import { parseShanghaiDateTime, shanghaiDate, shanghaiEpoch, addDays, parseDate } from '@/rules/time';

const MS_PER_MIN = 60_000;

/** The next Shanghai midnight strictly after `epochMs`. */
function nextShanghaiMidnight(epochMs: number): number {
  return shanghaiEpoch(parseDate(addDays(shanghaiDate(epochMs), 1))!);
}

function closureEdges(hours: OpeningHours): number[] | null {
  const all = (hours.closures ?? []).flatMap((c) => [parseShanghaiDateTime(c.from), parseShanghaiDateTime(c.to)]);
  const parsed = all.filter((t): t is number => t !== null);
  return parsed.every((t) => t % MS_PER_MIN === 0) ? parsed : null;
}

/**
 * openState (src/rules/hours.ts) of one schedule, remembered until it can next change. Computing it lays out ten
 * days of intervals: too much work for 20 stations in every nearby answer at thousands of requests a second, and a per-minute cache would recompute every station in the same second of each minute.
 *
 * Exact, not approximate. A state computed at the start of minute m holds until the first of: its closesAt or
 * opensAt, the start or end of any closure, and the next Shanghai midnight (where 今天/明天 and the look-ahead
 * window move). Weekly hours change only on whole minutes ('HH:mm', Shanghai is a whole-hour offset), so every
 * instant of a minute has the state of its first millisecond; hours whose closures start or end inside a minute
 * are never cached. The nearby list keeps one per listed station (nearbyAnswer.ts).
 */
export class OpenStateMemo {
  /** Closure starts and ends (epoch ms), or null when one is not on a whole minute (never cached). */
  private readonly edges: number[] | null;
  private from = 0;
  private until = 0;
  private state: OpenState | null = null;

  constructor(private readonly hours: OpeningHours) {
    this.edges = closureEdges(hours);
  }

  /** The open state at `epochMs`: the same value as openState(hours, epochMs). */
  at(epochMs: number): OpenState {
    if (this.edges === null) return openState(this.hours, epochMs);
    if (this.state !== null && this.from <= epochMs && epochMs < this.until) return this.state;
    const from = Math.floor(epochMs / MS_PER_MIN) * MS_PER_MIN;
    const state = openState(this.hours, from);
    let until = nextShanghaiMidnight(from);
    for (const t of [state.closesAt, state.opensAt, ...this.edges]) {
      if (t !== undefined && t > from && t < until) until = t;
    }
    this.from = from;
    this.until = until;
    this.state = state;
    return state;
  }
}
