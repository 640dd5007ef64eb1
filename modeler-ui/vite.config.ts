import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The web app: built into modeler-ui/dist/, which the API server serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  // form-js's editor carries its own preact; the properties panel it shares with bpmn-js uses
  // the hoisted one. Two preacts break hooks ("reading 'context'"): one copy for all.
  resolve: { dedupe: ['preact'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // bpmn-js, the properties panel and form-js are large by nature; they load only on the pages that need them.
    chunkSizeWarningLimit: 2500,
  },
});
