// The room's few sounds, made on the spot with WebAudio (no audio files): the gavel, the murmur of a
// word in a delegate's ear, the chime of breaking news; and whether they play, remembered per browser.

export type Cue = 'gavel' | 'murmur' | 'news';

const KEY = 'communique.sound';

/** How many of each cue were asked for since the page opened, played or not: for tests and tools. */
export const cueCount: Record<Cue, number> = { gavel: 0, murmur: 0, news: 0 };

let page: 'solo' | 'classroom' = 'solo';
let context: AudioContext | null = null;
/** The busiest moments ask for many murmurs at once: one at a time is a murmur, ten are a din. */
let lastMurmur = 0;

/**
 * Which page plays: a classroom page starts silent (a room of laptops all sounding at once helps
 * nobody) unless this browser was told otherwise; a solo game starts with sound.
 */
export function soundPage(kind: 'solo' | 'classroom'): void {
  page = kind;
}

export function soundOn(): boolean {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    // No storage (a locked-down profile): the page's default.
  }
  return stored === null ? page === 'solo' : stored === 'on';
}

export function setSound(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // Not remembered, but still obeyed for this page.
  }
  if (!on) void context?.suspend();
}

/** Plays a cue if sound is on and the browser has audio; silently nothing otherwise. */
export function cue(kind: Cue): void {
  cueCount[kind] += 1;
  if (!soundOn()) return;
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  try {
    context ??= new Ctx();
    if (context.state === 'suspended') void context.resume();
    const at = context.currentTime + 0.01;
    if (kind === 'gavel') gavel(context, at);
    else if (kind === 'news') chime(context, at);
    else if (at - lastMurmur > 1.2) {
      lastMurmur = at;
      murmur(context, at);
    }
  } catch {
    // An audio device that refuses is no reason to interrupt the meeting.
  }
}

function noise(ctx: AudioContext, seconds: number): AudioBufferSourceNode {
  const buffer = ctx.createBuffer(1, Math.ceil(ctx.sampleRate * seconds), ctx.sampleRate);
  const data = buffer.getChannelData(0);
  // A fixed pseudo-random sequence: the same knock every time, as a real gavel's.
  let x = 0x2545f491;
  for (let i = 0; i < data.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = ((x >>> 0) / 0xffffffff) * 2 - 1;
  }
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  return source;
}

/** Wood on wood: a short thud (a falling sine) under a filtered click, twice. */
function gavel(ctx: AudioContext, at: number): void {
  for (const [offset, level] of [
    [0, 0.55],
    [0.24, 0.4],
  ] as const) {
    const t0 = at + offset;
    const body = ctx.createOscillator();
    body.type = 'sine';
    body.frequency.setValueAtTime(190, t0);
    body.frequency.exponentialRampToValueAtTime(70, t0 + 0.12);
    const bodyGain = ctx.createGain();
    bodyGain.gain.setValueAtTime(level, t0);
    bodyGain.gain.exponentialRampToValueAtTime(0.001, t0 + 0.16);
    body.connect(bodyGain).connect(ctx.destination);
    body.start(t0);
    body.stop(t0 + 0.18);
    const click = noise(ctx, 0.05);
    const band = ctx.createBiquadFilter();
    band.type = 'bandpass';
    band.frequency.value = 1800;
    band.Q.value = 1.2;
    const clickGain = ctx.createGain();
    clickGain.gain.setValueAtTime(level * 0.8, t0);
    clickGain.gain.exponentialRampToValueAtTime(0.001, t0 + 0.05);
    click.connect(band).connect(clickGain).connect(ctx.destination);
    click.start(t0);
  }
}

/** Voices across a room: low-passed noise, its loudness wavering like speech, under a second. */
function murmur(ctx: AudioContext, at: number): void {
  const length = 0.9;
  const source = noise(ctx, length);
  const low = ctx.createBiquadFilter();
  low.type = 'bandpass';
  low.frequency.value = 420;
  low.Q.value = 0.9;
  const gain = ctx.createGain();
  gain.gain.setValueAtTime(0.0001, at);
  // Syllables: the level rises and falls a few times a second.
  const steps = [0.06, 0.14, 0.05, 0.12, 0.07, 0.13, 0.04];
  steps.forEach((level, i) => gain.gain.linearRampToValueAtTime(level, at + ((i + 1) * length) / (steps.length + 1)));
  gain.gain.linearRampToValueAtTime(0.0001, at + length);
  source.connect(low).connect(gain).connect(ctx.destination);
  source.start(at);
}

/** The news: two soft bell tones, a fourth apart. */
function chime(ctx: AudioContext, at: number): void {
  for (const [offset, freq] of [
    [0, 784],
    [0.16, 1046.5],
  ] as const) {
    const t0 = at + offset;
    const tone = ctx.createOscillator();
    tone.type = 'triangle';
    tone.frequency.value = freq;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.18, t0 + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.001, t0 + 0.6);
    tone.connect(gain).connect(ctx.destination);
    tone.start(t0);
    tone.stop(t0 + 0.65);
  }
}

/** The mute control for a page's header: a toggle button, pressed while sound is on. */
export function soundToggle(label: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.className = 'button ghost sound-toggle';
  button.id = 'sound';
  button.dataset.key = 'sound';
  button.setAttribute('aria-pressed', soundOn() ? 'true' : 'false');
  // A speaker, drawn, so the control reads the same in every language; the words name it.
  button.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M2 6h3l4-3v10l-4-3H2z" fill="currentColor"/><path class="waves" d="M11 5.5a3.5 3.5 0 0 1 0 5M12.8 3.5a6 6 0 0 1 0 9" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/><path class="mute" d="M11 5.5l4 5M15 5.5l-4 5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/></svg>';
  button.append(document.createTextNode(label));
  button.addEventListener('click', () => {
    const on = button.getAttribute('aria-pressed') !== 'true';
    setSound(on);
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    if (on) cue('gavel');
  });
  return button;
}
