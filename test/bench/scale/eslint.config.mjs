// The ESLint setup a Next.js team runs for security today, used by `npm run bench` (scale.bench.ts)
// on the TypeScript half of the generated tree: eslint-plugin-security and Microsoft's SDL rules,
// parsed by typescript-eslint.
import sdl from '@microsoft/eslint-plugin-sdl';
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';

// sdl's recommended set registers its own copy of an older eslint-plugin-security (with no
// rules turned on); drop it so the installed plugin and its recommended rules are the ones used.
const withoutBundledSecurity = sdl.configs.recommended.map(({ plugins, ...config }) => {
  if (!plugins) return config;
  const { security: _bundled, ...rest } = plugins;
  return Object.keys(rest).length > 0 ? { ...config, plugins: rest } : config;
});

export default [
  ...withoutBundledSecurity,
  security.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
];
