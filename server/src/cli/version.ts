// Read at build time: the bundler inlines package.json, so dist/cli.js needs none beside it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest = require('../../../package.json') as { version: string; repository?: unknown };

export const VIGIL_VERSION: string = manifest.version;
/** package.json's `repository`, when it names one: reports then link the rule docs at this version's tag there. */
export const VIGIL_REPOSITORY: unknown = manifest.repository;
