// Screenshots of tie ratings and several respondents in Chinese at 1280 and 390 px:
// `node e2e/ratings_shots.mjs OUTDIR` after `trunk build --release`. The explorer's ties
// coloured by trust (SVG) with their legend and table, the capacity view's agreement table and
// ICC note, and an organization's respondents' own scores.
import { join } from 'node:path';
import { root, serveDist, launchChromium } from './harness.mjs';

const out = process.argv[2] || '/tmp/ratings-shots';
const data = join(root, 'tests', 'data');
const site = await serveDist();
const browser = await launchChromium();
const done = (page) => page.locator('[data-testid=status][data-state=done][data-charts=drawn]').waitFor({ timeout: 90000 });
const view = async (page, v) => {
  await page.getByTestId(`nav-${v}`).click();
  await page.locator(`[data-view=${v}]:not([hidden])`).waitFor();
};
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'zh-CN' });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${site.base}#lang=zh`);
    await page.getByTestId('file-input').setInputFiles([
      join(data, 'small_survey.csv'), join(data, 'ties_rated.csv'), join(data, 'ties_rated_codebook.csv'),
    ]);
    await done(page);
    await view(page, 'network');
    await page.getByTestId('network-relation').selectOption({ label: 'collab' });
    const explorer = page.locator('[data-testid=explorer][data-key=collab]');
    await explorer.waitFor({ timeout: 60000 });
    await explorer.scrollIntoViewIfNeeded();
    await explorer.getByTestId('explorer-tie-colour').selectOption({ label: '信任' });
    await explorer.getByTestId('explorer-tie-legend').waitFor();
    await page.waitForTimeout(300);
    await explorer.screenshot({ path: `${out}/explorer-trust-zh-${width}.png` });
    console.log(width, 'tie classes drawn:', await explorer.locator('path[data-tie-class]').count(),
      '| legend:', (await explorer.getByTestId('explorer-tie-legend').innerText()).replace(/\n/g, ' / '));
    await explorer.getByTestId('explorer-tie-colour').selectOption({ label: '关系强度' });
    await page.waitForTimeout(300);
    await explorer.getByTestId('explorer-tie-legend').screenshot({ path: `${out}/legend-intensity-zh-${width}.png` });
    await view(page, 'data');
    await page.getByTestId('mapping').locator('summary').click();
    await page.getByTestId('mapping-table').screenshot({ path: `${out}/mapping-zh-${width}.png` });

    await page.goto('about:blank');
    await page.goto(`${site.base}#lang=zh`);
    await page.getByTestId('file-input').setInputFiles([
      join(data, 'multi_respondent.csv'), join(data, 'multi_respondent_codebook.csv'),
    ]);
    await done(page);
    await view(page, 'capacity');
    await page.locator('[data-view=capacity]').screenshot({ path: `${out}/capacity-zh-${width}.png` });
    await page.getByTestId('agreement').locator('[data-org]').first().click();
    await page.getByTestId('org-view').waitFor();
    await page.getByTestId('org-view').screenshot({ path: `${out}/org-zh-${width}.png` });
    console.log(width, 'respondent rows:', await page.getByTestId('org-by-respondent').locator('tbody tr').count(), errors);
    await page.close();
  }
} finally {
  await browser.close();
  site.stop();
}
