import type * as ts from 'typescript';
import {
  SyntaxKind,
  isCaseClause,
  isDefaultClause,
  isIdentifier,
  isModuleBlock,
  isNamedExports,
  isVariableDeclarationList,
} from './compiler';
import { CLEAN, union } from '../taint/taint';
import { OTHER_POSITION, type HandlerPosition } from './handlers';
import { alwaysExits, dottedName, endsInBreak, hasModifier, isLiteral } from './syntax';
import type { TaintWalker } from './taint-walker';

/**
 * Statements in order, with the control flow the taint walk follows: branches of if/switch/try
 * on forks joined afterwards (a branch that always returns or throws does not reach the code
 * after it), loops through TaintWalker.loop, declarations and exports placed for the handler specs.
 */
export class StatementWalker {
  constructor(private readonly w: TaintWalker) {}

  walk(list: readonly ts.Statement[]): void {
    for (const statement of list) this.statement(statement);
  }

  statement(node: ts.Statement): void {
    const w = this.w;
    const x = w.expressions;
    switch (node.kind) {
      case SyntaxKind.Block:
        return this.walk((node as ts.Block).statements);
      case SyntaxKind.ExpressionStatement:
        x.expr((node as ts.ExpressionStatement).expression);
        w.validatedArgument((node as ts.ExpressionStatement).expression);
        return;
      case SyntaxKind.VariableStatement: {
        const statement = node as ts.VariableStatement;
        return this.declarations(statement.declarationList, hasModifier(statement, SyntaxKind.ExportKeyword));
      }
      case SyntaxKind.ReturnStatement: {
        const value = x.expr((node as ts.ReturnStatement).expression);
        w.frame.returns = union(w.frame.returns, value);
        return;
      }
      case SyntaxKind.IfStatement:
        return this.ifStatement(node as ts.IfStatement);
      case SyntaxKind.SwitchStatement:
        return this.switchStatement(node as ts.SwitchStatement);
      case SyntaxKind.TryStatement:
        return this.tryStatement(node as ts.TryStatement);
      case SyntaxKind.ForStatement: {
        const loop = node as ts.ForStatement;
        if (loop.initializer) isVariableDeclarationList(loop.initializer) ? this.declarations(loop.initializer, false) : x.expr(loop.initializer);
        return w.loop(() => {
          x.expr(loop.condition);
          this.statement(loop.statement);
          x.expr(loop.incrementor);
        });
      }
      case SyntaxKind.ForOfStatement:
      case SyntaxKind.ForInStatement: {
        // Both the elements of a tainted array and the keys of a tainted object are user data.
        const loop = node as ts.ForOfStatement | ts.ForInStatement;
        const items = x.expr(loop.expression);
        return w.loop(() => {
          if (isVariableDeclarationList(loop.initializer)) {
            for (const declaration of loop.initializer.declarations) w.bind(declaration.name, items);
          } else {
            x.assignTo(loop.initializer, items, 'assigned to');
          }
          this.statement(loop.statement);
        });
      }
      case SyntaxKind.WhileStatement:
      case SyntaxKind.DoStatement: {
        const loop = node as ts.WhileStatement | ts.DoStatement;
        return w.loop(() => {
          x.expr(loop.expression);
          this.statement(loop.statement);
        });
      }
      case SyntaxKind.LabeledStatement:
        return this.statement((node as ts.LabeledStatement).statement);
      case SyntaxKind.ThrowStatement:
        x.expr((node as ts.ThrowStatement).expression);
        return;
      case SyntaxKind.FunctionDeclaration:
        return this.functionDeclaration(node as ts.FunctionDeclaration);
      case SyntaxKind.ClassDeclaration:
        x.classMembers(node as ts.ClassDeclaration);
        return;
      case SyntaxKind.ExportAssignment: {
        // `export default handler`, `export default withAuth(handler)`, `export default async (req, res) => ...`
        const value = (node as ts.ExportAssignment).expression;
        const position: HandlerPosition = { kind: 'default-export' };
        if (isIdentifier(value)) w.referencedFunction(value.text, position);
        else x.expr(value, position);
        return;
      }
      case SyntaxKind.ExportDeclaration:
        return this.exportDeclaration(node as ts.ExportDeclaration);
      case SyntaxKind.ModuleDeclaration: {
        const body = (node as ts.ModuleDeclaration).body;
        if (body && isModuleBlock(body)) this.walk(body.statements);
        return;
      }
      default:
        // Imports, types, interfaces, enums, empty statements, debugger, break/continue: no data flow.
        return;
    }
  }

  private declarations(list: ts.VariableDeclarationList, exported: boolean): void {
    const w = this.w;
    for (const declaration of list.declarations) {
      const name = declaration.name;
      const position: HandlerPosition | undefined = exported && isIdentifier(name) ? { kind: 'exported', name: name.text } : undefined;
      const init = declaration.initializer;
      const value = w.expressions.expr(init, position);
      // `const r = request` and `const { query } = req` keep reading members of a request-like object.
      // `const request = ctx.request` too, where the spec makes that member request-like.
      const role = init && (isIdentifier(init) ? w.roleOf(init.text) : w.roleOfExpression(init));
      w.bind(name, value, role ? (p, node) => w.memberSource(role, p, node) : undefined, isIdentifier(name) ? role : undefined);
    }
  }

  private functionDeclaration(fn: ts.FunctionDeclaration): void {
    const w = this.w;
    if (fn.name) w.frame.declared.add(fn.name.text);
    const exported = hasModifier(fn, SyntaxKind.ExportKeyword);
    const position: HandlerPosition = !exported
      ? OTHER_POSITION
      : hasModifier(fn, SyntaxKind.DefaultKeyword)
        ? { kind: 'default-export' }
        : { kind: 'exported', name: fn.name?.text ?? '' };
    w.analyzeFunction(fn, position);
  }

  /** `export { list as GET }`, `export { handler as default }` of functions in this file. */
  private exportDeclaration(node: ts.ExportDeclaration): void {
    const w = this.w;
    if (node.moduleSpecifier || !node.exportClause || !isNamedExports(node.exportClause)) return;
    for (const specifier of node.exportClause.elements) {
      const local = (specifier.propertyName ?? specifier.name).text;
      const exported = specifier.name.text;
      w.referencedFunction(local, exported === 'default' ? { kind: 'default-export' } : { kind: 'exported', name: exported });
    }
  }

  /** A call that never returns (`notFound()` of Next.js, `process.exit(1)`), by its imported name or as written. */
  private readonly isExit = (call: ts.CallExpression): boolean => {
    const dotted = dottedName(call.expression);
    if (!dotted) return false;
    const spec = this.w.spec;
    const imported = this.w.importedCallee(dotted);
    return imported !== undefined ? spec.isExit(imported) : !this.w.isLocal(dotted.split('.', 1)[0]) && spec.isExit(dotted);
  };

  private ifStatement(node: ts.IfStatement): void {
    const w = this.w;
    w.expressions.expr(node.expression);
    w.seedPaths(node.expression);
    const then = w.branch(() => {
      w.narrow(node.expression, true);
      this.statement(node.thenStatement);
    });
    const otherwise = w.branch(() => {
      w.narrow(node.expression, false);
      if (node.elseStatement) this.statement(node.elseStatement);
    });
    // A branch that always returns or throws does not reach the code after the if.
    const reaching = [then, otherwise].filter((fork, i) => {
      const statement = i === 0 ? node.thenStatement : node.elseStatement;
      if (statement && endsInBreak(statement)) w.leaveLoop(fork); // `if (k === 'user') { user = req.params[k]; break; }`
      return !statement || !alwaysExits(statement, this.isExit);
    });
    w.frame.env.join(reaching.length ? reaching : [then, otherwise], true);
  }

  private switchStatement(node: ts.SwitchStatement): void {
    const w = this.w;
    w.expressions.expr(node.expression);
    const subject = isIdentifier(node.expression) ? node.expression.text : undefined;
    const clauses = node.caseBlock.clauses;
    const forks = clauses.map((clause, index) =>
      w.branch(() => {
        if (isCaseClause(clause)) w.expressions.expr(clause.expression);
        // `case 'asc':` — in this clause the subject is that constant.
        if (subject && isConstantCase(clauses, index)) w.set(w.frame, subject, CLEAN, false);
        this.walk(clause.statements);
      }),
    );
    w.frame.env.join(forks, clauses.some((c) => isDefaultClause(c)));
  }

  private tryStatement(node: ts.TryStatement): void {
    const w = this.w;
    const tried = w.branch(() => this.statement(node.tryBlock));
    const branches = [tried];
    const handler = node.catchClause;
    if (handler) {
      // The catch block may start anywhere in the try block: from before it or from its end.
      branches.push(
        w.branch(() => {
          w.frame.env.join([tried]);
          if (handler.variableDeclaration) w.bind(handler.variableDeclaration.name, CLEAN);
          this.statement(handler.block);
        }),
      );
    }
    w.frame.env.join(branches, true);
    if (node.finallyBlock) this.statement(node.finallyBlock);
  }
}

/** Whether the subject is a constant in this clause: its label and those of the clauses falling into it are literals. */
function isConstantCase(clauses: readonly ts.CaseOrDefaultClause[], index: number): boolean {
  for (let i = index; i >= 0; i--) {
    const clause = clauses[i];
    if (i < index && clause.statements.length && alwaysExits(clause.statements[clause.statements.length - 1])) return true;
    if (!isCaseClause(clause) || !isLiteral(clause.expression)) return false;
  }
  return true;
}
