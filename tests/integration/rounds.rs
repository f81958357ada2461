//! Survey rounds compared, against tests/data/rounds/expected.json (scipy `ttest_rel` and
//! `wilcoxon`, pingouin alpha for the RCI, tie sets counted in Python, networkx, scikit-learn
//! `adjusted_rand_score`), made by tests/data/rounds/make_rounds.py.

use serde_json::Value;
use tongxing::ingest::TableKind;
use tongxing::pipeline::{Analysis, InputFile, Options, SourceFile};
use tongxing::report::rounds::{Comparison, WavesReport};
use tongxing::stats::paired::{adjusted_rand, cohen_dz, paired_t, wilcoxon};

use crate::util::{assert_close, data};

fn expected() -> Value {
    let text = std::fs::read_to_string(data("rounds/expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("json")
}

fn file(name: &str, kind: Option<TableKind>) -> InputFile {
    InputFile {
        name: name.into(),
        bytes: std::fs::read(data(&format!("rounds/{name}"))).expect("fixture"),
        kind,
    }
}

/// Runs the rounds on fixture files: (file, round label) with the shared codebook and aliases.
fn run(files: &[(&str, Option<&str>)], options: &Options) -> Analysis {
    run_with(files, "codebook.csv", options)
}

/// The codebook without Chinese labels (nor any dimension label), as the sample's was.
const CODEBOOK_NO_ZH: &str = "codebook-no-zh.csv";

/// [`run`] with another codebook.
fn run_with(files: &[(&str, Option<&str>)], codebook: &str, options: &Options) -> Analysis {
    let mut inputs: Vec<InputFile> = files.iter().map(|(f, _)| file(f, Some(TableKind::Responses))).collect();
    let mut tags: Vec<Option<String>> = files.iter().map(|(_, t)| t.map(str::to_string)).collect();
    inputs.push(file(codebook, Some(TableKind::Codebook)));
    inputs.push(file("aliases.csv", Some(TableKind::Aliases)));
    tags.extend([None, None]);
    let sources: Vec<SourceFile> = inputs.iter().map(SourceFile::from).collect();
    tongxing::rounds::run_sources(&sources, &tags, options, &|| 0.0, &mut |_| {}).expect("analysis")
}

/// The fixture's canonical name of an organization (its aliases and spacing undone).
fn canon(name: &str) -> String {
    name.replace("阳光助学社（总部）", "阳光助学社").replace(' ', "")
}

/// The three-round sample in one file (a wave column), analysed.
pub fn long_sample() -> Analysis {
    run(&[("responses-long.csv", None)], &Options::default())
}

fn num(v: &Value) -> f64 {
    v.as_f64().expect("number")
}

fn sorted(names: &[String]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|n| canon(n)).collect();
    v.sort();
    v
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|s| s.as_str().expect("string").to_string()).collect()
}

/// One comparison against the Python reference.
fn check(c: &Comparison, e: &Value) {
    assert_eq!(sorted(&c.organizations.joined), strings(&e["joined"]));
    assert_eq!(sorted(&c.organizations.left), strings(&e["left"]));
    assert_eq!(sorted(&c.organizations.stayed), strings(&e["stayed"]));
    assert_eq!(c.capacity.dimensions.len(), 2);
    assert_eq!(c.capacity.organizations.len(), c.organizations.stayed.len());
    for d in &c.capacity.dimensions {
        let x = &e["dimensions"][&d.key];
        let (first, last) = (d.means[0].expect("mean"), d.means[d.means.len() - 1].expect("mean"));
        assert_close(first, num(&x["means"][0]), 1e-12);
        assert_close(last, num(&x["means"][1]), 1e-12);
        assert_eq!(d.n_paired as u64, x["n_paired"].as_u64().expect("n"));
        assert_close(d.change.expect("change"), num(&x["change"]), 1e-12);
        assert_close(d.t.expect("t"), num(&x["t"]), 1e-9);
        assert_close(d.t_p.expect("t_p"), num(&x["t_p"]), 1e-9);
        assert_close(d.wilcoxon_p.expect("wilcoxon"), num(&x["wilcoxon_p"]), 1e-9);
        assert_close(d.dz.expect("dz"), num(&x["dz"]), 1e-9);
        assert_close(d.rci_se.expect("rci se"), num(&x["rci_se"]), 1e-9);
    }
    for o in &c.capacity.organizations {
        for (key, ch) in &o.dimensions {
            let want = num(&e["organizations"][canon(&o.name)][key]);
            assert_close(ch.rci.expect("rci"), want, 1e-9);
            let label = if want > 1.96 {
                "improved"
            } else if want < -1.96 {
                "declined"
            } else {
                "unchanged"
            };
            assert_eq!(ch.reliable.as_deref(), Some(label), "{}", o.name);
        }
    }
    let r = &c.network[0];
    let n = &e["network"];
    assert_eq!(
        (r.ties_added, r.ties_dropped, r.ties_kept),
        (as_usize(&n["added"]), as_usize(&n["dropped"]), as_usize(&n["kept"]))
    );
    assert_close(r.jaccard.expect("jaccard"), num(&n["jaccard"]), 1e-12);
    let (first, last) =
        (r.per_wave[0].as_ref().expect("earlier"), r.per_wave[r.per_wave.len() - 1].as_ref().expect("later"));
    for (g, x) in [(first, &n["earlier"]), (last, &n["later"])] {
        assert_eq!((g.nodes, g.edges), (as_usize(&x["nodes"]), as_usize(&x["edges"])));
        assert_close(g.density.expect("density"), num(&x["density"]), 1e-12);
        assert_close(g.reciprocity.expect("reciprocity"), num(&x["reciprocity"]), 1e-12);
        assert_close(g.transitivity, num(&x["transitivity"]), 1e-12);
    }
    let want_density = num(&n["later"]["density"]) - num(&n["earlier"]["density"]);
    assert_close(r.density_change.expect("density change"), want_density, 1e-12);
    let both: Vec<_> = r.nodes.iter().filter(|x| x.in_degree.is_some()).collect();
    assert_eq!(both.len(), n["nodes"].as_object().expect("nodes").len());
    for x in both {
        let want = &n["nodes"][canon(&x.name)];
        assert_eq!(x.in_degree, want["in_degree"].as_i64(), "{}", x.name);
        assert_close(x.betweenness.expect("betweenness"), num(&want["betweenness"]), 1e-9);
    }
    // The contingency table counts the nodes in both rounds; its ARI is sklearn's formula on
    // the same labels (checked against sklearn values in `ari_matches_scikit_learn`).
    let total: usize = r.communities.counts.iter().flatten().sum();
    let (xs, ys): (Vec<usize>, Vec<usize>) =
        r.nodes.iter().filter_map(|x| x.community_per_wave[0].zip(x.community_per_wave[1])).unzip();
    assert_eq!(total, xs.len());
    assert_eq!(r.community_ari, adjusted_rand(&xs, &ys));
}

fn as_usize(v: &Value) -> usize {
    v.as_u64().expect("count") as usize
}

fn waves(a: &Analysis) -> &WavesReport {
    a.report.waves.as_ref().expect("waves section")
}

#[test]
fn long_format_rounds_match_scipy_and_networkx() {
    let a = long_sample();
    let w = waves(&a);
    assert_eq!(w.labels, ["2022", "2023", "2024"], "numeric labels sort as numbers");
    assert_eq!(w.column.as_deref(), Some("轮次"));
    let e = expected();
    check(&w.comparison, &e["long_first_last"]);
    assert_eq!(w.pairs.len(), 2);
    check(&w.pairs[0], &e["long_pairs"][0]);
    check(&w.pairs[1], &e["long_pairs"][1]);
    // The rest of the report is the latest round's.
    assert_eq!(a.report.capacity.organizations.len(), w.comparison.organizations.per_wave[2]);
    // Per-round arrays cover every round at the top level.
    assert_eq!(w.comparison.capacity.dimensions[0].means.len(), 3);
}

#[test]
fn one_file_per_round_matches_scipy_and_networkx() {
    let a = run(
        &[("responses-2024.csv", Some("2024")), ("responses-2023.csv", Some("2023"))],
        &Options::default(),
    );
    let w = waves(&a);
    assert_eq!(w.labels, ["2023", "2024"]);
    assert!(w.pairs.is_empty());
    check(&w.comparison, &expected()["files"]);
    let d = w.comparison.network[0].diagram.as_ref().expect("diagram");
    assert_eq!(d.names.len(), d.positions.len());
    // The workbook's sheets carry the same numbers (an undefined one an empty cell).
    let sheets = tongxing::export::workbook::results_sheets(&a, tongxing::i18n::Lang::Zh);
    let dims = sheets.iter().find(|x| x.name == "变化 · 维度").expect("sheet");
    assert_eq!(dims.table.n_rows(), 2);
    let t_col = dims.keys.iter().position(|k| k == "t").expect("t column");
    assert_eq!(dims.table.headers[t_col], "配对 t");
    let first = &w.comparison.capacity.dimensions[0];
    assert_eq!(dims.table.cell(0, t_col).parse::<f64>().ok(), first.t);
    for name in ["轮次", "变化 · 机构", "变化 · 网络"] {
        assert!(sheets.iter().any(|x| x.name == name), "missing sheet {name}");
    }
    // In Chinese no sheet name, header or word cell of the rounds is a snake_case key, and the
    // keys sheet maps every header to its key.
    let snake = |s: &str| {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|w| w.contains('_') && w.starts_with(|c: char| c.is_ascii_lowercase()))
    };
    let keys = &sheets.last().expect("keys sheet").table;
    for s in &sheets[..sheets.len() - 1] {
        assert!(!snake(&s.name), "{}", s.name);
        for (h, k) in s.table.headers.iter().zip(&s.keys) {
            assert!(!snake(h), "{}: header {h}", s.name);
            let mapped = (0..keys.n_rows()).any(|r| keys.row(r) == [s.name.as_str(), h.as_str(), k.as_str()]);
            assert!(mapped, "{}: {h} not in the keys sheet", s.name);
        }
    }
    let words: Vec<&str> = ["轮次", "变化 · 维度", "变化 · 机构"]
        .iter()
        .flat_map(|n| {
            let s = sheets.iter().find(|x| x.name == *n).expect("sheet");
            (0..s.table.n_rows()).flat_map(move |r| s.table.row(r))
        })
        .collect();
    for cell in words {
        assert!(!snake(cell) && !["joined", "stayed", "improved", "exact"].contains(&cell), "cell {cell}");
    }
    // Each feedback profile shows the organization's own change, and no other organization.
    let profiles = tongxing::export::profile::Profiles::new(&a, tongxing::i18n::Lang::Zh);
    let at = |name: &str| a.report.capacity.organizations.iter().position(|o| o.name == name).expect("org");
    let own = profiles.section(at("绿色未来中心"));
    assert!(own.contains("从 2023 到 2024 的变化"), "{own}");
    let change =
        &w.comparison.capacity.organizations.iter().find(|o| o.name == "绿色未来中心").expect("stayed");
    let k = &change.dimensions["knowledge"];
    assert_eq!(k.scores.len(), 2);
    assert!(own.contains(&format!("<td>{:.2}</td>", k.change.expect("change"))));
    assert!(!own.contains("河畔社区服务站"), "another organization's name");
    let joined = profiles.section(at("北辰妇女发展中心"));
    assert!(!joined.contains("从 2023 到 2024 的变化"), "one round only: no change");
    let count = |s: &str| d.ties.iter().filter(|t| t.2 == s).count();
    let r = &w.comparison.network[0];
    assert_eq!(
        (count("added"), count("dropped"), count("kept")),
        (r.ties_added, r.ties_dropped, r.ties_kept)
    );
}

#[test]
fn anonymized_rounds_hold_codes_only() {
    let options = Options { anonymize: Some(1), ..Options::default() };
    let a = run(&[("responses-2023.csv", Some("2023")), ("responses-2024.csv", Some("2024"))], &options);
    let json = serde_json::to_string(&a.report).expect("json");
    for name in ["绿色未来中心", "南岭生态研究所", "东湖水资源保护会"] {
        assert!(!json.contains(name), "{name} leaked");
    }
    let w = waves(&a);
    assert!(w.comparison.organizations.left.iter().all(|n| n.starts_with("ORG-") && n != "ORG-?"));
}

#[test]
fn an_organization_spelled_differently_with_the_same_id_is_listed_for_review() {
    let r1 = "org_id,name,k1\nA1,星火公益,3\nB2,同心家园,4\n";
    let r2 = "org_id,name,k1\nA1,星火公益发展中心,4\nB2,同心家园,4\nC3,同心家园站,2\n";
    let inputs = [
        InputFile { name: "a.csv".into(), bytes: r1.as_bytes().to_vec(), kind: None },
        InputFile { name: "b.csv".into(), bytes: r2.as_bytes().to_vec(), kind: None },
    ];
    let sources: Vec<SourceFile> = inputs.iter().map(SourceFile::from).collect();
    let tags = [Some("春".to_string()), Some("秋".to_string())];
    let a = tongxing::rounds::run_sources(&sources, &tags, &Options::default(), &|| 0.0, &mut |_| {})
        .expect("run");
    let w = waves(&a);
    assert_eq!(w.labels, ["春", "秋"], "labels that are not numbers keep their order");
    assert_eq!(w.comparison.organizations.stayed.len(), 2);
    assert_eq!(w.comparison.organizations.joined, ["同心家园站"]);
    let reasons: Vec<&str> = w.uncertain.iter().map(|u| u.reason.as_str()).collect();
    assert_eq!(reasons, ["same_id"]);
}

#[test]
fn paired_tests_match_scipy() {
    let e = expected();
    for (case, method) in [
        ("exact", "exact"),
        ("permutation", "permutation"),
        ("normal_ties", "normal"),
        ("normal_large", "normal"),
        ("exact_50", "exact"),
    ] {
        let x = &e["wilcoxon"][case];
        let d: Vec<f64> = x["d"].as_array().expect("d").iter().map(num).collect();
        let (p, m) = wilcoxon(&d).expect("p");
        assert_eq!(m.key(), method, "{case}");
        assert_close(p, num(&x["p"]), 1e-9);
    }
    let d: Vec<f64> = e["ttest"]["d"].as_array().expect("d").iter().map(num).collect();
    let t = paired_t(&d).expect("t");
    assert_close(t.t, num(&e["ttest"]["t"]), 1e-12);
    assert_close(t.p, num(&e["ttest"]["p"]), 1e-12);
    assert!(cohen_dz(&[1.0, 1.0]).is_none() && paired_t(&[2.0]).is_none() && wilcoxon(&[0.0, 0.0]).is_none());
}

#[test]
fn ari_matches_scikit_learn() {
    for case in expected()["ari"].as_array().expect("cases") {
        let labels =
            |k: &str| -> Vec<usize> { case[k].as_array().expect("labels").iter().map(as_usize).collect() };
        assert_close(adjusted_rand(&labels("a"), &labels("b")).expect("ari"), num(&case["ari"]), 1e-12);
    }
}

/// The page tags files by name before reading them: a ties file it took for a second round's
/// responses still adds its relation to the one round there is.
#[test]
fn a_ties_file_tagged_as_a_round_without_responses_is_shared() {
    let responses = "org_id,name,k1\nA1,星火公益,3\nB2,同心家园,4\n";
    let ties = "source,target\n星火公益,同心家园\n";
    let inputs = [
        InputFile { name: "a.csv".into(), bytes: responses.as_bytes().to_vec(), kind: None },
        InputFile { name: "links.csv".into(), bytes: ties.as_bytes().to_vec(), kind: None },
    ];
    let sources: Vec<SourceFile> = inputs.iter().map(SourceFile::from).collect();
    let tags = [Some("1".to_string()), Some("2".to_string())];
    let a = tongxing::rounds::run_sources(&sources, &tags, &Options::default(), &|| 0.0, &mut |_| {})
        .expect("run");
    assert!(a.report.waves.is_none(), "one round");
    let keys: Vec<&str> = a.report.network.relations.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["tie"], "the ties file's relation");
}

/// A round's own findings name their round: the walkthrough met a low alpha of 2023 in the
/// notes beside the overview's alpha of 2024, with nothing saying which was which.
#[test]
fn every_finding_of_a_round_names_its_round() {
    let a = run(
        &[("responses-2023.csv", Some("2023")), ("responses-2024.csv", Some("2024"))],
        &Options::default(),
    );
    let warnings = &a.report.input.warnings;
    assert!(warnings.iter().all(|w| w.file.is_some()), "{warnings:#?}");
    for label in ["2023", "2024"] {
        assert!(
            warnings.iter().any(|w| w.file.as_deref() == Some(label)),
            "no finding of {label}: {warnings:#?}"
        );
    }
}

/// The HTML report's section on the rounds, from the report's `<section data-section="change">`.
fn change_section(a: &Analysis, lang: tongxing::i18n::Lang) -> String {
    let html = tongxing::export::html::render_gallery(a, &[], lang);
    let start = html.find("<section data-section=\"change\">").expect("a change section");
    let end = start + html[start..].find("</section>").expect("section end");
    html[start..end].to_string()
}

#[test]
fn the_html_report_writes_the_rounds_in_words_and_tables_in_zh_and_en() {
    use tongxing::i18n::{Lang, t, tf};
    use tongxing::markup::escape;
    let mut a = long_sample();
    let e = expected();
    let first_last = &e["long_first_last"];
    // Reliable change from the Python reference's RCIs: organizations beyond ±1.96 either way.
    let rcis = first_last["organizations"].as_object().expect("organizations");
    let count = |f: &dyn Fn(f64) -> bool| {
        rcis.values().filter(|o| o.as_object().expect("dims").values().any(|v| f(num(v)))).count()
    };
    let (improved, declined) = (count(&|x| x > 1.96), count(&|x| x < -1.96));
    assert!(improved > 0, "the fixture has reliable improvements");
    for lang in [Lang::Zh, Lang::En] {
        let s = change_section(&a, lang);
        assert!(s.contains(&escape(&t(lang, "change.title"))), "{lang:?}");
        // Joined, left and stayed, with names.
        for name in strings(&first_last["joined"]) {
            assert!(s.contains(&name) || s.contains(&canon(&name)), "{name} joined");
        }
        // The dimensions' paired tests (scipy values as the report rounds them).
        let k = &first_last["dimensions"]["knowledge"];
        for (v, digits) in
            [(num(&k["t"]), 2), (num(&k["t_p"]), 3), (num(&k["wilcoxon_p"]), 3), (num(&k["dz"]), 2)]
        {
            let shown = tongxing::report::format::num(Some(v), digits, lang);
            assert!(s.contains(&format!(">{shown}</td>")), "{lang:?}: {shown} for {v}");
        }
        assert!(s.contains(">+1.00</td>"), "the mean paired change with its sign");
        // Reliable change, counted as the reference counts it.
        let n = first_last["stayed"].as_array().expect("stayed").len().to_string();
        let said = tf(
            lang,
            "change.reliable_counts",
            &[("n", n), ("improved", improved.to_string()), ("declined", declined.to_string())],
        );
        assert!(s.contains(&escape(&said)), "{lang:?}: {said}");
        // Ties added, dropped and kept, and the Jaccard similarity (hand-counted in Python).
        let net = &first_last["network"];
        let row = format!(
            ">{}</td><td class=\"n\" data-label=\"{}\">{}</td><td class=\"n\" data-label=\"{}\">{}</td>",
            net["added"],
            escape(&t(lang, "change.ties_dropped")),
            net["dropped"],
            escape(&t(lang, "change.ties_kept")),
            net["kept"]
        );
        assert!(s.contains(&row), "{lang:?}: {row}");
        assert!(s.contains(&format!(
            ">{}</td>",
            tongxing::report::format::num(Some(num(&net["jaccard"])), 2, lang)
        )));
        // Three rounds: the skipped middle round is named, and each consecutive pair has a row.
        assert!(s.contains(&escape(&t(lang, "change.pairs_title"))));
        assert!(s.contains(">2022 → 2023</td>") && s.contains(">2023 → 2024</td>"), "{lang:?}");
        let skipped = tf(
            lang,
            "change.skipped",
            &[
                ("from", "2022".into()),
                ("to", "2024".into()),
                ("skipped", "2023".into()),
                ("n", "1".into()),
                ("section", t(lang, "change.pairs_title")),
            ],
        );
        assert!(s.contains(&escape(&skipped)), "{lang:?}");
        // The page links only the section's name: the note in three parts around it.
        let w = a.report.waves.as_ref().expect("waves");
        let parts = tongxing::export::change_tables::skipped_note_parts(w, lang).expect("three rounds");
        assert_eq!(parts.section, t(lang, "change.pairs_title"));
        assert_eq!(format!("{}{}{}", parts.before, parts.section, parts.after), skipped, "{lang:?}");
        assert!(parts.before.contains("2023") && !parts.before.contains(&parts.section), "{lang:?}");
    }
    assert!(change_section(&a, Lang::Zh).contains("新加入"));
    // Names are escaped.
    let w = a.report.waves.as_mut().expect("waves");
    w.comparison.organizations.joined[0] = "<b>A&B</b>".into();
    for o in w.comparison.capacity.organizations.iter_mut() {
        o.name = "<i>x</i>".into();
    }
    let s = change_section(&a, Lang::En);
    assert!(s.contains("&lt;b&gt;A&amp;B&lt;/b&gt;") && !s.contains("<b>A&B"));
    assert!(s.contains("&lt;i&gt;x&lt;/i&gt;") && !s.contains("<i>x</i>"), "the reliable-change table");
}

#[test]
fn without_rounds_the_html_report_has_no_change_section() {
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).expect("demo");
    let html = tongxing::export::html::render_gallery(&a, &[], tongxing::i18n::Lang::Zh);
    assert!(!html.contains("data-section=\"change\""));
}

/// A codebook that gives its dimensions no labels (`knowledge`, `governance`): the
/// change view, its charts, the HTML report and the findings show them as words, as the page
/// shows relations without labels, and a Chinese sentence sets such a label in quotes (the
/// walkthrough read “governance是…”).
#[test]
fn dimensions_without_labels_read_as_words_and_chinese_sentences_quote_them() {
    use tongxing::i18n::Lang;
    let a = run_with(&[("responses-long.csv", None)], CODEBOOK_NO_ZH, &Options::default());
    let w = a.report.waves.as_ref().expect("waves");
    let dims = &w.comparison.capacity.dimensions;
    assert!(
        dims.iter().any(|d| d.key == "governance" && d.label == "governance"),
        "no label in the codebook"
    );
    for lang in [Lang::Zh, Lang::ZhHant, Lang::En] {
        let names: Vec<String> =
            dims.iter().map(|d| tongxing::charts::rounds::dimension_label(d, lang)).collect();
        assert!(names.contains(&"Governance".to_string()), "{lang:?}: {names:?}");
        assert_eq!(tongxing::labels::dimension_label(&a.report, "knowledge", lang), "Knowledge");
        let section = change_section(&a, lang);
        assert!(!section.contains(">governance<") && !section.contains("governance："), "{lang:?}");
        let said: Vec<String> =
            tongxing::findings::change(&a.report).iter().map(|f| f.text(&a.report, lang)).collect();
        let said = said.join(" ");
        assert!(!said.contains("governance") && !said.contains("knowledge"), "{lang:?}: {said}");
    }
    assert_eq!(tongxing::labels::humanize("knowledge_sharing"), "Knowledge sharing");
    assert_eq!(tongxing::labels::humanize("资金"), "资金");
}

/// In Chinese a label from the data (a dimension, an attribute, a model's variables) stands in
/// quotes in a sentence, so a Latin label does not run into the characters around it.
#[test]
fn chinese_sentences_quote_the_labels_they_name() {
    for (lang, source) in &tongxing::i18n::SOURCES[1..] {
        let table: std::collections::BTreeMap<String, String> = serde_json::from_str(source).expect("locale");
        for (key, text) in &table {
            if !["finding.", "change.", "model."].iter().any(|p| key.starts_with(p)) {
                continue;
            }
            for name in ["{dimension}", "{attribute}", "{x}", "{y}", "{through}", "{outcome}", "{term}"] {
                for (at, _) in text.match_indices(name) {
                    let before = text[..at].chars().next_back();
                    let after = text[at + name.len()..].chars().next();
                    let cjk = |c: Option<char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                    assert!(
                        !cjk(before) && !cjk(after),
                        "{lang:?} {key}: {name} touches a character: {text}"
                    );
                }
            }
        }
    }
}

/// The tie-change diagram names organizations (the walkthrough found only dots): those whose
/// ties changed most, counted here from the diagram's ties, each name at most once.
#[test]
fn the_tie_change_diagram_names_the_organizations_whose_ties_changed() {
    use tongxing::i18n::Lang;
    let a = long_sample();
    let w = a.report.waves.as_ref().expect("waves");
    let rel = &w.comparison.network[0];
    let d = rel.diagram.as_ref().expect("a diagram");
    let changed = |i: usize| {
        d.ties
            .iter()
            .filter(|(u, v, s)| (*u as usize == i || *v as usize == i) && s != "kept" && s != "other")
            .count()
    };
    let most = (0..d.names.len()).map(changed).max().expect("nodes");
    assert!(most > 0, "the fixture's ties change");
    let chosen = tongxing::charts::rounds::labelled(d);
    assert!(!chosen.is_empty() && chosen.len() <= 8);
    assert_eq!(changed(chosen[0]), most, "the most changed first");
    assert!(chosen.windows(2).all(|p| changed(p[0]) >= changed(p[1])));
    let (svg, _) = tongxing::charts::rounds::ties(w, rel, "tie", Lang::Zh).expect("drawn").expect("a chart");
    let shown: Vec<&String> = d
        .names
        .iter()
        .filter(|n| svg.contains(&format!(">{}</text>", tongxing::markup::escape(n))))
        .collect();
    assert!(!shown.is_empty() && shown.len() <= 8, "{shown:?}");
    assert!(shown.contains(&&d.names[chosen[0]]), "the most changed is named: {shown:?}");
}

/// The overview's sentence on the network's change gives its size in the first and last round
/// before the ties among organizations in both (which alone read as a network that shrank).
#[test]
fn the_network_change_sentence_gives_each_rounds_size() {
    use tongxing::findings::{Kind, findings};
    use tongxing::i18n::Lang;
    let a = long_sample();
    let w = a.report.waves.as_ref().expect("waves");
    let f =
        findings(&a.report).into_iter().find(|f| f.kind == Kind::ChangeNetwork).expect("a network change");
    let Some(tongxing::findings::Value::Relation(key)) = f.arg("relation") else { panic!("a relation") };
    let rel = w.comparison.network.iter().find(|r| &r.relation == key).expect("the relation's change");
    let (first, last) = (
        rel.per_wave[0].as_ref().expect("first"),
        rel.per_wave.last().and_then(Option::as_ref).expect("last"),
    );
    let en = f.text(&a.report, Lang::En);
    let size = format!(
        "from {} organizations and {} ties to {} organizations and {} ties",
        first.nodes, first.edges, last.nodes, last.edges
    );
    assert!(en.contains(&size), "{en}");
    let zh = f.text(&a.report, Lang::Zh);
    assert!(
        zh.contains(&format!(
            "从 {} 家机构、{} 条关系变为 {} 家机构、{} 条关系",
            first.nodes, first.edges, last.nodes, last.edges
        )),
        "{zh}"
    );
}

/// The paired change and the rounds' means cover different organizations when some joined or
/// left, and the sentence says which each covers and why they differ (the walkthrough read
/// +0.75 beside means 0.65 apart with nothing saying why); the tables lead with words, the
/// tests and their jargon folded away. Numbers from scipy (`expected.json`, `files`).
#[test]
fn the_capacity_change_says_which_organizations_each_number_covers() {
    use tongxing::export::change_tables as ct;
    use tongxing::findings::{Kind, change};
    use tongxing::i18n::{Lang, t};
    use tongxing::report::format::percent;
    let a = run(
        &[("responses-2023.csv", Some("2023")), ("responses-2024.csv", Some("2024"))],
        &Options::default(),
    );
    let e = &expected()["files"];
    let k = &e["dimensions"]["knowledge"];
    let (m0, m1) = (num(&k["means"][0]), num(&k["means"][1]));
    let (n, d) = (k["n_paired"].as_u64().expect("n"), num(&k["change"]));
    assert!(num(&k["t_p"]) < 0.05 && (d - (m1 - m0)).abs() > 0.05, "the fixture's two numbers differ");
    let f = change(&a.report).into_iter().find(|f| f.kind == Kind::ChangeCapacity).expect("capacity change");
    let zh = f.text(&a.report, Lang::Zh);
    for part in [
        format!("在两轮都参加的 {n} 家机构中"),
        format!("平均变化 +{d:.2} 分，变化明显"),
        format!("各轮全部机构的平均分从 {m0:.2} 变为 {m1:.2}，相差 +{:.2}", m1 - m0),
        "因为两轮的机构不完全相同".to_string(),
    ] {
        assert!(zh.contains(&part), "{part} not in: {zh}");
    }
    let en = f.text(&a.report, Lang::En);
    assert!(en.contains(&format!("Among the {n} organizations in both rounds")), "{en}");
    assert!(en.contains(&format!("went from {m0:.2} to {m1:.2}, +{:.2}", m1 - m0)), "{en}");
    // The dimensions table: each round's mean over all its organizations, the paired change and
    // its verdict in words; no test statistic's name in its headers.
    let w = waves(&a);
    for lang in [Lang::Zh, Lang::ZhHant, Lang::En] {
        let x = ct::dimensions(w, lang);
        let jargon = ["Wilcoxon", "Cohen", "RCI", "Jaccard", "ARI", " t", "p（", "p ("];
        assert!(!x.headers.iter().any(|h| jargon.iter().any(|j| h.contains(j))), "{lang:?}: {:?}", x.headers);
        // The sample codebook's labels in the page's language.
        let (knowledge, governance) =
            if lang == Lang::En { ("Knowledge sharing", "Governance") } else { ("知识分享", "治理") };
        let row = x.rows.iter().find(|r| r[0] == knowledge).expect("knowledge row");
        let shown = |v: f64| tongxing::report::format::num(Some(v), 2, lang);
        assert_eq!(
            row[1..],
            [shown(m0), shown(m1), n.to_string(), format!("+{}", shown(d)), t(lang, "change.clear_yes")]
        );
        let gov = x.rows.iter().find(|r| r[0] == governance).expect("governance row");
        assert_eq!(gov.last(), Some(&t(lang, "change.clear_no")), "p = 0.096");
        // The tests, by name, in the fold.
        let tests = ct::dimension_tests(w, lang);
        assert!(
            tests.headers.iter().any(|h| h.contains("Wilcoxon"))
                && tests.headers.iter().any(|h| h.contains("Cohen"))
        );
        // Ties: the share of the earlier round's ties kept (the lead's share, counted in
        // Python: kept / (kept + dropped)), and the communities in words; the Jaccard similarity
        // and ARI by name in the fold.
        let ties = ct::ties(&a.report, w, lang);
        let rel = &w.comparison.network[0];
        let jaccard = num(&e["network"]["jaccard"]);
        let (kept, dropped) = (num(&e["network"]["kept"]), num(&e["network"]["dropped"]));
        assert_eq!(ties.rows[0][4], percent(Some(kept / (kept + dropped)), lang));
        assert_eq!(ties.rows[0][5], t(lang, tongxing::labels::community_change_key(rel.community_ari)));
        assert!(
            !ties.headers.iter().any(|h| h.contains("Jaccard") || h.contains("ARI")),
            "{:?}",
            ties.headers
        );
        let details = ct::ties_details(&a.report, w, lang);
        assert_eq!(details.rows[0][1], tongxing::report::format::num(Some(jaccard), 2, lang));
    }
    assert_eq!(percent(Some(num(&e["network"]["jaccard"])), Lang::Zh), "14.9%");
    // Rounds of the same organizations: the paired change is the whole story.
    let same = "轮次,org_name,k_1,k_2\n1,A,1,2\n1,B,2,3\n1,C,3,3\n2,A,2,3\n2,B,3,4\n2,C,3,4\n";
    let file = InputFile { name: "long.csv".into(), bytes: same.as_bytes().to_vec(), kind: None };
    let b = tongxing::rounds::run_sources(
        &[SourceFile::from(&file)],
        &[None],
        &Options::default(),
        &|| 0.0,
        &mut |_| {},
    )
    .expect("analysis");
    let f = change(&b.report).into_iter().find(|f| f.kind == Kind::ChangeCapacity).expect("capacity change");
    let zh = f.text(&b.report, Lang::Zh);
    assert!(zh.starts_with("在两轮都参加的 3 家机构中") && !zh.contains("不完全相同"), "{zh}");
}

/// The Change view leads with one plain sentence of the answer, and warns where a dimension's
/// items hang together poorly in a compared round (the walkthrough: a dense paragraph first on
/// a phone; governance's α of 0.11 in 2023 unmentioned beside its change). The α here are
/// Cronbach's formula worked by hand on the fixture's two items per dimension (Python's
/// `statistics.variance`): knowledge 0.788124 → 0.874598, governance 0.113314 → 0.688596.
#[test]
fn the_change_view_leads_with_the_answer_and_warns_of_low_alpha() {
    use tongxing::export::change_text::{LOW_ALPHA, lead, low_reliability};
    use tongxing::i18n::Lang;
    let a = run(
        &[("responses-2023.csv", Some("2023")), ("responses-2024.csv", Some("2024"))],
        &Options::default(),
    );
    let w = waves(&a);
    let alphas = |key: &str| {
        let d = w.comparison.capacity.dimensions.iter().find(|d| d.key == key).expect("dimension");
        d.alphas.iter().map(|x| x.expect("alpha")).collect::<Vec<f64>>()
    };
    let (k, g) = (alphas("knowledge"), alphas("governance"));
    assert_eq!((k.len(), g.len()), (2, 2));
    for (got, want) in k.iter().chain(&g).zip([
        0.7881241565452091,
        0.8745980707395498,
        0.11331444759206799,
        0.6885964912280702,
    ]) {
        assert_close(*got, want, 1e-9);
    }
    // Only governance is below the line, in 2023; both rounds' α are named.
    assert!(g[0] < LOW_ALPHA && k.iter().chain(&g[1..]).all(|a| *a >= LOW_ALPHA));
    assert_eq!(
        low_reliability(w, Lang::Zh),
        vec!["“治理”的题目一致性低（2023 α = 0.11，2024 α = 0.69），变化数字仅供参考。".to_string()]
    );
    assert_eq!(
        low_reliability(w, Lang::En),
        vec!["The items of “Governance” hang together poorly (2023 α = 0.11, 2024 α = 0.69): its change is only indicative.".to_string()]
    );
    assert_eq!(low_reliability(w, Lang::ZhHant).len(), 1);
    // The answer: the dimension that changed most (knowledge, +0.75 from scipy) and the share
    // of the earlier round's ties kept among organizations in both rounds (counted in Python).
    let e = &expected()["files"];
    let d = num(&e["dimensions"]["knowledge"]["change"]);
    let (kept, dropped) =
        (e["network"]["kept"].as_u64().expect("kept"), e["network"]["dropped"].as_u64().expect("dropped"));
    let share = tongxing::report::format::percent(Some(kept as f64 / (kept + dropped) as f64), Lang::Zh);
    let zh = lead(&a.report, w, Lang::Zh).expect("lead");
    let relation = tongxing::labels::relation_label(&a.report, &w.comparison.network[0].relation, Lang::Zh);
    assert_eq!(
        zh,
        format!(
            "2023 → 2024：能力变化最大的是“知识分享”，平均提高 {d:.2}；“{relation}”关系：较早一轮的 {} 条（两轮都参加的机构之间）保留了 {kept} 条（{share}）。",
            kept + dropped
        )
    );
    let en = lead(&a.report, w, Lang::En).expect("lead");
    assert!(
        en.starts_with(&format!(
            "2023 → 2024: capacity changed most in “Knowledge sharing”, up {d:.2} on average; "
        )),
        "{en}"
    );
    // The HTML report leads its rounds section with the same sentence, and warns of the same
    // low α above the dimensions' table.
    for (lang, said) in [(Lang::Zh, &zh), (Lang::En, &en)] {
        let s = change_section(&a, lang);
        let dims = s.find(&tongxing::markup::escape(&tongxing::i18n::t(lang, "change.dimensions_title")));
        let lead_at =
            s.find(&format!("<p class=\"lead\"><strong>{}</strong></p>", tongxing::markup::escape(said)));
        assert!(
            lead_at.is_some_and(|i| dims.is_some_and(|d| i < d)),
            "{lang:?}: no lead before the dimensions"
        );
        let warning = tongxing::markup::escape(&low_reliability(w, lang)[0]);
        let warned = s.find(&format!("<ul class=\"warn\"><li>{warning}</li></ul>"));
        assert!(warned.is_some_and(|i| dims.is_some_and(|d| i > d)), "{lang:?}: {warning}");
    }
    assert!(change_section(&a, Lang::Zh).contains("“治理”的题目一致性低（2023 α = 0.11，2024 α = 0.69）"));
    // The overview's findings on the rounds open the Change view at their answer.
    use tongxing::findings::anchor;
    let anchors: Vec<Option<String>> =
        tongxing::findings::change(&a.report).into_iter().map(|f| f.anchor).collect();
    let want = [anchor::CHANGE_MEMBERS, anchor::CHANGE_CAPACITY, anchor::CHANGE_NETWORK];
    assert_eq!(anchors, want.map(|x| Some(x.to_string())));
}

#[test]
fn an_organizations_own_change_is_its_scores_and_ties_in_each_round() {
    use tongxing::organization::own_change;
    let a = run(
        &[("responses-2023.csv", Some("2023")), ("responses-2024.csv", Some("2024"))],
        &Options::default(),
    );
    let r = &a.report;
    // 绿色未来中心, by hand from the two files: knowledge (k1 + k2) / 2 = 2.5 and 2.5,
    // governance (g1 + g2) / 2 = 2 and 3.
    let c = own_change(r, "绿色未来中心").expect("in the rounds");
    assert!(c.in_both);
    assert_eq!((c.labels[c.from].as_str(), c.labels[c.to].as_str()), ("2023", "2024"));
    let o = c.capacity.expect("scored in both");
    let k = &o.dimensions["knowledge"];
    assert_eq!((k.scores.clone(), k.change), (vec![Some(2.5), Some(2.5)], Some(0.0)));
    let g = &o.dimensions["governance"];
    assert_eq!((g.scores.clone(), g.change), (vec![Some(2.0), Some(3.0)], Some(1.0)));
    assert_close(o.change.unwrap(), o.index[1].unwrap() - o.index[0].unwrap(), 1e-9);
    // Ties either way with organizations that answered both rounds (社区基金会 never answered;
    // 北辰妇女发展中心 and 东湖水资源保护会 answered only 2024): 2023 阳光助学社, 乐龄长者服务社,
    // 河畔社区服务站; 2024 阳光助学社, 晨曦助残中心, 和光社工事务所.
    let ties = &c.relations[0];
    let names = |v: &[&str]| sorted(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert!(ties.ties_known);
    assert_eq!(names(&ties.added), names(&["和光社工事务所", "晨曦助残中心"]));
    assert_eq!(names(&ties.dropped), names(&["乐龄长者服务社", "河畔社区服务站"]));
    // Named by 河畔社区服务站 in 2023 and by 东湖水资源保护会 in 2024.
    assert_eq!(ties.node.unwrap().in_degree_per_wave, vec![Some(1), Some(1)]);
    // New in 2024: answered one round only.
    let new = own_change(r, "北辰妇女发展中心").expect("in the later round");
    assert!(!new.in_both && new.capacity.is_none());
    assert!(own_change(r, "no such organization").is_none());
    // One round: nothing to say.
    let one = run(&[("responses-2024.csv", None)], &Options::default());
    assert!(own_change(&one.report, "绿色未来中心").is_none());
}

#[test]
fn a_codebook_without_chinese_dimension_labels_is_noted_once_with_its_count() {
    use tongxing::i18n::Lang;
    use tongxing::labels::missing_labels;
    // This codebook names its dimensions (knowledge, governance) with no label in any
    // language: the Chinese page shows their keys in words, and says so once.
    let a = run_with(&[("responses-2024.csv", None)], CODEBOOK_NO_ZH, &Options::default());
    let m = missing_labels(&a.report, Lang::Zh).expect("two dimensions without Chinese labels");
    assert_eq!((m.count, m.examples.clone()), (2, vec!["Governance".to_string(), "Knowledge".to_string()]));
    assert_eq!(missing_labels(&a.report, Lang::ZhHant).map(|m| m.count), Some(2));
    // In English the keys read as English words; every row has its English label.
    assert_eq!(missing_labels(&a.report, Lang::En), None);
    // The shipped sample's codebook and the demo's have both languages.
    let sample = run(&[("responses-2024.csv", None)], &Options::default());
    assert_eq!(missing_labels(&sample.report, Lang::Zh), None);
    assert_eq!(tongxing::labels::dimension_label(&sample.report, "knowledge", Lang::Zh), "知识分享");
    assert_eq!(tongxing::labels::dimension_label(&sample.report, "governance", Lang::ZhHant), "治理");
    assert_eq!(tongxing::labels::dimension_label(&sample.report, "knowledge", Lang::En), "Knowledge sharing");
    let demo = tongxing::pipeline::run(&tongxing::demo::files(), &Options::default(), &|| 0.0).unwrap();
    assert_eq!(missing_labels(&demo.report, Lang::Zh), None);
    assert_eq!(missing_labels(&demo.report, Lang::En), None);
}

/// aliases.csv maps 阳光助学社（总部） to 阳光助学社, which the 2024 round uses for the
/// respondent itself and for partners: every name the report shows is the canonical one, in
/// the latest round (organizations, network nodes, suggestions) and in the comparison.
#[test]
fn an_alias_spelling_is_shown_under_the_name_the_aliases_file_gives() {
    let mut a = run(
        &[("responses-2023.csv", Some("2023")), ("responses-2024.csv", Some("2024"))],
        &Options::default(),
    );
    let (alias, name) = ("阳光助学社（总部）", "阳光助学社");
    assert!(a.report.network.aliases.iter().any(|x| x.alias == alias && x.name == name));
    assert!(a.report.capacity.organizations.iter().any(|o| o.name == name));
    let nodes = &a.report.network.relations[0].nodes;
    assert!(nodes.iter().any(|n| n.name == name && n.respondent));
    assert!(waves(&a).comparison.organizations.stayed.iter().any(|n| n == name));
    // Outside the list of aliases applied (which writes the alias as given), no trace of it.
    a.report.network.aliases.clear();
    let json = serde_json::to_string(&a.report).expect("json");
    assert!(
        !json.contains(alias),
        "alias spelling shown: {}",
        &json[json.find(alias).unwrap_or(0).saturating_sub(300)..][..600.min(json.len())]
    );
}

/// The Change view's answer and its tie table give one share of ties kept, with its
/// denominator (the earlier round's ties among organizations in both rounds: 28 of 2023's 30),
/// and a plain sentence says whether the community grew (networkx on the fixture: 15 → 17
/// organizations, 30 → 47 ties; 7 kept, 21 dropped).
#[test]
fn the_change_view_gives_one_share_of_ties_kept_and_says_whether_the_community_grew() {
    use tongxing::export::change_text::{growth, lead, ties_scope};
    use tongxing::i18n::Lang;
    let a = run(
        &[("responses-2023.csv", Some("2023")), ("responses-2024.csv", Some("2024"))],
        &Options::default(),
    );
    let w = waves(&a);
    let e = &expected()["files"]["network"];
    let rel = &w.comparison.network[0];
    let (kept, dropped) = (as_usize(&e["kept"]), as_usize(&e["dropped"]));
    assert_eq!((rel.ties_kept, rel.ties_dropped), (kept, dropped));
    assert_eq!(rel.kept_share(), Some(7.0 / 28.0));
    // The table's share column is the lead's share, 25.0%, not the Jaccard index (14.9%).
    let ties = tongxing::export::change_tables::ties(&a.report, w, Lang::Zh);
    let col = ties.headers.iter().position(|h| h == "较早一轮的关系保留比例").expect("share column");
    assert_eq!(ties.rows[0][col], "25.0%");
    assert!(
        lead(&a.report, w, Lang::Zh)
            .expect("lead")
            .contains("较早一轮的 28 条（两轮都参加的机构之间）保留了 7 条（25.0%）")
    );
    let relation = tongxing::labels::relation_label(&a.report, &rel.relation, Lang::Zh);
    assert_eq!(
        ties_scope(rel, w, Lang::Zh).expect("scope"),
        format!(
            "新增、中断、保持和保留比例只计两轮都参加的机构之间的关系：2023 的 {} 条关系中有 28 条在这些机构之间，其余的涉及未在两轮都作答的机构。",
            as_usize(&e["earlier"]["edges"])
        )
    );
    let (n0, n1) = (as_usize(&e["earlier"]["nodes"]), as_usize(&e["later"]["nodes"]));
    let (e0, e1) = (as_usize(&e["earlier"]["edges"]), as_usize(&e["later"]["edges"]));
    assert_eq!((n0, e0, n1, e1), (15, 30, 17, 47));
    assert_eq!(
        growth(&a.report, w, Lang::Zh).expect("growth"),
        format!(
            "社群在扩大：“{relation}”网络中的机构（含被提名但未参与调查的）从 {n0} 家增至 {n1} 家，关系从 {e0} 条增至 {e1} 条。"
        )
    );
    let en = growth(&a.report, w, Lang::En).expect("growth");
    assert!(
        en.starts_with("The community grew: ")
            && en.ends_with("from 15 to 17 organizations (counting partners named but not surveyed) and from 30 to 47 ties."),
        "{en}"
    );
    // Run backwards, the same rounds shrink.
    let back =
        run(&[("responses-2024.csv", Some("1")), ("responses-2023.csv", Some("2"))], &Options::default());
    assert!(growth(&back.report, waves(&back), Lang::Zh).expect("growth").starts_with("社群在缩小："));
}

#[test]
fn the_community_flow_names_both_rounds_communities_after_their_most_named_member() {
    let a = run(
        &[("responses-2023.csv", Some("2023")), ("responses-2024.csv", Some("2024"))],
        &Options::default(),
    );
    let w = waves(&a);
    let rel = &w.comparison.network[0];
    let later = a.report.network.relations.iter().find(|r| r.key == rel.relation).unwrap();
    let charts = tongxing::charts::gallery::change_charts(&a.report, tongxing::i18n::Lang::Zh).unwrap();
    let flow = charts.iter().find(|c| c.id == format!("change-flow-{}", rel.relation)).expect("flow chart");
    let rows: Vec<&str> = flow.rows.iter().map(|r| r[0].as_str()).collect();
    // The later round's columns: the names every other view gives its communities.
    for (j, k) in rel.communities.to.iter().enumerate() {
        let s = later.communities[*k];
        let want = if s.size > 1 || later.nodes[s.hub].degree > 0 {
            format!("2024：{}", tongxing::labels::community_name(later, *k, tongxing::i18n::Lang::Zh))
        } else {
            format!("2024 的第 {} 个社群", k + 1)
        };
        assert_eq!(flow.headers[j + 1], want);
    }
    // The chart itself names them short (the member's name after the round), each whole: turned
    // upwards, they have the room the rows have ("2024：和光社工事…" was cut at 130 px).
    for k in &rel.communities.to {
        let s = later.communities[*k];
        if s.size > 1 || later.nodes[s.hub].degree > 0 {
            let name = format!("2024：{}", later.nodes[s.hub].name);
            assert!(flow.svg.contains(&format!(">{name}</text>")), "{name}");
        }
    }
    assert!(!flow.svg.contains("…<"), "a name cut short");
    // The earlier round's rows: after the member named most often in 2023, counted here.
    for (i, k) in rel.communities.from.iter().enumerate() {
        let members: Vec<_> = rel.nodes.iter().filter(|n| n.community_per_wave[0] == Some(*k)).collect();
        let most = members.iter().map(|n| n.in_degree_per_wave[0].unwrap_or(0)).max().unwrap();
        let hub = members.iter().find(|n| n.in_degree_per_wave[0].unwrap_or(0) == most).unwrap();
        if members.len() > 1 || most > 0 {
            assert_eq!(rows[i], format!("2023：{}所在的社群", hub.name));
        } else {
            assert_eq!(rows[i], format!("2023 的第 {} 个社群", k + 1));
        }
    }
    assert!(rows.iter().all(|r| !r.contains("社群 ")), "{rows:?}");
}
