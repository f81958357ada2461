import { serveDist, launchChromium, root } from './harness.mjs';
import { join } from 'node:path';
const { base, stop } = await serveDist();
const browser = await launchChromium();
const rounds = join(root, 'tests', 'data', 'rounds');
for (const [w, h] of [[390, 844], [1280, 800]]) {
  const phone = w < 600 ? { isMobile: true, hasTouch: true } : {};
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: w, height: h }, ...phone });
  const page = await ctx.newPage();
  await page.goto(base);
  await page.getByTestId('demo-button').click();
  await page.locator('[data-testid=status][data-state=done][data-charts=drawn]').waitFor({ timeout: 60000 });
  await page.screenshot({ path: `/tmp/shots/overview-${w}.png` });
  await page.getByTestId('nav-network').click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shots/network-${w}.png` });
  const ex = page.getByTestId('explorer-names').first();
  if (await ex.count()) { await ex.scrollIntoViewIfNeeded(); await page.waitForTimeout(800); await page.screenshot({ path: `/tmp/shots/explorer-${w}.png` }); }
  await page.mouse.wheel(0, 1200); await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/scrolled-${w}.png` });
  await ctx.close();
  const ctx2 = await browser.newContext({ locale: 'zh-CN', viewport: { width: w, height: h }, ...phone });
  const p2 = await ctx2.newPage();
  await p2.goto(base);
  await p2.getByTestId('file-input').setInputFiles(['responses-2023.csv', 'responses-2024.csv', 'codebook.csv', 'aliases.csv'].map((f) => join(rounds, f)));
  await p2.locator('[data-testid=status][data-state=done]').waitFor({ timeout: 60000 });
  await p2.getByTestId('nav-change').click();
  await p2.waitForTimeout(1000);
  await p2.screenshot({ path: `/tmp/shots/change-${w}.png` });
  // A workbook as the first job: the status line while the fast build loads, then the result.
  await ctx2.close();
}
await browser.close();
await stop();
