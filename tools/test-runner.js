#!/usr/bin/env node
'use strict';
/**
 * `npm test`: runs every jest project twice — under TZ=Asia/Shanghai and under TZ=UTC — because
 * dates must not depend on the machine's zone, then prints one summary line summed over both runs:
 *   tests: N passed, N failed, N skipped
 * Extra arguments are passed to jest (e.g. `npm test -- --selectProjects kernel`).
 * The summary is also written to tmp/test-summary.txt for .ci/run.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const zones = (process.env.TEST_TIMEZONES || 'Asia/Shanghai,UTC').split(',');
// The second zone reruns what computes dates: the libraries and the services' own suites. Suites about
// processes, browsers and whole caseloads (test/: a process killed at random points and restarted; the
// four services as separate processes over Kafka; `npm start` itself; audit's end-to-end suites; the
// web console in a browser; the walk-through) and the services' HTTP suites (routes, status codes and
// bodies around the same pure functions) run under the first zone only, so the suite stays within its
// time budget; the date logic they rely on is covered by unit tests in both zones. The parser's noise
// property test (thousands of generated documents) reads no clock either, nor do the command-line
// tools' suites and the observability plumbing.
// Anchored at the repository's root, so the folder the repository sits in cannot match.
const fromRoot = (relative) => `^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${relative}`;
const FIRST_ZONE_ONLY = [
  fromRoot('test/'),
  '\\.http\\.spec\\.ts$',
  fromRoot('libs/standards/src/parser/noise-property'),
  // Command-line tools against running apps (backup, parked messages, projections) and the metrics and
  // log plumbing: processes and apps, no dates.
  fromRoot('tools/cli/'),
  fromRoot('libs/http/src/observability/'),
];
// Two workers in both zones use both cores (TEST_FIRST_ZONE_WORKERS / TEST_SECOND_ZONE_WORKERS set
// others, e.g. 1 to run a zone in band). The suites that start servers, processes and browsers wait on
// conditions with generous deadlines, so they hold with a second file running next to them.
const FIRST_ZONE_WORKERS = process.env.TEST_FIRST_ZONE_WORKERS || '2';
const SECOND_ZONE_WORKERS = process.env.TEST_SECOND_ZONE_WORKERS || '2';
fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });

// Files that share something of the run which two files at a time would collide on run after the
// others, one at a time: the four services as processes over the run's Kafka mock cluster (fixed topic
// names and consumer groups; one suite checks that no topic moves while it waits).
const ONE_AT_A_TIME = [fromRoot('test/multiprocess/'), fromRoot('test/deploy/compiled-build')];

// Each zone's jest runs: [name, jest arguments].
function runsOf(zone) {
  if (zone !== zones[0]) return [[zone, ['--maxWorkers', SECOND_ZONE_WORKERS, '--testPathIgnorePatterns', '/node_modules/', '/dist/', ...FIRST_ZONE_ONLY]]];
  return [
    [zone, ['--maxWorkers', FIRST_ZONE_WORKERS, '--testPathIgnorePatterns', '/node_modules/', '/dist/', ...ONE_AT_A_TIME]],
    [`${zone} one at a time`, ['--maxWorkers', '1', '--passWithNoTests', ...ONE_AT_A_TIME]],
  ];
}

const total = { passed: 0, failed: 0, skipped: 0 };
let failedRun = false;
for (const zone of zones) {
  for (const [name, zoneArgs] of runsOf(zone)) {
    const out = path.join(root, 'tmp', `jest-${name.replace(/\W+/g, '_')}.json`);
    fs.rmSync(out, { force: true });
    console.log(`\n=== jest under TZ=${name} ===`);
    const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--json', `--outputFile=${out}`, ...zoneArgs, ...args], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        TZ: zone,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
      },
    });
    if (!fs.existsSync(out)) {
      console.error(`jest produced no report under TZ=${name} (exit ${run.status})`);
      failedRun = true;
      total.failed += 1;
      continue;
    }
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    total.passed += report.numPassedTests;
    total.failed += report.numFailedTests;
    total.skipped += report.numPendingTests + report.numTodoTests;
    // A suite that fails to load has no failed tests but is a failure all the same.
    const brokenSuites = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0);
    total.failed += brokenSuites.length;
    if (run.status !== 0) failedRun = true;
  }
}
const line = `tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
fs.writeFileSync(path.join(root, 'tmp', 'test-summary.txt'), `${line}\n`);
console.log(line);
process.exit(failedRun || total.failed > 0 ? 1 : 0);
