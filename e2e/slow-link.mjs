// First visit on a slow link: the time from opening the link to the demo's result drawn, in
// headless Chromium over a link of 9 Mbit/s down and 170 ms round trip, with a cold cache (a
// fresh browser context each run). The link is the server's: every response starts 170 ms
// after its request and all responses share one 9 Mbit/s pipe, as Chromium's own throttling
// (DevTools `Network.emulateNetworkConditions`) models it — which throttles only the page's
// requests, not a dedicated worker's (its 1.1 MB wasm arrived in 50 ms). Files are sent gzip -9
// compressed, as static hosts send them. The
// demo button is clicked the moment it appears (a click inside the page, as an impatient user),
// and the script prints when each file arrived and what the status line said meanwhile.
// Usage: node e2e/slow-link.mjs [--runs N] [--down MBIT] [--rtt MS] [--dist DIR (default dist/)]
import { root, launchChromium } from './harness.mjs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const runs = arg('--runs', 3);
const downMbit = arg('--down', 9);
const rtt = arg('--rtt', 170);
const dist = process.argv.includes('--dist') ? process.argv[process.argv.indexOf('--dist') + 1] : join(root, 'dist');

// The bytes a first visit needs before the first result (gzip -9, as a static host would send
// them): everything but the file worker, which loads on the first XLSX or ZIP download, and
// the analysis worker's fast build.
let gz = 0;
// Neither the file worker nor the analysis worker's fast build (`worker.js`, `worker_bg.wasm`,
// `worker_loader.js`: started after the first result, `ui::bridge`) is needed before it.
for (const f of readdirSync(dist).filter((f) => /\.(wasm|js|css|html)$/.test(f) && !/^(file_worker|worker(\.js|_bg\.wasm|_loader\.js)$)/.test(f))) {
  gz += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
}
console.log(`dist before the first result (gzip -9, without the file worker and the fast build): ${(gz / 1e6).toFixed(3)} MB`);

// The slow link: each response waits one round trip, then the responses under way share the
// pipe's bytes in turns of 4 KB (as TCP connections share a link), every 5 ms.
const bytesPerMs = (downMbit * 1e6) / 8 / 1000;
const sending = [];
let allowance = 0;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  allowance = sending.length ? allowance + (now - last) * bytesPerMs : 0;
  last = now;
  while (sending.length && allowance >= 4096) {
    const s = sending.shift();
    const part = s.body.subarray(s.at, s.at + 4096);
    s.at += part.length;
    allowance -= part.length;
    if (s.at >= s.body.length) s.res.end(part);
    else { s.res.write(part); sending.push(s); }
  }
}, 5).unref();
function sendSlowly(res, body) {
  setTimeout(() => (body.length ? sending.push({ res, body, at: 0 }) : res.end()), rtt);
}
// A static host that sends every file gzip -9 compressed and fresh for ten minutes (as GitHub
// Pages does), under a sub-path.
const TYPES = { html: 'text/html', js: 'text/javascript', css: 'text/css', wasm: 'application/wasm', json: 'application/json', svg: 'image/svg+xml', webmanifest: 'application/manifest+json', png: 'image/png' };
const zipped = new Map();
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/app\/tongxing\//, '/');
  let file = join(dist, normalize(path));
  try { if (statSync(file).isDirectory()) file = join(file, 'index.html'); } catch { res.writeHead(404).end(); return; }
  if (!zipped.has(file)) zipped.set(file, gzipSync(readFileSync(file), { level: 9 }));
  const ext = file.split('.').pop();
  res.writeHead(200, { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Content-Encoding': 'gzip', 'Cache-Control': 'max-age=600', 'Last-Modified': statSync(file).mtime.toUTCString() });
  sendSlowly(res, zipped.get(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/app/tongxing/`;
const stop = () => server.close();
const browser = await launchChromium();
const times = [];
for (let r = 0; r < runs; r++) {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const arrived = [];
  let t0 = Date.now();
  page.on('requestfinished', (req) => {
    const t = req.timing();
    arrived.push({ url: req.url().replace(base, ''), end: t.startTime + t.responseEnd - t0 });
  });
  await page.addInitScript(() => {
    const log = (window.__slow = { status: [], click: null, end: null });
    const watch = () => {
      const status = document.querySelector('[data-testid=status]');
      const demo = document.querySelector('[data-testid=demo-button]');
      if (status) {
        const text = status.textContent.trim();
        if (log.status.at(-1)?.text !== text) log.status.push({ t: performance.now(), text });
        if (log.click !== null && log.end === null && status.dataset.state === 'done' && status.dataset.charts === 'drawn') {
          log.end = -1;
          requestAnimationFrame(() => setTimeout(() => { log.end = performance.now(); }, 0));
        }
      }
      if (demo && log.click === null) {
        log.click = performance.now();
        demo.click();
      }
    };
    new MutationObserver(watch).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  t0 = Date.now();
  await page.goto(base, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__slow && window.__slow.end > 0, null, { timeout: 120000, polling: 50 });
  const log = await page.evaluate(() => window.__slow);
  // performance.now() counts from the navigation's start: the time from opening the link.
  times.push(log.end);
  console.log(`\nrun ${r + 1}: demo result drawn ${(log.end / 1000).toFixed(2)} s after opening the link (demo clicked at ${(log.click / 1000).toFixed(2)} s; wall ${((Date.now() - t0) / 1000).toFixed(2)} s)`);
  for (const s of log.status) console.log(`  ${(s.t / 1000).toFixed(2)} s  status: ${s.text.slice(0, 90)}`);
  for (const a of arrived.sort((x, y) => x.end - y.end)) {
    if (/\.(wasm|js|css|html)$|\/$/.test(a.url) || a.url === '') console.log(`  ${(a.end / 1000).toFixed(2)} s  ${a.url.replace(/-[0-9a-f]{16}/, '') || 'index.html'}`);
  }
  await ctx.close();
}
times.sort((a, b) => a - b);
console.log(`\nmedian of ${runs}: ${(times[Math.floor(runs / 2)] / 1000).toFixed(2)} s from opening the link to the demo's result drawn (${downMbit} Mbit/s, ${rtt} ms round trip, cold cache)`);
await browser.close();
stop();
