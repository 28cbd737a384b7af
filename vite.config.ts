/// <reference types="vitest/config" />
// Vite and Vitest configuration: the browser game (built to dist/web, served on port 5173), the unit
// and CLI tests in Node, and the browser tests that drive the built game in headless Chromium.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist/web',
    emptyOutDir: true,
    // Flags stay separate files: inlined as data URLs, every flag would ride in the JavaScript.
    assetsInlineLimit: 0,
    // Phaser arrives as one prebuilt module of about 1.4 MB; the bench holds the real budget.
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
