// Builds the command line (and the bench script) into dist/cli as Node ES modules.
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: { communique: 'src/cli/main.ts', 'batch-worker': 'src/cli/batch-worker.ts', bench: 'scripts/bench.ts', fidelity: 'scripts/fidelity.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    },
  },
  ssr: { noExternal: true },
});
