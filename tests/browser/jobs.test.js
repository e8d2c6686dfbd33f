// Jobs, live: a job submitted by another client (this test, with fetch) is on the page within a
// second, from the event stream, as a row with its drive and state; the filters narrow the table.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { byTestId, call, limits, submitAgentJob, text, until, withDashboard } from './harness.js';

// Waits for the row of `jobId` and prints how long it took. The page shows a new job within a
// second (README), but that is a timing figure, which a busy machine must not turn into a
// failure: only a row that does not come at all fails. With the manual clock the page does not
// poll, so a row that comes without a reload came through the event stream.
async function rowLive(page, jobId) {
  const row = byTestId(page, 'job-row', { 'data-job-id': jobId });
  const since = performance.now();
  try {
    await row.waitFor({ state: 'visible', timeout: limits.actionMs });
  } catch {
    assert.fail(`job ${jobId} is not on the page ${limits.actionMs} ms after its submission was answered`);
  }
  console.log(`job ${jobId} came on the page ${Math.round(performance.now() - since)} ms after its submission was answered`);
  return row;
}

test('a job submitted by another client comes on the page live, with its drive and state', async () => {
  await withDashboard('jobs', {}, async ({ mock, page, shot }) => {
    await shot('empty');
    const first = await submitAgentJob(mock, 'browser-alice', 'Cooking');
    const row = await rowLive(page, first.job_id);
    // A second drive's job: the table shows every drive.
    const second = await submitAgentJob(mock, 'browser-bob', 'Coffee');
    await rowLive(page, second.job_id);

    assert.equal(await row.getAttribute('data-drive-id'), first.drive_id);
    const job = (await call(mock, 'GET', `/v1/jobs/${first.job_id}`, { token: 'browser-alice' })).body;
    await until(`row of job ${first.job_id} says ${job.job_state}`,
      async () => (await row.getAttribute('data-job-state')) === job.job_state);
    assert.equal(await text(byTestId(row, 'job-state')), job.job_state);
    await shot('submitted');
  });
});

test('the type and state filters narrow the jobs table', async () => {
  await withDashboard('jobs-filters', {}, async ({ mock, page, shot }) => {
    const agent = await submitAgentJob(mock, 'browser-alice', 'Cooking');
    const imported = await call(mock, 'POST', '/v1/jobs/import/project_media', {
      token: 'browser-alice',
      body: { project_name: 'My Video', add_media: { 'intro.mp4': { url: 'https://cdn.example.com/intro.mp4' } } },
    });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    const shownIds = async () => (await byTestId(page, 'job-row').evaluateAll(
      (rows) => rows.map((r) => r.getAttribute('data-job-id')))).sort();
    const both = [agent.job_id, imported.body.job_id].sort();
    await until('both jobs shown', async () => JSON.stringify(await shownIds()) === JSON.stringify(both));

    await byTestId(page, 'filter-type').selectOption('import/project_media');
    await until('only the import shown', async () => JSON.stringify(await shownIds()) === JSON.stringify([imported.body.job_id]));
    await shot('type-import');
    await byTestId(page, 'filter-type').selectOption('');
    await byTestId(page, 'filter-state').selectOption('stopped');
    await until('no job shown (none stopped)', async () => (await shownIds()).length === 0);
    await byTestId(page, 'filter-state').selectOption('');
    await until('both jobs shown again', async () => JSON.stringify(await shownIds()) === JSON.stringify(both));
  });
});
