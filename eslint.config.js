import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The console's API types are generated (npm run console:api).
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', 'src/console/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE: no default exports).' },
      ],
    },
  },
  {
    // Tool config files must default-export.
    files: ['eslint.config.js', 'vitest.config.ts', 'src/console/vite.config.ts', 'src/console/env.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
