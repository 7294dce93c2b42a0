// ESLint: typescript-eslint's recommended rules for the Node side, the renderer and the
// tests, and eslint-plugin-svelte's for components. Formatting is not ESLint's job.
// The import layering is checked by test/unit/layers.test.ts over the real import graph.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'build/icons/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['electron/**', 'build/**', 'test/**', 'shared/**', '*.ts', '*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Tests poke at untyped fixtures and fakes of third-party modules.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The renderer's stores keep plain Maps/Sets as indexes on purpose: reactivity is driven
    // by the $state fields that hold them (replaced on change), not by the containers.
    files: ['renderer/**'],
    rules: { 'svelte/prefer-svelte-reactivity': 'off', '@typescript-eslint/triple-slash-reference': 'off' },
  },
);
