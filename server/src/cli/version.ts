// Read at build time: the bundler inlines package.json, so dist/cli.js needs none beside it.
// An import (not a bare require) also makes tsc copy package.json into out/, where the compiled tests find it.
import * as manifest from '../../../package.json';

export const VIGIL_VERSION: string = manifest.version;
/** package.json's `repository`, when it names one: reports then link the rule docs at this version's tag there. */
export const VIGIL_REPOSITORY: unknown = (manifest as { repository?: unknown }).repository;
