// The conference room in Phaser: delegations seated round a table — the chair at its head, each
// delegate with a flag on the table in front, the draft and its docket of paragraphs on the table —
// the session clock, news cards and the ticker, and the stagecraft of what happens: delegates who
// walk round the table to consult, lobby or strike a linkage, the gavel and the stamp on the paragraph
// adopted. It draws what the UI gives it and reports which seat the player picks; nothing more.
import Phaser from 'phaser';
import { STANCE_ICON, STANCE_STYLE, colourNumber } from '../print/palette.ts';
import { cue } from './sound.ts';
import type { Box, DocketEntry, Moment, RoomLayout, RoomModel, RoomStage, SeatModel } from './model.ts';
import { current, t } from '../i18n/index.ts';

/** Arabic runs right to left: Phaser's text needs `rtl` for its bidi order, and the room's layout mirrors. */
const rtl = (): boolean => current().dir === 'rtl';
const RTL_SCRIPT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

const FONT = '"Liberation Sans", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif';
const SERIF = '"Liberation Serif", Georgia, "DejaVu Serif", serif';
const INK = '#F4F1EA';
const MUTED = '#C9D3DF';
const GOLD = 0xe6c200;
const CARPET = 0x10233b;
const WOOD = 0x6b4a2b;
const WOOD_TOP = 0x8a6239;
const PAPER = 0xfbf8f0;
/** The clock band at the top of the room (where news cards also land) and the ticker at its foot. */
const CLOCK_BAND = 56;
const TICKER_BAND = 32;
/** The carpet's dark blue, under the table and behind a word that floats over a card. */
const FLOOR = 0x0d1d31;
/** The docket's marks for each paragraph status, in the Okabe–Ito colours of the stances. */
const STATUS_FILL: Record<DocketEntry['status'], number | null> = { open: null, adopted: 0x0072b2, footnoted: 0xf0e442, 'chair-summary': 0xe69f00 };
/** Suits and complexions for the delegates, picked by the delegation's id so a seat always looks the same. */
const SUITS = [0x2b3a4f, 0x3b3b44, 0x1f2d3d, 0x4a4038, 0x2f4a45, 0x463247];
const SKINS = [0xf1c9a5, 0xd9a57c, 0xb27a53, 0x8d5a3b, 0x5e3b26, 0xe8b990];

interface Point {
  x: number;
  y: number;
}

/** Where one delegation sits: its card outside the table, the delegate at the rim, the flag on the table. */
interface SeatPlace {
  /** The card's centre and size. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** The delegate, sitting on the table's rim, and the way it faces (into the table). */
  rim: Point;
  normal: Point;
  flag: Point;
}

interface NewsCard {
  text: string;
  colour: number;
  /** Scene time at which the card leaves. */
  until: number;
  box: Phaser.GameObjects.Container | null;
}

export class RoomScene extends Phaser.Scene {
  private model: RoomModel | null = null;
  private places = new Map<string, SeatPlace>();
  private layer: Phaser.GameObjects.Container | null = null;
  private effects: Phaser.GameObjects.Container | null = null;
  /** Live objects drawn over the cached room: the seats' hit areas and the news ticker. */
  private live: Phaser.GameObjects.Container | null = null;
  /** The cached room as a game object: only with the Canvas renderer, which has no backdrop. */
  private snapshot: Phaser.GameObjects.RenderTexture | null = null;
  private ticker: Phaser.GameObjects.Text | null = null;
  private tickerBand = { x: 0, width: 0 };
  private chosen: (id: string) => void = () => {};
  private loadingFlags = new Set<string>();
  private scale1 = 1;
  private seatPlaces: SeatPlace[] = [];
  private tableBox: Box = { x: 0, y: 0, w: 0, h: 0 };
  private paperBox: Box = { x: 0, y: 0, w: 0, h: 0 };
  /** The docket's line for each paragraph on the paper, where a stamp lands. */
  private rows = new Map<string, Box>();
  /** The chair's gavel and sound block on the table. */
  private gavelAt: Point = { x: 0, y: 0 };
  private laidOut = { W: 0, H: 0 };
  private news: NewsCard[] = [];
  private newsShown: Box[] = [];
  private stamps: (Box & { paragraph: string; adopted: boolean })[] = [];
  private busy = 0;
  /** News cards sliding away: gone for good once a resize stops their slide. */
  private leaving = new Set<Phaser.GameObjects.Container>();

  /**
   * @param backdrop a plain 2D canvas under the game's canvas that holds the cached room (see redraw).
   */
  constructor(
    private readonly whenReady: (scene: RoomScene) => void,
    private readonly backdrop: HTMLCanvasElement,
  ) {
    super({ key: 'room' });
  }

  create(): void {
    // The backdrop goes right under the game's canvas; the canvas is positioned too, so it paints on top.
    this.game.canvas.before(this.backdrop);
    this.scale.on('resize', () => this.redraw());
    this.whenReady(this);
  }

  onSeatChosen(handler: (id: string) => void): void {
    this.chosen = handler;
  }

  show(model: RoomModel): void {
    this.model = model;
    const missing = model.seats.filter((s) => s.flag && !this.textures.exists(flagKey(s)) && !this.loadingFlags.has(flagKey(s)));
    if (missing.length > 0) {
      for (const seat of missing) {
        this.loadingFlags.add(flagKey(seat));
        this.load.svg(flagKey(seat), seat.flag!, { width: 120, height: 90 });
      }
      this.load.once(Phaser.Loader.Events.COMPLETE, () => this.redraw());
      this.load.start();
    }
    this.redraw();
  }

  /** Where everything is, in the canvas's own pixels (createStage adds the canvas's place on the page). */
  layout(): RoomLayout {
    return {
      seats: [...this.places].map(([id, p]) => ({ id, x: p.x - p.w / 2, y: p.y - p.h / 2, w: p.w, h: p.h })),
      rows: [...this.rows].map(([id, b]) => ({ id, ...b })),
      table: { ...this.tableBox },
      news: this.newsShown.map((b) => ({ ...b })),
      stamps: this.stamps.map((b) => ({ ...b })),
      busy: this.busy + this.news.length,
    };
  }

  /** Keyboard on the canvas: the arrows move around the table, picking the next seat. */
  step(delta: number): void {
    const seats = this.model?.seats.filter((s) => !s.player) ?? [];
    if (seats.length === 0) return;
    const at = seats.findIndex((s) => s.id === this.model!.selectedSeat);
    const next = seats[(at + delta + seats.length) % seats.length]!;
    this.chosen(next.id);
  }

  update(time: number, delta: number): void {
    this.updateNews(time);
    if (!this.ticker) return;
    const step = (delta * 60) / 1000;
    const band = this.tickerBand;
    // The ticker crawls against the reading direction (right to left; left to right in Arabic, so a
    // headline's first words come in first) and starts again once the headline has gone by.
    if (rtl()) {
      this.ticker.x += step;
      if (this.ticker.x > band.x + band.width) this.ticker.x = band.x - this.ticker.width;
    } else {
      this.ticker.x -= step;
      if (this.ticker.x + this.ticker.width < band.x) this.ticker.x = band.x + band.width;
    }
  }

  /**
   * Every text of the room, with Phaser's `rtl` in an Arabic page when the text holds right-to-left
   * script: a name or wording still in English keeps its own left-to-right order and punctuation.
   */
  private label(x: number, y: number, text: string, style: Phaser.Types.GameObjects.Text.TextStyle): Phaser.GameObjects.Text {
    return this.add.text(x, y, text, rtl() && RTL_SCRIPT.test(text) ? { ...style, rtl: true } : style).setResolution(devicePixelRatio());
  }

  /**
   * Wrapped text centred on `x`, line by line. Phaser's Text ignores `align` once `rtl` is set (its
   * updateText draws every line from the right edge), so a centred Arabic paragraph came out flush
   * right with ragged starts. In a right-to-left page each wrapped line is therefore its own text,
   * centred by its origin, stacked in a container of the lines' size; anything else is one Text, as it
   * always was. `originY` 0 hangs the block from `y`, 0.5 centres it there.
   */
  private centred(x: number, y: number, text: string, style: Phaser.Types.GameObjects.Text.TextStyle, originY: 0 | 0.5 = 0): Phaser.GameObjects.Text | Phaser.GameObjects.Container {
    const resolution = devicePixelRatio();
    if (!(rtl() && RTL_SCRIPT.test(text))) return this.label(x, y, text, style).setOrigin(0.5, originY).setResolution(resolution);
    const probe = this.add.text(0, 0, '', { ...style, rtl: true });
    const wrapped = probe.getWrappedText(text).map((line) => line.trim());
    probe.destroy();
    const lines = style.maxLines ? wrapped.slice(0, style.maxLines) : wrapped;
    const { wordWrap: _wrap, maxLines: _max, align: _align, ...one } = style;
    const spacing = style.lineSpacing ?? 0;
    let bottom = 0;
    let width = 0;
    const texts = lines.map((line) => {
      const t = this.add.text(0, bottom, line, { ...one, rtl: true }).setOrigin(0.5, 0).setResolution(resolution);
      bottom += t.height + spacing;
      width = Math.max(width, t.width);
      return t;
    });
    const height = Math.max(0, bottom - spacing);
    for (const t of texts) t.y -= height * originY;
    return this.add.container(x, y, texts).setSize(width, height);
  }

  // -------------------------------------------------------------------------------------------
  // Drawing

  private redraw(): void {
    this.layer?.destroy();
    this.live?.destroy();
    this.snapshot?.destroy();
    this.snapshot = null;
    this.backdrop.style.display = 'none';
    this.layer = this.add.container(0, 0);
    this.live = this.add.container(0, 0).setDepth(5);
    this.effects ??= this.add.container(0, 0).setDepth(10);
    this.ticker = null;
    this.places.clear();
    this.rows.clear();
    const model = this.model;
    const { width: W, height: H } = this.scale;
    if (!model || W < 50 || H < 50) return;
    if (W !== this.laidOut.W || H !== this.laidOut.H) {
      // The room has a new shape: whatever was moving across the old one stops, and the record of
      // where cards and stamps went starts again.
      this.tweens.killAll();
      this.time.removeAllEvents();
      this.effects.removeAll(true);
      this.busy = 0;
      this.newsShown = [];
      this.stamps = [];
      for (const card of this.news) {
        card.box?.destroy();
        card.box = null;
      }
      for (const box of this.leaving) box.destroy();
      this.leaving.clear();
      this.laidOut = { W, H };
    }
    this.fitLayout(W, CLOCK_BAND + 8, H - TICKER_BAND - 6, model);
    this.layer.add(this.add.graphics().fillStyle(CARPET, 1).fillRect(0, 0, W, H));
    this.drawFloor(W, H);
    this.drawTable(model);
    model.seats.forEach((seat, i) => this.drawSeat(seat, i, model));
    this.drawGavel();
    this.drawClock(model, W);
    this.drawTicker(model, W, H);
    // The room changes only when the meeting does: draw it once into a texture, so a frame does not
    // cost hundreds of shapes and labels (software WebGL took 150 ms a frame otherwise). Then hand the
    // picture to the backdrop, a 2D canvas under the game's transparent canvas, which the browser
    // composites without redrawing it: drawing even that one room-sized image every frame took
    // SwiftShader 50–100 ms, while clearing the canvas and drawing the few moving things is cheap.
    this.snapshot = this.add.renderTexture(0, 0, W, H).setOrigin(0, 0).setDepth(0);
    this.snapshot.draw(this.layer);
    this.snapshot.render();
    this.layer.destroy();
    this.layer = null;
    if (this.paintBackdrop(this.snapshot, W, H)) {
      this.snapshot.destroy();
      this.snapshot = null;
    }
    // A news card on screen is laid out again for the room's new width.
    const showing = this.news[0];
    if (showing && !showing.box) this.placeNews(showing, false);
  }

  /** Copies the cached room's pixels into the backdrop; false when the renderer cannot (Canvas). */
  private paintBackdrop(room: Phaser.GameObjects.RenderTexture, W: number, H: number): boolean {
    const renderer = this.game.renderer;
    const context = (room.texture as Phaser.Textures.DynamicTexture).drawingContext;
    if (!(renderer instanceof Phaser.Renderer.WebGL.WebGLRenderer) || !context) return false;
    // The texture may be a pixel larger than the canvas (Phaser rounds it up to even sizes): the room
    // is its top-left W × H, which in WebGL's bottom-up rows are the top ones.
    const width = Math.min(Math.round(W), context.width);
    const height = Math.min(Math.round(H), context.height);
    const gl = renderer.gl;
    renderer.glWrapper.updateBindingsFramebuffer({ bindings: { framebuffer: context.framebuffer } });
    const pixels = new Uint8Array(width * height * 4);
    gl.readPixels(0, context.height - height, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    // Turn the rows top-down. The room is opaque, so premultiplied or not, the colours are the same.
    const image = new ImageData(width, height);
    const row = width * 4;
    for (let y = 0; y < height; y++) image.data.set(pixels.subarray((height - 1 - y) * row, (height - y) * row), y * row);
    this.backdrop.width = width;
    this.backdrop.height = height;
    this.backdrop.getContext('2d')!.putImageData(image, 0, 0);
    this.backdrop.style.display = '';
    return true;
  }

  /**
   * Seats go round a rectangular table, as at a real ministerial table: rows along the top and bottom,
   * columns down the sides, the chair in the middle of the top row, the others clockwise from its
   * left in the scenario's order. The split between rows and columns and the card size are chosen so
   * the cards are as large as the room allows without touching. On a narrow screen the rows may run
   * over the table's corners; their delegates then sit at the corners.
   */
  private fitLayout(W: number, top: number, bottom: number, model: RoomModel): void {
    const n = model.seats.length;
    const gap = W < 560 ? 5 : 8;
    type Fit = { k: number; top: number; bottom: number; sides: number; corners: boolean };
    const fits: Record<'inset' | 'corners', Fit | null> = { inset: null, corners: null };
    for (const corners of [false, true]) {
      let best: Fit | null = null;
      for (let sides = 0; sides * 2 < n; sides++) {
        const rest = n - sides * 2;
        // The chair heads the top row: an odd count puts it in the very middle.
        let topCount = Math.ceil(rest / 2);
        if (topCount % 2 === 0 && rest > 2) topCount -= 1;
        const bottomCount = rest - topCount;
        for (let k = 1.3; k >= 0.5; k -= 0.01) {
          if (best && k <= best.k + 0.001) break;
          const { w, h } = this.card(k);
          const strip = this.strip(k);
          const tableX0 = sides > 0 ? gap + w + gap / 2 : gap * 2;
          const rowSpan = sides === 0 || corners ? W - 2 * gap : W - 2 * tableX0;
          const rowNeed = Math.max(topCount, bottomCount) * (w + gap) - gap;
          const tableH = bottom - top - 2 * (h + gap / 2);
          const sideNeed = sides * (h + gap) - gap;
          // The table keeps room inside for the draft: its docket and the paragraph under discussion.
          const paperW = W - 2 * tableX0 - 2 * strip;
          const paperH = tableH - 2 * strip;
          if (rowNeed <= rowSpan && (sides === 0 || sideNeed <= tableH - 2 * gap) && paperW >= 120 && paperH >= 96) {
            best = { k, top: topCount, bottom: bottomCount, sides, corners };
            break;
          }
        }
      }
      fits[corners ? 'corners' : 'inset'] = best;
    }
    // Seats over the corners only when the cards would otherwise be much smaller (a phone).
    let best = fits.inset && (!fits.corners || fits.corners.k < fits.inset.k * 1.12) ? fits.inset : fits.corners;
    best ??= { k: 0.5, top: Math.ceil(n / 4), bottom: n - 2 * Math.floor(n / 4) - Math.ceil(n / 4), sides: Math.floor(n / 4), corners: true };
    const k = best.k;
    this.scale1 = k;
    const { w, h } = this.card(k);
    const fig = this.figure(k);
    const flag = this.flagSize(k);
    const x0 = best.sides > 0 ? gap + w + gap / 2 : gap * 2;
    this.tableBox = { x: x0, y: top + h + gap / 2, w: W - 2 * x0, h: bottom - top - 2 * (h + gap / 2) };
    const T = this.tableBox;
    const strip = this.strip(k);
    this.paperBox = { x: T.x + strip, y: T.y + strip, w: T.w - 2 * strip, h: T.h - 2 * strip };

    // Card centres, clockwise from the top row's left; the chair's place is the top row's middle.
    const cards: Point[] = [];
    const rowY = { top: top + h / 2, bottom: bottom - h / 2 };
    const spanX = best.sides === 0 || best.corners ? { a: gap + w / 2, b: W - gap - w / 2 } : { a: x0 + w / 2, b: W - x0 - w / 2 };
    const row = (count: number, y: number, leftToRight: boolean) => {
      // Evenly spaced, but never further apart than a card and a half: short rows gather in the middle.
      const span = Math.min(spanX.b - spanX.a, (count - 1) * w * 1.5);
      const a = W / 2 - span / 2;
      for (let i = 0; i < count; i++) {
        const f = count === 1 ? 0.5 : i / (count - 1);
        cards.push({ x: a + span * (leftToRight ? f : 1 - f), y });
      }
    };
    const column = (count: number, x: number, downwards: boolean) => {
      const y0 = T.y + gap + h / 2;
      const y1 = T.y + T.h - gap - h / 2;
      const span = Math.min(y1 - y0, (count - 1) * (h + gap) * 1.6);
      const a = (y0 + y1) / 2 - span / 2;
      for (let i = 0; i < count; i++) {
        const f = count === 1 ? 0.5 : i / (count - 1);
        cards.push({ x, y: a + span * (downwards ? f : 1 - f) });
      }
    };
    row(best.top, rowY.top, true);
    column(best.sides, W - gap - w / 2, true);
    row(best.bottom, rowY.bottom, false);
    column(best.sides, gap + w / 2, false);
    // Rotate so the chair takes the middle of the top row, the others following in order.
    const head = Math.floor(best.top / 2);
    const chairIndex = Math.max(0, model.seats.findIndex((s) => s.chair));
    const mirror = rtl();
    this.seatPlaces = model.seats.map((_, i) => {
      const at = cards[(head + i - chairIndex + n * 2) % n]!;
      // Arabic mirrors the room: the order round the table runs the other way, as its text does.
      const c = mirror ? { x: W - at.x, y: at.y } : at;
      return this.seatAt(c, w, h, fig.depth, flag);
    });
  }

  /** How far in from the table's edge the draft begins: the delegates, then their flags. */
  private strip(k: number): number {
    const f = this.figure(k);
    return f.head * 0.6 + f.depth + 4 + this.flagSize(k).w + 8;
  }

  /** The delegate's place at the rim nearest its card, facing into the table, and its flag in front. */
  private seatAt(c: Point, w: number, h: number, depth: number, flag: { w: number; h: number }): SeatPlace {
    const T = this.tableBox;
    const f = this.figure(this.scale1);
    // A seat over a corner sits along the top or bottom edge, clear of the side delegates' flags.
    const corner = f.head * 0.6 + depth + 4 + flag.w + flag.w / 2 + 6;
    const left = c.x < T.x;
    const above = c.y < T.y;
    const below = c.y > T.y + T.h;
    let edge: Point;
    let normal: Point;
    if (above || below) {
      edge = { x: Math.min(Math.max(c.x, T.x + corner), T.x + T.w - corner), y: above ? T.y : T.y + T.h };
      normal = { x: 0, y: above ? 1 : -1 };
    } else {
      edge = { x: left ? T.x : T.x + T.w, y: c.y };
      normal = { x: left ? 1 : -1, y: 0 };
    }
    // The delegate sits just inside the table's edge; its flag stands on the table in front of it.
    const rim = { x: edge.x + normal.x * f.head * 0.6, y: edge.y + normal.y * f.head * 0.6 };
    const reach = depth + 4 + (normal.y === 0 ? flag.w / 2 : flag.h / 2) + 2;
    return { x: c.x, y: c.y, w, h, rim, normal, flag: { x: rim.x + normal.x * reach, y: rim.y + normal.y * reach } };
  }

  /** A seat card's size at scale k: name, head of delegation (on all but the smallest cards) and the stance badge. */
  private card(k: number): { w: number; h: number } {
    const w = Math.round(124 * k);
    // A small card gives the name two lines rather than cut it short.
    const name = this.nameSize(k) * (k < 0.8 ? 2.3 : 1.25);
    const head = k >= 0.7 ? Math.max(10, Math.round(11.5 * k)) * 1.25 : 0;
    const badge = Math.max(17, Math.round(21 * k));
    return { w, h: Math.round(5 * k + 3 + name + head + 4 + badge + 5) };
  }

  private nameSize(k: number): number {
    return Math.max(11, Math.round(14 * k));
  }

  /** A delegate seen from above: head and shoulders. `depth`: how far it reaches into the table. */
  private figure(k: number): { head: number; shoulders: number; depth: number } {
    const head = Math.max(5, 8 * k);
    const shoulders = Math.max(10, 16 * k);
    return { head, shoulders, depth: head + 3 };
  }

  private flagSize(k: number): { w: number; h: number } {
    const h = Math.max(11, Math.round(17 * k));
    return { w: Math.round((h * 4) / 3), h };
  }

  /** The carpet: a faint border pattern, so the room reads as a room and not a page. */
  private drawFloor(W: number, H: number): void {
    const g = this.add.graphics();
    const T = this.tableBox;
    g.fillStyle(FLOOR, 1).fillRect(0, CLOCK_BAND, W, H - CLOCK_BAND - TICKER_BAND);
    g.lineStyle(2, 0x1d3756, 1).strokeRoundedRect(T.x - 18, T.y - 18, T.w + 36, T.h + 36, 28);
    g.lineStyle(1, 0x1d3756, 0.7).strokeRoundedRect(T.x - 26, T.y - 26, T.w + 52, T.h + 52, 34);
    this.layer!.add(g);
  }

  private drawTable(model: RoomModel): void {
    const g = this.add.graphics();
    const { x: bx, y: by, w: bw, h: bh } = this.tableBox;
    const r = Math.min(34, bh / 3, bw / 3);
    // A shadow on the carpet, the wooden edge, then the top with a lighter inlay.
    g.fillStyle(0x050d18, 0.6).fillRoundedRect(bx + 4, by + 7, bw, bh, r);
    g.fillStyle(WOOD, 1).fillRoundedRect(bx, by, bw, bh, r);
    g.fillStyle(WOOD_TOP, 1).fillRoundedRect(bx + 4, by + 4, bw - 8, bh - 8, Math.max(4, r - 4));
    g.lineStyle(1, 0xa77b4c, 0.8).strokeRoundedRect(bx + 10, by + 10, bw - 20, bh - 20, Math.max(4, r - 9));
    this.layer!.add(g);
    this.drawDraft(model);
  }

  /**
   * The draft lies on the table: a sheet with the docket — every paragraph on its own line (or, on a
   * small table, its own numbered square) with its status — and, below, the paragraph under
   * discussion in full. A stamp lands on the docket's line for the paragraph adopted.
   */
  private drawDraft(model: RoomModel): void {
    const P = this.paperBox;
    const g = this.add.graphics();
    g.fillStyle(0x3b2812, 0.45).fillRect(P.x + 3, P.y + 4, P.w, P.h);
    g.fillStyle(PAPER, 1).fillRect(P.x, P.y, P.w, P.h);
    g.lineStyle(1, 0xcfc3a6, 1).strokeRect(P.x, P.y, P.w, P.h);
    this.layer!.add(g);
    const mirror = rtl();
    const pad = P.w > 300 ? 14 : 8;
    const inner = { x: P.x + pad, w: P.w - 2 * pad };
    const kicker = this.label(P.x + P.w / 2, P.y + 7, t('app.tab-draft').toLocaleUpperCase(current().lang), { fontFamily: FONT, fontSize: '11px', fontStyle: 'bold', color: '#6A5A3C' }).setOrigin(0.5, 0);
    this.layer!.add(kicker);
    let y = kicker.y + kicker.height + 5;
    const n = model.docket.length;
    // Lines when the sheet is wide enough for a title to be read; squares otherwise.
    const columns = Math.max(1, Math.min(3, Math.floor(inner.w / 200)));
    const lineH = P.w > 480 ? 17 : 15;
    const linesTall = Math.ceil(n / columns) * lineH;
    const lines = inner.w >= 210 && linesTall <= (P.h - 40) * 0.5;
    if (lines) {
      const colW = inner.w / columns;
      const perColumn = Math.ceil(n / columns);
      model.docket.forEach((entry, i) => {
        const col = Math.floor(i / perColumn);
        const rowY = y + (i % perColumn) * lineH;
        const cx = mirror ? inner.x + inner.w - (col + 1) * colW : inner.x + col * colW;
        this.docketLine(entry, { x: cx, y: rowY, w: colW - 6, h: lineH }, entry.id === model.paragraph.id, mirror);
      });
      y += linesTall + 6;
    } else {
      const size = Math.max(16, Math.min(24, Math.floor((inner.w + 3) / Math.ceil(n / 2)) - 3));
      const perRow = Math.max(1, Math.floor((inner.w + 3) / (size + 3)));
      const rowsN = Math.ceil(n / perRow);
      const used = Math.min(n, perRow) * (size + 3) - 3;
      const start = inner.x + (inner.w - used) / 2;
      model.docket.forEach((entry, i) => {
        const col = i % perRow;
        const x = mirror ? start + used - (col + 1) * (size + 3) + 3 : start + col * (size + 3);
        this.docketSquare(entry, { x, y: y + Math.floor(i / perRow) * (size + 3), w: size, h: size }, entry.id === model.paragraph.id);
      });
      y += rowsN * (size + 3) + 4;
    }
    const rule = this.add.graphics().lineStyle(1, 0xb8a47c, 1).lineBetween(inner.x, y, inner.x + inner.w, y);
    this.layer!.add(rule);
    y += 6;
    const p = model.paragraph;
    const big = P.w > 480 && P.h > 300;
    const heading = this.centred(P.x + P.w / 2, y, `¶ ${p.number} · ${p.title}`, {
      fontFamily: FONT,
      fontSize: `${big ? 16 : 13}px`,
      fontStyle: 'bold',
      color: '#1B2A3A',
      align: 'center',
      wordWrap: { width: inner.w },
      maxLines: 2,
    });
    const status = this.label(P.x + P.w / 2, heading.y + heading.height + 2, p.status, { fontFamily: FONT, fontSize: '12px', color: '#5A4326', align: 'center' }).setOrigin(0.5, 0);
    const size = big ? Math.round(Math.min(20, Math.max(16, P.h / 28))) : 13;
    const top = status.y + status.height + 5;
    const room = P.y + P.h - 8 - top;
    const wording = this.centred(P.x + P.w / 2, top, t('narration.quoted', { text: p.wording }), {
      fontFamily: SERIF,
      fontSize: `${size}px`,
      fontStyle: 'italic',
      color: '#2B2118',
      align: 'center',
      wordWrap: { width: inner.w },
      maxLines: Math.max(1, Math.floor(room / (size * 1.3 + 2))),
      lineSpacing: 2,
    });
    this.layer!.add([heading, status, wording]);
  }

  private docketLine(entry: DocketEntry, box: Box, selected: boolean, mirror: boolean): void {
    this.rows.set(entry.id, box);
    const g = this.add.graphics();
    if (selected) g.fillStyle(0xf1e2b0, 1).fillRect(box.x - 3, box.y, box.w + 6, box.h);
    const m = box.h - 6;
    const mx = mirror ? box.x + box.w - m : box.x;
    const fill = STATUS_FILL[entry.status];
    if (fill === null) g.lineStyle(1.5, 0x8a7a5a, 1).strokeRect(mx + 0.5, box.y + 3.5, m - 1, m - 1);
    else {
      g.fillStyle(fill, 1).fillRect(mx, box.y + 3, m, m);
      if (entry.status === 'adopted') {
        g.lineStyle(2, 0xffffff, 1).beginPath();
        g.moveTo(mx + 2, box.y + 3 + m / 2);
        g.lineTo(mx + m / 2 - 0.5, box.y + 3 + m - 2.5);
        g.lineTo(mx + m - 2, box.y + 5);
        g.strokePath();
      }
    }
    const text = this.fit(
      this.label(mirror ? mx - 5 : mx + m + 5, box.y + box.h / 2, `${entry.number}. ${entry.title}`, {
        fontFamily: FONT,
        fontSize: `${box.h > 15 ? 12 : 11}px`,
        fontStyle: selected ? 'bold' : '',
        color: entry.status === 'open' ? '#1B2A3A' : '#4A3F2C',
      }).setOrigin(mirror ? 1 : 0, 0.5),
      box.w - m - 6,
      box.h > 15 ? 12 : 11,
    );
    this.layer!.add([g, text]);
  }

  private docketSquare(entry: DocketEntry, box: Box, selected: boolean): void {
    this.rows.set(entry.id, box);
    const g = this.add.graphics();
    const fill = STATUS_FILL[entry.status];
    g.fillStyle(fill ?? 0xffffff, 1).fillRect(box.x, box.y, box.w, box.h);
    g.lineStyle(selected ? 2.5 : 1, selected ? 0x1b2a3a : 0x8a7a5a, 1).strokeRect(box.x, box.y, box.w, box.h);
    const ink = entry.status === 'adopted' ? '#FFFFFF' : '#1B2A3A';
    const num = this.label(box.x + box.w / 2, box.y + box.h / 2, String(entry.number), { fontFamily: FONT, fontSize: `${Math.round(box.h * 0.55)}px`, fontStyle: 'bold', color: ink }).setOrigin(0.5);
    this.layer!.add([g, num]);
  }

  private drawSeat(seat: SeatModel, i: number, model: RoomModel): void {
    const k = this.scale1;
    const place = this.seatPlaces[i]!;
    const { x, y, w, h } = place;
    this.places.set(seat.id, place);
    const card = this.add.container(x, y);
    const selected = model.selectedSeat === seat.id;
    const bg = this.add.graphics();
    bg.fillStyle(seat.chair ? 0x17283d : 0x0b1a2c, 0.96).fillRoundedRect(-w / 2, -h / 2, w, h, 8);
    if (seat.player) bg.lineStyle(3, GOLD, 1).strokeRoundedRect(-w / 2, -h / 2, w, h, 8);
    else bg.lineStyle(1, seat.chair ? 0xb8a47c : 0x46627f, 1).strokeRoundedRect(-w / 2, -h / 2, w, h, 8);
    if (selected) bg.lineStyle(3, 0xffffff, 1).strokeRoundedRect(-w / 2 - 3, -h / 2 - 3, w + 6, h + 6, 10);
    card.add(bg);

    const nameSize = this.nameSize(k);
    const nameY = -h / 2 + 5 * k + 3;
    const two = k < 0.8;
    const name = this.fit(
      this.label(0, nameY, seat.name, { fontFamily: FONT, fontSize: `${nameSize}px`, fontStyle: 'bold', color: INK, align: 'center', ...(two ? { wordWrap: { width: w - 6 }, maxLines: 2, lineSpacing: -1 } : {}) }),
      w - 6,
      two ? nameSize : 10,
    );
    card.add(name.setOrigin(0.5, 0));
    if (k >= 0.7) {
      const head = this.fit(this.label(0, nameY + nameSize * 1.25, seat.head, { fontFamily: FONT, fontSize: `${Math.max(10, Math.round(11.5 * k))}px`, color: MUTED }), w - 8);
      card.add(head.setOrigin(0.5, 0));
    }
    card.add(this.badge(seat, h / 2 - 5, w - 10 * k, k));

    const tag = seat.player ? t('room.you') : seat.chair ? t('room.chair') : null;
    if (seat.player && seat.chair) card.add(this.tag(t('room.you-chair'), -h / 2, GOLD, '#000000'));
    else if (tag) card.add(this.tag(tag, -h / 2, seat.player ? GOLD : 0xffffff, '#000000'));
    if (seat.walkedOut) card.setAlpha(0.45);

    const hit = this.add.zone(x, y, w, h).setInteractive({ useHandCursor: !seat.player });
    hit.on('pointerdown', () => {
      if (!seat.player) this.chosen(seat.id);
    });
    this.live!.add(hit);
    this.layer!.add(card);
    // The delegate at the rim (an empty chair once it has walked out), and its flag on the table.
    const delegate = seat.walkedOut ? this.emptyChair(place) : this.delegate(seat.id, place.rim, place.normal);
    this.layer!.add(delegate);
    this.deskFlag(seat, place);
  }

  /** Head and shoulders seen from above, the shoulders along the table's edge. */
  private delegate(id: string, at: Point, normal: Point): Phaser.GameObjects.Container {
    const f = this.figure(this.scale1);
    const hash = [...id].reduce((acc, c) => acc * 31 + c.charCodeAt(0), 7);
    const suit = SUITS[Math.abs(hash) % SUITS.length]!;
    const skin = SKINS[Math.abs(hash >> 3) % SKINS.length]!;
    const g = this.add.graphics();
    g.fillStyle(0x000000, 0.35).fillEllipse(1.5, 2.5, f.shoulders * 2 + 2, f.head * 2.2);
    g.fillStyle(suit, 1).fillEllipse(0, 0, f.shoulders * 2, f.head * 2.1);
    g.lineStyle(1, 0x000000, 0.5).strokeEllipse(0, 0, f.shoulders * 2, f.head * 2.1);
    g.fillStyle(skin, 1).fillCircle(0, 0, f.head);
    g.fillStyle(0x000000, 0.25).fillCircle(-normal.x * f.head * 0.35, -normal.y * f.head * 0.35, f.head * 0.6);
    const c = this.add.container(at.x, at.y, [g]);
    // Shoulders run along the rim: turned upright on the sides, diagonal at a corner.
    c.setRotation(Math.atan2(normal.y, normal.x) - Math.PI / 2);
    return c;
  }

  private emptyChair(place: SeatPlace): Phaser.GameObjects.Graphics {
    const f = this.figure(this.scale1);
    const g = this.add.graphics();
    g.lineStyle(2, 0x46627f, 0.9).strokeCircle(place.rim.x, place.rim.y, f.head + 2);
    return g;
  }

  /** A table flag on its little stand, in front of the delegate; a neutral emblem where there is no flag. */
  private deskFlag(seat: SeatModel, place: SeatPlace): void {
    const { w, h } = this.flagSize(this.scale1);
    const { x, y } = place.flag;
    const g = this.add.graphics();
    g.fillStyle(0x000000, 0.35).fillRect(x - w / 2 + 2, y - h / 2 + 2, w, h);
    this.layer!.add(g);
    if (seat.flag && this.textures.exists(flagKey(seat))) {
      this.layer!.add(this.add.image(x, y, flagKey(seat)).setDisplaySize(w, h));
      this.layer!.add(this.add.graphics().lineStyle(1, 0x000000, 0.6).strokeRect(x - w / 2, y - h / 2, w, h));
    } else if (!seat.flag) {
      this.layer!.add(this.emblem(seat.id, x, y, h / 2 + 1));
    }
  }

  /** The chair's gavel and its block, on the table beside the chair's flag. */
  private drawGavel(): void {
    const chair = this.model?.seats.find((s) => s.chair);
    const place = chair && this.places.get(chair.id);
    if (!place) return;
    const { w } = this.flagSize(this.scale1);
    const side = rtl() ? -1 : 1;
    // Beside the flag, along the rim (to the right in a top-row seat; the left in Arabic).
    const along = { x: -place.normal.y * side, y: place.normal.x * side };
    this.gavelAt = { x: place.flag.x + along.x * (w + 10), y: place.flag.y + along.y * (w + 10) };
    const g = this.add.graphics();
    const r = Math.max(5, 7 * this.scale1);
    g.fillStyle(0x3a2412, 1).fillCircle(this.gavelAt.x, this.gavelAt.y, r + 1);
    g.fillStyle(0x5a3a1c, 1).fillCircle(this.gavelAt.x, this.gavelAt.y, r);
    this.layer!.add(g);
    this.layer!.add(this.gavelShape(this.gavelAt.x + r * 1.6, this.gavelAt.y + r * 0.4, -20));
  }

  /** A gavel: its head at the container's origin, the handle trailing off to one side. */
  private gavelShape(x: number, y: number, angle: number, size = 1): Phaser.GameObjects.Container {
    const k = Math.max(0.7, this.scale1) * size;
    const g = this.add.graphics();
    g.fillStyle(0x4a2e14, 1).fillRoundedRect(0, -2 * k, 24 * k, 4 * k, 2);
    g.fillStyle(0x2f1b0a, 1).fillRoundedRect(-4 * k, -8 * k, 9 * k, 16 * k, 3);
    g.fillStyle(0xc9a24a, 1).fillRect(-4 * k, -3 * k, 9 * k, 2 * k);
    return this.add.container(x, y, [g]).setAngle(angle);
  }

  /** The neutral emblem for fictional delegations: a laurel-less roundel with the id, never a flag. */
  private emblem(id: string, x: number, y: number, r: number): Phaser.GameObjects.Container {
    const hue = [...id].reduce((acc, c) => acc + c.charCodeAt(0) * 37, 0) % 360;
    const colour = Phaser.Display.Color.HSLToColor(hue / 360, 0.35, 0.42).color;
    const g = this.add.graphics();
    g.fillStyle(colour, 1).fillCircle(0, 0, r);
    g.lineStyle(2, 0xf4f1ea, 0.9).strokeCircle(0, 0, r - 3);
    const label = this.label(0, 0, id, { fontFamily: FONT, fontSize: `${Math.round(r * 0.7)}px`, fontStyle: 'bold', color: '#FFFFFF' })
      .setOrigin(0.5)
      .setResolution(devicePixelRatio());
    return this.add.container(x, y, [g, label]);
  }

  private badge(seat: SeatModel, bottomY: number, width: number, k: number): Phaser.GameObjects.Container {
    const bh = Math.max(18, Math.round(21 * k));
    const c = this.add.container(0, bottomY - bh / 2);
    const g = this.add.graphics();
    if (seat.walkedOut || !seat.stance) {
      g.fillStyle(0x2e3f52, 1).fillRoundedRect(-width / 2, -bh / 2, width, bh, bh / 2);
      const note = this.label(0, 0, seat.walkedOut ? t('room.walked-out') : t('room.no-stance'), { fontFamily: FONT, fontSize: `${Math.max(11, Math.round(12 * k))}px`, color: INK })
        .setOrigin(0.5)
        .setResolution(devicePixelRatio());
      c.add([g, note]);
      return c;
    }
    const style = STANCE_STYLE[seat.stance];
    g.fillStyle(colourNumber(style.fill), 1).fillRoundedRect(-width / 2, -bh / 2, width, bh, bh / 2);
    const text = this.label(0, 0, t(`stance.${seat.stance}`), { fontFamily: FONT, fontSize: `${Math.max(11, Math.round(12.5 * k))}px`, fontStyle: 'bold', color: style.ink })
      .setOrigin(0, 0.5)
      .setResolution(devicePixelRatio());
    const icon = bh - 6;
    const total = icon + 4 + text.width;
    // The icon leads the word: on its left, or on its right in a right-to-left language.
    const ix = rtl() ? total / 2 - icon : -total / 2;
    text.x = rtl() ? -total / 2 : ix + icon + 4;
    const ink = colourNumber(style.ink);
    const scale = icon / 16;
    for (const part of STANCE_ICON[seat.stance]) {
      const px = (v: number) => ix + v * scale;
      const py = (v: number) => -icon / 2 + v * scale;
      if (part.kind === 'line') {
        g.lineStyle(Math.max(1.6, 2.2 * scale), ink, 1);
        g.beginPath();
        part.points.forEach(([a, b], j) => (j === 0 ? g.moveTo(px(a), py(b)) : g.lineTo(px(a), py(b))));
        g.strokePath();
      } else if (part.kind === 'ring') {
        g.lineStyle(Math.max(1.5, 2 * scale), ink, 1).strokeCircle(px(part.cx), py(part.cy), part.r * scale);
      } else if (part.kind === 'disc') {
        g.fillStyle(ink, 1).fillCircle(px(part.cx), py(part.cy), part.r * scale);
      } else {
        g.fillStyle(ink, 1).fillRect(px(part.x), py(part.y), part.w * scale, part.h * scale);
      }
    }
    c.add([g, text]);
    return c;
  }

  private tag(label: string, y: number, fill: number, ink: string): Phaser.GameObjects.Container {
    const word = this.label(0, 0, label, { fontFamily: FONT, fontSize: '10px', fontStyle: 'bold', color: ink })
      .setOrigin(0.5)
      .setResolution(devicePixelRatio());
    const g = this.add.graphics().fillStyle(fill, 1).fillRoundedRect(-word.width / 2 - 6, -8, word.width + 12, 16, 8);
    return this.add.container(0, y, [g, word]);
  }

  /** Shrinks a label until it fits `width` (down to `smallest` px), then shortens it with an ellipsis. */
  private fit(text: Phaser.GameObjects.Text, width: number, smallest = 10): Phaser.GameObjects.Text {
    text.setResolution(devicePixelRatio());
    let size = Number.parseInt(String(text.style.fontSize), 10);
    while (text.width > width && size > smallest) {
      size -= 1;
      text.setFontSize(size);
    }
    if (text.width > width) {
      const full = text.text;
      let keep = full.length;
      while (text.width > width && keep > 3) text.setText(`${full.slice(0, --keep).trimEnd()}…`);
    }
    return text;
  }

  private drawClock(model: RoomModel, W: number): void {
    const c = model.clock;
    const g = this.add.graphics();
    g.fillStyle(0x000000, 0.45).fillRect(0, 0, W, 56);
    // The clock and its lines stand where a line of text starts: the left, or the right in Arabic.
    const cx = rtl() ? W - 30 : 30;
    const cy = 28;
    g.fillStyle(0x0b1a2c, 1).fillCircle(cx, cy, 21);
    g.lineStyle(5, 0x46627f, 1).strokeCircle(cx, cy, 17);
    const share = c.minutesLeft === null ? 0 : c.minutesLeft / Math.max(1, c.slotMinutes);
    if (share > 0) {
      g.lineStyle(5, 0x56b4e9, 1);
      g.beginPath();
      g.arc(cx, cy, 17, -Math.PI / 2, -Math.PI / 2 + share * 2 * Math.PI, false);
      g.strokePath();
    }
    const minutes = this.label(cx, cy, c.minutesLeft === null ? '–' : `${c.minutesLeft}′`, { fontFamily: FONT, fontSize: '12px', fontStyle: 'bold', color: INK })
      .setOrigin(0.5);
    const left = c.totalSlots - c.slotNumber;
    const line1 = this.fit(
      this.label(rtl() ? W - 60 : 60, 8, c.session, { fontFamily: FONT, fontSize: '14px', fontStyle: 'bold', color: INK }),
      W - 70,
    );
    const line2 = this.fit(
      this.label(
        rtl() ? W - 60 : 60,
        30,
        t('room.clock', { slot: c.slot, left: c.minutesLeft ?? 0, minutes: c.slotMinutes, number: c.slotNumber, total: c.totalSlots, after: left }),
        { fontFamily: FONT, fontSize: '13px', color: MUTED },
      ),
      W - 70,
    );
    if (rtl()) [line1, line2].forEach((l) => l.setOrigin(1, 0));
    this.layer!.add([g, minutes.setResolution(devicePixelRatio()), line1, line2]);
  }

  private drawTicker(model: RoomModel, W: number, H: number): void {
    // The band stays still, so it goes into the cached room; only what lies over the crawling headline
    // is drawn each frame.
    this.layer!.add(this.add.graphics().fillStyle(0x05101c, 1).fillRect(0, H - 32, W, 32));
    const mirror = rtl();
    const label = this.label(mirror ? W - 10 : 10, H - 16, t('room.news'), { fontFamily: FONT, fontSize: '12px', fontStyle: 'bold', color: '#000000' })
      .setOrigin(mirror ? 1 : 0, 0.5)
      .setResolution(devicePixelRatio());
    const start = label.width + 24;
    const headline = model.news.length > 0 ? model.news.slice(0, 3).join('   ◆   ') : t('room.no-news');
    const text = this.label(mirror ? W - start : start, H - 16, headline, { fontFamily: FONT, fontSize: '14px', color: INK })
      .setOrigin(0, 0.5)
      .setResolution(devicePixelRatio());
    // The headline starts at the tag's side; in Arabic it is laid from the tag leftwards.
    if (mirror) text.x = W - start - text.width;
    // Drawn over the crawling headline, so the text slides out from under the NEWS tag.
    const cover = this.add.graphics().fillStyle(0x05101c, 1).fillRect(mirror ? W - start + 4 : 0, H - 32, start - 4, 32);
    const tag = this.add.graphics().fillStyle(0xe69f00, 1).fillRoundedRect(mirror ? W - label.width - 16 : 4, H - 26, label.width + 12, 20, 4);
    this.ticker = text;
    this.tickerBand = mirror ? { x: 0, width: W - start } : { x: start, width: W - start };
    this.live!.add([text, cover, tag, label]);
  }

  // -------------------------------------------------------------------------------------------
  // Animations: each moment gets a short piece of stagecraft, in the order it happened. A busy slot
  // (forty moves and more) shows every adoption and every item of news, and the last of the walks.

  play(moments: Moment[]): void {
    const walks = new Set(moments.map((m, i) => ({ m, i })).filter(({ m }) => ['consult', 'lobby', 'linkage', 'broker'].includes(m.kind)).slice(-6).map(({ i }) => i));
    const pulses = new Set(moments.map((m, i) => ({ m, i })).filter(({ m }) => m.kind === 'stance').slice(-12).map(({ i }) => i));
    let delay = 0;
    moments.forEach((m, i) => {
      if (m.kind === 'event' || m.kind === 'clock') {
        // News waits its turn in the band at the top: it never covers a seat.
        this.queueNews(m.text, m.kind === 'event' ? 0xe69f00 : 0x56b4e9, m.kind === 'event');
        return;
      }
      if ((walks.has(i) || pulses.has(i) || m.kind === 'adoption' || m.kind === 'walk-out') === false) return;
      this.busy += 1;
      this.time.delayedCall(delay, () => {
        this.busy = Math.max(0, this.busy - 1);
        this.animate(m);
      });
      delay += m.kind === 'adoption' ? 1500 : m.kind === 'stance' ? 70 : m.kind === 'walk-out' ? 900 : 550;
    });
  }

  private animate(m: Moment): void {
    const from = m.actor ? this.places.get(m.actor) : undefined;
    const to = m.target ? this.places.get(m.target) : undefined;
    switch (m.kind) {
      case 'consult':
        if (from && to) this.visit(m.actor!, from, to, 0x56b4e9, () => this.pulse(to, 0x56b4e9, 1));
        return;
      case 'lobby':
        if (from && to) {
          this.visit(m.actor!, from, to, 0xf4f1ea, () => {
            this.pulse(to, m.success ? 0x56b4e9 : 0x8896a6, 2);
            this.float(to, m.success ? t('room.moved') : t('room.not-moved'), m.success ? '#8FD3FF' : '#C9D3DF');
          });
        }
        return;
      case 'linkage':
        if (from && to) this.meet(m.actor!, m.target!, from, to);
        return;
      case 'broker': {
        const at = from ?? to;
        if (at) {
          this.diamond(at);
          this.pulse(at, 0xcc79a7, 2);
        }
        return;
      }
      case 'walk-out':
        if (from) {
          this.pulse(from, 0xd55e00, 3);
          this.float(from, t('room.walks-out'), '#FFB27A', 90);
          this.leave(m.actor!, from);
        }
        return;
      case 'adoption':
        this.gavel(m.paragraph, m.success ?? false);
        return;
      case 'stance':
        if (from) this.pulse(from, 0xffffff, 1);
        return;
      default:
        return;
    }
  }

  /** A point on the aisle round the draft (between the flags and the sheet), in the direction `angle`. */
  private aisle(angle: number): Point {
    const P = this.paperBox;
    const cx = P.x + P.w / 2;
    const cy = P.y + P.h / 2;
    const hw = P.w / 2 + 6;
    const hh = P.h / 2 + 6;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const r = Math.min(Math.abs(c) > 1e-6 ? hw / Math.abs(c) : Infinity, Math.abs(s) > 1e-6 ? hh / Math.abs(s) : Infinity);
    return { x: cx + c * r, y: cy + s * r };
  }

  /** The walk from one delegate's chair round the table to beside another's: chair, aisle, the short way round, chair. */
  private route(from: SeatPlace, to: SeatPlace, stopShort: number): Point[] {
    const P = this.paperBox;
    const centre = { x: P.x + P.w / 2, y: P.y + P.h / 2 };
    const a0 = Math.atan2(from.flag.y - centre.y, from.flag.x - centre.x);
    const a1 = Math.atan2(to.flag.y - centre.y, to.flag.x - centre.x);
    let d = a1 - a0;
    while (d > Math.PI) d -= 2 * Math.PI;
    while (d < -Math.PI) d += 2 * Math.PI;
    const steps = Math.max(1, Math.ceil(Math.abs(d) / 0.1));
    const points: Point[] = [from.rim];
    for (let i = 0; i <= steps; i++) points.push(this.aisle(a0 + (d * i) / steps));
    // Stand just inside the visited delegate's place, a little to its side, leaning in.
    const f = this.figure(this.scale1);
    const side = { x: -to.normal.y, y: to.normal.x };
    points.push({ x: to.rim.x + to.normal.x * (f.depth + 6) + side.x * stopShort, y: to.rim.y + to.normal.y * (f.depth + 6) + side.y * stopShort });
    return points;
  }

  /** Moves `target` along the points at walking pace, then calls `done`. */
  private walk(target: Phaser.GameObjects.Container, points: Point[], done: () => void): void {
    const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y));
    const total = lengths.reduce((a, b) => a + b, 0);
    const progress = { d: 0 };
    this.busy += 1;
    this.tweens.add({
      targets: progress,
      d: total,
      duration: Math.min(1500, Math.max(550, total * 2.2)),
      ease: 'Sine.easeInOut',
      onUpdate: () => {
        let left = progress.d;
        let i = 0;
        while (i < lengths.length - 1 && left > lengths[i]!) left -= lengths[i++]!;
        const a = points[i]!;
        const b = points[i + 1]!;
        const f = lengths[i]! > 0 ? Math.min(1, left / lengths[i]!) : 1;
        target.setPosition(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
        // Facing the way it walks.
        target.setRotation(Math.atan2(b.y - a.y, b.x - a.x));
      },
      onComplete: () => {
        this.busy = Math.max(0, this.busy - 1);
        done();
      },
    });
  }

  /** A delegate gets up, walks round to another, leans in to speak, and walks back to its chair. */
  private visit(actor: string, from: SeatPlace, to: SeatPlace, colour: number, arrived: () => void): void {
    // On its feet, the delegate stands out from those seated.
    const walker = this.delegate(actor, from.rim, from.normal).setScale(1.3);
    const f = this.figure(this.scale1);
    const ring = this.add.circle(0, 0, f.head + 3).setStrokeStyle(2, colour, 1);
    ring.isFilled = false;
    walker.add(ring);
    this.effects!.add(walker);
    cue('murmur');
    const path = this.route(from, to, f.shoulders + 4);
    this.walk(walker, path, () => {
      arrived();
      // Leaning in: towards the other delegate, twice, with a word in its ear.
      const toward = Math.atan2(to.rim.y - walker.y, to.rim.x - walker.x);
      walker.setRotation(toward);
      const bubble = this.speech(walker.x, walker.y, colour);
      this.busy += 1;
      this.tweens.add({
        targets: walker,
        x: walker.x + Math.cos(toward) * 5,
        y: walker.y + Math.sin(toward) * 5,
        duration: 220,
        yoyo: true,
        repeat: 1,
        ease: 'Sine.easeInOut',
        onComplete: () => {
          bubble.destroy();
          this.walk(walker, [...path].reverse(), () => {
            this.busy = Math.max(0, this.busy - 1);
            walker.destroy();
          });
        },
      });
    });
  }

  /** A linkage: both delegates walk to meet halfway round the table, shake on it, and go back. */
  private meet(a: string, b: string, from: SeatPlace, to: SeatPlace): void {
    const f = this.figure(this.scale1);
    const full = this.route(from, to, 0);
    // The meeting point: the middle of the aisle part of the route.
    const mid = Math.floor(full.length / 2);
    const there = [...full.slice(0, mid + 1)];
    const back = [...full.slice(mid)].reverse();
    const offset = (p: Point, by: number): Point => ({ x: p.x + by, y: p.y });
    there[there.length - 1] = offset(there[there.length - 1]!, -f.shoulders);
    back[back.length - 1] = offset(back[back.length - 1]!, f.shoulders);
    const one = this.delegate(a, from.rim, from.normal).setScale(1.3);
    const two = this.delegate(b, to.rim, to.normal).setScale(1.3);
    this.effects!.add([one, two]);
    cue('murmur');
    let arrived = 0;
    const shake = () => {
      if (++arrived < 2) return;
      const at = full[mid]!;
      const ring = this.add.circle(at.x, at.y, f.shoulders * 1.6).setStrokeStyle(3, 0xe69f00, 1);
      ring.isFilled = false;
      const word = this.label(at.x, at.y - f.shoulders * 2.2, t('room.deal'), { fontFamily: FONT, fontSize: '12px', fontStyle: 'bold', color: '#000000', backgroundColor: '#E69F00', padding: { x: 5, y: 2 } }).setOrigin(0.5);
      this.effects!.add([ring, word]);
      this.busy += 1;
      this.tweens.add({ targets: ring, scale: 1.8, alpha: 0, duration: 800, ease: 'Cubic.easeOut', onComplete: () => ring.destroy() });
      this.tweens.add({
        targets: word,
        alpha: 0,
        delay: 900,
        duration: 400,
        onComplete: () => {
          word.destroy();
          this.busy = Math.max(0, this.busy - 1);
          this.walk(one, [...there].reverse(), () => one.destroy());
          this.walk(two, [...back].reverse(), () => two.destroy());
        },
      });
      this.pulse(from, 0xe69f00, 2);
      this.pulse(to, 0xe69f00, 2);
    };
    this.walk(one, there, shake);
    this.walk(two, back, shake);
  }

  /** A delegate who walks out goes straight off the carpet, away from the table. */
  private leave(actor: string, from: SeatPlace): void {
    const walker = this.delegate(actor, from.rim, from.normal);
    this.effects!.add(walker);
    const far = { x: from.x - from.normal.x * 400, y: from.y - from.normal.y * 400 };
    this.walk(walker, [from.rim, { x: from.x, y: from.y }, far], () => walker.destroy());
  }

  private speech(x: number, y: number, colour: number): Phaser.GameObjects.Container {
    const g = this.add.graphics();
    g.fillStyle(0xf4f1ea, 1).fillRoundedRect(-14, -9, 28, 16, 7);
    g.fillTriangle(-4, 6, 4, 6, -6, 12);
    g.lineStyle(2, colour, 1).strokeRoundedRect(-14, -9, 28, 16, 7);
    g.fillStyle(0x1b2a3a, 1);
    [-7, 0, 7].forEach((dx) => g.fillCircle(dx, -1, 2));
    const bubble = this.add.container(x + 12, y - 22, [g]);
    this.effects!.add(bubble);
    return bubble;
  }

  private pulse(at: SeatPlace, colour: number, rings: number): void {
    for (let i = 0; i < rings; i++) {
      const ring = this.add.rectangle(at.x, at.y, at.w + 4, at.h + 4).setStrokeStyle(3, colour, 1);
      ring.isFilled = false;
      this.effects!.add(ring);
      this.tweens.add({
        targets: ring,
        scaleX: 1.12,
        scaleY: 1.25,
        alpha: 0,
        delay: i * 180,
        duration: 700,
        ease: 'Cubic.easeOut',
        onComplete: () => ring.destroy(),
      });
    }
  }

  private float(at: SeatPlace, label: string, colour: string, drift?: number): void {
    // The word rises within its own card: the cards at the sides are stacked close, and a word that
    // drifted above the card's edge would cover the name of the delegation seated above. A walk-out
    // (drift given) leaves the card on purpose. It rides on a pill of the carpet's dark blue, so the
    // minister's name it passes over is hidden for that moment rather than read through it.
    const rise = drift ?? Math.min(30, at.h * 0.3);
    const text = this.label(0, 0, label, { fontFamily: FONT, fontSize: '14px', fontStyle: 'bold', color: colour }).setOrigin(0.5);
    // Within the card, as wide as its inside, so no end of the name shows on either side of the word;
    // a walk-out's word, which leaves the card over the ones beside it, only as wide as itself.
    const w = drift === undefined ? Math.max(text.width + 14, at.w - 8) : text.width + 14;
    const h = text.height + 4;
    const pill = this.add.graphics();
    pill.fillStyle(FLOOR, 0.94).fillRoundedRect(-w / 2, -h / 2, w, h, h / 2);
    pill.lineStyle(1, colourNumber(colour), 0.9).strokeRoundedRect(-w / 2, -h / 2, w, h, h / 2);
    const word = this.add.container(at.x, at.y - at.h * 0.05, [pill, text]);
    this.effects!.add(word);
    this.tweens.add({ targets: word, y: word.y - rise, alpha: 0, duration: 1400, ease: 'Sine.easeOut', onComplete: () => word.destroy() });
  }

  /** A broker's diamond walks from its seat to the draft and back. */
  private diamond(at: SeatPlace): void {
    const d = this.add.rectangle(at.rim.x, at.rim.y, 16, 16, 0xcc79a7, 1).setStrokeStyle(2, 0x000000, 0.7).setAngle(45);
    this.effects!.add(d);
    const P = this.paperBox;
    this.tweens.add({
      targets: d,
      x: P.x + P.w / 2,
      y: P.y + P.h / 2,
      angle: 405,
      duration: 900,
      yoyo: true,
      ease: 'Sine.easeInOut',
      onComplete: () => d.destroy(),
    });
  }

  /**
   * The chair's gavel strikes twice; then the stamp comes down on the docket's line for the paragraph
   * called — ADOPTED, or NO CONSENSUS — and stays a moment before it lifts. The line keeps its mark.
   */
  private gavel(paragraph: string | undefined, adopted: boolean): void {
    const k = Math.max(0.7, this.scale1);
    const r = Math.max(5, 7 * this.scale1);
    // Larger than the one at rest on the table: the gavel is raised towards the viewer.
    const g = this.gavelShape(this.gavelAt.x + r * 0.2, this.gavelAt.y - r * 0.2, -60, 1.5);
    this.effects!.add(g);
    this.busy += 1;
    this.tweens.chain({
      targets: g,
      tweens: [
        { angle: -5, duration: 130, ease: 'Quad.easeIn', onComplete: () => this.knock(r) },
        { angle: -55, duration: 160, ease: 'Quad.easeOut' },
        { angle: -5, duration: 120, ease: 'Quad.easeIn', onComplete: () => this.knock(r * 0.8) },
        { angle: -25, duration: 200, ease: 'Quad.easeOut' },
        { alpha: 0, duration: 300, delay: 300 },
      ],
      onComplete: () => {
        g.destroy();
        this.busy = Math.max(0, this.busy - 1);
      },
    });
    cue('gavel');
    const row = paragraph ? this.rows.get(paragraph) : undefined;
    if (row) this.time.delayedCall(480, () => this.stamp(paragraph!, row, adopted, k));
  }

  private knock(r: number): void {
    const ring = this.add.circle(this.gavelAt.x, this.gavelAt.y, r + 2).setStrokeStyle(3, 0xf0e442, 1);
    ring.isFilled = false;
    this.effects!.add(ring);
    this.tweens.add({ targets: ring, scale: 3, alpha: 0, duration: 450, ease: 'Cubic.easeOut', onComplete: () => ring.destroy() });
  }

  private stamp(paragraph: string, row: Box, adopted: boolean, k: number): void {
    const colour = adopted ? 0x0060a0 : 0xb34700;
    // Larger than the line it marks, so it reads from the back of the room; centred on that line. On a
    // narrow screen's numbered docket a line is one small box: sized to the box there, the stamp covers
    // its neighbours for a moment rather than the whole docket and its heading.
    const box = row.w < row.h * 3;
    const size = box ? Math.max(11, Math.min(20, row.w * 0.6)) : Math.max(15, Math.min(26, row.h * 1.4));
    const text = this.label(0, 0, (adopted ? t('room.adopted') : t('room.no-consensus')).toLocaleUpperCase(current().lang), {
      fontFamily: SERIF,
      fontSize: `${Math.round(size * Math.min(1.2, k + 0.2))}px`,
      fontStyle: 'bold',
      color: adopted ? '#0060A0' : '#B34700',
    }).setOrigin(0.5);
    const w = text.width + 16;
    const h = text.height + 6;
    const g = this.add.graphics();
    g.fillStyle(0xffffff, 0.82).fillRoundedRect(-w / 2, -h / 2, w, h, 4);
    g.lineStyle(3, colour, 1).strokeRoundedRect(-w / 2, -h / 2, w, h, 4);
    g.lineStyle(1, colour, 1).strokeRoundedRect(-w / 2 + 4, -h / 2 + 4, w - 8, h - 8, 2);
    const cx = row.x + row.w / 2;
    const cy = row.y + row.h / 2;
    const stamp = this.add.container(cx, cy, [g, text]).setAngle(-7).setScale(2.4).setAlpha(0);
    this.effects!.add(stamp);
    this.stamps.push({ paragraph, adopted, x: cx - w / 2, y: cy - h / 2, w, h });
    this.busy += 1;
    this.tweens.chain({
      targets: stamp,
      tweens: [
        { scale: 1, alpha: 1, duration: 200, ease: 'Quad.easeIn' },
        { alpha: 0, delay: 1700, duration: 500 },
      ],
      onComplete: () => {
        stamp.destroy();
        this.busy = Math.max(0, this.busy - 1);
      },
    });
    const dust = this.add.rectangle(cx, cy, w, h).setStrokeStyle(2, colour, 0.8).setAngle(-7);
    dust.isFilled = false;
    this.effects!.add(dust);
    this.tweens.add({ targets: dust, scale: 1.5, alpha: 0, delay: 200, duration: 500, onComplete: () => dust.destroy() });
  }

  // -------------------------------------------------------------------------------------------
  // News cards: one at a time, in the band at the top of the room, over the clock and never a seat.

  private queueNews(text: string, colour: number, chime: boolean): void {
    // A slot that brings more news than a player can read shows the latest three.
    if (this.news.length >= 3) {
      const dropped = this.news.splice(1, 1)[0];
      dropped?.box?.destroy();
    }
    this.news.push({ text, colour, until: 0, box: null });
    if (chime) cue('news');
    if (this.news.length === 1) this.placeNews(this.news[0]!, true);
  }

  private placeNews(card: NewsCard, slideIn: boolean): void {
    const W = this.scale.width;
    if (W < 50 || !this.model) return;
    if (card.until === 0) card.until = this.time.now + 3200;
    const small = W < 560;
    const tag = this.label(0, 0, t('room.news'), { fontFamily: FONT, fontSize: '11px', fontStyle: 'bold', color: '#FFFFFF' });
    const text = this.label(0, 0, card.text, {
      fontFamily: FONT,
      fontSize: `${small ? 13 : 15}px`,
      fontStyle: 'bold',
      color: '#000000',
      wordWrap: { width: W - tag.width - 44 },
    });
    this.twoLines(text);
    const mirror = rtl();
    const g = this.add.graphics();
    g.fillStyle(card.colour, 1).fillRect(0, 0, W, CLOCK_BAND);
    g.fillStyle(0x000000, 0.18).fillRect(0, CLOCK_BAND - 3, W, 3);
    const tagW = tag.width + 12;
    const tagX = mirror ? W - 10 - tagW : 10;
    g.fillStyle(0x0b1a2c, 1).fillRoundedRect(tagX, CLOCK_BAND / 2 - 10, tagW, 20, 4);
    tag.setPosition(tagX + tagW / 2, CLOCK_BAND / 2).setOrigin(0.5);
    if (mirror) text.setPosition(tagX - 10, CLOCK_BAND / 2).setOrigin(1, 0.5);
    else text.setPosition(tagX + tagW + 10, CLOCK_BAND / 2).setOrigin(0, 0.5);
    const box = this.add.container(0, slideIn ? -CLOCK_BAND : 0, [g, tag, text]).setDepth(20);
    card.box = box;
    this.newsShown.push({ x: 0, y: 0, w: W, h: CLOCK_BAND });
    if (slideIn) this.tweens.add({ targets: box, y: 0, duration: 300, ease: 'Cubic.easeOut' });
  }

  /** Cuts a wrapped headline to two lines, ending with an ellipsis where words were left out. */
  private twoLines(text: Phaser.GameObjects.Text): void {
    const full = text.text;
    if (text.getWrappedText(full).length <= 2) return;
    const words = full.split(' ');
    let lo = 1;
    let hi = words.length;
    // The most words that still fit on two lines with the ellipsis.
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (text.getWrappedText(`${words.slice(0, mid).join(' ')}…`).length <= 2) lo = mid;
      else hi = mid - 1;
    }
    text.setText(`${words.slice(0, lo).join(' ').replace(/[,;:.]$/, '')}…`);
  }

  private updateNews(now: number): void {
    const card = this.news[0];
    if (!card || !card.box || card.until === 0 || now < card.until) return;
    const box = card.box;
    card.box = null;
    this.news.shift();
    this.leaving.add(box);
    this.tweens.add({
      targets: box,
      y: -CLOCK_BAND,
      duration: 260,
      ease: 'Cubic.easeIn',
      onComplete: () => {
        this.leaving.delete(box);
        box.destroy();
      },
    });
    const next = this.news[0];
    if (next) this.placeNews(next, true);
  }
}

function flagKey(seat: SeatModel): string {
  return `flag-${seat.id}`;
}

/** The room's boxes moved from the canvas's pixels to the page's. */
function onPage(layout: RoomLayout, canvas: DOMRect): RoomLayout {
  const move = <B extends Box>(b: B): B => ({ ...b, x: b.x + canvas.left, y: b.y + canvas.top });
  return {
    seats: layout.seats.map(move),
    rows: layout.rows.map(move),
    table: move(layout.table),
    news: layout.news.map(move),
    stamps: layout.stamps.map(move),
    busy: layout.busy,
  };
}

function devicePixelRatio(): number {
  return Math.min(2, Math.max(1, window.devicePixelRatio || 1));
}

/** Starts Phaser in `parent` and resolves once the room can draw. */
export function createStage(parent: HTMLElement): Promise<RoomStage> {
  return new Promise((resolve) => {
    const backdrop = document.createElement('canvas');
    backdrop.setAttribute('aria-hidden', 'true');
    // Not the `hidden` attribute: the stylesheet's `.stage canvas { display: block }` would override it.
    Object.assign(backdrop.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none', display: 'none' });
    const scene = new RoomScene(
      (ready) =>
        resolve({
          renderer: ready.game.renderer.type === Phaser.WEBGL ? 'webgl' : 'canvas',
          show: (model) => ready.show(model),
          play: (moments) => ready.play(moments),
          onSeatChosen: (handler) => ready.onSeatChosen(handler),
          layout: () => onPage(ready.layout(), ready.game.canvas.getBoundingClientRect()),
        }),
      backdrop,
    );
    const game = new Phaser.Game({
      type: Phaser.AUTO,
      parent,
      // Transparent: the cached room shows through from the backdrop underneath (see redraw), so each
      // frame only clears the canvas and draws the ticker and the animations. Fill work is what limits
      // software WebGL (SwiftShader) most.
      transparent: true,
      banner: false,
      audio: { noAudio: true },
      // Phaser's keyboard plugin listens on the whole window and would swallow keys the HTML panels need.
      input: { keyboard: false },
      // Snapped to whole pixels: the stage can be 998.77 px high, and the camera would then squeeze the
      // live layer by that fraction against the backdrop, which is copied pixel for pixel.
      scale: { mode: Phaser.Scale.RESIZE, width: parent.clientWidth || 800, height: parent.clientHeight || 600, snap: { width: 1, height: 1 } },
      scene,
    });
    const canvas = game.canvas;
    canvas.style.position = 'relative';
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      t('room.aria'),
    );
    canvas.addEventListener('keydown', (event) => {
      const delta = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
      if (delta !== 0) {
        event.preventDefault();
        scene.step(delta);
      }
    });
  });
}
