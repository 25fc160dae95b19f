/**
 * The door tools (mock/tools) against a running test server (same DATA_DIR, so the same master key): `door:codes` prints
 * what the server accepts, `door:posters` writes a PNG whose QR decodes (jsQR) to exactly that code and then
 * opens the door, and the simulated controller (`door:sim`'s loop) opens and acknowledges a grant.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { execFileSync } from 'child_process';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { startServer, call, type TestServer } from '../../support/server';
import { registeredWorker } from '../../support/booking';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { runController, type PolledGrant } from '../../../mock/tools/door-sim';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';

const ROOT = path.join(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let s: TestServer;
let token: string;
let postersDir: string;
const script = (name: string, arg: string) =>
  execFileSync(TSX, [path.join(ROOT, 'mock', 'tools', `${name}.ts`), arg], {
    env: { ...process.env, DATA_DIR: s.dataDir, DATABASE_URL: s.ctx.config.databaseUrl ?? '', POSTERS_DIR: postersDir, DOOR_KEY_IDS: '1' },
    encoding: 'utf8',
  });

beforeAll(async () => {
  s = await startServer({ RATE_LIMIT: 'off' });
  // d0039 and d0041 are at smart (unattended) stations: a printed code opens with a fix at the door.
  token = await withLocationConsent(s.api, await registeredWorker(s.api, 701));
  postersDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-posters-'));
});
afterAll(async () => {
  await s.close();
  fs.rmSync(postersDir, { recursive: true, force: true });
});

it('door:codes prints one accepted code per door of the station', () => {
  expect(script('door-codes', 'ty0195')).toBe(`${printedDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0039')}\n`);
}, 20_000);

it('door:posters writes a PNG (and the SVG and PDF posters) that decodes to exactly the door code, which then opens the door', async () => {
  const out = script('door-posters', 'ty0195').trim().split('\n');
  expect(out).toEqual(['svg', 'png', 'pdf'].map((ext) => path.join(postersDir, `ty0195-d0039.${ext}`)));
  expect(fs.readFileSync(out[2], 'latin1').slice(0, 9)).toBe('%PDF-1.7\n');
  const img = PNG.sync.read(fs.readFileSync(out[1]));
  const decoded = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
  expect(decoded?.data).toBe(printedDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0039'));
  expect(decoded?.version).toBe(4);
  const svg = fs.readFileSync(out[0], 'utf8');
  for (const text of ['五一广场智慧爱心驿站', '正门', '微信扫一扫，扫码开门']) expect(svg).toContain(text);
  const r = await call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code: decoded!.data, location: fixAtDoor('d0039') } });
  expect(r.status).toBe(201);
  expect(r.body.door.id).toBe('d0039');
}, 20_000);

it('the simulated controller opens each grant once and acknowledges it', async () => {
  const stop = new AbortController();
  const opened: PolledGrant[] = [];
  let acked!: (status: number) => void;
  const ack = new Promise<number>((resolve) => (acked = resolve));
  const loop = runController({
    api: s.api,
    doorId: 'd0041',
    deviceKey: deviceKeys(loadMasterKey(s.dataDir, null)).keyOf('d0041'),
    waitS: 5,
    signal: stop.signal,
    onOpen: (g) => opened.push(g),
    // Stopping inside the callback ends the loop before it polls again, so no request is left hanging.
    onAck: (_g, status) => {
      stop.abort();
      acked(status);
    },
  });
  const u = await call(`${s.api}/doors/unlock`, {
    method: 'POST',
    token,
    body: { code: printedDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0041'), location: fixAtDoor('d0041') },
  });
  expect(await ack).toBe(200);
  await loop;
  expect(opened.map((g) => g.id)).toEqual([u.body.grant.id]);
  const entry = await call(`${s.api}/entries/${u.body.entry.id}`, { token });
  expect(entry.body.entry.doorState).toBe('opened');
});
