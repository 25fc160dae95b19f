import type { FastifyInstance } from 'fastify';
import type { AppContext, ConsolePort } from '../../core/context';
import type { Db } from '../../core/db/database';
import { CONSOLE_TOKEN_PREFIX, consoleSessionOf } from './logins';
import { pruneConsole } from './repo';
import { consoleRoutes } from './routes';

/**
 * The console feature (issue 15): the union's desk console signs in by a QR approved in the app; its sessions carry
 * one staff member's role and scope. Its public surface.
 */

/** The console-session lookup core uses through AppContext.consoles (wired in app.ts). */
export function consolePort(db: Db): ConsolePort {
  return {
    isConsoleToken: (token) => token.startsWith(CONSOLE_TOKEN_PREFIX),
    byToken: (token, nowMs) => consoleSessionOf({ db }, token, nowMs),
  };
}

/** The scheduler's console pass at `nowMs`: deletes expired console sessions and old sign-ins. */
export async function runConsolePass(db: Db, nowMs: number): Promise<{ consoleRowsPruned: number }> {
  return { consoleRowsPruned: await pruneConsole(db, nowMs) };
}

/** Registers the feature's routes on the API scope. */
export function consoleFeatureRoutes(api: FastifyInstance, ctx: AppContext): void {
  consoleRoutes(api, ctx);
}
