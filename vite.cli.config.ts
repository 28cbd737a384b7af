// Builds the command line (and the bench script) into dist/cli as Node ES modules, with the built-in
// scenarios checked once, here: dist/cli/scenarios holds each as the validator returned it, beside a
// manifest of the source files' SHA-256, so the command line reads an unedited built-in without
// validating it again (src/cli/io.ts shippedScenario) and validates any file that differs.
import { defineConfig, type Plugin } from 'vite';
import { builtinModules } from 'node:module';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBuiltInScenarios } from './scripts/built-in-scenarios.ts';

function shippedScenarios(): Plugin {
  return {
    name: 'communique-shipped-scenarios',
    generateBundle() {
      const manifest: Record<string, { source: string; rulesHash: string; textHash: string }> = {};
      for (const built of readBuiltInScenarios('scenarios')) {
        const source = createHash('sha256').update(readFileSync(join('scenarios', built.file))).digest('hex');
        manifest[built.file] = { source, rulesHash: built.rulesHash, textHash: built.textHash };
        this.emitFile({ type: 'asset', fileName: `scenarios/${built.file}`, source: JSON.stringify(built.scenario) });
      }
      this.emitFile({ type: 'asset', fileName: 'scenarios/manifest.json', source: `${JSON.stringify(manifest, null, 1)}\n` });
    },
  };
}

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: { communique: 'src/cli/main.ts', 'batch-worker': 'src/cli/batch-worker.ts', bench: 'scripts/bench.ts', fidelity: 'scripts/fidelity.ts', 'behaviour-digest': 'scripts/behaviour-digest.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    },
  },
  ssr: { noExternal: true },
  plugins: [shippedScenarios()],
});
