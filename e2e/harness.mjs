// Shared by the end-to-end tests and the browser benchmark: serve dist/ under a sub-path on
// 127.0.0.1 (proving relative URLs) and launch the system Chromium headless, offline-friendly.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import pw from '../tools/node_modules/playwright-core/index.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function freePort() {
  return new Promise((res) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

/** Serves dist/ at http://127.0.0.1:PORT/app/tongxing/; returns { origin, base, dir, stop }.
 *  With `copy`, serves a copy that a test may change (to simulate a new deploy). */
export async function serveDist({ copy = false } = {}) {
  const site = mkdtempSync(join(tmpdir(), 'tongxing-site-'));
  mkdirSync(join(site, 'app'));
  const dir = join(site, 'app', 'tongxing');
  if (copy) cpSync(join(root, 'dist'), dir, { recursive: true });
  else symlinkSync(join(root, 'dist'), dir);
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  const base = `${origin}/app/tongxing/`;
  for (let i = 0; i < 50; i++) {
    try { const r = await fetch(base); if (r.ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { origin, base, dir, stop: () => server.kill() };
}

/** Headless system Chromium with the flags this machine's closed network needs. */
export function launchChromium() {
  return pw.chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Starts timing the page's next run from inside the page, before the click or file choice
 *  that starts it: the run starts at the first `click` or `change` event, ends when the status
 *  line says done with every chart drawn, and meanwhile the Long Tasks API records the longest
 *  main-thread task and a key listener the longest delay of a key press (see `probeInput`).
 *  Measured in the page because Playwright's waits poll with growing intervals (up to 0.5 s
 *  late). Read with `runTiming`. */
export async function armRunTiming(page) {
  await page.evaluate(() => {
    const t = { start: null, end: null, longTask: 0, longTaskAfter: 0, inputDelay: 0 };
    window.__runTiming = t;
    const arm = () => { if (t.start === null) t.start = performance.now(); };
    document.addEventListener('click', arm, true);
    document.addEventListener('change', arm, true);
    const status = document.querySelector('[data-testid=status]');
    // The end is the next frame's paint after the status says everything is drawn: the
    // page mounts a first result out of sight and lays it out once, after the last section.
    // A timer set in the frame's animation callback runs after that frame is painted.
    let ending = false;
    new MutationObserver(() => {
      if (!ending && t.start !== null && status.dataset.state === 'done' && status.dataset.charts === 'drawn') {
        ending = true;
        requestAnimationFrame(() => setTimeout(() => { t.end = performance.now(); }, 0));
      }
    }).observe(status, { attributes: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (t.start === null || e.startTime + e.duration < t.start) continue;
        // Tasks in the second after everything was drawn (content coming into view is laid
        // out then, and a user may already be scrolling) are counted apart.
        if (t.end === null || e.startTime < t.end) t.longTask = Math.max(t.longTask, e.duration);
        else if (e.startTime < t.end + 1000) t.longTaskAfter = Math.max(t.longTaskAfter, e.duration);
      }
    }).observe({ type: 'longtask' });
    document.addEventListener('keydown', (e) => {
      if (t.start !== null && t.end === null) t.inputDelay = Math.max(t.inputDelay, performance.now() - e.timeStamp);
    }, true);
  });
}

/** Presses Shift through the browser's input pipeline every 50 ms until `done` settles, as a
 *  user typing while the page works; `runTiming` reports the longest wait of a press. (Every
 *  10 ms, the presses themselves slowed the run by about 5%; a task long enough to matter
 *  still catches a press.) */
export async function probeInput(page, done) {
  let finished = false;
  const settled = done.finally(() => { finished = true; });
  while (!finished) {
    await page.keyboard.press('Shift');
    await new Promise((r) => setTimeout(r, 50));
  }
  return settled;
}

/** The run's timing (ms) recorded since `armRunTiming`: `wall` from the click or file choice to
 *  everything drawn and painted, `longTask` the longest main-thread task (Long Tasks API, tasks ≥ 50 ms;
 *  0 when none) until then and `longTaskAfter` in the second after, `inputDelay` the longest wait
 *  of a key press. */
export async function runTiming(page) {
  await page.waitForFunction(() => window.__runTiming.end !== null);
  await page.waitForFunction(() => performance.now() > window.__runTiming.end + 1100);
  const t = await page.evaluate(() => window.__runTiming);
  return { wall: t.end - t.start, longTask: t.longTask, longTaskAfter: t.longTaskAfter, inputDelay: t.inputDelay };
}
