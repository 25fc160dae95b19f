import { TEXT_MODE_CLASS } from '../platform/textSize';
import { useTextSizeStore } from '../stores/textSize';

/**
 * The class of a page's root view: `page` plus the text size mode's class, so every screen follows 大字模式 and
 * WeChat's font setting. `extra` adds classes.
 */
export function usePageClass(extra = ''): string {
  const mode = useTextSizeStore((s) => s.mode);
  return ['page', TEXT_MODE_CLASS[mode], extra].filter(Boolean).join(' ');
}
