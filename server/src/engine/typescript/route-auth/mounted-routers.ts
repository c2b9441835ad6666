import type * as ts from 'typescript';
import {
  isBinaryExpression,
  isExportAssignment,
  isExportDeclaration,
  isExpressionStatement,
  isIdentifier,
  isNamedExports,
  isVariableStatement,
  SyntaxKind,
} from '../compiler';
import type { ProjectModules } from '../../modules';
import { dottedName, hasModifier, skipOuter } from '../syntax';

// The other side of `app.use('/admin', requireAuth, adminRouter)` in another module: the router's
// own module asks the modules that usually assemble an app (`app`, `server`, `index`, `routes`, ...,
// in its folder and up to three folders up) which routers they mount behind authentication, as the
// Python analysis asks the enclosing packages' `__init__.py` which routers they include.

/** Module names that assemble routers, tried in the file's folder and the folders above it. */
const ASSEMBLERS = ['index', 'app', 'server', 'main', 'routes', 'router', 'api'];
const MAX_LEVELS = 3;

/** The file's routers by the name importers use: `default` (`export default router`, `module.exports = router`) or the exported name. */
export function exportedRouters(sf: ts.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const statement of sf.statements) {
    if (isExportAssignment(statement) && isIdentifier(skipOuter(statement.expression))) out.set('default', (skipOuter(statement.expression) as ts.Identifier).text);
    else if (isVariableStatement(statement) && hasModifier(statement, SyntaxKind.ExportKeyword)) {
      for (const d of statement.declarationList.declarations) if (isIdentifier(d.name)) out.set(d.name.text, d.name.text);
    } else if (isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && isNamedExports(statement.exportClause)) {
      for (const e of statement.exportClause.elements) out.set(e.name.text, (e.propertyName ?? e.name).text);
    } else if (isExpressionStatement(statement) && isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === SyntaxKind.EqualsToken) {
      const target = dottedName(statement.expression.left);
      const value = skipOuter(statement.expression.right);
      if (!target || !isIdentifier(value)) continue;
      if (target === 'module.exports') out.set('default', value.text);
      else if (/^(?:module\.)?exports\.\w+$/.test(target)) out.set(target.slice(target.lastIndexOf('.') + 1), value.text);
    }
  }
  return out;
}

/** `a/b/../c/./d` → `a/c/d`. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '.') out.push(part);
  }
  return out.join('/');
}

const withoutExtension = (path: string): string => path.replace(/\.[cm]?[jt]sx?$/, '');

/** Whether `specifier`, written in the module at `from`, names the file at `file`. */
function names(from: string, specifier: string, file: string): boolean {
  const folder = from.replace(/\\/g, '/').replace(/\/[^/]*$/, '');
  const target = normalize(`${folder}/${specifier}`);
  const own = withoutExtension(file.replace(/\\/g, '/'));
  return target === own || withoutExtension(target) === own || `${target}/index` === own;
}

/** The local routers of the file at `path` that a module assembling the app mounts behind authentication. */
export function routersMountedWithAuth(path: string, sf: ts.SourceFile, modules: ProjectModules | undefined): Set<string> {
  const out = new Set<string>();
  if (!modules) return out;
  const exported = exportedRouters(sf);
  if (exported.size === 0) return out;
  const seen = new Set<string>();
  for (let level = 0; level <= MAX_LEVELS; level++) {
    const up = level === 0 ? './' : '../'.repeat(level);
    for (const name of ASSEMBLERS) {
      const module = modules.resolve(path, up + name, 'typescript');
      if (!module || seen.has(module.path)) continue;
      seen.add(module.path);
      for (const [specifier, member] of module.summary.guardedIncludes ?? []) {
        const local = exported.get(member);
        if (local && names(module.path, specifier, path)) out.add(local);
      }
    }
  }
  return out;
}
