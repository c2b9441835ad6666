// Read at build time: the bundler inlines the version, so dist/cli.js needs no package.json.
import { version } from '../../../package.json';

export const VIGIL_VERSION: string = version;
