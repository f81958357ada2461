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
