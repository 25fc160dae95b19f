/**
 * The numbers the seed generator is built around: the fixed PRNG seed (no clock, so reruns are byte-identical)
 * and the counts and coverage it promises (they follow the city union's published figures).
 */

/** The mulberry32 seed; each step uses its own stream, SEED ^ a constant. */
export const SEED = 20240816;
/** Stations in the city (the union's published figure). */
export const STATION_COUNT = 741;
/** Smart stations converted from kiosks, all in 迎泽区. */
export const SMART_KIOSKS = 20;
/** Smart stations in public toilets' management rooms. */
export const SMART_TOILETS = 41;
/** Coverage the generator guarantees on its 100 m check grid (the promise is 1,000 m; margin for in-between points). */
export const COVERAGE_TARGET_M = 850;
