//! Chinese text holds no internal key and no English word: the demo's result (every warning,
//! every chart's title, description, table and drawn text, the HTML report and the feedback
//! profiles) and every bad input's error or warnings, in Simplified and Traditional Chinese.
//! Names, codes, units and the input's own file names and headers are allowed.

use std::collections::BTreeSet;

use tongxing::charts::gallery::all_charts;
use tongxing::diag::Localize;
use tongxing::export::html::render_gallery;
use tongxing::export::profile::Profiles;
use tongxing::i18n::Lang;
use tongxing::labels;
use tongxing::pipeline::{Analysis, InputFile, Options, run};

use crate::util::data;

/// Words that may appear in Chinese text: acronyms, units, file formats, method and author
/// names, product names, statistics symbols.
const ALLOWED: &[&str] = &[
    // Formats, encodings and software.
    "SVG",
    "PNG",
    "CSV",
    "XLSX",
    "xlsx",
    "JSON",
    "HTML",
    "GEXF",
    "GraphML",
    "Gephi",
    "Excel",
    "WPS",
    "UTF",
    "GBK",
    "GB",
    "BOM",
    "ZIP",
    "XLSForm",
    "KoboToolbox",
    "ODK",
    "WeChat",
    "Web",
    "Worker",
    "http",
    "https",
    "tongxing",
    "MB",
    "ID",
    "ORG",
    "Chrome",
    "Edge",
    "Firefox",
    "Safari",
    "Windows",
    "Esc",
    "NA",
    // Methods and their authors.
    "Leiden",
    "Louvain",
    "Cronbach",
    "McDonald",
    "Spearman",
    "Pearson",
    "Kruskal",
    "Wallis",
    "Mann",
    "Whitney",
    "Holm",
    "McFadden",
    "Cram",
    "Wasserman",
    "Faust",
    "networkx",
    "README",
    "LE",
    "BE",
    "Borgatti",
    "Everett",
    "PageRank",
    "ForceAtlas",
    "Tukey",
    "Burt",
    "Freeman",
    "Wenger",
    "McDermott",
    "Snyder",
    "Hasmath",
    "Hsu",
    "Likert",
    "Wilcoxon",
    "Cohen",
    "Kenny",
    "Jaccard",
    "Jacobson",
    "Truax",
    "RCI",
    "HITS",
    "NMI",
    "ARI",
    "EI",
    "CCDF",
    "CI",
    "SD",
    // Agreement among respondents: intraclass correlation, rwg(j) (James, Demaree & Wolf).
    "ICC",
    "rwg",
    "OLS",
    "HC",
    "AIC",
    // Statistics symbols and units.
    "df",
    "max",
    "min",
];

/// Text outside tags, with entities decoded (enough for our own writers' HTML and SVG).
fn visible_text(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len() / 2);
    let mut rest = markup;
    // Drop style and script blocks whole.
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = &rest[i..];
        let end = if rest.starts_with("<style") {
            rest.find("</style>").map(|e| e + 8)
        } else if rest.starts_with("<script") {
            rest.find("</script>").map(|e| e + 9)
        } else {
            rest.find('>').map(|e| e + 1)
        };
        rest = &rest[end.unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// What `text` holds that a Chinese reader should not see: snake_case identifiers and English
/// words, once the allowed strings (names, headers, file names) are taken out; each with the
/// text around it.
fn offenders(text: &str, allowed: &[String]) -> Vec<(String, String)> {
    let mut t = text.to_string();
    for a in allowed {
        if !a.is_empty() {
            t = t.replace(a.as_str(), " ");
        }
    }
    let mut found = BTreeSet::new();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_alphabetic() || chars[i] == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let letters = word.trim_matches(|c: char| c.is_ascii_digit() || c == '_');
            let snake = word.contains('_') && word.chars().any(|c| c.is_ascii_lowercase());
            if snake || (letters.len() > 1 && !ALLOWED.contains(&letters)) {
                let context: String =
                    chars[start.saturating_sub(20)..(i + 20).min(chars.len())].iter().collect();
                found.insert((word, context.replace('\n', " ")));
            }
        } else {
            i += 1;
        }
    }
    found.into_iter().collect()
}

/// Names, ids and file names from the input (with `headers`, its column headers too): the
/// data's own words. Warnings locate a problem by its header.
fn data_words(a: &Analysis, headers: bool) -> Vec<String> {
    let r = &a.report;
    let mut words: Vec<String> = r.input.files.clone();
    if headers {
        words.extend(r.input.codebook.iter().map(|c| c.column.clone()));
    }
    for o in &r.capacity.organizations {
        words.extend([o.name.clone(), o.id.clone()]);
    }
    for rel in &r.network.relations {
        for n in &rel.nodes {
            words.extend([n.name.clone(), n.id.clone()]);
        }
    }
    for u in &r.network.unmatched {
        words.push(u.name.clone());
        words.extend(u.suggestion.clone());
    }
    for w in &r.input.warnings {
        words.extend(w.file.clone());
        words.extend(w.column.clone());
    }
    words.push(r.generator.clone());
    // Numbers are no words (and an id such as “7” must not cut a number apart).
    words.retain(|w| w.chars().any(|c| c.is_alphabetic()));
    // Longest first, so a name is removed before a shorter name inside it.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.dedup();
    words
}

/// Offending words by where they were found (the first context of each).
type Problems = std::collections::BTreeMap<(String, String), String>;

fn assert_clean(what: &str, text: &str, allowed: &[String], problems: &mut Problems) {
    for (word, context) in offenders(text, allowed) {
        problems.entry((what.to_string(), word)).or_insert(context);
    }
}

#[track_caller]
fn assert_none(problems: &Problems) {
    let list: Vec<String> =
        problems.iter().map(|((what, word), c)| format!("{what}: {word:?} in “{c}”")).collect();
    assert!(list.is_empty(), "{} problems:\n{}", list.len(), list.join("\n"));
}

fn demo() -> Analysis {
    run(&tongxing::demo::files(), &Options { layout: true, ..Options::default() }, &|| 0.0).expect("demo")
}

#[test]
fn the_demo_reads_in_chinese_without_keys_or_english() {
    let a = demo();
    let allowed = data_words(&a, false);
    let mut problems = Problems::new();
    for lang in [Lang::Zh, Lang::ZhHant] {
        for w in &a.report.input.warnings {
            assert_clean(
                &format!("{lang:?} warning {}", w.key),
                &labels::warning(&a.report, w, lang),
                &allowed,
                &mut problems,
            );
        }
        let charts = all_charts(&a, lang).expect("charts");
        for c in &charts {
            let what = format!("{lang:?} chart {}", c.id);
            assert_clean(&what, &c.title, &allowed, &mut problems);
            assert_clean(&what, &c.description, &allowed, &mut problems);
            assert_clean(&what, &c.headers.join(" | "), &allowed, &mut problems);
            for row in c.rows.iter() {
                assert_clean(&what, &row.join(" | "), &allowed, &mut problems);
            }
            assert_clean(&format!("{what} (drawn)"), &visible_text(&c.svg), &allowed, &mut problems);
        }
        let html = render_gallery(&a, &charts, lang);
        assert_clean(&format!("{lang:?} HTML report"), &visible_text(&html), &allowed, &mut problems);
        let profiles = Profiles::new(&a, lang);
        assert_clean(
            &format!("{lang:?} profiles"),
            &visible_text(&profiles.batch()),
            &allowed,
            &mut problems,
        );
    }
    assert_none(&problems);
}

#[test]
fn bad_inputs_read_in_chinese_without_keys_or_english() {
    let dir = data("bad");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/data/bad")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    let mut problems = Problems::new();
    let mut seen_errors = 0;
    for name in &names {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        let files = [InputFile { name: name.clone(), bytes, kind: None }];
        for lang in [Lang::Zh, Lang::ZhHant] {
            match run(&files, &Options::default(), &|| 0.0) {
                Err(e) => {
                    seen_errors += 1;
                    let m = e.user_message();
                    assert_clean(
                        &format!("{lang:?} {name} error {}", m.key),
                        &m.text(lang),
                        std::slice::from_ref(name),
                        &mut problems,
                    );
                }
                Ok(a) => {
                    let allowed = data_words(&a, true);
                    for w in &a.report.input.warnings {
                        let what = format!("{lang:?} {name} warning {}", w.key);
                        assert_clean(&what, &labels::warning(&a.report, w, lang), &allowed, &mut problems);
                    }
                }
            }
        }
    }
    assert!(seen_errors >= 12, "every error fixture was read ({seen_errors})");
    // Errors of the pipeline itself (no responses; a single-line file).
    for (name, bytes) in
        [("long.csv", "x".repeat(1000).into_bytes()), ("deep.json", "[".repeat(1000).into_bytes())]
    {
        let Err(e) = run(&[InputFile { name: name.into(), bytes, kind: None }], &Options::default(), &|| 0.0)
        else {
            panic!("{name}: expected an error");
        };
        for lang in [Lang::Zh, Lang::ZhHant] {
            let m = e.user_message();
            assert_clean(
                &format!("{lang:?} {name} error {}", m.key),
                &m.text(lang),
                &[name.to_string()],
                &mut problems,
            );
        }
    }
    assert_none(&problems);
}

/// Words of the input contract that a Chinese message quotes for the user to type (a header,
/// a codebook role, a command), by locale key.
const CONTRACT_WORDS: &[(&str, &[&str])] = &[
    ("action.language", &["English"]),
    ("guide.1", &["org_name", "name"]),
    ("guide.2", &["ks_1", "ks_2", "ks_3"]),
    ("guide.3", &["alias", "name"]),
    ("capacity.none", &["item", "dimension"]),
    (
        "warn.role_unknown",
        &["tie_item", "id", "name", "attribute", "numeric", "item", "multi", "roster", "text", "ignore"],
    ),
    ("warn.codebook_no_column", &["column"]),
    ("warn.ties_columns", &["source", "target"]),
    ("warn.intensity_missing", &["intensity"]),
    ("warn.aliases_columns", &["alias", "name"]),
    ("warn.invalid_answer", &["levels"]),
    ("warn.reverse_observed", &["scale_min", "scale_max"]),
    ("warn.no_name_column", &["org_name", "name"]),
    ("error.worker_crashed", &["tongxing", "analyze"]),
    ("change.empty", &["wave", "round"]),
    ("summary.labels_missing", &["dimension_label_zh", "label_zh"]),
];

#[test]
fn every_chinese_text_of_the_locale_files_is_free_of_keys_and_english() {
    let mut problems = Problems::new();
    for (lang, source) in &tongxing::i18n::SOURCES[1..] {
        let table: std::collections::BTreeMap<String, String> = serde_json::from_str(source).expect("locale");
        for (key, text) in &table {
            // Placeholders are filled with labels and data, checked above.
            let mut bare = String::new();
            for (i, part) in text.split('{').enumerate() {
                bare.push_str(if i == 0 { part } else { part.split_once('}').map_or(part, |p| p.1) });
                bare.push(' ');
            }
            let allowed: Vec<String> = CONTRACT_WORDS
                .iter()
                .filter(|(k, _)| k == key)
                .flat_map(|(_, words)| words.iter().map(|w| w.to_string()))
                .collect();
            assert_clean(&format!("{lang:?} {key}"), &bare, &allowed, &mut problems);
        }
    }
    assert_none(&problems);
}

#[test]
fn the_check_finds_keys_and_english_but_not_names() {
    let allowed = vec!["Green River 绿河".to_string(), "ks_1".to_string()];
    assert!(offenders("关系“knowledge_sharing”", &allowed).len() == 1);
    assert!(offenders("最高：Funding", &allowed).len() == 1);
    assert!(offenders("“Green River 绿河”与 ks_1、Cronbach's α、p = 0.05、n = 3、SVG", &allowed).is_empty());
}

/// Codebook columns `label_zh_hant` and `dimension_label_zh_hant` (the demo codebook has them):
/// zh-Hant shows them, zh the Simplified labels, and without them zh-Hant falls back to
/// `label_zh`.
#[test]
fn traditional_codebook_labels_show_in_zh_hant_and_fall_back_to_simplified() {
    use tongxing::labels::{column_label, dimension_label, item_label};
    let a = demo();
    let r = &a.report;
    assert_eq!(dimension_label(r, "knowledge_sharing", Lang::ZhHant), "知識分享");
    assert_eq!(dimension_label(r, "knowledge_sharing", Lang::Zh), "知识分享");
    assert_eq!(dimension_label(r, "knowledge_sharing", Lang::En), "Knowledge sharing");
    assert_eq!(column_label(r, "field", Lang::ZhHant), "服務領域");
    assert_eq!(column_label(r, "field", Lang::Zh), "服务领域");
    let item = r.capacity.dimensions[0].item_stats.iter().find(|i| i.column == "ks_1").expect("ks_1");
    assert_eq!(item_label(item, Lang::ZhHant), "我們定期與同行機構分享經驗");
    assert_eq!(item_label(item, Lang::Zh), "我们定期与同行机构分享经验");
    // The report and the charts in zh-Hant use them; in zh they do not.
    let charts = tongxing::charts::gallery::all_charts(&a, Lang::ZhHant).expect("charts");
    let hant = render_gallery(&a, &charts, Lang::ZhHant);
    assert!(hant.contains("知識分享") && hant.contains("可預期性與透明度"));
    assert!(charts.iter().find(|c| c.id == "means").expect("means").svg.contains("與政府的關係"));
    assert!(!render_gallery(&a, &[], Lang::Zh).contains("可預期性與透明度"));
    // The codebook written from the report carries them and reads back.
    let table = tongxing::export::codebook_table(&r.input.codebook, &r.capacity.dimensions);
    let mut warnings = Vec::new();
    let specs = tongxing::survey::codebook::parse(&table, &mut warnings);
    let ks1 = specs.iter().find(|c| c.column == "ks_1").expect("ks_1");
    assert_eq!(ks1.label_zh_hant.as_deref(), Some("我們定期與同行機構分享經驗"));
    assert_eq!(ks1.dimension_label_zh_hant.as_deref(), Some("知識分享"));
    // Without Traditional labels, zh-Hant shows the Simplified ones.
    let mut plain = demo();
    for d in plain.report.capacity.dimensions.iter_mut() {
        d.label_zh_hant = None;
    }
    for e in plain.report.input.codebook.iter_mut() {
        e.label_zh_hant = None;
    }
    assert_eq!(dimension_label(&plain.report, "knowledge_sharing", Lang::ZhHant), "知识分享");
    assert_eq!(column_label(&plain.report, "field", Lang::ZhHant), "服务领域");
}

/// Relation names (`relation_label_zh_hant`, else the roster question's `label_zh_hant`) and
/// tie-rating dimension labels (`tie_item` rows' `dimension_label_zh_hant`) show in zh-Hant too,
/// through the same choice as dimensions and items (`labels::pick`).
#[test]
fn traditional_relation_and_tie_dimension_labels_show_in_zh_hant() {
    use tongxing::i18n::t;
    use tongxing::labels::{relation_label, tie_dimension_label};
    let a = demo();
    let r = &a.report;
    assert_eq!(relation_label(r, "knowledge_sharing", Lang::ZhHant), "知識分享");
    assert_eq!(relation_label(r, "joint_projects", Lang::ZhHant), "合作專案");
    assert_eq!(relation_label(r, "joint_projects", Lang::Zh), "合作项目");
    assert_eq!(relation_label(r, "joint_projects", Lang::En), "Joint projects");
    assert_eq!(relation_label(r, "combined", Lang::ZhHant), t(Lang::ZhHant, "relation.combined"));
    // The network chart's title names the relation in Traditional characters.
    let charts = all_charts(&a, Lang::ZhHant).expect("charts");
    let title = format!("{}：{}", t(Lang::ZhHant, "chart.network_title"), "知識分享");
    assert!(charts.iter().any(|c| c.svg.contains(&title)), "no chart titled {title}");
    // The codebook written from the report carries them and reads back.
    let table = tongxing::export::codebook_table(&r.input.codebook, &r.capacity.dimensions);
    let specs = tongxing::survey::codebook::parse(&table, &mut Vec::new());
    let projects = specs.iter().find(|c| c.column == "projects_with").expect("projects_with");
    assert_eq!(projects.relation_label_zh_hant.as_deref(), Some("合作專案"));
    // Without them zh-Hant shows the Simplified name.
    let mut plain = demo();
    for rel in plain.report.network.relations.iter_mut() {
        rel.label_zh_hant = None;
    }
    assert_eq!(relation_label(&plain.report, "joint_projects", Lang::ZhHant), "合作项目");

    // A roster without `relation_label*` is named by its question's labels; tie-rating
    // dimensions by their `tie_item` rows' dimension labels (`trust_open` has no row: its
    // dimension `trust` takes the label of `trust_reliable`'s).
    let codebook = "column,role,label,label_zh,label_zh_hant,dimension,dimension_label,\
dimension_label_zh,dimension_label_zh_hant,scale_min,scale_max,levels,relation
partners,roster,Partners,合作伙伴,合作夥伴,,,,,,,,partners
trust_reliable,tie_item,Reliable,可靠,可靠,trust,Trust,信任,信任,1,5,,
value_resources,tie_item,Contributes resources,贡献资源,貢獻資源,value,Value,价值,價值,1,5,,
intensity,tie_item,Intensity,关系强度,關係強度,intensity,Intensity,关系强度,,1,4,知晓=1;合作=2;协调=3;整合=4,
";
    let read = |n: &str| std::fs::read_to_string(data(n)).expect("fixture");
    let (survey, ties) = (read("small_survey.csv"), read("ties_rated.csv"));
    let b = crate::util::analyze_texts(&[
        ("small_survey.csv", &survey),
        ("ties_rated.csv", &ties),
        ("codebook.csv", codebook),
    ]);
    let r = &b.report;
    assert_eq!(relation_label(r, "partners", Lang::ZhHant), "合作夥伴");
    assert_eq!(relation_label(r, "partners", Lang::Zh), "合作伙伴");
    assert_eq!(relation_label(r, "partners", Lang::En), "Partners");
    let collab = r.network.relations.iter().find(|x| x.key == "collab").expect("collab");
    let dim = |k: &str, l: Lang| {
        tie_dimension_label(collab.tie_dimensions.iter().find(|d| d.key == k).expect(k), l)
    };
    assert_eq!((dim("value", Lang::ZhHant), dim("value", Lang::Zh)), ("價值".into(), "价值".into()));
    assert_eq!(dim("value", Lang::En), "Value");
    assert_eq!(dim("trust", Lang::ZhHant), "信任");
    assert_eq!(dim("intensity", Lang::ZhHant), "关系强度", "a blank Traditional label falls back");
}

/// In Traditional Chinese as Taiwan writes it a table's row is 列 and its column 欄 (the
/// mainland's 行 and 列; 列 alone is a mainland column): no zh-Hant text speaks of a row as 行
/// or of a column as 列 in the phrases the Simplified source uses (`tools/zh_hant.py`,
/// TABLE_WORDS), and a cell is 儲存格.
#[test]
fn traditional_text_calls_a_row_lie_and_a_column_lan() {
    let source = tongxing::i18n::SOURCES.iter().find(|(l, _)| *l == Lang::ZhHant).expect("zh-Hant").1;
    let hant: std::collections::BTreeMap<String, String> = serde_json::from_str(source).expect("locale");
    let mainland = [
        // rows as 行
        "第 {row} 行",
        "該行",
        "本行",
        "兩行",
        "表頭行",
        "每行一個機構",
        "第一行",
        "按行",
        "行數",
        "行：",
        "{rows} 行",
        "一行。",
        "一行；",
        // columns as 列
        "」列",
        "{header} 列",
        "第 {n} 列",
        "列對映",
        "列的角色",
        "列標題",
        "（列）",
        "這些列",
        "此列",
        "列數",
        "列或",
        "列名",
        "加一列",
        "單元格",
    ];
    let allowed = ["讀取的答卷列數", "本列名稱"];
    let mut problems = Vec::new();
    for (key, text) in &hant {
        let mut rest = text.clone();
        for a in allowed {
            rest = rest.replace(a, "");
        }
        for m in mainland {
            if rest.contains(m) {
                problems.push(format!("{key}: {m} in {text}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    let t = |k: &str| tongxing::i18n::t(Lang::ZhHant, k);
    assert_eq!(t("warn.at_row"), "第 {row} 列");
    assert_eq!(t("warn.at_column"), "欄「{column}」");
    assert_eq!(t("chart.mixing_rows"), "列：發出方；欄：接收方");
    assert_eq!(t("workbook.row"), "列");
}

/// The demo's hand-written Traditional labels use Taiwan's words as the locale files do (網路,
/// 資料, 專案, 聯絡), not the mainland's (網絡, 數據, 項目, 聯繫) in Traditional characters.
#[test]
fn the_demos_traditional_labels_use_taiwan_words() {
    let a = demo();
    let r = &a.report;
    let mut labels: Vec<&str> = Vec::new();
    for c in &r.input.codebook {
        labels.extend(
            [&c.label_zh_hant, &c.dimension_label_zh_hant, &c.relation_label_zh_hant]
                .into_iter()
                .filter_map(|x| x.as_deref()),
        );
    }
    assert!(labels.len() > 25, "the demo's codebook has Traditional labels: {labels:?}");
    for l in &labels {
        for word in ["網絡", "數據", "項目", "信息", "聯繫", "質量", "視頻", "軟件", "募捐"]
        {
            assert!(!l.contains(word), "{word} in {l}");
        }
    }
    // The relation reads as the locale files name it.
    assert_eq!(
        tongxing::labels::relation_label(r, "joint_projects", Lang::ZhHant),
        tongxing::i18n::t(Lang::ZhHant, "relation.joint_projects")
    );
}

/// Placeholders an organization's name fills (`to` too in the suggestions' reasons).
const NAME_PLACEHOLDERS: &[&str] = &["name", "names", "org", "a", "b", "first", "suggestion"];

#[test]
fn chinese_templates_put_no_space_beside_a_name() {
    // "绿色未来中心与阳光助学社有…", not "绿色未来中心 与 阳光助学社 有…": Chinese sets no space
    // between words; between a Chinese name and a number it keeps the one the templates use.
    for (lang, source) in &tongxing::i18n::SOURCES[1..] {
        let table: std::collections::BTreeMap<String, String> = serde_json::from_str(source).expect("locale");
        for (key, text) in &table {
            let to: &[&str] = if key.starts_with("cultivate.") { &["to"] } else { &[] };
            for p in NAME_PLACEHOLDERS.iter().chain(to) {
                let spaced = text.contains(&format!(" {{{p}}}")) || text.contains(&format!("{{{p}}} "));
                assert!(!spaced, "{lang:?} {key}: a space beside {{{p}}}: {text}");
            }
        }
    }
    let a = demo();
    let rel = a.report.network.relations.iter().find(|r| r.suggestions.is_some()).unwrap();
    let s = rel.suggestions.as_ref().unwrap();
    let i = s.introductions.iter().find(|i| i.kind == "capacity").unwrap();
    let zh =
        tongxing::export::text::introduction_reason(i, rel, &a.report.capacity, tongxing::i18n::Lang::Zh);
    assert!(zh.starts_with(&format!("{}与{}有 ", i.to_name, i.name)), "{zh}");
    let en =
        tongxing::export::text::introduction_reason(i, rel, &a.report.capacity, tongxing::i18n::Lang::En);
    assert!(en.starts_with(&format!("{} scores ", i.to_name)), "{en}");
}
