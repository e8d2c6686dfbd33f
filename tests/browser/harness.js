// What every browser test stands on: a descript-mock program of its own (port 0, manual clock),
// Debian's Chromium driven by playwright-core with a fresh profile, watchers that collect the
// page's console errors and every request to another host, and screenshots under the build
// folder. withDashboard() starts both, opens /_mock/ui, runs the test and always stops both.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const chromiumPath = '/usr/bin/chromium';
// Without the background-networking flags Chromium calls home, which this machine's closed
// network refuses (README: Browser tests).
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Bounds on everything that waits, so that a hung page or program fails the test, never CTest.
export const limits = {
  mockStartMs: 10_000,
  mockStopMs: 5_000,
  // Chromium took 9-19 s to start on a busy 2-core machine.
  browserLaunchMs: 60_000,
  browserCloseMs: 10_000,
  actionMs: 10_000,
};
const keptLogLines = 200;

function outputDir() {
  const dir = process.env.DESCRIPT_BROWSER_OUTPUT ?? path.resolve(here, '../../build/tests/browser-output');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function mockProgram() {
  const program = process.env.DESCRIPT_MOCK_PROGRAM;
  if (!program) {
    throw new Error('DESCRIPT_MOCK_PROGRAM is not set: run the browser tests through ctest (README: Browser tests)');
  }
  if (!existsSync(program)) {
    throw new Error(`DESCRIPT_MOCK_PROGRAM=${program} does not exist: build the descript-mock target`);
  }
  return program;
}

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (error) {
    throw new Error(`playwright-core is not installed in ${here}/node_modules: run dev/setup (${error.message})`);
  }
}

// Resolves `promise`, or rejects with `what` once `ms` have passed.
export async function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const running = new Set();
// A test runner that dies still takes its mocks with it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

// Starts descript-mock on 127.0.0.1, port 0, manual clock, with `args` besides; resolves once it
// says where it listens. Its output is kept (the last lines) for a failure to show.
export async function startMock(args = []) {
  const program = mockProgram();
  const child = spawn(program, ['--host', '127.0.0.1', '--port', '0', '--clock', 'manual', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const log = [];
  const keep = (line) => {
    log.push(line);
    if (log.length > keptLogLines) log.shift();
  };
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    running.delete(child);
    resolve({ code, signal });
  }));
  const url = new Promise((resolve, reject) => {
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        keep(line);
        const found = /^descript-mock listening on (http:\/\/127\.0\.0\.1:\d+)(\/v1)?$/.exec(line);
        if (found) resolve(found[1]);
      }
    });
    child.once('error', reject);
    exited.then(({ code, signal }) => reject(new Error(`descript-mock ended (exit ${code}, signal ${signal}) before it listened`)));
  });
  // The request log goes to stderr: read it all, or a full pipe would stop the mock.
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => chunk.split('\n').filter(Boolean).forEach(keep));

  const mock = {
    url: undefined,
    log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      try {
        await within(limits.mockStopMs, 'descript-mock stopping on SIGTERM', exited);
      } catch {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  try {
    mock.url = await within(limits.mockStartMs, `${program} starting`, url);
  } catch (error) {
    await mock.stop();
    throw new Error(`${error.message}\n--- its output:\n${log.join('\n')}`);
  }
  return mock;
}

// One HTTP call of the test's own (not the page's) to the mock: { status, headers, body }.
export async function call(mock, method, urlPath, { token, body } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await within(limits.actionMs, `${method} ${urlPath}`, fetch(mock.url + urlPath, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  }));
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the text itself.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

// Launches Chromium with a fresh profile folder (removed on close).
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run dev/setup (it installs Debian's chromium)`);
  }
  const { chromium } = await loadPlaywright();
  const profile = mkdtempSync(path.join(tmpdir(), 'descript-browser-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      timeout: limits.browserLaunchMs,
      viewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(limits.actionMs);
  return {
    context,
    // A Chromium that does not close in time fails the test; playwright-core kills it when
    // the test runner exits.
    async close() {
      try {
        await within(limits.browserCloseMs, 'Chromium closing', context.close());
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

// What the page must never do, collected for the whole test: console messages of level error,
// uncaught exceptions, and requests to any origin but the mock's. `allowedStatuses` are HTTP
// statuses the test provokes on purpose, whose "Failed to load resource" lines Chromium itself
// logs as errors (the admin token test's 401s).
export function watchPage(context, origin, allowedStatuses = []) {
  const problems = [];
  const expected = allowedStatuses.map((s) => `the server responded with a status of ${s} `);
  const watchConsole = (page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (expected.some((e) => message.text().includes(e))) return;
      const where = message.location();
      problems.push(`console error: ${message.text()} (${where.url}:${where.lineNumber})`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  };
  context.pages().forEach(watchConsole);
  context.on('page', watchConsole);
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (['data:', 'blob:', 'about:'].includes(url.protocol)) return;
    if (url.origin !== origin) problems.push(`request to another host: ${request.method()} ${request.url()}`);
  });
  return problems;
}

// The folder of one test's screenshots, emptied of an earlier run's.
function screenshotDir(test) {
  const dir = path.join(outputDir(), test);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Saves a screenshot of the whole page as <output>/<test>/<state>.png and prints its path.
export async function screenshot(page, dir, state) {
  const file = path.join(dir, `${state}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: limits.actionMs });
  console.log(`screenshot: ${file}`);
  return file;
}

// Opens the dashboard and waits until its first load is done (data-ready="1").
export async function openDashboard(page, mock, { ready = true } = {}) {
  const response = await page.goto(`${mock.url}/_mock/ui`, { timeout: limits.actionMs });
  if (!response || response.status() !== 200) {
    throw new Error(`GET /_mock/ui answered ${response ? response.status() : 'nothing'}, not 200`);
  }
  if (ready) await waitReady(page);
}

export async function waitReady(page) {
  await page.waitForFunction(() => document.body && document.body.dataset.ready === '1', null,
    { timeout: limits.actionMs });
}

// The element with this data-testid (and attributes): a Playwright locator.
export function byTestId(scope, id, attributes = {}) {
  const extra = Object.entries(attributes).map(([k, v]) => `[${k}="${v}"]`).join('');
  return scope.locator(`[data-testid="${id}"]${extra}`);
}

// Runs `body({ mock, page, context, problems, shot })` against a mock started with `mockArgs`
// and a new page on its dashboard; stops the browser, then the mock, whatever happens; then
// fails on any console error or foreign request the page made meanwhile.
export async function withDashboard(test, { mockArgs = [], open = true, allowedStatuses = [] } = {}, body) {
  const shots = screenshotDir(test);
  const mock = await startMock(mockArgs);
  let browser;
  let problems = [];
  try {
    browser = await launchBrowser();
    problems = watchPage(browser.context, mock.url, allowedStatuses);
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    if (open) await openDashboard(page, mock);
    await body({ mock, page, context: browser.context, problems, shot: (state) => screenshot(page, shots, state) });
  } catch (error) {
    if (browser) {
      const page = browser.context.pages()[0];
      if (page) await screenshot(page, shots, 'failure').catch(() => {});
    }
    error.message += `\n--- descript-mock's last output:\n${mock.log.join('\n')}`;
    if (problems.length) error.message += `\n--- the page meanwhile:\n${problems.join('\n')}`;
    throw error;
  } finally {
    try {
      if (browser) await browser.close();
    } finally {
      await mock.stop();
    }
  }
  if (problems.length) throw new Error(`the page misbehaved:\n${problems.join('\n')}`);
}

// Resolves once `check()` returns a truthy value (checked every 50 ms); otherwise fails with
// `what` and the last value seen. A wait for the page to catch up, not a timing assertion.
export async function until(what, check, timeoutMs = limits.actionMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// An element's text as the DOM holds it (textContent, trimmed): what the contract states, before
// any CSS (text-transform) changes how it looks.
export async function text(locator) {
  return ((await locator.textContent()) ?? '').trim();
}

// Submits an agent job as `token`'s drive (a 201, or the test fails); the job as answered.
export async function submitAgentJob(mock, token, projectName) {
  const answer = await call(mock, 'POST', '/v1/jobs/agent',
    { token, body: { project_name: projectName, prompt: 'add studio sound' } });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}
