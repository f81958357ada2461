// Minifies the page's JavaScript glue (app-*.js, written by wasm-bindgen) in a release build.
// Trunk's own minifier leaves it as it is, with a warning (it does not parse the glue's
// `export default`); terser does, and the first load counts it (about 12 KB gzipped). boot.js
// too (written by externalize-boot.mjs before this runs): its comments were a third of it. And
// the workers' glue, after Trunk's minifier.
// Called by externalize-boot.mjs (one post-build hook) in TRUNK_STAGING_DIR; a file whose
// bytes change gets its Subresource Integrity hash in index.html recomputed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function minifyGlue(dir) {
  if (process.env.TRUNK_PROFILE !== 'release') return;
  let minify;
  try {
    ({ minify } = await import('terser'));
  } catch {
    console.warn('minify-glue: terser is not installed (scripts/setup.sh installs it); the glue stays as it is');
    return;
  }
  const htmlPath = join(dir, 'index.html');
  let html = readFileSync(htmlPath, 'utf8');
  const workers = /^(worker|worker_quick|file_worker)\.js$/;
  for (const name of readdirSync(dir).filter((f) => /^(app-[0-9a-f]+|boot)\.js$/.test(f) || workers.test(f))) {
    const path = join(dir, name);
    const before = readFileSync(path, 'utf8');
    // A module: its exports (the glue's init and the bindings) keep their names. The workers'
    // glue is a classic script (Trunk minified it already; terser takes 180 B more off the
    // quick worker's, which the first load counts) whose global `wasm_bindgen` their loaders
    // call: top-level names are not mangled in a script.
    const module = !workers.test(name);
    const out = await minify(before, { module, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    if (!out.code) throw new Error(`minify-glue: terser gave nothing for ${name}`);
    writeFileSync(path, out.code);
    const sri = (text) => 'sha384-' + createHash('sha384').update(text).digest('base64');
    const old = sri(before);
    html = html.split(old).join(sri(out.code));
    console.log(`minify-glue: ${name} ${before.length} → ${out.code.length} B`);
  }
  writeFileSync(htmlPath, html);
}
