// Browser benchmark: the same workloads as `cargo bench --bench pipeline`, run through the real
// page (upload → Web Worker → results) in headless Chromium. Prints median ms per step from the
// page's diagnostics and the wasm/JS/CSS sizes (raw, gzip, brotli), and rewrites
// bench/browser-results.md. Usage: node e2e/bench.mjs [--large]
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
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

// The benchmark workloads: the same seeded block-model graphs as `cargo bench --bench
// pipeline`, written as a survey (responses + ties CSV) by `tongxing synth N M DIR`.
function workload(n, m) {
  execFileSync('cargo', ['build', '--quiet', '--release', '--bin', 'tongxing'], { cwd: root, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'tongxing-bench-'));
  execFileSync(join(root, 'target', 'release', 'tongxing'), ['synth', String(n), String(m), dir]);
  return ['responses', 'ties'].map((k) => ({
    name: `synthetic_${k}.csv`, mimeType: 'text/csv', buffer: readFileSync(join(dir, `synthetic_${k}.csv`)),
  }));
}

// igraph (C) on the reference machine, from the network issue: step → ms, per workload.
// The page samples 500 betweenness sources above 5,000 nodes; the 100k reference used 100, so
// that ratio is computed on the time per source.
const REFERENCE = {
  '5k': { load: 21, betweenness: 2300, pagerank: 7, communities: 27 },
  '100k': { load: 920, components: 82, betweenness_per_source: 4000 / 100 },
};

async function measure(label, files, runs, ref = null) {
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
  out(`\n## ${label}\n\n| step | median ms | igraph reference ms | ratio |\n|---|---:|---:|---:|`);
  for (const k of keys) {
    const v = results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    let refMs = ref && ref[k];
    let ratio = refMs ? v / refMs : null;
    if (ref && k === 'betweenness' && ref.betweenness_per_source) {
      refMs = ref.betweenness_per_source * 500;
      ratio = v / refMs;
    }
    out(`| ${k} | ${v.toFixed(1)} | ${refMs ? refMs.toFixed(0) : ''} | ${ratio ? ratio.toFixed(2) + '×' : ''} |`);
  }
}

await measure('demo survey (120 organizations, 2 relations + combined)', 'demo', 5);
await measure('5,000 organizations / 50,000 ties', workload(5000, 50000), 3, REFERENCE['5k']);
if (large) await measure('100,000 organizations / 1,000,000 ties', workload(100000, 1000000), 1, REFERENCE['100k']);
out('\nThe page times whole steps (e.g. `communities` is Leiden plus modularity; `network` is every metric of every relation). Native per-algorithm timings and modularity values are in [results.md](results.md).');

await browser.close();
stop();
writeFileSync(join(root, 'bench', 'browser-results.md'), lines.join('\n') + '\n');
