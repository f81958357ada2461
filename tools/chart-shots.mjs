// Reference screenshots of each chart kind, as the page shows them: `<img>` at the SVG's width,
// narrowed to the column (`max-width: 100%`) — the gallery's 526 px column at a 1280 px window
// and the 358 px column of a 390 px phone (the organization radar: its 400 px and 324 px panel).
//
//   TONGXING_CHART_DIR=/tmp/c cargo test --test integration write_charts -- --ignored
//   node tools/chart-shots.mjs /tmp/c/zh-CN tests/screenshots/charts
import { mkdirSync, readFileSync } from 'node:fs';
import pw from './node_modules/playwright-core/index.js';

const [dir, out] = process.argv.slice(2);
const kinds = {
  means: 'means', box: 'box', histogram: 'hist-knowledge_sharing', likert: 'likert-knowledge_sharing',
  items: 'items', correlations: 'correlations', 'radar-groups': 'radar-groups',
  'radar-organization': 'radar-organization', network: 'network-knowledge_sharing',
  degree: 'degree-knowledge_sharing', centrality: 'betweenness-knowledge_sharing',
  communities: 'communities-knowledge_sharing', mixing: 'mixing-knowledge_sharing-city',
  scatter: 'scatter-knowledge_sharing', ego: 'ego',
};
const columns = (kind) => (kind === 'radar-organization' ? { desktop: 400, phone: 324 } : { desktop: 526, phone: 358 });
mkdirSync(out, { recursive: true });
const browser = await pw.chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 600, height: 800 }, deviceScaleFactor: 1 });
for (const [kind, id] of Object.entries(kinds)) {
  const svg = readFileSync(`${dir}/${id}.svg`, 'utf8');
  const [, w, h] = svg.match(/width="(\d+)" height="(\d+)"/);
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  for (const [device, column] of Object.entries(columns(kind))) {
    await page.setContent(`<body style="margin:0"><div id="c" style="width:${column}px"><img src="${src}" width="${w}" height="${h}" style="max-width:100%;height:auto;display:block"></div></body>`);
    await page.waitForFunction(() => document.querySelector('img').complete);
    await (await page.$('img')).screenshot({ path: `${out}/${kind}-zh-${device}.png` });
  }
}
await browser.close();
