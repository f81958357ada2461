// End-to-end tests of the built page (dist/) in headless Chromium, through playwright-core.
// Serves dist/ under a sub-path on 127.0.0.1, drives the real page (demo button, file input,
// downloads, language switch) and fails on any request that leaves the page's origin.
//
// The tests run in order, one at a time, on `node:test` (top-level `await test(...)`): later
// tests reuse the browser, and the last one checks every request and console error of all the
// others. A failed test makes the process exit with a non-zero code.
//
// Usage: node e2e/run.mjs [--screenshot docs/using-overview.png] (the overview in English, and
// beside it -mobile.png at 360 px)
// Env: CLI_DEMO_JSON = path of `tongxing analyze` JSON of the demo, compared with the page's;
// ONLY = a regex of test names to run (the others are reported as skipped);
// UPDATE_SCREENSHOTS=1 rewrites tests/screenshots/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { test as nodeTest } from 'node:test';
import { createHash } from 'node:crypto';
import { gzipSync, inflateRawSync } from 'node:zlib';
import { root, serveDist, launchChromium, armRunTiming, runTiming } from './harness.mjs';

const data = join(root, 'tests', 'data');
const screenshotArg = process.argv.indexOf('--screenshot');
const screenshotPath = screenshotArg > 0 ? resolve(process.argv[screenshotArg + 1]) : null;
const { origin, base, stop } = await serveDist();
const browser = await launchChromium();

const offOrigin = [];
const consoleErrors = [];
// Every request of a context — pages, the analysis worker and the service worker — must stay
// on the page's origin and only read (GET).
function watchRequests(ctx, allowed = origin) {
  ctx.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== allowed) offOrigin.push(url);
    if (req.method() !== 'GET') offOrigin.push(`${req.method()} ${url}`);
  });
}

async function newPage(locale) {
  const ctx = await browser.newContext({ locale, acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  watchRequests(ctx);
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return page;
}

// A page with the demo's result, in `lang` ('zh', 'en' or 'zh-Hant'), showing `view` (none:
// the overview the result opens on), `width` × `height` px (a phone's touch screen below 600
// px), its requests watched and its errors recorded; `page.context().close()` ends it. The
// set-up most tests share.
const LOCALES = { zh: 'zh-CN', en: 'en-US', 'zh-Hant': 'zh-TW' };
async function demoPage(lang, view = null, { width = 1200, height = 900 } = {}) {
  const phone = width < 600 ? { isMobile: true, hasTouch: true } : {};
  const ctx = await browser.newContext({ locale: LOCALES[lang], acceptDownloads: true, viewport: { width, height }, ...phone });
  watchRequests(ctx);
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(base);
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  if (view) await show(page, view);
  return page;
}

// ONLY=<regex> runs the matching tests (for working on one feature); CI runs them all.
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
/** A `node:test` test, skipped when ONLY does not match its name; awaited at the top level, so
 *  the tests run one after another in the order of this file. */
function test(name, fn) {
  return nodeTest(name, { skip: only !== null && !only.test(name) }, fn);
}

async function waitDone(page, state = 'done') {
  // Done means the results and their charts (drawn a frame after the results) are shown.
  const charts = state === 'done' ? '[data-charts=drawn]' : '';
  await page.locator(`[data-testid=status][data-state=${state}]${charts}`).waitFor({ timeout: 20000 });
}
const text = async (page, id) => (await page.getByTestId(id).first().textContent()).trim();
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

// The number of entries in a zip, from its end-of-central-directory record.
function zipEntries(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'zip end record');
  return buf.readUInt16LE(eocd + 10);
}
// One file of a zip (an XLSX) as text, found through the central directory.
function zipText(buf, name) {
  let at = buf.readUInt32LE(buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
  while (buf.readUInt32LE(at) === 0x02014b50) {
    const [method, size, nameLen, extraLen, commentLen, local] =
      [buf.readUInt16LE(at + 10), buf.readUInt32LE(at + 20), buf.readUInt16LE(at + 28), buf.readUInt16LE(at + 30), buf.readUInt16LE(at + 32), buf.readUInt32LE(at + 42)];
    if (buf.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} is not in the zip`);
}
async function save(page, id) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
  return readFileSync(await d.path());
}
// A chart's SVG as its download button saves it (charts are shown as images of their SVG).
async function chartSvg(scope, id) {
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  const [d] = await Promise.all([page.waitForEvent('download'), scope.locator(`[data-testid=chart-${id}]`).getByTestId('download-svg').click()]);
  return readFileSync(await d.path(), 'utf8');
}
// Waits until a chart's image is loaded and its accessible name (title and description)
// matches `re`, e.g. after a language switch.
async function chartImage(page, id, re) {
  // Images load when they come near the screen (loading="lazy").
  await page.locator(`[data-testid=chart-${id}] img.svg`).scrollIntoViewIfNeeded();
  await page.waitForFunction(([id, src]) => {
    const img = document.querySelector(`[data-testid=chart-${id}] img.svg`);
    return img && img.complete && img.naturalWidth > 0 && new RegExp(src).test(img.alt);
  }, [id, re.source], { timeout: 20000 });
}
// Opens a view through the navigation bar and waits until it is shown (the others are hidden).
async function show(page, view) {
  await page.getByTestId(`nav-${view}`).click();
  await page.locator(`[data-view=${view}]:not([hidden])`).waitFor();
}
// Opens a folded section of a view (`ui::views::fold`) by its heading's id, as a reader does.
async function openFold(page, id) {
  const fold = page.getByTestId(`fold-${id}`);
  if (!(await fold.evaluate((d) => d.open))) await fold.locator(':scope > summary').click();
  await page.waitForFunction((i) => document.querySelector(`[data-testid=fold-${i}]`).open, id);
}
// Opens the cultivate view's folded introductions (of the relation shown).
async function openIntroductions(page) {
  const fold = page.locator('[data-testid^=fold-introductions-]').first();
  if (!(await fold.evaluate((d) => d.open))) await fold.locator(':scope > summary').click();
  await page.waitForFunction(() => document.querySelector('[data-testid^=fold-introductions-]').open);
}
// Follows an overview finding's link: its view opens with the part that answers it focused
// and in sight under the sticky bar, without scrolling (a table or a row with its top row).
async function followFinding(page, link) {
  const [view, anchor] = [await link.getAttribute('data-go'), await link.getAttribute('data-anchor')];
  await link.click();
  await page.locator(`[data-view=${view}]:not([hidden])`).waitFor();
  if (!anchor) return { view, anchor };
  await page.waitForFunction(([a, v]) => document.activeElement?.id === a && document.activeElement.closest('[data-view]').dataset.view === v, [anchor, view]);
  // Scrolling may still be settling after the focus.
  await page.waitForTimeout(150);
  const seen = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const row = el.matches('table') ? el.querySelector('tbody tr') : null;
    // A row answers with its table's column headers in sight above it (a phone's cards,
    // whose headers are hidden, name each line).
    const head = el.closest('tbody tr')?.closest('table')?.tHead?.getBoundingClientRect();
    return {
      top: box.top,
      bottom: (row ?? el).getBoundingClientRect().bottom,
      head: head && head.height > 2 ? head.top : null,
      bar: document.querySelector('nav.views').getBoundingClientRect().bottom,
      height: window.innerHeight,
    };
  });
  assert.ok(seen.top >= seen.bar - 1 && Math.min(seen.bottom, seen.top + 40) <= seen.height, `${anchor} out of sight: ${JSON.stringify(seen)}`);
  assert.ok(seen.head === null || seen.head >= seen.bar - 1, `${anchor}'s column headers out of sight: ${JSON.stringify(seen)}`);
  return { view, anchor };
}
async function firstOrg(page) {
  return (await page.locator('[data-testid=org-row] th').first().textContent()).trim();
}


await test('demo in English: counts, tables, charts, diagnostics', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  await waitDone(page, 'idle');
  assert.equal(await text(page, 'demo-button'), 'Try the demo');
  assert.equal(await page.title(), 'tongxing — Capacity and network analysis for NGO surveys');
  // With nothing to do, the analysis worker warms up by itself (compiling its code on the demo).
  await page.locator('[data-testid=status][data-worker=warm]').waitFor({ timeout: 60000 });
  await armRunTiming(page);
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  const timing = await runTiming(page);
  assert.equal(await text(page, 'org-count'), '120');
  assert.equal(await text(page, 'column-count'), '27');
  assert.equal(await page.getByTestId('dimension-row').count(), 5);
  assert.equal(await page.getByTestId('relation-row').count(), 3);
  // The result opens on the overview, at the top, with the key findings.
  assert.ok(await page.getByTestId('overview').isVisible());
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: false });
  assert.ok((await page.getByTestId('finding').count()) >= 5);
  // Tables show 25 rows a page: 120 organizations are five pages.
  await show(page, 'organizations');
  assert.equal(await page.getByTestId('org-row').count(), 25);
  const capacityTable = page.getByTestId('org-row').first().locator('xpath=ancestor::div[@class="table-block"]');
  for (let i = 0; i < 4; i++) await capacityTable.getByTestId('page-next').click();
  assert.equal(await page.getByTestId('org-row').count(), 20);
  assert.equal(await capacityTable.getByTestId('page-next').isDisabled(), true);
  for (let i = 0; i < 4; i++) await capacityTable.getByTestId('page-previous').click();
  assert.equal(await page.getByTestId('org-row').count(), 25);
  assert.equal(await page.getByTestId('top-table').first().locator('tbody tr').count(), 10);
  // The result was mounted out of sight and is shown now.
  assert.equal(await page.locator('main.staging').count(), 0);
  // Chart images get their source only near the screen (blob: images ignore loading="lazy").
  await show(page, 'capacity');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  const far = page.locator('[data-testid=charts] img.svg').last();
  assert.equal(await far.getAttribute('src'), null, 'a chart far below the screen is not loaded yet');
  await chartImage(page, 'means', /Mean/);
  assert.match(await page.locator('[data-testid=chart-means] img.svg').getAttribute('src'), /^blob:/);
  // Before printing, every chart is loaded.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.waitForFunction(() => [...document.querySelectorAll('img.svg')].every((i) => i.getAttribute('src')));
  // One relation's details at a time: the picker shows each relation's diagram in turn (named
  // in words, not by its key).
  await show(page, 'network');
  assert.equal(await page.locator('[data-testid^=chart-network-] img').count(), 1);
  for (const [key, label] of [['joint_projects', 'Joint projects'], ['combined', 'All relations combined'], ['knowledge_sharing', 'Knowledge sharing']]) {
    await page.getByTestId('network-relation').selectOption({ label });
    await page.locator(`[data-testid=chart-network-${key}] img`).waitFor();
    // The relation picked is in the address (a reload or a shared link shows it).
    assert.match(page.url(), new RegExp(`#view=network&relation=${key}$`));
    assert.equal(await page.locator('[data-testid^=chart-network-] img').count(), 1);
  }
  await show(page, 'capacity');
  const svg = await chartSvg(page, 'means');
  assert.ok(svg.includes('Knowledge sharing'), 'bar chart has English labels');
  const diag = JSON.parse(await page.getByTestId('diagnostics').textContent());
  for (const k of ['decode', 'parse', 'capacity', 'network', 'pagerank', 'betweenness', 'communities', 'layout', 'charts', 'total']) {
    assert.equal(typeof diag.timings_ms[k], 'number', `timing ${k}`);
  }
  console.log(`      demo: ${timing.wall.toFixed(0)} ms from click to everything drawn (longest task ${timing.longTask.toFixed(0)} ms); worker total ${diag.timings_ms.total} ms`);
  assert.equal(diag.engine, 'worker', 'the analysis ran in the Web Worker');
  assert.ok(diag.worker_warmup_ms > 0, 'the worker warmed up before the run');
  assert.equal(await page.locator('#fatal:not([hidden])').count(), 0);
  // The JSON report download equals the CLI's report of the same demo files.
  await show(page, 'downloads');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report-json').click()]);
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(report.schema, 'tongxing.report/1');
  assert.equal(report.capacity.organizations.length, 120);
  // The results workbook and network files download and look right.
  for (const [id, check] of [
    ['download-xlsx', (b) => b.subarray(0, 2).toString() === 'PK'],
    ['download-gexf', (b) => b.toString('utf8').includes('<gexf') && b.toString('utf8').includes('knowledge_sharing')],
    ['download-graphml', (b) => b.toString('utf8').includes('<graphml')],
    ['download-report-html', (b) => b.toString('utf8').startsWith('<!DOCTYPE html>') && b.toString('utf8').includes('<svg')],
    ['download-codebook', (b) => b.toString('utf8').includes('column,role,label') && b.toString('utf8').includes('share_with,roster')],
    ['download-csv-edges', (b) => b.toString('utf8').startsWith('\ufeffrelation,source,target,weight') && b.toString('utf8').split('\n').length > 500],
  ]) {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    assert.ok(check(readFileSync(await d.path())), id);
  }
  if (process.env.CLI_DEMO_JSON) {
    const cli = JSON.parse(readFileSync(process.env.CLI_DEMO_JSON, 'utf8'));
    compareReports(report, cli);
  }
  await page.context().close();
});

// The page as a coordinator meets it, on a laptop and on a phone: the result opens on the
// overview at the top, findings first; every view is one click away (and in the address, so
// the back button returns).
const VIEWS = ['overview', 'capacity', 'network', 'cultivate', 'organizations', 'data', 'downloads'];
// snake_case tokens (an internal key, a column or file name) in the text a reader sees, outside
// code and pre (where literal column and file names belong), run in the page.
const visibleIdentifiers = () => {
  const seen = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const text = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (p && !p.closest('code,pre,script,style,textarea') && seen(p)) text.push(n.textContent);
  }
  return [...new Set(text.join(' ').match(/\b[a-z][a-z0-9]*_[a-z0-9_]+\b/g) || [])];
};
for (const [w, h] of [[1280, 900], [390, 844]]) {
  await test(`overview first and navigation (${w}×${h})`, async () => {
    const phone = w < 600 ? { isMobile: true, hasTouch: true } : {};
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: w, height: h }, ...phone });
    watchRequests(ctx);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(base);
    await page.locator('[data-testid=status][data-worker=warm]').waitFor({ timeout: 60000 });
    // From the click to the frame that shows the overview (measured in the page).
    const toOverview = page.evaluate(() => new Promise((done) => {
      document.querySelector('[data-testid=demo-button]').addEventListener('click', () => {
        const t0 = performance.now();
        const check = () => {
          const o = document.querySelector('[data-testid=overview]');
          if (o && o.getBoundingClientRect().height > 0) requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
          else requestAnimationFrame(check);
        };
        check();
      }, { once: true });
    }));
    await page.waitForTimeout(100);
    await page.getByTestId('demo-button').click();
    const overviewMs = await toOverview;
    await waitDone(page);
    console.log(`      ${w} px: the overview is shown ${overviewMs.toFixed(0)} ms after the click`);
    // About 0.2 s on a quiet 2-core machine (the worker's analysis is 0.1 s of it); the bound
    // only catches a regression, since a machine busy with other work is several times slower.
    assert.ok(overviewMs < 1500, `overview after ${overviewMs.toFixed(0)} ms`);
    // In the first viewport without scrolling: the overview, its headline and a first finding.
    const at = await page.getByTestId('overview').evaluate((e) => {
      const f = document.querySelector('[data-testid=finding]').getBoundingClientRect();
      return { top: e.getBoundingClientRect().top, finding: f.bottom, scroll: window.scrollY, height: innerHeight };
    });
    assert.ok(at.scroll === 0 && at.top >= 0 && at.top < at.height / 2 && at.finding < at.height, JSON.stringify(at));
    const findings = page.getByTestId('finding');
    const n = await findings.count();
    assert.ok(n >= 5 && n <= 8, `${n} findings`);
    // Sentences in the UI language, never a key; what needs attention is counted, not listed.
    const words = await page.getByTestId('overview').innerText();
    assert.doesNotMatch(words, /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/, 'no internal key on the overview');
    // The demo's two lowest dimensions both average 3.12: named together, not one of them.
    assert.match(words, /“专业化”与“资金来源多样性”并列最薄弱的维度（平均都是 3\.12，量表 1–5）；\d+ 家机构至少在其中一个维度的得分低于 2\.60（同一量表）。/);
    assert.match(await text(page, 'attention-warnings'), /^\d+ 条数据说明$/);
    // The window's title is in the page's language too.
    assert.equal(await page.title(), '同行 — 公益机构问卷的能力与网络分析');
    // Its link opens the notes' fold, its heading (数据提示（n）) under the bar, every note shown.
    await page.getByTestId('attention-warnings').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=warnings]')?.open === true);
    await page.waitForTimeout(400);
    const notes = await page.getByTestId('warnings').evaluate((d) => {
      const s = d.querySelector('summary').getBoundingClientRect();
      const ul = d.querySelector('ul');
      return { top: s.top, bar: document.querySelector('nav.views').getBoundingClientRect().bottom, height: innerHeight, cut: ul.scrollHeight > ul.clientHeight + 1 };
    });
    assert.ok(notes.top >= notes.bar - 1 && notes.top < notes.height / 2 && !notes.cut, JSON.stringify(notes));
    await show(page, 'overview');
    // The communities' count names its network (the network view counts one relation's).
    // (under the number: in the label, a phone's card broke it as "全部关 / 系合并").
    assert.equal(await page.getByTestId('headline-communities').locator('dt').textContent(), '社群');
    assert.equal(await page.getByTestId('headline-communities').locator('.detail').textContent(), '全部关系合并');
    assert.match(await page.getByTestId('headline-network').locator('.detail').textContent(), /^家机构，\d+ 条关系（全部关系合并）$/);
    // Each view is shown within 0.3 s of a click on its link (from the click to the frame that
    // shows it, measured in the page), marked in the bar and written into the address.
    const times = [];
    for (const view of [...VIEWS.slice(1), 'overview']) {
      const ms = await page.evaluate((v) => new Promise((done) => {
        const t0 = performance.now();
        document.querySelector(`[data-testid=nav-${v}]`).click();
        const check = () => {
          const el = document.querySelector(`[data-view=${v}]`);
          if (!el.hidden && el.getBoundingClientRect().height > 0) requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
          else requestAnimationFrame(check);
        };
        check();
      }), view);
      times.push(`${view} ${ms.toFixed(0)}`);
      assert.ok(ms < 300, `${view} shown after ${ms.toFixed(0)} ms`);
      assert.equal(await page.getByTestId(`nav-${view}`).getAttribute('aria-current'), 'page');
      assert.match(page.url(), new RegExp(`#view=${view}$`));
      assert.equal(await page.locator('.view:not([hidden])').count(), 1, 'one view at a time');
      // No identifier in what a reader sees (the data guide and glossary opened): the guide's
      // column names and the files table's names are set as code.
      await page.evaluate(() => document.querySelectorAll('details.guide').forEach((d) => { d.open = true; }));
      assert.deepEqual(await page.evaluate(visibleIdentifiers), [], `${view}: identifiers in the visible text`);
    }
    console.log(`      ${w} px, ms from click to view shown: ${times.join(', ')}`);
    // The back button returns to the previous view, forward goes on again.
    await page.evaluate(() => history.back());
    await page.locator('[data-view=downloads]:not([hidden])').waitFor();
    await page.evaluate(() => history.forward());
    await page.locator('[data-view=overview]:not([hidden])').waitFor();
    // A finding opens the view that shows it.
    const target = await findings.first().getAttribute('data-target');
    await findings.first().getByTestId('finding-link').click();
    await page.locator(`[data-view=${target}]:not([hidden])`).waitFor();
    // On a phone the bar is one line that scrolls sideways, not the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
    await ctx.close();
  });
}

await test('models: the paper\'s chain proposed, fitted in the worker and said in Chinese', async () => {
  const page = await newPage('zh-CN');
  await page.goto(base);
  await waitDone(page, 'idle');
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  await show(page, 'models');
  // The demo's dimensions match the chain: the builder holds it before anything is fitted.
  const chain = await page.getByTestId('model-mediations').inputValue();
  assert.match(chain, /in_degree@knowledge_sharing -> knowledge_sharing -> professionalization -> predictability -> state_relations/);
  assert.equal(await page.getByTestId('mediation').count(), 0);
  // The chain and the planned models read in labels, never keys; the formula text is folded away.
  const preset = await page.getByTestId('model-preset').textContent();
  assert.match(preset, /知识分享网络中的被提名次数 → 知识分享 → 专业化/);
  const planned = await page.getByTestId('planned-model').allTextContents();
  assert.equal(planned.length, 3, planned.join('\n'));
  assert.ok(planned.every((p) => !/[@_~]/.test(p) && /[\u4e00-\u9fff]/.test(p)), planned.join('\n'));
  assert.equal(await page.getByTestId('model-formulas').isVisible(), false);
  // A regression built by picking: an outcome, one predictor; the text follows the picks.
  await page.getByTestId('model-outcome').selectOption('funding');
  await page.getByTestId('model-predictor').and(page.locator('[value=knowledge_sharing]')).check();
  await page.getByTestId('add-model').click();
  assert.equal(await page.getByTestId('planned-model').count(), 4);
  assert.match(await page.getByTestId('model-formulas').inputValue(), /^funding ~ knowledge_sharing$/m);
  // Phone-sized controls: 16 px text (iOS does not zoom), 44 px targets.
  const box = await page.getByTestId('model-outcome').evaluate((e) => [parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().height]);
  assert.ok(box[0] >= 16 && box[1] >= 44, `select ${box}`);
  await page.getByTestId('planned-model').last().getByRole('button').click();
  assert.equal(await page.getByTestId('planned-model').count(), 3);
  await page.getByTestId('fit-models').click();
  await waitDone(page);
  await show(page, 'models');
  await page.getByTestId('mediation').first().waitFor({ timeout: 60000 });
  assert.equal(await page.getByTestId('model').count(), 2);
  const said = await page.locator('[data-testid=mediation] .sentences li').allTextContents();
  assert.equal(said.length, 8, said.join('\n'));
  assert.ok(said.every((s) => /[\u4e00-\u9fff]/.test(s) && !/\{/.test(s)), said.join('\n'));
  // One verdict line first, in words, agreeing with the whole chain's interval (the first
  // sentence: "不含零" excludes zero).
  const verdict = page.getByTestId('mediation').first().locator(':scope > :nth-child(2)');
  assert.equal(await verdict.getAttribute('data-testid'), 'mediation-verdict');
  const answer = await verdict.textContent();
  assert.match(answer, /^简而言之：/);
  assert.equal(/^简而言之：数据支持这条链/.test(answer), /不含零/.test(said[0]), `${answer} / ${said[0]}`);
  // The path diagram is drawn inline, with its legend.
  assert.ok(await page.locator('[data-testid=mediation] svg text', { hasText: '实线' }).count() > 0);
  // Each indirect effect said per unit and by strength (the rule said once); a supported whole
  // chain beside unsupported shorter paths is reconciled in a sentence.
  assert.ok(said.slice(0, 7).every((s) => /。沿这条路径，起点每多 1，终点[高低] [\d.]+：(极弱|弱|中等|强)（标准化后为 -?[\d.]+）。$/.test(s)), said.join('\n'));
  assert.equal(await page.getByTestId('strength-rule').count(), 1);
  const shorterUnclear = said.slice(1, 7).some((s) => /包含零/.test(s));
  assert.equal(await page.getByTestId('mediation-reconcile').count(), /不含零/.test(said[0]) && shorterUnclear ? 1 : 0);
});

await test('models on a phone: using the paper\'s chain shows what it added and where', async () => {
  for (const lang of ['zh', 'en']) {
    const page = await demoPage(lang, 'models', { width: 390, height: 844 });
    const planned = page.locator('#models-planned');
    const inView = async (loc) => loc.evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    await page.getByTestId('use-preset').scrollIntoViewIfNeeded();
    assert.equal(await inView(planned), false, 'the list starts below the button');
    assert.equal((await page.getByTestId('preset-added').textContent()).trim(), '');
    await page.getByTestId('use-preset').click();
    // A status line beside the button says what was added; the list is brought into view, focused.
    assert.match(await page.getByTestId('preset-added').textContent(), lang === 'zh' ? /已将 3 个模型加入下方/ : /Added 3 models/);
    await page.waitForFunction(() => document.activeElement?.id === 'models-planned');
    assert.ok(await inView(planned), 'the planned models are in view after the click');
    await page.context().close();
  }
});

await test('one organization at a time: from the search, the list, the table, the explorer and the suggestions', async () => {
  const page = await demoPage('zh', 'organizations');
  // The strongest organization (the table starts weakest first; one tap on 指数 reverses it):
  // named by others, so its page ranks it.
  await page.locator('[data-testid=table-organizations] thead th').nth(1).locator('button').click();
  // A part of a name (not its start) finds it; every match contains it.
  const name = await firstOrg(page);
  const part = [...name].slice(2, 6).join('');
  await page.getByTestId('org-search').fill(part);
  const matches = await page.getByTestId('org-match').allTextContents();
  assert.ok(matches.length >= 1 && matches.every((m) => m.includes(part)), matches.join());
  await page.getByTestId('org-match').filter({ hasText: name }).first().click();
  await page.getByTestId('org-view').waitFor();
  assert.equal(await text(page, 'org-name'), name);
  assert.match(page.url(), /#view=organizations&org=ORG\d+$/);
  // Its page: scores beside the medians, radar, percentile, strengths and gaps, its place in
  // each network in words and ranks, its partners, introductions, its profile.
  assert.equal(await page.locator('[data-testid=org-scores] tbody tr').count(), 6);
  await page.getByTestId('chart-radar-organization').waitFor();
  // The strongest is said so, not "higher than about 100%".
  assert.match(await text(page, 'org-summary'), /^能力指数 [\d.]+（满分 100），在 \d+ 家受访机构中(并列)?最高。$/);
  assert.ok((await text(page, 'org-strengths')).length > 1 && (await text(page, 'org-gaps')).length > 1);
  // "Own strongest" is its own highest dimension: the strongest organization's is above the
  // sample median, so nothing is added.
  assert.doesNotMatch(await text(page, 'org-strengths'), /低于样本中位数/);
  assert.equal(await page.locator('.org-facts dt').first().innerText(), '相对较强');
  assert.equal(await page.getByTestId('org-position').count(), 3);
  assert.match(await page.getByTestId('org-position').first().textContent(), /被 \d+ 家机构提名为伙伴（在 \d+ 家中排第 \d+）/);
  // Each network's community line says which network the communities come from, in the
  // explorer legend's words: the relation named in its heading, or all relations combined.
  for (const section of await page.getByTestId('org-position').all()) {
    const heading = (await section.locator('h4').textContent()).trim();
    const said = await section.getByTestId('communities-source').textContent();
    if (said.startsWith('社群按全部关系合并后的网络划分')) continue;
    assert.ok(said.startsWith(`社群按“${heading}”关系划分；`), `${heading}: ${said}`);
  }
  assert.equal(await page.locator('[data-testid=org-position] [data-testid=communities-source]').filter({ hasText: /^社群按全部关系合并后的网络划分/ }).count(), 1);
  assert.ok((await page.getByTestId('org-introduction').count()) >= 1);
  const profile = (await save(page, 'org-download-profile')).toString('utf8');
  assert.ok(profile.startsWith('<!DOCTYPE html>') && profile.includes(name));
  // A partner's name opens the partner's page; back returns.
  const partners = page.locator('.org-partners').first();
  await partners.locator('summary').click();
  const partner = (await partners.locator('button').first().textContent()).trim();
  await partners.locator('button').first().click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent.trim() === n, partner);
  await page.evaluate(() => history.back());
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent.trim() === n, name);
  // From the list.
  const option = await page.getByTestId('org-select').locator('option').nth(5).textContent();
  await page.getByTestId('org-select').selectOption({ index: 5 });
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent.trim() === n, option.trim());
  // From the organizations table.
  await page.getByTestId('org-close').click();
  assert.equal(await page.getByTestId('org-view').count(), 0);
  const row = page.locator('[data-testid=org-row] button.org-link').nth(12);
  const second = (await row.textContent()).trim();
  await row.scrollIntoViewIfNeeded();
  const rowY = await page.evaluate(() => window.scrollY);
  assert.ok(rowY > 300, `the row is down the table (${rowY})`);
  await row.click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent.trim() === n, second);
  // Closing it returns to the row it was opened from, not to the top of the table.
  await page.getByTestId('org-close').click();
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, rowY, { timeout: 5000 });
  // From the explorer, whose search matches a part of a name the same way.
  await show(page, 'network');
  const ex = page.getByTestId('explorer').first();
  await ex.getByTestId('explorer-search').fill(part);
  await ex.getByTestId('explorer-search').dispatchEvent('change');
  await ex.getByTestId('explorer-details').waitFor();
  const found = (await ex.getByTestId('explorer-details').textContent()).trim();
  assert.ok(found.includes(part), found);
  await ex.getByTestId('explorer-open-org').click();
  await page.locator('[data-view=organizations]:not([hidden]) [data-testid=org-view]').waitFor();
  assert.ok(found.startsWith(await text(page, 'org-name')));
  // From the suggestions: the organization introduced.
  await show(page, 'cultivate');
  await openIntroductions(page);
  const suggested = page.locator('[data-testid^=table-introductions-] tbody tr').first().locator('button.org-link').nth(1);
  const other = (await suggested.textContent()).trim();
  await suggested.click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent.trim() === n, other);
  await page.context().close();
});

await test('an organization whose strongest dimension is below the sample median is told so', async () => {
  const page = await demoPage('zh', 'organizations');
  await page.getByTestId('org-search').fill('成都阳光空间');
  await page.getByTestId('org-match').filter({ hasText: '成都阳光空间教育发展中心' }).first().click();
  await page.getByTestId('org-view').waitFor();
  // Its highest dimension, 可预期性与透明度 2.33, is under the sample median 3.33.
  assert.equal(await text(page, 'org-strengths'), '可预期性与透明度（本机构得分最高的维度，但仍低于样本中位数）');
  await page.context().close();
});

await test('files are added, not replaced: the codebook after the responses keeps them; remove; replace all', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  const responses = await save(page, 'download-demo-csv');
  const codebook = await save(page, 'download-demo-codebook');
  await page.getByTestId('file-input').setInputFiles({ name: 'demo_responses.csv', mimeType: 'text/csv', buffer: responses });
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '120');
  const keys = async () => page.locator('[data-testid=dimension-row]').evaluateAll((rs) => rs.map((r) => r.dataset.key));
  assert.deepEqual(await keys(), ['ks', 'prof', 'pred', 'gov', 'fund'], 'roles inferred without a codebook');
  // The overview says so, and its link opens the column roles.
  await show(page, 'overview');
  assert.match(await text(page, 'attention-codebook'), /^No codebook: .*column roles/);
  // Above the findings too, with a dimension's name as it reads there.
  assert.match(await text(page, 'overview-inferred'), /^No codebook: dimension names \(such as ".+"\), items, relations and groups are named by the file's column names and values\. Check the column roles or add a codebook$/);
  await page.getByTestId('attention-codebook').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=mapping]')?.open === true);
  assert.ok(await page.getByTestId('mapping-table').isVisible());
  // The codebook, chosen next with the header's control, is added: both are read together.
  await page.getByTestId('header-add-files').setInputFiles({ name: 'demo_codebook.csv', mimeType: 'text/csv', buffer: codebook });
  await page.waitForFunction(() => document.querySelector('[data-testid=dimension-row]')?.dataset.key === 'knowledge_sharing');
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '120', 'the responses were kept');
  assert.deepEqual(await page.locator('[data-testid=file-row] th').allTextContents(), ['demo_responses.csv', 'demo_codebook.csv']);
  assert.ok(await page.getByTestId('overview').isVisible(), 'the new result opens on the overview');
  assert.equal(await page.getByTestId('attention-codebook').count(), 0, 'a codebook placed the items');
  assert.equal(await page.getByTestId('overview-inferred').count(), 0);
  // Each file has a remove button: without the codebook the roles are inferred again.
  await show(page, 'data');
  assert.deepEqual(await page.locator('[data-testid=file-row] select').evaluateAll((ss) => ss.map((x) => x.value)), ['responses', 'codebook']);
  await page.getByTestId('file-remove-1').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=dimension-row]')?.dataset.key === 'ks');
  await waitDone(page);
  assert.deepEqual(await page.locator('[data-testid=file-row] th').allTextContents(), ['demo_responses.csv']);
  // "Replace all files" starts over with the files chosen.
  await show(page, 'data');
  await page.getByTestId('files-replace').setInputFiles(join(data, 'small_survey.csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid=org-count]')?.textContent.trim() === '5');
  await waitDone(page);
  assert.deepEqual(await page.locator('[data-testid=file-row] th').allTextContents(), ['small_survey.csv']);
  // The demo's files are replaced by a file of one's own, not added to.
  await show(page, 'data');
  await page.getByTestId('file-remove-0').click();
  await waitDone(page, 'idle');
  assert.equal(await page.getByTestId('nav').count(), 0, 'no result, no navigation');
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  await page.getByTestId('header-add-files').setInputFiles(join(data, 'small_survey.csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid=org-count]')?.textContent.trim() === '5');
  assert.deepEqual(await page.locator('[data-testid=file-row] th').allTextContents(), ['small_survey.csv']);
  await page.context().close();
});

function compareReports(page, cli) {
  assert.equal(page.input.rows, cli.input.rows);
  assert.equal(page.capacity.dimensions.length, cli.capacity.dimensions.length);
  page.capacity.dimensions.forEach((d, i) => {
    const c = cli.capacity.dimensions[i];
    assert.equal(d.key, c.key);
    for (const k of ['mean', 'sd', 'alpha', 'alpha_pairwise']) close(d[k], c[k], 1e-9, `${d.key}.${k}`);
  });
  page.capacity.organizations.forEach((o, i) => {
    const c = cli.capacity.organizations[i];
    assert.equal(o.id, c.id);
    if (o.index === null) assert.equal(c.index, null); else close(o.index, c.index, 1e-9, `${o.id}.index`);
  });
  page.network.relations.forEach((r, i) => {
    const c = cli.network.relations[i];
    assert.equal(r.key, c.key);
    assert.equal(r.graph.edges, c.graph.edges);
    assert.equal(r.graph.nodes, c.graph.nodes);
    close(r.graph.density, c.graph.density, 1e-12, 'density');
    r.nodes.forEach((n, j) => {
      for (const k of ['betweenness', 'pagerank', 'closeness', 'eigenvector', 'core_score']) {
        const a = n[k], b = c.nodes[j][k];
        if (a === null || b === null) assert.equal(a, b, `${r.key}.${n.id}.${k}`); else close(a, b, 1e-9, `${r.key}.${n.id}.${k}`);
      }
      assert.equal(n.community, c.nodes[j].community, `${n.id} community`);
    });
    // The same suggestions, in the same order.
    const pairs = (x) => [...x.suggestions.introductions, ...x.suggestions.new_ties].map((t) => `${t.node ?? t.a}>${t.to ?? t.b}`);
    assert.deepEqual(pairs(r), pairs(c), `${r.key} suggestions`);
  });
}

await test('upload a CSV through the file input: hand-computed values', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  await page.getByTestId('file-input').setInputFiles(join(data, 'small_survey.csv'));
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '5');
  assert.equal(await text(page, 'column-count'), '6');
  // ks: mean of scores 50/15 = 3.33, Cronbach's alpha = 1.5 (1 - 5.1/13.5) = 0.933.
  assert.equal(await text(page, 'dimension-mean'), '3.33');
  assert.equal(await text(page, 'dimension-alpha'), '0.933');
  // partners: 6 nodes (X社 did not respond), 8 ties, density 8/30, reciprocity 4/8.
  assert.equal(await text(page, 'relation-nodes'), '6');
  assert.equal(await text(page, 'relation-ties'), '8');
  assert.equal(await text(page, 'relation-density'), '0.267');
  assert.equal(await text(page, 'relation-reciprocity'), '50.0%');
  // The reproducibility record names the file by its SHA-256, computed here independently.
  await show(page, 'downloads');
  const rec = JSON.parse((await save(page, 'download-record')).toString('utf8'));
  const sha = createHash('sha256').update(readFileSync(join(data, 'small_survey.csv'))).digest('hex');
  assert.deepEqual(rec.files.map((f) => [f.name, f.sha256, f.tables]), [['small_survey.csv', sha, ['responses']]]);
  assert.equal(rec.command, 'tongxing analyze small_survey.csv --json');
  // Every organization has the same total: alpha is not defined, and the reason is written under the table.
  const same = 'org_id,org_name,ks_1,ks_2\n1,A,1,3\n2,B,2,2\n3,C,3,1\n';
  await page.getByTestId('files-replace').setInputFiles({ name: 'same.csv', mimeType: 'text/csv', buffer: Buffer.from(same) });
  await page.waitForFunction(() => document.querySelector('[data-testid=org-count]')?.textContent.trim() === '3');
  await waitDone(page);
  assert.equal(await text(page, 'dimension-alpha'), 'not defined');
  const reasons = (await page.getByTestId('undefined-reasons').allTextContents()).join(' | ');
  assert.match(reasons, /“not defined” in Cronbach's α: Cronbach's alpha needs at least two items/, reasons);
  assert.ok(!reasons.includes('NaN'));
  await page.context().close();
});

// Result tables are written as HTML in one piece (ui/views/table.rs): markup in a name must
// show as text, never become elements.
await test('markup in names shows as text in the result tables', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  const evil = '<img src=x onerror="window.__xss=1">';
  const csv = `org_id,org_name,ks_1,ks_2,partners\n1,"${evil.replace(/"/g, '""')}",1,3,"<b>B&amp;</b>;C"\n2,<b>B&amp;</b>,2,2,C\n3,C,3,1,"${evil.replace(/"/g, '""')}"\n`;
  await page.getByTestId('file-input').setInputFiles({ name: 'evil.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await waitDone(page);
  const found = await page.evaluate(() => ({
    img: document.querySelectorAll('main table img, main table b').length,
    xss: window.__xss ?? null,
    cells: [...document.querySelectorAll('main table td, main table th')].map((c) => c.textContent),
  }));
  assert.equal(found.img, 0);
  assert.equal(found.xss, null);
  assert.ok(found.cells.includes(evil), 'the name is shown as typed');
  assert.ok(found.cells.includes('<b>B&amp;</b>'), 'entities are not decoded');
  await page.context().close();
});

await test('GBK-encoded CSV is detected and decoded', async () => {
  const page = await newPage('zh-CN');
  await page.goto(base);
  await page.getByTestId('file-input').setInputFiles(join(data, 'small_survey_gbk.csv'));
  await waitDone(page);
  assert.equal(await text(page, 'encoding'), 'GB18030');
  assert.equal(await text(page, 'org-count'), '5');
  // Overriding the encoding re-decodes the same file without a new upload.
  await show(page, 'data');
  await page.getByTestId('setting-encoding').selectOption('UTF-8');
  await page.getByTestId('encoding').filter({ hasText: /^UTF-8$/ }).waitFor({ timeout: 10000 });
  assert.match(await page.getByTestId('warnings').textContent(), /替换为/);
  await page.context().close();
});

await test('a binary file gives a clear, located error and the page stays usable', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  await page.getByTestId('file-input').setInputFiles(join(data, 'bad_binary.csv'));
  await waitDone(page, 'error');
  const err = await text(page, 'error');
  assert.match(err, /bad_binary\.csv: this is not a text table or an Excel workbook \(binary data at byte 0\)/);
  assert.match(await page.getByTestId('error-diagnostics').inputValue(), /"version"/);
  // The failed file stays listed (with a remove button); replacing it reads the new one alone.
  assert.deepEqual(await page.locator('[data-testid=file-row] th').allTextContents(), ['bad_binary.csv']);
  await page.getByTestId('files-replace').setInputFiles(join(data, 'bad', 'zip_bomb.xlsx'));
  await page.getByTestId('error').filter({ hasText: 'more than this page allows' }).waitFor({ timeout: 10000 });
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  assert.equal(await page.getByTestId('error').count(), 0);
  await page.context().close();
});

await test('Chinese from the browser language, switchable to English and back', async () => {
  const page = await newPage('zh-CN');
  await page.goto(base);
  assert.equal(await text(page, 'demo-button'), '试用演示数据');
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  await show(page, 'capacity');
  assert.ok((await chartSvg(page, 'means')).includes('知识分享'));
  // A switch first fetches the other language's file (the page carries one): wait for it.
  await page.getByTestId('lang-switch').click();
  await page.locator('html[lang=en]').waitFor();
  assert.equal(await text(page, 'demo-button'), 'Try the demo');
  await chartImage(page, 'means', /^Mean/);
  assert.ok((await chartSvg(page, 'means')).includes('Knowledge sharing'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.getByTestId('lang-switch').click();
  await page.locator('html[lang=zh-CN]').waitFor();
  assert.equal(await text(page, 'demo-button'), '试用演示数据');
  // Traditional characters: from the switch, and from a zh-TW browser.
  await page.getByTestId('script-switch').click();
  await page.locator('html[lang=zh-Hant]').waitFor();
  assert.equal(await text(page, 'demo-button'), '試用演示資料');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant');
  assert.equal(await text(page, 'script-switch'), '简体');
  await page.getByTestId('script-switch').click();
  await page.locator('html[lang=zh-CN]').waitFor();
  assert.equal(await text(page, 'demo-button'), '试用演示数据');
  await page.context().close();
  const tw = await newPage('zh-TW');
  await tw.goto(base);
  assert.equal(await text(tw, 'demo-button'), '試用演示資料');
  await tw.context().close();
});

await test('demo templates download as CSV and XLSX; a workbook, however named, runs in the fast build', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-demo-csv').click()]);
  const bytes = readFileSync(await csv.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV starts with a UTF-8 BOM');
  assert.ok(bytes.toString('utf8').includes('org_name'));
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-demo-xlsx').click()]);
  const xb = readFileSync(await xlsx.path());
  assert.equal(xb.subarray(0, 2).toString(), 'PK');
  // The downloaded workbook loads back into the page as its first job. The quick build has no
  // workbook reader: a workbook runs in the fast one, sent there by its name or, under a text
  // file's name, sent back by the quick build.
  const loadsInFastBuild = async (p, name, mimeType) => {
    await p.getByTestId('file-input').setInputFiles({ name, mimeType, buffer: xb });
    await waitDone(p);
    assert.equal(await text(p, 'org-count'), '120');
    assert.equal(await text(p, 'encoding'), 'xlsx');
    assert.equal(await p.getByTestId('status').getAttribute('data-engine'), 'fast', name);
    await p.context().close();
  };
  await loadsInFastBuild(page, 'tongxing_demo.xlsx', 'application/octet-stream');
  const renamed = await newPage('en-US');
  await renamed.goto(base);
  await renamed.locator('[data-testid=status][data-engine=quick]').waitFor({ state: 'attached' });
  await loadsInFastBuild(renamed, 'survey.csv', 'text/csv');
});

await test('large input runs in the fast build at once, before it has taken over', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-demo-csv').click()]);
  const [head, ...rows] = readFileSync(await csv.path()).toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\n');
  await page.context().close();
  // Seven renamed copies of the demo's 120 organizations: about 340 KB, over the 256 KB from
  // which a job skips the quick build (opt-level z, twice as slow on large input).
  const copies = 7;
  const big = [head];
  for (let c = 0; c < copies; c++) for (const r of rows) big.push(r.replace(/^([^,]*),([^,]*)/, `$1-${c},$2-${c}`));
  const buffer = Buffer.from(big.join('\n') + '\n', 'utf8');
  assert.ok(buffer.length > 256 * 1024, `${buffer.length} bytes`);
  const fresh = await newPage('en-US');
  await fresh.goto(base);
  await fresh.locator('[data-testid=status][data-engine=quick]').waitFor({ state: 'attached' });
  await fresh.getByTestId('file-input').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer });
  await waitDone(fresh);
  assert.equal(await text(fresh, 'org-count'), String(120 * copies));
  assert.equal(await fresh.getByTestId('status').getAttribute('data-engine'), 'fast');
  await fresh.context().close();
  // Opening the file dialog starts the fast build at once (not 2 s after the warm-up), so a
  // large file picked in the dialog finds it warm and already running jobs.
  const chooser = await newPage('en-US');
  const asked = [];
  chooser.on('request', (r) => { if (/\/worker_loader\.js$/.test(r.url())) asked.push(Date.now()); });
  await chooser.goto(base);
  await chooser.locator('[data-testid=status][data-worker=warm]').waitFor({ state: 'attached' });
  const opened = Date.now();
  const [dialog] = await Promise.all([chooser.waitForEvent('filechooser'), chooser.locator('label.drop').click()]);
  await chooser.locator('[data-testid=status][data-engine=fast]').waitFor({ state: 'attached', timeout: 20000 });
  assert.equal(asked.length, 1, 'the fast build was asked for once');
  assert.ok(asked[0] - opened < 1000, `the fast build was asked for ${asked[0] - opened} ms after the dialog opened`);
  await dialog.setFiles({ name: 'large.csv', mimeType: 'text/csv', buffer });
  await waitDone(chooser);
  assert.equal(await text(chooser, 'org-count'), String(120 * copies));
  await chooser.context().close();
});

await test('ingestion: Kobo export, multiple choice, column mapping, file kinds, templates', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  // Templates: blank CSV headers, XLSX with codebook, XLSForm.
  const blank = (await save(page, 'download-template-csv')).toString('utf8');
  assert.ok(blank.startsWith('\ufefforg_id,org_name,') && blank.includes('share_with'), blank.slice(0, 80));
  assert.equal((await save(page, 'download-template-xlsx')).subarray(0, 2).toString(), 'PK');
  assert.equal((await save(page, 'download-xlsform')).subarray(0, 2).toString(), 'PK');
  // A KoboToolbox export as downloaded: `;`, quoted, group/question headers, select-multiple.
  await page.getByTestId('file-input').setInputFiles(join(data, 'kobo_export.csv'));
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '4');
  // Cell texts (innerText is empty for a section not yet laid out: `content-visibility`).
  const multi = await page.locator('[data-testid=table-multi-1] tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' ')));
  assert.deepEqual(multi, ['advocacy 2 66.7%', 'training 2 66.7%', 'funding 1 33.3%']);
  // The mapping shows every column with its inferred role; make pro_2 a reverse-keyed item.
  // Its rows are built when the list opens (the details' toggle event).
  await show(page, 'data');
  await page.getByTestId('mapping').locator('summary').click();
  await page.getByTestId('mapping-row').first().waitFor();
  assert.equal(await page.getByTestId('mapping-row').count(), 24);
  const rowOf = async (col) => {
    const names = await page.locator('[data-testid=mapping-row]').evaluateAll((rows) => rows.map((r) => r.dataset.column));
    return names.findIndex((n) => n === col);
  };
  const pro2 = await rowOf('capacity/pro_2');
  assert.equal(await page.getByTestId(`mapping-role-${pro2}`).inputValue(), 'item');
  const proMean = async () => (await page.locator('[data-testid=dimension-row][data-key=pro] [data-testid=dimension-mean]').textContent()).trim();
  const before = await proMean();
  await page.getByTestId('mapping-row').nth(pro2).locator('input[type=checkbox]').check();
  // City becomes ignored: no group comparison by city afterwards.
  const city = await rowOf('org_info/city');
  await page.getByTestId(`mapping-role-${city}`).selectOption('ignore');
  await page.getByTestId('mapping-apply').click();
  await page.waitForFunction((b) => {
    const el = document.querySelector('[data-testid=dimension-row][data-key=pro] [data-testid=dimension-mean]');
    return el && el.textContent.trim() !== b && document.querySelector('[data-testid=status]').dataset.state === 'done';
  }, before);
  assert.notEqual(await proMean(), before, 'reverse-keying changed the dimension');
  const files = await page.locator('[data-testid=file-row] th').allTextContents();
  assert.deepEqual(files, ['kobo_export.csv', 'tongxing_mapping.csv']);
  // The mapping downloads as a codebook that says what was applied.
  const cb = (await save(page, 'download-mapping-csv')).toString('utf8');
  assert.ok(cb.includes('capacity/pro_2,item,') && cb.includes(',yes,'), cb.slice(0, 400));
  assert.ok(cb.includes('org_info/city,ignore,'));
  assert.equal((await save(page, 'download-mapping-xlsx')).subarray(0, 2).toString(), 'PK');
  // File kinds: a ties file is recognized, and the user can say it is something else.
  const ties = 'source,target\n绿芽社区发展中心,"""星火""公益"\n';
  await page.getByTestId('files-replace').setInputFiles([
    { name: 'kobo_export.csv', mimeType: 'text/csv', buffer: readFileSync(join(data, 'kobo_export.csv')) },
    { name: 'links.csv', mimeType: 'text/csv', buffer: Buffer.from(ties) },
  ]);
  await waitDone(page);
  await show(page, 'data');
  assert.equal(await page.getByTestId('file-kind-1').inputValue(), 'ties');
  const relations = async () => page.locator('[data-testid=relation-row]').count();
  const withTies = await relations();
  assert.ok(withTies >= 2, 'the tie list adds a relation');
  await page.getByTestId('file-kind-1').selectOption('aliases');
  await page.waitForFunction(() => document.querySelector('[data-testid=file-kind-1]')?.value === 'aliases'
    && document.querySelector('[data-testid=status]').dataset.state === 'done');
  assert.ok((await relations()) < withTies, 'read as aliases, the file adds no relation');
  await page.context().close();
});

await test('partner names: merge a near match, apply, download the aliases', async () => {
  const page = await demoPage('en');
  // What needs attention is a count on the overview, linked to the names to review.
  assert.match(await text(page, 'attention-names'), /^\d+ partner names to review$/);
  await page.getByTestId('attention-names').click();
  await page.locator('[data-view=data]:not([hidden])').waitFor();
  // The link lands on the names themselves: their heading at the top of the window, focused.
  await page.waitForFunction(() => document.activeElement?.id === 'names-title');
  const top = await page.evaluate(() => document.getElementById('names-title').getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 120, `names heading at ${top}px`);
  const before = await page.getByTestId('names-row').count();
  assert.ok(before > 0);
  const name = (await page.getByTestId('names-row').first().locator('th').textContent()).trim();
  const target = await page.getByTestId('names-target-0').inputValue();
  assert.ok(target.length > 0, 'the closest respondent is suggested');
  await page.getByTestId('names-merge-0').click();
  assert.match(await text(page, 'names-status-0'), /merged with/);
  await page.getByTestId('names-keep-1').click();
  assert.equal(await text(page, 'names-status-1'), 'kept separate');
  const aliases = (await save(page, 'download-aliases')).toString('utf8');
  assert.ok(aliases.includes(`${name},${target}`) || aliases.includes(`"${name}",`), aliases.slice(-300));
  assert.ok(aliases.split('\n').length > 3, 'the demo aliases are kept too');
  await page.getByTestId('names-apply').click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=status]').dataset.state === 'done'
    && ![...document.querySelectorAll('[data-testid=names-row] th')].some((th) => th.textContent.trim() === n), name);
  // The sections are mounted again one group per task: wait for all of them.
  await waitDone(page);
  assert.equal(await page.getByTestId('names-row').count(), before - 1);
  const files = await page.locator('[data-testid=file-row] th').allTextContents();
  assert.ok(files.includes('tongxing_aliases.csv') && !files.includes('demo_aliases.csv'), files.join());
  await page.context().close();
});

await test('analysis tables: group picker, sorting, CSV download of a table', async () => {
  const page = await demoPage('en', 'capacity');
  await openFold(page, 'groups-title');
  await openFold(page, 'profiles-title');
  const caption = async () => (await page.locator('[data-testid=table-group-means] caption').textContent()).trim();
  assert.match(await caption(), /City$/);
  await page.getByTestId('group-select').selectOption({ label: 'Annual budget band (yuan)' });
  assert.match(await caption(), /Annual budget band \(yuan\)$/);
  assert.equal(await page.locator('[data-testid=table-group-means] tbody tr').count(), 4);
  assert.ok(await page.getByTestId('typology-summary').textContent());
  assert.equal(await page.locator('[data-testid=table-stages] tbody tr').count(), 5);
  // Sorting the organizations by index ascending puts the lowest index first; null sorts last.
  await show(page, 'organizations');
  const idxHeader = page.locator('[data-testid=table-organizations] thead th').nth(1).locator('button');
  // The table comes sorted by index, lowest first (who needs support), and says so; the first
  // tap reverses it.
  assert.equal(await page.locator('[data-testid=table-organizations] thead th').nth(1).getAttribute('aria-sort'), 'ascending');
  await idxHeader.click();
  assert.equal(await page.locator('[data-testid=table-organizations] thead th').nth(1).getAttribute('aria-sort'), 'descending');
  await idxHeader.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('[data-testid=table-organizations] thead th').nth(1).getAttribute('aria-sort'), 'ascending');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('[data-testid=table-organizations] thead th').nth(1).getAttribute('aria-sort'), 'descending');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('[data-testid=table-organizations] thead th').nth(1).getAttribute('aria-sort'), 'ascending');
  assert.equal(await page.locator('[data-testid=table-organizations] thead th').nth(0).getAttribute('aria-sort'), 'none');
  assert.ok(await idxHeader.evaluate((b) => b === document.activeElement), 'the header button keeps the focus');
  const first = parseFloat(await page.getByTestId('org-index').first().textContent());
  const all = (await page.getByTestId('org-index').allTextContents()).map(parseFloat).filter((x) => !Number.isNaN(x));
  assert.equal(first, Math.min(...all));
  // Requiring every item re-runs the analysis from the files in memory: fewer organizations scored.
  const scored = async () => parseInt(await page.locator('[data-testid=dimension-row]').first().locator('td').nth(1).textContent(), 10);
  assert.equal(await scored(), 119);
  await show(page, 'data');
  await page.getByTestId('setting-min-answered').selectOption({ label: '100%' });
  await page.locator('[data-testid=status][data-state=working]').waitFor({ state: 'detached', timeout: 200 }).catch(() => {});
  await waitDone(page);
  await page.waitForFunction(() => parseInt(document.querySelector('[data-testid=dimension-row] td:nth-of-type(2)').textContent, 10) < 119);
  assert.ok((await scored()) < 119);
  // Reciprocal ties only: fewer ties in the first relation, recorded as a setting.
  const ties = async () => parseInt(await page.getByTestId('relation-ties').first().textContent(), 10);
  const before = await ties();
  await page.getByTestId('setting-symmetrize').selectOption('reciprocal');
  await page.waitForFunction((b) => {
    const el = document.querySelector('[data-testid=relation-ties]');
    return el && parseInt(el.textContent, 10) < b && document.querySelector('[data-testid=status]').dataset.state === 'done';
  }, before);
  assert.ok((await page.locator('[data-testid^=table-nodes-] tbody tr').count()) > 0);
  await show(page, 'organizations');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv-organizations').click()]);
  const csv = readFileSync(await dl.path(), 'utf8');
  assert.equal(csv.charCodeAt(0), 0xfeff, 'BOM');
  assert.equal(csv.trim().split('\n').length, 121, 'header + 120 organizations');
  await page.context().close();
});

// A network of `n` organizations (each names the next and the seventh after it), written as
// responses + ties files: large enough for the canvas explorer, small enough to analyse fast.
function ringSurvey(n) {
  const rows = ['org_name,k_1,k_2'];
  const ties = ['source,target,relation'];
  for (let i = 0; i < n; i++) {
    rows.push(`org${i},${1 + (i % 5)},${1 + ((i * 3) % 5)}`);
    ties.push(`org${i},org${(i + 1) % n},share`, `org${i},org${(i + 7) % n},share`);
  }
  return [['responses', rows], ['ties', ties]].map(([k, lines]) => ({
    name: `ring_${k}.csv`, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n'),
  }));
}
const frames = async (ex) => parseInt(await ex.getAttribute('data-frames'), 10);

await test('explorer: the layout forms live in a worker and can be paused, resumed and replayed', async () => {
  const page = await demoPage('en', 'network');
  const ex = page.getByTestId('explorer').first();
  const status = ex.getByTestId('layout-status');
  assert.equal(await ex.getByTestId('explorer-canvas').getAttribute('data-renderer'), 'svg');
  // The analysis's layout is shown at once.
  assert.equal(await status.getAttribute('data-state'), 'done');
  // Plain words for the coordinator; the algorithm and its seed under "Technical details".
  assert.match(await status.textContent(), /same places every time/);
  assert.match(await ex.getByTestId('layout-tech').textContent(), /ForceAtlas2 force-directed layout, 300 steps from a fixed random seed \(42\)/);
  const centres = async () => ex.locator('[data-testid=explorer-canvas] circle').evaluateAll(
    (cs) => cs.map((c) => [parseFloat(c.getAttribute('cx')), parseFloat(c.getAttribute('cy'))]));
  const before = await centres();
  // Replay: the live layout starts from the seeded start, is drawn as it forms (at least 50
  // frames), and pauses; the slice already asked for still arrives.
  await ex.getByTestId('layout-toggle').click();
  assert.equal(await status.getAttribute('data-state'), 'running');
  assert.equal(await ex.getByTestId('layout-toggle').textContent(), 'Pause layout');
  await ex.getByTestId('layout-toggle').click();
  assert.equal(await status.getAttribute('data-state'), 'paused');
  await page.waitForFunction(() => parseInt(document.querySelector('[data-testid=explorer]').dataset.frames, 10) >= 1);
  assert.match(await status.textContent(), /Layout paused at step \d+ of 300/);
  const paused = await frames(ex);
  await page.waitForTimeout(600);
  assert.equal(await frames(ex), paused, 'no frames while paused');
  const mid = await centres();
  await ex.getByTestId('layout-toggle').click();
  assert.equal(await status.getAttribute('data-state'), 'running');
  await ex.locator('[data-testid=layout-status][data-state=done]').waitFor({ timeout: 30000 });
  assert.ok((await frames(ex)) >= 50, `drawn as it forms (${await frames(ex)} frames)`);
  // Run to the end, the live layout lands where the analysis's layout is (same seed, same
  // steps; positions travel as 32-bit floats).
  const after = await centres();
  assert.equal(after.length, before.length);
  const moved = (a, b) => Math.max(...a.map((p, i) => Math.hypot(p[0] - b[i][0], p[1] - b[i][1])));
  assert.ok(moved(after, before) < 0.5, `live layout ends at the analysis layout (${moved(after, before)})`);
  assert.ok(moved(mid, before) > 5, 'the paused frame was an intermediate picture');
  // Size by any node metric; colour by community (default) or a category, with a legend.
  assert.equal(await ex.getByTestId('explorer-size').locator('option').count(), 16);
  // The three a coordinator needs first, the other thirteen under 'More measures'.
  assert.deepEqual(await ex.getByTestId('explorer-size').locator(':scope > option').allTextContents(), ['Times named', 'Bridging', 'Ties']);
  assert.equal(await ex.getByTestId('explorer-size').locator('optgroup').getAttribute('label'), 'More measures');
  assert.equal(await ex.getByTestId('explorer-size').locator('optgroup > option').count(), 13);
  assert.equal(await ex.getByTestId('explorer-size-help').count(), 0, 'times named needs no explaining');
  await ex.getByTestId('explorer-size').selectOption('closeness');
  // A measure is said in plain words under the controls.
  assert.match(await ex.getByTestId('explorer-size-help').textContent(), /^Closeness: /);
  const legend = () => ex.getByTestId('explorer-legend').locator('li').allTextContents();
  // Communities by name (their member named most often), every node in one entry.
  const named = await legend();
  assert.match(named[0], /^.+'s community \(\d+\)$/);
  assert.ok(!named.some((e) => /^Community \d/.test(e)), named.join(', '));
  const fills = () => ex.locator('[data-testid=explorer-canvas] circle').evaluateAll(
    (cs) => new Set(cs.map((c) => c.getAttribute('fill'))).size);
  const communityFills = await fills();
  await ex.getByTestId('explorer-colour').selectOption({ label: 'Responded' });
  await page.waitForFunction(() => document.querySelector('[data-testid=explorer-legend] li')?.textContent.startsWith('yes'));
  const entries = await legend();
  assert.match(entries[0], /^yes \(120\)$/);
  assert.ok(entries.some((e) => /^no \(\d+\)$/.test(e)), entries.join(', '));
  assert.ok((await fills()) < communityFills, 'two categories: fewer colours than communities');
  await page.context().close();
});

// Drops a ring survey of `n` organizations and returns the first explorer, checked to be drawn
// on a canvas (no SVG element per node).
async function canvasExplorer(lang, n) {
  const page = await newPage(lang);
  await page.goto(base);
  await page.getByTestId('file-input').setInputFiles(ringSurvey(n));
  await page.locator('[data-testid=status][data-state=done][data-charts=drawn]').waitFor({ timeout: 120000 });
  await show(page, 'network');
  const ex = page.getByTestId('explorer').first();
  const drawing = ex.getByTestId('explorer-canvas');
  assert.equal(await drawing.getAttribute('data-renderer'), 'canvas');
  assert.equal(await drawing.locator('circle').count(), 0, 'no SVG element per node');
  return { page, ex };
}

await test('explorer: a laid-out network with more than 5,000 ties is drawn on a canvas from the analysis\'s layout', async () => {
  const { page, ex } = await canvasExplorer('en-US', 3000);
  assert.match(await ex.getByTestId('explorer-bitmap').getAttribute('aria-label'), /3000 organizations and 6000 ties/);
  // No live layout: the analysis's positions are drawn at once.
  const status = ex.getByTestId('layout-status');
  assert.equal(await status.getAttribute('data-state'), 'done');
  assert.match(await ex.getByTestId('layout-tech').textContent(), /ForceAtlas2 force-directed layout, \d+ steps from a fixed random seed \(42\)/);
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid=explorer-bitmap]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
    return false;
  });
  await page.context().close();
});

await test('explorer: a network above 5,000 organizations is drawn on a canvas, laid out live', async () => {
  const { page, ex } = await canvasExplorer('zh-CN', 6000);
  const bitmap = ex.getByTestId('explorer-bitmap');
  assert.match(await bitmap.getAttribute('aria-label'), /6000 家机构、12000 条关系/);
  const status = ex.getByTestId('layout-status');
  if ((await status.getAttribute('data-state')) === 'done') await ex.getByTestId('layout-toggle').click();
  await ex.getByTestId('layout-toggle').click();
  assert.equal(await status.getAttribute('data-state'), 'paused');
  assert.match(await status.textContent(), /布局已暂停于第 \d+ \/ 100 步/);
  await ex.getByTestId('layout-toggle').click();
  await ex.locator('[data-testid=layout-status][data-state=done]').waitFor({ timeout: 60000 });
  assert.ok((await frames(ex)) >= 2, 'drawn frame by frame');
  // The canvas is painted: coloured nodes and grey ties on white.
  const painted = await bitmap.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230) ink++;
    return ink / (d.length / 4);
  });
  assert.ok(painted > 0.05, `canvas painted (${painted})`);
  // Search focuses an organization; a click on the canvas finds the node under the pointer.
  await ex.getByTestId('explorer-search').fill('org17');
  await ex.getByTestId('explorer-search').dispatchEvent('change');
  await ex.getByTestId('explorer-details').waitFor();
  assert.ok((await ex.getByTestId('explorer-details').textContent()).startsWith('org17'));
  await ex.getByTestId('explorer-clear').click();
  assert.equal(await ex.getByTestId('explorer-details').count(), 0);
  // A strongly coloured pixel is inside a node: click there.
  const [fx, fy] = await bitmap.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 100) {
        const p = i / 4;
        return [(p % c.width) / c.width, Math.floor(p / c.width) / c.height];
      }
    }
    return [0.5, 0.5];
  });
  await bitmap.scrollIntoViewIfNeeded();
  const box = await bitmap.boundingBox();
  await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
  await ex.getByTestId('explorer-details').waitFor();
  assert.match(await ex.getByTestId('explorer-details').textContent(), /^org\d+/);
  // Zooming keeps the page responsive (a CSS transform; a sharper redraw when the zoom doubles).
  await ex.getByTestId('zoom-in').click();
  await ex.getByTestId('zoom-in').click();
  await ex.getByTestId('zoom-in').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=explorer-bitmap]').width > 700);
  await page.context().close();
});

await test('network: combined view, ego network, cultivation suggestions, Louvain/Leiden switch', async () => {
  const page = await demoPage('zh');
  // Two survey relations plus the combined (multiplex) view.
  await show(page, 'network');
  assert.equal(await page.getByTestId('relation-row').count(), 3);
  assert.equal(await page.locator('[data-testid=relation-row]').nth(2).getAttribute('data-key'), 'combined');
  // On a desktop the relations' table is open (a row each); a phone folds it.
  assert.equal(await page.getByTestId('fold-network-relations-title').evaluate((d) => d.open), true);
  // Explorer: zoom, search to focus, click a node, keyboard.
  const ex = page.getByTestId('explorer').first();
  const canvas = ex.getByTestId('explorer-canvas');
  // It opens on all relations combined, as the overview speaks of them.
  const combinedNodes = await page.locator('[data-testid=relation-row][data-key=combined] [data-testid=relation-nodes]').textContent();
  assert.equal(await canvas.locator('circle').count(), parseInt(combinedNodes, 10));
  await ex.getByTestId('zoom-in').click();
  assert.match(await canvas.getAttribute('style'), /scale\(1\.250\)/);
  // The name suggestions appear once the search box has focus.
  assert.equal(await ex.locator('datalist option').count(), 0);
  await ex.getByTestId('explorer-search').focus();
  await ex.locator('datalist option').first().waitFor({ state: 'attached' });
  const names = await ex.locator('datalist option').evaluateAll((os) => os.map((o) => o.value));
  await ex.getByTestId('explorer-search').fill(names[3]);
  await ex.getByTestId('explorer-search').dispatchEvent('change');
  await ex.getByTestId('explorer-details').waitFor();
  assert.ok((await ex.getByTestId('explorer-details').textContent()).startsWith(names[3]));
  assert.equal(await canvas.locator('circle[stroke-width="4"]').count(), 1, 'focus ring');
  await ex.locator('.explorer-view').focus();
  await page.keyboard.press('Escape');
  assert.equal(await ex.getByTestId('explorer-details').count(), 0);
  await page.keyboard.press('0');
  assert.match(await canvas.getAttribute('style'), /scale\(1\.000\)/);
  await canvas.locator('circle').nth(5).dispatchEvent('pointerdown', { clientX: 10, clientY: 10 });
  await canvas.locator('circle').nth(5).dispatchEvent('pointerup', { clientX: 10, clientY: 10 });
  await ex.getByTestId('explorer-details').waitFor();
  // Ego network: pick an organization, the summary and the diagram follow it.
  const ego = page.getByTestId('ego').first();
  const summary = async () => (await ego.getByTestId('ego-summary').textContent()).trim();
  const first = await summary();
  assert.match(first, /个伙伴/);
  const options = await ego.getByTestId('ego-select').locator('option').allTextContents();
  await ego.getByTestId('ego-select').selectOption({ label: options[options.length - 1] });
  await page.waitForFunction((f) => document.querySelector('[data-testid=ego-summary]').textContent.trim() !== f, first);
  assert.ok(await ego.locator('[data-testid=chart-ego] svg').count());
  // Suggestions (of all relations combined first): introductions with a Chinese reason, new
  // ties, critical brokers.
  await show(page, 'cultivate');
  assert.equal(await page.getByTestId('cultivate').first().getAttribute('data-key'), 'combined');
  const cult = page.getByTestId('cultivate').first();
  const introRows = cult.locator('[data-testid^=table-introductions-] tbody tr');
  assert.ok((await introRows.count()) > 10);
  assert.match(await introRows.first().locator('td').nth(1).textContent(), /[\u4e00-\u9fff]/);
  assert.ok((await cult.locator('[data-testid^=table-new-ties-] tbody tr').count()) >= 1);
  assert.ok((await cult.locator('[data-testid^=table-brokers-] tbody tr').count()) >= 1);
  // Switching to Louvain re-runs and is recorded in the JSON report.
  await show(page, 'data');
  await page.getByTestId('setting-community').selectOption('louvain');
  await page.waitForFunction(() => document.querySelector('[data-testid=status]').dataset.state === 'done'
    && [...document.querySelectorAll('[data-testid^=table-graph-] td')].some((td) => td.textContent.startsWith('Louvain')));
  await show(page, 'downloads');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report-json').click()]);
  const report = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  assert.equal(report.network.relations[0].settings.community_method, 'louvain');
  assert.ok(report.network.relations[0].core_periphery.core_size > 0);
  assert.ok(report.network.relations[2].settings.combined);
  await page.context().close();
});

await test('charts: gallery, data tables, language switch, SVG and PNG downloads, relation picker', async () => {
  const page = await demoPage('en');
  // Capacity charts in the capacity view, network charts of one relation in the network view,
  // an organization's radar on its page.
  const gallery = page.getByTestId('charts');
  for (const id of ['box', 'hist-knowledge_sharing', 'likert-knowledge_sharing', 'correlations', 'radar-groups']) {
    assert.equal(await gallery.locator(`[data-testid=chart-${id}] img.svg`).count(), 1, id);
  }
  const networkCharts = page.getByTestId('network-charts');
  // Those of all relations combined first, as the overview speaks of them.
  for (const id of ['degree-combined', 'scatter-combined']) {
    assert.equal(await networkCharts.locator(`[data-testid=chart-${id}] img.svg`).count(), 1, id);
  }
  await show(page, 'organizations');
  await page.locator('[data-testid=org-row] button').first().click();
  await page.getByTestId('chart-radar-organization').waitFor();
  // Every chart has an accessible name and a data table (the ego diagram's table is the
  // partner list right below it).
  let n = 0;
  for (const view of ['capacity', 'network', 'organizations']) {
    if (view !== 'organizations') await show(page, view);
    if (view === 'capacity') await openFold(page, 'charts-title');
    if (view === 'network') await openFold(page, 'network-charts-title');
    const figures = page.locator(`[data-view=${view}] figure.chart:not([data-testid=chart-ego])`);
    const k = await figures.count();
    n += k;
    for (let i = 0; i < k; i++) {
      assert.ok((await figures.nth(i).locator('img.svg').getAttribute('alt')).length > 10);
      // The table is built when its disclosure is first opened.
      assert.equal(await figures.nth(i).locator('details table').count(), 0);
      await figures.nth(i).locator('details summary').click();
      await figures.nth(i).locator('details table').waitFor();
      assert.equal(await figures.nth(i).locator('details table').count(), 1);
    }
  }
  assert.ok(n >= 15, `${n} charts`);
  // Downloads: a valid SVG and a PNG at twice the size.
  await show(page, 'capacity');
  const box = gallery.getByTestId('chart-box');
  const [svgDl] = await Promise.all([page.waitForEvent('download'), box.getByTestId('download-svg').click()]);
  const svgText = readFileSync(await svgDl.path(), 'utf8');
  assert.ok(svgText.startsWith('<svg') && svgText.includes('Distribution of dimension scores'));
  const [pngDl] = await Promise.all([page.waitForEvent('download'), box.getByTestId('download-png2').click()]);
  // Named from the chart's title, not its id.
  assert.equal(svgDl.suggestedFilename(), 'Distribution-of-dimension-scores.svg');
  assert.equal(pngDl.suggestedFilename(), 'Distribution-of-dimension-scores@2x.png');
  const png = readFileSync(await pngDl.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const width = png.readUInt32BE(16);
  const svgWidth = parseInt(svgText.match(/width="(\d+)"/)[1], 10);
  assert.equal(width, 2 * svgWidth, 'PNG at 2×');
  // The relation picker switches the network charts.
  await show(page, 'network');
  await openFold(page, 'network-charts-title');
  await page.getByTestId('chart-relation').selectOption({ label: 'Knowledge sharing' });
  await networkCharts.locator('[data-testid=chart-degree-knowledge_sharing] img').waitFor();
  assert.equal(await networkCharts.locator('[data-testid=chart-degree-combined]').count(), 0);
  // Switching the language redraws the charts in Chinese.
  await page.getByTestId('lang-switch').click();
  await show(page, 'capacity');
  await chartImage(page, 'box', /各维度得分分布/);
  assert.ok((await chartSvg(gallery, 'box')).includes('各维度得分分布'));
  await page.context().close();
});

await test('exports: anonymize, key, profiles, record, GB18030 CSV, share link', async () => {
  const page = await demoPage('en');
  const name = await firstOrg(page);
  assert.ok(!name.startsWith('ORG-'), name);
  // The HTML report prints: with print media it becomes a multi-page A4 PDF.
  await show(page, 'downloads');
  // Grouped by who they are for, the funder's report first; the record shows its command.
  assert.deepEqual(await page.locator('.download-group').evaluateAll((gs) => gs.map((g) => g.dataset.testid).filter(Boolean)),
    ['downloads-funder', 'downloads-partners', 'downloads-research', 'downloads-record']);
  assert.match(await text(page, 'record-command'), /^tongxing analyze demo_responses\.csv --codebook demo_codebook\.csv .*--json$/);
  const html = (await save(page, 'download-report-html')).toString('utf8');
  const printPage = await page.context().newPage();
  await printPage.setContent(html);
  await printPage.emulateMedia({ media: 'print' });
  const pdf = await printPage.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length >= 3, 'several pages');
  await printPage.close();
  // Profiles: one page per organization plus an index, and one printable batch.
  assert.equal(zipEntries(await save(page, 'download-profiles')), 121);
  const batch = (await save(page, 'download-profiles-batch')).toString('utf8');
  assert.equal(batch.split('<section class="profile"').length - 1, 120);
  // Anonymize: codes everywhere on the page (tables, charts, explorer), the key maps back.
  await show(page, 'data');
  // The download notice stayed behind in the downloads view (it would cover a control
  // scrolled to the window's lower edge).
  assert.equal(await page.getByTestId('download-fallback').count(), 0);
  await page.getByTestId('anonymize-toggle').check();
  await page.waitForFunction(() => /^ORG-\d{3}$/.test(document.querySelector('[data-testid=org-row] th')?.textContent.trim()));
  await waitDone(page);
  assert.equal(await page.locator('[data-testid=anonymize-toggle]').isChecked(), true);
  const codes = await page.locator('[data-testid=org-row] th').allTextContents();
  assert.equal(codes.length, 25, 'the first page of the table');
  assert.ok(codes.every((c) => /^ORG-\d{3}$/.test(c.trim())), codes.slice(0, 5).join());
  assert.ok(!(await page.content()).includes(name), 'the original name is gone from the page');
  // Charts are images of their SVG: their text is checked in the SVG they save.
  await show(page, 'organizations');
  await page.locator('[data-testid=org-row] button').first().click();
  assert.match(await text(page, 'org-name'), /^ORG-\d{3}$/);
  assert.ok(!(await chartSvg(page, 'radar-organization')).includes(name), 'the original name is gone from the radar');
  await show(page, 'network');
  assert.ok(!(await chartSvg(page, 'network-combined')).includes(name), 'the original name is gone from the diagram');
  // The same organization (top of the table) maps back to its name through the key.
  await show(page, 'downloads');
  const key = (await save(page, 'download-anonymization-key')).toString('utf8');
  assert.ok(key.includes(`${codes[0].trim()},`) && key.split('\n').some((line) => line.startsWith(`${codes[0].trim()},`) && line.includes(`,${name},true`)), key.slice(0, 300));
  const reportBytes = await save(page, 'download-report-json');
  const report = JSON.parse(reportBytes.toString('utf8'));
  assert.equal(report.capacity.organizations[0].name, 'ORG-001');
  // For browsers that ignore downloads (WeChat): the same file can be opened or copied.
  const fallback = page.getByTestId('download-fallback');
  assert.match(await fallback.textContent(), /tongxing_report\.json/);
  const href = await page.getByTestId('download-open').getAttribute('href');
  assert.ok(href.startsWith('blob:'), href);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('download-open').click()]);
  await popup.waitForLoadState();
  assert.deepEqual(JSON.parse(await popup.evaluate(() => document.body.innerText)), report, 'the opened file is the report');
  await popup.close();
  assert.equal(await page.getByTestId('download-copy').count(), 1, 'text files can be copied');
  // The notice is not pinned for good: it goes by itself after 15 s (the pointer away from it)…
  await page.mouse.move(1, 1);
  await fallback.waitFor({ state: 'detached', timeout: 30000 });
  // Help next to the numbers: each metric table explains its columns in plain language.
  await show(page, 'capacity');
  await openFold(page, 'reliability-title');
  const help = page.locator('[data-testid=table-help]').filter({ hasText: "Cronbach's α" }).first();
  await help.locator('summary').click();
  assert.match(await help.textContent(), /Cronbach's α[\s\S]*consistently[\s\S]*McDonald's ω/);
  assert.ok(await help.locator('dd').first().isVisible(), 'help opens');
  assert.ok(!JSON.stringify(report).includes(name));
  // The reproducibility record: hashes of the inputs and the CLI command with these settings.
  await show(page, 'downloads');
  const rec = JSON.parse((await save(page, 'download-record')).toString('utf8'));
  assert.equal(rec.schema, 'tongxing.record/1');
  // …or at once with its close button.
  await page.getByTestId('download-dismiss').click();
  await page.getByTestId('download-fallback').waitFor({ state: 'detached', timeout: 2000 });
  assert.equal(rec.files[0].name, 'demo_responses.csv');
  assert.match(rec.files[0].sha256, /^[0-9a-f]{64}$/);
  assert.match(rec.command, /^tongxing analyze demo_responses\.csv .*--anonymize --json$/);
  // …and when the reader moves to another view (it covered the foot of the next views).
  await save(page, 'download-record');
  await page.getByTestId('download-fallback').waitFor();
  // CSV in GB18030 for older Excel: no BOM, decodes as GB18030.
  await show(page, 'data');
  assert.equal(await page.getByTestId('download-fallback').count(), 0, 'the notice stays behind');
  await page.getByTestId('csv-encoding').selectOption('gb18030');
  await show(page, 'organizations');
  const gb = await save(page, 'download-csv-organizations');
  assert.notEqual(gb[0], 0xef, 'no UTF-8 BOM');
  const decoded = new TextDecoder('gb18030').decode(gb);
  assert.ok(decoded.includes('ORG-001') && decoded.split('\n').length >= 121);
  // Share link: settings (and the view) in the fragment, never data; opening it applies them.
  await show(page, 'downloads');
  await page.getByTestId('share-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  assert.match(url, /#lang=en&.*anon=1/);
  assert.match(url, /csv=gb18030/);
  assert.match(url, /view=downloads/);
  assert.ok(!url.includes(name) && url.length < 300, url);
  assert.equal(await page.evaluate(() => location.hash), new URL(url).hash, 'address bar holds the link');
  const other = await newPage('zh-CN');
  await other.goto(url);
  await other.getByTestId('shared-settings').waitFor();
  assert.equal(await text(other, 'demo-button'), 'Try the demo', 'language from the link');
  await other.getByTestId('demo-button').click();
  await waitDone(other);
  assert.match(await firstOrg(other), /^ORG-\d{3}$/, 'anonymized by the link');
  assert.equal(await other.locator('[data-testid=csv-encoding]').inputValue(), 'gb18030');
  await other.context().close();
  await page.context().close();
});

// What a funder, a partner and a researcher get in Chinese: the workbook with Chinese sheets and
// headers, frozen and formatted; the report opening on its summary, with the models fitted; the
// profiles with their introductions, named or not as set.
await test('exports in Chinese: workbook, report with models, profiles with introductions', async () => {
  const page = await demoPage('zh', 'models');
  await page.getByTestId('fit-models').click();
  await page.locator('[data-testid=mediation]').first().waitFor({ timeout: 60000 });
  await waitDone(page);
  await show(page, 'downloads');
  const xlsx = await save(page, 'download-xlsx');
  const sheets = [...zipText(xlsx, 'xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  for (const s of ['机构', '维度', '节点 · 知识分享', '模型系数', '中介效应', '字段']) assert.ok(sheets.includes(s), `${s} in ${sheets}`);
  const strings = zipText(xlsx, 'xl/sharedStrings.xml');
  assert.ok(strings.includes('指数（0–100）') && strings.includes('桥梁作用'), 'Chinese headers');
  assert.match(zipText(xlsx, 'xl/worksheets/sheet1.xml'), /<pane xSplit="1" ySplit="1"[^>]*state="frozen"/);
  assert.match(zipText(xlsx, 'xl/styles.xml'), /formatCode="0\.00"/);
  const html = (await save(page, 'download-report-html')).toString('utf8');
  assert.ok(html.startsWith('<!DOCTYPE html><html lang="zh-CN"'), 'report in Chinese');
  const at = (s) => html.indexOf(`data-section="${s}"`);
  assert.ok(at('summary') >= 0 && at('summary') < at('organizations') && at('organizations') < at('groups'), 'summary first');
  assert.ok(at('models') > at('network') && html.includes('中介模型路径图'), 'models with the path diagram');
  assert.ok(html.includes('摘要') && html.includes('关键机构'));
  // Their words came after the first result (the page's first load leaves them out): none
  // shows as its key.
  const keyLike = /\b(report|profile|workbook)\.[a-z_]+\b/;
  assert.ok(!keyLike.test(html.replace(/<(script|style)[\s\S]*?<\/\1>/g, '')), html.match(keyLike)?.[0]);
  let batch = (await save(page, 'download-profiles-batch')).toString('utf8');
  assert.ok(batch.includes('建议结识的机构') && batch.includes('<ul class="intros">'));
  assert.ok(!keyLike.test(batch), batch.match(keyLike)?.[0]);
  const named = (batch.match(/<ul class="intros"><li><strong>/g) || []).length;
  assert.ok(named > 0, 'introductions name the other side by default');
  await show(page, 'data');
  await page.getByTestId('setting-profile-partner-names').selectOption('hidden');
  await show(page, 'downloads');
  batch = (await save(page, 'download-profiles-batch')).toString('utf8');
  assert.equal((batch.match(/<ul class="intros"><li><strong>/g) || []).length, 0, 'no names when hidden');
  assert.ok(batch.includes('不显示这些机构的名称'));
  await page.context().close();
});

await test('offline: service worker, remembered session, forget, update to a new deploy', async () => {
  // A private copy of dist/ on its own origin, so the test can deploy a "new version".
  const site = await serveDist({ copy: true });
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 } });
  watchRequests(ctx, site.origin);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(site.base);
  await page.locator('[data-testid=offline-status][data-state="offline.ready"]').waitFor({ timeout: 20000 });
  // Remember (consent) and run the demo; a reload restores and re-runs it.
  await page.getByTestId('remember-toggle').check();
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  await show(page, 'data');
  await page.getByTestId('setting-symmetrize').selectOption('union');
  await waitDone(page);
  await page.waitForTimeout(300);
  await page.reload();
  await page.locator('[data-testid=persist-status][data-state="persist.restored"]').waitFor({ timeout: 20000 });
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '120');
  assert.equal(await page.locator('[data-testid=setting-symmetrize]').inputValue(), 'union', 'settings restored');
  // Offline: the page, the worker and the remembered files all come from this browser.
  await ctx.setOffline(true);
  await page.reload();
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '120');
  await ctx.setOffline(false);
  // Forget everything: nothing of the user's is left in storage, and a reload starts empty.
  await show(page, 'data');
  await page.getByTestId('forget-everything').click();
  await page.locator('[data-testid=persist-status][data-state="persist.forgotten"]').waitFor();
  await page.waitForTimeout(200);
  const left = await page.evaluate(async () => ({
    keys: Object.keys(localStorage).filter((k) => k.startsWith('tongxing.')),
    caches: (await caches.keys()).filter((k) => !k.startsWith('tongxing-shell-')),
  }));
  assert.deepEqual(left, { keys: [], caches: [] });
  await page.reload();
  await waitDone(page, 'idle');
  assert.equal(await page.locator('[data-testid=remember-toggle]').isChecked(), false);
  // A new deploy: the open tab keeps working on its cached version and offers the update.
  const swPath = join(site.dir, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const oldVersion = sw.match(/const VERSION = '([^']+)'/)[1];
  writeFileSync(swPath, sw.replace(`const VERSION = '${oldVersion}'`, `const VERSION = '${oldVersion}-next'`));
  const indexPath = join(site.dir, 'index.html');
  // After the charset (the built index.html is minified: it has no `<head>` tag).
  const next = readFileSync(indexPath, 'utf8').replace(/<meta charset[^>]*>/i, '$&<meta name="build" content="next">');
  assert.ok(next.includes('name="build"'), 'the new deploy is marked');
  writeFileSync(indexPath, next);
  await page.reload();
  await page.getByTestId('update-ready').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('meta[name=build]').count(), 0, 'still the cached version');
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-now').click()]);
  await page.locator('meta[name=build]').waitFor({ state: 'attached', timeout: 20000 });
  const shells = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('tongxing-shell-')));
  assert.deepEqual(shells, [`tongxing-shell-${oldVersion}-next`], 'the old version was removed');
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  // The server is gone: the page still opens and analyses from the service worker's copy.
  site.stop();
  await page.reload();
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '120');
  await ctx.close();
});

await test('worker blocked: a clear bilingual message instead of a silent failure (analysis and downloads)', async () => {
  // Its own context, without the console-error listener: the blocked script logs a 404.
  // Service workers blocked, so the route below sees the request (it would serve from cache).
  const ctx = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.route(/\/worker(_quick)?_loader\.js$/, (r) => r.fulfill({ status: 404, body: '' }));
  await page.goto(base);
  await page.getByTestId('demo-button').click();
  await page.locator('[data-testid=status][data-state=error]').waitFor({ timeout: 20000 });
  assert.match(await page.getByTestId('error').textContent(), /Web Worker/);
  await ctx.close();
  // The file worker (XLSX and ZIP downloads) blocked: the download says it failed, by name.
  const ctx2 = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  const page2 = await ctx2.newPage();
  await page2.route('**/file_worker_loader.js', (r) => r.fulfill({ status: 404, body: '' }));
  await page2.goto(base);
  await page2.getByTestId('download-template-xlsx').click();
  await page2.getByTestId('error').waitFor({ timeout: 20000 });
  assert.match(await page2.getByTestId('error').textContent(), /tongxing_template\.xlsx/);
  assert.equal(await page2.getByTestId('making').count(), 0, 'no file is left "in preparation"');
  // The page still works: the CSV template downloads without the file worker.
  const [csv] = await Promise.all([page2.waitForEvent('download'), page2.getByTestId('download-template-csv').click()]);
  assert.ok(readFileSync(await csv.path()).toString('utf8').includes('org_name'));
  await ctx2.close();
});

await test('the analysis worker starts with the page\'s first script, before the page\'s wasm has arrived, and is adopted once; the fast build takes over after the first result with the same report', async () => {
  // Service workers blocked, so every request is seen here. The page's wasm is held back
  // 1.5 s: the quick build's loader must be asked for meanwhile (tools/early-worker.js), the
  // page must take that worker over rather than start a second one, and the fast build must
  // not be asked for before the first result (it would share the link with it).
  const ctx = await browser.newContext({ locale: 'zh-CN', serviceWorkers: 'block' });
  watchRequests(ctx);
  const page = await ctx.newPage();
  const t0 = Date.now();
  let wasmSent = null;
  const quickAsked = [];
  const fastAsked = [];
  // Every file asked for by the page and its workers until the first result.
  const asked = new Set();
  let counting = true;
  ctx.on('request', (req) => { if (counting) asked.add(new URL(req.url()).pathname.split('/').pop()); });
  page.on('request', (req) => {
    if (/\/worker_quick_loader\.js$/.test(req.url())) quickAsked.push(Date.now() - t0);
    if (/\/worker_loader\.js$/.test(req.url())) fastAsked.push(Date.now() - t0);
  });
  await page.route(/app-[0-9a-f]+_bg\.wasm$/, async (r) => {
    await new Promise((res) => setTimeout(res, 1500));
    wasmSent = Date.now() - t0;
    await r.continue();
  });
  await page.goto(base);
  await page.getByTestId('demo-button').waitFor({ timeout: 30000 });
  assert.ok(wasmSent !== null, 'the page\'s wasm was requested');
  assert.equal(quickAsked.length, 1, `one analysis worker before any run (asked at ${quickAsked} ms)`);
  assert.ok(quickAsked[0] < wasmSent, `the worker was asked for (${quickAsked[0]} ms) before the page's wasm arrived (${wasmSent} ms)`);
  assert.equal(await page.evaluate(() => self.tongxingEarlyWorker === undefined), true, 'the page took the early worker over');
  await page.getByTestId('demo-button').click();
  await page.locator('[data-testid=status][data-state=done][data-engine=quick]').waitFor({ timeout: 30000 });
  assert.equal(quickAsked.length, 1, 'the demo ran on the adopted worker');
  assert.equal(fastAsked.length, 0, 'the fast build was not asked for before the first result');
  assert.ok(!asked.has('zh.json'), 'the download files\' words were not asked for before the first result');
  counting = false;
  // What a first visit waits for, as a static host sends it (gzip -9): at most 1.5 MB (#34).
  const files = [...asked].filter((f) => f && existsSync(join(root, 'dist', f)));
  assert.ok(files.some((f) => /^app-.*_bg\.wasm$/.test(f)) && files.some((f) => /^worker_quick.*\.wasm$/.test(f)), `the page's and the worker's wasm were seen: ${files}`);
  const gz = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(root, 'dist', f)), { level: 9 }).length, 0);
  console.log(`      first load: ${gz} B gzipped before the first result (budget 1,500,000)`);
  assert.ok(gz <= 1.5e6, `before the first result ${(gz / 1e6).toFixed(3)} MB gzipped arrive (budget 1.5 MB): ${files.join(', ')}`);
  // The quick build embeds no words: the page sent its Chinese, so its charts read in Chinese.
  await show(page, 'capacity');
  await chartImage(page, 'means', /各维度平均得分/);
  assert.ok((await chartSvg(page, 'means')).includes('各维度平均得分'), 'the quick build drew in Chinese');
  const reportNow = async () => {
    await show(page, 'downloads');
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report-json').click()]);
    return JSON.parse(readFileSync(await d.path(), 'utf8'));
  };
  const quick = await reportNow();
  // Once idle, the fast build loads, warms up and takes over; the same demo gives the same report.
  await page.locator('[data-testid=status][data-engine=fast]').waitFor({ timeout: 60000 });
  assert.equal(fastAsked.length, 1, 'the fast build was started once');
  // After a result the input is one click away, folded under the data view.
  await show(page, 'data');
  await page.locator('[data-testid=input-details] > summary').click();
  await page.getByTestId('demo-button').click();
  await page.locator('[data-testid=status][data-state=done][data-engine=fast]').waitFor({ timeout: 30000 });
  // Same code at another opt-level: the same numbers, bit for bit (only the timings differ).
  const strip = (r) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'timings_ms' ? undefined : v)));
  assert.deepStrictEqual(strip(await reportNow()), strip(quick), 'the fast build\'s report is the quick build\'s');
  assert.equal(quickAsked.length, 1, 'no second quick worker');
  await ctx.close();
});

// A large deterministic survey: slow enough to watch progress, partial results and cancel.
function bigSurvey(n, named = 5) {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['org_name,city,k_1,k_2,k_3,partners'];
  for (let i = 0; i < n; i++) {
    const partners = Array.from({ length: named }, () => `org${Math.floor(rnd() * n)}`).join(';');
    lines.push(`org${i},c${i % 7},${1 + Math.floor(rnd() * 5)},${1 + Math.floor(rnd() * 5)},${1 + Math.floor(rnd() * 5)},"${partners}"`);
  }
  return Buffer.from(lines.join('\n'));
}

await test('progress, capacity before network, cancel, then a clean new run', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  await page.getByTestId('file-input').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: bigSurvey(6000) });
  await page.getByTestId('progress').waitFor({ timeout: 10000 });
  await page.getByTestId('network-pending').waitFor({ state: 'attached', timeout: 20000 });
  assert.ok(await page.getByTestId('overview-partial').isVisible(), 'the overview says the network is still being computed');
  assert.equal(await text(page, 'org-count'), '6000', 'capacity results shown before network metrics finish');
  // The page stays responsive while the worker computes.
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  assert.ok(Date.now() - t0 < 500, 'main thread not blocked');
  await page.getByTestId('cancel').click();
  await waitDone(page, 'idle');
  assert.equal(await page.getByTestId('org-count').count(), 0, 'no stale results after cancel');
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '120');
  await page.context().close();
});

// The pool of analysis workers (`ui::pool`): a 2,000-organization network's exact pass (32
// batches of 64 sources, about 2.4·10⁷ edge scans: above the size worth sharing), its
// graph-only metrics (12,000 nodes and ties: above `worker::measures::MEASURE_MIN_SIZE`) and its
// layout run by three workers give the JSON report and the diagram one worker gives;
// cancelling terminates the pool's workers.
await test('pool of workers: the same report as one worker; cancel ends the pool', async () => {
  const file = { name: 'pool.csv', mimeType: 'text/csv', buffer: bigSurvey(2000) };
  const runs = [];
  // One worker; the pool led by the quick build (the file is small: it runs at once); the
  // pool led by the fast build, once it has taken over.
  for (const [query, fast] of [['?workers=1', false], ['?workers=3', false], ['?workers=3', true]]) {
    const page = await newPage('en-US');
    await page.goto(base + query);
    if (fast) await page.locator('[data-testid=status][data-engine=fast]').waitFor({ state: 'attached', timeout: 30000 });
    await page.getByTestId('file-input').setInputFiles(file);
    await page.locator('[data-testid=status][data-state=done][data-charts=drawn]').waitFor({ timeout: 120000 });
    const diag = JSON.parse(await page.getByTestId('diagnostics').textContent());
    const workers = page.workers().length;
    // What the pool computed and the analysis worker took (`handover::ledger`, left on the
    // analysis worker's scope): a result not taken would change no number, only the time.
    const ledgers = await Promise.all(page.workers().map((w) => w.evaluate(() => self.tongxingHandover).catch(() => undefined)));
    const handover = ledgers.filter(Boolean).map((j) => JSON.parse(j));
    // The diagram: laid out by a pool worker in the pool's run, by the analysis worker alone
    // in the other, at the same positions.
    await show(page, 'network');
    const chart = await page.locator('[data-testid^=chart-network-]').first().getAttribute('data-testid');
    const diagram = await chartSvg(page, chart.slice('chart-'.length));
    await show(page, 'downloads');
    const report = JSON.parse((await save(page, 'download-report-json')).toString('utf8'));
    runs.push({ diag, report, workers, diagram, handover });
    await page.context().close();
  }
  const [one, pool, fastPool] = runs;
  assert.equal(one.diag.timings_ms.passes_shared, undefined, 'one worker ran the pass itself');
  assert.equal(typeof pool.diag.timings_ms.passes_shared, 'number', 'the pool ran the pass');
  assert.equal(one.diag.timings_ms.metrics_shared, undefined, 'one worker computed the graph-only metrics after the pass');
  assert.ok(pool.diag.timings_ms.metrics_shared > 0, 'the graph-only metrics and introductions were computed while the pool ran the pass');
  assert.equal(one.diag.timings_ms.layout_shared, undefined, 'one worker laid the network out itself');
  assert.ok(pool.diag.timings_ms.layout_shared > 0, 'a pool worker laid the network out');
  assert.ok(one.diagram.length > 100000 && one.diagram.includes('<circle'), 'a diagram of 2,000 organizations');
  assert.equal(pool.diagram, one.diagram, 'the same diagram');
  assert.equal(one.workers, 1);
  assert.equal(pool.workers, 3, 'the analysis worker and two pool workers');
  assert.deepEqual(one.handover, [], 'one worker was offered nothing');
  // The fast build keeps the ledger (the quick one leaves it out for the first load's bytes;
  // its hand-overs are the same code, and it asks the pool for no paths part).
  assert.deepEqual(pool.handover, [], 'the quick build keeps no ledger');
  const kinds = ['brokerage', 'graph-only metrics', 'introductions', 'new ties', 'passes', 'path summary'];
  assert.equal(fastPool.handover.length, 1, 'the analysis worker keeps a ledger');
  const ledger = fastPool.handover[0];
  assert.deepEqual(Object.keys(ledger).sort(), kinds, JSON.stringify(ledger));
  for (const [kind, c] of Object.entries(ledger)) {
    assert.ok(c.offered >= 1 && c.taken === c.offered, `${kind}: ${c.taken} of ${c.offered} taken`);
  }
  assert.equal(fastPool.workers, 3);
  assert.equal(fastPool.diagram, one.diagram, 'the same diagram from the fast build');
  for (const r of runs) delete r.report.timings_ms;
  const nodes = one.report.network.relations[0].nodes;
  assert.equal(nodes.length, 2000);
  assert.ok(nodes.filter((n) => n.betweenness > 0 && n.closeness > 0).length > 1000, 'exact betweenness and closeness');
  assert.deepEqual(pool.report, one.report);
  assert.deepEqual(fastPool.report, one.report);
  // Cancelled while the pool works: its workers end with the analysis worker, and a new run is clean.
  const page = await newPage('en-US');
  await page.goto(base + '?workers=3');
  // 5,000 organizations (the largest exact pass) naming 20 partners each: about 5·10⁸ edge
  // scans, seconds of work however fast the pass becomes (with 5 partners each it once ended
  // before the click).
  await page.getByTestId('file-input').setInputFiles({ name: 'pool.csv', mimeType: 'text/csv', buffer: bigSurvey(5000, 20) });
  for (let i = 0; page.workers().length < 3; i++) {
    assert.ok(i < 600, 'the pool started');
    await page.waitForTimeout(50);
  }
  // The pause is inside the network step: the early capacity results are shown while the pool works.
  await page.locator('[data-testid=overview-partial]').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('[data-testid=status][data-state=done]').count(), 0, 'still working');
  await page.getByTestId('cancel').click();
  await waitDone(page, 'idle');
  for (let i = 0; page.workers().length > 1; i++) {
    assert.ok(i < 200, `pool workers terminated (${page.workers().length} left)`);
    await page.waitForTimeout(50);
  }
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  assert.equal(await text(page, 'org-count'), '120');
  await page.context().close();
});

// Accessibility: axe-core (WCAG 2.1 A/AA rules) on the empty page and on the demo results, in
// both languages and both colour schemes. The page's CSP forbids injected scripts, so this
// context bypasses it; the other tests keep it.
// Screenshot comparison: an element's screenshot against a reference PNG in
// tests/screenshots/ (written when missing or with UPDATE_SCREENSHOTS=1, so a reviewer sees
// what the page looks like). Compared in a blank page (no CSP) by pixels: at most 2% may
// differ by more than 48 in a channel, which allows font hinting to vary between machines but
// not a missing chart, a wrong colour or a moved layout. On failure the actual image and a
// diff (changed pixels in red) go to target/screenshots/.
async function compareScreenshot(locator, name) {
  // A section far below is painted a frame after it comes into view (`content-visibility`).
  await locator.scrollIntoViewIfNeeded();
  await locator.page().evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const png = await locator.screenshot();
  const ref = join(root, 'tests', 'screenshots', name);
  if (!existsSync(ref) || process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(dirname(ref), { recursive: true });
    writeFileSync(ref, png);
    console.log(`      wrote reference ${ref}`);
    return;
  }
  const blank = await browser.newPage();
  const result = await blank.evaluate(async ([a, b]) => {
    const load = (b64) => new Promise((res, rej) => {
      const i = new Image();
      i.onload = () => res(i);
      i.onerror = rej;
      i.src = `data:image/png;base64,${b64}`;
    });
    const [x, y] = await Promise.all([load(a), load(b)]);
    if (x.width !== y.width || x.height !== y.height) {
      return { size: `${x.width}×${x.height} vs reference ${y.width}×${y.height}` };
    }
    const pixels = (img) => {
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return [c, g, g.getImageData(0, 0, c.width, c.height)];
    };
    const [c, g, p] = pixels(x);
    const q = pixels(y)[2].data;
    let changed = 0;
    for (let i = 0; i < p.data.length; i += 4) {
      const d = Math.max(Math.abs(p.data[i] - q[i]), Math.abs(p.data[i + 1] - q[i + 1]), Math.abs(p.data[i + 2] - q[i + 2]));
      if (d > 48) { changed++; p.data[i] = 255; p.data[i + 1] = 0; p.data[i + 2] = 0; }
    }
    g.putImageData(p, 0, 0);
    return { share: changed / (p.data.length / 4), diff: c.toDataURL('image/png').split(',')[1] };
  }, [png.toString('base64'), readFileSync(ref).toString('base64')]);
  await blank.close();
  const ok = result.share !== undefined && result.share <= 0.02;
  if (!ok) {
    const out = join(root, 'target', 'screenshots');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, name), png);
    if (result.diff) writeFileSync(join(out, name.replace(/\.png$/, '-diff.png')), Buffer.from(result.diff, 'base64'));
  }
  assert.ok(ok, `${name}: ${result.size ?? `${(result.share * 100).toFixed(2)}% of pixels differ`} (see target/screenshots/)`);
  console.log(`      ${name}: ${(result.share * 100).toFixed(2)}% of pixels differ from the reference`);
}

await test('screenshots of the demo match the references (charts, network explorer)', async () => {
  const page = await demoPage('en', 'capacity');
  await chartImage(page, 'means', /^Mean/);
  await compareScreenshot(page.getByTestId('chart-means'), 'demo-means-en.png');
  await show(page, 'network');
  // The reference is the first relation's (the view opens on all relations combined).
  await page.getByTestId('network-relation').selectOption({ label: 'Knowledge sharing' });
  await page.locator('[data-testid=chart-network-knowledge_sharing] img').waitFor();
  await compareScreenshot(page.getByTestId('explorer-canvas').first(), 'demo-explorer-en.png');
  // The same chart in Chinese: CJK text renders (system font, no font fetched).
  await page.getByTestId('lang-switch').click();
  await show(page, 'capacity');
  await chartImage(page, 'means', /[\u4e00-\u9fff]/);
  await compareScreenshot(page.getByTestId('chart-means'), 'demo-means-zh.png');
  await page.context().close();
});

await test('screenshots of the overview and an organization\'s page match the references (zh, en; desktop, phone)', async () => {
  for (const [locale, lang] of [['zh-CN', 'zh'], ['en-US', 'en']]) {
    for (const [device, w, h] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
      const phone = w < 600 ? { isMobile: true, hasTouch: true } : {};
      const ctx = await browser.newContext({ locale, viewport: { width: w, height: h }, ...phone });
      watchRequests(ctx);
      const page = await ctx.newPage();
      await page.goto(base);
      await page.getByTestId('demo-button').click();
      await waitDone(page);
      await page.evaluate(() => document.activeElement?.blur());
      // The bar stays at the top of the window: out of the way of pictures of tall elements.
      await page.addStyleTag({ content: 'nav.views { position: static !important; }' });
      await compareScreenshot(page.getByTestId('overview'), `overview-${lang}-${device}.png`);
      await show(page, 'organizations');
      await page.locator('[data-testid=org-row] button').first().click();
      await chartImage(page, 'radar-organization', /./);
      await compareScreenshot(page.getByTestId('org-view'), `organization-${lang}-${device}.png`);
      await ctx.close();
    }
  }
});

async function axeCheck(locale, scheme) {
  const ctx = await browser.newContext({ locale, bypassCSP: true, colorScheme: scheme, viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base);
  const run = async () => {
    // Sections below the screen skip layout (`content-visibility: auto`) and sit at a
    // placeholder height, so axe, which finds what is behind a text from positions, took the
    // ego diagram of a skipped section for the background of a chart caption below it. Laid
    // out as when scrolled to, the colours checked are the ones a reader sees.
    await page.addStyleTag({ content: '.view > section { content-visibility: visible !important; }' });
    await page.addScriptTag({ path: join(root, 'tools', 'node_modules', 'axe-core', 'axe.min.js') });
    const r = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  };
  const before = await run();
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  // Every view, as a reader opens it (only the view shown is displayed).
  const after = [];
  for (const view of ['overview', 'capacity', 'network', 'cultivate', 'organizations', 'change', 'data', 'downloads']) {
    await show(page, view);
    if (view === 'organizations') await page.locator('[data-testid=org-row] button').first().click();
    after.push(...(await run()).map((v) => ({ ...v, id: `${view}: ${v.id}` })));
  }
  await ctx.close();
  const described = (vs) => vs.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(described([...before, ...after]), [], `axe violations (${locale}, ${scheme})`);
}

await test('accessibility: no serious axe-core violations (en light, zh dark)', async () => {
  await axeCheck('en-US', 'light');
  await axeCheck('zh-CN', 'dark');
});

await test('keyboard only: Tab reaches the demo button, the navigation and the downloads; Enter runs, opens and saves', async () => {
  const page = await newPage('en-US');
  await page.goto(base);
  // Tab from the moment the page's code has mounted (pressed before, it meets an empty body).
  await page.getByTestId('demo-button').waitFor();
  const seen = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => document.activeElement?.dataset?.testid || document.activeElement?.tagName));
    if (seen.at(-1) === 'demo-button') break;
  }
  assert.equal(seen.at(-1), 'demo-button', `focus order: ${seen.join(', ')}`);
  await page.keyboard.press('Enter');
  await waitDone(page);
  // The result's overview takes the focus; Tab goes on to its findings, Shift+Tab back to the
  // navigation.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'overview-title');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'finding-link');
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Shift+Tab');
    reached = await page.evaluate(() => document.activeElement?.dataset?.testid === 'nav-downloads');
  }
  assert.ok(reached, 'Shift+Tab reaches the navigation');
  await page.keyboard.press('Enter');
  await page.locator('[data-view=downloads]:not([hidden])').waitFor();
  // Onwards to the report download; Enter saves it.
  reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.dataset?.testid === 'download-report-json');
  }
  assert.ok(reached, 'Tab reaches the report download');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(dl.suggestedFilename(), 'tongxing_report.json');
  await page.context().close();
});

await test('several respondents per organization and rated ties, in Chinese on a phone', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  watchRequests(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(base);
  await page.getByTestId('file-input').setInputFiles([join(data, 'multi_respondent.csv'), join(data, 'multi_respondent_codebook.csv')]);
  await waitDone(page);
  // Fourteen rows, six organizations (tests/data/multi_respondent_reference.json).
  assert.equal(await text(page, 'org-count'), '6');
  assert.equal(await text(page, 'row-count'), '14');
  await show(page, 'capacity');
  const ref = JSON.parse(readFileSync(join(data, 'multi_respondent_reference.json'), 'utf8'));
  const icc1 = await page.locator('[data-testid=dimension-row][data-key=ks] [data-testid=dimension-icc1]').textContent();
  assert.equal(icc1.trim(), ref.dimensions.ks.icc1.toFixed(2));
  assert.match(await text(page, 'respondents-note'), /6 家机构中有 5 家由多位填答人作答（共 14 份答卷）；各题先取平均值合并/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `capacity: page scrolls sideways by ${overflow}px`);
  // Governance's ICC(1) is negative: said in words; each organization's rwg(j) is listed here.
  assert.match(await text(page, 'icc-note'), /治理（-0\.01）的 ICC\(1\) 为负或接近 0/);
  assert.equal(await page.getByTestId('agreement-row').count(), 5);
  assert.match(await page.getByTestId('agreement-row').first().textContent(), /社区之光/);
  if (screenshotPath) await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-respondents-capacity.png'), fullPage: true });
  // 社区之光's respondents disagree on both dimensions: its page says so in words.
  await show(page, 'organizations');
  await page.getByTestId('org-search').fill('社区之光');
  await page.getByTestId('org-match').first().click();
  await page.getByTestId('org-view').waitFor();
  assert.match(await text(page, 'org-respondents'), /本机构有 3 人作答/);
  assert.match(await text(page, 'org-disagree'), /填答人在治理、知识共享上意见不一致（rwg\(j\) 低于 0\.70）/);
  const scores = await page.getByTestId('org-scores').textContent();
  assert.match(scores, /一致性 rwg\(j\)/);
  assert.match(scores, /0\.00（意见不一致）|0\.00 \(意见不一致\)/);
  // Each respondent's own scores beside the combined one, named by 职务 (pandas' values).
  const own = page.getByTestId('org-by-respondent');
  const o2 = ref.organizations.O2.by_respondent;
  for (const [i, r] of o2.entries()) {
    assert.match(await own.locator('thead th').nth(i + 2).textContent(), new RegExp(`填答人 ${i + 1}（${r.label}）`));
    assert.equal((await own.locator('tbody tr').first().locator('td').nth(i + 1).textContent()).trim(), r.scores.ks.toFixed(2));
  }
  if (screenshotPath) await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-respondents-org.png'), fullPage: true });
  // Median and a minimum of three respondents, from the settings: 青年公益 (two) is marked.
  await show(page, 'data');
  await page.getByTestId('setting-combine').selectOption('median');
  await waitDone(page);
  await page.getByTestId('setting-min-respondents').fill('3');
  await page.getByTestId('setting-min-respondents').dispatchEvent('change');
  await waitDone(page);
  await show(page, 'organizations');
  await page.getByTestId('org-search').fill('青年公益');
  await page.getByTestId('org-match').first().click();
  await page.getByTestId('org-view').waitFor();
  assert.match(await text(page, 'org-few-respondents'), /填答人少于最低要求 3 位/);
  assert.match(await text(page, 'org-respondents'), /中位数/);
  // Rated ties through partner slots: ratings received and given on an organization's page.
  await page.getByTestId('files-replace').setInputFiles(join(data, 'partner_slots.csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid=org-count]')?.textContent.trim() === '4');
  await waitDone(page);
  await show(page, 'organizations');
  await page.getByTestId('org-search').fill('社区之光');
  await page.getByTestId('org-match').first().click();
  await page.getByTestId('org-view').waitFor();
  const ratings = await page.getByTestId('org-ratings').first().textContent();
  // Trust received from 绿色家园 (5), 青年公益 (2) and 乡村教育 (4): 3.67 over 3 ratings.
  assert.match(ratings, /信任\s*3\.67（3 条）/);
  // Ties coloured by trust in the explorer: a legend with the scale and the classes' counts.
  await show(page, 'network');
  const ex = page.getByTestId('explorer').first();
  await ex.waitFor({ timeout: 60000 });
  await ex.getByTestId('explorer-tie-colour').selectOption({ label: '信任' });
  const legend = await ex.getByTestId('explorer-tie-legend').textContent();
  // Trust 5, 4, 4, 3, 2, 4, 5 (tests/integration/ratings.rs): 2 ×1, 3 ×1, 4 ×3, 5 ×2; without
  // a codebook the scale is the answers observed, 2–5.
  assert.match(legend, /联系按信任（2–5）着色和加粗/);
  assert.match(legend, /2（1）.*3（1）.*4（3）.*5（2）/);
  assert.ok(await ex.locator('path[data-tie-class]').count() >= 3, 'ties drawn by class');
  assert.equal(await ex.getByTestId('rated-tie').count(), 7);
  if (screenshotPath) await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-ratings-org.png'), fullPage: true });
  await ctx.close();
});

// The smallest chart text as shown (CSS px: font size × shown width / drawn width, for every
// chart image and inline SVG with text), name cells narrower than 6em, and tables whose box
// scrolls sideways, over the shown view. Chart images are blob: URLs revoked once loaded, so
// each SVG's text is kept as the page makes it (init script below).
async function readability(page) {
  return page.evaluate(async () => {
    const vis = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
    const small = [];
    const measure = (svg, shown, what) => {
      const vb = svg.getAttribute('viewBox');
      const drawn = vb ? parseFloat(vb.split(/[ ,]+/)[2]) : parseFloat(svg.getAttribute('width'));
      if (!drawn || !shown) return;
      for (const t of svg.querySelectorAll('text')) {
        if (!t.textContent.trim()) continue;
        const own = t.getAttribute('font-size') || t.closest('[font-size]')?.getAttribute('font-size');
        const fs = parseFloat(own);
        if (fs) small.push({ what, text: t.textContent.slice(0, 20), px: (fs * shown) / drawn });
      }
    };
    for (const img of document.querySelectorAll('img')) {
      if (!vis(img) || !img.src.startsWith('blob:')) continue;
      const text = window.__svgs[img.src];
      if (!text) continue;
      const svg = new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('svg');
      if (svg) measure(svg, img.getBoundingClientRect().width, img.closest('[data-testid]')?.dataset.testid);
    }
    for (const svg of document.querySelectorAll('svg')) {
      if (vis(svg) && svg.querySelector('text') && svg.getBoundingClientRect().width > 150) measure(svg, svg.getBoundingClientRect().width, svg.closest('[data-testid]')?.dataset.testid);
    }
    const min = small.reduce((m, x) => (m === null || x.px < m.px ? x : m), null);
    const narrow = [];
    for (const c of document.querySelectorAll('tbody tr > :first-child')) {
      const text = c.textContent.trim();
      if (!vis(c) || text.length <= 6 || /^[0-9.\-−]+$/.test(text)) continue;
      if (c.getBoundingClientRect().width < 6 * parseFloat(getComputedStyle(c).fontSize)) narrow.push(text);
    }
    const overflowing = [];
    for (const t of document.querySelectorAll('table')) {
      if (!vis(t)) continue;
      for (let e = t.parentElement; e && e !== document.body; e = e.parentElement) {
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') { overflowing.push(t.dataset.testid || t.className); break; }
      }
    }
    return { min, charts: small.length, narrow, overflowing, pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  });
}

// A Chinese context at w × h (a phone below 600 px) that keeps the text of every SVG Blob the
// page makes, for `readability` to measure chart text.
async function readableContext(w, h) {
  const phone = w < 600 ? { isMobile: true, hasTouch: true } : {};
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: w, height: h }, ...phone });
  watchRequests(ctx);
  await ctx.addInitScript(() => {
    window.__svgs = {};
    const make = URL.createObjectURL;
    URL.createObjectURL = function (b) { const u = make.call(URL, b); if (b && b.type && b.type.includes('svg')) b.text().then((t) => { window.__svgs[u] = t; }); return u; };
  });
  return ctx;
}

// A page in Chinese, `width` × 844 px, its requests watched and its errors recorded, opened on
// the app (the survey-round tests).
async function zhPage(width) {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 844 } });
  watchRequests(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(base);
  return { ctx, page };
}

// Analyses files of tests/data/rounds chosen in a file input (`file-input`, or
// `files-replace` once a result is shown) and waits for the result.
async function analyseRounds(page, files, input = 'file-input') {
  await page.getByTestId(input).setInputFiles(files.map((f) => join(data, 'rounds', f)));
  await waitDone(page);
}

await test('readable in Chinese at 1280 and 390 px: chart text, whole names, no sideways scrolling', async () => {
  for (const [w, h, minPx] of [[1280, 800, 11], [390, 844, 10]]) {
    const ctx = await readableContext(w, h);
    const page = await ctx.newPage();
    await page.goto(base);
    await page.getByTestId('demo-button').click();
    await waitDone(page);
    let charts = 0;
    for (const view of ['overview', 'capacity', 'network', 'cultivate', 'organizations', 'data']) {
      await show(page, view);
      // Every folded section open: its charts are measured too.
      await page.evaluate((v) => document.querySelectorAll(`[data-view=${v}] details.fold`).forEach((d) => { d.open = true; }), view);
      // Every chart image near the screen gets its picture (they load lazily).
      const images = await page.locator(`[data-view=${view}] img`).count();
      for (let i = 0; i < images; i++) {
        const img = page.locator(`[data-view=${view}] img`).nth(i);
        await img.scrollIntoViewIfNeeded();
        await page.waitForFunction((el) => !el.getBoundingClientRect().width || (el.src && el.complete), await img.elementHandle(), { timeout: 3000 }).catch(() => {});
      }
      if (view === 'network') {
        await page.getByTestId('explorer-names').first().locator('text').first().waitFor({ state: 'attached' });
        await page.waitForTimeout(300);
      }
      const r = await readability(page);
      charts += r.charts;
      assert.ok(!r.min || r.min.px >= minPx - 0.05, `${w} px, ${view}: chart text of ${r.min?.px.toFixed(1)} px (${r.min?.what}: ${r.min?.text})`);
      assert.deepEqual(r.narrow, [], `${w} px, ${view}: name cells narrower than 6em`);
      if (w < 600) assert.deepEqual(r.overflowing, [], `${w} px, ${view}: tables scrolling sideways`);
      assert.ok(r.pageOverflow <= 1, `${w} px, ${view}: the page scrolls sideways by ${r.pageOverflow} px`);
    }
    assert.ok(charts > 100, `chart texts measured: ${charts}`);
    await ctx.close();
  }
});

await test('readable in Chinese at 1280 and 390 px: the Change view\'s charts of two rounds', async () => {
  // A walkthrough measured 7–8 px chart text there on a phone; the demo has one round, so the
  // test above never opened these charts.
  for (const [w, h, minPx] of [[1280, 800, 11], [390, 844, 10]]) {
    const ctx = await readableContext(w, h);
    const page = await ctx.newPage();
    await page.goto(base);
    await analyseRounds(page, ['responses-2023.csv', 'responses-2024.csv', 'codebook.csv', 'aliases.csv']);
    await show(page, 'change');
    await page.evaluate(() => document.querySelectorAll('[data-view=change] details').forEach((d) => { d.open = true; }));
    const images = await page.locator('[data-view=change] img').count();
    assert.ok(images >= 4, `${images} charts`);
    for (let i = 0; i < images; i++) {
      const img = page.locator('[data-view=change] img').nth(i);
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => !el.getBoundingClientRect().width || (el.src && el.complete), await img.elementHandle(), { timeout: 3000 }).catch(() => {});
    }
    await page.waitForTimeout(300);
    const r = await readability(page);
    assert.ok(r.charts > 20, `chart texts measured: ${r.charts}`);
    assert.ok(r.min.px >= minPx - 0.05, `${w} px, change: chart text of ${r.min.px.toFixed(1)} px (${r.min.what}: ${r.min.text})`);
    await ctx.close();
  }
});

// A table's column titles break between words (a Chinese title kept whole, a question into
// even lines), never one Chinese character alone on a line (a walkthrough found "本机/构" on
// an organization's page on a phone); measured character by character where they are drawn.
async function brokenTitles(page, view) {
  return page.evaluate((v) => {
    const out = [];
    for (const th of document.querySelectorAll(`[data-view=${v}] th`)) {
      const box = th.getBoundingClientRect();
      const part = th.closest('thead, tbody').getBoundingClientRect();
      if (box.width < 2 || part.width <= 2 || part.height <= 2) continue; // not drawn, or read out only
      const lines = new Map();
      const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (let i = 0; i < n.length; i++) {
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + 1);
          const r = range.getClientRects()[0];
          if (r) lines.set(Math.round(r.top), (lines.get(Math.round(r.top)) ?? '') + n.data[i]);
        }
      }
      const ls = [...lines.values()].map((x) => x.trim()).filter(Boolean);
      if (ls.length > 1 && ls.some((l) => /^[\u3400-\u9fff][，。、）)]?$/.test(l))) out.push(ls.join(' / '));
    }
    return out;
  }, view);
}

await test('column titles in Chinese at 390 and 1280 px: no character alone on a line; an organization\'s scores fit a phone', async () => {
  for (const width of [390, 1280]) {
    const page = await demoPage('zh', null, { width, height: 844 });
    for (const view of ['capacity', 'network', 'cultivate', 'organizations', 'data']) {
      await show(page, view);
      if (view === 'organizations') {
        await page.getByTestId('org-row').first().locator('button.org-link').first().click();
        await page.getByTestId('org-view').waitFor();
        // The organization's scores beside the medians, in its box without scrolling.
        const scores = await page.getByTestId('org-scores').evaluate((t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]);
        assert.ok(scores[0] <= scores[1] + 1, `${width} px: the scores table scrolls sideways: ${scores}`);
      }
      // Every fold and chart table open: their titles are drawn too.
      await page.evaluate((v) => document.querySelectorAll(`[data-view=${v}] details`).forEach((d) => { d.open = true; }), view);
      await page.waitForTimeout(300);
      assert.deepEqual(await brokenTitles(page, view), [], `${width} px, ${view}`);
    }
    await page.context().close();
  }
});

await test('the organizations table\'s stage is explained from its header, in place and in plain words, the glossary with a way back (zh at 390 px, en at 1280 px)', async () => {
  for (const [lang, width, about, rule] of [
    ['zh', 390, /由低到高：潜在、凝聚、成熟、稳定维持、转型/, /参与度 = .*阶段分界 [\d.]+ \/ [\d.]+ \/ [\d.]+ \/ [\d.]+/],
    ['en', 1280, /Potential, Coalescing, Maturing, Stewardship, Transformation/i, /stages cut at [\d.]+ \/ [\d.]+ \/ [\d.]+ \/ [\d.]+/],
  ]) {
    const page = await demoPage(lang, 'organizations', { width, height: 844 });
    const table = page.getByTestId('table-organizations');
    const asks = table.locator('thead button.help-link');
    assert.equal(await asks.count(), 3, 'three columns explained: strengths, gaps and the stage');
    // The stage's, the last; the gaps' says how they differ from the "weak" mark.
    const ask = asks.last();
    assert.match(await asks.nth(1).evaluate((b) => b.closest('th').textContent), lang === 'zh' ? /短板/ : /Gaps/);
    // The gaps' in place too (a phone's glossary is far below), in plain words.
    await asks.nth(1).click();
    const gaps = page.locator(`[data-view=organizations] [data-testid=column-note][data-col="${await asks.nth(1).getAttribute('data-help')}"]`);
    assert.equal(await gaps.evaluate((d) => d.open), true);
    assert.match(await gaps.locator('p').textContent(), lang === 'zh' ? /不是与其他机构相比.*偏弱/ : /not against other organizations.*Weak/);
    await gaps.locator('summary').click();
    assert.ok(await ask.isVisible(), `${lang}: the "?" shows in the header`);
    await ask.click();
    // In place: the note above the rows opens, focused and in view, in the organization page's
    // plain words for each stage (no cut-offs), named as the "?" is.
    const note = page.locator(`[data-view=organizations] [data-testid=column-note][data-col="${await ask.getAttribute('data-help')}"]`);
    await page.waitForFunction(() => document.activeElement?.matches('.column-note summary'));
    assert.equal(await note.evaluate((d) => d.open), true);
    assert.equal((await note.locator('summary').textContent()).trim(), await ask.getAttribute('aria-label'));
    const box = await note.evaluate((d) => { const r = d.getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]; });
    assert.ok(box[0] >= 0 && box[0] < box[2], `note in view: ${box}`);
    const plain = await note.locator('p').textContent();
    assert.match(plain, lang === 'zh' ? /潜在——有共同关注.*转型——/ : /Potential: shares concerns.*Transformation: /);
    assert.doesNotMatch(plain, /阶段分界|cut at|\d+ \/ \d+/);
    // The glossary under the table keeps the rule, with a way back to the header's "?".
    const help = page.locator('[data-view=organizations] [data-testid=table-help]');
    await help.locator('summary').click();
    const entry = help.locator('dt', { hasText: await ask.evaluate((b) => b.closest('th').textContent.trim()) });
    const text = await entry.evaluate((dt) => dt.nextElementSibling.textContent);
    assert.match(text, about);
    assert.match(text, rule);
    await entry.locator('xpath=following-sibling::dd[1]//button[contains(@class, "help-back")]').click();
    await page.waitForFunction(() => document.activeElement?.matches('thead button.help-link'));
    // The "?" is no sort: the table keeps its order.
    assert.equal(await table.locator('thead th[aria-sort=ascending]').count() + await table.locator('thead th[aria-sort=descending]').count(), 1);
    await page.context().close();
  }
});

await test('capacity tables fit their boxes at 1280 px (zh): no sideways scrolling, no column a character wide', async () => {
  const page = await demoPage('zh', 'capacity', { width: 1280, height: 800 });
  // Every fold and every chart's data table opened, as a reader might.
  await page.evaluate(() => document.querySelectorAll('[data-view=capacity] details').forEach((d) => { d.open = true; }));
  await page.waitForFunction(() => document.querySelectorAll('[data-view=capacity] [data-testid^=table-chart-] tbody tr').length > 100);
  await page.waitForTimeout(300);
  const boxes = await page.evaluate(() => [...document.querySelectorAll('[data-view=capacity] .table-wrap')].map((w) => {
    const t = w.querySelector('table');
    const size = parseFloat(getComputedStyle(t).fontSize);
    const narrow = [...t.querySelectorAll('thead th')].filter((th) => th.textContent.trim().length > 1 && th.getBoundingClientRect().width < 2.5 * size);
    return { id: t.dataset.testid, over: w.scrollWidth - w.clientWidth, narrow: narrow.map((th) => th.textContent.trim()) };
  }));
  assert.ok(boxes.filter((b) => b.id?.startsWith('table-chart-')).length >= 10, JSON.stringify(boxes));
  const wide = boxes.filter((b) => b.over > 1 || b.narrow.length > 0);
  assert.deepEqual(wide, [], JSON.stringify(wide));
  await page.context().close();
});

await test('the bar in English on a phone: one line that scrolls with the current view in sight and a chevron that scrolls it', async () => {
  const page = await demoPage('en', null, { width: 390, height: 844 });
  const bar = () => page.evaluate(() => {
    const links = [...document.querySelectorAll('nav.views a')].map((a) => a.getBoundingClientRect());
    const current = document.querySelector('nav.views a[aria-current=page]').getBoundingClientRect();
    const ul = document.querySelector('nav.views ul');
    return {
      lines: new Set(links.map((r) => Math.round(r.top))).size,
      height: document.querySelector('nav.views').getBoundingClientRect().height,
      current: [current.left, current.right],
      scrolls: ul.scrollWidth > ul.clientWidth,
      more: ul.dataset.more ?? '',
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
  for (const view of ['overview', 'downloads', 'organizations', 'capacity']) {
    if (view !== 'overview') await show(page, view);
    await page.waitForTimeout(100);
    const b = await bar();
    assert.equal(b.lines, 1, `${view}: the bar takes ${b.lines} lines`);
    assert.ok(b.current[0] >= 0 && b.current[1] <= 390, `${view}: its tab out of sight ${JSON.stringify(b)}`);
    assert.ok(b.page <= 1, `${view}: the page scrolls sideways by ${b.page}px`);
    // A bar that scrolls says so: an edge faded where more tabs are.
    if (b.scrolls) assert.ok(['left', 'right', 'both'].includes(b.more), `${view}: ${JSON.stringify(b)}`);
  }
  // … and shows a chevron at that edge, a button a keyboard reaches, that scrolls the line.
  await show(page, 'overview');
  await page.waitForTimeout(100);
  const b = await bar();
  const right = page.getByTestId('nav-more-right');
  const left = page.getByTestId('nav-more-left');
  const scrollLeft = () => page.evaluate(() => document.querySelector('nav.views ul').scrollLeft);
  if (b.scrolls) {
    assert.equal(b.more, 'right', JSON.stringify(b));
    assert.ok(await right.isVisible(), 'a chevron shows more tabs to the right');
    assert.equal(await left.isVisible(), false);
    const box = await right.boundingBox();
    assert.ok(box.x + box.width <= 390 && box.width >= 24 && box.height >= 24, JSON.stringify(box));
    const before = await scrollLeft();
    await right.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((x) => document.querySelector('nav.views ul').scrollLeft > x, before);
    assert.ok(await left.isVisible(), 'scrolled: a chevron back');
    assert.match(await right.getAttribute('aria-label'), /more views/i);
  }
  await page.context().close();
  // In Chinese too the bar is one line (two took 18 % of the screen), with its chevron.
  const zh = await demoPage('zh', null, { width: 390, height: 844 });
  const zhBar = await zh.evaluate(() => {
    const ul = document.querySelector('nav.views ul');
    const tops = new Set([...document.querySelectorAll('nav.views a')].map((a) => Math.round(a.getBoundingClientRect().top)));
    return { lines: tops.size, scrolls: ul.scrollWidth > ul.clientWidth };
  });
  assert.equal(zhBar.lines, 1, JSON.stringify(zhBar));
  assert.equal(await zh.getByTestId('nav-more-right').isVisible(), zhBar.scrolls, JSON.stringify(zhBar));
  await zh.context().close();
});

await test('narrow screen (360 px): no horizontal page scroll', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(base);
  await page.getByTestId('demo-button').click();
  await waitDone(page);
  for (const view of ['overview', 'capacity', 'network', 'cultivate', 'organizations', 'change', 'data', 'downloads']) {
    await show(page, view);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${view}: page scrolls sideways by ${overflow}px`);
  }
  await show(page, 'overview');
  if (screenshotPath) await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-mobile.png') });
  await ctx.close();
});

await test('survey rounds: one file per round is compared in the Change view (zh, 390 px and 1280 px)', async () => {
  for (const width of [390, 1280]) {
    const { ctx, page } = await zhPage(width);
    // Without rounds the view says how to add them.
    await page.getByTestId('demo-button').click();
    await waitDone(page);
    await show(page, 'change');
    assert.match(await page.getByTestId('change-empty').textContent(), /轮次/);
    await analyseRounds(page, ['responses-2024.csv', 'responses-2023.csv', 'codebook.csv', 'aliases.csv'], 'files-replace');
    // Each responses file gets a round, here the year in its name; rounds sort as numbers.
    await show(page, 'data');
    assert.equal(await page.getByTestId('file-round-0').inputValue(), '2024');
    assert.equal(await page.getByTestId('file-round-1').inputValue(), '2023');
    assert.equal(await page.getByTestId('file-round-2').count(), 0, 'no round for the codebook');
    await show(page, 'overview');
    assert.match(await page.getByTestId('finding').first().textContent(), /从 2023 到 2024，新加入 2 家机构，退出 0 家，14 家两轮都参加了/);
    await show(page, 'change');
    // The network's size in each round comes first (the walkthrough read the tie counts among
    // organizations in both rounds as a network that shrank).
    assert.match(await page.getByTestId('change-summary').textContent(), /网络从 \d+ 家机构、\d+ 条关系变为 \d+ 家机构、\d+ 条关系；在两轮都参加的机构之间，新增 19 条关系，中断 21 条，保持 7 条/);
    assert.equal(await page.locator('[data-testid=change-dimensions] tbody tr').count(), 2);
    // The answer first, in a sentence in sight; the fuller text folded under it (the
    // walkthrough met a dense paragraph first on a phone). Governance's α of 0.11 in 2023 is
    // said beside its change.
    const lead = page.getByTestId('change-lead');
    assert.ok(await lead.isVisible());
    assert.match(await lead.textContent(), /^2023 → 2024：能力变化最大的是“知识分享”，平均提高 0\.75；“.+”关系：较早一轮的 28 条（两轮都参加的机构之间）保留了 7 条（25\.0%）。$/);
    // Does the community grow? Said plainly, from the per-round table's numbers; the tie
    // table's share kept is the lead's, its denominator named under it.
    assert.match(await text(page, 'change-growth'), /^社群在扩大：“.+”网络中的机构（含被提名但未参与调查的）从 15 家增至 17 家，关系从 30 条增至 47 条。$/);
    const tieRow = await page.locator('[data-testid=change-ties] tbody tr').first().locator('td').allTextContents();
    assert.equal(tieRow.at(-2), '25.0%', tieRow.join('|'));
    assert.match(await text(page, 'change-ties-scope'), /2023 的 30 条关系中有 28 条在这些机构之间/);
    // aliases.csv names 阳光助学社（总部） 阳光助学社: only the canonical name is shown.
    const changeText = await page.getByTestId('change').textContent();
    assert.ok(changeText.includes('阳光助学社') && !changeText.includes('阳光助学社（总部）'));
    assert.ok(!(await page.getByTestId('change-summary').isVisible()), 'the fuller text is folded');
    assert.equal(await page.locator('[data-testid=change-low-alpha] li').allTextContents().then((x) => x.join('|')), '“治理”的题目一致性低（2023 α = 0.11，2024 α = 0.69），变化数字仅供参考。');
    // The paired change says which organizations it covers, and why the rounds' means differ
    // (the walkthrough read +0.75 beside means 0.65 apart); the tests' names wait in a fold.
    const summary = await page.getByTestId('change-summary').textContent();
    assert.match(summary, /在两轮都参加的 14 家机构中，“知识分享”变化最大：平均变化 \+0\.75 分，变化明显/);
    assert.match(summary, /各轮全部机构的平均分从 3\.04 变为 3\.69，相差 \+0\.65，.*因为两轮的机构不完全相同/);
    const headers = (await page.locator('[data-testid=change-dimensions] thead th').allTextContents()).join(' ');
    assert.doesNotMatch(headers, /Wilcoxon|Cohen|RCI|配对 t/, headers);
    assert.equal(await page.locator('details:not([open]) [data-testid=change-tests]').count(), 1, 'the tests are folded');
    assert.doesNotMatch(await page.locator('[data-testid=change-ties] thead').textContent(), /Jaccard|ARI/);
    for (const id of ['change-means', 'change-orgs-knowledge', 'change-ties-knowledge_sharing', 'change-flow-knowledge_sharing']) {
      assert.equal(await page.getByTestId(`chart-${id}`).count(), 1, id);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the Change view scrolls sideways by ${overflow}px`);
    // A round typed in the file list re-runs with that label.
    await show(page, 'data');
    await page.getByTestId('file-round-1').fill('2022');
    await page.getByTestId('file-round-1').dispatchEvent('change');
    await page.waitForFunction(() => /2022/.test(document.querySelector('[data-testid=change-summary]')?.textContent ?? ''));
    await ctx.close();
  }
});

await test('survey rounds: typed rounds are remembered with consent and forgotten; three rounds name the skipped round; the change tables are phone cards (zh, 390 px)', async () => {
  const { ctx, page } = await zhPage(390);
  await page.getByTestId('remember-toggle').check();
  await analyseRounds(page, ['responses-2023.csv', 'responses-2024.csv', 'codebook.csv', 'aliases.csv']);
  await show(page, 'data');
  await page.getByTestId('file-round-0').fill('第一期');
  await page.getByTestId('file-round-0').dispatchEvent('change');
  await page.waitForFunction(() => /第一期/.test(document.querySelector('[data-testid=change-summary]')?.textContent ?? ''));
  await waitDone(page);
  await page.waitForTimeout(300);
  // A reload restores the files with the round typed, and the comparison names it.
  await page.reload();
  await page.locator('[data-testid=persist-status][data-state="persist.restored"]').waitFor({ timeout: 20000 });
  await waitDone(page);
  await show(page, 'data');
  assert.equal(await page.getByTestId('file-round-0').inputValue(), '第一期', 'the typed round is remembered');
  await show(page, 'change');
  assert.match(await page.getByTestId('change-summary').textContent(), /第一期/);
  // On a phone every change table is a list of cards (a row a card, each value labelled).
  for (const id of ['change-members', 'change-dimensions', 'change-network', 'change-ties']) {
    const cell = page.locator(`[data-testid=${id}] tbody td`).first();
    assert.equal(await cell.evaluate((td) => getComputedStyle(td).display), 'flex', `${id} is cards`);
    assert.ok((await cell.getAttribute('data-label')).length > 0, `${id} labels its values`);
  }
  // Forget: the rounds go with the rest, and a reload starts empty.
  await show(page, 'data');
  await page.getByTestId('forget-everything').click();
  await page.locator('[data-testid=persist-status][data-state="persist.forgotten"]').waitFor();
  await page.waitForTimeout(200);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tongxing.'))), []);
  await page.reload();
  await waitDone(page, 'idle');
  // Three rounds in one file: the summary says which rounds it compares and which it skips,
  // and each consecutive pair has its row.
  await analyseRounds(page, ['responses-long.csv', 'codebook.csv', 'aliases.csv']);
  await show(page, 'change');
  assert.match(await page.getByTestId('change-skipped').textContent(), /第一轮 2022 与最后一轮 2024.*2023/);
  // Only the round-by-round section's name is the link to it; the rest of the note is text.
  const link = page.locator('[data-testid=change-skipped] a');
  assert.deepEqual([await link.count(), await link.textContent(), await link.getAttribute('href')], [1, '逐轮比较', '#change-pairs']);
  assert.deepEqual(await page.locator('[data-testid=change-pairs] tbody th').allTextContents(), ['2022 → 2023', '2023 → 2024']);
  assert.equal(await page.locator('[data-testid=change-pairs-ties] tbody tr').count(), 2);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the Change view scrolls sideways by ${overflow}px`);
  await ctx.close();
});

await test('a coordinator on a phone in Chinese: every tab one line and a tap away, nothing under the bar, the explorer names its top three, where communities come from, folded sections, first tap reverses the sort, unanswered partners, filtered introductions', async () => {
  const page = await demoPage('zh', null, { width: 390, height: 844 });
  const ctx = page.context();
  // The tabs are one line (two took 18 % of the screen, a walkthrough found); those past its
  // edge are a chevron's tap away (an earlier one found end tabs cut off with no sign).
  const tabs = await page.locator('nav.views a').evaluateAll((as) => as.map((a) => {
    const r = a.getBoundingClientRect();
    return { id: a.dataset.testid, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  }));
  assert.equal(tabs.length, 9);
  assert.equal(new Set(tabs.map((t) => Math.round(t.top))).size, 1, JSON.stringify(tabs));
  const chevron = await page.getByTestId('nav-more-right').isVisible();
  for (const tab of tabs) {
    assert.ok(tab.top >= 0 && tab.bottom <= 200, `${tab.id} out of sight: ${JSON.stringify(tab)}`);
    if (tab.left < 0 || tab.right > 390) assert.ok(chevron, `${tab.id} past the edge with no chevron: ${JSON.stringify(tab)}`);
  }
  assert.ok(tabs[0].left >= 0, 'the overview tab in sight');
  // The bar stays at the top of a scrolled page, and what it opens starts below it: after
  // scrolling a long view and tapping another tab, that view's heading; a link to a section,
  // the section's heading; a focused element, wherever the focus lands.
  const under = (sel) => page.evaluate((s) => {
    const bar = document.querySelector('nav.views').getBoundingClientRect();
    const h = document.querySelector(s).getBoundingClientRect();
    return { bar: bar.bottom, top: h.top, barTop: bar.top };
  }, sel);
  await show(page, 'network');
  await page.evaluate(() => window.scrollTo(0, 1500));
  await page.waitForTimeout(300);
  let at = await under('[data-view=network] h2');
  assert.ok(Math.abs(at.barTop) < 1, `the bar stays at the top: ${JSON.stringify(at)}`);
  await show(page, 'downloads');
  await page.waitForTimeout(600);
  at = await under('[data-view=downloads] h2');
  assert.ok(at.top >= at.bar, `the Downloads heading is under the bar: ${JSON.stringify(at)}`);
  await show(page, 'overview');
  const anchored = page.locator('[data-view=overview] a[data-anchor]').first();
  if (await anchored.count()) {
    const id = await anchored.getAttribute('data-anchor');
    await anchored.click();
    await page.waitForFunction((i) => document.activeElement?.id === i, id);
    await page.waitForTimeout(600);
    at = await under(`[id="${id}"]`);
    assert.ok(at.top >= at.bar, `the linked heading ${id} is under the bar: ${JSON.stringify(at)}`);
  }
  await show(page, 'organizations');
  await page.evaluate(() => window.scrollTo(0, 0));
  const deep = page.locator('[data-view=organizations] tbody a, [data-view=organizations] tbody button').nth(6);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await deep.focus();
  await page.waitForTimeout(300);
  const focused = await deep.evaluate((e) => ({ top: e.getBoundingClientRect().top, bar: document.querySelector('nav.views').getBoundingClientRect().bottom }));
  assert.ok(focused.top >= focused.bar, `a focused link is under the bar: ${JSON.stringify(focused)}`);
  // The network explorer on a phone: its three most-named organizations (the top of the
  // table beside it) are named in the picture, and the picture fills its box (a walkthrough
  // found the 2nd and 3rd unnamed and the lower 40 % of the box blank).
  await show(page, 'network');
  const names = page.getByTestId('explorer-names').first();
  await names.locator('text').first().waitFor({ state: 'attached' });
  await page.waitForTimeout(300);
  const top3 = (await page.getByTestId('top-table').first().locator('tbody th').allTextContents()).slice(0, 3).map((n) => n.trim());
  assert.equal(top3.length, 3);
  const written = await names.locator('text').allTextContents();
  for (const n of top3) assert.ok(written.some((x) => x === n || (x.endsWith('…') && n.startsWith(x.slice(0, -1)))), `${n} unnamed among ${written.join(', ')}`);
  const fill = await page.locator('.explorer-view').first().evaluate((v) => [v.clientHeight, v.querySelector('.explorer-canvas').getBoundingClientRect().height]);
  assert.ok(fill[0] - fill[1] <= 2, `the explorer's box ${fill[0]} px high, its picture ${fill[1]} px`);
  // Where community numbers appear, which network they come from (one relation's differ from
  // all relations combined): the explorer's legend, the cultivate view's introductions.
  const relName = await page.locator('[data-view=network] [data-testid=explorer]').first().getAttribute('data-key');
  // It opens on all relations combined, as the overview speaks of them.
  assert.equal(relName, 'combined');
  assert.match(await page.locator('[data-view=network] [data-testid=communities-source]').first().textContent(), /^社群按全部关系合并后的网络划分/, relName);
  await page.getByTestId('network-relation').selectOption({ label: '知识分享' });
  await page.locator('[data-view=network] [data-testid=explorer][data-key=knowledge_sharing]').first().waitFor();
  assert.match(await page.locator('[data-view=network] [data-testid=communities-source]').first().textContent(), /^社群按“知识分享”关系划分；/);
  await show(page, 'cultivate');
  const cultKey = await page.locator('[data-view=cultivate] [data-testid=cultivate]').first().getAttribute('data-key');
  const cultSaid = await page.locator('[data-view=cultivate] [data-testid=communities-source]').first().textContent();
  if (cultKey === 'combined') assert.match(cultSaid, /^社群按全部关系合并后的网络划分/);
  else assert.match(cultSaid, /^社群按“.+”关系划分；/);
  await show(page, 'downloads');
  // The record's command line is a technical detail, folded.
  assert.ok(!(await page.getByTestId('record-command').isVisible()));
  assert.equal(await page.getByTestId('record-tech').locator('summary').textContent(), '技术细节');
  // The capacity view: the dimensions open, the rest folded under a heading and one line.
  await show(page, 'capacity');
  assert.ok(await page.getByTestId('dimension-table').isVisible());
  const rel = page.getByTestId('fold-reliability-title');
  assert.equal(await rel.evaluate((d) => d.open), false);
  assert.match(await rel.locator('.fold-summary').textContent(), /^\d+ 个维度中 \d+ 个信度良好（α ≥ 0\.7）；共 \d+ 个题项$/);
  assert.ok(!(await page.getByTestId('table-reliability').isVisible()));
  for (const id of ['groups-title', 'profiles-title', 'charts-title']) {
    assert.equal(await page.getByTestId(`fold-${id}`).evaluate((d) => d.open), false, id);
  }
  // Folded, the view is a few screens, not forty.
  const height = await page.locator('[data-view=capacity]').evaluate((v) => v.getBoundingClientRect().height);
  assert.ok(height < 844 * 6, `capacity view ${height} px high`);
  // The keyboard opens a section (Enter on its heading).
  await rel.locator(':scope > summary').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('table-reliability').waitFor();
  assert.equal(await page.locator('[data-testid=table-reliability] tbody tr').count(), 5);
  // A folded chart keeps its data table: open the charts, then a chart's table.
  await openFold(page, 'charts-title');
  const box = page.getByTestId('chart-box');
  await box.locator('details summary').click();
  await box.locator('details table').waitFor();
  // The chart's file is named from its Chinese title.
  const [boxPng] = await Promise.all([page.waitForEvent('download'), box.getByTestId('download-png2').click()]);
  assert.equal(boxPng.suggestedFilename(), '各维度得分分布@2x.png');
  // Captions keep their words whole: the downloads on a line of their own, each link on one
  // line, nothing wider than the caption.
  for (const fig of await page.locator('[data-view=capacity] figure.chart').all()) {
    const cap = fig.locator('figcaption');
    const fit = await cap.evaluate((c) => c.scrollWidth <= c.clientWidth + 1);
    const text = await cap.locator('strong').boundingBox();
    const actions = await cap.locator('.chart-actions').boundingBox();
    const heights = await cap.locator('.chart-actions button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().height));
    assert.ok(fit && actions.x <= text.x + 1 && Math.max(...heights) < 30, `${await cap.textContent()}: ${heights}`);
  }
  // Printing opens every section, and closes again after.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(await page.getByTestId('fold-groups-title').evaluate((d) => d.open), true);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await page.getByTestId('fold-groups-title').evaluate((d) => d.open), false);
  assert.equal(await rel.evaluate((d) => d.open), true, 'a section the reader opened stays open');
  // The organizations table comes lowest index first (who needs support): the first tap on
  // 指数 sorts highest first.
  await show(page, 'organizations');
  const orgTable = page.getByTestId('table-organizations');
  const indexHead = orgTable.locator('thead th').nth(1);
  assert.equal(await indexHead.getAttribute('aria-sort'), 'ascending');
  const indexes = async () => (await page.getByTestId('org-index').allTextContents()).map(parseFloat).filter((x) => !Number.isNaN(x));
  const low = await indexes();
  assert.deepEqual(low, [...low].sort((a, b) => a - b));
  // A phone card holds the key columns only (index, percentile, gaps, stage): the group,
  // strengths and the rest are on the organization's page.
  const card = orgTable.locator('tbody tr').first();
  const cardCells = await card.locator('td').evaluateAll((tds) => tds.filter((td) => getComputedStyle(td).display !== 'none').map((td) => td.dataset.label));
  assert.deepEqual(cardCells, ['指数（0–100）', '百分位', '短板', '阶段'], cardCells.join());
  // The sort buttons are the cards' columns too (机构 sorts the names).
  const sortButtons = await orgTable.locator('thead th').evaluateAll((ths) => ths.filter((th) => getComputedStyle(th).display !== 'none').map((th) => th.textContent.trim()));
  assert.deepEqual(sortButtons.slice(1), cardCells, sortButtons.join());
  // "Not defined" notes only when a shown cell is: none on the first page (the organization
  // without an index sorts last), one on the last.
  const orgBlock = orgTable.locator('xpath=ancestor::div[@class="table-block"]');
  assert.equal(await orgBlock.getByTestId('undefined-reasons').count(), 0);
  for (let i = 0; i < 4; i++) await orgBlock.getByTestId('page-next').click();
  await orgBlock.getByTestId('undefined-reasons').waitFor();
  assert.match(await orgBlock.getByTestId('undefined-reasons').textContent(), /无定义|未定义|“/);
  for (let i = 0; i < 4; i++) await orgBlock.getByTestId('page-previous').click();
  await indexHead.locator('button').click();
  assert.equal(await indexHead.getAttribute('aria-sort'), 'descending');
  const top = await indexes();
  assert.deepEqual(top, [...top].sort((a, b) => b - a));
  assert.ok(low[0] < top[0]);
  // The picker lists respondents first, then the partners who did not answer, marked.
  const groups = page.getByTestId('org-select').locator('optgroup');
  assert.equal(await groups.count(), 1);
  assert.equal(await groups.getAttribute('label'), '被提名为伙伴、未作答的机构');
  const unanswered = await groups.locator('option').allTextContents();
  assert.ok(unanswered.length > 0 && unanswered.every((o) => o.endsWith('（未作答）')), unanswered.join());
  const answered = await page.getByTestId('org-select').locator(':scope > option').allTextContents();
  assert.ok(answered.length > 100 && answered.slice(1).every((o) => !o.endsWith('（未作答）')));
  // Introductions of one organization.
  await show(page, 'cultivate');
  const cult = page.getByTestId('cultivate').first();
  // The brokers come first, under their own heading, in plain words with their definitions a
  // tap away; the introductions (hundreds) are folded under their count, below.
  // The rules behind the suggestions are a tap away in the page itself, in words.
  const rules = cult.getByTestId('cultivate-rules');
  await rules.locator('summary').click();
  assert.equal(await rules.locator('li').count(), 4);
  assert.match(await rules.textContent(), /伙伴的伙伴.*前四分之一/);
  const brokers = cult.getByTestId('cultivate-brokers');
  assert.equal((await brokers.locator('h4').textContent()).trim(), '关键中介机构');
  const brokerHead = await brokers.locator('thead').first().textContent();
  assert.ok(brokerHead.includes('桥梁作用') && !/中介中心性|效率/.test(brokerHead), brokerHead);
  await brokers.getByTestId('table-help').first().locator('summary').click();
  assert.match(await brokers.getByTestId('table-help').first().textContent(), /中介中心性/);
  const introFold = cult.locator('[data-testid^=fold-introductions-]');
  assert.equal(await introFold.evaluate((d) => d.open), false);
  // The best ten introductions are in view before the fold, ranked, each reason written for
  // the coordinator (both organizations named, no 您).
  const topIntros = cult.getByTestId('cultivate-top-introductions');
  assert.match(await topIntros.locator('h4').textContent(), /最值得先做的 10 条引荐/);
  const topRows = topIntros.locator('[data-testid^=table-top-introductions-] tbody tr');
  assert.equal(await topRows.count(), 10);
  const firstTop = await topRows.first().locator('td').last().textContent();
  const firstOrg = (await topRows.first().locator('th').textContent()).trim();
  assert.ok(firstTop.includes(firstOrg) && !firstTop.includes('您') && /架起桥梁/.test(firstTop), firstTop);
  assert.ok((await topIntros.boundingBox()).y < (await introFold.boundingBox()).y);
  // Reasons in the phone cards read from the left (brokers' and introductions').
  for (const cell of [topRows.first().locator('td').last(), brokers.locator('tbody tr').first().locator('td').last()]) {
    assert.equal(await cell.evaluate((td) => getComputedStyle(td).textAlign), 'left');
  }
  // No organization more than twice among the first ten, so that more get one; a line names
  // the partners most suggestions go to; the full list starts after the ten, not with them.
  const topPairs = await topRows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('button.org-link')].map((b) => b.textContent.trim())));
  const seen = {};
  for (const name of topPairs.flat()) seen[name] = (seen[name] || 0) + 1;
  assert.ok(Object.values(seen).every((n) => n <= 2), JSON.stringify(seen));
  assert.match(await topIntros.getByTestId('introductions-concentrated').textContent(), /^建议集中在少数机构：.+（\d+ 条）.*，共占全部 \d+ 条引荐的 [\d.]+%。$/);
  assert.match(await topIntros.locator('p.note').first().textContent(), /每家机构在这里最多出现 2 次/);
  assert.match(await introFold.locator('summary').textContent(), /建议引荐其余 \d+ 条（共 \d+ 条，上面的 10 条不再重复）/);
  // Brokers' reasons name the communities they link and who their loss cuts off.
  const brokerReason = await brokers.locator('tbody tr').first().locator('td').last().textContent();
  assert.match(brokerReason, /^连接.+所在的社群.*；没有它，.+与其他机构不再相连（它所在的那部分网络分裂为 \d+ 块，未参与调查的伙伴也计在内）。(另有 \d+ 个待核对的伙伴名称只经由它与其他机构相连（可能是已调查机构的另一种写法），未计入。)?$/);
  // Names pending review (the demo's typos) are never named as organizations cut off.
  const reasons = await brokers.locator('tbody tr td:last-child').allTextContents();
  // After the cut vertices, the strongest bridges that cut no one off, in a list of their own.
  assert.equal(await text(page, 'cultivate-bridges'), '连接作用最大的机构');
  const bridgeReasons = await brokers.locator('[data-testid^=table-bridges-] tbody tr td:last-child').allTextContents();
  assert.equal(bridgeReasons.length, 3);
  assert.ok(bridgeReasons.every((r) => !r.includes('没有它') && r.includes('多经由它传递')), bridgeReasons.join('\n'));
  assert.ok(!(await brokers.locator('[data-testid^=table-bridges-] thead').textContent()).includes('被隔断'));
  assert.ok(reasons.every((r) => !/北京善源伙伴的村发展基金会|上海启明之家社的发展志愿团队/.test(r)), reasons.join('\n'));
  const brokersTop = (await brokers.boundingBox()).y;
  assert.ok(brokersTop < (await introFold.boundingBox()).y && brokersTop < (await page.locator('[data-testid=cultivate-title], #cultivate-title').first().boundingBox()).y + 844 * 1.5, `brokers at ${brokersTop}`);
  await openIntroductions(page);
  const rows = cult.locator('[data-testid^=table-introductions-] tbody tr');
  const restPairs = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('button.org-link')].map((b) => b.textContent.trim()).join('→')));
  assert.ok(!topPairs.some((p) => restPairs.includes(p.join('→'))), 'the full list does not repeat the first ten');
  const name = (await rows.first().locator('th').textContent()).trim();
  const all = await cult.locator('[data-testid^=table-introductions-] caption').count();
  assert.equal(all, 1);
  await cult.getByTestId('introductions-filter').fill(name);
  await page.waitForFunction(() => /涉及/.test(document.querySelector('[data-testid=introductions-count]').textContent));
  const kept = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent));
  assert.ok(kept.length > 0 && kept.every((t) => t.includes(name)), kept.join('\n'));
  assert.match(await cult.getByTestId('introductions-count').textContent(), new RegExp(`^.+网络的 \\d+ 条引荐中有 ${kept.length < 25 ? kept.length : '\\d+'} 条涉及“`));
  await cult.getByTestId('introductions-filter').fill('没有这家机构');
  await cult.getByTestId('introductions-none').waitFor();
  await cult.getByTestId('introductions-filter').fill('');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^=table-introductions-] tbody tr').length === 25);
  // Spread: each partner suggested at most three times in the full list (half of the
  // suggestions went to three organizations).
  const partnerCounts = async () => {
    const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('button.org-link')[1]?.textContent.trim()));
    const n = {};
    for (const x of names) n[x] = (n[x] || 0) + 1;
    return n;
  };
  assert.ok(Math.max(...Object.values(await partnerCounts())) > 3, 'concentrated before');
  await cult.getByTestId('introductions-spread').check();
  await page.waitForFunction(() => document.querySelector('[data-testid=introductions-spread]').checked);
  await page.waitForTimeout(300);
  const spreadCounts = await partnerCounts();
  assert.ok(Object.keys(spreadCounts).length > 5 && Math.max(...Object.values(spreadCounts)) <= 3, JSON.stringify(spreadCounts));
  await cult.getByTestId('introductions-spread').uncheck();
  // The network diagram's layout in plain words; the algorithm under 技术细节.
  await show(page, 'network');
  const ex = page.getByTestId('explorer').first();
  await ex.locator('[data-testid=layout-status][data-state=done]').waitFor();
  assert.match(await ex.getByTestId('layout-status').textContent(), /每次打开，机构的位置都相同/);
  assert.ok(!/ForceAtlas|种子/.test(await ex.getByTestId('layout-status').textContent()));
  assert.match(await ex.getByTestId('layout-tech').textContent(), /ForceAtlas2 力导向布局/);
  // The key players in plain words (被提名次数, 桥梁作用), the technical terms in the glossary.
  const topHead = await page.getByTestId('top-table').first().locator('thead').textContent();
  // Communities by name, the same in the table and in the diagram's legend, which also says
  // what the organizations with no tie and the communities beyond its colours are.
  const communityCells = await page.getByTestId('top-table').first().locator('td[data-label=社群]').allTextContents();
  assert.ok(communityCells.length && communityCells.every((c) => /^.+所在的社群$/.test(c.trim())), communityCells.join());
  const netChart = (await page.locator('[data-testid^=chart-network-]').first().getAttribute('data-testid')).slice('chart-'.length);
  const diagram = await chartSvg(page, netChart);
  assert.ok(diagram.includes('未提名也未被提名的机构') && diagram.includes('社群（以其中被提名最多的机构命名）'), 'legend');
  assert.ok(!/>\s*\d+\s*<\/text>/.test(diagram.split('社群（以其中')[1].split('已回答')[0]), 'no community numbers in the legend');
  for (const c of communityCells) {
    const named = diagram.includes(c.trim().replace(/&/g, '&amp;'));
    assert.ok(named || /其他 \d+ 个社群/.test(diagram), c);
  }
  assert.ok(topHead.includes('被提名次数') && topHead.includes('桥梁作用') && !/入度|中介中心性/.test(topHead), topHead);
  // Brokerage roles are named in each cell (a phone card shows no column key).
  const nodes = await page.locator('[data-testid^=table-nodes-]').first().textContent();
  assert.match(nodes, /(协调者|巡回者|守门人|代表|联络者) \d+/);
  assert.ok(!/\d+\/\d+\/\d+\/\d+\/\d+/.test(nodes), 'no bare role counts');
  // The long tables are folded under a line of what they hold, so the key players and the
  // diagram come first; the explorer's help speaks of fingers, not a mouse wheel.
  for (const id of ['network-relations-title', 'network-facts-title', 'network-nodes-title']) {
    assert.equal(await page.getByTestId(`fold-${id}`).evaluate((d) => d.open), false, id);
  }
  // The facts' line names the relation its communities are counted in (the overview counts
  // all relations combined).
  const shownRelation = await page.getByTestId('network-relation').evaluate((s) => s.selectedOptions[0].textContent);
  assert.ok((await page.getByTestId('fold-network-facts-title').locator('summary').textContent()).includes(`“${shownRelation}”：密度 `), shownRelation);
  assert.match(await page.getByTestId('fold-network-facts-title').locator('summary').textContent(), /密度 [\d.]+，\d+ 个社群/);
  assert.ok(await ex.getByTestId('explorer-help-touch').isVisible() && !(await ex.getByTestId('explorer-help').isVisible()));
  assert.ok(!/滚轮|鼠标/.test(await ex.getByTestId('explorer-help-touch').textContent()));
  // The column roles fit the phone: one card per column, labels instead of keys, no sideways
  // scrolling.
  await show(page, 'data');
  await page.getByTestId('mapping').locator('summary').click();
  await page.getByTestId('mapping-row').first().waitFor();
  const sideways = await page.evaluate(() => {
    const t = document.querySelector('[data-testid=mapping-table]');
    return [t.scrollWidth - t.closest('.table-wrap').clientWidth, document.documentElement.scrollWidth - document.documentElement.clientWidth];
  });
  assert.ok(sideways.every((x) => x <= 1), `the column roles scroll sideways by ${sideways}`);
  const roles = await page.locator('[data-testid=mapping-row] select option:checked').allTextContents();
  assert.ok(roles.length > 10 && roles.every((r) => !/^[a-z_]+$/.test(r)), roles.join());
  await ctx.close();
});

await test('a coordinator in Chinese (390 and 1280 px): the ends of the ranking, one entry per suggested partner, findings open where their answer is, reasons not sorted, stages and α explained, an organization\'s own change across rounds', async () => {
  for (const width of [390, 1280]) {
    const page = await demoPage('zh', null, { width, height: 844 });
    const ctx = page.context();
    // α is explained where it first appears: the reliability finding and under the dimensions.
    assert.match(await page.getByTestId('overview').innerText(), /α ≥ 0\.7 表示同一维度的几道题测量的是同一件事/);
    // The weakest dimension's finding opens the capacity view at that dimension's row; the
    // organizations weak on it are in the organizations table, weakest first.
    const weakest = page.getByTestId('finding').first();
    const said = (await weakest.textContent()).match(/“([^”]+)”(?:是|与(.*?)并列)最薄弱的维度.*；(\d+) 家机构/);
    const dim = said[1];
    // Tied dimensions (the demo's two): the table orders by the lower of their scores.
    const dims = [dim, ...[...(said[2] ?? '').matchAll(/“([^”]+)”/g)].map((x) => x[1])];
    const counted = Number(said[3]);
    await weakest.getByTestId('finding-link').click();
    await page.locator('[data-view=capacity]:not([hidden])').waitFor();
    await page.waitForFunction((d) => /^dimension-\d+$/.test(document.activeElement?.id ?? '') && document.activeElement.textContent.trim() === d, dim);
    assert.match(await text(page, 'alpha-note'), /^α（Cronbach's α）≥ 0\.7 表示同一维度的几道题测量的是同一件事/);
    await show(page, 'overview');
    // The link's address says what it opens: the organizations ordered by that dimension.
    const alsoHref = await weakest.getByTestId('finding-also-link').getAttribute('href');
    const dimKeys = new URLSearchParams(alsoHref.slice(1)).get('order');
    const dimKey = dimKeys.split(',')[0];
    assert.equal(dimKeys.split(',').length, dims.length, `${alsoHref} for ${dims}`);
    assert.ok(alsoHref.startsWith('#view=organizations&order=') && dimKey, alsoHref);
    await weakest.getByTestId('finding-also-link').click();
    await page.locator('[data-view=organizations]:not([hidden])').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'organizations-title');
    // … ordered by that dimension's score, weakest first, and said so: its column (shown, on
    // a phone's card too) marked as the order, the note above naming it.
    const orgTable = page.getByTestId('table-organizations');
    const sortedHead = orgTable.locator('thead th[aria-sort=ascending]');
    assert.equal(await sortedHead.count(), 1);
    const orderHead = dims.length > 1 ? `${dims.map((d) => `“${d}”`).join('、')}中较低的得分` : dim;
    assert.equal((await sortedHead.textContent()).trim(), orderHead);
    assert.equal(await orgTable.locator('thead th[aria-sort=descending]').count(), 0);
    const orderNote = await text(page, 'orgs-order');
    assert.ok(orderNote.startsWith(dims.length > 1 ? `按${dims.map((d) => `“${d}”`).join('、')}中较低的得分从低到高排列` : `按“${dim}”得分从低到高排列`), orderNote);
    // The organizations the finding counts are the ones marked, first, and the note says how many.
    assert.ok(orderNote.includes(`的 ${counted} 家机构——即概览中那条发现所统计的机构——在得分后的括号中注明“偏弱”`), orderNote);
    const orderCells = await orgTable.locator('[data-testid=org-order-score]').allTextContents();
    const shownScores = orderCells.map((x) => parseFloat(x));
    assert.ok(await orgTable.locator('[data-testid=org-order-score]').first().isVisible());
    assert.ok(shownScores.length >= 10 && shownScores.every((x, i) => i === 0 || x >= shownScores[i - 1]), shownScores.join());
    const marked = orderCells.map((x) => /（(\d 项中 \d 项)?偏弱）$/.test(x));
    const firstUnmarked = marked.indexOf(false);
    assert.ok(marked.slice(0, Math.min(counted, marked.length)).every(Boolean) && (firstUnmarked < 0 || firstUnmarked >= Math.min(counted, marked.length)), orderCells.join(' | '));
    if (dims.length > 1) {
      // Several dimensions: the cell counts them, of how many ("2.40（2 项中 2 项偏弱）"), on one line at 1280 px,
      // whole words at 390; their names on hover.
      const cells = await orgTable.locator('[data-testid=org-order-score]').evaluateAll((cs) => cs.map((c) => {
        const r = document.createRange();
        r.selectNodeContents(c);
        const lines = new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
        return { text: c.textContent, title: c.getAttribute('title') || '', lines };
      }));
      const weakCells = cells.filter((c, i) => marked[i]);
      assert.ok(weakCells.length > 0 && weakCells.every((c) => /^\d\.\d\d（\d 项中 \d 项偏弱）$/.test(c.text) && c.title.startsWith('偏弱：') && dims.some((d) => c.title.includes(d))), JSON.stringify(weakCells));
      if (width >= 1280) assert.ok(weakCells.every((c) => c.lines === 1), JSON.stringify(weakCells));
    }
    // The address holds the order (one route): an organization opened from the table keeps
    // it, closing its page or going back returns to the ordered table, the bar's link shows
    // the table in its own order, and back again the ordered one.
    const orderedBy = async () => (await orgTable.locator('thead th[aria-sort=ascending]').textContent()).trim();
    assert.equal(new URL(page.url()).hash, alsoHref);
    await orgTable.locator('[data-testid=org-row] button.org-link').first().click();
    await page.getByTestId('org-view').waitFor();
    // Its page marks its weak scores, by the dimensions' full names.
    const weakRows = await page.locator('[data-testid=org-scores] tr:has([data-testid=org-score-weak])').allTextContents();
    assert.ok(weakRows.length >= 1 && weakRows.some((r) => dims.some((d) => r.startsWith(`${d}（偏弱）`))), weakRows.join(' | '));
    const orderParam = alsoHref.split('&order=')[1];
    assert.ok(page.url().endsWith(`&order=${orderParam}`) && /#view=organizations&org=[^&]+&order=/.test(page.url()), page.url());
    assert.equal(await orderedBy(), orderHead);
    await page.evaluate(() => history.back());
    await page.getByTestId('org-view').waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).hash, alsoHref);
    assert.equal(await orderedBy(), orderHead);
    await show(page, 'organizations');
    assert.match(page.url(), /#view=organizations$/);
    await page.waitForFunction(() => !document.querySelector('[data-testid=table-organizations] [data-testid=org-order-score]'));
    // The dimension's column was shown for that order, not chosen: in the table's own order
    // the reader's columns show, without it.
    const heads = (await orgTable.locator('thead th').allTextContents()).map((x) => x.trim());
    assert.ok(heads.length >= 5 && !heads.includes(orderHead), heads.join());
    await page.evaluate(() => history.back());
    await page.waitForFunction(() => document.querySelector('[data-testid=table-organizations] [data-testid=org-order-score]'));
    assert.equal(await orderedBy(), orderHead);
    // The first row is the lowest of every organization's score on it (them) in the JSON
    // report; the marked ones are those below the cut on any, as many as the finding says.
    await show(page, 'downloads');
    const json = JSON.parse((await save(page, 'download-report-json')).toString('utf8'));
    const keys = dimKeys.split(',');
    const lowest = (o) => Math.min(...keys.map((k) => o.scores[k]).filter((x) => typeof x === 'number'));
    const all = json.capacity.organizations.map(lowest).filter(Number.isFinite);
    assert.ok(all.length >= json.capacity.organizations.length - 5, `${all.length} scored`);
    assert.equal(shownScores[0].toFixed(2), Math.min(...all).toFixed(2));
    const dimRow = json.capacity.dimensions.find((d) => d.key === dimKey);
    const cut = dimRow.scale_min + 0.4 * (dimRow.scale_max - dimRow.scale_min);
    assert.equal(all.filter((x) => x < cut).length, counted);
    // Every finding opens its view, at the section that answers it when the view holds more:
    // the network's numbers and who is named most too, in sight under the bar.
    const links = page.getByTestId('finding-link');
    const n = await links.count();
    const opened = [];
    for (let i = 0; i < n; i++) {
      await show(page, 'overview');
      const href = await links.nth(i).getAttribute('href');
      opened.push(await followFinding(page, links.nth(i)));
      // The address is the link's: the network view's relation in it.
      assert.equal(new URL(page.url()).hash, href);
      if (opened.at(-1).view === 'network') assert.match(href, /^#view=network&relation=[^&]+$/);
    }
    assert.ok(opened.filter((o) => o.view === 'network').length >= 2 && opened.every((o) => o.view !== 'network' || o.anchor), JSON.stringify(opened));
    const topNames = await page.locator('[data-view=network] [data-testid=top-table] tbody th').allTextContents();
    const mostNamed = await page.locator('[data-testid=finding] [data-anchor^=top-table-]').textContent();
    assert.ok(topNames.slice(0, 3).every((x) => mostNamed.includes(x.trim())), `${topNames.slice(0, 3)} / ${mostNamed}`);
    // The lowest organization is said to be the lowest of N, not "higher than about 0%".
    await show(page, 'organizations');
    await orgTable.locator('[data-testid=org-row] button.org-link').first().click();
    await page.getByTestId('org-view').waitFor();
    assert.match(await text(page, 'org-summary'), /^能力指数 [\d.]+（满分 100），在 \d+ 家受访机构中(并列)?最低。$/);
    assert.doesNotMatch(await page.getByTestId('org-view').innerText(), /高于约 0%/);
    // Its stage, with what the stage means.
    assert.ok((await page.getByTestId('org-stage').locator('.stage-about').textContent()).length >= 6);
    // One entry per suggested partner, each naming its networks on a line of its own; the
    // reason follows the name without a space in Chinese.
    const intros = page.getByTestId('org-introduction');
    const entries = await intros.evaluateAll((lis) => lis.map((li) => ({
      name: li.querySelector('button').textContent.trim(),
      text: li.textContent,
      within: [...li.querySelectorAll('[data-testid=org-intro-relations]')].map((x) => x.textContent),
    })));
    assert.ok(entries.length >= 1);
    assert.equal(new Set(entries.map((e) => e.name)).size, entries.length, entries.map((e) => e.name).join());
    for (const e of entries) {
      assert.ok(e.within.length >= 1 && e.within.every((w) => /^适用的关系网络：\S/.test(w)), e.within.join());
      assert.ok(!e.text.startsWith(`${e.name} `) && !/ 与 /.test(e.text), e.text);
    }
    const lineBox = await intros.first().getByTestId('org-intro-relations').first().evaluate((x) => getComputedStyle(x).display);
    assert.equal(lineBox, 'block');
    // Stages explained in the capacity view.
    await show(page, 'capacity');
    await openFold(page, 'profiles-title');
    assert.match(await text(page, 'stages-about'), /^实践共同体阶段（由低到高：潜在、凝聚、成熟、稳定维持、转型）/);
    // A reason has no order worth sorting by: no sort button (nor, on a phone, a pill).
    await show(page, 'cultivate');
    const cult = page.locator('[data-view=cultivate]');
    assert.equal(await cult.locator('thead button', { hasText: '理由' }).count(), 0);
    const reasonHeads = cult.locator('[data-testid^=table-top-introductions-] thead th', { hasText: '理由' });
    assert.equal(await reasonHeads.count(), 1);
    assert.equal(await reasonHeads.first().isVisible(), width >= 600, 'a header on a wide screen, no pill on a phone');
    assert.equal(await reasonHeads.first().getAttribute('aria-sort'), null);
    // Two rounds with a codebook without Chinese labels (the shipped sample's has them): the
    // missing labels are noted once, and an organization's page shows its own change.
    await analyseRounds(page, ['responses-2024.csv', 'responses-2023.csv', 'codebook-no-zh.csv', 'aliases.csv'], 'files-replace');
    // The rounds' findings open the Change view at their answer: who joined and left, the
    // dimensions, the networks.
    const changeLinks = page.locator('[data-testid=finding][data-target=change] [data-testid=finding-link]');
    assert.equal(await changeLinks.count(), 3);
    const anchors = [];
    for (let i = 0; i < 3; i++) {
      await show(page, 'overview');
      anchors.push((await followFinding(page, changeLinks.nth(i))).anchor);
    }
    assert.deepEqual(anchors, ['change-members-title', 'change-dimensions-title', 'change-network-title']);
    await show(page, 'data');
    assert.match(await text(page, 'labels-missing'), /^编码表中有 2 项没有中文标签（如Governance、Knowledge）.*label_zh/);
    assert.equal(await page.getByTestId('labels-missing').count(), 1);
    await show(page, 'organizations');
    const open = async (name) => {
      await page.getByTestId('org-search').fill(name);
      await page.getByTestId('org-search').dispatchEvent('change');
      await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent.trim() === n, name);
    };
    await open('绿色未来中心');
    const change = page.getByTestId('org-change');
    assert.match(await change.locator('h3').textContent(), /跨轮次变化（2023 → 2024）/);
    assert.match(await text(page, 'org-change-presence'), /参加了“2023”和“2024”两轮调查/);
    // By hand from the files: knowledge 2.5 and 2.5, governance 2 and 3.
    const cells = await change.locator('[data-testid=org-change-scores] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    assert.equal(cells.length, 3);
    assert.deepEqual(cells.find((r) => r[0] === 'Knowledge').slice(1, 4), ['2.50', '2.50', '0.00']);
    assert.deepEqual(cells.find((r) => r[0] === 'Governance').slice(1, 4), ['2.00', '3.00', '+1.00']);
    const ties = await text(page, 'org-change-ties');
    assert.match(ties, /被提名 1 → 1 次/);
    assert.ok(/新增联系：.*和光社工事务所/.test(ties) && /新增联系：.*晨曦助残中心/.test(ties), ties);
    assert.ok(/中断联系：.*乐龄长者服务社/.test(ties) && /中断联系：.*河畔社区服务站/.test(ties), ties);
    await open('北辰妇女发展中心');
    assert.match(await text(page, 'org-change-presence'), /^该机构只参加了“2024”这一轮调查/);
    assert.equal(await page.getByTestId('org-change-scores').count(), 0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
    await ctx.close();
  }
});

await test('no request left the origin and no console errors', async () => {
  assert.deepEqual(offOrigin, [], 'off-origin or non-GET requests');
  assert.deepEqual(consoleErrors.filter((e) => !e.includes('favicon')), []);
});

// Every test above has settled (each is awaited), so the browser and the server can go; a
// failed test has set a non-zero exit code through node:test.
await browser.close();
stop();
