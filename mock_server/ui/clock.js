// The clock: its mode and time, the advance buttons, and the summary line (GET /_mock/summary,
// whose next_transition the "to next transition" button moves to).
import { call } from './api.js';

export class ClockPanel {
  constructor({ onAdvanced, report }) {
    this.now = document.getElementById('clock-now');
    this.mode = document.getElementById('clock-mode');
    this.next = document.getElementById('advance-next');
    this.summaryLine = document.getElementById('summary');
    this.state = null;
    const advance = async (seconds) => {
      try {
        const result = await call('POST', '/_mock/clock/advance', { body: { seconds } });
        this.now.textContent = result.now;
        onAdvanced();
      } catch (error) {
        report(error);
      }
    };
    for (const button of document.querySelectorAll('button[data-seconds]'))
      button.addEventListener('click', () => advance(Number(button.dataset.seconds)));
    this.next.addEventListener('click', () => {
      if (!this.state || !this.state.next_transition) return;
      const ms = Date.parse(this.state.next_transition) - Date.parse(this.state.now);
      advance(Math.max(0, ms) / 1000);
    });
  }

  // Whether simulated time moves by itself (wall or scaled).
  moving() {
    return this.state !== null && this.state.mode !== 'manual';
  }

  async refresh() {
    const s = await call('GET', '/_mock/summary');
    this.state = s;
    this.now.textContent = s.now;
    this.mode.textContent = s.mode;
    this.mode.title = s.mode === 'scaled' ? `${s.scale} simulated seconds per second` : '';
    this.next.disabled = !s.next_transition;
    this.next.title = s.next_transition ? `to ${s.next_transition}` : 'nothing is due';
    this.summaryLine.textContent = `seed ${s.seed} · ${s.drives} drives · ${s.projects} projects · ${s.jobs} jobs`;
  }
}
