// The ESLint setup a Next.js team runs for security today, for the side-by-side benchmark in
// test/bench/eslint.bench.ts and scale.bench.ts: ESLint 9 (flat config) with eslint-plugin-security's and
// @microsoft/eslint-plugin-sdl's recommended rules, TS/TSX parsed by typescript-eslint.
import security from 'eslint-plugin-security';
import sdl from '@microsoft/eslint-plugin-sdl';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.{js,jsx,mjs,cjs,ts,tsx}'] },
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true }, sourceType: 'module' } },
  },
  { files: ['**/*.{js,jsx,mjs}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } }, sourceType: 'module' } },
  security.configs.recommended,
  // sdl's `recommended` is `required` + its TypeScript/React set + a second copy of the security
  // plugin with no rules on; the rules are taken without that copy, which would clash.
  ...sdl.configs.required,
  ...sdl.configs.typescript,
  // Rules that need type information (a full TS program per run) are not what a team enables per keystroke.
  { rules: { '@microsoft/sdl/no-angular-bypass-sanitizer': 'off' } },
];
