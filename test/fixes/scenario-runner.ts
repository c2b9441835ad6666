import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { applyPreferredFixes, applyTextEdits, Engine, languageOfPath, type Finding, type Language } from '../../server/src/engine';
import { diskFiles } from '../../server/src/workspace/project-files';
import { REPO_ROOT } from '../helpers/fixtures';

/** The engine as the editor and the CLI run it: fixes read the scenario's other files (its package.json) from disk. */
let diskEngine: Engine | undefined;
function engine(): Engine {
  return (diskEngine ??= new Engine({ projectFiles: diskFiles((p) => p) }));
}

// Runs the behaviour scenarios of test/scenarios (see its README): a small program checked
// before and after Vigil fixes one of its files, the way `vigil scan --fix` and the editor do.

export const SCENARIOS = path.join(REPO_ROOT, 'test', 'scenarios');
/** Debian's interpreter, where the scenario setup installs the libraries (not a pyenv shim). */
export const PYTHON = '/usr/bin/python3';
/** The helpers every TypeScript check may import as `./harness` (phase, a served app, the attack assertion). */
export const TS_HARNESS = path.join(SCENARIOS, 'harness', 'harness.ts');

export interface ScenarioSpec {
  /** What the check proves, for the test title. */
  description: string;
  /** The file(s) Vigil fixes, relative to the scenario folder. */
  fix: string | string[];
  /** The rule whose finding the fix is about. */
  rule: string;
  /** The check program: exit code 0 = the behaviour holds. */
  check: string;
  /**
   * `fix-all` (default): every preferred fix, as `source.fixAll.vigil` applies them; the rule's
   * findings must be gone. `{ "title": ... }`: that one offered fix of the rule (a fix that is not
   * preferred, e.g. one that changes behaviour on purpose).
   */
  apply?: 'fix-all' | { title: string };
  /** For fix-all: the rule's findings expected to stay (an advice fix is not applied in bulk). Default 0. */
  remaining?: number;
  /** Files copied in from the repository (scenario path → repository path), e.g. the example app's auth module. */
  copy?: Record<string, string>;
  /** How long one run of the check may take (default 60 s): a scenario that builds an app (`next build`) needs minutes. */
  timeoutSeconds?: number;
  /**
   * Variants (pattern ids) of other rules' fixes that fix-all applies here too and the check exercises
   * (`poweredByHeader: true → false` beside the source maps of the same next.config.js): they count as proven.
   */
  alsoProves?: string[];
}

export interface Scenario {
  name: string;
  dir: string;
  spec: ScenarioSpec;
  language: 'python' | 'typescript';
}

/** Every `scenario.json` under test/scenarios/<fix-kind>/<language>/. */
export function scenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const kind of fs.readdirSync(SCENARIOS).sort()) {
    const kindDir = path.join(SCENARIOS, kind);
    if (!fs.statSync(kindDir).isDirectory()) continue;
    for (const variant of fs.readdirSync(kindDir).sort()) {
      const file = path.join(kindDir, variant, 'scenario.json');
      if (!fs.existsSync(file)) continue;
      const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as ScenarioSpec;
      const language = spec.check.endsWith('.py') ? 'python' : 'typescript';
      out.push({ name: `${kind}/${variant}`, dir: path.dirname(file), spec, language });
    }
  }
  return out;
}

/** A scratch copy of the scenario (TS ones see the repository's node_modules for real libraries and types). */
export function stage(scenario: Scenario): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-scenario-'));
  fs.cpSync(scenario.dir, dir, { recursive: true });
  for (const [to, from] of Object.entries(scenario.spec.copy ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, from), path.join(dir, to));
  }
  if (scenario.language === 'typescript') {
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.copyFileSync(TS_HARNESS, path.join(dir, 'harness.ts'));
  }
  return dir;
}

export interface CheckResult {
  ok: boolean;
  output: string;
}

/** Type-checks (TS, under `strict`) and runs the check program; `phase` is `before` or `after` the fix (env SCENARIO_PHASE). */
export function runCheck(scenario: Scenario, dir: string, phase: 'before' | 'after'): CheckResult {
  const env = { ...process.env, SCENARIO_PHASE: phase, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: dir };
  const timeout = checkTimeoutMs(scenario);
  if (scenario.language === 'python') return run(PYTHON, [path.join(dir, scenario.spec.check)], dir, env, timeout);
  const compiled = compileStrict(dir, phase);
  if (!compiled.ok) return compiled;
  return run(process.execPath, [path.join(dir, `out-${phase}`, scenario.spec.check.replace(/\.ts$/, '.js'))], dir, env, timeout);
}

/** One run of the scenario's check may take this long (ms). */
export function checkTimeoutMs(scenario: Scenario): number {
  return (scenario.spec.timeoutSeconds ?? 60) * 1000;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout: number): CheckResult {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output };
}

/** The scenario's `.ts`/`.tsx` files, in sub-folders too (a Next.js `app/` tree), not the libraries or earlier output. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('out-') ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `tsc --strict` with the real types of node and the libraries, emitting CommonJS beside the sources (out-<phase>/, same layout). */
function compileStrict(dir: string, phase: string): CheckResult {
  const program = ts.createProgram(sourceFiles(dir), {
    strict: true,
    jsx: ts.JsxEmit.ReactJSX,
    rootDir: dir,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    outDir: path.join(dir, `out-${phase}`),
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  if (!diagnostics.length) return { ok: true, output: '' };
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' };
  return { ok: false, output: `tsc --strict (${phase} the fix):\n${ts.formatDiagnostics(diagnostics, host)}` };
}

export interface FixOutcome {
  /** The rule's findings before and after, per fixed file. */
  before: number;
  after: number;
  /** The fixed files' text, for messages. */
  texts: string[];
}

/**
 * The fix variants (`Fix.variant`: the pattern ids in rules/patterns/<language>.json) the scenario
 * proves: the preferred rewrites fix-all applies to its files (or the one fix it names), on findings
 * of its rule or of a variant it lists in `alsoProves`. The fix-all gate (fix-all-gate.test.ts) requires
 * one per variant; the scenario test (scenarios.test.ts) requires the check to pass before and after.
 */
export function provedVariants(scenario: Scenario): string[] {
  const dir = stage(scenario);
  try {
    const variants = new Set<string>();
    const apply = scenario.spec.apply ?? 'fix-all';
    for (const name of Array.isArray(scenario.spec.fix) ? scenario.spec.fix : [scenario.spec.fix]) {
      const file = path.join(dir, name);
      const language = languageOfPath(file) as Language;
      const analyze = (text: string) => engine().analyzeText(file, text, {}, language).findings;
      const ours = (finding: Finding, fix: Finding['fixes'][number]) =>
        fix.kind === 'rewrite' && !!fix.variant && (finding.ruleId === scenario.spec.rule || (scenario.spec.alsoProves ?? []).includes(fix.variant));
      const text = fs.readFileSync(file, 'utf8');
      if (apply !== 'fix-all') {
        for (const finding of analyze(text)) for (const fix of finding.fixes) if (ours(finding, fix) && fix.title === apply.title) variants.add(fix.variant!);
        continue;
      }
      // Fix-all's passes, as the runner applies them: a variant offered on a later pass (two findings on one call) counts,
      // one whose finding is still there at the end (a fix that edits other files too, left to the lightbulb) does not.
      const offered = new Set<string>();
      const fixed = applyPreferredFixes(
        text,
        (current) => {
          const found = analyze(current);
          for (const finding of found) for (const fix of finding.fixes) if (ours(finding, fix) && fix.isPreferred && !fix.files?.length) offered.add(fix.variant!);
          return found;
        },
        (current) => engine().parses(language, current, file),
      ).text;
      const left = new Set(analyze(fixed).flatMap((finding) => finding.fixes.map((fix) => fix.variant)));
      for (const variant of offered) if (!left.has(variant)) variants.add(variant);
    }
    return [...variants].sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Applies Vigil's fix the way `source.fixAll.vigil` / a picked code action does, and writes the files. */
export function applyFix(scenario: Scenario, dir: string): FixOutcome {
  const files = Array.isArray(scenario.spec.fix) ? scenario.spec.fix : [scenario.spec.fix];
  const outcome: FixOutcome = { before: 0, after: 0, texts: [] };
  for (const name of files) {
    const file = path.join(dir, name);
    const language = languageOfPath(file) as Language;
    const text = fs.readFileSync(file, 'utf8');
    const findings = (current: string): Finding[] => engine().analyzeText(file, current, {}, language).findings;
    const ofRule = (current: string) => findings(current).filter((f) => f.ruleId === scenario.spec.rule);
    outcome.before += ofRule(text).length;
    let fixed: string;
    const apply = scenario.spec.apply ?? 'fix-all';
    if (apply === 'fix-all') {
      fixed = applyPreferredFixes(text, findings, (current) => engine().parses(language, current, file)).text;
    } else {
      const fix = ofRule(text).flatMap((f) => f.fixes).find((f) => f.title === apply.title);
      if (!fix) throw new Error(`no fix titled "${apply.title}" on ${name}; offered: ${ofRule(text).flatMap((f) => f.fixes.map((x) => x.title)).join(' | ')}`);
      fixed = applyTextEdits(text, fix.edits);
    }
    fs.writeFileSync(file, fixed);
    outcome.after += ofRule(fixed).length;
    outcome.texts.push(fixed);
  }
  return outcome;
}
