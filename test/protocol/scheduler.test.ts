import * as assert from 'assert';
import { DebouncedQueue } from '../../server/src/lsp/scheduler';

describe('analysis scheduling', () => {
  it('analyzes an edit after a quiet period at once and debounces a burst into one run', async () => {
    let clock = 1_000;
    const runs: string[] = [];
    let ran!: () => void;
    let next = new Promise<void>((resolve) => (ran = resolve));
    const queue = new DebouncedQueue(async (uri) => {
      runs.push(uri);
      ran();
    }, () => clock);

    assert.strictEqual(queue.scheduleChange('a', 30), 0, 'never analyzed: at once');
    await next;
    next = new Promise<void>((resolve) => (ran = resolve));

    clock += 10;
    assert.strictEqual(queue.scheduleChange('a', 30), 30, '10 ms after the last run: wait for the burst to end');
    assert.strictEqual(queue.scheduleChange('a', 30), 30, 'still pending: restart the wait');
    assert.ok(queue.isPending('a'));
    await next;
    assert.deepStrictEqual(runs, ['a', 'a'], 'the burst cost one analysis');

    clock += 100;
    assert.strictEqual(queue.scheduleChange('a', 30), 0, 'a keystroke after a pause: at once');
    assert.strictEqual(queue.scheduleChange('b', 30), 0, 'documents are independent');
    queue.cancelAll();
    assert.ok(!queue.isPending('a') && !queue.isPending('b'));
  });
});
