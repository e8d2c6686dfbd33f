// A job's timeline on the simulated clock: its created, started and stopped marks, every
// client request for it (GET /_mock/requests?job_id=), a 429's Retry-After window shaded,
// and its webhook attempts; a too-fast poll or an ignored Retry-After shows at a glance.
import { call } from './api.js';
import { el, svg } from './dom.js';

const WIDTH = 960;
const HEIGHT = 150;
const LEFT = 20;
const RIGHT = 20;
const AXIS_Y = 120;
const REQUEST_Y = 60;
const WEBHOOK_Y = 95;
const MAX_REQUESTS = 2000; // the newest requests for the job that are drawn

function statusClass(entry) {
  if (entry.connection_dropped || entry.status >= 500) return 'server';
  if (entry.status === 429) return 'limited';
  if (entry.status >= 400) return 'client';
  return 'ok';
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(3)} s`;
}

export class TimelinePanel {
  constructor() {
    this.box = document.getElementById('timeline-box');
    this.title = document.getElementById('timeline-title');
    this.jobId = null;
    this.job = null;
    this.jobOf = () => undefined; // the jobs panel's current copy of a job
  }

  show(job) {
    this.jobId = job.job_id;
    this.job = job;
    this.refresh().catch((error) => {
      this.box.replaceChildren(el('p', { class: 'error', text: error.message }));
    });
  }

  async refresh() {
    if (!this.jobId) return;
    const jobId = this.jobId;
    const [journal, webhooks] = await Promise.all([
      call('GET', '/_mock/requests', { query: { job_id: jobId, newest: MAX_REQUESTS } }),
      call('GET', '/_mock/webhooks'),
    ]);
    if (jobId !== this.jobId) return; // another job was chosen meanwhile
    this.job = this.jobOf(jobId) || this.job;
    const attempts = webhooks.data.filter((attempt) => attempt.job_id === jobId);
    this.draw(this.job, journal.data, attempts);
  }

  draw(job, requests, attempts) {
    this.title.textContent = `${job.job_type} ${job.job_id} (${job.job_state})`;
    const marks = [['created', job.created_at], ['started', job.started_at], ['stopped', job.stopped_at]]
      .filter(([, at]) => at)
      .map(([mark, at]) => ({ mark, at: Date.parse(at) }));
    const times = marks.map((m) => m.at);
    for (const r of requests) {
      const at = Date.parse(r.simulated_time);
      times.push(at);
      if (r.retry_after_seconds) times.push(at + r.retry_after_seconds * 1000);
    }
    for (const a of attempts) times.push(Date.parse(a.simulated_time));
    const start = Math.min(...times);
    const end = Math.max(...times, start + 1000);
    const x = (at) => LEFT + ((at - start) / (end - start)) * (WIDTH - LEFT - RIGHT);

    const drawing = svg('svg', {
      'data-testid': 'timeline',
      'data-job-id': job.job_id,
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      class: 'timeline',
      role: 'img',
      'aria-label': `Timeline of job ${job.job_id}`,
    });
    drawing.append(svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: AXIS_Y, y2: AXIS_Y, class: 'axis' }));
    drawing.append(
      svg('text', { x: LEFT, y: HEIGHT - 8, class: 'tick', text: new Date(start).toISOString() }),
      svg('text', { x: WIDTH - RIGHT, y: HEIGHT - 8, class: 'tick end', text: `+${seconds(end - start)}` }),
    );
    for (const r of requests) {
      if (!r.retry_after_seconds) continue;
      const at = Date.parse(r.simulated_time);
      drawing.append(
        svg('rect', {
          'data-testid': 'timeline-retry-window',
          x: x(at),
          y: REQUEST_Y - 16,
          width: Math.max(1, x(at + r.retry_after_seconds * 1000) - x(at)),
          height: 32,
          class: 'retry-window',
        }, svg('title', { text: `Retry-After: ${r.retry_after_seconds} s from request #${r.id}` })),
      );
    }
    for (const m of marks) {
      drawing.append(
        svg('g', { 'data-testid': 'timeline-mark', 'data-mark': m.mark, class: `mark ${m.mark}` },
          svg('line', { x1: x(m.at), x2: x(m.at), y1: 20, y2: AXIS_Y }),
          svg('text', { x: x(m.at) + 3, y: 16, text: m.mark }),
          svg('title', { text: `${m.mark} ${new Date(m.at).toISOString()}` })),
      );
    }
    let previous = null;
    for (const r of requests) {
      const at = Date.parse(r.simulated_time);
      const gap = previous === null ? '' : `, ${seconds(at - previous)} after the one before`;
      previous = at;
      const broken = r.rules_broken && r.rules_broken.length ? `; broke ${r.rules_broken.join(', ')}` : '';
      drawing.append(
        svg('circle', {
          'data-testid': 'timeline-request',
          'data-status': r.status,
          'data-method': r.method,
          'data-request-id': r.id,
          cx: x(at),
          cy: REQUEST_Y,
          r: 5,
          class: `request ${statusClass(r)}${broken ? ' broke' : ''}`,
        }, svg('title', { text: `#${r.id} ${r.method} ${r.path} -> ${r.status} at ${r.simulated_time}${gap}${broken}` })),
      );
    }
    for (const a of attempts) {
      const at = x(Date.parse(a.simulated_time));
      drawing.append(
        svg('path', {
          'data-testid': 'timeline-webhook',
          'data-status': a.status,
          d: `M${at} ${WEBHOOK_Y - 6}l6 6l-6 6l-6 -6z`,
          class: `webhook ${a.status >= 200 && a.status < 300 ? 'ok' : 'server'}`,
        }, svg('title', { text: `webhook attempt ${a.attempt} -> ${a.status || a.error} at ${a.simulated_time}` })),
      );
    }
    const caption = el('p', {
      class: 'muted',
      text: `${requests.length} request${requests.length === 1 ? '' : 's'}, ${attempts.length} webhook attempt${attempts.length === 1 ? '' : 's'}`,
    });
    this.box.replaceChildren(drawing, caption);
  }
}
