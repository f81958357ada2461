// Trunk post-build hook: writes sw.js (the service worker, from tools/sw.js) listing every file
// of the build, with a version derived from their contents, so each deploy gets a fresh cache
// and the page can offer an update. Runs in TRUNK_STAGING_DIR after externalize-boot.mjs.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('offline: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
function walk(d) {
  return readdirSync(d).sort().flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const files = walk(dir).filter((p) => relative(dir, p) !== 'sw.js');
const hash = createHash('sha256');
for (const p of files) {
  hash.update(relative(dir, p));
  hash.update(readFileSync(p));
}
const version = hash.digest('hex').slice(0, 16);
const assets = files.map((p) => './' + relative(dir, p).split('\\').join('/'));
const template = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'sw.js'), 'utf8');
const sw = template.replace('__VERSION__', version).replace('__ASSETS__', JSON.stringify(assets, null, 2));
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`offline: sw.js caches ${assets.length} files as version ${version}`);
