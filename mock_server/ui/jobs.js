// The jobs of every drive, newest first, a page at a time (GET /_mock/jobs), with filters;
// the page shown is reloaded when jobs change, so that states and progress stay current.
import { call } from './api.js';
import { debounce, el, replaceRows, shortId, shortTime } from './dom.js';

const PAGE_SIZE = 50;

export class JobsPanel {
  constructor({ onChange, onSelect }) {
    this.table = document.getElementById('jobs');
    this.error = document.getElementById('jobs-error');
    this.filters = {
      type: document.getElementById('filter-type'),
      state: document.getElementById('filter-state'),
      project: document.getElementById('filter-project'),
    };
    this.cursors = ['']; // the cursor of each page up to the one shown
    this.jobs = new Map(); // the page shown, by id
    this.selected = null;
    this.onSelect = onSelect;
    const restart = () => {
      this.cursors = [''];
      onChange();
    };
    this.filters.type.addEventListener('change', restart);
    this.filters.state.addEventListener('change', restart);
    const typed = debounce(restart, 300);
    this.filters.project.addEventListener('input', typed);
    this.filters.project.addEventListener('change', restart);
    this.newer = document.getElementById('jobs-newer');
    this.older = document.getElementById('jobs-older');
    this.newer.addEventListener('click', () => {
      this.cursors.pop();
      onChange();
    });
    this.older.addEventListener('click', () => {
      if (this.nextCursor) this.cursors.push(this.nextCursor);
      onChange();
    });
    this.table.tBodies[0].addEventListener('click', (event) => {
      const row = event.target.closest('tr[data-job-id]');
      if (row) this.select(row.dataset.jobId);
    });
    this.table.tBodies[0].addEventListener('keydown', (event) => {
      const row = event.target.closest('tr[data-job-id]');
      if (row && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        this.select(row.dataset.jobId);
      }
    });
  }

  // Whether a job of the page shown is still moving (its progress changes with the clock).
  anyMoving() {
    for (const job of this.jobs.values())
      if (job.job_state === 'queued' || job.job_state === 'running') return true;
    return false;
  }

  select(jobId) {
    this.selected = jobId;
    for (const row of this.table.tBodies[0].rows)
      row.classList.toggle('selected', row.dataset.jobId === jobId);
    const job = this.jobs.get(jobId);
    if (job) this.onSelect(job);
  }

  job(jobId) {
    return this.jobs.get(jobId);
  }

  async refresh() {
    const query = {
      limit: PAGE_SIZE,
      cursor: this.cursors[this.cursors.length - 1],
      type: this.filters.type.value,
      job_state: this.filters.state.value,
      project_id: this.filters.project.value.trim(),
    };
    let page;
    try {
      page = await call('GET', '/_mock/jobs', { query });
    } catch (error) {
      if (error.status !== 400) throw error;
      this.error.textContent = error.message;
      this.error.hidden = false;
      this.jobs = new Map();
      replaceRows(this.table, []);
      return;
    }
    this.error.hidden = true;
    this.nextCursor = page.next_cursor || '';
    this.jobs = new Map(page.data.map((job) => [job.job_id, job]));
    replaceRows(this.table, page.data.map((job) => this.row(job)));
    this.newer.disabled = this.cursors.length <= 1;
    this.older.disabled = !this.nextCursor;
    const first = (this.cursors.length - 1) * PAGE_SIZE;
    document.getElementById('jobs-page').textContent = page.data.length
      ? `${first + 1}-${first + page.data.length}`
      : '';
    document.getElementById('jobs-total').textContent =
      page.total !== undefined ? `(${page.total})` : '';
  }

  row(job) {
    const state = job.job_state;
    const percent = job.progress && typeof job.progress.percent === 'number' ? job.progress.percent : 0;
    const progress =
      state === 'running'
        ? el(
            'span',
            { class: 'progress' },
            el('progress', { 'data-testid': 'job-progress', max: 100, value: percent }),
            el('span', { class: 'label', text: `${percent}% ${(job.progress && job.progress.label) || ''}` }),
          )
        : null;
    const result = job.result ? job.result.status : '';
    const row = el(
      'tr',
      {
        'data-testid': 'job-row',
        'data-job-id': job.job_id,
        'data-drive-id': job.drive_id,
        'data-job-state': state,
        class: job.job_id === this.selected ? 'selected' : null,
        tabindex: 0,
      },
      el('td', { text: shortTime(job.created_at) }),
      el('td', {}, shortId(job.drive_id)),
      el('td', { text: job.job_type }),
      el('td', {}, el('span', { 'data-testid': 'job-state', class: `state ${state}`, text: state })),
      el('td', {}, progress),
      el('td', {}, el('span', { class: `result ${result}`, text: result, title: resultTitle(job) })),
      el('td', {}, shortId(job.project_id)),
      el('td', {}, shortId(job.job_id)),
    );
    return row;
  }
}

function resultTitle(job) {
  if (!job.result) return null;
  if (job.result.error_message) return job.result.error_message;
  return null;
}
