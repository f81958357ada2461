// Browser benchmark: the same workloads as `cargo bench --bench pipeline`, run through the real
// page (upload → Web Worker → results) in headless Chromium. Prints median ms per step from the
// page's diagnostics and the wasm/JS/CSS sizes (raw, gzip, brotli), and rewrites
// bench/browser-results.md. Usage: node e2e/bench.mjs [--large]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { root, serveDist, launchChromium } from './harness.mjs';

const large = process.argv.includes('--large');
const { base, stop } = await serveDist();
const browser = await launchChromium();
const lines = [];
const out = (s) => { console.log(s); lines.push(s); };

// Bundle sizes.
out('# Browser benchmark results\n\nWritten by `node e2e/bench.mjs` (headless Chromium, wasm, one worker thread).\n');
out('| file | raw bytes | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|');
let gzTotal = 0;
for (const f of readdirSync(join(root, 'dist')).filter((f) => /\.(wasm|js|css)$/.test(f)).sort()) {
  const b = readFileSync(join(root, 'dist', f));
  const gz = gzipSync(b, { level: 9 }).length;
  const br = brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  if (!f.startsWith('worker')) gzTotal += gz;
  out(`| ${f.replace(/-[0-9a-f]{16}/, '')} | ${b.length} | ${gz} | ${br} |`);
}
out(`\nFirst load (page, without the worker that loads after it): ${(gzTotal / 1048576).toFixed(2)} MB gzipped (budget 1.0 MB).\n`);

// Deterministic synthetic survey: n organizations, m ties in a separate ties file.
function workload(n, m) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const resp = ['org_name,city,k_1,k_2,k_3'];
  for (let i = 0; i < n; i++) resp.push(`org${i},c${i % 12},${1 + Math.floor(rnd() * 5)},${1 + Math.floor(rnd() * 5)},${1 + Math.floor(rnd() * 5)}`);
  // Heavy-tailed targets (a few hubs), 80% within the same block.
  const ties = ['source,target,relation'];
  for (let k = 0; k < m; k++) {
    const s = Math.floor(rnd() * n);
    let t = Math.floor(Math.pow(rnd(), 2.5) * n);
    if (rnd() < 0.8) t = t - (t % 12) + (s % 12);
    if (t >= n) t = n - 1;
    if (t !== s) ties.push(`org${s},org${t},share`);
  }
  return [
    { name: 'responses.csv', mimeType: 'text/csv', buffer: Buffer.from(resp.join('\n')) },
    { name: 'ties.csv', mimeType: 'text/csv', buffer: Buffer.from(ties.join('\n')) },
  ];
}

async function measure(label, files, runs) {
  const results = [];
  for (let r = 0; r < runs; r++) {
    const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(base);
    const t0 = Date.now();
    if (files === 'demo') await page.getByTestId('demo-button').click();
    else await page.getByTestId('file-input').setInputFiles(files);
    await page.locator('[data-testid=status][data-state=done]').waitFor({ timeout: 600000 });
    const wall = Date.now() - t0;
    const diag = JSON.parse(await page.getByTestId('diagnostics').textContent());
    results.push({ ...diag.timings_ms, 'wall (drop → results shown)': wall });
    await ctx.close();
  }
  const keys = Object.keys(results[0]);
  out(`\n## ${label}\n\n| step | median ms |\n|---|---:|`);
  for (const k of keys) {
    const v = results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    out(`| ${k} | ${v.toFixed(1)} |`);
  }
}

await measure('demo survey (120 organizations, 2 relations)', 'demo', 5);
await measure('5,000 organizations / 50,000 ties', workload(5000, 50000), 3);
if (large) await measure('100,000 organizations / 1,000,000 ties', workload(100000, 1000000), 1);

await browser.close();
stop();
writeFileSync(join(root, 'bench', 'browser-results.md'), lines.join('\n') + '\n');
