/** Host printed in door codes; turns a typed host-less code into the canonical URL. Inlined at build time. */
export const DOOR_HOST: string = process.env.TARO_APP_DOOR_HOST || 'yz.tyzgh.cn';
export { UNION_HOTLINE } from '../rules/errors';
