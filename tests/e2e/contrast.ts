// WCAG AA contrast in the page: every visible element with text of its own, its effective text colour
// against the background composited from its ancestors. Text over a picture (a background image, a
// gradient, a canvas or an image behind it) cannot be measured this way: it is skipped and counted.
import type { Page } from 'playwright-core';

export interface ContrastFailure {
  selector: string;
  text: string;
  ratio: number;
  needed: number;
  fg: string;
  bg: string;
  size: string;
}

export interface ContrastReport {
  checked: number;
  skipped: number;
  failures: ContrastFailure[];
}

/** Measures every visible text in the page (or under `root`). Runs entirely inside the page. */
export async function checkContrast(page: Page, root = 'body'): Promise<ContrastReport> {
  return page.evaluate((rootSelector) => {
    type RGBA = [number, number, number, number];
    const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    /** Any CSS colour (rgb(), oklch(), color-mix()…) to 0–255 RGBA via a 1×1 canvas. */
    const parse = (css: string): RGBA => {
      const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(css);
      if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : m[5] ? Number(m[4]) / 100 : Number(m[4])];
      if (css === 'transparent') return [0, 0, 0, 0];
      probe.clearRect(0, 0, 1, 1);
      probe.fillStyle = '#000';
      probe.fillStyle = css;
      probe.fillRect(0, 0, 1, 1);
      const d = probe.getImageData(0, 0, 1, 1).data;
      return [d[0]!, d[1]!, d[2]!, d[3]! / 255];
    };
    /** `top` painted over an opaque `under`. */
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: RGBA) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a: RGBA, b: RGBA) => {
      const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (l1! + 0.05) / (l2! + 0.05);
    };
    const hex = (c: RGBA) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
        if (e.id) {
          parts.unshift(`#${e.id}`);
          break;
        }
        const cls = [...e.classList].slice(0, 2).map((c) => `.${c}`).join('');
        parts.unshift(e.tagName.toLowerCase() + cls);
      }
      return parts.join(' > ');
    };
    const opacityOf = (el: Element): number => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };

    /** The background behind `el`, or null when a picture is behind it. */
    const backgroundOf = (el: Element): RGBA | null => {
      const layers: RGBA[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none' || e instanceof HTMLCanvasElement || e instanceof HTMLImageElement || e instanceof HTMLVideoElement) return null;
        const c = parse(s.backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      // Anything positioned under the text that is not an ancestor (the room's canvas under a panel,
      // an overlay): look at what the page paints at the element's centre.
      const r = el.getBoundingClientRect();
      const stack = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      for (const under of stack) {
        if (under === el || under.contains(el) || el.contains(under)) continue;
        if (under instanceof HTMLCanvasElement || under instanceof HTMLImageElement) {
          // A canvas or image painted under the text, and no opaque ancestor hides it.
          if (!layers.some((l) => l[3] >= 1)) return null;
        }
        break;
      }
      let bg: RGBA = [255, 255, 255, 1]; // the canvas of the page: white unless something opaque covers it
      for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i]!, bg);
      return bg;
    };

    const rootEl = document.querySelector(rootSelector) ?? document.body;
    const failures: ContrastFailure[] = [];
    let checked = 0;
    let skipped = 0;
    const walker = document.createTreeWalker(rootEl, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.currentNode as Element | null; node; node = walker.nextNode() as Element | null) {
      const el = node as HTMLElement;
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION'].includes(el.tagName)) continue;
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      const isField = (el instanceof HTMLInputElement && !['hidden', 'range', 'checkbox', 'radio', 'file', 'color'].includes(el.type) && el.value !== '') || el instanceof HTMLSelectElement;
      if (own.length === 0 && !isField) continue;
      // Visible: rendered, not hidden, with a size, on no screen-reader-only clip.
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) continue;
      const s = getComputedStyle(el);
      if (s.clipPath !== 'none' && /inset\(50%|inset\(100%/.test(s.clipPath)) continue;
      if (s.clip && s.clip !== 'auto' && /rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(s.clip)) continue;
      if (el.closest('svg')) continue; // chart labels are drawn on the chart's own fills
      // WCAG 1.4.3 exempts the text of inactive controls (a tab with nothing to show yet).
      if (el.closest(':disabled')) continue;
      const bg = backgroundOf(el);
      if (!bg) {
        skipped++;
        continue;
      }
      checked++;
      const opacity = opacityOf(el);
      const fgRaw = parse(s.color);
      const fg = over([fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * opacity], bg);
      const px = parseFloat(s.fontSize);
      const bold = Number(s.fontWeight) >= 700 || s.fontWeight === 'bold';
      const large = px >= 24 || (bold && px >= 18.66);
      const needed = large ? 3 : 4.5;
      const r = ratio(fg, bg);
      if (r + 0.005 < needed) {
        const text = (isField ? ((el as HTMLInputElement).value ?? '') : own.map((n) => n.textContent!.trim()).join(' ')).replace(/\s+/g, ' ').slice(0, 50);
        failures.push({ selector: describe(el), text, ratio: Math.round(r * 100) / 100, needed, fg: hex(fg), bg: hex(bg), size: `${px}px${bold ? ' bold' : ''}` });
      }
    }
    return { checked, skipped, failures };
  }, root);
}

/** One line per failure, for an assertion's message. */
export function formatFailures(where: string, report: ContrastReport): string {
  return (
    `${where}: ${report.failures.length} text(s) below WCAG AA (checked ${report.checked}, skipped ${report.skipped} over pictures)\n` +
    report.failures.map((f) => `  ${f.ratio}:1 < ${f.needed}:1  ${f.fg} on ${f.bg}  ${f.size}  ${f.selector}  “${f.text}”`).join('\n')
  );
}
