/**
 * Text size: WeChat's font scale factor -> mode (platform/textSize), the worker's choice remembered on the phone
 * and winning over the system setting (stores/textSize), and <html> marked on h5.
 */
import Taro from '@tarojs/taro';
import { storage, __reset } from '../stubs/taro';
import { applyTextModeToDocument, systemFontScale, textModeForScale } from '@/platform/textSize';
import { TEXT_SIZE_KEY, useTextSizeStore } from '@/stores/textSize';

const baseInfo = Taro.getAppBaseInfo as unknown as jest.Mock;

beforeEach(() => {
  __reset();
  delete process.env.TARO_ENV;
});

describe('textModeForScale', () => {
  it.each([
    [1, 'standard'],
    [1.1, 'standard'], // one step up: 16 px body reads as 17.6 px
    [1.2, 'large'], // two steps up: 19.2 px, past MIIT's 18
    [1.4, 'large'],
    [1.6, 'largest'],
    [2, 'largest'],
    [0.9, 'standard'],
    [0, 'standard'],
    [Number.NaN, 'standard'],
  ] as const)('scale %p -> %s', (scale, mode) => {
    expect(textModeForScale(scale)).toBe(mode);
  });
});

describe('systemFontScale', () => {
  it('h5 has no font setting: 1, and WeChat is not asked', () => {
    expect(systemFontScale()).toBe(1);
    expect(baseInfo).not.toHaveBeenCalled();
  });
  it('weapp: fontSizeScaleFactor, else fontSizeSetting over the standard 17 px, else 1', () => {
    process.env.TARO_ENV = 'weapp';
    baseInfo.mockReturnValueOnce({ fontSizeScaleFactor: 1.4, fontSizeSetting: 24 });
    expect(systemFontScale()).toBe(1.4);
    baseInfo.mockReturnValueOnce({ fontSizeSetting: 34 });
    expect(systemFontScale()).toBe(2);
    baseInfo.mockReturnValueOnce({});
    expect(systemFontScale()).toBe(1);
    baseInfo.mockImplementationOnce(() => {
      throw new Error('getAppBaseInfo:fail not supported');
    });
    expect(systemFontScale()).toBe(1);
  });
});

describe('the text size store', () => {
  it('follows WeChat until the worker chooses; the choice is remembered across a restart and wins', () => {
    process.env.TARO_ENV = 'weapp';
    baseInfo.mockReturnValue({ fontSizeScaleFactor: 1.25 });
    useTextSizeStore.getState().load();
    expect(useTextSizeStore.getState()).toMatchObject({ chosen: null, systemScale: 1.25, mode: 'large' });

    expect(useTextSizeStore.getState().choose('standard')).toBe(true);
    expect(useTextSizeStore.getState().mode).toBe('standard');
    expect(JSON.parse(storage.get(TEXT_SIZE_KEY) as string)).toEqual({ v: 1, data: { chosen: 'standard' } });

    useTextSizeStore.setState({ chosen: null, mode: 'large' }); // what a fresh launch would start from
    useTextSizeStore.getState().load();
    expect(useTextSizeStore.getState().mode).toBe('standard');
    baseInfo.mockReset();
  });

  it('a broken saved value is dropped and the system setting applies', () => {
    storage.set(TEXT_SIZE_KEY, JSON.stringify({ v: 1, data: { chosen: 'huge' } }));
    useTextSizeStore.getState().load();
    expect(useTextSizeStore.getState()).toMatchObject({ chosen: null, mode: 'standard' });
    expect(storage.has(TEXT_SIZE_KEY)).toBe(false);
  });

  it('storage refusing the choice still changes the mode, and says so', () => {
    (Taro.setStorageSync as unknown as jest.Mock).mockImplementationOnce(() => {
      throw new Error('setStorageSync:fail exceed storage max size');
    });
    expect(useTextSizeStore.getState().choose('largest')).toBe(false);
    expect(useTextSizeStore.getState().mode).toBe('largest');
  });
});

test('h5: <html> carries the mode so the tab bar and dialogs follow it', () => {
  process.env.TARO_ENV = 'h5';
  applyTextModeToDocument('largest');
  expect(Array.from(document.documentElement.classList).sort()).toEqual(['text-large', 'text-largest']);
  applyTextModeToDocument('large');
  expect(Array.from(document.documentElement.classList)).toEqual(['text-large']);
  applyTextModeToDocument('standard');
  expect(Array.from(document.documentElement.classList)).toEqual([]);
  expect(document.documentElement.getAttribute('data-text-mode')).toBe('standard');
});
