// Trunk post-build hook: moves Trunk's inline start-up <script type="module"> out of
// index.html into boot.js, so the page's Content-Security-Policy can forbid inline scripts,
// after the code that starts the analysis worker early (tools/early-worker.js).
// Runs in TRUNK_STAGING_DIR (set by Trunk), before the staging directory becomes dist/.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifyGlue } from './minify-glue.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('externalize-boot: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
const htmlPath = join(dir, 'index.html');
let html = readFileSync(htmlPath, 'utf8');
// Quoted or not: a minified index.html writes `type=module`.
const re = /<script type="?module"?[^>]*>([\s\S]*?)<\/script>/;
const m = html.match(re);
if (!m) {
  console.error('externalize-boot: no inline module script found in index.html');
  process.exit(1);
}
// The analysis worker starts first (tools/early-worker.js), then Trunk's start-up code.
// Then, once the page has started, the fonts the first result uses (tools/font-warm.js).
const early = readFileSync(new URL('./early-worker.js', import.meta.url), 'utf8');
const fonts = readFileSync(new URL('./font-warm.js', import.meta.url), 'utf8');
writeFileSync(join(dir, 'boot.js'), early + m[1].trim() + '\n' + fonts);
html = html.replace(re, '<script type="module" src="./boot.js"></script>');
console.log('externalize-boot: start-up script moved to boot.js');
// Trunk's worker loaders start wasm-bindgen with a bare path, which it warns is deprecated in
// every worker's console: the object form it asks for.
for (const name of readdirSync(dir).filter((f) => f.endsWith('_loader.js'))) {
  const path = join(dir, name);
  const loader = readFileSync(path, 'utf8').replace(/wasm_bindgen\((["'][^"']+["'])\)/, 'wasm_bindgen({module_or_path:$1})');
  writeFileSync(path, loader);
}
// A preload of the wasm as a fetch ignores its integrity attribute (Chromium warns so on every
// visit): left out there; the module preload of the glue keeps its own.
html = html.replace(/<link\b[^>]*>/g, (tag) =>
  /\bas="?fetch\b/.test(tag) ? tag.replace(/\s+integrity=("[^"]*"|[^\s>]+)/, '') : tag);
writeFileSync(htmlPath, html);
// The page's glue minified (release builds; its integrity hash in index.html follows).
await minifyGlue(dir);
// Then the service worker, which must list the final files.
await import('./offline.mjs');
