/**
 * Keeps mock/openapi.yaml true: the routes the server registers and the documented paths match both ways, each
 * route hands Fastify its operation's response schemas, every documented error code is in the shared catalogue
 * (src/rules/errors.ts) under a status it can have, and every code the backend throws is documented somewhere.
 * The answers themselves are checked against the document in every API test (support/contract.ts) and for every
 * operation and status in openapi.answers.test.ts.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { RouteOptions } from 'fastify';
import { loadConfig } from '../../../mock/src/core/config';
import { buildServer } from '../../../mock/src/app';
import { engineFor } from '../../support/database';
import { openApiDocument, operations, refTarget, responseSchemas, HTTP_METHODS } from '../../../mock/src/core/http/contract';
import { operationKey, routeKey } from '../../support/contract';
import { ERRORS } from '@/rules/errors';

const ROOT = path.join(__dirname, '..', '..', '..');
const doc: any = openApiDocument();
const METHODS = HTTP_METHODS;
/** The h5 build at / and the desk console's build at /console/ (static files, not API operations). */
const H5_ROUTES = new Set(['GET /', 'GET /*', 'GET /console', 'GET /console/*']);
/** Codes an operation answers with a status other than the catalogue's (the caller overrides it). */
const STATUS_OVERRIDES: Record<string, number[]> = { NOT_REGISTERED: [403] };

/** 'METHOD /full/{}/path' -> the documented operation, with the path item's parameters merged in. */
function documentedRoutes(): Map<string, any> {
  const out = new Map<string, any>();
  for (const op of operations()) {
    const item = doc.paths[op.path];
    out.set(operationKey(op), { ...op.spec, parameters: [...(item.parameters ?? []), ...(op.spec.parameters ?? [])] });
  }
  return out;
}

/** 'METHOD /full/{}/path' -> the route as Fastify registered it. */
async function serverRoutes(): Promise<Map<string, RouteOptions>> {
  const routes: RouteOptions[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-openapi-'));
  const engine = await engineFor();
  const { app } = await buildServer(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...engine.env }), {
    onRoute: (r) => routes.push(r),
  });
  await app.ready();
  await app.close();
  await engine.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const out = new Map<string, RouteOptions>();
  for (const r of routes) {
    for (const m of ([] as string[]).concat(r.method)) {
      // Fastify adds a HEAD twin to every GET; the contract documents the GET.
      if (m !== 'HEAD') out.set(routeKey(m, r.url), r);
    }
  }
  return out;
}

/** Follows a local `$ref` ('#/components/...'); throws when it does not resolve. */
function deref(node: any): any {
  if (!node || typeof node.$ref !== 'string') return node;
  return deref(refTarget(doc, node.$ref));
}

/** Each documented error code with the HTTP status of the response that lists it, and where. */
function documentedErrors(): { code: string; status: number; where: string }[] {
  const out: { code: string; status: number; where: string }[] = [];
  for (const [p, item] of Object.entries<any>(doc.paths)) {
    for (const m of METHODS) {
      for (const [status, res] of Object.entries<any>(item[m]?.responses ?? {})) {
        for (const code of deref(res)['x-error-codes'] ?? []) {
          out.push({ code, status: Number(status), where: `${m.toUpperCase()} ${p} ${status}` });
        }
      }
    }
  }
  return out;
}

/** Codes the backend throws as literals: `new ApiError('X'` and `ruleError('X'`. */
function thrownCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (f.endsWith('.ts')) {
        for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:new ApiError|ruleError)\(\s*'([A-Z0-9_]+)'/g)) {
          found.set(m[1], path.relative(ROOT, f));
        }
      }
    }
  };
  walk(path.join(ROOT, 'mock', 'src'));
  return found;
}

describe('mock/openapi.yaml', () => {
  it('is OpenAPI 3.1 with the API under /api/v1, bearer security, and no shared staff key', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.servers[0].url).toBe('/api/v1');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerAuth', 'deviceKey']);
  });

  it('has every /staff operation sign in by bearer token and name the staff roles it accepts', () => {
    const staffOps = Object.entries<any>(doc.paths)
      .filter(([p]) => p.startsWith('/staff/'))
      .flatMap(([p, item]) => Object.entries<any>(item).map(([m, op]) => [`${m} ${p}`, op] as const));
    expect(staffOps.length).toBeGreaterThanOrEqual(12);
    for (const [key, op] of staffOps) {
      expect([key, op.security]).toEqual([key, [{ bearerAuth: [] }]]);
      const open = ['get /staff/me', 'post /staff/invitations/redeem'].includes(key);
      if (!open)
        expect([key, op['x-staff-roles']?.length > 0, op.responses['403']?.$ref]).toEqual([
          key,
          true,
          '#/components/responses/StaffForbidden',
        ]);
    }
  });

  it('documents exactly the routes the server registers (same paths, same methods)', async () => {
    const server = new Set((await serverRoutes()).keys());
    const documented = new Set(documentedRoutes().keys());
    const undocumented = [...server].filter((r) => !documented.has(r) && !H5_ROUTES.has(r)).sort();
    const missing = [...documented].filter((r) => !server.has(r)).sort();
    expect({ undocumented, missing }).toEqual({ undocumented: [], missing: [] });
    // The comparison is not vacuous: the foundation's routes are on both sides.
    expect(server.has('GET /api/v1/stations/{}')).toBe(true);
    expect(documented.has('GET /d/{}')).toBe(true);
  });

  it('documents the query parameters each route schema accepts, and no others', async () => {
    const documented = documentedRoutes();
    const mismatches: string[] = [];
    let compared = 0;
    for (const [key, route] of await serverRoutes()) {
      const op = documented.get(key);
      if (!op) continue; // reported by the route test
      const accepted = Object.keys((route.schema?.querystring as { properties?: object } | undefined)?.properties ?? {}).sort();
      const listed = op.parameters
        .map(deref)
        .filter((x: any) => x.in === 'query')
        .map((x: any) => x.name)
        .sort();
      if (accepted.length) compared++;
      if (JSON.stringify(accepted) !== JSON.stringify(listed)) mismatches.push(`${key}: server [${accepted}] doc [${listed}]`);
    }
    expect(compared).toBeGreaterThan(1);
    expect(mismatches).toEqual([]);
  });

  it('has each route hand Fastify the response schemas of its documented operation', async () => {
    const documented = documentedRoutes();
    const wrong: string[] = [];
    let compared = 0;
    for (const [key, route] of await serverRoutes()) {
      const op = documented.get(key);
      if (!op) continue; // reported by the route test
      compared++;
      // The same object responseSchemas gives for the operation: the route names the right operation id.
      if (route.schema?.response !== responseSchemas(op.operationId)) wrong.push(`${key} (${op.operationId})`);
    }
    expect(compared).toBe(documented.size);
    expect(wrong).toEqual([]);
    // Each documented body is there, and the envelope for any other error.
    expect(Object.keys(responseSchemas('createBooking')).sort()).toEqual([
      '201',
      '202',
      '400',
      '401',
      '403',
      '404',
      '409',
      '422',
      '4xx',
      '5xx',
    ]);
    expect(responseSchemas('getStation')['404']).toEqual(responseSchemas('getStation')['4xx']);
  });

  it('lists only catalogue codes, each under a status it can be answered with', () => {
    const errors = documentedErrors();
    expect(errors.length).toBeGreaterThan(10);
    const unknown = errors.filter((e) => !(e.code in ERRORS)).map((e) => `${e.where}: ${e.code}`);
    const wrongStatus = errors
      .filter((e) => e.code in ERRORS)
      .filter((e) => {
        const allowed = [ERRORS[e.code as keyof typeof ERRORS].status, ...(STATUS_OVERRIDES[e.code] ?? [])];
        // A rule failure is passed through as 422 whatever the field's code (src/rules/errors.ts header).
        return !allowed.includes(e.status);
      })
      .map((e) => `${e.where}: ${e.code}`);
    expect({ unknown, wrongStatus }).toEqual({ unknown: [], wrongStatus: [] });
  });

  it('documents every error code the backend throws', () => {
    // Anywhere counts: a shared response in components (e.g. StaffKeyInvalid) documents a helper's code.
    const documented = new Set<string>();
    const visit = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(visit);
      else if (n && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === 'x-error-codes') (v as string[]).forEach((c) => documented.add(c));
          else visit(v);
        }
      }
    };
    visit(doc);
    const undocumented = [...thrownCodes()].filter(([code]) => !documented.has(code)).map(([c, f]) => `${c} (${f})`);
    expect(undocumented).toEqual([]);
  });

  it('has no dangling $ref and unique operation ids', () => {
    const refs: string[] = [];
    const visit = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(visit);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (typeof o.$ref === 'string') refs.push(o.$ref);
        Object.values(o).forEach(visit);
      }
    };
    visit(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(() => deref({ $ref: r })).not.toThrow();
    const ids = Object.values<any>(doc.paths).flatMap((item) => METHODS.map((m) => item[m]?.operationId).filter(Boolean));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
