// The clock from the page: its mode and time as /_mock/clock gives them, and the advance buttons,
// which move a job on through running (with its progress bar) to stopped.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { byTestId, call, submitAgentJob, text, until, withDashboard } from './harness.js';

const token = 'browser-clock';

test('advancing the clock from the page moves a job to stopped', async () => {
  await withDashboard('clock', {}, async ({ mock, page, shot }) => {
    const submitted = await submitAgentJob(mock, token, 'Cooking');
    const jobId = submitted.job_id;
    const row = byTestId(page, 'job-row', { 'data-job-id': jobId });
    await row.waitFor({ state: 'visible' });

    assert.equal(await text(byTestId(page, 'clock-mode')), 'manual');
    const clockText = () => text(byTestId(page, 'clock-now'));
    const started = (await call(mock, 'GET', '/_mock/clock')).body.now;
    assert.equal(await clockText(), started);
    // The summary that enables it is loaded beside the jobs the row came with: wait for it.
    await until('a queued job has a next transition',
      async () => byTestId(page, 'advance-next').isEnabled());
    await shot('queued');

    // The page's clock and row follow each click; the row as the API tells the job.
    const advance = async (button) => {
      const before = (await call(mock, 'GET', '/_mock/clock')).body.now;
      await byTestId(page, button).click();
      const now = await until(`the clock moved by ${button}`, async () => {
        const after = (await call(mock, 'GET', '/_mock/clock')).body.now;
        return after !== before && after;
      });
      await until(`the page's clock says ${now} after ${button}`, async () => (await clockText()) === now);
      const state = (await call(mock, 'GET', `/v1/jobs/${jobId}`, { token })).body.job_state;
      await until(`the row says ${state} after ${button}`,
        async () => (await row.getAttribute('data-job-state')) === state);
      assert.equal(await text(byTestId(row, 'job-state')), state);
      return state;
    };

    if ((await advance('advance-10s')) === 'running') {
      assert.ok(await byTestId(row, 'job-progress').count() > 0, 'a running job has a job-progress element');
      await shot('running');
    }
    assert.equal(await advance('advance-1h'), 'stopped');
    await shot('stopped');
  });
});
