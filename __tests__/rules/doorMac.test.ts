/**
 * Door-code MACs, key rotation, rotating-code windows, pass MACs and device keys. The expected values are
 * known answers computed independently with Python's hmac/hashlib (HKDF per RFC 5869, empty salt) from the
 * master key 00 01 02 .. 1f, not with the code under test.
 */
import crypto from 'crypto';
import qrcode from 'qrcode-generator';
import { deriveKeys } from '../../mock/src/core/keys';
import {
  checkRotating,
  passText,
  printedDoorCode,
  QR_V4_M_BYTES,
  rotatingDoorCode,
  rotationStep,
  verifyPassMac,
  verifyPrintedMac,
} from '../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../mock/src/features/doors/deviceKeys';
import { loadSeed } from '../../mock/seed/load';
import { parseDoorCode } from '@/rules/doorCode';

const MASTER = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const HOST = 'yz.tyzgh.cn';
/** 2026-12-01 10:00:00 Shanghai; 1796090400 s / 30 = step 59869680. */
const T0 = Date.UTC(2026, 11, 1, 2, 0, 0);
const STEP0 = 59_869_680;

describe('printed codes', () => {
  const keys = deriveKeys(MASTER, '1');

  it('signs d0039 with key 1 to the known answer', () => {
    expect(printedDoorCode(keys, HOST, 'd0039')).toBe('https://yz.tyzgh.cn/d/d0039.1.IPFFhcjz06IcN2w9');
    expect(verifyPrintedMac(keys, 'd0039', '1', 'IPFFhcjz06IcN2w9')).toBe(true);
  });

  it('refuses a MAC with one character changed, for another door, or for an unknown key id', () => {
    expect(verifyPrintedMac(keys, 'd0039', '1', 'IPFFhcjz06IcN2wA')).toBe(false);
    expect(verifyPrintedMac(keys, 'd0040', '1', 'IPFFhcjz06IcN2w9')).toBe(false);
    expect(verifyPrintedMac(keys, 'd0039', '2', 'IPFFhcjz06IcN2w9')).toBe(false);
  });

  it('a door id alone or a truncated MAC does not even parse as a door code', () => {
    for (const text of ['https://yz.tyzgh.cn/d/d0039', 'https://yz.tyzgh.cn/d/d0039.1.IPFFhcjz06IcN2w', 'd0039']) {
      const r = parseDoorCode(text);
      expect(r.ok).toBe(false);
    }
  });

  it('compares in constant time: timingSafeEqual sees equal-length buffers even for a wrong MAC', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      verifyPrintedMac(keys, 'd0039', '1', 'AAAAAAAAAAAAAAAA');
      expect(spy).toHaveBeenCalledTimes(1);
      const [a, b] = spy.mock.calls[0] as [Buffer, Buffer];
      expect([a.length, b.length]).toEqual([16, 16]);
    } finally {
      spy.mockRestore();
    }
  });

  it('fits every seeded door in a version-4 QR at level M (at most 62 bytes), the longest door id too', () => {
    const codes = loadSeed().stations.flatMap((s) => s.doors.map((d) => printedDoorCode(keys, HOST, d.id)));
    expect(codes.length).toBe(121);
    const longest = printedDoorCode(deriveKeys(MASTER, 'zzz'), HOST, 'abcdefghijkl');
    expect(longest.length).toBe(55); // 22 ("https://yz.tyzgh.cn/d/") + 12 (door id) + 1 + 3 (key id) + 1 + 16 (MAC)
    for (const code of [...codes, longest]) {
      expect(Buffer.byteLength(code, 'ascii')).toBeLessThanOrEqual(QR_V4_M_BYTES);
      const qr = qrcode(4, 'M');
      qr.addData(code, 'Byte');
      expect(() => qr.make()).not.toThrow();
    }
    // The capacity is real: 63 bytes do not fit.
    const over = qrcode(4, 'M');
    over.addData('x'.repeat(63), 'Byte');
    expect(() => over.make()).toThrow();
  });
});

describe('key rotation (DOOR_KEY_IDS)', () => {
  const before = deriveKeys(MASTER, '1');
  const during = deriveKeys(MASTER, '1,2');
  const after = deriveKeys(MASTER, '2');
  const oldCode = 'https://yz.tyzgh.cn/d/d0039.1.IPFFhcjz06IcN2w9';
  const newCode = 'https://yz.tyzgh.cn/d/d0039.2.w0yby4_pYrDtroJC';

  it('signs new codes with the last listed key while the old key still verifies', () => {
    expect(printedDoorCode(before, HOST, 'd0039')).toBe(oldCode);
    expect(printedDoorCode(during, HOST, 'd0039')).toBe(newCode);
    expect(verifyPrintedMac(during, 'd0039', '1', 'IPFFhcjz06IcN2w9')).toBe(true);
    expect(verifyPrintedMac(during, 'd0039', '2', 'w0yby4_pYrDtroJC')).toBe(true);
  });

  it('refuses the old code once its key is retired, and keeps the new one', () => {
    expect(verifyPrintedMac(after, 'd0039', '1', 'IPFFhcjz06IcN2w9')).toBe(false);
    expect(verifyPrintedMac(after, 'd0039', '2', 'w0yby4_pYrDtroJC')).toBe(true);
  });

  it('refuses a key-1 MAC presented under key id 2', () => {
    expect(verifyPrintedMac(during, 'd0039', '2', 'IPFFhcjz06IcN2w9')).toBe(false);
  });
});

describe('rotating codes (30 s steps, current and previous accepted)', () => {
  const keys = deriveKeys(MASTER, '1');
  const mac = 'faduZunvhbWntu_p';

  it('signs d0050 at step 59869680 to the known answer', () => {
    expect(rotationStep(T0)).toBe(STEP0);
    expect(rotationStep(T0 + 29_999)).toBe(STEP0);
    expect(rotationStep(T0 + 30_000)).toBe(STEP0 + 1);
    expect(rotatingDoorCode(keys, HOST, 'd0050', STEP0)).toBe(`https://yz.tyzgh.cn/r/d0050.${STEP0}.${mac}`);
  });

  it.each([
    ['its own step starts', 'current', 0],
    ['one second into the next step', 'current', 31_000],
    ['one second before the window closes', 'current', 59_000],
    ['one second after the window closed', 'expired', 61_000],
    ['one second before its step', 'future', -1_000],
  ])('at %s: %s', (_label, expected, offsetMs) => {
    expect(checkRotating(keys, 'd0050', STEP0, mac, T0 + (offsetMs as number))).toBe(expected);
  });

  it('calls a wrong MAC forged even when the step is stale (expiry is only said of genuine codes)', () => {
    expect(checkRotating(keys, 'd0050', STEP0, 'faduZunvhbWntu_q', T0 + 600_000)).toBe('forged');
    expect(checkRotating(keys, 'd0051', STEP0, mac, T0)).toBe('forged');
  });
});

describe('worker passes and device keys', () => {
  const keys = deriveKeys(MASTER, '1');

  it('signs a pass to the known answer and refuses any changed field', () => {
    const text = passText(keys, '0123456789abcdef', 1_796_090_440, 'AbCdEf12');
    expect(text).toBe('YZP1.0123456789abcdef.1796090440.AbCdEf12.z4Xu68-gUSx--TgZ');
    expect(verifyPassMac(keys, '0123456789abcdef', 1_796_090_440, 'AbCdEf12', 'z4Xu68-gUSx--TgZ')).toBe(true);
    expect(verifyPassMac(keys, '0123456789abcdef', 1_796_090_500, 'AbCdEf12', 'z4Xu68-gUSx--TgZ')).toBe(false);
    expect(verifyPassMac(keys, '0123456789abcdeg', 1_796_090_440, 'AbCdEf12', 'z4Xu68-gUSx--TgZ')).toBe(false);
    expect(verifyPassMac(keys, '0123456789abcdef', 1_796_090_440, 'AbCdEf13', 'z4Xu68-gUSx--TgZ')).toBe(false);
    const parsed = parseDoorCode(text);
    expect(parsed.ok && parsed.value.kind).toBe('pass');
  });

  it('a rotating MAC is no pass MAC and the reverse (distinct message tags under one key)', () => {
    expect(verifyPassMac(keys, 'd0050', STEP0, 'x', 'faduZunvhbWntu_p')).toBe(false);
    expect(checkRotating(keys, '0123456789abcdef', 1_796_090_440, 'z4Xu68-gUSx--TgZ', T0)).toBe('forged');
  });

  it('derives each door its own device key (HKDF info yizhan/door-device/{doorId})', () => {
    const dk = deviceKeys(MASTER);
    expect(dk.keyOf('d0039')).toBe('ApqIMYezVYrKmu7tGqh4cwbQDGu5W8cbEK27d_tOTV4');
    expect(dk.keyOf('d0040')).not.toBe(dk.keyOf('d0039'));
    expect(dk.verify('d0039', 'ApqIMYezVYrKmu7tGqh4cwbQDGu5W8cbEK27d_tOTV4')).toBe(true);
    expect(dk.verify('d0040', 'ApqIMYezVYrKmu7tGqh4cwbQDGu5W8cbEK27d_tOTV4')).toBe(false);
    expect(dk.verify('d0039', '')).toBe(false);
  });
});
