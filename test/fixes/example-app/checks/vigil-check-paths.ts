// The web app imports its own modules as `@/lib/db` (tsconfig `paths`), which Next.js's bundler
// resolves and plain node does not: the compiled check maps `@/` to the compiled app's root.
import Module from 'node:module';
import path from 'node:path';

const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
  return resolve.call(this, request.startsWith('@/') ? path.join(__dirname, request.slice(2)) : request, ...rest);
};
