/**
 * Build of the three Electron bundles. The main process is ESM, with npm
 * dependencies left as imports so the native modules better-sqlite3 and
 * keytar load from node_modules. The sandboxed preload is one self-contained
 * CommonJS file, because a sandboxed preload can require only `electron`.
 * The React renderer uses a relative base, so the built page loads from file://.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // The default externalises every dependency in package.json; the native
      // modules are named so they stay external even if that default changes.
      externalizeDeps: { include: ['better-sqlite3', 'keytar'] },
      rolldownOptions: {
        input: { index: resolve(root, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
  },
});
