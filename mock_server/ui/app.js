// The dashboard: loads every panel, then keeps them current from the event stream, reloading
// a panel at most a few times a second however many events arrive.
import { call, fetchText, watchEvents } from './api.js';
import { ClockPanel } from './clock.js';
import { JobsPanel } from './jobs.js';
import { TimelinePanel } from './timeline.js';
import { JournalPanel } from './journal.js';
import { VerdictsPanel, FaultsPanel, WebhooksPanel } from './panels.js';

const FLUSH_MS = 250; // the shortest time between two reloads of a panel
const TICK_MS = 2000; // how often a moving clock and running jobs are looked at again

const status = document.getElementById('status');
function report(error) {
  status.textContent = error && error.message ? error.message : String(error);
  status.classList.add('error');
}
function clearReport() {
  status.textContent = '';
  status.classList.remove('error');
}

const dirty = new Set();
const loading = new Set();
let timer = null;

function mark(...names) {
  for (const name of names) dirty.add(name);
  if (!timer) timer = setTimeout(flush, FLUSH_MS);
}

const everything = () => mark(...Object.keys(panels));

function flush() {
  timer = null;
  for (const name of [...dirty]) {
    if (loading.has(name)) continue;
    dirty.delete(name);
    loading.add(name);
    panels[name]
      .refresh()
      .catch(report)
      .finally(() => {
        loading.delete(name);
        if (dirty.has(name) && !timer) timer = setTimeout(flush, FLUSH_MS);
      });
  }
}

const scenarioName = document.getElementById('scenario-name');
const scenario = {
  async refresh() {
    const s = await call('GET', '/_mock/scenario');
    scenarioName.textContent = s.name || '';
  },
};

const timeline = new TimelinePanel();
const panels = {
  clock: new ClockPanel({ onAdvanced: () => mark('clock', 'jobs', 'timeline', 'webhooks'), report }),
  jobs: new JobsPanel({ onChange: () => mark('jobs'), onSelect: (job) => timeline.show(job) }),
  timeline,
  journal: new JournalPanel(),
  verdicts: new VerdictsPanel(),
  faults: new FaultsPanel({ onChange: () => mark('faults') }),
  webhooks: new WebhooksPanel(),
  scenario,
};
timeline.jobOf = (jobId) => panels.jobs.job(jobId);

// What each event changes on the page.
function onEvents(events) {
  for (const { type, data } of events) {
    if (type === 'request') {
      mark('journal', 'faults');
      if (data.job_id && data.job_id === timeline.jobId) mark('timeline');
    } else if (type === 'verdict') {
      mark('verdicts', 'journal');
    } else if (type === 'job') {
      mark('jobs', 'clock');
      if (data.job_id === timeline.jobId) mark('timeline');
    } else if (type === 'webhook') {
      mark('webhooks');
      if (data.job_id === timeline.jobId) mark('timeline');
    } else if (type === 'clock') {
      if (data.reset) everything();
      else mark('clock', 'jobs', 'timeline');
    }
  }
}

document.getElementById('reset').addEventListener('click', async () => {
  try {
    await call('POST', '/_mock/reset');
    clearReport();
    everything();
  } catch (error) {
    report(error);
  }
});

document.getElementById('scenario-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    await call('POST', '/_mock/scenario', { body: await file.text() });
    clearReport();
    everything();
  } catch (error) {
    report(error);
  }
  event.target.value = '';
});

document.getElementById('snapshot-download').addEventListener('click', async () => {
  try {
    const text = await fetchText('/_mock/state');
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `descript-mock-state-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    report(error);
  }
});

document.getElementById('snapshot-upload').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    await call('POST', '/_mock/state', { body: await file.text() });
    clearReport();
    everything();
  } catch (error) {
    report(error);
  }
  event.target.value = '';
});

async function start() {
  const names = Object.keys(panels);
  const results = await Promise.allSettled(names.map((name) => panels[name].refresh()));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) report(failed.reason);
  document.body.dataset.ready = '1';
  watchEvents(onEvents, everything);
  // A wall or scaled clock moves without events, and so do running jobs' progress.
  setInterval(() => {
    if (panels.clock.moving()) mark('clock');
    if (panels.clock.moving() && panels.jobs.anyMoving()) mark('jobs', 'timeline');
  }, TICK_MS);
}

start();
