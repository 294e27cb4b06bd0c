import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Architecture of DESIGN.md, checked: apps depend on platform libraries and contracts; platform on
// contracts; contracts on nothing of ours; test infrastructure only where tests need it.
/** Tests may also use the test infrastructure library; production code may not. */
const boundaries = (forTests) => ({
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', ...(forTests ? ['type:testing'] : [])],
    },
    {
      sourceTag: 'type:platform',
      onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', ...(forTests ? ['type:testing'] : [])],
    },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
    // The typed client generated from the public OpenAPI document: for callers outside the services.
    { sourceTag: 'type:client', onlyDependOnLibsWithTags: [] },
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:testing'],
    },
    // End-to-end tests see the system from outside: through HTTP and Kafka only.
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:client', 'type:contracts', 'type:testing'] },
  ],
});

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'reports/**', 'coverage/**', '.nx/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through the validated config of the app (libs/platform/config).',
        },
      ],
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Configuration is read from the environment in exactly these places.
    files: [
      'libs/platform/config/src/**/*.ts',
      'libs/testing/src/**/*.ts',
      'libs/testing-service/src/**/*.ts',
      'e2e/**/*.ts',
      'bench/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'tools/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
];
