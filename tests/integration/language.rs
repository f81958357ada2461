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
    "HITS",
    "NMI",
    "ARI",
    "EI",
    "CCDF",
    "CI",
    "SD",
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
        &["id", "name", "attribute", "numeric", "item", "multi", "roster", "text", "ignore"],
    ),
    ("warn.codebook_no_column", &["column"]),
    ("warn.ties_columns", &["source", "target"]),
    ("warn.aliases_columns", &["alias", "name"]),
    ("warn.invalid_answer", &["levels"]),
    ("warn.reverse_observed", &["scale_min", "scale_max"]),
    ("warn.no_name_column", &["org_name", "name"]),
    ("error.worker_crashed", &["tongxing", "analyze"]),
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
