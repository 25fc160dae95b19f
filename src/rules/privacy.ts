/**
 * The privacy notice version the app shows and the server requires consent to. Raising it makes the
 * app ask every worker again (PIPL art. 14: a change of purpose or processing needs fresh consent).
 */
export const PRIVACY_POLICY_VERSION = '2026-11-30';

/**
 * Default days a door entry (who opened which door when, granted or refused, and what hangs off it: the door
 * grant, the pass it used) is kept before the server deletes it (ENTRY_RETENTION_DAYS overrides it; the
 * privacy notice states this number). PIPL art. 19: no longer than the stated purpose needs. The purposes are
 * the worker's own record, answering a complaint or dispute about a visit (a misused account, a door that did not
 * open, an injury at the station) and the union's per-quarter station reports; such a complaint reaches the
 * union within weeks and two quarters cover the reports, so 180 days serves every stated purpose and keeps
 * nothing longer. Emergency alerts are a record of their own and stay (their link to the entry is cleared).
 */
export const ENTRY_RETENTION_DAYS_DEFAULT = 180;
