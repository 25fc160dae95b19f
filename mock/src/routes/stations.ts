import zlib from 'zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/errors';
import { doorsOfStation, stationById, type Station } from '../repos/stations';
import { OpenStateCache } from '../services/openStateCache';
import { walkMinutes, wgs84ToGcj02, round6 } from '../../../src/rules/geo';
import { AMENITY_KEYS, HOST_KIND_KEYS } from '../../../src/rules/catalog';
import type { OpenState } from '../../../src/rules/hours';

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

/**
 * GET /stations/nearby and GET /stations/{id}. The nearby answer carries only what the list and the map show
 * (a 20-station answer is ~7.5 KB, ~1.4 KB gzipped), written from per-station JSON fragments (see listItem).
 */
export function stationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const openStates = new OpenStateCache();

  // The list answer is written from fragments: a station's fixed fields are serialised once (names and addresses
  // are the costly part: escaping CJK), its open state once per state change, only the distance per request.
  const stationJson = new WeakMap<Station, string>();
  const stateJson = new WeakMap<OpenState, string>();
  const fixedPart = (s: Station): string => {
    let json = stationJson.get(s);
    if (json === undefined) {
      const { id, name, address, kind, grade, lat, lng, smart, amenities } = s;
      json = JSON.stringify({ id, name, address, kind, grade, lat, lng, is24h: s.hours.is24h, smart, amenities }).slice(1, -1);
      stationJson.set(s, json);
    }
    return json;
  };
  const statePart = (state: OpenState): string => {
    let json = stateJson.get(state);
    if (json === undefined) {
      json = JSON.stringify({ openNow: state.status === 'open', openLabel: state.label, openDetail: state.detail ?? null }).slice(1, -1);
      stateJson.set(state, json);
    }
    return json;
  };
  /** Only the fields the list shows (LIST_FIELDS): small enough for a weak 3G signal. */
  const listItem = (s: Station, distanceM: number, nowMs: number): string =>
    // Rounded for the wire only; membership was decided on the exact distance.
    `{${fixedPart(s)},"distanceM":${Math.round(distanceM * 10) / 10},"walkMinutes":${walkMinutes(distanceM)},${statePart(openStates.get(s.hours, nowMs))}}`;

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
      },
    },
    async (req, reply) => {
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
      const list = (xs: { item: Station; distanceM: number }[]) => xs.map((h) => listItem(h.item, h.distanceM, nowMs)).join(',');
      reply.type('application/json; charset=utf-8');
      return (
        `{"center":{"lat":${round6(center.lat)},"lng":${round6(center.lng)},"coord":"gcj02"},"radiusM":${q.radiusM},` +
        `"stations":[${list(hits)}],"nearestBeyond":[${list(beyond)}]}`
      );
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

