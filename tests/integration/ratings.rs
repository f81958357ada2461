//! Tie ratings (trust, value, intensity) from a ties file and from partner slots, against hand
//! computations; the intensity limit.

use tongxing::pipeline::{Analysis, Options};

use crate::util::{analyze, assert_close};

fn run(names: &[&str], options: &Options) -> Analysis {
    crate::util::analyze_with(names, options)
}

fn mean_of(m: &std::collections::BTreeMap<String, tongxing::report::MeanN>, k: &str) -> (f64, usize) {
    let v = m[k];
    (v.mean.unwrap(), v.n)
}

#[test]
fn a_ties_file_with_rating_columns_and_a_codebook() {
    let a = analyze(&["small_survey.csv", "ties_rated.csv", "ties_rated_codebook.csv"]);
    let rel = a.report.network.relations.iter().find(|r| r.key == "collab").unwrap();
    // Trust per rating: A→B 4.5, A→C 4.5, B→A 3 (one of two items), C→A 2, C→D 4; D→B unrated.
    let dims: Vec<(&str, f64, usize)> =
        rel.tie_dimensions.iter().map(|d| (d.key.as_str(), d.mean.unwrap(), d.n)).collect();
    assert_eq!(dims.len(), 3);
    assert_eq!((dims[0].0, dims[0].2), ("trust", 5));
    assert_close(dims[0].1, 18.0 / 5.0, 1e-12);
    // Value: 3, 4, 2, 5 (A→C left it blank).
    assert_eq!((dims[1].0, dims[1].2), ("value", 4));
    assert_close(dims[1].1, 3.5, 1e-12);
    let levels: Vec<(&str, usize)> = rel.intensity.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(levels, vec![("协调", 2), ("合作", 1), ("整合", 1), ("知晓", 1)]);
    let node = |name: &str| rel.nodes.iter().find(|n| n.name == name).unwrap();
    // A receives from B (trust 3) and C (trust 2); gives 4.5 and 4.5.
    assert_eq!(mean_of(&node("A").received, "trust"), (2.5, 2));
    assert_eq!(mean_of(&node("A").given, "trust"), (4.5, 2));
    assert_eq!(mean_of(&node("A").given, "value"), (3.0, 1));
    assert!(node("E").received.is_empty() && node("E").given.is_empty());
    // Ratings travel in the report as numbers; a graph export carries them on the edges.
    let json = serde_json::to_value(&a.report).unwrap();
    let rels = json["network"]["relations"].as_array().unwrap();
    let collab = rels.iter().find(|r| r["key"] == "collab").unwrap();
    assert_eq!(collab["tie_dimensions"][0]["key"], "trust");
    assert_eq!(collab["nodes"][0]["received"]["trust"]["n"], 2);
    let gexf = tongxing::export::graph::gexf(&a, tongxing::i18n::Lang::Zh);
    assert!(gexf.contains(r#"<attribute id="tie_trust" title="trust" type="double"/>"#), "{gexf}");
    assert!(
        gexf.contains(r#"<attvalue for="relation" value="collab"/><attvalue for="tie_trust" value="4.5"/><attvalue for="tie_value" value="3"/><attvalue for="tie_intensity" value="3"/>"#),
        "{gexf}"
    );
    let graphml = tongxing::export::graph::graphml(&a, tongxing::i18n::Lang::Zh);
    assert!(graphml.contains(r#"<data key="relation">collab</data><data key="weight">1</data><data key="tie_trust">3</data><data key="tie_value">4</data><data key="tie_intensity">4</data>"#), "{graphml}");
}

#[test]
fn partner_slots_are_recognized_and_rated() {
    let a = analyze(&["partner_slots.csv"]);
    let role =
        |c: &str| a.report.input.codebook.iter().find(|x| x.column == c).map(|x| x.role.clone()).unwrap();
    assert_eq!((role("partner_1").as_str(), role("partner_2_trust").as_str()), ("roster", "tie_item"));
    assert_eq!(role("ks_1"), "item");
    let rel = &a.report.network.relations[0];
    assert_eq!((rel.key.as_str(), rel.graph.edges), ("partner", 7));
    // Trust: 5, 4 (绿色家园), 4 (社区之光), 3, 2 (青年公益), 4, 5 (乡村教育): 27/7.
    assert_eq!(rel.tie_dimensions[0].key, "trust");
    assert_close(rel.tie_dimensions[0].mean.unwrap(), 27.0 / 7.0, 1e-12);
    // 社区之光 is rated by 绿色家园 (5), 青年公益 (2) and 乡村教育 (4).
    let n = rel.nodes.iter().find(|n| n.name == "社区之光").unwrap();
    let (m, k) = mean_of(&n.received, "trust");
    assert_close(m, 11.0 / 3.0, 1e-12);
    assert_eq!(k, 3);
    // Without value labels the intensity levels are their numbers.
    assert_eq!(rel.intensity.get("2"), Some(&2));
}

#[test]
fn the_intensity_limit_keeps_ties_at_or_above_the_level() {
    let mut options = Options::default();
    options.network.min_intensity = Some(3.0);
    let a = run(&["small_survey.csv", "ties_rated.csv", "ties_rated_codebook.csv"], &options);
    let rel = a.report.network.relations.iter().find(|r| r.key == "collab").unwrap();
    // A→B and C→D (协调 = 3) and B→A (整合 = 4); D→B has no rating and is left out.
    assert_eq!(rel.graph.edges, 3);
    assert_eq!(rel.settings.min_intensity, Some(3.0));
    assert_eq!(rel.intensity.values().sum::<usize>(), 3);
    let w = a.report.input.warnings.iter().find(|w| w.key == "warn.intensity_limited").expect("note");
    assert!(w.message.contains("(3 ties); 3 ties below it"), "{}", w.message);
    // The rosters, without intensity ratings, are analysed whole.
    let partners = a.report.network.relations.iter().find(|r| r.key == "partners").unwrap();
    assert_eq!(partners.graph.edges, 8);
    // A survey without any intensity: every tie, with a note.
    let b = run(&["small_survey.csv"], &options);
    assert!(b.report.input.warnings.iter().any(|w| w.key == "warn.intensity_missing"));
}

#[test]
fn the_workbook_has_the_ratings_in_the_readers_language() {
    use tongxing::export::xlsx::Format;
    let a = analyze(&["small_survey.csv", "ties_rated.csv", "ties_rated_codebook.csv"]);
    let sheets = tongxing::export::workbook::results_sheets(&a, tongxing::i18n::Lang::Zh);
    let ties = sheets.iter().find(|s| s.name == "关系评分").expect("tie ratings sheet");
    assert_eq!(ties.table.headers, ["关系", "评分方", "被评分方", "信任", "价值", "关系强度"]);
    assert!(ties.formats[..3].iter().all(|f| *f == Format::Text), "names are text (formula-neutralized)");
    // Every relation's rated ties: five in collab (and again in the combined relation).
    let total: usize = a.report.network.relations.iter().map(|r| r.rated_ties.len()).sum();
    assert_eq!(ties.table.n_rows(), total);
    let collab = tongxing::labels::relation_label(&a.report, "collab", tongxing::i18n::Lang::Zh);
    let in_collab: Vec<usize> = (0..total).filter(|&r| ties.table.cell(r, 0) == collab).collect();
    assert_eq!(in_collab.len(), 5);
    // A→B: trust (4 + 5) / 2, value 3, intensity 协调 = 3.
    let row = |s: &str, t: &str| {
        in_collab.iter().copied().find(|&r| ties.table.cell(r, 1) == s && ties.table.cell(r, 2) == t).unwrap()
    };
    let ab = row("A", "B");
    assert_eq!((ties.table.cell(ab, 3), ties.table.cell(ab, 4), ties.table.cell(ab, 5)), ("4.5", "3", "3"));
    // A→C left value blank: an empty cell, not 0.
    assert_eq!(ties.table.cell(row("A", "C"), 4), "");
    let orgs = sheets.iter().find(|s| s.name == "机构收到与给出的评分").expect("organizations' ratings");
    assert_eq!(
        &orgs.table.headers[3..7],
        ["信任（收到的均值）", "信任（收到的条数）", "信任（给出的均值）", "信任（给出的条数）"]
    );
    let a_row = (0..orgs.table.n_rows())
        .find(|&r| orgs.table.cell(r, 0) == collab && orgs.table.cell(r, 1) == "A")
        .unwrap();
    // A receives trust 3 (B) and 2 (C), gives 4.5 and 4.5.
    let cells: Vec<&str> = (3..7).map(|c| orgs.table.cell(a_row, c)).collect();
    assert_eq!(cells, ["2.5", "2", "4.5", "2"]);
    assert!(orgs.keys.contains(&"received.trust.mean".to_string()));
    let plain =
        tongxing::export::workbook::results_sheets(&analyze(&["small_survey.csv"]), tongxing::i18n::Lang::En);
    assert!(!plain.iter().any(|s| s.keys.iter().any(|k| k.starts_with("ratings."))));
}

#[test]
fn the_ties_files_tie_items_are_in_the_codebook_and_survive_the_mapping() {
    let a = analyze(&["small_survey.csv", "ties_rated.csv", "ties_rated_codebook.csv"]);
    let entry = |a: &Analysis, c: &str| a.report.input.codebook.iter().find(|x| x.column == c).cloned();
    let trust = entry(&a, "trust_reliable").expect("the ties file's column is in the codebook");
    assert_eq!((trust.role.as_str(), trust.dimension.as_deref()), ("tie_item", Some("trust")));
    assert_eq!((trust.scale_min, trust.scale_max, trust.inferred), (Some(1.0), Some(5.0), false));
    assert_eq!(entry(&a, "intensity").unwrap().levels, "知晓=1;合作=2;协调=3;整合=4");
    // The mapping written as a codebook (what the page applies) keeps them: same ratings.
    let dims = &a.report.capacity.dimensions;
    let table = tongxing::export::codebook_table(&a.report.input.codebook, dims);
    let text = String::from_utf8(tongxing::export::csv_bytes(&table, false)).unwrap();
    assert!(text.contains("trust_reliable,tie_item,Reliable,可靠,trust,Trust,信任,1,5,no,,,"), "{text}");
    let survey = std::fs::read_to_string(crate::util::data("small_survey.csv")).unwrap();
    let ties = std::fs::read_to_string(crate::util::data("ties_rated.csv")).unwrap();
    let again = crate::util::analyze_texts(&[
        ("small_survey.csv", survey.as_str()),
        ("ties_rated.csv", ties.as_str()),
        ("mapping_codebook.csv", text.as_str()),
    ]);
    let collab =
        |a: &Analysis| a.report.network.relations.iter().find(|r| r.key == "collab").cloned().unwrap();
    assert_eq!(collab(&again).tie_dimensions, collab(&a).tie_dimensions);
    assert_eq!(collab(&again).intensity, collab(&a).intensity);
    // Without a codebook the ties file's rating columns are listed as inferred tie items.
    let inferred = analyze(&["small_survey.csv", "ties_rated.csv"]);
    let value = entry(&inferred, "value_resources").expect("inferred tie item");
    assert_eq!((value.role.as_str(), value.inferred), ("tie_item", true));
    assert_eq!(value.dimension.as_deref(), Some("value"));
    assert!(entry(&inferred, "source").is_none(), "the ties' own columns are not items");
}
