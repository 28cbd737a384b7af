// Builds the classroom server and the load test into dist/server as Node ES modules; the npm
// dependencies (Colyseus, PGlite with its WASM, pg, qrcode) stay external and load from node_modules.
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/server',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: { main: 'server/main.ts', loadtest: 'scripts/loadtest.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    },
  },
});
