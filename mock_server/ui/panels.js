// The smaller panels: the client rules' verdicts, the fault rules (with the form that adds
// one) and the webhook log.
import { call } from './api.js';
import { el, replaceRows, shortId, shortTime } from './dom.js';

const WEBHOOK_ROWS = 200; // the newest attempts shown

export class VerdictsPanel {
  constructor() {
    this.table = document.getElementById('verdicts');
    this.empty = document.getElementById('verdicts-empty');
  }

  async refresh() {
    const answer = await call('GET', '/_mock/verdicts');
    const rows = [];
    for (const drive of answer.data)
      for (const rule of drive.rules) {
        if (!rule.violations) continue;
        rows.push(
          el(
            'tr',
            { 'data-testid': 'verdict', 'data-drive-id': drive.drive_id, 'data-rule': rule.rule },
            el('td', {}, shortId(drive.drive_id)),
            el('td', { title: rule.description }, el('strong', { text: rule.rule })),
            el('td', { 'data-testid': 'verdict-count', class: 'number', text: rule.violations }),
            el('td', { 'data-testid': 'verdict-evidence', class: 'evidence', text: rule.latest }),
          ),
        );
      }
    replaceRows(this.table, rows);
    this.empty.hidden = rows.length > 0;
  }
}

const numberOrNull = (input) => (input.value.trim() === '' ? null : Number(input.value));

export class FaultsPanel {
  constructor({ onChange }) {
    this.table = document.getElementById('faults');
    this.error = document.getElementById('fault-error');
    this.form = document.getElementById('fault-form');
    const field = (id) => document.getElementById(id);
    this.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const action = field('fault-action').value;
      const rule = { match: {}, action };
      if (field('fault-method').value) rule.match.method = field('fault-method').value;
      if (field('fault-path').value.trim()) rule.match.path = field('fault-path').value.trim();
      if (action === 'respond' || action === 'respond_after_processing') {
        rule.status = numberOrNull(field('fault-status'));
        const retryAfter = numberOrNull(field('fault-retry-after'));
        if (retryAfter !== null) rule.headers = { 'Retry-After': String(retryAfter) };
      }
      const latency = numberOrNull(field('fault-latency'));
      if (latency !== null) rule.latency_ms = latency;
      const times = numberOrNull(field('fault-times'));
      if (times !== null) rule.times = times;
      try {
        await call('POST', '/_mock/faults', { body: rule });
        this.error.hidden = true;
        this.error.textContent = '';
      } catch (error) {
        this.error.textContent = error.message;
        this.error.hidden = false;
      }
      onChange();
    });
    this.table.tBodies[0].addEventListener('click', async (event) => {
      const button = event.target.closest('button[data-testid=fault-remove]');
      if (!button) return;
      button.disabled = true;
      try {
        await call('DELETE', `/_mock/faults/${encodeURIComponent(button.dataset.faultId)}`);
      } catch (error) {
        this.error.textContent = error.message;
        this.error.hidden = false;
      }
      onChange();
    });
  }

  async refresh() {
    const answer = await call('GET', '/_mock/faults');
    replaceRows(
      this.table,
      answer.data.map((fault) => {
        const match = [fault.match.method || 'any', fault.match.path || '*'];
        if (fault.match.drive_id) match.push(`drive ${fault.match.drive_id.slice(0, 8)}`);
        if (fault.match.nth) match.push(`#${fault.match.nth}`);
        const action = [fault.action];
        if (fault.status) action.push(String(fault.status));
        if (fault.headers && fault.headers['Retry-After']) action.push(`Retry-After ${fault.headers['Retry-After']}`);
        if (fault.latency_ms) action.push(`${fault.latency_ms} ms`);
        if (fault.times) action.push(`${fault.times}x`);
        if (fault.probability !== undefined) action.push(`p=${fault.probability}`);
        return el(
          'tr',
          { 'data-testid': 'fault-row', 'data-fault-id': fault.id },
          el('td', {}, shortId(fault.id)),
          el('td', { text: match.join(' ') }),
          el('td', { text: action.join(' ') }),
          el('td', { 'data-testid': 'fault-matched', class: 'number', text: fault.matched }),
          el('td', { 'data-testid': 'fault-applied', class: 'number', text: fault.applied }),
          el('td', {}, el('button', { type: 'button', 'data-testid': 'fault-remove', 'data-fault-id': fault.id, text: 'remove' })),
        );
      }),
    );
  }
}

export class WebhooksPanel {
  constructor() {
    this.table = document.getElementById('webhooks');
  }

  async refresh() {
    const answer = await call('GET', '/_mock/webhooks');
    const newest = answer.data.slice(-WEBHOOK_ROWS).reverse();
    replaceRows(
      this.table,
      newest.map((a) =>
        el(
          'tr',
          { 'data-testid': 'webhook-row', 'data-job-id': a.job_id, 'data-status': a.status || 0 },
          el('td', { text: shortTime(a.simulated_time) }),
          el('td', {}, shortId(a.job_id)),
          el('td', { text: a.attempt + (a.duplicate ? ' (duplicate)' : '') }),
          el('td', { class: `status s${Math.floor((a.status || 500) / 100)}`, text: a.status || a.error || 'none' }),
          el('td', { class: 'path', text: a.url }),
        ),
      ),
    );
    document.getElementById('webhooks-count').textContent = answer.data.length ? `(${answer.data.length})` : '';
  }
}
