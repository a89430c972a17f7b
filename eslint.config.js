// Lint rules that keep the layers apart: a wrong import fails the build
// instead of waiting for review.
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

const electronImport = { group: ['electron'], message: 'Only the Electron shell (src/main outside core) and the preload may import electron.' };
const nodeImport = { group: ['node:*', 'better-sqlite3', 'keytar', 'undici', 'conf', 'electron-store'], message: 'The renderer runs in Chromium: reach the core through window.hub.' };
const coreImport = { group: ['**/main/core/**', '**/main/**', '**/cli/**', '**/sim/**'], message: 'The renderer and shared code may import only src/shared.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/shared/**'], rules: restrict([electronImport, nodeImport, coreImport]) },
  { files: ['src/main/core/**', 'src/cli/**', 'src/sim/**'], rules: restrict([electronImport]) },
  { files: ['src/renderer/**'], rules: restrict([electronImport, nodeImport, coreImport]) },
  {
    files: ['src/preload/**'],
    rules: restrict([nodeImport, { group: ['**/main/**', '**/cli/**', '**/sim/**'], message: 'The preload may import only src/shared and electron.' }]),
  },
);
