import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/errors';
import { doorsOfStation, stationById, type Station } from '../repos/stations';
import { wgs84ToGcj02 } from '../../../src/rules/geo';
import { openState } from '../../../src/rules/hours';
import { walkMinutes } from '../../../src/rules/geo';

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

/** How many stations beyond the radius to offer when none is inside it. */
const NEAREST_BEYOND = 3;

/** GET /stations/nearby and GET /stations/{id}. */
export function stationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/stations/nearby',
    {
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
            kind: { type: 'string', maxLength: 40 },
          },
        },
      },
    },
    async (req) => {
      const q = req.query as NearbyQuery;
      const center = q.coord === 'wgs84' ? wgs84ToGcj02({ lat: q.lat, lng: q.lng }) : { lat: q.lat, lng: q.lng };
      const nowMs = ctx.now();
      const wanted = q.amenities ? q.amenities.split(',').filter(Boolean) : [];
      const accept = (s: Station): boolean =>
        (q.kind === undefined || s.kind === q.kind) &&
        (q.is24h !== true || s.hours.is24h) &&
        wanted.every((a) => s.amenities.includes(a)) &&
        (q.openNow !== true || openState(s.hours, nowMs).status === 'open');
      const hits = ctx.nearby.within(center, q.radiusM, q.limit, accept) as { item: Station; distanceM: number }[];
      const beyond =
        hits.length === 0
          ? (ctx.nearby.nearest(center, NEAREST_BEYOND, accept) as { item: Station; distanceM: number }[])
          : [];
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
    const state = openState(station.hours, ctx.now());
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

/** Only the fields the list shows: small enough for a weak 3G signal. */
function listItem(s: Station, distanceM: number, nowMs: number) {
  const state = openState(s.hours, nowMs);
  return {
    id: s.id,
    name: s.name,
    address: s.address,
    kind: s.kind,
    grade: s.grade,
    lat: s.lat,
    lng: s.lng,
    distanceM: Math.round(distanceM * 10) / 10,
    walkMinutes: walkMinutes(distanceM),
    openNow: state.status === 'open',
    openLabel: state.label,
    openDetail: state.detail ?? null,
    is24h: s.hours.is24h,
    smart: s.smart,
    amenities: s.amenities,
  };
}
