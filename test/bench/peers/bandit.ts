// Bandit as its users run it today: the current release from its source repository (PyCQA/bandit,
// read from <root>/PyCQA__bandit like the scanned repositories), on Debian's Python with Debian's
// packages for its dependencies, installed with apt-get when missing. A bench-only install:
// Bandit finds its plugins, blacklists and formatters through entry points, so the package
// metadata (METADATA + entry_points.txt generated from the source's setup.cfg) goes into a temp
// folder on PYTHONPATH beside the source; its bytecode is cached there too. No network beyond Debian's archive, nothing written
// outside the temp folder.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const PYTHON = '/usr/bin/python3';
const DEBIAN_PACKAGES = ['python3-stevedore', 'python3-yaml', 'python3-rich'];
const BANDIT_FOLDER = 'PyCQA__bandit';

export interface BanditSetup {
  python: string;
  env: NodeJS.ProcessEnv;
  /** What `bandit --version` says. */
  version: string;
  description: string;
}

/** The `[entry_points]` section of a setup.cfg as entry_points.txt text (group headers, `name = module:attr` lines). */
export function entryPointsOf(setupCfg: string): string {
  const out: string[] = [];
  let inSection = false;
  for (const raw of setupCfg.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      inSection = header[1] === 'entry_points';
      continue;
    }
    if (!inSection || line.trim() === '' || line.trim().startsWith('#')) continue;
    const group = /^(\S[^=]*?)\s*=\s*(.*)$/.exec(line);
    if (group) {
      out.push(`[${group[1]}]`);
      if (group[2]) out.push(group[2]);
    } else out.push(line.trim());
  }
  return out.join('\n') + '\n';
}

function ensureDebianDependencies(): void {
  const probe = () => spawnSync(PYTHON, ['-c', 'import stevedore, yaml, rich'], { encoding: 'utf8' });
  if (probe().status === 0) return;
  console.log(`Bandit's dependencies are missing: apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`);
  const install = spawnSync('sh', ['-c', `apt-get install -y ${DEBIAN_PACKAGES.join(' ')} || (apt-get update && apt-get install -y ${DEBIAN_PACKAGES.join(' ')})`], {
    stdio: 'inherit',
  });
  if (install.status !== 0 || probe().status !== 0) throw new Error(`could not install ${DEBIAN_PACKAGES.join(', ')} with apt-get`);
}

/** Makes Bandit's source at <root>/PyCQA__bandit runnable as `python3 -m bandit` and says which one it is. */
export function prepareBandit(root: string, temp: string, commit?: string): BanditSetup {
  const source = path.join(root, BANDIT_FOLDER);
  const setupCfg = path.join(source, 'setup.cfg');
  if (!fs.existsSync(setupCfg)) throw new Error(`${source} is missing: Bandit runs from its source repository (PyCQA/bandit)`);
  if (!fs.existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: install Debian's python3`);
  ensureDebianDependencies();
  const label = commit ? `0+g${commit.slice(0, 12)}` : '0+source';
  const metadata = path.join(temp, 'bandit-metadata');
  const distInfo = path.join(metadata, `bandit-${label}.dist-info`);
  fs.mkdirSync(distInfo, { recursive: true });
  fs.writeFileSync(path.join(distInfo, 'METADATA'), `Metadata-Version: 2.1\nName: bandit\nVersion: ${label}\n`);
  fs.writeFileSync(path.join(distInfo, 'entry_points.txt'), entryPointsOf(fs.readFileSync(setupCfg, 'utf8')));
  const env = { ...process.env, PYTHONPATH: [metadata, source].join(path.delimiter), PYTHONPYCACHEPREFIX: path.join(temp, 'pycache') };
  const probe = spawnSync(PYTHON, ['-m', 'bandit', '--version'], { env, encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`bandit from ${source} does not start: ${probe.stderr}`);
  const pythonVersion = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    python: PYTHON,
    env,
    version: commit ? `@ ${commit.slice(0, 12)}` : '(source)',
    description: `PyCQA/bandit source${commit ? ` @ ${commit}` : ''} (${probe.stdout.split('\n')[0].trim()}), ${pythonVersion} (${PYTHON}), Debian's ${DEBIAN_PACKAGES.join(', ')}`,
  };
}
