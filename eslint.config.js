import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'coverage', 'bench/out'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/core/config.ts' }],
    },
  },
  { files: ['src/migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['src/core/config.ts', 'scripts/**', 'test/**', 'bench/**', 'e2e/**', '**/*.test.ts'], rules: { 'no-restricted-properties': 'off' } },
  { files: ['public/**'], languageOptions: { globals: { document: 'readonly', window: 'readonly' } } },
);
