import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../core/http/errors';
import { MAX_ACCURACY_M } from './location';

/** Pieces shared by the door route modules (routes.ts, routesDevices.ts, routesReports.ts). */

/** The location a phone may send with an unlock or an alert. */
export const LOCATION_SCHEMA = {
  type: 'object',
  required: ['lat', 'lng', 'coord'],
  additionalProperties: false,
  properties: {
    lat: { type: 'number', minimum: -90, maximum: 90 },
    lng: { type: 'number', minimum: -180, maximum: 180 },
    coord: { type: 'string', enum: ['gcj02', 'wgs84'] },
    // Up to half the Earth's circumference: a coarse (cell or IP) fix can report hundreds of km, and the distance
    // rule already gives it no more credit than a good one (maxAccuracyCreditM); refusing it left a dead end.
    accuracyM: { type: 'number', minimum: 0, maximum: MAX_ACCURACY_M },
  },
} as const;

/** Why a refusal happened, for the log: the rule's reason when there is one, else the error code. */
export const refusalReason = (err: unknown): string => (err instanceof ApiError ? String(err.details?.reason ?? err.code) : 'INTERNAL');

/**
 * One structured log line per door attempt, granted or refused, including those at unknown doors that the
 * entry table cannot hold. `locationSent`: the phone sent a location (whether it was used is the entry's
 * location_present). Never coordinates: precise whereabouts are sensitive (PIPL art. 28).
 */
export function logAttempt(
  req: FastifyRequest,
  fields: { outcome: 'granted' | 'refused'; reason: string | null; locationSent: boolean; doorId?: string },
): void {
  req.log.info({ event: 'door_attempt', route: req.routeOptions.url, ...fields }, 'door attempt');
}
