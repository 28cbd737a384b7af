/// <reference types="vitest/config" />
// Vite and Vitest configuration: the browser game (built to dist/web, served on port 5173), the unit
// and CLI tests in Node, and the browser tests that drive the built game in headless Chromium.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { phaserFromSources } from './scripts/phaser-build.ts';
import { scenarioAssets } from './scripts/scenario-assets.ts';

/** The test file whose assertions compare CPU costs measured in the same run. */
const TIMING = 'tests/bounded-cost.test.ts';

export default defineConfig({
  base: './',
  plugins: [
    phaserFromSources(import.meta.dirname),
    scenarioAssets(import.meta.dirname),
    // Installable and offline (issue #12): a manifest, and a service worker that precaches the whole
    // game — its code, the scenarios (scenarios/**/*.json, texts included whatever they are), the flags
    // and icons — so after one visit it opens and plays with the network cut.
    VitePWA({
      // A new build is offered by the banner (src/offline.ts), never forced on a game in play.
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        name: 'Communiqué — a G-20 negotiation simulator',
        short_name: 'Communiqué',
        description: 'A G-20 negotiation simulator: consensus, red lines, brokers and the meeting clock.',
        lang: 'en',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#10233b',
        theme_color: '#10233b',
        // Drawn from assets/favicon.svg by scripts/make-icons.ts.
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The manifest and its icons are added by the plugin itself.
        globPatterns: ['**/*.{js,css,html,svg}', 'scenarios/**/*.json'],
        // The first service worker takes the page it was installed from, so the visit that installs it
        // is enough; an update still waits for the player's Reload (no skipWaiting).
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // Links such as /join/<code> open the game offline too; the classroom server's API never does.
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//],
      },
    }),
  ],
  build: {
    target: 'es2022',
    outDir: 'dist/web',
    emptyOutDir: true,
    // Flags stay separate files: inlined as data URLs, every flag would ride in the JavaScript.
    assetsInlineLimit: 0,
    // Phaser is built from its sources (scripts/phaser-build.ts) into one chunk; the bench holds the budget.
    chunkSizeWarningLimit: 2000,
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', TIMING, '**/node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
          // Two files at a time (many wait on servers, processes and sockets rather than compute), and
          // all of them before the files that time themselves and the browser files, which run alone.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // Costs compared within a file (early against late, CPU time): alone, so that another file's
          // work on the other core does not stretch one side of a comparison.
          name: 'timing',
          include: [TIMING],
          environment: 'node',
          testTimeout: 30_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores and the frame timings must stay honest.
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          // A page answers within a second when the machine is idle; under the rest of the suite it may
          // take several, so polled conditions wait up to ten before they fail.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
