// Shared by the browser tests and the browser bench: find (or install) Chromium, serve the built game
// with `vite preview`, and open pages in a fresh headless profile.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

export const ROOT = resolve(import.meta.dirname, '../..');
/** Chromium and Playwright write temporary profiles here rather than in /tmp (stack notes, pitfall 3). */
export const TMP = join(ROOT, '.tmp');
mkdirSync(TMP, { recursive: true });
process.env.TMPDIR = TMP;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** CHROMIUM_PATH, then Debian's /usr/bin/chromium, then a browser Playwright downloaded; null if none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright has no browser of its own here: that is the usual case.
  }
  return candidates.find((p): p is string => Boolean(p) && existsSync(p!)) ?? null;
}

/**
 * Finds Chromium; on a Debian machine run as root, installs Debian's package when it is missing.
 * Otherwise returns a one-line message saying what to install.
 */
export function ensureChromium(): { path: string } | { problem: string } {
  const found = findChromium();
  if (found) return { path: found };
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version')) {
    console.log("browser tests: installing Debian's chromium (apt-get install chromium)…");
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    const installed = findChromium();
    if (installed) return { path: installed };
  }
  return { problem: 'browser tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary' };
}

/** Builds the game into dist/web unless a build is already there (npm test builds first). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(join(ROOT, 'dist/web/index.html'))) return;
  await build({ root: ROOT, logLevel: 'warn' });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves dist/web (or another build's folder) on a free port of 127.0.0.1, or on `port`. */
export async function serve(options: { outDir?: string; port?: number } = {}): Promise<Served> {
  if (!options.outDir) await ensureBuilt();
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'warn',
    ...(options.outDir ? { build: { outDir: options.outDir } } : {}),
    preview: { host: '127.0.0.1', port: options.port ?? 0, strictPort: options.port !== undefined },
  });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => server.httpServer.close(() => done())),
  };
}

export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors seen so far, without the known harmless noise. */
  errors: string[];
  page(width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

/** GPU stalls come from screenshots reading pixels back; they are driver notes, not faults. */
const HARMLESS = [/GPU stall due to ReadPixels/i, /GL Driver Message/i];

/**
 * A fresh headless profile. Service workers are blocked unless asked for: the game's would fetch the
 * whole build in the background of every test; tests/e2e/offline.test.ts tests it.
 */
export async function openBrowser(options: { downloads?: boolean; serviceWorkers?: boolean } = {}): Promise<Browser> {
  const found = ensureChromium();
  if ('problem' in found) throw new Error(found.problem);
  const profile = mkdtempSync(join(TMP, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: found.path,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
    acceptDownloads: options.downloads ?? true,
    serviceWorkers: options.serviceWorkers ? 'allow' : 'block',
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && !HARMLESS.some((r) => r.test(message.text()))) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    errors,
    async page(width = 1280, height = 720) {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setViewportSize({ width, height });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the title screen (or a linked game) takes input. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { communique?: { ready: boolean } }).communique?.ready === true, null, { timeout: 20_000 });
}

/** Waits until the room's renderer has started. */
export async function waitRoom(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { communique?: { renderer: string | null } }).communique?.renderer != null, null, { timeout: 20_000 });
}
