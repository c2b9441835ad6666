// Manifest or lockfile text + advisory data in, findings with ranges and bump fixes out.
import type { RuleCatalog } from '../rules/catalog';
import type { LineIndex } from '../text/positions';
import type { AnalysisNotice, Finding, Fix } from '../types';
import { describeRanges, matchingAdvisories, nearestFixed, type Advisory, type AdvisoryIndex } from './advisories';
import { checksWithoutData, type BaseText, type NearbyFiles } from './checks';
import { isLockfile } from './kinds';
import { parseDependencyFile } from './parsers';
import type { Dependency, DependencyFile, DependencyFileKind, Ecosystem } from './types';
import { VERSION_SCHEMES } from './versions';

export const VULNERABLE_DEPENDENCY = 'vulnerable-dependency';
export const MALICIOUS_DEPENDENCY = 'malicious-dependency';

/** Advisory data older than this many days is called out in every message. */
export const STALE_AFTER_DAYS = 30;

export interface DependencyInput {
  kind: DependencyFileKind;
  text: string;
  lines: LineIndex;
  catalog: RuleCatalog;
  /** Absent: no advisory data (the checks that need none still run). */
  advisories?: AdvisoryIndex;
  /** YYYY-MM-DD, to tell stale data. */
  today: string;
  /** The file's neighbours (its lockfile, a workspace root), when the embedder supplies them. */
  nearby?: NearbyFiles;
  /**
   * The file's text at the base revision (git HEAD, or `--changed-since`), asked only for a
   * lockfile with packages that run code on install; absent or `undefined`: no base, those
   * packages are not reported as new.
   */
  baseText?: () => BaseText;
  /** The file's path as the embedder spells it (its name picks requirements.txt vs .in). */
  path?: string;
  isRuleEnabled(ruleId: string): boolean;
}

export function analyzeDependencies(input: DependencyInput): { findings: Finding[]; notices: AnalysisNotice[]; file?: DependencyFile } {
  const checks = (file?: DependencyFile) =>
    checksWithoutData({ kind: input.kind, text: input.text, lines: input.lines, ...(file ? { file } : {}), ...(input.nearby ? { nearby: input.nearby } : {}), ...(input.baseText ? { baseText: input.baseText } : {}), fileName: (input.path ?? '').replace(/^.*[\\/]/, ''), isRuleEnabled: input.isRuleEnabled });
  // A workflow lists no packages: only the checks that need no advisory data apply.
  if (input.kind === 'github-workflow') return { findings: checks(), notices: [] };
  const file = parseDependencyFile(input.kind, input.text, input.lines);
  const findings: Finding[] = [];
  const notices: AnalysisNotice[] = [];
  if (file.error) {
    notices.push({ kind: 'parse-error', message: file.error.message });
    // One diagnostic on the file says why none of its dependencies were checked.
    findings.push(finding(VULNERABLE_DEPENDENCY, 'warning', file.error.range, `Dependencies not checked: ${file.error.message}. Fix the file so Vigil can check it for known vulnerable and malicious packages.`));
    return { findings, notices, file };
  }
  findings.push(...checks(file));
  const index = input.advisories;
  if (!index) return { findings, notices, file };
  const dataNote = dataNoteFor(index, input.today);
  const lockfile = isLockfile(input.kind);
  const vulnerable = new Map<Dependency, Advisory[]>();
  const own = new Map<Dependency, Finding>();
  for (const dependency of file.dependencies) {
    if (dependency.source) continue;
    const version = dependency.version ?? (dependency.spec !== undefined ? VERSION_SCHEMES[file.ecosystem].floor(dependency.spec) : undefined);
    if (!version) continue;
    const matched = matchingAdvisories(index, file.ecosystem, dependency.name, version);
    if (matched.length === 0) continue;
    vulnerable.set(dependency, matched);
    const malicious = matched.filter((a) => a.malicious);
    if (malicious.length > 0 && input.isRuleEnabled(MALICIOUS_DEPENDENCY)) {
      findings.push(finding(MALICIOUS_DEPENDENCY, 'error', dependency.range, `${dependency.name}@${version} is known malware (${malicious.map((a) => a.id).join(', ')}): ${malicious[0].summary || 'malicious code in this package'}. Remove it, and treat the machines that installed it as compromised.${dataNote}`));
    }
    const advisories = matched.filter((a) => !a.malicious);
    if (advisories.length === 0 || !input.isRuleEnabled(VULNERABLE_DEPENDENCY)) continue;
    const fixed = nearestFixed(index, file.ecosystem, dependency.name, version);
    // A range's floor is what a fresh install without a lockfile may get, not what is installed: info, not a warning.
    const declared = dependency.version ? `${dependency.name} ${version}` : `${dependency.name} ${dependency.spec} allows ${version}, which`;
    const message = `${declared} has ${advisories.length === 1 ? 'a known vulnerability' : `${advisories.length} known vulnerabilities`}: ${listAdvisories(advisories)}. ${fixed ? `First fixed version: ${fixed}.` : 'No fixed version is known.'}${dataNote}`;
    const fix = !lockfile && fixed ? bumpFix(input.catalog, file.ecosystem, dependency, version, fixed) : undefined;
    const result = finding(VULNERABLE_DEPENDENCY, dependency.version ? 'warning' : 'info', dependency.range, message, fix ? [fix] : []);
    own.set(dependency, result);
    findings.push(result);
  }
  if (lockfile && input.isRuleEnabled(VULNERABLE_DEPENDENCY)) {
    for (const [root, chains] of chainsToVulnerable(file, vulnerable)) {
      const text = `brings vulnerable ${chains}. Update ${root.name} or override the transitive version.`;
      // One diagnostic per entry: a direct dependency vulnerable itself tells about its chains in the same message.
      const existing = own.get(root);
      if (existing) existing.message = `${existing.message.slice(0, existing.message.length - dataNote.length)} It also ${text}${dataNote}`;
      else findings.push(finding(VULNERABLE_DEPENDENCY, 'warning', root.range, `${root.name} ${text}${dataNote}`));
    }
  }
  return { findings, notices, file };
}

/** The first few advisories in full, the rest by id: a message stays readable for a package with dozens. */
function listAdvisories(advisories: Advisory[]): string {
  const shown = advisories.slice(0, 3).map(describe).join('; ');
  const rest = advisories.slice(3).map((a) => a.id);
  return rest.length === 0 ? shown : `${shown}; and ${rest.length} more (${rest.slice(0, 10).join(', ')}${rest.length > 10 ? ', …' : ''})`;
}

function describe(advisory: Advisory): string {
  const ids = [advisory.id, ...advisory.aliases.filter((a) => a !== advisory.id)].slice(0, 3).join(', ');
  return `${ids}${advisory.severity ? ` (${advisory.severity})` : ''}${advisory.summary ? ` ${advisory.summary}` : ''} [affected ${describeRanges(advisory)}]`;
}

/** The data's date on every result, and a warning past STALE_AFTER_DAYS. */
export function dataNoteFor(index: AdvisoryIndex, today: string): string {
  const age = Math.floor((Date.parse(today) - Date.parse(index.date)) / 86_400_000);
  const stale = Number.isFinite(age) && age > STALE_AFTER_DAYS;
  return ` (${index.origin}, data of ${index.date}${stale ? `: ${age} days old, newer advisories are missing; run \`vigil advisories update\`` : ''})`;
}

/**
 * A direct dependency that brings a vulnerable package through the lockfile's edges is marked
 * too, with the chain: that is the entry the user can change. Direct dependency → its chains, as text.
 */
function chainsToVulnerable(file: DependencyFile, vulnerable: Map<Dependency, Advisory[]>): Map<Dependency, string> {
  const byName = new Map<string, Dependency>();
  for (const d of file.dependencies) if (!byName.has(d.name)) byName.set(d.name, d);
  const out = new Map<Dependency, string>();
  for (const root of file.dependencies) {
    if (!root.direct) continue;
    // Breadth first: the shortest chain to each vulnerable package below this direct one.
    const previous = new Map<string, string>([[root.name, '']]);
    const queue = [root.name];
    const reached: Dependency[] = [];
    for (let head = 0; head < queue.length; head++) {
      const name = queue[head];
      for (const next of byName.get(name)?.requires ?? []) {
        if (previous.has(next)) continue;
        previous.set(next, name);
        queue.push(next);
        const dependency = byName.get(next);
        if (dependency && !dependency.direct && vulnerable.has(dependency) && vulnerable.get(dependency)!.some((a) => !a.malicious)) reached.push(dependency);
      }
    }
    if (reached.length === 0) continue;
    const chains = reached.slice(0, 3).map((d) => {
      const names = [d.name];
      for (let at = previous.get(d.name); at; at = previous.get(at)) names.unshift(at);
      return `${names.join(' > ')}@${d.version} (${vulnerable.get(d)!.map((a) => a.id).join(', ')})`;
    });
    const more = reached.length > 3 ? ` and ${reached.length - 3} more` : '';
    out.set(root, `${reached.length === 1 ? 'package' : 'packages'}: ${chains.join('; ')}${more}`);
  }
  return out;
}

/** The constraint with its version replaced by `fixed`, in the style the file uses (`^4.17.4` → `^4.17.11`, `==3.13` → `==5.1`). */
export function bumpedSpec(ecosystem: Ecosystem, spec: string, fixed: string): string | undefined {
  const scheme = VERSION_SCHEMES[ecosystem];
  const single = ecosystem === 'npm' ? /^(\s*(?:\^|~|>=|=|v)?\s*)(\d[^\s|,]*)(\s*)$/.exec(spec) : /^(\s*(?:===|==|>=|~=|\^|~)?\s*)(\d[^\s,*]*)(\s*)$/.exec(spec);
  if (single) return single[1] + fixed + single[3];
  // A PEP 440 list with one lower bound (`>=3.1,<4`): raise that bound if the rest still admits the fix.
  if (ecosystem === 'PyPI') {
    const parts = spec.split(',');
    const lower = parts.findIndex((p) => /^\s*(?:>=|~=|==)\s*\d/.test(p));
    if (lower < 0) return undefined;
    parts[lower] = parts[lower].replace(/\d[^\s,]*/, fixed);
    const bumped = parts.join(',');
    return scheme.satisfies(fixed, bumped.replace(/\s+/g, '')) ? bumped : undefined;
  }
  return undefined;
}

function bumpFix(catalog: RuleCatalog, ecosystem: Ecosystem, dependency: Dependency, version: string, fixed: string): Fix | undefined {
  if (!dependency.versionRange) return undefined;
  const written = dependency.spec ?? dependency.version!;
  const newText = bumpedSpec(ecosystem, written, fixed);
  if (!newText) return undefined;
  const scheme = VERSION_SCHEMES[ecosystem];
  // A bump across a major version may break the code that uses the package: offered, never applied in bulk.
  const sameMajor = scheme.major(version) === scheme.major(fixed);
  const title = catalog.get(VULNERABLE_DEPENDENCY)?.meta.fixTitle ?? 'Bump to the nearest fixed version';
  return { title: `${title} (${dependency.name} ${newText.trim()})`, kind: 'rewrite', ...(sameMajor ? { isPreferred: true } : {}), edits: [{ range: dependency.versionRange, newText }] };
}

function finding(ruleId: string, severity: Finding['severity'], range: Finding['range'], message: string, fixes: Fix[] = []): Finding {
  return { ruleId, message, range, severity, confidence: 'high', path: [], fixes };
}
