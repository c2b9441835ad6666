import type { Language } from './types';
import { dependencyFileKind } from './dependencies/kinds';
import type { SpecLanguage } from './rules/spec-types';

const BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
};

/** The file extensions the engine analyzes as source (`.py`, `.tsx`, ...). */
export const SOURCE_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

export const SUPPORTED_LANGUAGES: readonly Language[] = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

export function languageOfPath(path: string): Language | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : BY_EXTENSION[path.slice(dot).toLowerCase()];
}

export function isSupportedLanguage(id: string): id is Language {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(id);
}

/** The taint spec family a language uses: all of TS/JS/JSX/TSX share one. */
export function specLanguage(language: Language): SpecLanguage {
  return language === 'python' ? 'python' : 'typescript';
}

/** Whether the engine analyzes this path: a Python or TypeScript/JavaScript file, a manifest or a lockfile. */
export function isAnalyzedPath(path: string): boolean {
  return languageOfPath(path) !== undefined || dependencyFileKind(path) !== undefined;
}
