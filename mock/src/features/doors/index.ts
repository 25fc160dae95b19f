import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { doorRoutes } from './routes';
import { doorAdminRoutes } from './routesDoorAdmin';
import type { GrantRelay } from './grantHub';

/**
 * The doors feature: door codes (printed, rotating, worker passes), unlock and the entry log, the devices at a
 * door (screen, controller, reader), emergency alerts and the alarms that reach staff, door controller health, and
 * the union's entry reports. Its public surface.
 */
export { GrantHub, grantHubOf, type GrantRelay } from './grantHub';
export { printedDoorCode } from './doorCodes';
export { deviceKeys, type DeviceKeys } from './deviceKeys';
export { posterPng, posterSvg } from './posters';
export { posterPdf } from './posterPdf';
export { anonymiseEntriesOf, entriesOfWorker } from './repo';
export { escalateAlarms } from './alarms';
export { tellStaff } from './notices';
export { runDoorsPass, type DoorsPass } from './scheduler';

/** Registers the feature's API routes; `relay` carries new grants to the other processes of a cluster. */
export function doorsRoutes(api: FastifyInstance, ctx: AppContext, relay?: GrantRelay): void {
  doorRoutes(api, ctx, relay);
  doorAdminRoutes(api, ctx);
}

/**
 * At the root, not under /api/v1: a printed (/d/) or screen (/r/) door URL opened outside WeChat (a phone's
 * camera app) lands on the h5 unlock page. The code travels in the fragment, which browsers never send, so the
 * page's own request logs no code; the link is rebuilt in its normal form from the route's parameter (a
 * percent-escaped spelling of the path is not echoed back), and never cached.
 */
export function doorLinkRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const kind of ['d', 'r']) {
    app.get(`/${kind}/:code`, { schema: { response: responseSchemas(kind === 'd' ? 'doorLink' : 'screenLink') } }, async (req, reply) => {
      const url = `https://${ctx.config.doorHost}/${kind}/${encodeURIComponent((req.params as { code: string }).code)}`;
      reply.header('cache-control', 'no-store');
      return reply.redirect(`/#/packages/unlock/pages/index/index?code=${encodeURIComponent(url)}`);
    });
  }
}
