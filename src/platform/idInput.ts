/**
 * The identity number field's keyboard. weapp: Input type `idcard`, WeChat's digit keypad with an X key. h5: a
 * browser has no such keypad; `inputmode=numeric` brings up the digit keypad (whose X is missing), so the page
 * adds an X key beside the field (ID_X_KEY), and `pattern` tells the browser what belongs there.
 */
export const ID_INPUT_NATIVE_PROPS: Record<string, string> | undefined =
  process.env.TARO_ENV === 'h5' ? { inputmode: 'numeric', pattern: '[0-9Xx ]*', autocomplete: 'off' } : undefined;

/** Whether the page shows its own X key beside the field (h5; weapp's idcard keypad has one). */
export const ID_X_KEY = process.env.TARO_ENV !== 'weapp';
