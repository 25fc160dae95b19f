/**
 * The privacy notice version the app shows and the server requires consent to. Raising it makes the
 * app ask every worker again (PIPL art. 14: a change of purpose or processing needs fresh consent).
 */
export const PRIVACY_POLICY_VERSION = '2026-11-30';
