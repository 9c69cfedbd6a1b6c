// Flat ESLint config, as the pac template for React controls has it (PowerApps-Samples
// component-framework/ReactStandardControl/eslint.config.mjs): recommended JS and type-checked TypeScript rules,
// the Power Apps checker rules, promises and React. pcf-scripts runs it on every build.
import eslintjs from '@eslint/js';
import microsoftPowerApps from '@microsoft/eslint-plugin-power-apps';
import pluginPromise from 'eslint-plugin-promise';
import reactPlugin from 'eslint-plugin-react';
import globals from 'globals';
import typescriptEslint from 'typescript-eslint';

/** @type {import('eslint').Linter.Config[]} */
export default [
  { ignores: ['**/generated', 'out/**', 'node_modules/**', 'eslint.config.mjs', 'build-if-stale.mjs'] },
  eslintjs.configs.recommended,
  ...typescriptEslint.configs.recommendedTypeChecked,
  ...typescriptEslint.configs.stylisticTypeChecked,
  pluginPromise.configs['flat/recommended'],
  microsoftPowerApps.configs.paCheckerHosted,
  reactPlugin.configs.flat.recommended,
  {
    plugins: { '@microsoft/power-apps': microsoftPowerApps },
    languageOptions: {
      globals: { ...globals.browser, ComponentFramework: true },
      parserOptions: {
        ecmaVersion: 2020,
        sourceType: 'module',
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    settings: { react: { version: '16.14' } },
    rules: {
      '@typescript-eslint/no-unused-vars': 'off',
      // Props are typed with TypeScript interfaces.
      'react/prop-types': 'off',
    },
  },
];
