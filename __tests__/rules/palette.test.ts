/**
 * The palette (src/theme/palette.ts, its rules in src/theme/contrast.ts): the WCAG 2.1 formula against values worked by hand and published figures,
 * every pair the app draws at its minimum, and no colour in src/ outside the palette.
 */
import fs from 'fs';
import path from 'path';
import { PALETTE } from '@/theme/palette';
import { contrastRatio, MIN_CONTROL_CONTRAST, MIN_TEXT_CONTRAST, PAIRS, relativeLuminance } from '@/theme/contrast';

describe('relativeLuminance / contrastRatio (WCAG 2.1)', () => {
  it('white is 1, black 0, and black on white 21:1', () => {
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#FFFFFF')).toBe(21);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
  });

  it('union red #c8102e: L = 0.2126*0.5776 + 0.7152*0.005182 + 0.0722*0.02732 = 0.1285 (by hand); white on it 5.88:1', () => {
    // R 200/255 = 0.7843 -> ((0.7843+0.055)/1.055)^2.4 = 0.5776; G 16 -> 0.005182; B 46 -> 0.02732.
    expect(relativeLuminance('#c8102e')).toBeCloseTo(0.1285, 4);
    expect(contrastRatio('#ffffff', '#c8102e')).toBeCloseTo(1.05 / 0.1785, 2);
  });

  it('#767676 is the lightest grey with 4.5:1 on white (4.54), #777777 is not (4.48)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('reproduces the failing figures of issue 16', () => {
    expect(contrastRatio('#8f959e', '#ffffff')).toBeCloseTo(3.02, 2); // the old muted grey
    expect(contrastRatio('#ffffff', '#e8590c')).toBeCloseTo(3.58, 2); // white on the old orange
    expect(contrastRatio('#168a45', '#e8f7ee')).toBeCloseTo(3.99, 2); // the old green tag
    expect(contrastRatio('#3cc51f', '#ffffff')).toBeCloseTo(2.28, 2); // showModal's default green
  });

  it('refuses anything but #rrggbb', () => {
    expect(() => relativeLuminance('#fff')).toThrow(RangeError);
    expect(() => relativeLuminance('red')).toThrow(RangeError);
  });
});

describe('the palette', () => {
  it.each(PAIRS.map((p) => [p.fg, p.bg, p.kind] as const))('%s on %s (%s) meets its minimum', (fg, bg, kind) => {
    const min = kind === 'text' ? MIN_TEXT_CONTRAST : MIN_CONTROL_CONTRAST;
    expect(contrastRatio(PALETTE[fg], PALETTE[bg])).toBeGreaterThanOrEqual(min);
  });

  it('new tokens replace the failing colours with passing ones (figures by the formula above)', () => {
    expect(contrastRatio(PALETTE.inkMuted, PALETTE.white)).toBeCloseTo(5.98, 2);
    expect(contrastRatio(PALETTE.white, PALETTE.danger)).toBeCloseTo(5.18, 2);
    expect(contrastRatio(PALETTE.success, PALETTE.successBg)).toBeCloseTo(4.91, 2);
    expect(contrastRatio(PALETTE.controlBorder, PALETTE.white)).toBeCloseTo(3.77, 2);
  });
});

/** Every colour literal in the app's sources, with where it is. */
function colourLiterals(): { file: string; literal: string }[] {
  const root = path.resolve(__dirname, '..', '..', 'src');
  const found: { file: string; literal: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (
        /\.(css|scss|ts|tsx|html)$/.test(e.name) &&
        !p.endsWith(path.join('theme', 'palette.ts')) &&
        !p.endsWith(path.join('theme', 'contrast.ts'))
      ) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)|hsla?\([^)]*\)/g))
          found.push({ file: path.relative(root, p), literal: m[0] });
      }
    }
  };
  walk(root);
  return found;
}

test('every colour in src/ is a palette token (shadows and the dialog scrim: translucent black only)', () => {
  const tokens = new Set<string>(Object.values(PALETTE));
  const long = (hex: string) => (hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex).toLowerCase();
  const strays = colourLiterals().filter(({ literal }) =>
    literal.startsWith('#') ? !tokens.has(long(literal)) : !/^rgba\(\s*0\s*,\s*0\s*,\s*0\s*,\s*0?\.\d+\s*\)$/.test(literal),
  );
  expect(strays).toEqual([]);
  expect(colourLiterals().length).toBeGreaterThan(20); // the scan does read the sources
});
