/** Where requests go: weapp needs an absolute URL (the local backend unless a deployment sets one); h5 its origin. */
const load = (env: Record<string, string | undefined>): string => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    let base = '';
    jest.isolateModules(() => {
      base = (require('@/api/client') as typeof import('@/api/client')).API_BASE;
    });
    return base;
  } finally {
    process.env = saved;
  }
};

it('weapp without a configured base talks to the local backend by absolute URL', () => {
  expect(load({ TARO_ENV: 'weapp', TARO_APP_API_BASE: '' })).toBe('http://127.0.0.1:3000/api/v1');
});

it('h5 without a configured base uses its own origin', () => {
  expect(load({ TARO_ENV: 'h5', TARO_APP_API_BASE: '' })).toBe('/api/v1');
});

it('a configured base wins on both platforms', () => {
  expect(load({ TARO_ENV: 'weapp', TARO_APP_API_BASE: 'https://api.example.cn/api/v1' })).toBe('https://api.example.cn/api/v1');
  expect(load({ TARO_ENV: 'h5', TARO_APP_API_BASE: 'https://api.example.cn/api/v1' })).toBe('https://api.example.cn/api/v1');
});
