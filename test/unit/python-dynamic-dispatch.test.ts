import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { Engine, type Finding, type ImportedModule, type ProjectModules } from '../../server/src/engine';

/**
 * Dynamic dispatch across modules (engine/python/dynamic-dispatch.ts): a function looked up at
 * run time in a module (`getattr(module, "export_" + kind)`, `import_module(f"pkg.{kind}")`), and
 * a helper returning it, calls each candidate that look-up can reach, and no other function.
 */
class MemoryModules implements ProjectModules {
  constructor(
    private readonly engine: Engine,
    readonly texts: Record<string, string>,
  ) {}

  resolve(fromPath: string, specifier: string): ImportedModule | undefined {
    const path = this.fileOf(specifier);
    if (path === undefined) return undefined;
    const summary = this.engine.summarize(path, this.texts[path], { rules: {} });
    return summary && { path, summary };
  }

  submodules(fromPath: string, specifier: string): [string, ImportedModule][] | undefined {
    const folder = specifier.split('.').join('/');
    if (!(`${folder}/__init__.py` in this.texts)) return undefined;
    const out: [string, ImportedModule][] = [];
    for (const file of Object.keys(this.texts).sort()) {
      const match = new RegExp(`^${folder}/(\\w+)\\.py$`).exec(file);
      if (!match || match[1] === '__init__') continue;
      const module = this.resolve(fromPath, `${specifier}.${match[1]}`);
      if (module) out.push([match[1], module]);
    }
    return out;
  }

  private fileOf(specifier: string): string | undefined {
    const parts = specifier.split('.').join('/');
    return [`${parts}.py`, `${parts}/__init__.py`].find((file) => file in this.texts);
  }
}

const ARCHIVE = `import subprocess


def export_tarball(path):
    return subprocess.run("tar czf /tmp/out.tgz " + path, shell=True, check=False)


def _debug_shell(command):
    return subprocess.run(command, shell=True, check=False)
`;

const LISTING = `import os


def export_listing(path):
    return sorted(os.listdir(os.path.basename(path)))


def admin_shell(command):
    return os.system(command)
`;

const REGISTRY = `from importlib import import_module


def _exporter_module(kind):
    name = "app.exporters.{}".format(kind)
    return import_module(name)


def get_exporter(kind, fmt):
    module = _exporter_module(kind)
    return getattr(module, "export_" + fmt)


def get_admin_tool(kind):
    return getattr(_exporter_module(kind), "admin_" + kind)
`;

const VIEWS = `from flask import Flask, request

from app.exporters import listing
from app.registry import get_admin_tool, get_exporter

app = Flask(__name__)


@app.route("/export/<kind>/<fmt>")
def export(kind, fmt):
    path = request.args["path"]
    exporter = get_exporter(kind, fmt)
    return str(exporter(path))


@app.route("/listing/<fmt>")
def listing_view(fmt):
    return str(getattr(listing, "export_" + fmt)(request.args["path"]))


@app.route("/admin/<kind>")
def admin(kind):
    return str(get_admin_tool(kind)("uptime"))
`;

function commandLines(findings: Finding[]): string[] {
  return findings.filter((f) => f.ruleId === 'command-injection').map((f) => `${f.range.start.line + 1}: ${/app\/[\w/]+\.py line \d+/.exec(f.message)?.[0] ?? f.message}`);
}

describe('python dynamic dispatch', () => {
  const files = {
    'app/__init__.py': '',
    'app/exporters/__init__.py': '',
    'app/exporters/archive.py': ARCHIVE,
    'app/exporters/listing.py': LISTING,
    'app/registry.py': REGISTRY,
    'app/views.py': VIEWS,
  };

  it('a function returned by a helper that looks it up in a package of modules calls every candidate of that prefix', () => {
    const engine = new Engine();
    engine.projectModules = new MemoryModules(engine, files);
    const findings = engine.analyzeTextWith('app/views.py', VIEWS, { rules: {} }).findings;
    // export_tarball reaches its shell; export_listing (same prefix) does not; _debug_shell and admin_shell are not `export_*`.
    // `getattr(listing, "export_" + fmt)` can only reach export_listing, which is safe; the admin tool gets a constant.
    assert.deepStrictEqual(commandLines(findings), ['13: app/exporters/archive.py line 5']);
  });

  it('without project modules the look-up stays unknown', () => {
    assert.deepStrictEqual(commandLines(new Engine().analyzeTextWith('app/views.py', VIEWS, { rules: {} }).findings), []);
  });
});

describe('dynamic dispatch on broken code', () => {
  it('a file that parses to an ERROR root (no module node): a returned name is looked up once, without looping', () => {
    // Shrunk from an edits-property run: recovery makes the whole file one ERROR, so the look-up
    // that climbs from a function to its module never finds one. Run in a child process, so a
    // loop fails this test (a timeout) instead of hanging the suite.
    const text = "def region_clause(region):\n    return f\n@ap(p.route(\"/admin/installers\")\n    limit = safe_limit(request.  # ok: insecure-random\n            \"metadata\": {\"tokens\": randimport APIRouter\n      [  print(customer, kwp, file=sys.stdout)\n    cursor.execute(\"SELECT COUNT(*) FROM ins\"tallations\")";
    const engine = require.resolve('../../server/src/engine');
    const script = `const { Engine } = require(${JSON.stringify(engine)}); new Engine().analyzeTextWith('app/reports.py', ${JSON.stringify(text)}, { rules: {} }); console.log('analyzed');`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15_000 });
    assert.strictEqual(run.signal, null, 'the analysis did not finish in 15 s');
    assert.strictEqual(run.stdout.trim(), 'analyzed', run.stderr);
  });
});
