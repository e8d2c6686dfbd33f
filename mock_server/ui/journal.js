// The request journal, newest first, a window at a time: the newest entries that match the
// filters (GET /_mock/requests?newest=), or older ones before the window shown (before_id),
// with the client rules each request broke.
import { call } from './api.js';
import { debounce, el, replaceRows, shortId, shortTime } from './dom.js';

const WINDOW = 100;

export class JournalPanel {
  constructor() {
    this.table = document.getElementById('journal');
    this.error = document.getElementById('journal-error');
    this.method = document.getElementById('journal-filter-method');
    this.path = document.getElementById('journal-filter-path');
    this.newest = document.getElementById('journal-newer');
    this.older = document.getElementById('journal-older');
    this.beforeIds = []; // empty: the newest window; else the before_id of each older window
    this.oldestShown = null;
    const restart = () => {
      this.beforeIds = [];
      this.refresh().catch((error) => this.fail(error));
    };
    this.method.addEventListener('change', restart);
    this.path.addEventListener('input', debounce(restart, 300));
    this.newest.addEventListener('click', restart);
    this.older.addEventListener('click', () => {
      if (this.oldestShown === null) return;
      this.beforeIds.push(this.oldestShown);
      this.refresh().catch((error) => this.fail(error));
    });
  }

  fail(error) {
    this.error.textContent = error.message;
    this.error.hidden = false;
  }

  async refresh() {
    const query = {
      newest: WINDOW,
      method: this.method.value,
      path_prefix: this.path.value.trim(),
      before_id: this.beforeIds[this.beforeIds.length - 1],
    };
    const page = await call('GET', '/_mock/requests', { query });
    this.error.hidden = true;
    const entries = page.data.slice().reverse(); // newest first
    this.oldestShown = entries.length ? entries[entries.length - 1].id : null;
    replaceRows(this.table, entries.map(row));
    this.newest.disabled = this.beforeIds.length === 0;
    this.older.disabled = entries.length < WINDOW;
    document.getElementById('journal-count').textContent = entries.length
      ? `(#${entries[entries.length - 1].id}-#${entries[0].id}${page.dropped ? `, ${page.dropped} pushed out` : ''})`
      : '';
  }
}

function row(entry) {
  const rules = (entry.rules_broken || []).map((rule) =>
    el('span', { 'data-testid': 'journal-verdict', 'data-rule': rule, class: 'rule', text: rule }),
  );
  const status = entry.connection_dropped ? `${entry.status} dropped` : String(entry.status);
  const retry = entry.retry_after_seconds ? ` (Retry-After ${entry.retry_after_seconds})` : '';
  return el(
    'tr',
    {
      'data-testid': 'journal-row',
      'data-request-id': entry.id,
      'data-status': entry.status,
      'data-method': entry.method,
      class: rules.length ? 'broke' : null,
    },
    el('td', { text: entry.id }),
    el('td', { text: shortTime(entry.simulated_time), title: `wall ${entry.wall_time}` }),
    el('td', { text: entry.method }),
    el('td', { class: 'path', text: entry.path + (entry.query ? `?${entry.query}` : ''), title: entry.fault ? `fault ${entry.fault}` : null }),
    el('td', { class: `status s${Math.floor(entry.status / 100)}`, text: status + retry }),
    el('td', {}, shortId(entry.drive_id)),
    el('td', {}, ...rules),
  );
}
