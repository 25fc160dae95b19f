/**
 * The Input `type` of a mobile number field. weapp: `number`, WeChat's digit keyboard, whose paste keeps the
 * digits. h5: `tel`, the phone keypad, which keeps any text: in an HTML number field a pasted "138-0013-8000" or
 * full-width "１３８…" reads as empty, and the worker was told 请填写手机号 under a box showing the number. The text
 * is cleaned as typed text is (src/rules/phone.ts). Taro's h5 Input passes the type through to the element;
 * its typings list no `tel`.
 */
export const PHONE_INPUT_TYPE = (process.env.TARO_ENV === 'weapp' ? 'number' : 'tel') as 'number';
