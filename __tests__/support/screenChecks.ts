/**
 * Checks of what is on screen in the h5 build, run inside the page (playwright): layout (horizontal overflow,
 * overlapping text or targets, cut-off text, a word squeezed to one character per line), sizes (text at least 14 CSS px, 18 in large mode; targets at least
 * 44x44, main actions 60x60 in large mode), control contrast (a control's outline or fill at least 3:1 against
 * what is behind it, WCAG 2.1 SC 1.4.11) and text contrast by axe-core's color-contrast rule, held to 4.5:1 for
 * all text (axe accepts 3:1 for large text; issue 16 asks 4.5:1 everywhere).
 */
import fs from 'fs';
import type { Page } from 'playwright-core';

export interface ScreenFinding {
  check: 'overflow' | 'overlap' | 'cut-off' | 'squeezed' | 'text-size' | 'line-height' | 'target' | 'control-contrast' | 'text-contrast';
  what: string;
}

export interface ScreenFigures {
  /** Smallest text on screen, CSS px (-1: none). */
  minTextPx: number;
  /** Smallest target side, CSS px (-1: none). */
  minTargetPx: number;
  /** Lowest text contrast axe measured, and the number of text nodes it measured. */
  minTextContrast: number;
  textNodes: number;
  /** Lowest control contrast measured here. */
  minControlContrast: number;
}

export interface ScreenReport {
  findings: ScreenFinding[];
  figures: ScreenFigures;
}

const axeSource = (): string => fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Options of one screen's check. */
export interface CheckOptions {
  /** Large text mode: text at least 18 px, line height 1.3, main actions (.btn) at least 60x60. */
  large: boolean;
}

/** Runs every check on what the page shows now (a dialog if one is open, else the current page and the tab bar). */
export async function checkScreen(page: Page, opts: CheckOptions): Promise<ScreenReport> {
  const layout = await page.evaluate(inPageChecks, opts);
  // Evaluated through the DevTools protocol, not as an inline <script>: the pages' CSP allows no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const axe = await page.evaluate(async () => {
    type AxeNode = {
      target: string[];
      html: string;
      any: { data?: { contrastRatio?: number; fgColor?: string; bgColor?: string; fontSize?: string } }[];
    };
    type AxeResult = { nodes: AxeNode[] };
    const w = window as unknown as {
      axe: { run: (ctx: unknown, o: unknown) => Promise<{ passes: AxeResult[]; violations: AxeResult[]; incomplete: AxeResult[] }> };
    };
    const modal = Array.from(document.querySelectorAll('.taro__modal')).find(
      (m) => (m as HTMLElement).offsetParent !== null || getComputedStyle(m).display !== 'none',
    );
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter(
      (p) => !p.classList.contains('taro_page_shade') && getComputedStyle(p).display !== 'none',
    );
    const include = modal ? [modal] : [...pages.slice(-1), ...Array.from(document.querySelectorAll('.weui-tabbar'))];
    const r = await w.axe.run({ include }, { runOnly: ['color-contrast'], resultTypes: ['passes', 'violations', 'incomplete'] });
    const flat = (rs: AxeResult[]) => rs.flatMap((x) => x.nodes);
    const measured = [...flat(r.passes), ...flat(r.violations)].map((n) => ({
      target: n.target.join(' '),
      html: n.html.slice(0, 120),
      ...(n.any[0]?.data ?? {}),
    }));
    const incomplete = flat(r.incomplete).map((n) => ({
      target: n.target.join(' '),
      html: n.html.slice(0, 120),
      reason: JSON.stringify(n.any[0]?.data ?? {}).slice(0, 160),
    }));
    return { measured, incomplete };
  });
  const findings = [...layout.findings];
  let minTextContrast = 21;
  for (const m of axe.measured) {
    if (typeof m.contrastRatio !== 'number') continue;
    minTextContrast = Math.min(minTextContrast, m.contrastRatio);
    if (m.contrastRatio < 4.5)
      findings.push({ check: 'text-contrast', what: `${m.contrastRatio}:1 ${m.fgColor} on ${m.bgColor} ${m.target} ${m.html}` });
  }
  // An icon glyph (the ▾ caret, aria-hidden) outside the Basic Multilingual Plane's text: axe does not measure it.
  for (const m of axe.incomplete.filter((x) => !x.reason.includes('"nonBmp"')))
    findings.push({ check: 'text-contrast', what: `not measurable: ${m.target} ${m.html} ${m.reason}` });
  return { findings, figures: { ...layout.figures, minTextContrast, textNodes: axe.measured.length } };
}

/**
 * The layout, size and control-contrast checks, run in the page (no closure: playwright sends its source).
 */
function inPageChecks(opts: CheckOptions): { findings: ScreenFinding[]; figures: Omit<ScreenFigures, 'minTextContrast' | 'textNodes'> } {
  const findings: ScreenFinding[] = [];
  const vw = document.documentElement.clientWidth;
  const describe = (el: Element): string => {
    const id = el.getAttribute('data-testid');
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''} class="${el.getAttribute('class') ?? ''}">${text}`;
  };
  const visible = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
  };

  // What the worker sees: an open dialog, else the current page and the tab bar.
  const modal = Array.from(document.querySelectorAll('.taro__modal')).find((m) => visible(m.querySelector('.taro-modal__content') ?? m));
  const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => !p.classList.contains('taro_page_shade') && visible(p));
  const roots: Element[] = modal
    ? [modal.querySelector('.taro-modal__content')!]
    : [...pages.slice(-1), ...Array.from(document.querySelectorAll('.weui-tabbar')).filter(visible)];

  // Horizontal overflow: the document, and any element reaching past the screen's sides (except inside a
  // sideways scroller, which must itself fit).
  const scroller = (el: Element): boolean => {
    const s = getComputedStyle(el);
    return s.overflowX === 'auto' || s.overflowX === 'scroll';
  };
  const inScroller = (el: Element): boolean => {
    for (let p = el.parentElement; p; p = p.parentElement) if (scroller(p)) return true;
    return false;
  };
  if (document.documentElement.scrollWidth > vw + 1)
    findings.push({ check: 'overflow', what: `document ${document.documentElement.scrollWidth} px wide on a ${vw} px screen` });
  const all = roots.flatMap((r) => [r, ...Array.from(r.querySelectorAll('*'))]).filter(visible);
  for (const el of all) {
    if (inScroller(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1)
      findings.push({
        check: 'overflow',
        what: `${describe(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} on a ${vw} px screen`,
      });
  }

  // Text: every non-blank text node, its line boxes, size, line height, and whether a clipping ancestor cuts it.
  const textNodes: { node: Text; el: Element; rects: DOMRect[] }[] = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n as Text;
      const el = t.parentElement;
      if (!el || !(t.textContent ?? '').trim() || !visible(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(t);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0.5 && r.height > 0.5);
      if (rects.length) textNodes.push({ node: t, el, rects });
    }
  }
  let minTextPx = Infinity;
  const minText = opts.large ? 18 : 14;
  for (const { node, el, rects } of textNodes) {
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    minTextPx = Math.min(minTextPx, size);
    const label = `"${(node.textContent ?? '').trim().slice(0, 30)}" in ${describe(el)}`;
    if (size < minText - 0.05) findings.push({ check: 'text-size', what: `${size} px: ${label}` });
    if (opts.large && s.lineHeight !== 'normal' && parseFloat(s.lineHeight) < 1.3 * size - 0.5 && rects.length > 1) {
      findings.push({ check: 'line-height', what: `${s.lineHeight} for ${size} px: ${label}` });
    }
    // Cut off: part of the text outside an ancestor that hides its overflow (a sideways scroller reveals it).
    const union = rects.reduce(
      (u, r) => ({
        left: Math.min(u.left, r.left),
        right: Math.max(u.right, r.right),
        top: Math.min(u.top, r.top),
        bottom: Math.max(u.bottom, r.bottom),
      }),
      { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity },
    );
    for (let p: Element | null = el; p && p !== document.body; p = p.parentElement) {
      const ps = getComputedStyle(p);
      if (scroller(p) || ps.overflowY === 'auto' || ps.overflowY === 'scroll') break;
      const clipX = ps.overflowX === 'hidden' || ps.overflowX === 'clip';
      const clipY = ps.overflowY === 'hidden' || ps.overflowY === 'clip';
      if (!clipX && !clipY) continue;
      const pr = p.getBoundingClientRect();
      if (
        (clipX && (union.left < pr.left - 1 || union.right > pr.right + 1)) ||
        (clipY && (union.top < pr.top - 1 || union.bottom > pr.bottom + 1))
      ) {
        findings.push({ check: 'cut-off', what: `${label} cut by ${describe(p)}` });
        break;
      }
    }
    if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
      findings.push({ check: 'cut-off', what: `${label} ends in an ellipsis` });
    // Squeezed: a label of two or more characters standing one character per line (a flex row gave it no room).
    const chars = (node.textContent ?? '').replace(/\s/g, '').length;
    const lines = new Set(rects.map((r) => Math.round(r.top))).size;
    if (chars >= 2 && lines >= chars) findings.push({ check: 'squeezed', what: `${label} stands one character per line` });
  }

  // Overlap: two text lines of different nodes, or two targets, sharing more than a sliver of area.
  const overlaps = (a: DOMRect, b: DOMRect): boolean =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
  // The page scrolls under the tab bar (and fixed layers) by design: only boxes of one layer are compared.
  const fixedLayer = (el: Element): string => {
    if (el.closest('.weui-tabbar')) return 'tabbar';
    for (let p: Element | null = el; p; p = p.parentElement) if (getComputedStyle(p).position === 'fixed') return 'fixed';
    return 'page';
  };
  for (let i = 0; i < textNodes.length; i++) {
    for (let j = i + 1; j < textNodes.length; j++) {
      const a = textNodes[i];
      const b = textNodes[j];
      if (fixedLayer(a.el) !== fixedLayer(b.el)) continue;
      if (a.rects.some((ra) => b.rects.some((rb) => overlaps(ra, rb)))) {
        findings.push({
          check: 'overlap',
          what: `"${a.node.textContent?.trim().slice(0, 20)}" and "${b.node.textContent?.trim().slice(0, 20)}" (${describe(a.el)} / ${describe(b.el)})`,
        });
      }
    }
  }

  // Targets: size, and (large mode) main actions.
  const TARGETS = [
    'taro-button-core',
    'button',
    '[role=button]',
    '[role=link]',
    '[role=radio]',
    'a[href]',
    '.chip',
    '.link',
    '.link-row',
    '.slot',
    '.date',
    '[data-testid=station-card]',
    'taro-switch-core',
    'taro-input-core',
    'input:not([type=hidden])',
    '.weui-tabbar__item',
    '.taro-model__btn',
    '[data-testid=occupation-picker]',
  ].join(',');
  const targets = all
    .filter((el) => el.matches(TARGETS))
    .filter((el) => !el.parentElement?.closest(TARGETS.replace(/input:not\(\[type=hidden\]\),/, '')) || el.matches('taro-switch-core'));
  let minTargetPx = Infinity;
  for (const el of targets) {
    // A switch counts with its row: the whole <label> row toggles it.
    const row = el.matches('taro-switch-core, input[type=checkbox]') ? (el.closest('taro-label-core, label, .checkbox-row') ?? el) : el;
    const r = row.getBoundingClientRect();
    const side = Math.min(r.width, r.height);
    minTargetPx = Math.min(minTargetPx, side);
    if (r.width < 44 - 0.5 || r.height < 44 - 0.5)
      findings.push({ check: 'target', what: `${Math.round(r.width)}x${Math.round(r.height)}: ${describe(row)}` });
    if (opts.large && row.matches('.btn') && (r.width < 60 - 0.5 || r.height < 60 - 0.5)) {
      findings.push({
        check: 'target',
        what: `main action ${Math.round(r.width)}x${Math.round(r.height)} in large mode: ${describe(row)}`,
      });
    }
  }
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const [a, b] = [targets[i], targets[j]];
      if (a.contains(b) || b.contains(a) || fixedLayer(a) !== fixedLayer(b)) continue;
      if (overlaps(a.getBoundingClientRect(), b.getBoundingClientRect()))
        findings.push({ check: 'overlap', what: `targets ${describe(a)} / ${describe(b)}` });
    }
  }

  // Control contrast (SC 1.4.11): a control's outline, else its fill, against the colour behind it, at least 3:1.
  const rgb = (c: string): [number, number, number, number] | null => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
  };
  const lum = ([r, g, b]: number[]): number => {
    const f = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a: number[], b: number[]): number => {
    const [x, y] = [lum(a), lum(b)];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const behind = (el: Element): number[] => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c && c[3] > 0.5) return c;
    }
    return [255, 255, 255];
  };
  let minControlContrast = 21;
  const CONTROLS = '.btn, .chip, .slot, .date, .input, .weui-switch, .weui-switch-cp__box, input[type=checkbox]';
  for (const el of all.filter((e) => e.matches(CONTROLS))) {
    const s = getComputedStyle(el);
    const border = parseFloat(s.borderTopWidth) >= 1 ? rgb(s.borderTopColor) : null;
    const fill = rgb(s.backgroundColor);
    const edge = border && border[3] > 0.5 ? border : fill && fill[3] > 0.5 ? fill : null;
    if (!edge) continue; // no outline or fill: a text-only control, measured as text
    const c = ratio(edge, behind(el));
    // A filled control with a contrasting outline: the outline is what marks it.
    const best = border && fill && fill[3] > 0.5 ? Math.max(c, ratio(fill, behind(el))) : c;
    minControlContrast = Math.min(minControlContrast, best);
    if (best < 3) findings.push({ check: 'control-contrast', what: `${best.toFixed(2)}:1 ${describe(el)}` });
  }

  return {
    findings,
    // -1: nothing of the kind on this screen (Infinity does not survive the trip out of the page).
    figures: {
      minTextPx: minTextPx === Infinity ? -1 : minTextPx,
      minTargetPx: minTargetPx === Infinity ? -1 : minTargetPx,
      minControlContrast,
    },
  };
}
