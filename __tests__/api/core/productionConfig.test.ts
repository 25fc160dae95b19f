import os from 'os';
import { loadConfig } from '../../../mock/src/core/config';
import { startServer, call } from '../../support/server';

describe('production refuses development defaults', () => {
  it('will not start without YIZHAN_MASTER_KEY', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/needs YIZHAN_MASTER_KEY/);
  });

  it('needs no shared staff key any more (staff sign in as themselves): STAFF_KEY is ignored', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', YIZHAN_MASTER_KEY: 'x' })).not.toThrow();
    expect(JSON.stringify(loadConfig({ STAFF_KEY: 'old-shared-key-123' }))).not.toContain('old-shared-key-123');
  });

  it('starts with the key set, and device login follows WeChat being configured', () => {
    const base = { NODE_ENV: 'production', YIZHAN_MASTER_KEY: 'x' };
    expect(loadConfig(base).deviceLogin).toBe(true);
    expect(loadConfig({ ...base, WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }).deviceLogin).toBe(false);
    expect(loadConfig({ ...base, WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', DEVICE_LOGIN: 'on' }).deviceLogin).toBe(true);
  });
});

it('with DEVICE_LOGIN=off a device id cannot sign in (403 DEVICE_LOGIN_DISABLED), a WeChat code can', async () => {
  const s = await startServer({ DEVICE_LOGIN: 'off' });
  try {
    const byDevice = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: 'a'.repeat(32) } });
    expect([byDevice.status, byDevice.body.error.code]).toEqual([403, 'DEVICE_LOGIN_DISABLED']);
    expect((await call(`${s.api}/sessions`, { method: 'POST', body: { wxCode: 'code-1' } })).status).toBe(201);
  } finally {
    await s.close();
  }
});

describe('WORKERS, the number of server processes', () => {
  it('defaults to the CPU count, at most 4', () => {
    expect(loadConfig({}).workers).toBe(Math.min(os.availableParallelism(), 4));
    expect(loadConfig({ WORKERS: '' }).workers).toBe(Math.min(os.availableParallelism(), 4));
  });

  it('takes a whole number from 1 to 64 as given', () => {
    expect(loadConfig({ WORKERS: '1' }).workers).toBe(1);
    expect(loadConfig({ WORKERS: '6' }).workers).toBe(6);
  });

  it.each(['0', '-1', '2.5', 'abc', '65'])('refuses %s with a message naming the setting', (value) => {
    expect(() => loadConfig({ WORKERS: value })).toThrow(`WORKERS must be a whole number of server processes from 1 to 64, not "${value}"`);
  });
});
