// --admin-token: the page asks for the token once (a wrong one asks again, saying so), then
// loads, and keeps the token for the tab, so that a reload does not ask again.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { byTestId, call, openDashboard, waitReady, withDashboard } from './harness.js';

const adminToken = 'browser-admin-secret';

test('the admin token prompt: wrong token, then the right one; a reload keeps it', async () => {
  // The page's data calls answer 401 until it has the token: Chromium logs each as an error.
  await withDashboard('admin-token', { mockArgs: ['--admin-token', adminToken], open: false, allowedStatuses: [401] },
    async ({ mock, page, shot }) => {
      assert.equal((await call(mock, 'GET', '/_mock/clock')).status, 401, 'the control plane needs the token');
      const submitted = await call(mock, 'POST', '/v1/jobs/agent',
        { token: 'browser-user', body: { project_name: 'Cooking', prompt: 'add studio sound' } });
      assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
      const row = byTestId(page, 'job-row', { 'data-job-id': submitted.body.job_id });

      await openDashboard(page, mock, { ready: false });
      const dialog = byTestId(page, 'token-dialog');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await byTestId(page, 'token-error').isVisible(), false, 'no error before a token was given');
      await shot('asked');

      await byTestId(page, 'token-input').fill('not-the-token');
      await byTestId(page, 'token-submit').click();
      await byTestId(page, 'token-error').waitFor({ state: 'visible' });
      assert.equal(await dialog.isVisible(), true, 'a wrong token shows the dialog again');
      await shot('wrong');

      await byTestId(page, 'token-input').fill(adminToken);
      await byTestId(page, 'token-submit').click();
      await dialog.waitFor({ state: 'hidden' });
      await waitReady(page);
      await row.waitFor({ state: 'visible' });
      const kept = await page.evaluate(() => Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)));
      assert.ok(kept.some((v) => v.includes(adminToken)), 'the token is kept in sessionStorage');
      await shot('accepted');

      await page.reload();
      await waitReady(page);
      await row.waitFor({ state: 'visible' });
      assert.equal(await dialog.isVisible(), false, 'a reload does not ask again');
      await shot('reloaded');
    });
});
