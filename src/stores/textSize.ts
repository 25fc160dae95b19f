import { create } from 'zustand';
import { systemFontScale, textModeForScale, type TextMode, TEXT_MODES } from '../platform/textSize';
import { readVersioned, writeVersioned } from './storage';

/**
 * The text size: the worker's own choice on 我的 (大字模式, remembered on the phone), else what WeChat's font setting
 * says (platform/textSize.ts). `mode` is what pages show.
 */
export interface TextSizeState {
  /** The worker's choice; null: follow WeChat's font setting. */
  chosen: TextMode | null;
  /** WeChat's font scale factor when last read (1 on h5). */
  systemScale: number;
  mode: TextMode;
  /** Reads the saved choice and the system setting again. */
  load: () => void;
  /** Sets and remembers the worker's choice. Returns false when storage refused (the mode still changes). */
  choose: (mode: TextMode) => boolean;
}

export const TEXT_SIZE_KEY = 'yz.textSize';
const VERSION = 1;
const isSaved = (x: unknown): x is { chosen: TextMode } =>
  !!x && typeof x === 'object' && TEXT_MODES.includes((x as { chosen?: TextMode }).chosen as TextMode);

function read(): Pick<TextSizeState, 'chosen' | 'systemScale' | 'mode'> {
  const chosen = readVersioned(TEXT_SIZE_KEY, VERSION, isSaved)?.chosen ?? null;
  const systemScale = systemFontScale();
  return { chosen, systemScale, mode: chosen ?? textModeForScale(systemScale) };
}

export const useTextSizeStore = create<TextSizeState>((set) => ({
  ...read(),
  load: () => set(read()),
  choose: (mode) => {
    set({ chosen: mode, mode });
    return writeVersioned(TEXT_SIZE_KEY, VERSION, { chosen: mode });
  },
}));
