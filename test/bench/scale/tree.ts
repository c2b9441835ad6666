// The tree `npm run bench` scans (scale.bench.ts): a monorepo of SERVICES copies of the solar
// shop example (FastAPI back end under backend/, Next.js front end under frontend/), each copy
// with longer generated routers beside it (generate.ts). Deterministic: the same bytes on every run.
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers/fixtures';
import { pythonModule, typescriptModule } from '../generate';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'solar-shop');
const SERVICES = 40;
/** Lines of each generated router; two per language per service. */
const GENERATED_LINES = 1200;

export interface TreePart {
  dir: string;
  files: number;
  lines: number;
}

export interface Tree {
  root: string;
  python: TreePart;
  typescript: TreePart;
}

/** Writes the tree into `root` (emptied first). */
export function generateTree(root: string): Tree {
  fs.rmSync(root, { recursive: true, force: true });
  const templates = listTemplates(EXAMPLE);
  const python: TreePart = { dir: path.join(root, 'backend'), files: 0, lines: 0 };
  const typescript: TreePart = { dir: path.join(root, 'frontend'), files: 0, lines: 0 };
  const write = (part: TreePart, relative: string, text: string) => {
    const file = path.join(part.dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    part.files++;
    part.lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  };
  for (let s = 0; s < SERVICES; s++) {
    const service = `shop_${String(s).padStart(2, '0')}`;
    for (const template of templates) {
      const text = fs.readFileSync(path.join(EXAMPLE, template), 'utf8');
      const [top, ...rest] = template.split('/');
      // api/... → backend/<service>/api/...; web/... → frontend/<service>/...
      if (top === 'api') write(python, path.join(service, template), text);
      else write(typescript, path.join(service, ...rest), text);
    }
    for (let k = 0; k < 2; k++) {
      write(python, path.join(service, 'api', 'routers', `generated_${k}.py`), pythonModule(GENERATED_LINES));
      write(typescript, path.join(service, 'app', 'api', `generated-${k}`, 'route.ts'), typescriptModule(GENERATED_LINES));
    }
  }
  return { root, python, typescript };
}

/** The example's Python and TS/TSX files, relative and sorted. */
function listTemplates(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listTemplates(dir, relative));
    else if (/\.(py|tsx?)$/.test(entry.name)) out.push(relative);
  }
  return out;
}
