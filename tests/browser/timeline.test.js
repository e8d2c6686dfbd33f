// A job's timeline: clicking its row draws the job's created, started and stopped marks and
// each of the client's requests for that job, as the journal has them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { byTestId, call, submitAgentJob, until, withDashboard } from './harness.js';

const token = 'browser-timeline';

test('clicking a job draws its timeline: marks and the client\'s requests', async () => {
  await withDashboard('timeline', {}, async ({ mock, page, shot }) => {
    const submitted = await submitAgentJob(mock, token, 'Cooking');
    const jobId = submitted.job_id;
    assert.equal((await call(mock, 'GET', `/v1/jobs/${jobId}`, { token })).status, 200);
    assert.equal((await call(mock, 'POST', '/_mock/clock/advance', { body: { seconds: 3600 } })).status, 200);
    const job = (await call(mock, 'GET', `/v1/jobs/${jobId}`, { token })).body;
    assert.equal(job.job_state, 'stopped', JSON.stringify(job));
    const journal = (await call(mock, 'GET', `/_mock/requests?drive_id=${submitted.drive_id}`)).body.data
      .filter((entry) => entry.job_id === jobId);

    const row = byTestId(page, 'job-row', { 'data-job-id': jobId });
    await until('the row says stopped', async () => (await row.getAttribute('data-job-state')) === 'stopped');
    await row.click();
    const timeline = byTestId(page, 'timeline', { 'data-job-id': jobId });
    await timeline.waitFor({ state: 'visible' });

    const marks = async () => (await byTestId(timeline, 'timeline-mark').evaluateAll(
      (elements) => elements.map((e) => e.getAttribute('data-mark')))).sort();
    await until('marks created, started, stopped',
      async () => JSON.stringify(await marks()) === JSON.stringify(['created', 'started', 'stopped']));
    const drawn = async () => (await byTestId(timeline, 'timeline-request').evaluateAll(
      (elements) => elements.map((e) => `${e.getAttribute('data-method')} ${e.getAttribute('data-status')}`))).sort();
    const expected = journal.map((entry) => `${entry.method} ${entry.status}`).sort();
    await until(`requests drawn: ${expected.join(', ')}`,
      async () => JSON.stringify(await drawn()) === JSON.stringify(expected));
    await shot('stopped');

    // Another drive's import, running: the picture of the whole page README shows
    // (docs/dashboard.png).
    const other = await call(mock, 'POST', '/v1/jobs/import/project_media', {
      token: 'browser-other',
      body: { project_name: 'My Video', add_media: { 'intro.mp4': { url: 'https://cdn.example.com/intro.mp4?mock_duration_seconds=600' } } },
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.equal((await call(mock, 'POST', '/_mock/clock/advance', { body: { seconds: 10 } })).status, 200);
    const otherRow = byTestId(page, 'job-row', { 'data-job-id': other.body.job_id });
    await until('the import shown running', async () => (await otherRow.getAttribute('data-job-state')) === 'running');
    await shot('overview');
  });
});
