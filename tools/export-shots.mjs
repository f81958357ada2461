// Downloads the demo's workbook, HTML report and feedback profiles from the built page in a
// language (with the paper's chain fitted in the Models view), and screenshots the report and
// a profile at 1280 and 390 px.  node tools/export-shots.mjs OUT_DIR [zh|en|zh-Hant]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchChromium } from '../e2e/harness.mjs';

const out = process.argv[2] || '/tmp/export-shots';
const lang = process.argv[3] || 'zh';
mkdirSync(out, { recursive: true });
const { base, stop } = await serveDist();
const browser = await launchChromium();
try {
  const ctx = await browser.newContext({ locale: lang === 'en' ? 'en-US' : 'zh-CN', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(`${base}#lang=${lang}`);
  await page.getByTestId('demo-button').click();
  await page.locator('[data-testid=status][data-state=done][data-charts=drawn]').waitFor({ timeout: 60000 });
  const show = async (view) => {
    await page.getByTestId(`nav-${view}`).click();
    await page.locator(`[data-view=${view}]:not([hidden])`).waitFor();
  };
  await show('models');
  await page.getByTestId('fit-models').click();
  await page.locator('[data-testid=mediation]').first().waitFor({ timeout: 120000 });
  await page.locator('[data-testid=status][data-state=done][data-charts=drawn]').waitFor({ timeout: 120000 });
  await show('downloads');
  const save = async (id, name) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    const bytes = readFileSync(await d.path());
    writeFileSync(join(out, name), bytes);
    return bytes;
  };
  await save('download-xlsx', 'results.xlsx');
  const html = (await save('download-report-html', 'report.html')).toString('utf8');
  const batch = (await save('download-profiles-batch', 'profiles.html')).toString('utf8');
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    const p = await browser.newPage({ viewport: { width: w, height: h } });
    await p.setContent(html);
    await p.screenshot({ path: join(out, `report-${w}-top.png`) });
    for (const section of ['organizations', 'groups', 'network', 'models']) {
      const el = p.locator(`[data-section=${section}]`).first();
      await el.scrollIntoViewIfNeeded();
      await p.evaluate((s) => document.querySelector(`[data-section=${s}]`).scrollIntoView(), section);
      await p.screenshot({ path: join(out, `report-${w}-${section}.png`) });
    }
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    console.log(`report at ${w}px: horizontal overflow ${overflow}px`);
    await p.setContent(batch);
    await p.evaluate(() => document.querySelectorAll('section.profile')[1].scrollIntoView());
    await p.evaluate(() => { const h = [...document.querySelectorAll('section.profile')[1].querySelectorAll('h2')].pop(); h.scrollIntoView(); });
    await p.screenshot({ path: join(out, `profile-${w}-introductions.png`) });
    await p.close();
  }
  console.log(`saved to ${out}`);
} finally {
  await browser.close();
  stop();
}
