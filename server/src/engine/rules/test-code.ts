import type { Severity } from '../types';
import type { RuleMeta } from './spec-types';
import { pathFilter } from './path-filter';

// Test code: a finding in a test, a test helper or a fixture builder is worth less than the same
// finding in code that ships (nobody times a test's token comparison; a test's cookie is set on
// a fake request). Each rule says what becomes of its findings there (`testCode` in rule.json):
// `off`, or `info` (the default): reported, never as an error that fails CI.

/** Where test code lives in the stacks Vigil knows: pytest, Django, Jest/Vitest/Mocha, Playwright. */
const TEST_CODE_GLOBS = [
  '**/tests/**',
  '**/__tests__/**',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
  '**/*.test.{js,jsx,ts,tsx,mjs,cjs}',
  '**/*.spec.{js,jsx,ts,tsx,mjs,cjs}',
  '**/test-utils/**',
  '**/testing/**',
];

export const isTestCode = pathFilter(TEST_CODE_GLOBS);

/** The severity of a finding of `rule` at `severity` in test code, or `off` when the rule keeps quiet there. */
export function testCodeSeverity(rule: RuleMeta | undefined, severity: Severity): Severity | 'off' {
  const mode = rule?.testCode ?? 'info';
  if (mode === 'off') return 'off';
  return severity === 'error' || severity === 'warning' ? 'info' : severity;
}
