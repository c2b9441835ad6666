import * as assert from 'assert';
import * as fs from 'fs';
import { applyFix, checkTimeoutMs, runCheck, scenarios, stage } from './scenario-runner';

// Behaviour scenarios (test/scenarios/README.md): the program works before the fix, Vigil's fix
// removes the finding, and the program still works after it — type-checked under `strict` and
// run under node (TypeScript), run under Debian's python3 with the real libraries (Python).
describe('fix behaviour scenarios', function () {
  this.timeout(120_000);
  for (const scenario of scenarios()) {
    it(`${scenario.name}: ${scenario.spec.description}`, function () {
      // Two runs of the check (before and after) and the fix; a scenario that builds an app says how long one run may take.
      this.timeout(Math.max(120_000, 2 * checkTimeoutMs(scenario) + 60_000));
      const dir = stage(scenario);
      try {
        const before = runCheck(scenario, dir, 'before');
        assert.ok(before.ok, `the check fails before the fix:\n${before.output}`);
        const fixed = applyFix(scenario, dir);
        assert.ok(fixed.before > 0, `no ${scenario.spec.rule} finding to fix`);
        assert.strictEqual(fixed.after, scenario.spec.remaining ?? 0, `${scenario.spec.rule} findings left after the fix:\n${fixed.texts.join('\n----\n')}`);
        const after = runCheck(scenario, dir, 'after');
        assert.ok(after.ok, `the check fails after the fix:\n${after.output}\n--- fixed file(s):\n${fixed.texts.join('\n----\n')}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
