// Starts code-server (VS Code in the browser) in a throwaway profile: its own user data,
// extensions, XDG folders and TMPDIR under one short run folder, bound to 127.0.0.1 on a free
// port with no auth and no marketplace. See docs/e2e.md ("Running code-server").
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CODE_SERVER = path.join(ROOT, 'test/e2e/vscode-host/node_modules/.bin/code-server');
export const EXAMPLE_APP = path.join(ROOT, 'examples/solar-shop');
/**
 * Files the tests add to the copy of the example app (e.g. a TSX page with a finding). They are
 * stored with a `.fixture` suffix, dropped on copy, so the repo's `tsc -b` leaves them alone.
 */
export const WORKSPACE_EXTRAS = path.join(ROOT, 'test/e2e/workspace');

function copyExtras(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name.replace(/\.fixture$/, ''));
    if (entry.isDirectory()) {
      fs.mkdirSync(target, { recursive: true });
      copyExtras(source, target);
    } else {
      fs.copyFileSync(source, target);
    }
  }
}

/**
 * The profile's settings. The built-in TypeScript and JSON language features are told not to
 * validate, so every error squiggle in the editor is one of Vigil's (the example app has no
 * node_modules, so TypeScript would underline every import).
 */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.editor.enablePreview': false,
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'git.enabled': false,
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'json.validate.enable': false,
};

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Creates the run folder: profile, workspace (a copy of the example app plus the test extras)
 * and, when `vsix` is given, the extension installed from it.
 */
export function prepareRun({ vsix, label = 'run', extras = true } = {}) {
  const dir = fs.mkdtempSync(path.join(ROOT, `.e2e-run.${label}.`));
  const run = {
    dir,
    workspace: path.join(dir, 'workspace'),
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    config: path.join(dir, 'config.yaml'),
    log: path.join(dir, 'code-server.log'),
  };
  for (const sub of ['user-data/User', 'xdg-config', 'xdg-data', 'tmp', 'extensions']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.cpSync(EXAMPLE_APP, run.workspace, { recursive: true });
  if (extras && fs.existsSync(WORKSPACE_EXTRAS)) copyExtras(WORKSPACE_EXTRAS, run.workspace);
  fs.writeFileSync(path.join(run.userData, 'User/settings.json'), JSON.stringify(SETTINGS, null, 2));
  fs.writeFileSync(run.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  run.env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    TMPDIR: path.join(dir, 'tmp'),
    EXTENSIONS_GALLERY: '{}',
  };
  if (vsix) {
    const result = spawnSync(
      CODE_SERVER,
      ['--config', run.config, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, '--install-extension', vsix],
      { env: run.env, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`code-server --install-extension failed:\n${result.stdout}${result.stderr}`);
  }
  return run;
}

/**
 * Starts code-server for a prepared run (on `port`, or a free one) and resolves once it says it
 * is listening.
 * Returns { url, workspaceUrl, pid, exited, stop() }; `exited` resolves when code-server exits;
 * stop() sends SIGTERM to that PID and waits for it to exit.
 */
export async function startCodeServer(run, { port } = {}) {
  port ??= await freePort();
  const out = fs.createWriteStream(run.log, { flags: 'a' });
  const child = spawn(
    CODE_SERVER,
    [
      '--config', run.config, '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
      '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--ignore-last-opened', run.workspace,
    ],
    { env: run.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      out.write(chunk);
      seen += chunk.toString();
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/?)/.exec(seen);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => reject(new Error(`code-server exited (${code ?? signal}) before listening; log: ${run.log}`)));
  });
  const base = url.endsWith('/') ? url : `${url}/`;
  let stopped;
  return {
    url: base,
    workspaceUrl: `${base}?folder=${encodeURIComponent(run.workspace)}`,
    pid: child.pid,
    exited,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
        await new Promise((resolve) => out.end(resolve));
      })();
      return stopped;
    },
  };
}
