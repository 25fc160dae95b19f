import zlib from 'zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import type { ListedStation } from './nearbyAnswer';
import type { NearbyIndex } from './nearbyIndex';
import { searchNearby, stationPage, type NearbyQuery } from './search';
import { HOST_KIND_KEYS } from '@/rules/catalog';

/** Below this a gzip header costs more than it saves (same threshold as @fastify/compress in core/http/plugins.ts). */
const GZIP_MIN_BYTES = 1024;
// Level 1: a few per cent more bytes than level 6 on a typical answer for markedly less CPU per request (bench:nearby
// prints the figures). An 8 KB window and memLevel 5 (48 KB of zlib state instead of 256 KB) give the same bytes
// for answers up to 8 KB with less memory to set up and evict; larger answers keep zlib's defaults.
const GZIP_SMALL_MAX_BYTES = 8 * 1024;
const GZIP_SMALL: zlib.ZlibOptions = { level: 1, windowBits: 13, memLevel: 5 };
const GZIP_LARGE: zlib.ZlibOptions = { level: 1 };

/**
 * gzip for the nearby answer, done here in one synchronous call instead of @fastify/compress's zlib stream:
 * for a ~7 KB body the stream's set-up (and its ~256 KB of zlib state to collect) costs more than compressing.
 */
async function gzipAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header('vary', 'accept-encoding');
  if (!Buffer.isBuffer(payload) || payload.length < GZIP_MIN_BYTES) return payload;
  if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return payload;
  reply.header('content-encoding', 'gzip');
  return zlib.gzipSync(payload, payload.length <= GZIP_SMALL_MAX_BYTES ? GZIP_SMALL : GZIP_LARGE);
}

/**
 * GET /stations/nearby and GET /stations/{id}. The nearby answer carries only what the list and the map show
 * (a 20-station answer is ~7.5 KB, ~1.5 KB gzipped), written by writeNearbyAnswer from bytes each listed station keeps.
 */
export function stationRoutes(app: FastifyInstance, ctx: AppContext, nearby: NearbyIndex<ListedStation>): void {
  app.get(
    '/stations/nearby',
    {
      compress: false,
      onSend: gzipAnswer,
      schema: {
        querystring: {
          type: 'object',
          required: ['lat', 'lng'],
          properties: {
            lat: { type: 'number', minimum: -90, maximum: 90 },
            lng: { type: 'number', minimum: -180, maximum: 180 },
            coord: { type: 'string', enum: ['gcj02', 'wgs84'], default: 'gcj02' },
            radiusM: { type: 'number', minimum: 1, maximum: 5000, default: 1000 },
            limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
            amenities: { type: 'string', maxLength: 200 },
            openNow: { type: 'boolean' },
            is24h: { type: 'boolean' },
            kind: { type: 'string', enum: HOST_KIND_KEYS },
          },
        },
        // The 200 answer is bytes written by writeNearbyAnswer, which the serializer never sees; the errors use it.
        response: responseSchemas('nearbyStations'),
      },
    },
    async (req, reply) => {
      const answer = searchNearby(nearby, req.query as NearbyQuery, ctx.now());
      reply.type('application/json; charset=utf-8');
      return answer;
    },
  );

  app.get('/stations/:id', { schema: { response: responseSchemas('getStation') } }, async (req) =>
    stationPage(ctx, (req.params as { id: string }).id),
  );
}
