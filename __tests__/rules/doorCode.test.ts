import {
  typedDoorCodeText,
  decodeLaunchValue,
  doorScene,
  extractDoorCodeFromLaunch,
  extractDoorCodeFromScan,
  parseDoorCode,
} from '@/rules/doorCode';

const MAC = 'AbCdEfGh1234-_xY'; // 16 base64url characters = 96 bits
const HOST = 'yz.example.cn';
const PRINTED = `https://${HOST}/d/ty0001.1.${MAC}`;
const ROTATING = `https://${HOST}/r/ty0001.59123456.${MAC}`;
const PASS = `YZP1.p8k2m9.1796000000.n0nce_AB.${MAC}`;
const SCENE = `ty0001.1${MAC}`;
const enc = encodeURIComponent;

const codeOf = (r: { ok: boolean; code?: string }): string | undefined => (r.ok ? undefined : r.code);

describe('parseDoorCode: our codes', () => {
  it('printed door code', () => {
    expect(parseDoorCode(PRINTED)).toEqual({
      ok: true,
      value: { kind: 'printed', doorId: 'ty0001', keyId: '1', mac: MAC, raw: PRINTED, host: HOST },
    });
  });

  it('rotating screen code', () => {
    expect(parseDoorCode(ROTATING)).toEqual({
      ok: true,
      value: { kind: 'rotating', doorId: 'ty0001', step: 59123456, mac: MAC, raw: ROTATING, host: HOST },
    });
  });

  it('worker pass', () => {
    expect(parseDoorCode(PASS)).toEqual({
      ok: true,
      value: { kind: 'pass', passId: 'p8k2m9', expiresAt: 1796000000, nonce: 'n0nce_AB', mac: MAC, raw: PASS },
    });
  });

  it.each([
    [`HTTPS://YZ.Example.CN/d/ty0001.1.${MAC}`, PRINTED],
    [`${PRINTED}/`, PRINTED],
    [`${PRINTED}?from=poster#top`, PRINTED],
    [`  ${PRINTED}\n`, PRINTED],
    [`https://${HOST}/d/ty0001.1.AbCdEfGh\r\n1234-_xY`, PRINTED],
    [`https://other.example.org:8443/d/ty0001.1.${MAC}`, `https://other.example.org:8443/d/ty0001.1.${MAC}`],
    [`https://${HOST}/d/abcdefghijkl.zz9.${MAC}`, `https://${HOST}/d/abcdefghijkl.zz9.${MAC}`],
    [`/d/ty0001.1.${MAC}`, `/d/ty0001.1.${MAC}`],
    [`d/ty0001.1.${MAC}`, `/d/ty0001.1.${MAC}`],
    [`d=ty0001.1.${MAC}`, `/d/ty0001.1.${MAC}`],
    [`ty0001.1.${MAC}`, `/d/ty0001.1.${MAC}`],
    [`/r/ty0001.0.${MAC}`, `/r/ty0001.0.${MAC}`],
  ])('%j -> %s', (text, raw) => {
    const r = parseDoorCode(text);
    expect(r.ok && r.value.raw).toBe(raw);
  });

  it('builds the canonical URL for host-less input from defaultHost', () => {
    const r = parseDoorCode(`ty0001.1.${MAC}`, { defaultHost: HOST });
    expect(r.ok && r.value.raw).toBe(PRINTED);
  });
});

describe('parseDoorCode: rejected', () => {
  it.each([
    ['', 'DOOR_CODE_EMPTY'],
    ['  \n\t\u3000', 'DOOR_CODE_EMPTY'],
    // foreign: payment codes and other links
    ['wxp://f2f0Xb3YQm1lHc7pVvTo-yzE3cJ0lQ8rBqk', 'DOOR_CODE_FOREIGN'],
    ['https://qr.alipay.com/fkx12345abcdefghijk', 'DOOR_CODE_FOREIGN'],
    ['https://example.com/articles/2026/11/30/long-news-story?utm_source=wechat&id=123456#comments', 'DOOR_CODE_FOREIGN'],
    ['https://mp.weixin.qq.com/s/AbCdEf', 'DOOR_CODE_FOREIGN'],
    ['134567890123456789', 'DOOR_CODE_FOREIGN'], // WeChat Pay payment barcode (18 digits, 10..15 prefix)
    ['281234567890123456', 'DOOR_CODE_FOREIGN'], // Alipay payment barcode
    ['6901234567892', 'DOOR_CODE_FOREIGN'], // product EAN-13
    ['hello', 'DOOR_CODE_FOREIGN'],
    // ours but damaged
    [`https://${HOST}/d/ty0001.1.AbCdEfGh12`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/d/ty0001.1.`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/d/ty0001`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/d/`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/d/ty0001.1.${MAC}x`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/d/TY0001.1.${MAC}`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/d/ty.1.${MAC}`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/d/ty0001.1234.${MAC}`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/d/ty0001.1.AbCdEfGh1234+/xY`, 'DOOR_CODE_MALFORMED'], // standard base64, not base64url
    [`https://${HOST}/r/ty0001.x1.${MAC}`, 'DOOR_CODE_MALFORMED'],
    [`https://${HOST}/r/ty0001.0123.${MAC}`, 'DOOR_CODE_MALFORMED'],
    [`http://${HOST}/d/ty0001.1.${MAC}`, 'DOOR_CODE_MALFORMED'],
    [`ty0001.1.AbC`, 'DOOR_CODE_MALFORMED'],
    ['YZP1.p8k2m9.17960', 'DOOR_CODE_MALFORMED'],
    [`YZP2.p8k2m9.1796000000.n0nce_AB.${MAC}`, 'DOOR_CODE_MALFORMED'],
    [`YZP1.p8k2m9.179600000.n0nce_AB.${MAC}`, 'DOOR_CODE_MALFORMED'],
  ])('%j -> %s', (text, code) => {
    expect(codeOf(parseDoorCode(text))).toBe(code);
  });

  it('treats a non-door path on one of our hosts as damaged', () => {
    expect(codeOf(parseDoorCode(`https://${HOST}/`, { hosts: [HOST] }))).toBe('DOOR_CODE_MALFORMED');
    expect(codeOf(parseDoorCode(`https://${HOST}/`))).toBe('DOOR_CODE_FOREIGN');
  });

  it('says what to do', () => {
    const foreign = parseDoorCode('wxp://f2f0abc');
    const damaged = parseDoorCode(`https://${HOST}/d/ty0001`);
    expect(!foreign.ok && foreign.message).toBe('这不是驿站门上的二维码，请扫描门上贴的驿站码。');
    expect(!damaged.ok && damaged.message).toBe('二维码不完整或已损坏，请重新扫描，或输入门上印的编号。');
  });
});

describe('doorScene', () => {
  it('is {doorId}.{keyId}{mac}', () => {
    expect(doorScene('ty0001', '1', MAC)).toBe(SCENE);
  });

  it('fits the 32-character scene limit for the longest doorId and keyId', () => {
    expect(doorScene('abcdefghijkl', 'zz9', MAC)).toHaveLength(32);
  });

  it('rejects bad parts', () => {
    expect(() => doorScene('TY', '1', MAC)).toThrow(RangeError);
  });
});

describe('decodeLaunchValue', () => {
  it.each([
    ['abc', 'abc'],
    [enc(PRINTED), PRINTED],
    [enc(enc(PRINTED)), PRINTED],
    [enc(enc(enc(PRINTED))), PRINTED],
    ['100%', '100%'],
    ['a%zzb%41', 'a%zzbA'],
    ['a+b%2Bc', 'a+b+c'],
  ])('%j -> %j', (value, decoded) => {
    expect(decodeLaunchValue(value)).toBe(decoded);
  });

  it('stops after 3 rounds', () => {
    expect(decodeLaunchValue(enc(enc(enc(enc('/')))))).toBe('%2F');
  });

  it('returns null for a %XX run that is not UTF-8', () => {
    expect(decodeLaunchValue('%E0%A4')).toBeNull();
  });
});

describe('extractDoorCodeFromLaunch', () => {
  it.each([
    ['q, encoded once', { q: enc(PRINTED) }, PRINTED],
    ['q, double encoded', { q: enc(enc(PRINTED)) }, PRINTED],
    ['q, triple encoded', { q: enc(enc(enc(PRINTED))) }, PRINTED],
    ['q, not encoded', { q: PRINTED }, PRINTED],
    ['q, rotating', { q: enc(ROTATING) }, ROTATING],
    ['q with stray whitespace', { q: ` ${enc(PRINTED)}\n` }, PRINTED],
    ['q wins over scene', { q: enc(PRINTED), scene: 'zzz' }, PRINTED],
    ['scene, compact', { scene: SCENE }, `/d/ty0001.1.${MAC}`],
    ['scene, encoded', { scene: enc(SCENE) }, `/d/ty0001.1.${MAC}`],
    ['scene, d= form encoded', { scene: enc(`d=ty0001.1.${MAC}`) }, `/d/ty0001.1.${MAC}`],
    ['code parameter', { code: enc(`ty0001.1.${MAC}`) }, `/d/ty0001.1.${MAC}`],
    ['empty q falls through to scene', { q: '', scene: SCENE }, `/d/ty0001.1.${MAC}`],
  ])('%s', (_label, launch, raw) => {
    expect(extractDoorCodeFromLaunch(launch)).toEqual({ ok: true, value: raw });
  });

  it('turns a scene into the canonical URL with defaultHost', () => {
    expect(extractDoorCodeFromLaunch({ scene: SCENE }, { defaultHost: HOST })).toEqual({ ok: true, value: PRINTED });
  });

  it.each([
    ['nothing', {}, 'DOOR_CODE_EMPTY'],
    ['blank q', { q: ' \n ' }, 'DOOR_CODE_EMPTY'],
    ['truncated q', { q: enc(PRINTED.slice(0, -5)) }, 'DOOR_CODE_MALFORMED'],
    ['stray % inside the door id', { q: `https%3A%2F%2F${HOST}%2Fd%2Fty%zz01.1.${MAC}` }, 'DOOR_CODE_MALFORMED'],
    ['% at the end of a foreign link', { q: 'https%3A%2F%2Fexample.com%2Fsale%3Fd%3D100%' }, 'DOOR_CODE_FOREIGN'],
    ['invalid UTF-8 escape', { q: `https%3A%2F%2F${HOST}%2Fd%2F%E0%A4` }, 'DOOR_CODE_MALFORMED'],
    ['foreign link with a bad escape', { q: 'https://example.com/?a=%E0%A4' }, 'DOOR_CODE_FOREIGN'],
    // '+' must stay '+': read as a space and dropped, this 17-character mac would wrongly become valid.
    ['+ is not a space', { q: enc(`https://${HOST}/d/ty0001.1.AbCdEfGh+1234-_xY`) }, 'DOOR_CODE_MALFORMED'],
    ['raw + is not a space', { q: `https://${HOST}/d/ty0001.1.AbCdEfGh+1234-_xY` }, 'DOOR_CODE_MALFORMED'],
    ['WeChat Pay link', { q: enc('wxp://f2f0Xb3YQm1lHc7pVvTo') }, 'DOOR_CODE_FOREIGN'],
    ['Alipay link', { q: enc('https://qr.alipay.com/fkx12345abcdefghijk') }, 'DOOR_CODE_FOREIGN'],
    ["someone else's scene", { scene: 'from%3Dposter' }, 'DOOR_CODE_FOREIGN'],
    ['truncated scene', { scene: 'ty0001.1AbCd' }, 'DOOR_CODE_MALFORMED'],
  ])('%s -> %s', (_label, launch, code) => {
    expect(codeOf(extractDoorCodeFromLaunch(launch))).toBe(code);
  });
});

describe('extractDoorCodeFromScan', () => {
  it.each([
    [PRINTED, PRINTED],
    [`${PRINTED}\n`, PRINTED],
    [ROTATING, ROTATING],
    [PASS, PASS],
    [`pages/door/index?scene=${enc(SCENE)}`, `/d/ty0001.1.${MAC}`],
    [`pages/door/index?from=scan&q=${enc(PRINTED)}`, PRINTED],
    [enc(PRINTED), PRINTED],
  ])('%j -> %s', (result, raw) => {
    expect(extractDoorCodeFromScan(result)).toEqual({ ok: true, value: raw });
  });

  it.each([
    ['', 'DOOR_CODE_EMPTY'],
    ['wxp://f2f0Xb3YQm1lHc7pVvTo', 'DOOR_CODE_FOREIGN'],
    ['https://qr.alipay.com/fkx12345abcdefghijk', 'DOOR_CODE_FOREIGN'],
    ['134567890123456789', 'DOOR_CODE_FOREIGN'],
    [PRINTED.slice(0, 30), 'DOOR_CODE_MALFORMED'],
  ])('%j -> %s', (result, code) => {
    expect(codeOf(extractDoorCodeFromScan(result))).toBe(code);
  });
});

describe('typedDoorCodeText: a code typed or pasted by a worker', () => {
  const MAC = 'Pd1cVe2mQRJmGqtL';
  const canonical = `https://yz.tyzgh.cn/d/d0039.1.${MAC}`;
  const typed = (text: string) => extractDoorCodeFromScan(typedDoorCodeText(text), { defaultHost: 'yz.tyzgh.cn' });

  it.each([
    ["the number with a Chinese keyboard's full stops", `d0039。1。${MAC}`],
    ['full-width letters, digits and dots', `ｄ００３９．１．${MAC}`],
    ['the link without its scheme', `yz.tyzgh.cn/d/d0039.1.${MAC}`],
    ['the link with http', `http://yz.tyzgh.cn/d/d0039.1.${MAC}`],
    ['the link inside words, as a chat message pastes it', `驿站码：https://yz.tyzgh.cn/d/d0039.1.${MAC} 请查收`],
    ['the link with a full-width colon and slashes', `https：／／yz.tyzgh.cn／d／d0039.1.${MAC}`],
    ['the number with its first letter capitalised by the keyboard', `D0039.1.${MAC}`],
    ['the link with the door in capitals', `HTTPS://YZ.TYZGH.CN/D/D0039.1.${MAC}`],
  ])('%s opens the same door', (_label, text) => {
    expect(typed(text)).toEqual({ ok: true, value: canonical });
  });

  it("keeps the MAC's case (it is case-sensitive) and still refuses what is not ours", () => {
    expect(typedDoorCodeText(`d0039.1.${MAC}`)).toBe(`d0039.1.${MAC}`);
    expect(typedDoorCodeText(`D0039.1.${MAC}`)).toBe(`d0039.1.${MAC}`);
    expect(typed('wxp://f2f0Abc').ok).toBe(false);
    expect(typed(`ftp://yz.tyzgh.cn/d/d0039.1.${MAC}`).ok).toBe(false);
  });
});
