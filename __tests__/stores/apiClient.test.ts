/**
 * The request wrapper's failures as each platform reports them: a slow network must read as slow (TIMEOUT,
 * "网络太慢"), not as no network, on h5 too.
 */
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import { request, ApiError } from '@/api/client';

beforeEach(() => __reset());

async function failureOf(rejection: unknown): Promise<ApiError> {
  (Taro.request as unknown as jest.Mock).mockImplementationOnce(() => Promise.reject(rejection));
  return request('GET', '/stations/nearby', { anonymous: true }).then(
    () => {
      throw new Error('resolved');
    },
    (err: ApiError) => err,
  );
}

it('weapp timeout ("request:fail timeout") is TIMEOUT', async () => {
  expect((await failureOf({ errMsg: 'request:fail timeout' })).code).toBe('TIMEOUT');
});

it('h5 timeout (Taro aborts its fetch: an AbortError) is TIMEOUT, not NETWORK', async () => {
  const aborted = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
  const err = await failureOf(Object.assign(aborted, { errMsg: aborted.message }));
  expect(err.code).toBe('TIMEOUT');
  expect(err.message).toMatch(/网络太慢/);
});

it('no network at all (fetch TypeError) is NETWORK', async () => {
  const offline = Object.assign(new TypeError('Failed to fetch'), { errMsg: 'Failed to fetch' });
  expect((await failureOf(offline)).code).toBe('NETWORK');
});
