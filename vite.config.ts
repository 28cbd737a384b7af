/// <reference types="vitest/config" />
// Vite and Vitest configuration: the unit and CLI tests run in Node.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { target: 'es2022' },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
