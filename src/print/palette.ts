// The colours, icons and words for stances (src/print: a room of its own for what the browser, the
// Phaser room and the command line all show or print — palettes, HTML reports, briefing packs — so that
// none of them imports another's code, and the command line and the room never import src/ui): the
// Okabe–Ito palette, safe for colour-blind players, and never colour alone — always icon and text too.
import type { Stance } from '../domain/state.ts';
import { t } from '../i18n/index.ts';

export interface StanceStyle {
  /** Background of the badge. */
  fill: string;
  /** Text and icon on that background; each pair meets WCAG AA (4.5:1). */
  ink: string;
  /** The verb, as a seat's badge reads it. */
  label: string;
  /** Three letters for the stance grid's narrow cells. */
  short: string;
}

export const STANCE_STYLE: Record<Stance, StanceStyle> = {
  support: { fill: '#0072B2', ink: '#FFFFFF', label: 'supports', short: 'SUP' },
  accept: { fill: '#56B4E9', ink: '#000000', label: 'accepts', short: 'ACC' },
  reserve: { fill: '#F0E442', ink: '#000000', label: 'reserves', short: 'RES' },
  object: { fill: '#E69F00', ink: '#000000', label: 'objects', short: 'OBJ' },
  block: { fill: '#D55E00', ink: '#000000', label: 'blocks', short: 'BLK' },
};

/** A stance's verb as a seat's badge reads it, in the page's language. */
export const stanceLabel = (s: Stance): string => t(`stance.${s}`);
/** A stance's three-letter cell mark, in the page's language. */
export const stanceShort = (s: Stance): string => t(`stance-short.${s}`);
/** A stance's meaning in words, in the page's language, for players and screen readers. */
export const stanceMeaning = (s: Stance): string => t(`stance-meaning.${s}`);

/** The stance legend in English words (the page's language: stanceMeaning). */
export const STANCE_MEANING: Record<Stance, string> = {
  support: 'supports the wording on the table',
  accept: 'can live with it',
  reserve: 'joins consensus with doubts',
  object: 'withholds consensus',
  block: 'blocks it: a red line',
};

/** Icon shapes in a 16×16 box: ✓ support, ○ accept, – reserve, ✕ object, ⊖ block (a no-entry sign). */
export type IconPart =
  | { kind: 'line'; points: [number, number][] }
  | { kind: 'ring'; cx: number; cy: number; r: number }
  | { kind: 'disc'; cx: number; cy: number; r: number }
  | { kind: 'bar'; x: number; y: number; w: number; h: number };

export const STANCE_ICON: Record<Stance, IconPart[]> = {
  support: [{ kind: 'line', points: [[3, 8.5], [6.5, 12], [13, 4]] }],
  accept: [{ kind: 'ring', cx: 8, cy: 8, r: 4.5 }],
  reserve: [{ kind: 'line', points: [[3.5, 8], [12.5, 8]] }],
  object: [
    { kind: 'line', points: [[4, 4], [12, 12]] },
    { kind: 'line', points: [[12, 4], [4, 12]] },
  ],
  block: [
    { kind: 'ring', cx: 8, cy: 8, r: 6 },
    { kind: 'bar', x: 4, y: 7, w: 8, h: 2 },
  ],
};

/** '#RRGGBB' as the number Phaser takes. */
export function colourNumber(hex: string): number {
  return Number.parseInt(hex.slice(1), 16);
}

/** WCAG relative luminance of '#RRGGBB'. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The icon as an inline SVG element (decorative: the text beside it carries the meaning). */
export function stanceIcon(stance: Stance, size = 16): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'stance-icon');
  const ink = STANCE_STYLE[stance].ink;
  for (const part of STANCE_ICON[stance]) {
    let el: SVGElement;
    if (part.kind === 'line') {
      el = document.createElementNS(ns, 'polyline');
      el.setAttribute('points', part.points.map((p) => p.join(',')).join(' '));
      el.setAttribute('fill', 'none');
      el.setAttribute('stroke', ink);
      el.setAttribute('stroke-width', '2.2');
      el.setAttribute('stroke-linecap', 'round');
      el.setAttribute('stroke-linejoin', 'round');
    } else if (part.kind === 'ring' || part.kind === 'disc') {
      el = document.createElementNS(ns, 'circle');
      el.setAttribute('cx', String(part.cx));
      el.setAttribute('cy', String(part.cy));
      el.setAttribute('r', String(part.r));
      el.setAttribute('fill', part.kind === 'disc' ? ink : 'none');
      el.setAttribute('stroke', ink);
      el.setAttribute('stroke-width', '2');
    } else {
      el = document.createElementNS(ns, 'rect');
      el.setAttribute('x', String(part.x));
      el.setAttribute('y', String(part.y));
      el.setAttribute('width', String(part.w));
      el.setAttribute('height', String(part.h));
      el.setAttribute('fill', ink);
    }
    svg.appendChild(el);
  }
  return svg;
}
