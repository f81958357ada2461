// Screenshots of the Change view with two survey rounds uploaded (one file per round), then
// with the three-round sample (one file, a round column; `change3-zh-*.png`), in Chinese at
// 1280 and 390 px: `node e2e/rounds_shots.mjs OUTDIR` after `trunk build --release`.
import { join } from 'node:path';
import { root, serveDist, launchChromium } from './harness.mjs';

const out = process.argv[2] || '/tmp/rounds-shots';
const data = join(root, 'tests', 'data', 'rounds');
const site = await serveDist();
const browser = await launchChromium();
const done = (page) => page.locator('[data-testid=status][data-state=done][data-charts=drawn]').waitFor({ timeout: 60000 });
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'zh-CN' });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${site.base}#lang=zh`);
    await page.getByTestId('file-input').setInputFiles([
      join(data, 'responses-2023.csv'), join(data, 'responses-2024.csv'), join(data, 'codebook.csv'), join(data, 'aliases.csv'),
    ]);
    await done(page);
    await page.screenshot({ path: `${out}/overview-zh-${width}.png`, fullPage: true });
    await page.getByTestId('nav-data').click();
    await page.locator('[data-view=data]:not([hidden])').waitFor();
    await page.getByTestId('files').screenshot({ path: `${out}/files-zh-${width}.png` });
    // Name the first round: the rounds follow the names typed.
    await page.getByTestId('file-round-0').fill('2023');
    await page.getByTestId('file-round-0').press('Enter');
    await page.getByTestId('file-round-1').fill('2024');
    await page.getByTestId('file-round-1').dispatchEvent('change');
    await done(page);
    await page.getByTestId('nav-change').click();
    await page.locator('[data-view=change]:not([hidden])').waitFor();
    // Lazy images get their source near the screen: bring each into view first.
    for (const img of await page.locator('[data-view=change] img').all()) await img.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/change-zh-${width}.png`, fullPage: true });
    const summary = await page.getByTestId('change-summary').textContent();
    // Three rounds in one file (a fresh page: nothing was remembered), where the note on the
    // skipped round links to the round-by-round tables.
    await page.reload();
    await page.getByTestId('file-input').setInputFiles([
      join(data, 'responses-long.csv'), join(data, 'codebook.csv'), join(data, 'aliases.csv'),
    ]);
    await done(page);
    await page.getByTestId('nav-change').click();
    await page.locator('[data-view=change]:not([hidden])').waitFor();
    for (const img of await page.locator('[data-view=change] img').all()) await img.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/change3-zh-${width}.png`, fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${out}/change3-top-zh-${width}.png` });
    console.log(width, summary, await page.getByTestId('change-skipped').textContent(), errors);
    await page.close();
  }
} finally {
  await browser.close();
  site.stop();
}
