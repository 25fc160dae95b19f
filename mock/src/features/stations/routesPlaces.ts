import fs from 'fs';
import path from 'path';
import type { FastifyInstance } from 'fastify';
import { responseSchemas } from '../../core/http/contract';

/** GET /places: district seats and landmarks (committed seed data, GCJ-02) for choosing a place by hand. */
export function placeRoutes(app: FastifyInstance): void {
  const places = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'seed', 'data', 'places.json'), 'utf8')) as unknown[];
  app.get('/places', { schema: { response: responseSchemas('listPlaces') } }, async () => ({ places }));
}
