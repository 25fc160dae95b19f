/**
 * Epoch ms of a Shanghai wall-clock time (UTC+8, no DST since 1991), worked out with Date.UTC, not with the code
 * under test (Date.UTC rolls a negative hour back a day). Month 1-12.
 */
export const sh = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h - 8, mi, s);
