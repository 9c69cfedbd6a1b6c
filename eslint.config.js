// One flat ESLint config for the whole repository (`npm run lint`). typescript-eslint's recommended rules without
// type information, so a full run stays fast on two cores; the few type-aware rules worth their cost here (floating
// promises) would need a TypeScript program per workspace and are left to review. The PCF control keeps its own
// stricter, type-checked config (pcf-scripts runs it on every build); it is folded in here, scoped to the control,
// so one `npm run lint` covers it too. Formatting is Prettier's job (`npm run format`), so no stylistic rules.
import eslintjs from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import conversationView from './pcf-controls/ConversationView/eslint.config.mjs';

const CONTROL = 'pcf-controls/ConversationView';
const CONTROL_SOURCES = [`${CONTROL}/ConversationView/**/*.{ts,tsx}`];

export default tseslint.config(
  {
    name: 'wxm/ignores',
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/coverage/**',
      '**/generated/**',
      '.data/**',
      // Published test vectors and schemas, kept byte for byte as their sources ship them.
      'test/reference/**',
    ],
  },
  eslintjs.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'wxm/all',
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
      // typescript-eslint guesses the root from the config files it sees; with the control's config imported it sees
      // two, so say it (the control's own entry below sets its folder).
      parserOptions: { tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `==` hides a type confusion; `x == null` (null or undefined) is the one idiom kept.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // A leading underscore marks a parameter or binding kept on purpose (a handler's unused argument, a rest sibling).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-throw-literal': 'error',
      // Late binding (a closure that reads the variable before its one assignment) stays a let.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-var': 'error',
    },
  },
  {
    // The deployed app logs through the invocation's logger (the host ships it to Application Insights); a stray
    // console line is lost in Azure and may carry a secret past the logger's redaction.
    name: 'wxm/app',
    files: ['functions/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Tests read JSON bodies and poke at fakes; `any` there is a cast, not a hole in the app's types.
    name: 'wxm/tests',
    files: ['**/*.test.ts', 'test/**/*.ts', '**/test-support/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Code that runs inside Dynamics or a browser page (web resources, the browser test harness pages).
    name: 'wxm/browser',
    files: ['webresources/src/**/*.ts', 'test/browser/**/harness/page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The control's own config, applied to the control's sources only (its ignores entry is replaced by the scope).
  ...conversationView.filter((config) => !(config.ignores && Object.keys(config).length === 1)).map((config) => ({ ...config, files: CONTROL_SOURCES })),
);
