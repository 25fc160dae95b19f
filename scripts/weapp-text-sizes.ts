/**
 * Text and target sizes in the weapp build's styles (.wxss), for older eyes on any phone from 320 CSS px wide up.
 *
 * WeChat's rpx is 1/750 of the screen width, so Taro's default (design px -> rpx) shrinks text on narrow phones:
 * 28rpx is 28 * 320 / 750 = 11.9 CSS px on a 320-wide phone. The project's rule (src/app.css, top): what a person
 * reads or taps is sized in real px (written PX, which pxtransform leaves alone); spacing may scale. This check
 * fails on:
 * - a font-size, line-height, letter-spacing or min-height in rpx (or any unit other than px: rem/em/% are not sized
 *   here), with the CSS px it would come to on a 320-wide phone;
 * - text under 14 px, or under 18 px in a large-text rule (`.text-large`, MIIT's 18 dp main text); the body of the
 *   largest mode (`.text-largest` itself) under 30 px (MIIT's figure for the largest setting);
 * - a target's min-height (or a fixed-width target's width) under 44 px; a main action's (`.btn*`) under 60 px in a
 *   large-text rule (issue 16: 60x60 main actions in the large mode).
 * Sources of the figures: issue 16; 《移动互联网应用（APP）适老化通用设计规范》(MIIT, 2021); WCAG 2.5.5 (44 px).
 */
import fs from 'fs';
import path from 'path';
import postcss from 'postcss';

export const NARROWEST_CSS_PX = 320;
export const RPX_PER_SCREEN = 750;
export const MIN_TEXT_PX = 14;
export const MIN_LARGE_TEXT_PX = 18;
export const MIN_LARGEST_BODY_PX = 30;
export const MIN_TARGET_PX = 44;
export const MIN_LARGE_ACTION_PX = 60;

/** Properties whose size a person reads or taps. */
const SIZED = new Set(['font-size', 'line-height', 'letter-spacing', 'min-height']);
/** Classes of targets (their last compound selector names one): min-height at least 44 px. */
const TARGET = /\.(btn[\w-]*|chip[\w-]*|input|slot|date|checkbox-row|link-row|id-x)(?![\w-])/;
/** Fixed-width targets: width / min-width at least 44 px. */
const FIXED_WIDTH_TARGET = /\.(slot|date|id-x)(?![\w-])/;
const MAIN_ACTION = /\.btn[\w-]*(?![\w-])/;

export interface WxssFinding {
  file: string;
  selector: string;
  decl: string;
  problem: string;
}

export interface WxssFigures {
  /** font-size declarations seen. */
  fontSizes: number;
  /** font-size declarations in rpx. */
  rpxFontSizes: number;
  /** Smallest text on a 320-wide phone, CSS px: anywhere, and in large-text rules. */
  minTextPx: number;
  minLargeTextPx: number;
  /** Smallest main-action min-height in large-text rules, CSS px. */
  minLargeActionPx: number;
}

/** A CSS length on a `widthPx`-wide phone, CSS px; null for a unit this check cannot size (rem, em, %, vw). */
export function cssPx(value: string, widthPx = NARROWEST_CSS_PX): number | null {
  const m = /^(-?\d*\.?\d+)(px|rpx)$/i.exec(value.trim());
  if (!m) return value.trim() === '0' ? 0 : null;
  const n = Number(m[1]);
  return m[2].toLowerCase() === 'rpx' ? (n * widthPx) / RPX_PER_SCREEN : n;
}

const lastCompound = (selector: string): string =>
  selector
    .trim()
    .split(/[\s>+~]+/)
    .pop() ?? '';

/** Checks one stylesheet's text and target sizes. `file` names it in findings. */
export function checkWxss(css: string, file: string): { findings: WxssFinding[]; figures: WxssFigures } {
  const findings: WxssFinding[] = [];
  const figures: WxssFigures = { fontSizes: 0, rpxFontSizes: 0, minTextPx: Infinity, minLargeTextPx: Infinity, minLargeActionPx: Infinity };
  postcss.parse(css).walkDecls((d) => {
    const rule = d.parent as postcss.Rule;
    if (rule.type !== 'rule') return;
    const selectors = rule.selectors;
    const large = selectors.every((s) => s.includes('.text-large'));
    const add = (problem: string) => findings.push({ file, selector: rule.selector, decl: `${d.prop}: ${d.value}`, problem });
    const prop = d.prop.toLowerCase();
    const value = d.value.replace(/\s*!important$/, '');
    const widthProp = prop === 'width' || prop === 'min-width';
    if (!SIZED.has(prop) && !widthProp) return;
    // Unitless (line-height: 1.5), keywords and viewport heights scale with the text or the screen, not the width.
    if (!/\d(px|rpx)$/i.test(value)) {
      if (prop === 'font-size' && !['inherit', 'initial', 'unset'].includes(value)) add('font-size in a unit this check cannot size');
      return;
    }
    const px = cssPx(value);
    if (px === null) return;
    if (/rpx$/i.test(value) && !widthProp)
      add(`in rpx: ${px.toFixed(1)} CSS px on a ${NARROWEST_CSS_PX}-wide phone (sizes a person reads or taps are in PX)`);
    if (prop === 'font-size') {
      figures.fontSizes += 1;
      if (/rpx$/i.test(value)) figures.rpxFontSizes += 1;
      figures.minTextPx = Math.min(figures.minTextPx, px);
      if (large) figures.minLargeTextPx = Math.min(figures.minLargeTextPx, px);
      const min = large ? MIN_LARGE_TEXT_PX : MIN_TEXT_PX;
      if (px < min) add(`text ${px.toFixed(1)} px on a ${NARROWEST_CSS_PX}-wide phone, under ${min} px`);
      if (selectors.some((s) => /^\.text-largest(\s+page)?$/.test(s.trim())) && px < MIN_LARGEST_BODY_PX)
        add(`largest mode body ${px} px, under ${MIN_LARGEST_BODY_PX} px`);
    }
    const targets = selectors.map(lastCompound).filter((c) => (widthProp ? FIXED_WIDTH_TARGET : TARGET).test(c));
    if ((prop === 'min-height' || widthProp) && targets.length) {
      if (px < MIN_TARGET_PX) add(`target ${px.toFixed(1)} px on a ${NARROWEST_CSS_PX}-wide phone, under ${MIN_TARGET_PX} px`);
      if (large && prop === 'min-height' && targets.some((c) => MAIN_ACTION.test(c))) {
        figures.minLargeActionPx = Math.min(figures.minLargeActionPx, px);
        if (px < MIN_LARGE_ACTION_PX) add(`main action ${px.toFixed(1)} px tall in large mode, under ${MIN_LARGE_ACTION_PX} px`);
      }
    }
  });
  return { findings, figures };
}

/** Every .wxss file under `dir` (a weapp build), checked; figures merged over the files. */
export function checkWeappBuild(dir: string): { findings: WxssFinding[]; figures: WxssFigures; files: number } {
  const files = (function walk(d: string): string[] {
    return fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.wxss') ? [path.join(d, e.name)] : []));
  })(dir);
  const all = files.map((f) => checkWxss(fs.readFileSync(f, 'utf8'), path.relative(dir, f)));
  const figures: WxssFigures = {
    fontSizes: all.reduce((n, r) => n + r.figures.fontSizes, 0),
    rpxFontSizes: all.reduce((n, r) => n + r.figures.rpxFontSizes, 0),
    minTextPx: Math.min(...all.map((r) => r.figures.minTextPx)),
    minLargeTextPx: Math.min(...all.map((r) => r.figures.minLargeTextPx)),
    minLargeActionPx: Math.min(...all.map((r) => r.figures.minLargeActionPx)),
  };
  return { findings: all.flatMap((r) => r.findings), figures, files: files.length };
}
