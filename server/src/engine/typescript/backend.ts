import type { LanguageBackend } from '../backend';

// Placeholder until the TypeScript compiler backend lands (issue 3, in progress).
export function typescriptBackend(): LanguageBackend<string> {
  return { language: 'typescript', comment: '//', parse: (t) => t, hasSyntaxErrors: () => false, analyze: () => [] };
}
