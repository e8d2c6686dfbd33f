// The page is absent (404) with --no-admin; and a page that is not there fails a test clearly.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openDashboard, withDashboard } from './harness.js';

test('with --no-admin there is no /_mock/ui, and opening it fails with its status', async () => {
  await withDashboard('page-absent', { mockArgs: ['--no-admin'], open: false, allowedStatuses: [404] },
    async ({ mock, page }) => {
      await assert.rejects(openDashboard(page, mock), /GET \/_mock\/ui answered 404, not 200/);
    });
});
