import zlib from 'zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/errors';
import { doorsOfStation, stationById, type Station } from '../repos/stations';
import { OpenStateCache } from '../services/openStateCache';
import { walkMinutes, wgs84ToGcj02 } from '../../../src/rules/geo';
import { AMENITY_KEYS, HOST_KIND_KEYS } from '../../../src/rules/catalog';

interface NearbyQuery {
  lat: number;
  lng: number;
  coord: 'gcj02' | 'wgs84';
  radiusM: number;
  limit: number;
  amenities?: string;
  openNow?: boolean;
  is24h?: boolean;
  kind?: string;
}

/** Below this a gzip header costs more than it saves (same threshold as @fastify/compress in server.ts). */
const GZIP_MIN_BYTES = 1024;
// Level 1: for the 7.2 KB answer at 五一广场, 1,522 B in 33 us against 1,463 B in 51 us at level 4 (4 KB
// window) on this machine: 60 bytes more on the radio for a third less CPU per request.
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 1 };

/**
 * gzip for the nearby answer, done here in one synchronous call instead of @fastify/compress's zlib stream:
 * for a ~7 KB body the stream's set-up (and its ~256 KB of zlib state to collect) costs more than compressing.
 */
async function gzipAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header('vary', 'accept-encoding');
  if (typeof payload !== 'string' || Buffer.byteLength(payload) < GZIP_MIN_BYTES) return payload;
  if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return payload;
  reply.header('content-encoding', 'gzip');
  return zlib.gzipSync(payload, GZIP_OPTIONS);
}

/** How many stations beyond the radius to offer when none is inside it (issue 5). */
const NEAREST_BEYOND = 3;
const KNOWN_AMENITIES = new Set<string>(AMENITY_KEYS);

const listItemSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    address: { type: 'string' },
    kind: { type: 'string' },
    grade: { type: 'integer' },
    lat: { type: 'number' },
    lng: { type: 'number' },
    distanceM: { type: 'number' },
    walkMinutes: { type: 'integer' },
    openNow: { type: 'boolean' },
    openLabel: { type: 'string' },
    openDetail: { type: ['string', 'null'] },
    is24h: { type: 'boolean' },
    smart: { type: 'boolean' },
    amenities: { type: 'array', items: { type: 'string' } },
  },
} as const;

/**
 * GET /stations/nearby and GET /stations/{id}. The nearby answer carries only what the list and the map show
 * (a 20-station answer is ~7.5 KB, ~1.2 KB gzipped) and is serialised from a schema, not by JSON.stringify.
 */
export function stationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const openStates = new OpenStateCache();

  /** Only the fields the list shows: small enough for a weak 3G signal. */
  const listItem = (s: Station, distanceM: number, nowMs: number) => {
    const state = openStates.get(s.hours, nowMs);
    return {
      id: s.id,
      name: s.name,
      address: s.address,
      kind: s.kind,
      grade: s.grade,
      lat: s.lat,
      lng: s.lng,
      // Rounded for the wire only; membership was decided on the exact distance.
      distanceM: Math.round(distanceM * 10) / 10,
      walkMinutes: walkMinutes(distanceM),
      openNow: state.status === 'open',
      openLabel: state.label,
      openDetail: state.detail ?? null,
      is24h: s.hours.is24h,
      smart: s.smart,
      amenities: s.amenities,
    };
  };

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
        response: {
          200: {
            type: 'object',
            properties: {
              center: {
                type: 'object',
                properties: { lat: { type: 'number' }, lng: { type: 'number' }, coord: { type: 'string' } },
              },
              radiusM: { type: 'number' },
              stations: { type: 'array', items: listItemSchema },
              nearestBeyond: { type: 'array', items: listItemSchema },
            },
          },
        },
      },
    },
    async (req) => {
      const q = req.query as NearbyQuery;
      const wanted = q.amenities ? q.amenities.split(',').filter(Boolean) : [];
      const unknown = wanted.filter((a) => !KNOWN_AMENITIES.has(a));
      if (unknown.length > 0) {
        throw new ApiError('VALIDATION_FAILED', { message: '筛选的服务设施不认识，请更新小程序后重试', details: { amenities: unknown } });
      }
      // One system inside: a browser's WGS-84 fix becomes GCJ-02 here (unshifted outside mainland China).
      const center = q.coord === 'wgs84' ? wgs84ToGcj02({ lat: q.lat, lng: q.lng }) : { lat: q.lat, lng: q.lng };
      const nowMs = ctx.now();
      const accept = (s: Station): boolean =>
        (q.kind === undefined || s.kind === q.kind) &&
        (q.is24h !== true || s.hours.is24h) &&
        wanted.every((a) => s.amenities.includes(a)) &&
        (q.openNow !== true || openStates.get(s.hours, nowMs).status === 'open');
      const hits = ctx.nearby.within(center, q.radiusM, q.limit, accept) as { item: Station; distanceM: number }[];
      const beyond =
        hits.length === 0 ? (ctx.nearby.nearest(center, NEAREST_BEYOND, accept) as { item: Station; distanceM: number }[]) : [];
      return {
        center: { lat: round6(center.lat), lng: round6(center.lng), coord: 'gcj02' },
        radiusM: q.radiusM,
        stations: hits.map((h) => listItem(h.item, h.distanceM, nowMs)),
        nearestBeyond: beyond.map((h) => listItem(h.item, h.distanceM, nowMs)),
      };
    },
  );

  app.get('/stations/:id', async (req) => {
    const { id } = req.params as { id: string };
    const station = await stationById(ctx.db, id);
    if (!station) throw new ApiError('NOT_FOUND', { message: '没有找到这个驿站，它可能已撤站或更名' });
    const doors = await doorsOfStation(ctx.db, id);
    const state = openStates.get(station.hours, ctx.now());
    return {
      ...station,
      open: state,
      openNow: state.status === 'open',
      is24h: station.hours.is24h,
      doors: doors.map((d) => ({ id: d.id, name: d.name })),
    };
  });
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
