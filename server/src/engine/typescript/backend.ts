import type * as ts from 'typescript';
import type { LanguageBackend } from '../backend';

type Parser = typeof import('./parser');
type Analyzer = typeof import('./analyze');
type JsxContext = typeof import('./jsx-context');
type ModuleSummaries = typeof import('./module-summary');

// The compiler is a large module: it is required on the first TS/JS parse, not when the
// server starts (a Python-only session never loads it). esbuild evaluates a bundled
// CommonJS module on its first require, so this laziness survives bundling.
let parser: Parser | undefined;
let analyzer: Analyzer | undefined;
const loadParser = (): Parser => (parser ??= require('./parser') as Parser);
const loadAnalyzer = (): Analyzer => (analyzer ??= require('./analyze') as Analyzer);
let jsxContext: JsxContext | undefined;
const loadJsxContext = (): JsxContext => (jsxContext ??= require('./jsx-context') as JsxContext);
type StatementCache = typeof import('./statement-cache');
let statementCache: StatementCache | undefined;
const loadStatementCache = (): StatementCache => (statementCache ??= require('./statement-cache') as StatementCache);
let moduleSummaries: ModuleSummaries | undefined;
const loadModuleSummaries = (): ModuleSummaries => (moduleSummaries ??= require('./module-summary') as ModuleSummaries);

/** TS/JS/JSX/TSX through the TypeScript compiler's parser (no type checker). */
export function typescriptBackend(): LanguageBackend<ts.SourceFile> {
  return {
    language: 'typescript',
    comment: '//',
    parse: (text, fileName, previous) => loadParser().parse(text, fileName, previous),
    hasSyntaxErrors: (tree) => loadParser().hasSyntaxErrors(tree),
    // .js files may hold JSX too (Next.js): the tree, not the extension, tells.
    commentAbove: (tree, lineStart) => loadJsxContext().commentAbove(tree, lineStart),
    analyze: (input) => loadAnalyzer().analyze(input),
    // A shared tree (a scan's) starts each use without the statement caches of the last one.
    forget: (tree) => loadStatementCache().dropFileCaches(tree),
    // For files that import this one (cross-module taint; see modules.ts).
    summarize: (input) => loadModuleSummaries().summarize(input),
    summarizer: (input) => loadModuleSummaries().summarizer(input),
    // The compiler and the analyzer, and a line parsed so the parser's first call is paid too.
    warm: () => {
      loadParser().parse('export const ready = true;\n', 'warm.ts');
      loadAnalyzer();
    },
  };
}
