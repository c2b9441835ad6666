// Builds Vigil's own native addon (server/native/python-frozen: the Python parse copied into a
// scan's frozen tree in one call, see server/src/engine/python/native-freeze.ts) with node-gyp,
// against the local Node headers. Run by `npm install` (postinstall) and `npm run build:native`.
// Without a C compiler the build fails and says so; Vigil then reads Python trees through the
// tree-sitter binding instead (slower scans, the same findings), and the build exits 0 so the
// install goes on.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const addon = path.join(root, 'server', 'native', 'python-frozen');
// node-gyp as installed with the dependencies (it is not one of ours), else the one npm brings and names to install scripts.
const nodeGyp = resolveNodeGyp();
// The local Node headers (Debian's nodejs-dev puts them under /usr), as .ci/run gives npm: node-gyp must not download them.
const nodedir = process.env.npm_config_nodedir ?? (fs.existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
const built = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--release', ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { cwd: addon, encoding: 'utf8' });
if (built.status === 0) {
  console.log('built server/native/python-frozen (vigil_python_frozen.node)');
} else {
  process.stderr.write(`${built.stdout ?? ''}${built.stderr ?? ''}`.split('\n').filter((line) => /error|ERR!/.test(line)).slice(-15).join('\n') + '\n');
  console.warn('vigil: server/native/python-frozen did not build (see above): Python scans read trees through the tree-sitter binding instead, slower, with the same findings');
}

function resolveNodeGyp() {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
    throw new Error('node-gyp not found: neither in node_modules nor from npm (npm_config_node_gyp)');
  }
}
