import Taro from '@tarojs/taro';
import { PALETTE } from '../theme/palette';

/**
 * Taro.showModal in the app's colours: the confirm button in union red (or `danger` for what cannot be undone),
 * cancel in body ink. The platform's default green is 2.28:1 on white; both here are at least 5.8:1
 * (src/theme/palette.ts). On h5 the dialog's text size and colours follow app.css (.taro__modal), large mode too.
 */
export function showDialog(opts: {
  title: string;
  content: string;
  confirmText: string;
  cancelText: string;
  danger?: boolean;
}): Promise<{ confirm: boolean }> {
  const { danger, ...rest } = opts;
  return Taro.showModal({ ...rest, confirmColor: danger ? PALETTE.danger : PALETTE.brand, cancelColor: PALETTE.ink });
}
