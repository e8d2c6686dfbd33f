// The client rules, live: a poll 0.5 s (wall time) after the last breaks poll-interval, and the
// page shows the verdict (count and the harness's evidence) and marks the request in the journal.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';

import { byTestId, call, submitAgentJob, text, until, withDashboard } from './harness.js';

const token = 'browser-poller';

test('a poll 0.5 s after the last shows its poll-interval verdict on the page', async () => {
  await withDashboard('verdicts', {}, async ({ mock, page, shot }) => {
    const submitted = await submitAgentJob(mock, token, 'Cooking');
    const { job_id: jobId, drive_id: driveId } = submitted;
    assert.equal((await call(mock, 'GET', `/v1/jobs/${jobId}`, { token })).status, 200);
    await sleep(500);
    assert.equal((await call(mock, 'GET', `/v1/jobs/${jobId}`, { token })).status, 200);

    const drive = (await call(mock, 'GET', '/_mock/verdicts')).body.data.find((d) => d.drive_id === driveId);
    const rule = drive?.rules.find((r) => r.rule === 'poll-interval');
    assert.ok(rule && rule.violations >= 1, `the mock judged no poll-interval violation: ${JSON.stringify(drive)}`);

    const verdict = byTestId(page, 'verdict', { 'data-drive-id': driveId, 'data-rule': 'poll-interval' });
    await verdict.waitFor({ state: 'visible' });
    await until(`verdict count ${rule.violations}`,
      async () => await text(byTestId(verdict, 'verdict-count')) === String(rule.violations));
    await until('verdict evidence as /_mock/verdicts gives it',
      async () => await text(byTestId(verdict, 'verdict-evidence')) === rule.latest);

    // The journal marks the second poll, the request that broke the rule.
    const reads = (await call(mock, 'GET', `/_mock/requests?drive_id=${driveId}&method=GET`)).body.data;
    const offending = reads[reads.length - 1];
    const journalRow = byTestId(page, 'journal-row', { 'data-request-id': offending.id });
    await journalRow.waitFor({ state: 'visible' });
    assert.equal(await journalRow.getAttribute('data-status'), '200');
    assert.equal(await journalRow.getAttribute('data-method'), 'GET');
    assert.equal(await byTestId(journalRow, 'journal-verdict', { 'data-rule': 'poll-interval' }).count(), 1);
    await shot('poll-interval');
  });
});
