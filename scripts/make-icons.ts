// Draws the installable app's icons from the game's own favicon (assets/favicon.svg) in headless
// Chromium: public/icons/icon-192.png and icon-512.png, and maskable ones whose emblem stays inside
// the safe circle (80% of the width) that launchers may crop to. Run once after changing the favicon:
// `vite build --ssr scripts/make-icons.ts --outDir dist/icons-script && node dist/icons-script/make-icons.js`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, openBrowser } from '../tests/e2e/browser.ts';

const svg = readFileSync(join(ROOT, 'assets/favicon.svg'), 'utf8');
const browser = await openBrowser();
try {
  const page = await browser.page(512, 512);
  for (const size of [192, 512]) {
    for (const maskable of [false, true]) {
      await page.setViewportSize({ width: size, height: size });
      // Maskable: the favicon's navy fills the whole square, and the emblem is shrunk to 72% so the seats
      // at its edge stay inside the safe circle.
      const inner = maskable ? Math.round(size * 0.72) : size;
      await page.setContent(
        `<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${maskable ? '#10233b' : 'transparent'}">` +
          `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`,
      );
      const path = join(ROOT, `public/icons/${maskable ? 'maskable' : 'icon'}-${size}.png`);
      await page.screenshot({ path, omitBackground: !maskable, clip: { x: 0, y: 0, width: size, height: size } });
      console.log(path);
    }
  }
} finally {
  await browser.close();
}
