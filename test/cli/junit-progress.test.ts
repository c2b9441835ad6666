import * as assert from 'assert';
import { createProgress } from '../../server/src/cli/progress';
import { removeProjects, runFakeCli, SAFE_PY, tempProject, VULNERABLE_PY } from './helpers';

describe('cli: junit format', () => {
  after(removeProjects);

  it('a test suite per file with findings, a failed test case per finding, errors for failed files', async () => {
    const dir = tempProject({ 'api/a&b.py': VULNERABLE_PY + VULNERABLE_PY.replace('find_customer', 'find_other'), 'api/ok.py': SAFE_PY, 'z.py': '# CRASH\n' });
    const run = await runFakeCli(['scan', '--format', 'junit'], dir);
    assert.strictEqual(run.code, 3);
    const xml = run.stdout;
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="vigil" tests="3" failures="2" errors="1" time="\d+\.\d{3}">\n/);
    assert.match(xml, /\n {2}<testsuite name="api\/a&amp;b\.py" tests="2" failures="2" errors="0">\n/);
    assert.match(xml, /<testcase name="sql-injection @ 9:20" classname="api\/a&amp;b\.py" file="api\/a&amp;b\.py" line="9">\n {6}<failure message="SQL injection: FastAPI parameter `email` reaches `cursor\.execute` through `f&quot;SELECT \* FROM customers WHERE email = &#39;\{email\}&#39;&quot;`\." type="error">api\/a&amp;b\.py:9:20\ncursor\.execute\(f&quot;SELECT/);
    assert.match(xml, /fix: Parameterize this query\ndocs: \S*\/rules\/sql-injection\/README\.md<\/failure>/);
    assert.match(xml, /<testcase name="sql-injection @ 19:20"/);
    assert.match(xml, /<testsuite name="vigil: files that could not be analyzed" tests="1" failures="0" errors="1">\n {4}<testcase name="analyze z\.py" classname="z\.py" file="z\.py">\n {6}<error message="could not be analyzed: Error: fake parser crashed" type="internal-error">/);
    assert.match(xml, /<\/testsuites>\n$/);
    // Balanced tags: every opened element is closed.
    for (const tag of ['testsuites', 'testsuite', 'testcase', 'failure', 'error']) {
      const opened = xml.match(new RegExp(`<${tag}[ >](?![^>]*/>)`, 'g'))?.length ?? 0;
      assert.strictEqual(xml.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0, opened, tag);
    }
  });

  it('a clean scan is one passing test case', async () => {
    const run = await runFakeCli(['scan', '--format', 'junit'], tempProject({ 'a.py': SAFE_PY }));
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /<testsuites name="vigil" tests="1" failures="0" errors="0" time="[\d.]+">\n {2}<testsuite name="vigil" tests="1" failures="0" errors="0">\n {4}<testcase name="1 files scanned, no findings" classname="vigil"\/>\n {2}<\/testsuite>\n<\/testsuites>\n$/);
  });
});

describe('cli: progress bar', () => {
  after(removeProjects);

  function recorder(isTTY: boolean) {
    const writes: string[] = [];
    return { writes, stream: { isTTY, columns: 60, write: (t: string) => writes.push(t) } };
  }

  it('draws on a terminal, at most every 100 ms and at the end, and clears itself', () => {
    const { writes, stream } = recorder(true);
    let time = 0;
    const progress = createProgress(stream, 4, { force: false, now: () => time });
    progress.update(1);
    time = 50;
    progress.update(2);
    time = 150;
    progress.update(3);
    time = 160;
    progress.update(4);
    progress.finish();
    assert.deepStrictEqual(writes, [
      '\r[#####...............] 1/4 files 25%',
      '\r[###############.....] 3/4 files 75%',
      '\r[####################] 4/4 files 100%',
      '\r\u001b[2K',
    ]);
  });

  it('is silent when stderr is not a terminal unless forced (--progress)', () => {
    const quiet = recorder(false);
    const silent = createProgress(quiet.stream, 3, { force: false });
    silent.update(3);
    silent.finish();
    assert.deepStrictEqual(quiet.writes, []);
    const forced = recorder(false);
    const progress = createProgress(forced.stream, 3, { force: true });
    progress.update(3);
    progress.finish();
    assert.deepStrictEqual(forced.writes, ['\r[####################] 3/3 files 100%', '\n']);
  });

  it('scan: on stderr for a terminal and with --progress; never in CI logs otherwise; stdout untouched', async () => {
    const dir = tempProject({ 'a.py': SAFE_PY, 'b.py': VULNERABLE_PY });
    const bar = /\r\[#+\] 2\/2 files 100%/;
    const tty = await runFakeCli(['scan', '--format', 'json'], dir, { stderrTTY: true });
    assert.match(tty.stderr, bar);
    assert.doesNotMatch(tty.stdout, /files 100%/);
    assert.doesNotMatch((await runFakeCli(['scan', '--format', 'json'], dir)).stderr, bar);
    assert.match((await runFakeCli(['scan', '--format', 'json', '--progress'], dir)).stderr, bar);
    assert.doesNotMatch((await runFakeCli(['scan', '--quiet'], dir, { stderrTTY: true })).stderr, bar, '--quiet means quiet');
  });
});
