// Screenshots a saved HTML file (the printable report or the feedback profiles) at 1280 and
// 390 px: the top and each `[data-section]` (or `section.profile` heading given), and prints
// any horizontal overflow.  node tools/html-shots.mjs FILE OUT_DIR [SELECTOR…]
import { readFileSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { launchChromium } from '../e2e/harness.mjs';

const [file, out, ...selectors] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const html = readFileSync(file, 'utf8');
const browser = await launchChromium();
try {
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    const p = await browser.newPage({ viewport: { width: w, height: h } });
    await p.setContent(html);
    const stem = basename(file).replace(/\.html$/, '');
    await p.screenshot({ path: join(out, `${stem}-${w}-top.png`) });
    const targets = selectors.length ? selectors : await p.evaluate(() => [...new Set([...document.querySelectorAll('[data-section]')].map((e) => `[data-section=${e.dataset.section}]`))]);
    for (const [i, sel] of targets.entries()) {
      await p.evaluate((s) => document.querySelector(s)?.scrollIntoView(), sel);
      await p.screenshot({ path: join(out, `${stem}-${w}-${i}.png`) });
    }
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    console.log(`${stem} at ${w}px: ${targets.length} views, horizontal overflow ${overflow}px`);
    await p.close();
  }
} finally {
  await browser.close();
}
