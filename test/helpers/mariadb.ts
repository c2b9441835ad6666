import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

// A throw-away MariaDB server (Debian's mariadb-server, installed by test/scenarios/setup.sh) for
// tests that run the example app against the real database its drivers talk to: a data folder
// in the temp dir, a free local TCP port, root over the socket for setting up, and one user with
// a password per database for the app, as in production. Stopped (and its files removed) by stop().

export interface MariaDb {
  host: string;
  port: number;
  /** Creates `database` (empty) and a user with a password that may use it; returns the credentials. */
  createDatabase(database: string): { user: string; password: string; database: string };
  stop(): Promise<void>;
}

const SERVER = '/usr/sbin/mariadbd';

export function mariaDbInstalled(): boolean {
  return fs.existsSync(SERVER) && fs.existsSync('/usr/bin/mariadb-install-db');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function sh(command: string, args: string[], input?: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', input, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`);
}

export async function startMariaDb(): Promise<MariaDb> {
  if (!mariaDbInstalled()) throw new Error(`${SERVER} is missing: run test/scenarios/setup.sh (installs mariadb-server)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-mariadb-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mariadb.sock');
  // --user=root: the tests run as root on CI, and mariadbd refuses root unless told so.
  const user = os.userInfo().username;
  sh('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db']);
  const port = await freePort();
  const server: ChildProcess = spawn(
    SERVER,
    ['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', `--user=${user}`, `--pid-file=${path.join(dir, 'mariadb.pid')}`, `--log-error=${path.join(dir, 'error.log')}`, '--skip-log-bin', '--innodb-buffer-pool-size=32M'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const root = ['--no-defaults', `--socket=${socket}`, '-uroot'];
  const deadline = Date.now() + 60_000;
  while (spawnSync('mariadb-admin', [...root, 'ping'], { encoding: 'utf8' }).status !== 0) {
    if (server.exitCode !== null || Date.now() > deadline) {
      const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
      server.kill();
      throw new Error(`mariadbd did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    host: '127.0.0.1',
    port,
    createDatabase(database) {
      const credentials = { user: `${database}_app`, password: `pw-${database}-${process.pid}`, database };
      sh('mariadb', root, `DROP DATABASE IF EXISTS \`${database}\`; CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4;
        CREATE USER IF NOT EXISTS '${credentials.user}'@'127.0.0.1' IDENTIFIED BY '${credentials.password}';
        GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${credentials.user}'@'127.0.0.1';`);
      return credentials;
    },
    async stop() {
      server.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
