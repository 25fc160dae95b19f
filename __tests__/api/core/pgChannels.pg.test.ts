/**
 * PostgreSQL only (LISTEN/NOTIFY and advisory locks; on SQLite one host's cluster relays grants and runs the
 * scheduler in its first worker): servers on any number of hosts meet in the database. A grant made through
 * server A wakes a controller long-polling server B with no relay between them; the booking scheduler has one
 * leader, and another server takes over when the leader's process dies.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { engineFor } from '../../support/database';
import { startServer, call, type TestServer } from '../../support/server';
import { registeredWorker } from '../../support/booking';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { grantHubOf } from '../../../mock/src/features/doors/grantHub';
import { pgChannel, pgLeader } from '../../../mock/src/core/db/pgChannels';

const ROOT = path.resolve(__dirname, '..', '..', '..');
let engine: Awaited<ReturnType<typeof engineFor>>;
let url: string;
beforeAll(async () => {
  engine = await engineFor();
  url = engine.env.DATABASE_URL;
});
afterAll(async () => engine.cleanup());

describe('two servers on one database, no relay between them (two hosts)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-notify-'));
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // The same master key for both, as two hosts of one deployment have it (YIZHAN_MASTER_KEY).
    const env = { DATA_DIR: dataDir, RATE_LIMIT: 'off', DATABASE_URL: url };
    a = await startServer(env);
    b = await startServer(env);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('an unlock through A reaches a controller long-polling B within a second', async () => {
    const key = deviceKeys(loadMasterKey(dataDir, null)).keyOf;
    const token = await withLocationConsent(a.api, await registeredWorker(a.api, 404));
    const poll = call(`${b.api}/doors/d0039/grants?waitS=25`, { headers: { 'x-device-key': key('d0039') } });
    for (let i = 0; i < 1000 && grantHubOf(b.ctx).waiting === 0; i++) await new Promise((r) => setTimeout(r, 1));
    expect(grantHubOf(b.ctx).waiting).toBe(1);
    const code = printedDoorCode(a.ctx.keys, a.ctx.config.doorHost, 'd0039');
    const u = await call(`${a.api}/doors/unlock`, { method: 'POST', token, body: { code, location: fixAtDoor('d0039') } });
    expect(u.status).toBe(201);
    const sentMs = Date.now();
    const r = await poll;
    expect(r.body.grants.map((g: { id: string }) => g.id)).toEqual([u.body.grant.id]);
    expect(Date.now() - sentMs).toBeLessThan(1000);
  });
});

describe('the notification channel', () => {
  it('delivers a message to the other servers, not back to its sender', async () => {
    const [x, y] = [pgChannel(url, 'yizhan_test_channel'), pgChannel(url, 'yizhan_test_channel')];
    try {
      await Promise.all([x.ready(), y.ready()]);
      const heardByX: string[] = [];
      x.subscribe((m) => heardByX.push(m));
      const heard = new Promise<string>((resolve) => y.subscribe(resolve));
      x.publish('d0039');
      expect(await heard).toBe('d0039');
      expect(heardByX).toEqual([]);
    } finally {
      await x.close();
      await y.close();
    }
  });
});

describe('the scheduler leader', () => {
  const LOCK = 4242;

  it('is one server at a time; when the leader lets go, the next one to ask takes over', async () => {
    const [first, second] = [pgLeader(url, LOCK), pgLeader(url, LOCK)];
    try {
      expect(await first.isLeader()).toBe(true);
      expect(await second.isLeader()).toBe(false);
      expect(await first.isLeader()).toBe(true);
      await first.close();
      expect(await second.isLeader()).toBe(true);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('a leader whose process is killed (SIGKILL) is replaced at the next call', async () => {
    // Another process takes the lock and says so, then is killed without any chance to let go.
    const script = `
      const { pgLeader } = require(${JSON.stringify(path.join(ROOT, 'mock/src/core/db/pgChannels.ts'))});
      pgLeader(process.env.URL, ${LOCK}).isLeader().then((ok) => { console.log(ok ? 'leader' : 'follower'); setInterval(() => {}, 1000); });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const said = await new Promise<string>((resolve) => child.stdout!.once('data', (c: Buffer) => resolve(c.toString('utf8').trim())));
    expect(said).toBe('leader');
    const me = pgLeader(url, LOCK);
    try {
      expect(await me.isLeader()).toBe(false);
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
      // PostgreSQL ends the dead process's session when its socket closes; the lock goes with it.
      let took = false;
      for (let i = 0; i < 200 && !took; i++) {
        took = await me.isLeader();
        if (!took) await new Promise((r) => setTimeout(r, 25));
      }
      expect(took).toBe(true);
    } finally {
      await me.close();
    }
  });
});
