import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url'];

/** Where a file may run decides what it may import (as VS Code's layers do). */
const serviceImportRules = {
  paths: [
    { name: 'electron', message: 'Services are plain Node modules; Electron glue lives in electron/main.' },
    { name: 'electron-store', message: 'Take the settings store as an argument.' },
  ],
  patterns: [{ group: ['**/main/*', '**/preload/*', '**/renderer/**'], message: 'Wrong layer.' }],
};

const layers = [
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.)',
              message: 'shared/ is the contract: it imports only zod and other shared/ modules.',
            },
            {
              group: ['../../*', '**/electron/**', '**/renderer/**'],
              message: 'shared/ must not reach outside itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the main side only through window.roster.' },
          ],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs sandboxed: no Node modules.' },
            { group: ['**/electron/**'], message: 'The renderer imports only shared/, never the main side.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/rpc/**/*.ts',
      'electron/services/**/*.ts',
      'electron/settings/**/*.ts',
      'electron/host/**/*.ts',
      'electron/common/**/*.ts',
      'electron/database/**/*.ts',
      'electron/secrets/**/*.ts',
      'electron/server/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', serviceImportRules] },
  },
  {
    // The server reaches an instance through the Directory, so every rule lives in the directory layer.
    files: ['electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...serviceImportRules,
          patterns: [
            ...serviceImportRules.patterns,
            {
              group: ['**/directory/local/*Table', '**/directory/local/auditLog'],
              message: 'Go through the Directory (or the sign-in service), not the tables.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `return send(response)` as an early exit is the idiom of Node request handlers.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // These two serve the React Compiler, which Roster does not use: loading data in an effect and
      // resetting a view when its subject changes are deliberate here, and the virtual list's
      // hook is meant to re-render.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/incompatible-library': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Playwright reads a test's fixtures from its destructuring pattern, even when it is empty.
    files: ['test/e2e/**/*.ts', 'test/e2e-electron/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  ...layers,
  prettier,
);
