//! The demo survey: a deterministic, clearly synthetic survey of Chinese NGOs.
//!
//! It is inspired by the constructs of Hasmath & Hsu (2020), *A Community of Practice for
//! Chinese NGOs* (knowledge sharing, professionalization, predictability, state relations,
//! funding), but every name and number is generated here from a fixed seed; no value
//! describes a real organization. 150 organizations exist, 120 respond; the others appear
//! only as partners named in the two roster questions. Partner names use realistic variants
//! (short names resolved by the aliases table, spacing and full-width characters, two typos).
//!
//! The blank templates and the XLSForm are built from the demo's codebook ([`template`]).

pub mod template;

use crate::ingest::Table;
use crate::pipeline::InputFile;
use crate::rng::Rng;

/// Seed of the demo survey; changing it changes every demo number.
pub const SEED: u64 = 2020;
/// Organizations in the demo universe.
const UNIVERSE: usize = 150;
/// Organizations that responded.
const RESPONDENTS: usize = 120;

const BRAND_A: [(&str, &str); 20] = [
    ("绿色", "Green"),
    ("阳光", "Sunshine"),
    ("彩虹", "Rainbow"),
    ("春雨", "Spring Rain"),
    ("启明", "Morning Star"),
    ("同心", "One Heart"),
    ("新芽", "New Sprout"),
    ("晨曦", "Dawn"),
    ("星光", "Starlight"),
    ("守望", "Watchful"),
    ("益友", "Good Friend"),
    ("和谐", "Harmony"),
    ("心桥", "Heart Bridge"),
    ("蓝天", "Blue Sky"),
    ("青禾", "Green Seedling"),
    ("善源", "Kind Source"),
    ("乐龄", "Joyful Age"),
    ("微光", "Glimmer"),
    ("共享", "Sharing"),
    ("知行", "Knowing and Doing"),
];
const BRAND_B: [(&str, &str); 8] = [
    ("未来", "Future"),
    ("行动", "Action"),
    ("伙伴", "Partners"),
    ("之家", "Home"),
    ("计划", "Project"),
    ("空间", "Space"),
    ("驿站", "Station"),
    ("社", "Society"),
];
const CITIES: [(&str, &str, f64); 6] = [
    ("北京", "Beijing", 0.26),
    ("上海", "Shanghai", 0.24),
    ("昆明", "Kunming", 0.14),
    ("南京", "Nanjing", 0.14),
    ("成都", "Chengdu", 0.12),
    ("广州", "Guangzhou", 0.10),
];
const FIELDS: [(&str, &str, &str, &str); 7] = [
    ("环境", "环境研究", "environment", "Environmental Research"),
    ("教育", "教育发展", "education", "Education Development"),
    ("养老", "为老服务", "elderly care", "Elderly Care"),
    ("儿童", "儿童关爱", "children", "Child Care"),
    ("社区发展", "社区发展", "community development", "Community Development"),
    ("助残", "助残服务", "disability", "Disability Services"),
    ("乡村发展", "乡村发展", "rural development", "Rural Development"),
];
const REGISTRATION: [(&str, &str, &str, f64); 5] = [
    ("社会服务机构", "中心", "Centre", 0.46),
    ("社会团体", "协会", "Association", 0.18),
    ("基金会", "基金会", "Foundation", 0.08),
    ("工商注册", "社会企业", "Social Enterprise", 0.12),
    ("未登记", "志愿团队", "Volunteer Group", 0.16),
];
const BUDGET: [&str; 4] = ["<10万", "10–50万", "50–200万", ">200万"];

/// A demo item.
pub struct DemoItem {
    /// Column header.
    pub column: &'static str,
    /// English wording.
    pub en: &'static str,
    /// Chinese wording.
    pub zh: &'static str,
    /// Reverse-keyed (agreement means less capacity).
    pub reversed: bool,
}

/// A demo capacity dimension.
pub struct DemoDimension {
    /// Dimension key.
    pub key: &'static str,
    /// English label.
    pub en: &'static str,
    /// Chinese label.
    pub zh: &'static str,
    /// Its items.
    pub items: [DemoItem; 3],
}

const fn item(column: &'static str, en: &'static str, zh: &'static str, reversed: bool) -> DemoItem {
    DemoItem { column, en, zh, reversed }
}

const fn dimension(
    key: &'static str,
    en: &'static str,
    zh: &'static str,
    items: [DemoItem; 3],
) -> DemoDimension {
    DemoDimension { key, en, zh, items }
}

/// Capacity dimensions of the demo survey.
pub const DIMENSIONS: [DemoDimension; 5] = [
    dimension(
        "knowledge_sharing",
        "Knowledge sharing",
        "知识分享",
        [
            item("ks_1", "We regularly share experience with peer NGOs", "我们定期与同行机构分享经验", false),
            item("ks_2", "We document and reuse lessons learned", "机构会整理并复用经验教训", false),
            item(
                "ks_3",
                "We rarely learn from other organizations (reverse)",
                "我们很少向其他机构学习（反向题）",
                true,
            ),
        ],
    ),
    dimension(
        "professionalization",
        "Professionalization",
        "专业化",
        [
            item("prof_1", "Staff receive external training every year", "员工每年参加外部培训", false),
            item("prof_2", "We have written procedures for our main work", "主要工作有书面流程", false),
            item("prof_3", "We collect outcome data on our programmes", "收集项目成效数据", false),
        ],
    ),
    dimension(
        "predictability",
        "Predictability and transparency",
        "可预期性与透明度",
        [
            item("pred_1", "We publish an annual report", "公开年度报告", false),
            item("pred_2", "Our finances are audited and disclosed", "财务经审计并公开", false),
            item("pred_3", "Partners can anticipate how we will act", "合作方能预见我们的做法", false),
        ],
    ),
    dimension(
        "state_relations",
        "Relations with government",
        "与政府的关系",
        [
            item("gov_1", "We are in regular contact with Civil Affairs", "与民政部门保持定期联系", false),
            item("gov_2", "Local government trusts our organization", "地方政府信任本机构", false),
            item(
                "gov_3",
                "We received government purchase-of-service contracts",
                "获得政府购买服务项目",
                false,
            ),
        ],
    ),
    dimension(
        "funding",
        "Funding diversity",
        "资金来源多样性",
        [
            item("fund_1", "We have three or more kinds of funders", "有三类及以上资金来源", false),
            item(
                "fund_2",
                "No single funder gives more than half of our income",
                "单一资助方占收入不超过一半",
                false,
            ),
            item(
                "fund_3",
                "We raise funds online (e.g. Tencent 99 Giving Day)",
                "开展网络募捐（如腾讯 99 公益日）",
                false,
            ),
        ],
    ),
];

/// One generated organization.
struct Org {
    id: String,
    name: String,
    name_en: String,
    short: String,
    city: usize,
    field: usize,
    registration: usize,
    founded: i32,
    gongo: bool,
    staff: u32,
    budget: usize,
    capacity: f64,
    dims: [f64; 5],
    hub: bool,
}

/// The demo survey's tables.
#[derive(Debug, Clone)]
pub struct Demo {
    /// One row per responding organization.
    pub responses: Table,
    /// Column roles, labels, dimensions, scales.
    pub codebook: Table,
    /// Short names and variants → registered names.
    pub aliases: Table,
}

fn generate_orgs(rng: &mut Rng) -> Vec<Org> {
    let mut brands: Vec<(usize, usize)> =
        (0..BRAND_A.len()).flat_map(|a| (0..BRAND_B.len()).map(move |b| (a, b))).collect();
    rng.shuffle(&mut brands);
    let city_w: Vec<f64> = CITIES.iter().map(|c| c.2).collect();
    let reg_w: Vec<f64> = REGISTRATION.iter().map(|r| r.3).collect();
    (0..UNIVERSE)
        .map(|i| {
            let (a, b) = brands[i];
            let city = rng.weighted(&city_w);
            let field = rng.below(FIELDS.len());
            let registration = rng.weighted(&reg_w);
            // Support ("hub") organizations: a few per city, older, better connected.
            let hub = i < 8;
            let capacity = rng.normal() + if hub { 0.9 } else { 0.0 };
            let mut dims = [0.0; 5];
            for d in dims.iter_mut() {
                *d = 0.75 * capacity + 0.65 * rng.normal();
            }
            let founded = (2021.0 - (rng.f64().powf(1.6) * 26.0) - if hub { 8.0 } else { 0.0 })
                .round()
                .max(1992.0) as i32;
            let staff = ((rng.normal() * 0.9 + 1.6 + 0.4 * capacity).exp()).round().max(1.0) as u32;
            let budget = ((capacity + rng.normal() * 0.8 + 1.5).floor().clamp(0.0, 3.0)) as usize;
            let brand = format!("{}{}", BRAND_A[a].0, BRAND_B[b].0);
            let (f_zh, f_en) = (FIELDS[field].1, FIELDS[field].3);
            let (r_zh, r_en) = (REGISTRATION[registration].1, REGISTRATION[registration].2);
            Org {
                id: format!("ORG{:03}", i + 1),
                name: format!("{}{}{}{}", CITIES[city].0, brand, f_zh, r_zh),
                name_en: format!("{} {} {} {} {}", CITIES[city].1, BRAND_A[a].1, BRAND_B[b].1, f_en, r_en),
                short: brand,
                city,
                field,
                registration,
                founded,
                gongo: rng.f64() < 0.12,
                staff,
                budget,
                capacity,
                dims,
                hub,
            }
        })
        .collect()
}

/// A Likert answer 1–5 from a latent score.
fn likert(rng: &mut Rng, latent: f64) -> u8 {
    (3.2 + 0.95 * latent + 0.7 * rng.normal()).round().clamp(1.0, 5.0) as u8
}

/// How a respondent writes a partner's name in a roster cell.
fn variant(rng: &mut Rng, o: &Org) -> String {
    let x = rng.f64();
    if x < 0.62 {
        o.name.clone()
    } else if x < 0.74 {
        o.short.clone()
    } else if x < 0.86 {
        // The name without its city prefix.
        o.name.chars().skip(2).collect()
    } else if x < 0.93 {
        // Spaces around the brand, as typed on a phone.
        let city: String = o.name.chars().take(2).collect();
        let rest: String = o.name.chars().skip(2).collect();
        format!("{city} {rest}")
    } else {
        // Full-width brackets around the city: matched after NFKC normalization.
        let city: String = o.name.chars().take(2).collect();
        let rest: String = o.name.chars().skip(2).collect();
        format!("（{city}）{rest}")
    }
}

/// Builds the demo tables.
pub fn demo() -> Demo {
    let mut rng = Rng::new(SEED);
    let orgs = generate_orgs(&mut rng);
    let respond = respondents(&mut rng, &orgs);
    let responses = responses_table(&mut rng, &orgs, &respond);
    Demo { responses, codebook: codebook_table(), aliases: aliases_table(&orgs) }
}

/// Which organizations respond: every hub, then others at random up to [`RESPONDENTS`].
fn respondents(rng: &mut Rng, orgs: &[Org]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..UNIVERSE).collect();
    rng.shuffle(&mut order);
    // Hubs always respond; the rest respond at random.
    let mut respond = vec![false; UNIVERSE];
    let mut count = 0;
    for &i in order.iter().filter(|i| orgs[**i].hub).chain(order.iter().filter(|i| !orgs[**i].hub)) {
        if count < RESPONDENTS {
            respond[i] = true;
            count += 1;
        }
    }
    respond
}

/// The responses of the responding organizations: attributes, Likert items and the two
/// roster questions (names written as respondents write them, two with typos).
fn responses_table(rng: &mut Rng, orgs: &[Org], respond: &[bool]) -> Table {
    let mut headers: Vec<&str> = vec![
        "org_id",
        "org_name",
        "org_name_en",
        "city",
        "field",
        "registration",
        "origin",
        "founded",
        "staff",
        "budget_band",
    ];
    for d in &DIMENSIONS {
        for it in &d.items {
            headers.push(it.column);
        }
    }
    headers.push("share_with");
    headers.push("projects_with");
    let nominations = [nominate(rng, orgs, respond, 0), nominate(rng, orgs, respond, 1)];
    let mut rows = Vec::new();
    for (i, o) in orgs.iter().enumerate() {
        if !respond[i] {
            continue;
        }
        let mut row = vec![
            o.id.clone(),
            o.name.clone(),
            o.name_en.clone(),
            CITIES[o.city].0.to_string(),
            FIELDS[o.field].0.to_string(),
            REGISTRATION[o.registration].0.to_string(),
            if o.gongo { "官办".into() } else { "草根".into() },
            o.founded.to_string(),
            o.staff.to_string(),
            BUDGET[o.budget].to_string(),
        ];
        // One organization answered almost nothing: its scores must come out as null.
        let sparse = rows.len() == 17;
        for (di, d) in DIMENSIONS.iter().enumerate() {
            for it in &d.items {
                let r = rng.f64();
                if (sparse && !(di == 0 && it.column == "ks_1")) || r < 0.03 {
                    row.push(String::new());
                } else if r < 0.04 {
                    row.push("不适用".into());
                } else {
                    let v = likert(rng, o.dims[di]);
                    row.push(if it.reversed { (6 - v).to_string() } else { v.to_string() });
                }
            }
        }
        for relation in &nominations {
            let chosen = &relation[i];
            let names: Vec<String> = chosen.iter().map(|j| variant(rng, &orgs[*j])).collect();
            let sep = ["；", ";", "、", "，"][rng.below(4)];
            row.push(names.join(sep));
        }
        rows.push(row);
    }
    // Two typos that no alias covers: they show up as unmatched names with a suggestion.
    if let Some(r) = rows.get_mut(5) {
        let last = r.len() - 2;
        r[last] = format!("{}；{}", r[last], typo(&orgs[1].name));
    }
    if let Some(r) = rows.get_mut(40) {
        let last = r.len() - 1;
        r[last] = format!("{}；{}", r[last], typo(&orgs[3].name));
    }
    Table::new("demo_responses.csv", &headers, rows)
}

/// The Traditional Chinese label of a demo column, dimension or relation (empty for others).
fn hant(key: &str) -> &'static str {
    const HANT: [(&str, &str); 33] = [
        ("org_id", "機構編號"),
        ("org_name", "機構名稱"),
        ("org_name_en", "英文名稱"),
        ("city", "城市"),
        ("field", "服務領域"),
        ("registration", "登記類型"),
        ("origin", "機構性質（草根/官辦）"),
        ("founded", "成立年份"),
        ("staff", "全職員工人數"),
        ("budget_band", "年度預算區間（元）"),
        ("knowledge_sharing", "知識分享"),
        ("professionalization", "專業化"),
        ("predictability", "可預期性與透明度"),
        ("state_relations", "與政府的關係"),
        ("funding", "資金來源多樣性"),
        ("ks_1", "我們定期與同行機構分享經驗"),
        ("ks_2", "機構會整理並複用經驗教訓"),
        ("ks_3", "我們很少向其他機構學習（反向題）"),
        ("prof_1", "員工每年參加外部培訓"),
        ("prof_2", "主要工作有書面流程"),
        ("prof_3", "收集專案成效資料"),
        ("pred_1", "公開年度報告"),
        ("pred_2", "財務經審計並公開"),
        ("pred_3", "合作方能預見我們的做法"),
        ("gov_1", "與民政部門保持定期聯絡"),
        ("gov_2", "地方政府信任本機構"),
        ("gov_3", "獲得政府購買服務專案"),
        ("fund_1", "有三類及以上資金來源"),
        ("fund_2", "單一資助方佔收入不超過一半"),
        ("fund_3", "開展網路募款（如騰訊 99 公益日）"),
        ("share_with", "過去12個月與之分享知識或經驗的機構"),
        ("projects_with", "與之開展合作專案的機構"),
        ("joint_projects", "合作專案"),
    ];
    HANT.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v)
}

/// The demo's codebook: roles, labels, dimensions and scales of every column.
fn codebook_table() -> Table {
    let mut cb_rows: Vec<Vec<String>> = Vec::new();
    let s = |x: &str| x.to_string();
    let mut plain = |col: &str, role: &str, en: &str, zh: &str| {
        cb_rows.push(vec![
            s(col),
            s(role),
            s(en),
            s(zh),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    };
    plain("org_id", "id", "Organization id", "机构编号");
    plain("org_name", "name", "Organization name", "机构名称");
    plain("org_name_en", "text", "English name", "英文名称");
    plain("city", "attribute", "City", "城市");
    plain("field", "attribute", "Field", "服务领域");
    plain("registration", "attribute", "Registration type", "登记类型");
    plain("origin", "attribute", "Origin (grassroots / GONGO)", "机构性质（草根/官办）");
    plain("founded", "numeric", "Founding year", "成立年份");
    plain("staff", "numeric", "Full-time staff", "全职员工人数");
    plain("budget_band", "attribute", "Annual budget band (yuan)", "年度预算区间（元）");
    for d in &DIMENSIONS {
        for it in &d.items {
            cb_rows.push(vec![
                s(it.column),
                s("item"),
                s(it.en),
                s(it.zh),
                s(d.key),
                s(d.en),
                s(d.zh),
                s("1"),
                s("5"),
                s(if it.reversed { "yes" } else { "no" }),
                s("完全不同意=1;不同意=2;一般=3;同意=4;完全同意=5"),
                String::new(),
            ]);
        }
    }
    for (col, rel, en, zh, rel_en, rel_zh) in [
        (
            "share_with",
            "knowledge_sharing",
            "Shared knowledge with (past 12 months)",
            "过去12个月与之分享知识或经验的机构",
            "Knowledge sharing",
            "知识分享",
        ),
        (
            "projects_with",
            "joint_projects",
            "Ran joint projects with",
            "与之开展合作项目的机构",
            "Joint projects",
            "合作项目",
        ),
    ] {
        cb_rows.push(vec![
            s(col),
            s("roster"),
            s(en),
            s(zh),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        if let Some(last) = cb_rows.last_mut() {
            last.extend([s(rel), s(rel_en), s(rel_zh)]);
        }
    }
    for r in cb_rows.iter_mut() {
        r.resize(crate::survey::codebook::CODEBOOK_HEADERS.len(), String::new());
        // Traditional Chinese labels (`label_zh_hant`, `dimension_label_zh_hant`,
        // `relation_label_zh_hant`; the relation `knowledge_sharing` shares its dimension's).
        r[15] = hant(&r[0]).to_string();
        r[16] = hant(&r[4]).to_string();
        r[17] = hant(&r[12]).to_string();
    }
    Table::new("demo_codebook.csv", &crate::survey::codebook::CODEBOOK_HEADERS, cb_rows)
}

/// Short names and names without the city → registered names.
fn aliases_table(orgs: &[Org]) -> Table {
    let mut alias_rows = Vec::new();
    for o in orgs {
        alias_rows.push(vec![o.short.clone(), o.name.clone()]);
        alias_rows.push(vec![o.name.chars().skip(2).collect(), o.name.clone()]);
    }
    Table::new("demo_aliases.csv", &["alias", "name"], alias_rows)
}

/// Roster answers of every respondent for one relation (0 = knowledge sharing, 1 = joint
/// projects). Nominations favour hubs, the same city and the same field; about a third of the
/// ties to respondents are returned, as in real partnership surveys.
fn nominate(rng: &mut Rng, orgs: &[Org], respond: &[bool], rel: usize) -> Vec<Vec<usize>> {
    let base = if rel == 0 { 3.0 } else { 1.4 };
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); orgs.len()];
    for (i, o) in orgs.iter().enumerate() {
        if !respond[i] {
            continue;
        }
        let want = (base + 1.3 * o.dims[0].max(-1.5) + rng.normal()).round().clamp(0.0, 9.0) as usize;
        let mut w: Vec<f64> = orgs
            .iter()
            .enumerate()
            .map(|(j, p)| {
                if j == i {
                    return 0.0;
                }
                let mut w = 1.0;
                if p.hub {
                    w *= if rel == 0 { 9.0 } else { 4.0 };
                }
                if p.city == o.city {
                    w *= 5.0;
                }
                if p.field == o.field {
                    w *= 2.5;
                }
                w * (0.6 + p.capacity.exp().min(4.0))
            })
            .collect();
        for _ in 0..want {
            if w.iter().sum::<f64>() <= 0.0 {
                break;
            }
            let j = rng.weighted(&w);
            w[j] = 0.0;
            out[i].push(j);
        }
    }
    let ties: Vec<(usize, usize)> =
        out.iter().enumerate().flat_map(|(i, js)| js.iter().map(move |j| (i, *j))).collect();
    for (i, j) in ties {
        if respond[j] && !out[j].contains(&i) && rng.f64() < 0.35 {
            out[j].push(i);
        }
    }
    out
}

/// Replaces one character in the middle of a name (a realistic typing slip).
fn typo(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let k = chars.len() / 2;
    if let Some(c) = chars.get_mut(k) {
        *c = '的';
    }
    chars.into_iter().collect()
}

/// The demo as input files (UTF-8 CSV with BOM), as a user would drop them.
pub fn files() -> Vec<InputFile> {
    let d = demo();
    [&d.responses, &d.codebook, &d.aliases]
        .into_iter()
        .map(|t| InputFile { name: t.name.clone(), bytes: crate::export::csv_bytes(t, true), kind: None })
        .collect()
}

/// The demo analysed with its networks laid out, for the charts' tests.
#[cfg(test)]
pub(crate) fn laid_out() -> crate::pipeline::Analysis {
    let options = crate::pipeline::Options { layout: true, ..Default::default() };
    crate::pipeline::run(&files(), &options, &|| 0.0).expect("the demo analyses")
}

/// The demo as one workbook with `responses`, `codebook` and `aliases` sheets.
///
/// # Errors
/// [`crate::export::ExportError`] if the workbook cannot be written.
pub fn workbook() -> Result<Vec<u8>, crate::export::ExportError> {
    crate::export::xlsx_of(&workbook_sheets())
}

/// The demo workbook's sheets: `responses`, `codebook` and `aliases`.
pub fn workbook_sheets() -> crate::export::Sheets {
    let d = demo();
    vec![("responses".into(), d.responses), ("codebook".into(), d.codebook), ("aliases".into(), d.aliases)]
}
