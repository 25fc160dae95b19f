/**
 * The backend as `npm start` runs it on a machine with several cores: mock/src/main.ts with WORKERS=2, a cluster
 * of two server processes on one port and one fresh database (SQLite, or on `npm run test:pg` PostgreSQL). Checks what the processes must share: a door grant
 * reaches a controller whose long poll is parked in the other process; a worker that dies is replaced; SIGTERM
 * stops them all.
 */
import { spawn, execFileSync, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { call } from '../../support/server';
import { engineFor, queryDatabaseOf } from '../../support/database';
import { registeredWorker } from '../../support/booking';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { deriveKeys, loadMasterKey } from '../../../mock/src/core/keys';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Cluster {
  primary: ChildProcess;
  api: string;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the first line (current or later) that `match` accepts. */
  line: (match: (line: string) => boolean) => Promise<string>;
}

/** Spawns `node --import tsx mock/src/main.ts`, as npm start runs it, with `env` added. */
function spawnMain(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'mock/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', RATE_LIMIT: 'off', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Every stdout line of `child`, and a promise of the first line (current or later) that `match` accepts. */
function linesOf(child: ChildProcess): Pick<Cluster, 'lines' | 'line'> {
  const lines: string[] = [];
  const waiting: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      for (const w of [...waiting]) {
        if (!w.match(l)) continue;
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(l);
      }
    }
  });
  const line = (match: (l: string) => boolean): Promise<string> => {
    const seen = lines.find(match);
    return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ match, resolve }));
  };
  return { lines, line };
}

function startCluster(dataDir: string, env: Record<string, string>): Promise<Cluster> {
  const primary = spawnMain({ WORKERS: '2', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...env });
  primary.stderr!.pipe(process.stderr);
  const { lines, line } = linesOf(primary);
  return line((l) => l.startsWith('驿站通 is running: ')).then((l) => {
    const url = /running: (\S+)\//.exec(l)![1];
    return { primary, api: `${url}/api/v1`, lines, line };
  });
}

/** The pids of the primary's worker processes (not other children, such as tsx's esbuild service). */
const workerPids = (primary: ChildProcess): number[] =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(primary.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('mock/src/main.ts'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));

/** Resolves once `cond` holds, checking every 20 ms (a condition, not a timed sleep); the test timeout bounds it. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}

describe('npm start on two cores: a cluster of two server processes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-cluster-'));
  let c: Cluster;
  let engine: Awaited<ReturnType<typeof engineFor>>;
  beforeAll(async () => {
    engine = await engineFor();
    c = await startCluster(dataDir, engine.env);
  });
  afterAll(async () => {
    if (c.primary.exitCode === null) {
      const exited = new Promise((r) => c.primary.once('exit', r));
      c.primary.kill('SIGTERM');
      await exited;
    }
    await engine.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says so when it starts, and runs two workers under the primary', async () => {
    expect(await c.line((l) => l.startsWith('驿站通'))).toMatch(/\(2 server processes\)$/);
    expect(workerPids(c.primary)).toHaveLength(2);
  });

  it('wakes controllers parked in both processes with the grant of one unlock', async () => {
    const key = deviceKeys(loadMasterKey(dataDir, null)).keyOf;
    const token = await withLocationConsent(c.api, await registeredWorker(c.api, 403));
    const parkedBefore = c.lines.filter((l) => l.includes('grant poll parked')).length;
    // Four polls at once, each on its own connection; the primary hands connections to the workers in turn.
    const polls = Array.from({ length: 4 }, () =>
      call(`${c.api}/doors/d0039/grants?waitS=25`, { headers: { 'x-device-key': key('d0039') } }),
    );
    const parked = (): string[] => c.lines.filter((l) => l.includes('grant poll parked')).slice(parkedBefore);
    await c.line(() => parked().length >= 4);
    const pids = new Set(parked().map((l) => (JSON.parse(l) as { pid: number }).pid));
    expect(pids.size).toBe(2);
    const door = printedDoorCode(deriveKeys(loadMasterKey(dataDir, null)), 'yz.tyzgh.cn', 'd0039');
    const u = await call(`${c.api}/doors/unlock`, { method: 'POST', token, body: { code: door, location: fixAtDoor('d0039') } });
    expect(u.status).toBe(201);
    // Without the relay, the polls parked in the other process would sleep their 25 s, past this test's timeout.
    for (const r of await Promise.all(polls)) expect(r.body.grants.map((g: { id: string }) => g.id)).toEqual([u.body.grant.id]);
  });

  it('replaces a worker that dies, and keeps answering', async () => {
    const [victim] = workerPids(c.primary);
    process.kill(victim, 'SIGKILL');
    const notice = JSON.parse(await c.line((l) => l.includes('server process exited; starting another'))) as {
      workerPid: number;
      signal: string;
    };
    expect(notice).toMatchObject({ workerPid: victim, signal: 'SIGKILL' });
    await until(() => {
      const pids = workerPids(c.primary);
      return pids.length === 2 && !pids.includes(victim);
    });
    for (let i = 0; i < 4; i++) expect((await call(`${c.api}/stations/ty0195`)).status).toBe(200);
  });

  it('stops every process on SIGTERM, with exit code 0', async () => {
    const pids = workerPids(c.primary);
    const exited = new Promise<number | null>((r) => c.primary.once('exit', (code) => r(code)));
    c.primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('starting', () => {
  it('a cluster that cannot listen (port taken) stops at once with exit code 1, not after five restarts', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-cluster-port-'));
    const engine = await engineFor();
    try {
      const primary = spawnMain({ WORKERS: '2', PORT: String(port), DATA_DIR: dataDir, ...engine.env });
      let stderr = '';
      primary.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const { lines } = linesOf(primary);
      const code = await new Promise<number | null>((r) => primary.once('exit', (c) => r(c)));
      expect(code).toBe(1);
      expect(lines.filter((l) => l.includes('a server process could not start'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('starting another'))).toHaveLength(0);
      expect(stderr).toContain('EADDRINUSE');
    } finally {
      taken.close();
      await engine.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('two servers started at the same moment on one new data folder: one serves it, the other says who has it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-twin-'));
    const engine = await engineFor();
    const twins = [
      spawnMain({ WORKERS: '1', DATA_DIR: dataDir, ...engine.env }),
      spawnMain({ WORKERS: '1', DATA_DIR: dataDir, ...engine.env }),
    ];
    const stderr = ['', ''];
    twins.forEach((t, i) => t.stderr!.on('data', (c: Buffer) => (stderr[i] += c.toString('utf8'))));
    try {
      const outcomes = await Promise.all(
        twins.map((t) => {
          const { line } = linesOf(t);
          const exited = new Promise<string>((r) => t.once('exit', (code) => r(`exited with ${code}`)));
          return Promise.race([line((l) => l.startsWith('驿站通 is running: ')).then(() => 'up'), exited]);
        }),
      );
      expect([...outcomes].sort()).toEqual(['exited with 1', 'up']);
      const server = twins[outcomes.indexOf('up')];
      expect(stderr[outcomes.indexOf('exited with 1')]).toContain(
        `DATA_DIR ${dataDir} is in use by the server with process id ${server.pid}`,
      );
      expect(fs.readFileSync(path.join(dataDir, 'server.pid'), 'utf8')).toBe(String(server.pid));
      expect(await queryDatabaseOf(dataDir, engine.env, 'SELECT COUNT(*) AS n FROM stations')).toEqual([{ n: 741 }]);
    } finally {
      await Promise.all(twins.map((t) => (t.exitCode === null ? new Promise((r) => (t.once('exit', r), t.kill('SIGTERM'))) : null)));
      await engine.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a server killed without a chance to clean up does not keep the folder: the next one takes it over', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-stale-'));
    const engine = await engineFor();
    try {
      const first = spawnMain({ WORKERS: '1', DATA_DIR: dataDir, ...engine.env });
      await linesOf(first).line((l) => l.startsWith('驿站通 is running: '));
      const gone = new Promise((r) => first.once('exit', r));
      first.kill('SIGKILL');
      await gone;
      expect(fs.readFileSync(path.join(dataDir, 'server.pid'), 'utf8')).toBe(String(first.pid));
      const second = spawnMain({ WORKERS: '1', DATA_DIR: dataDir, ...engine.env });
      await linesOf(second).line((l) => l.startsWith('驿站通 is running: '));
      expect(fs.readFileSync(path.join(dataDir, 'server.pid'), 'utf8')).toBe(String(second.pid));
      const stopped = new Promise((r) => second.once('exit', r));
      second.kill('SIGTERM');
      await stopped;
      // A clean stop removes the claim.
      expect(fs.existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
    } finally {
      await engine.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
