// Before the browser tests: make sure Chromium is there (installing Debian's package when run as root
// on Debian), or stop with one line saying what to install.
import { ensureChromium } from './browser.ts';

export default function setup(): void {
  const found = ensureChromium();
  if ('problem' in found) {
    process.stderr.write(`${found.problem}\n`);
    process.exit(1);
  }
}
