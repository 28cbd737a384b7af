/// <reference types="vitest/config" />
// Vite and Vitest configuration: the browser game (built to dist/web, served on port 5173), the unit
// and CLI tests in Node, and the browser tests that drive the built game in headless Chromium.
import { defineConfig } from 'vite';
import { phaserFromSources } from './scripts/phaser-build.ts';
import { scenarioAssets } from './scripts/scenario-assets.ts';

export default defineConfig({
  base: './',
  plugins: [phaserFromSources(import.meta.dirname), scenarioAssets(import.meta.dirname)],
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
          exclude: ['tests/e2e/**', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
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
          // A page answers within a second when the machine is idle; under the rest of the suite it may
          // take several, so polled conditions wait up to ten before they fail.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
