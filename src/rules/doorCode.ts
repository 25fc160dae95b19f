/**
 * Door codes: parsing and launch-option extraction only. MACs are computed and checked by the backend; nothing
 * here proves a code is genuine, it only tells ours from foreign or damaged contents.
 *
 * Formats (doorId /^[a-z0-9]{3,12}$/, keyId /^[0-9a-z]{1,3}$/, mac = 16 base64url chars without padding, i.e. a
 * 96-bit truncated HMAC-SHA256):
 * - printed on the door: `https://{host}/d/{doorId}.{keyId}.{mac}`
 * - rotating on a screen: `https://{host}/r/{doorId}.{step}.{mac}`, step = floor(unixSeconds / 30), decimal
 * - worker pass on the phone: `YZP1.{passId}.{expiresAtUnixS}.{nonce}.{mac}`, passId /^[0-9a-z]{3,32}$/,
 *   expiresAt 10 digits, nonce 6..32 base64url chars
 * - mini-program code scene (at most 32 chars, see {@link doorScene}): `{doorId}.{keyId}{mac}`
 */
import { fail, ok, type RuleFailure, type RuleResult } from './result';
import { stripFormatChars } from './text';

export type DoorCodeKind = 'printed' | 'rotating' | 'pass';

interface DoorCodeFields {
  /** Canonical code text: the https URL ('/d/...' path when no host is known) or the pass string. */
  raw: string;
  mac: string;
  /** Lower-case host of a URL code; absent for host-less input. The server decides whether it is ours. */
  host?: string;
}

export type DoorCode = DoorCodeFields &
  (
    | { kind: 'printed'; doorId: string; keyId: string; step?: undefined; passId?: undefined; expiresAt?: undefined; nonce?: undefined }
    | { kind: 'rotating'; doorId: string; step: number; keyId?: undefined; passId?: undefined; expiresAt?: undefined; nonce?: undefined }
    | { kind: 'pass'; passId: string; expiresAt: number; nonce: string; doorId?: undefined; keyId?: undefined; step?: undefined }
  );

export interface DoorCodeOptions {
  /** Host used to turn host-less input (scene, typed code) into the canonical https URL. */
  defaultHost?: string;
  /** Our hosts: a URL on one of them that is not a door path is reported as damaged rather than foreign. */
  hosts?: readonly string[];
}

const DOOR_ID = /^[a-z0-9]{3,12}$/;
const KEY_ID = /^[0-9a-z]{1,3}$/;
const MAC = /^[A-Za-z0-9_-]{16}$/;
const STEP = /^(?:0|[1-9]\d{0,11})$/;
const PASS_ID = /^[0-9a-z]{3,32}$/;
const EXPIRES = /^[1-9]\d{9}$/;
const NONCE = /^[A-Za-z0-9_-]{6,32}$/;
const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?[^#]*)?(?:#.*)?$/;
const DOOR_PATH = /^\/?([dr])\/(.*?)\/?$/;
const HOST = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/;
const COMPACT_SCENE = /^([a-z0-9]{3,12})\.([0-9a-z]{1,3})([A-Za-z0-9_-]{16})$/;

const EMPTY = (): RuleFailure => fail('DOOR_CODE_EMPTY', '没有读到二维码内容，请对准门上的驿站码重新扫描。');
const FOREIGN = (): RuleFailure => fail('DOOR_CODE_FOREIGN', '这不是驿站门上的二维码，请扫描门上贴的驿站码。');
const MALFORMED = (): RuleFailure => fail('DOOR_CODE_MALFORMED', '二维码不完整或已损坏，请重新扫描，或输入门上印的编号。');

// Scanners and copy-paste bring newlines, spaces and invisible format characters (zero-width, bidi marks); no
// valid code contains any.
const stripWhitespace = (s: string): string => stripFormatChars(s).replace(/[\s\u3000]+/g, '');

function doorPath(kind: string, segment: string, origin: string, host?: string): RuleResult<DoorCode> {
  const parts = segment.split('.');
  if (parts.length !== 3) return MALFORMED();
  const [doorId, middle, mac] = parts;
  if (!DOOR_ID.test(doorId) || !MAC.test(mac)) return MALFORMED();
  if (kind === 'd') {
    if (!KEY_ID.test(middle)) return MALFORMED();
    return ok({ kind: 'printed', doorId, keyId: middle, mac, raw: `${origin}/d/${segment}`, host });
  }
  if (!STEP.test(middle)) return MALFORMED();
  return ok({ kind: 'rotating', doorId, step: Number(middle), mac, raw: `${origin}/r/${segment}`, host });
}

function parsePass(s: string): RuleResult<DoorCode> {
  const parts = s.split('.');
  if (parts.length !== 5 || parts[0] !== 'YZP1') return MALFORMED();
  const [, passId, expires, nonce, mac] = parts;
  if (!PASS_ID.test(passId) || !EXPIRES.test(expires) || !NONCE.test(nonce) || !MAC.test(mac)) return MALFORMED();
  return ok({ kind: 'pass', passId, expiresAt: Number(expires), nonce, mac, raw: s });
}

/**
 * Tells our door codes from foreign QR contents. Accepts any host (the server checks it), a host-less door path
 * ('/d/...', 'd/...'), 'd={doorId}.{keyId}.{mac}', the bare printed number '{doorId}.{keyId}.{mac}' typed from
 * the door, and passes. Whitespace anywhere is ignored.
 * @returns the parsed code; DOOR_CODE_EMPTY, DOOR_CODE_FOREIGN (payment codes such as wxp:// or qr.alipay.com,
 *   payment barcodes, other links) or DOOR_CODE_MALFORMED (ours but truncated or damaged, or not https)
 */
export function parseDoorCode(text: string, options: DoorCodeOptions = {}): RuleResult<DoorCode> {
  const s = stripWhitespace(text);
  if (s === '') return EMPTY();
  const origin = options.defaultHost ? `https://${options.defaultHost.toLowerCase()}` : '';
  if (/^YZP/i.test(s)) return parsePass(s);
  const url = URL_RE.exec(s);
  if (url) {
    const host = url[2].toLowerCase();
    const path = DOOR_PATH.exec(url[3]);
    if (path && url[3].startsWith('/')) {
      if (url[1].toLowerCase() !== 'https' || !HOST.test(host)) return MALFORMED();
      return doorPath(path[1], path[2], `https://${host}`, host);
    }
    return (options.hosts ?? []).some((h) => h.toLowerCase() === host) ? MALFORMED() : FOREIGN();
  }
  const path = DOOR_PATH.exec(s);
  if (path) return doorPath(path[1], path[2], origin);
  if (s.startsWith('d=')) return doorPath('d', s.slice(2), origin);
  if (/^[a-z0-9]{3,12}\.[0-9a-z]{1,3}\./.test(s)) return doorPath('d', s, origin);
  return FOREIGN();
}

/**
 * Decodes %XX runs up to 3 times, for WeChat's URL-encoded `q`/`scene` that some generators encode twice or
 * thrice. Stray '%' stays literal and '+' is never turned into a space (that is form encoding, not URL encoding).
 * @returns the decoded text, or null when a %XX run is not valid UTF-8
 */
export function decodeLaunchValue(value: string): string | null {
  let s = value;
  for (let i = 0; i < 3 && /%[0-9A-Fa-f]{2}/.test(s); i++) {
    let bad = false;
    const decoded = s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        bad = true;
        return run;
      }
    });
    if (bad) return null;
    if (decoded === s) break;
    s = decoded;
  }
  return s;
}

function fromText(value: string, options: DoorCodeOptions): RuleResult<string> {
  const decoded = decodeLaunchValue(stripWhitespace(value));
  if (decoded === null) {
    // A plain foreign link with a stray bad escape is still foreign, not a damaged door code.
    const undecoded = parseDoorCode(value, options);
    const foreign = URL_RE.test(stripWhitespace(value)) && !undecoded.ok && undecoded.code === 'DOOR_CODE_FOREIGN';
    return foreign ? undecoded : MALFORMED();
  }
  const parsed = parseDoorCode(decoded, options);
  return parsed.ok ? ok(parsed.value.raw) : parsed;
}

function fromScene(scene: string, options: DoorCodeOptions): RuleResult<string> {
  const decoded = decodeLaunchValue(stripWhitespace(scene));
  if (decoded === null) return MALFORMED();
  if (decoded === '') return EMPTY();
  const m = COMPACT_SCENE.exec(decoded);
  if (m) return fromText(`/d/${m[1]}.${m[2]}.${m[3]}`, options);
  const parsed = parseDoorCode(decoded, options);
  if (!parsed.ok && parsed.code === 'DOOR_CODE_FOREIGN' && /^[a-z0-9]{3,12}\./.test(decoded)) return MALFORMED();
  return parsed.ok ? ok(parsed.value.raw) : parsed;
}

/**
 * The compact mini-program code scene for a printed door code: `{doorId}.{keyId}{mac}`. The mac is always the
 * last 16 characters, so no second dot is needed and the longest scene (12 + 1 + 3 + 16) fits WeChat's 32-char
 * limit (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html).
 * @throws RangeError when a part does not match its format
 */
export function doorScene(doorId: string, keyId: string, mac: string): string {
  if (!DOOR_ID.test(doorId) || !KEY_ID.test(keyId) || !MAC.test(mac)) throw new RangeError('Bad door code part');
  return `${doorId}.${keyId}${mac}`;
}

/**
 * The door code a page was opened with. WeChat puts a scanned ordinary-link QR's URL, URL-encoded, in `q`
 * (https://developers.weixin.qq.com/miniprogram/introduction/qrcode.html) and a mini-program code's scene,
 * URL-encoded, in `scene`; `code` is our own page parameter (typed or forwarded). Checked in that order.
 * Never throws.
 * @returns the canonical code text (see {@link DoorCode.raw}), or DOOR_CODE_EMPTY / _FOREIGN / _MALFORMED
 */
export function extractDoorCodeFromLaunch(
  launch: { q?: string; scene?: string; code?: string },
  options: DoorCodeOptions = {},
): RuleResult<string> {
  if (launch.q && launch.q.trim()) return fromText(launch.q, options);
  if (launch.scene && launch.scene.trim()) return fromScene(launch.scene, options);
  if (launch.code && launch.code.trim()) return fromText(launch.code, options);
  return EMPTY();
}

/**
 * What a worker typed or pasted, made into code text for extractDoorCodeFromScan: full-width letters, digits and
 * punctuation folded (NFKC), the ideographic full stop '。' of a Chinese keyboard read as '.', the code picked out
 * of words around it ('驿站码：https://…'), and a link typed without its scheme or with http made https (the MAC,
 * not the scheme, is what the server checks; the host is still checked against DOOR_HOST there). The door id is
 * put in lower case; the MAC keeps its case (it is case-sensitive). For typed text only, never for a scanned QR.
 */
export function typedDoorCodeText(text: string): string {
  const s = stripWhitespace(text.normalize('NFKC').replace(/[。｡]/g, '.'));
  const link = /(?:[a-z][a-z0-9+.-]*:\/\/)?[a-z0-9.-]+\.[a-z]{2,}(?::\d{1,5})?\/[dr]\/[A-Za-z0-9._-]+/i.exec(s);
  // Door ids are lower case (DOOR_ID); a phone keyboard capitalises the first letter typed.
  if (link) {
    return link[0]
      .replace(/^(?:https?:\/\/)?/i, 'https://')
      .replace(/\/([dr])\/([A-Za-z0-9]+)\./i, (_m, kind: string, doorId: string) => `/${kind.toLowerCase()}/${doorId.toLowerCase()}.`);
  }
  return s.replace(/^([A-Za-z0-9]+)\./, (_m, doorId: string) => `${doorId.toLowerCase()}.`);
}

/**
 * The door code in a `Taro.scanCode` result: the QR text itself, or, for a mini-program code, a page path
 * carrying `scene=` (or `q=`). Never throws.
 * @returns the canonical code text, or DOOR_CODE_EMPTY / _FOREIGN / _MALFORMED
 */
export function extractDoorCodeFromScan(result: string, options: DoorCodeOptions = {}): RuleResult<string> {
  const s = stripWhitespace(result);
  if (s === '') return EMPTY();
  const param = URL_RE.test(s) ? null : /^[\w/.-]*\?(?:.*&)?(scene|q)=([^&#]*)/.exec(s);
  if (param) return param[1] === 'scene' ? fromScene(param[2], options) : fromText(param[2], options);
  return fromText(s, options);
}
