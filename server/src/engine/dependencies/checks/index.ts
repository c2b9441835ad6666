// The dependency checks that need no advisory data: how dependencies are pinned and where they
// come from, the lockfile against its manifest, and the CI workflows that install them.
import type { LineIndex } from '../../text/positions';
import type { Finding, Range } from '../../types';
import { jsonTree, properties, stringContent } from '../parsers/json';
import type { DependencyFile, DependencyFileKind } from '../types';
import { normalizeName, VERSION_SCHEMES } from '../versions';
import { NEW_INSTALL_SCRIPT, newInstallScripts, type BaseText } from './install-scripts';
import { findLockfile, type NearbyFiles } from './nearby';
import { downloadPipedToShell } from './shell';
import { shellDownloads, unpinnedActions } from './workflows';

export type { NearbyFiles } from './nearby';
export { NEW_INSTALL_SCRIPT, type BaseText } from './install-scripts';

export const UNPINNED_DEPENDENCY = 'unpinned-dependency';
export const LOCKFILE_OUT_OF_SYNC = 'lockfile-out-of-sync';
export const NON_REGISTRY_DEPENDENCY = 'non-registry-dependency';
export const DEPENDENCY_CONFUSION = 'dependency-confusion';
export const UNPINNED_GITHUB_ACTION = 'unpinned-github-action';
export const DOWNLOAD_PIPED_TO_SHELL = 'download-piped-to-shell';

export interface ChecksInput {
  kind: DependencyFileKind;
  text: string;
  lines: LineIndex;
  /** The parsed manifest or lockfile (absent for a workflow). */
  file?: DependencyFile;
  /** The file's neighbours (its lockfile); absent when the embedder supplies none: the checks that need them are skipped. */
  nearby?: NearbyFiles;
  /** The lockfile's text at the base revision, asked only when it has packages that run code on install (see BaseText). */
  baseText?: () => BaseText;
  /** The analyzed file's own name, for messages (`requirements-dev.txt`). */
  fileName: string;
  isRuleEnabled(ruleId: string): boolean;
}

export function checksWithoutData(input: ChecksInput): Finding[] {
  const findings: Finding[] = [];
  const on = (id: string) => input.isRuleEnabled(id);
  if (input.kind === 'github-workflow') {
    if (on(UNPINNED_GITHUB_ACTION)) findings.push(...actionFindings(input.lines));
    if (on(DOWNLOAD_PIPED_TO_SHELL)) for (const m of shellDownloads(input.lines, input.text)) findings.push(pipedToShell(m.range, 'This workflow step'));
    if (on(DEPENDENCY_CONFUSION)) findings.push(...workflowExtraIndexes(input.lines));
    return findings;
  }
  const file = input.file;
  if (!file || file.error) return findings;
  if (on(NON_REGISTRY_DEPENDENCY) && !isLockfileKind(input.kind)) findings.push(...nonRegistry(file));
  if (on(DEPENDENCY_CONFUSION)) findings.push(...extraIndexes(file, input.text));
  if (input.kind === 'requirements' && on(UNPINNED_DEPENDENCY)) findings.push(...looseRequirements(file, input));
  if ((input.kind === 'package-json' || input.kind === 'pyproject') && input.nearby) findings.push(...againstLockfile(input.kind, file, input));
  if (input.kind === 'package-json' && on(DOWNLOAD_PIPED_TO_SHELL)) findings.push(...scriptDownloads(input.text, input.lines));
  if (file.recordsInstallScripts && input.baseText && on(NEW_INSTALL_SCRIPT)) findings.push(...newInstallScripts(file, input.baseText));
  return findings;
}

function isLockfileKind(kind: DependencyFileKind): boolean {
  return kind !== 'package-json' && kind !== 'requirements' && kind !== 'pyproject' && kind !== 'pip-config';
}

function finding(ruleId: string, severity: Finding['severity'], range: Range, message: string): Finding {
  return { ruleId, message, range, severity, confidence: 'high', path: [], fixes: [] };
}

function actionFindings(lines: LineIndex): Finding[] {
  return unpinnedActions(lines).map(({ range, text, action, ref }) => {
    if (text.startsWith('docker://')) {
      return finding(UNPINNED_GITHUB_ACTION, 'warning', range, `${text} runs an image by its tag, which its publisher (or whoever takes over the account) can point at other code: pin the image digest (\`${text.replace(/:[^:/@]*$/, '')}@sha256:…\`).`);
    }
    const repository = `https://github.com/${action.split('/').slice(0, 2).join('/')}`;
    const tag = ref !== undefined && /^v?\d+(?:\.\d+)*$/.test(ref);
    const what = ref === undefined ? 'no ref, so its default branch' : tag ? `the tag ${ref}` : /^[0-9a-f]{7,39}$/i.test(ref) ? `a short commit id (${ref}), which a new commit can be made to share` : `the branch or ref ${ref}`;
    const how = tag
      ? `Pin the commit the tag names today, keeping the tag as a comment: \`uses: ${action}@<40-character SHA> # ${ref}\` (\`git ls-remote ${repository} refs/tags/${ref}\` prints it).`
      : `Pin the full 40-character SHA of the commit you reviewed: \`uses: ${action}@<SHA>\`.`;
    return finding(UNPINNED_GITHUB_ACTION, 'warning', range, `${action} is used by ${what}: whoever controls that repository can point it at other code, which then runs in CI with this workflow's token and secrets (tags of popular actions were moved this way). ${how}`);
  });
}

function pipedToShell(range: Range, where: string): Finding {
  return finding(DOWNLOAD_PIPED_TO_SHELL, 'warning', range, `${where} downloads a script and runs it unchecked: whatever the server (or anyone who controls the address) sends at that moment runs with this job's rights. Download it to a file, check its SHA-256 against a known value, then run it; or install a released package by version.`);
}

function scriptDownloads(text: string, lines: LineIndex): Finding[] {
  const out: Finding[] = [];
  for (const { name, value } of properties(jsonTree(text), ['scripts'])) {
    if (value.type !== 'string' || !downloadPipedToShell(value.value as string)) continue;
    const [start, end] = stringContent(value);
    out.push(pipedToShell(lines.rangeAt(start, end), `The \`${name}\` script`));
  }
  return out;
}

const FULL_COMMIT = /(?:#|@)[0-9a-f]{40}(?:[#&]|$)/i;
const HASHED_URL = /#(?:sha256|sha384|sha512)=[0-9a-f]+/i;

/** git repositories and URLs in a manifest; a git commit SHA or a URL with its hash names fixed content, and local paths are the project's own. */
function nonRegistry(file: DependencyFile): Finding[] {
  const out: Finding[] = [];
  for (const d of file.dependencies) {
    const source = d.source;
    if (!source || source.kind === 'file') continue;
    if (source.kind === 'git' && FULL_COMMIT.test(source.text)) continue;
    if (source.kind === 'url' && HASHED_URL.test(source.text)) continue;
    const why =
      source.kind === 'git'
        ? `comes from a git repository by a branch or tag (${source.text}), which can move to other code`
        : `comes from a URL (${source.text}) with no hash of its content, so the server decides what is installed`;
    out.push(finding(NON_REGISTRY_DEPENDENCY, 'warning', d.range, `${d.name} ${why}; no advisory database knows its versions. Use a released version from the registry, or pin the ${source.kind === 'git' ? 'full commit SHA' : 'content hash (`#sha256=…`)'}.`));
  }
  return out;
}

const CONFUSION = `pip then takes each package from whichever index offers the highest version, so anyone can publish your private package names on PyPI and be installed instead (dependency confusion). Serve one index that proxies PyPI (\`--index-url\`), or install with \`--require-hashes\`.`;

function extraIndexes(file: DependencyFile, text: string): Finding[] {
  // Hash-checked installs refuse an impostor's files: the extra index is then no risk.
  if (/--require-hashes\b/.test(text)) return [];
  return (file.indexOptions ?? []).filter((o) => o.option === 'extra-index-url' || o.option === '--extra-index-url').map((o) => finding(DEPENDENCY_CONFUSION, 'warning', o.range, `An extra package index is searched besides the main one: ${CONFUSION}`));
}

function workflowExtraIndexes(lines: LineIndex): Finding[] {
  const out: Finding[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const match = /--extra-index-url\b|\bPIP_EXTRA_INDEX_URL\b|\bUV_EXTRA_INDEX_URL\b/.exec(text);
    if (!match || /^\s*#/.test(text) || /--require-hashes\b/.test(text)) continue;
    const start = lines.lineStart(line) + match.index;
    out.push(finding(DEPENDENCY_CONFUSION, 'warning', lines.rangeAt(start, start + match[0].length), `This step installs with an extra package index: ${CONFUSION}`));
  }
  return out;
}

/** requirements*.txt is what pip installs: a requirement without `==` gets whatever is newest at install time. requirements*.in is pip-compile's input, loose by design. */
function looseRequirements(file: DependencyFile, input: ChecksInput): Finding[] {
  if (/\.in$/i.test(input.fileName) || /^\s*(?:-c|--constraint)\b/m.test(input.text)) return [];
  return file.dependencies
    .filter((d) => !d.source && d.version === undefined)
    .map((d) =>
      finding(UNPINNED_DEPENDENCY, 'warning', d.range, `${d.name}${d.spec ? ` ${d.spec}` : ''} is not pinned: each install takes the newest matching release, including a compromised or vulnerable one published tomorrow, and builds differ from what was tested. Pin it (\`${d.name}==<version>\`), best with hashes from pip-compile or \`uv pip compile --generate-hashes\`.`),
    );
}

const LOCK_COMMAND: Record<string, string> = {
  'package-lock.json': 'npm install',
  'npm-shrinkwrap.json': 'npm install',
  'yarn.lock': 'yarn install',
  'pnpm-lock.yaml': 'pnpm install',
  'poetry.lock': 'poetry lock',
  'uv.lock': 'uv lock',
  'pdm.lock': 'pdm lock',
};

/** A manifest without a lockfile (unpinned), or whose entries its lockfile does not have (out of sync). */
function againstLockfile(kind: 'package-json' | 'pyproject', file: DependencyFile, input: ChecksInput): Finding[] {
  const registry = file.dependencies.filter((d) => !d.source && d.spec !== undefined);
  if (registry.length === 0) return [];
  const lock = findLockfile(kind, input.nearby!);
  if (!lock) {
    // A plain PEP 621 project may be a library, whose users resolve its ranges themselves; poetry, uv and pdm projects lock.
    if (!input.isRuleEnabled(UNPINNED_DEPENDENCY) || (kind === 'pyproject' && !/^\s*\[tool\.(?:poetry|uv|pdm)[\].]/m.test(input.text))) return [];
    const advice = kind === 'package-json' ? 'Run `npm install` (or yarn, pnpm) and commit the lockfile it writes.' : 'Run `poetry lock` or `uv lock` and commit the lockfile.';
    const names = kind === 'package-json' ? 'package-lock.json, yarn.lock or pnpm-lock.yaml' : 'poetry.lock, uv.lock or pdm.lock';
    return [finding(UNPINNED_DEPENDENCY, 'warning', registry[0].range, `No lockfile (${names}) pins the ${registry.length === 1 ? 'dependency' : `${registry.length} dependencies`} of this project and theirs: each install resolves the ranges again and may get a compromised or vulnerable release, and CI builds something other than what was tested. ${advice}`)];
  }
  if (!lock.file || lock.file.error || !input.isRuleEnabled(LOCKFILE_OUT_OF_SYNC)) return [];
  const ecosystem = file.ecosystem;
  const scheme = VERSION_SCHEMES[ecosystem];
  const locked = new Map<string, string[]>();
  for (const d of lock.file.dependencies) {
    if (!d.version) continue;
    const key = normalizeName(ecosystem, d.name);
    locked.set(key, [...(locked.get(key) ?? []), d.version]);
  }
  const lockName = lock.path.replace(/^.*\//, '');
  const overridden = lockName === 'pnpm-lock.yaml' ? pnpmOverrides(input.nearby!.read(lock.path) ?? '') : new Set<string>();
  const command = LOCK_COMMAND[lockName] ?? 'the package manager';
  const out: Finding[] = [];
  for (const d of registry) {
    // pnpm installs the workspace's `overrides` version whatever a member's range says, and records them in the lockfile.
    if (!isRange(ecosystem, d.spec!) || overridden.has(d.name)) continue;
    const versions = locked.get(normalizeName(ecosystem, d.name));
    if (!versions) {
      out.push(finding(LOCKFILE_OUT_OF_SYNC, 'warning', d.range, `${d.name} is not in ${lock.path}: the lockfile was not updated after the manifest changed, so installs from it (\`npm ci\`, CI) fail or resolve ${d.name} unpinned. Run \`${command}\` and commit both files.`));
    } else if (!versions.some((v) => safeSatisfies(scheme.satisfies, v, d.spec!))) {
      out.push(finding(LOCKFILE_OUT_OF_SYNC, 'warning', d.range, `${lock.path} installs ${d.name} ${[...new Set(versions)].slice(0, 3).join(', ')}, which ${d.spec} does not allow: the lockfile was not updated after the manifest changed, and what is installed is not what the manifest says. Run \`${command}\` and commit both files.`));
    }
  }
  return out;
}

/** The package names of pnpm-lock.yaml's top-level `overrides:` block (`'@types/react': 19.2.13`, `foo>bar: 1.0.0`). */
function pnpmOverrides(text: string): Set<string> {
  const block = /^overrides:\r?\n((?:[ \t]+\S.*\r?\n?)*)/m.exec(text);
  const out = new Set<string>();
  for (const line of block?.[1].split(/\r?\n/) ?? []) {
    const m = /^\s+['"]?([^'":\s]+?)(?:@[^'":\s>]*)?['"]?\s*:/.exec(line);
    if (m) out.add(m[1].replace(/^.*>/, ''));
  }
  return out;
}

/** A registry version range (not a dist-tag, `workspace:`, `catalog:` or an alias the lockfile names differently). */
function isRange(ecosystem: DependencyFile['ecosystem'], spec: string): boolean {
  if (ecosystem === 'npm') return /^[\s\d^~<>=*xX|.v-]/.test(spec) && !/^\s*$/.test(spec);
  return spec.trim() !== '' && spec.trim() !== '*';
}

function safeSatisfies(satisfies: (v: string, s: string) => boolean, version: string, spec: string): boolean {
  try {
    return satisfies(version, spec);
  } catch {
    // A spec the version library cannot read is no evidence of drift.
    return true;
  }
}
