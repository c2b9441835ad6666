#!/usr/bin/env node
// `npm run editor`: try Vigil in a browser on a headless machine. Packages the extension,
// installs it into a throwaway code-server profile, opens a copy of the example app
// (examples/solar-shop) and prints the URL. Ctrl+C stops code-server and deletes the profile.
//   npm run editor                      port 8765, a copy of the example app
//   npm run editor -- --port 9000       another port
//   npm run editor -- --folder ~/app    open that folder itself (edits land in it)
// code-server listens on 127.0.0.1 only, without a password; from another machine use an SSH
// tunnel: ssh -L 8765:127.0.0.1:8765 <host>.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, prepareRun, startCodeServer } from './lib/code-server.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8765' }, folder: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`--port must be a TCP port, not ${values.port}`);
  process.exit(2);
}

console.log('Packaging the extension (npm run package) ...');
const pack = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
if (pack.status !== 0) {
  console.error(pack.stdout + pack.stderr);
  process.exit(1);
}
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const vsix = path.join(ROOT, `vigil-${version}.vsix`);

const run = prepareRun({ vsix, label: 'editor', extras: false });
if (values.folder) run.workspace = path.resolve(values.folder);
let server;
try {
  server = await startCodeServer(run, { port });
} catch (error) {
  console.error(`${error.message}\n${fs.existsSync(run.log) ? fs.readFileSync(run.log, 'utf8') : ''}`);
  fs.rmSync(run.dir, { recursive: true, force: true });
  process.exit(1);
}
console.log(`\nVigil is running in code-server: ${server.workspaceUrl}`);
console.log(`  folder:  ${run.workspace}${values.folder ? '' : ' (a copy of examples/solar-shop)'}`);
console.log(`  log:     ${run.log}`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  fs.rmSync(run.dir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(`code-server exited on its own (${code ?? signal}); log: ${run.log}`);
  process.exit(1);
});
