// The conference room in Phaser: the round table, every seat with its flag, name, head of delegation
// and stance on the paragraph under discussion, the session clock, the news ticker, and animations for
// what happens. It draws what the UI gives it and reports which seat the player picks; nothing more.
import Phaser from 'phaser';
import { STANCE_ICON, STANCE_STYLE, colourNumber } from '../ui/palette.ts';
import type { Moment, RoomModel, RoomStage, SeatModel } from './model.ts';
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

interface SeatPlace {
  x: number;
  y: number;
  w: number;
  h: number;
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
  private centre = { x: 0, y: 0, rx: 0, ry: 0 };
  private scale1 = 1;
  private seatPlaces: { x: number; y: number }[] = [];
  private tableBox = { x: 0, y: 0, w: 0, h: 0 };

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

  /** Keyboard on the canvas: the arrows move around the table, picking the next seat. */
  step(delta: number): void {
    const seats = this.model?.seats.filter((s) => !s.player) ?? [];
    if (seats.length === 0) return;
    const at = seats.findIndex((s) => s.id === this.model!.selectedSeat);
    const next = seats[(at + delta + seats.length) % seats.length]!;
    this.chosen(next.id);
  }

  update(_time: number, delta: number): void {
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
    return this.add.text(x, y, text, rtl() && RTL_SCRIPT.test(text) ? { ...style, rtl: true } : style);
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
    const model = this.model;
    const { width: W, height: H } = this.scale;
    if (!model || W < 50 || H < 50) return;
    const top = 64;
    const bottom = H - 40;
    this.fitLayout(W, top, bottom, model.seats.length);
    this.layer.add(this.add.graphics().fillStyle(CARPET, 1).fillRect(0, 0, W, H));
    this.drawTable(model);
    model.seats.forEach((seat, i) => this.drawSeat(seat, i, model));
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
   * Seats go round a hollow rectangle, as at a real ministerial table: rows along the top and bottom,
   * columns down the sides. The split between rows and columns, and the card size, are chosen so the
   * cards are as large as the room allows without touching; the chair sits at the top, in the middle.
   */
  private fitLayout(W: number, top: number, bottom: number, n: number): void {
    const gap = 8;
    let best = { k: 0.5, rows: Math.ceil(n / 4), sides: Math.floor(n / 4) };
    for (let sides = 0; sides * 2 <= n; sides++) {
      const rest = n - sides * 2;
      const rows = Math.ceil(rest / 2);
      if (rows === 0) continue;
      for (let k = 1.35; k >= 0.5; k -= 0.01) {
        const { w, h } = this.card(k);
        const fitsRows = rows * (w + gap) <= W - 2 * gap;
        const fitsSides = sides === 0 || sides * (h + gap) <= bottom - top - 2 * (h + gap);
        // The table needs some room in the middle, too.
        const middle = W - 2 * (w + gap) > 160 && bottom - top - 2 * (h + gap) > 120;
        if (fitsRows && fitsSides && middle) {
          if (k > best.k + 0.001) best = { k, rows, sides };
          break;
        }
      }
    }
    this.scale1 = best.k;
    const { w, h } = this.card(best.k);
    const places: { x: number; y: number }[] = [];
    const topCount = Math.ceil((n - best.sides * 2) / 2);
    const bottomCount = n - best.sides * 2 - topCount;
    const row = (count: number, y: number, leftToRight: boolean) => {
      const span = W - 2 * gap - w;
      for (let i = 0; i < count; i++) {
        const t = count === 1 ? 0.5 : i / (count - 1);
        const x = gap + w / 2 + span * (leftToRight ? t : 1 - t);
        places.push({ x: count === 1 ? W / 2 : x, y });
      }
    };
    const column = (count: number, x: number, downwards: boolean) => {
      const y0 = top + h + gap + h / 2;
      const y1 = bottom - h - gap - h / 2;
      for (let i = 0; i < count; i++) {
        const t = count === 1 ? 0.5 : i / (count - 1);
        places.push({ x, y: downwards ? y0 + (y1 - y0) * t : y1 - (y1 - y0) * t });
      }
    };
    const yTop = top + h / 2 + 4;
    const yBottom = bottom - h / 2 - 4;
    // Clockwise from the top left; then rotated so the first seat (the chair's) is at the top middle.
    row(topCount, yTop, true);
    column(best.sides, W - gap - w / 2, true);
    row(bottomCount, yBottom, false);
    column(best.sides, gap + w / 2, false);
    const shift = Math.floor((topCount - 1) / 2);
    this.seatPlaces = places.map((_, i) => places[(i + shift) % places.length]!);
    this.tableBox = {
      x: gap + w + gap * 2,
      y: top + h + gap * 2,
      w: W - 2 * (gap + w + gap * 2),
      h: bottom - top - 2 * (h + gap * 2),
    };
    this.centre = { x: W / 2, y: (top + bottom) / 2, rx: this.tableBox.w / 2, ry: this.tableBox.h / 2 };
  }

  /** A seat card's size at scale k: flag, name, head of delegation and the stance badge. */
  private card(k: number): { w: number; h: number } {
    const w = Math.round(124 * k);
    const flag = Math.round(33 * k);
    const name = Math.max(11, Math.round(13 * k)) * 1.25;
    const head = Math.max(10, Math.round(11 * k)) * 1.25;
    const badge = Math.max(18, Math.round(21 * k));
    return { w, h: Math.round(6 * k + flag + 3 + name + head + 5 + badge + 5) };
  }

  private drawTable(model: RoomModel): void {
    const g = this.add.graphics();
    const { x: bx, y: by, w: bw, h: bh } = this.tableBox;
    const { x } = this.centre;
    const r = Math.min(60, bh / 2, bw / 2);
    g.fillStyle(0x0b1a2c, 1).fillRoundedRect(bx - 4, by + 4, bw + 8, bh + 8, r);
    g.fillStyle(0x7a5a36, 1).fillRoundedRect(bx - 6, by - 6, bw + 12, bh + 12, r + 4);
    g.fillStyle(0xe9dfc8, 1).fillRoundedRect(bx, by, bw, bh, r);
    g.lineStyle(2, 0xb8a47c, 1).strokeRoundedRect(bx + 14, by + 14, bw - 28, bh - 28, Math.max(4, r - 12));
    this.layer!.add(g);
    const width = bw - 60;
    const p = model.paragraph;
    const heading = this.centred(x, by + 24, `¶ ${p.number} · ${p.title}`, {
      fontFamily: FONT,
      fontSize: `${bw > 600 ? 18 : 15}px`,
      fontStyle: 'bold',
      color: '#1B2A3A',
      align: 'center',
      wordWrap: { width },
    });
    const status = this.label(x, heading.y + heading.height + 4, p.status, { fontFamily: FONT, fontSize: '13px', color: '#5A4326', align: 'center' })
      .setOrigin(0.5, 0)
      .setResolution(devicePixelRatio());
    const size = bw > 600 ? 17 : 15;
    const room = by + bh - 24 - (status.y + status.height + 8);
    const lines = Math.max(1, Math.floor(room / (size * 1.3)));
    const wording = this.centred(x, status.y + status.height + 8, t('narration.quoted', { text: p.wording }), {
      fontFamily: SERIF,
      fontSize: `${size}px`,
      fontStyle: 'italic',
      color: '#2B2118',
      align: 'center',
      wordWrap: { width },
      maxLines: lines,
      lineSpacing: 3,
    });
    this.layer!.add([heading, status, wording]);
  }

  private drawSeat(seat: SeatModel, i: number, model: RoomModel): void {
    const k = this.scale1;
    const { w, h } = this.card(k);
    const { x, y } = this.seatPlaces[i]!;
    this.places.set(seat.id, { x, y, w, h });
    const card = this.add.container(x, y);
    const selected = model.selectedSeat === seat.id;
    const bg = this.add.graphics();
    bg.fillStyle(0x0b1a2c, 0.94).fillRoundedRect(-w / 2, -h / 2, w, h, 8);
    if (seat.player) bg.lineStyle(3, GOLD, 1).strokeRoundedRect(-w / 2, -h / 2, w, h, 8);
    else bg.lineStyle(1, 0x46627f, 1).strokeRoundedRect(-w / 2, -h / 2, w, h, 8);
    if (selected) bg.lineStyle(3, 0xffffff, 1).strokeRoundedRect(-w / 2 - 4, -h / 2 - 4, w + 8, h + 8, 10);
    card.add(bg);

    const fh = Math.round(33 * k);
    const fw = Math.round((fh * 4) / 3);
    const fy = -h / 2 + 6 * k + fh / 2;
    if (seat.flag && this.textures.exists(flagKey(seat))) {
      card.add(this.add.image(0, fy, flagKey(seat)).setDisplaySize(fw, fh));
      card.add(this.add.graphics().lineStyle(1, 0x000000, 0.5).strokeRect(-fw / 2, fy - fh / 2, fw, fh));
    } else if (!seat.flag) {
      card.add(this.emblem(seat.id, 0, fy, fh / 2 + 1));
    }
    const nameSize = Math.max(11, Math.round(13 * k));
    const name = this.fit(this.label(0, fy + fh / 2 + 3, seat.name, { fontFamily: FONT, fontSize: `${nameSize}px`, fontStyle: 'bold', color: INK }), w - 8);
    const head = this.fit(
      this.label(0, fy + fh / 2 + 3 + nameSize * 1.25, seat.head, { fontFamily: FONT, fontSize: `${Math.max(10, Math.round(11 * k))}px`, color: MUTED }),
      w - 8,
    );
    card.add([name.setOrigin(0.5, 0), head.setOrigin(0.5, 0)]);
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

  /** Shrinks a label until it fits `width`, then shortens it with an ellipsis. */
  private fit(text: Phaser.GameObjects.Text, width: number): Phaser.GameObjects.Text {
    text.setResolution(devicePixelRatio());
    let size = Number.parseInt(String(text.style.fontSize), 10);
    while (text.width > width && size > 10) {
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
  // Animations: each moment gets a short piece of stagecraft, staggered so a busy slot reads in order.

  play(moments: Moment[]): void {
    const recent = moments.slice(-14);
    recent.forEach((m, i) => this.time.delayedCall(i * 260, () => this.animate(m)));
  }

  private animate(m: Moment): void {
    const from = m.actor ? this.places.get(m.actor) : undefined;
    const to = m.target ? this.places.get(m.target) : undefined;
    switch (m.kind) {
      case 'consult':
        if (from && to) this.travel(from, to, 0x56b4e9, 'consults', 900, false);
        return;
      case 'lobby':
        if (from && to) {
          this.travel(from, to, 0xf4f1ea, 'lobbies', 1100, true);
          this.time.delayedCall(1000, () => {
            this.pulse(to, m.success ? 0x56b4e9 : 0x8896a6, 3);
            this.float(to, m.success ? t('room.moved') : t('room.not-moved'), m.success ? '#8FD3FF' : '#C9D3DF');
          });
        }
        return;
      case 'linkage':
        if (from && to) {
          this.travel(from, to, 0xe69f00, 'bilateral', 900, true);
          this.travel(to, from, 0xe69f00, '', 900, true);
          this.time.delayedCall(900, () => {
            this.pulse(from, 0xe69f00, 2);
            this.pulse(to, 0xe69f00, 2);
          });
        }
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
        }
        return;
      case 'adoption':
        this.gavel(m.success ?? false);
        return;
      case 'stance':
        if (from) this.pulse(from, 0xffffff, 1);
        return;
      case 'event':
        this.banner(m.text, 0xe69f00);
        this.cameras.main.flash(250, 255, 240, 200, false);
        return;
      case 'clock':
        this.banner(m.text, 0x56b4e9);
        return;
    }
  }

  /** A courier line from one seat to another with a small token riding along it. */
  private travel(from: SeatPlace, to: SeatPlace, colour: number, label: string, ms: number, curved: boolean): void {
    const g = this.add.graphics();
    const token = this.add.circle(from.x, from.y, 6 * this.scale1 + 2, colour, 1).setStrokeStyle(2, 0x000000, 0.6);
    const text = label
      ? this.label(from.x, from.y - 14, label, { fontFamily: FONT, fontSize: '12px', fontStyle: 'bold', color: '#000000', backgroundColor: '#F4F1EA', padding: { x: 4, y: 1 } })
          .setOrigin(0.5)
          .setResolution(devicePixelRatio())
      : null;
    this.effects!.add([g, token, ...(text ? [text] : [])]);
    // Curved paths bend towards the table's centre, as delegates walk round it rather than across.
    const mid = curved
      ? { x: (from.x + to.x) / 2 * 0.6 + this.centre.x * 0.4, y: (from.y + to.y) / 2 * 0.6 + this.centre.y * 0.4 }
      : { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
    const curve = new Phaser.Curves.QuadraticBezier(
      new Phaser.Math.Vector2(from.x, from.y),
      new Phaser.Math.Vector2(mid.x, mid.y),
      new Phaser.Math.Vector2(to.x, to.y),
    );
    const progress = { t: 0 };
    this.tweens.add({
      targets: progress,
      t: 1,
      duration: ms,
      ease: 'Sine.easeInOut',
      onUpdate: () => {
        const p = curve.getPoint(progress.t);
        token.setPosition(p.x, p.y);
        text?.setPosition(p.x, p.y - 16);
        g.clear().lineStyle(3, colour, 0.85);
        const points = curve.getPoints(24).slice(0, Math.max(2, Math.ceil(progress.t * 24)));
        g.strokePoints(points, false);
      },
      onComplete: () => {
        this.tweens.add({ targets: [g, token, ...(text ? [text] : [])], alpha: 0, duration: 500, onComplete: () => [g, token, text].forEach((o) => o?.destroy()) });
      },
    });
  }

  private pulse(at: SeatPlace, colour: number, rings: number): void {
    for (let i = 0; i < rings; i++) {
      const ring = this.add.ellipse(at.x, at.y, at.w, at.h).setStrokeStyle(3, colour, 1);
      ring.isFilled = false;
      this.effects!.add(ring);
      this.tweens.add({
        targets: ring,
        scaleX: 1.35,
        scaleY: 1.45,
        alpha: 0,
        delay: i * 180,
        duration: 700,
        ease: 'Cubic.easeOut',
        onComplete: () => ring.destroy(),
      });
    }
  }

  private float(at: SeatPlace, label: string, colour: string, drift = 36): void {
    const text = this.label(at.x, at.y - at.h / 2, label, { fontFamily: FONT, fontSize: '14px', fontStyle: 'bold', color: colour, stroke: '#000000', strokeThickness: 4 })
      .setOrigin(0.5)
      .setResolution(devicePixelRatio());
    this.effects!.add(text);
    this.tweens.add({ targets: text, y: text.y - drift, alpha: 0, duration: 1400, ease: 'Sine.easeOut', onComplete: () => text.destroy() });
  }

  /** A broker's diamond walks from its seat to the table and back. */
  private diamond(at: SeatPlace): void {
    const d = this.add.rectangle(at.x, at.y, 16, 16, 0xcc79a7, 1).setStrokeStyle(2, 0x000000, 0.7).setAngle(45);
    this.effects!.add(d);
    this.tweens.add({
      targets: d,
      x: this.centre.x,
      y: this.centre.y,
      angle: 405,
      duration: 900,
      yoyo: true,
      ease: 'Sine.easeInOut',
      onComplete: () => d.destroy(),
    });
  }

  private gavel(adopted: boolean): void {
    const { x, y } = this.centre;
    const ring = this.add.circle(x, y, 30, adopted ? 0x0072b2 : 0xe69f00, 0.35).setStrokeStyle(4, adopted ? 0x0072b2 : 0xe69f00, 1);
    const text = this.label(x, y, adopted ? t('room.adopted') : t('room.no-consensus'), { fontFamily: SERIF, fontSize: '30px', fontStyle: 'bold', color: adopted ? '#FFFFFF' : '#000000', stroke: adopted ? '#003B5C' : '#F0E442', strokeThickness: 5 })
      .setOrigin(0.5)
      .setResolution(devicePixelRatio());
    this.effects!.add([ring, text]);
    this.tweens.add({ targets: ring, scale: 5, alpha: 0, duration: 900, ease: 'Cubic.easeOut', onComplete: () => ring.destroy() });
    this.tweens.add({ targets: text, scale: { from: 0.6, to: 1 }, duration: 300, ease: 'Back.easeOut' });
    this.tweens.add({ targets: text, alpha: 0, delay: 1100, duration: 500, onComplete: () => text.destroy() });
  }

  /** A headline slides across the top of the room (events, and the clock moving on). */
  private banner(message: string, colour: number): void {
    const W = this.scale.width;
    const mirror = rtl();
    // In Arabic the headline comes to rest inside the table, at its foot, within its width: Arabic
    // lines stand taller and run longer, and under the clock band it covered the names of the top row
    // of seats; at the table's foot it hides the end of the wording at most, for two seconds. The
    // English banner keeps its place below the clock.
    const wrap = mirror ? Math.max(Math.min(200, W - 80), Math.min(this.tableBox.w - 64, 720)) : Math.min(W - 60, 720);
    const text = this.centred(0, 0, message.length > 110 ? `${message.slice(0, 108)}…` : message, {
      fontFamily: FONT,
      fontSize: '15px',
      fontStyle: 'bold',
      color: '#000000',
      wordWrap: { width: wrap },
      align: 'center',
    }, 0.5);
    const bw = text.width + 28;
    const bh = text.height + 14;
    const g = this.add.graphics().fillStyle(colour, 1).fillRoundedRect(-bw / 2, -bh / 2, bw, bh, 8);
    const box = this.add.container(mirror ? this.centre.x : W / 2, -bh, [g, text]);
    this.effects!.add(box);
    this.tweens.add({
      targets: box,
      y: mirror ? this.tableBox.y + this.tableBox.h - bh / 2 - 10 : 64 + bh / 2 + 6,
      duration: 350,
      ease: 'Back.easeOut',
      hold: 1900,
      yoyo: true,
      onComplete: () => box.destroy(),
    });
  }
}

function flagKey(seat: SeatModel): string {
  return `flag-${seat.id}`;
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
