// Fault rules from the page: a rule added with the form changes the next answer a client gets,
// the list counts it, the row's button removes it, and a refused rule shows the control plane's
// message.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { byTestId, call, text, until, waitReady, withDashboard } from './harness.js';

const token = 'browser-faults';
const submit = (mock) => call(mock, 'POST', '/v1/jobs/agent',
  { token, body: { project_name: 'Cooking', prompt: 'add studio sound' } });

async function fillForm(page, { method, path, action, status, times }) {
  await byTestId(page, 'fault-method').selectOption(method);
  await byTestId(page, 'fault-path').fill(path);
  await byTestId(page, 'fault-action').selectOption(action);
  await byTestId(page, 'fault-status').fill(String(status));
  await byTestId(page, 'fault-times').fill(times === undefined ? '' : String(times));
  await byTestId(page, 'fault-add').click();
}

test('a fault rule added from the form changes the next answer', async () => {
  // The refused rule's 400 is answered to the page on purpose: Chromium logs it as an error.
  await withDashboard('faults', { allowedStatuses: [400] }, async ({ mock, page, shot }) => {
    await fillForm(page, { method: 'POST', path: '/v1/jobs/*', action: 'respond', status: 503, times: 1 });
    const row = byTestId(page, 'fault-row');
    await row.waitFor({ state: 'visible' });
    const rules = (await call(mock, 'GET', '/_mock/faults')).body.data;
    assert.equal(rules.length, 1, JSON.stringify(rules));
    assert.deepEqual(
      { match: rules[0].match, action: rules[0].action, status: rules[0].status, times: rules[0].times },
      { match: { method: 'POST', path: '/v1/jobs/*' }, action: 'respond', status: 503, times: 1 });
    assert.equal(await row.getAttribute('data-fault-id'), String(rules[0].id));
    await shot('added');

    const faulted = await submit(mock);
    assert.equal(faulted.status, 503, JSON.stringify(faulted.body));
    const next = await submit(mock);
    assert.equal(next.status, 201, JSON.stringify(next.body));

    // Counters live or on a reload: the contract asks only that the list shows them.
    await page.reload();
    await waitReady(page);
    await until('the rule shows applied 1',
      async () => await text(byTestId(page, 'fault-applied')) === '1');
    await shot('applied');

    await byTestId(page, 'fault-remove').click();
    await until('the rule gone from the page', async () => (await byTestId(page, 'fault-row').count()) === 0);
    assert.deepEqual((await call(mock, 'GET', '/_mock/faults')).body.data, []);

    // A path no /v1 request can have: the control plane refuses it, and the page says why.
    const refused = await call(mock, 'POST', '/_mock/faults',
      { body: { match: { path: '/_mock/ui' }, action: 'respond', status: 503 } });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    await fillForm(page, { method: '', path: '/_mock/ui', action: 'respond', status: 503 });
    const error = byTestId(page, 'fault-error');
    await error.waitFor({ state: 'visible' });
    await until('the control plane\'s message shown',
      async () => (await text(error)).includes(refused.body.message));
    assert.equal(await byTestId(page, 'fault-row').count(), 0);
    await shot('refused');
  });
});
