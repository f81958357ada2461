//! Several respondents per organization: combined items, merged rosters, ICC(1)/ICC(2) and
//! rwg(j) against tests/data/multi_respondent_reference.json (pandas + statsmodels' one-way
//! ANOVA, tests/data/multi_respondent.py) and hand computations.

use tongxing::pipeline::{Analysis, Options};
use tongxing::survey::respondents::Combine;

use crate::util::{assert_close, data};

fn run(options: &Options) -> Analysis {
    crate::util::analyze_with(&["multi_respondent.csv", "multi_respondent_codebook.csv"], options)
}

fn reference() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(data("multi_respondent_reference.json")).expect("reference"))
        .expect("json")
}

#[test]
fn scores_iccs_and_rwg_match_statsmodels_and_numpy() {
    let a = run(&Options::default());
    let reference = reference();
    let cap = &a.report.capacity;
    assert_eq!(cap.organizations.len(), 6);
    for o in &cap.organizations {
        let want = &reference["organizations"][&o.id];
        assert_eq!(o.respondents as u64, want["respondents"].as_u64().unwrap(), "{}", o.id);
        for (dim, score) in o.scores.iter() {
            assert_close(score.unwrap(), want["scores"][dim.as_str()].as_f64().unwrap(), 1e-12);
        }
        let rwg = want["rwg_j"].as_object().unwrap();
        assert_eq!(o.agreement.len(), rwg.len(), "{}", o.id);
        for (dim, r) in o.agreement.iter() {
            assert_close(r.unwrap(), rwg[dim.as_str()].as_f64().unwrap(), 1e-12);
        }
    }
    for d in &cap.dimensions {
        let want = &reference["dimensions"][&d.key];
        assert_close(d.icc1.unwrap(), want["icc1"].as_f64().unwrap(), 1e-12);
        assert_close(d.icc2.unwrap(), want["icc2"].as_f64().unwrap(), 1e-12);
    }
    // 社区之光's respondents disagree on both dimensions.
    let o2 = cap.organizations.iter().find(|o| o.id == "O2").unwrap();
    assert_eq!(o2.disagreements().map(|k| k.as_str()).collect::<Vec<_>>(), vec!["gov", "ks"]);
    let json = serde_json::to_value(&a.report).unwrap();
    assert_eq!(json["capacity"]["organizations"][0]["respondents"], 3);
    assert!(json["capacity"]["dimensions"][0]["icc1"].is_number());
    assert!(json["capacity"]["organizations"][3].get("agreement").is_none(), "one respondent: no agreement");
}

#[test]
fn the_median_setting_and_the_minimum_respondents() {
    let mut options = Options::default();
    options.capacity.combine = Combine::Median;
    options.capacity.min_respondents = 3;
    let a = run(&options);
    let cap = &a.report.capacity;
    assert_eq!((cap.settings.combine.as_str(), cap.settings.min_respondents), ("median", 3));
    // 社区之光 (O2): ks_1 {5, 2, 3} → 3; ks_2 {5, 1, 2} → 2; ks_3 reversed {5, 1, 2} → 2.
    let o2 = cap.organizations.iter().find(|o| o.id == "O2").unwrap();
    assert_close(o2.scores["ks"].unwrap(), 7.0 / 3.0, 1e-12);
    // gov_1 {5, 2, 1} → 2; gov_2 (labels) {5, 2, 1} → 2.
    assert_close(o2.scores["gov"].unwrap(), 2.0, 1e-12);
    let few: Vec<&str> =
        cap.organizations.iter().filter(|o| o.few_respondents).map(|o| o.id.as_str()).collect();
    assert_eq!(few, vec!["O3", "O4", "O6"]);
    assert!(a.report.input.warnings.iter().any(|w| w.key == "warn.respondents_below_min"));
}

#[test]
fn rosters_merge_weighted_by_respondents_and_collisions_are_located() {
    let a = run(&Options::default());
    let (rel, g) = a.relations().find(|(r, _)| r.key == "partner").unwrap();
    let at = |id: &str| rel.nodes.iter().position(|n| n.id == id).unwrap();
    let named = |from: &str, to: &str| {
        let (u, v) = (at(from), at(to));
        g.out(u).iter().position(|w| *w as usize == v).map(|i| g.out_weights(u)[i])
    };
    // 绿色家园's three respondents: 社区之光 twice, 青年公益 once, 环保联盟 once.
    assert_eq!(named("O1", "O2"), Some(2.0));
    assert_eq!(named("O1", "O3"), Some(1.0));
    assert_eq!(named("O1", "O5"), Some(1.0));
    // 环保联盟's row without an id joined it by name; 助老服务's second name is reported.
    let o5 = rel.nodes.iter().find(|n| n.id == "O5").unwrap();
    assert_eq!(o5.name, "环保联盟");
    let w = a.report.input.warnings.iter().find(|w| w.key == "warn.id_name_conflict").expect("collision");
    assert_eq!(
        (w.file.as_deref(), w.row, w.column.as_deref()),
        (Some("multi_respondent.csv"), Some(15), Some("org_id"))
    );
    assert!(a.report.input.warnings.iter().any(|w| w.key == "warn.respondents_combined"));
}

#[test]
fn profiles_and_pages_flag_disagreement_and_few_respondents_in_words() {
    let mut options = Options::default();
    options.capacity.min_respondents = 3;
    let a = run(&options);
    let cap = &a.report.capacity;
    let at = |id: &str| cap.organizations.iter().position(|o| o.id == id).unwrap();
    let zh = tongxing::i18n::Lang::Zh;
    let profiles = tongxing::export::profile::Profiles::new(&a, zh);
    let o2 = profiles.page(at("O2"));
    assert!(o2.contains("本机构有 3 人作答") && o2.contains("填答人在治理、知识共享上意见不一致"), "{o2}");
    let o4 = profiles.page(at("O4"));
    assert!(o4.contains("填答人少于最低要求 3 位") && !o4.contains("人作答"), "{o4}");
    let notes = tongxing::organization::RespondentNotes::new(&a.report, &cap.organizations[at("O1")], zh);
    assert_eq!(notes.disagree, None);
    assert!(notes.respondents.is_some() && notes.few.is_none());
}

#[test]
fn the_html_report_counts_organizations_and_says_the_respondents() {
    use tongxing::export::html::render_gallery;
    use tongxing::i18n::Lang;
    let a = run(&Options::default());
    let (orgs, rows) = (a.report.capacity.organizations.len(), a.report.input.rows);
    assert_eq!((orgs, rows), (6, 14), "the fixture: several respondents per organization");
    let zh = render_gallery(&a, &[], Lang::Zh);
    let files = a.report.input.files.join("、");
    assert!(zh.contains(&format!("根据 {files} 中 6 家机构（14 位填答人）的回答生成。")), "{zh}");
    let pair = |k: &str, v: usize| format!("<th scope=\"row\">{k}</th><td class=\"n\">{v}</td>");
    assert!(zh.contains(&pair("机构数", 6)) && zh.contains(&pair("读取的答卷行数（填答人）", 14)));
    assert!(!zh.contains("14 家机构"));
    let en = render_gallery(&a, &[], Lang::En);
    assert!(en.contains("answers of 6 organizations (14 respondents)"), "{en}");
}

#[test]
fn each_respondents_own_scores_match_pandas_and_are_labelled_by_title() {
    let a = run(&Options::default());
    let reference = reference();
    for o in &a.report.capacity.organizations {
        let want = reference["organizations"][&o.id]["by_respondent"].as_array().unwrap();
        assert_eq!(o.by_respondent.len(), want.len(), "{}", o.id);
        for (got, want) in o.by_respondent.iter().zip(want) {
            assert_eq!(got.label.as_deref(), want["label"].as_str(), "{}", o.id);
            for (dim, score) in got.scores.iter() {
                match want["scores"][dim.as_str()].as_f64() {
                    Some(x) => assert_close(score.unwrap(), x, 1e-12),
                    None => assert_eq!(*score, None),
                }
            }
        }
    }
    let json = serde_json::to_value(&a.report).unwrap();
    assert_eq!(json["capacity"]["organizations"][0]["by_respondent"][1]["label"], "项目官员");
    assert!(json["capacity"]["organizations"][3].get("by_respondent").is_none(), "one respondent: none");
}

#[test]
fn an_attribute_that_differs_within_an_organization_belongs_to_the_respondents() {
    let a = run(&Options::default());
    let r = &a.report;
    // 职务 differs among the respondents of O1, O2, O3, O5 and O6; 领域 is the organization's.
    let w = r.input.warnings.iter().filter(|w| w.key == "warn.respondent_attribute").collect::<Vec<_>>();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].column.as_deref(), Some("职务"));
    assert!(w[0].message.contains("5"), "{}", w[0].message);
    let grouped: Vec<&str> = r.capacity.groups.iter().map(|g| g.attribute.as_str()).collect();
    assert!(!grouped.contains(&"职务") && grouped.contains(&"领域"), "{grouped:?}");
    assert_eq!(r.capacity.settings.group_by.as_deref(), Some("领域"));
    for rel in &r.network.relations {
        let mixed: Vec<&str> = rel.graph.mixing.iter().map(|m| m.attribute.as_str()).collect();
        assert_eq!(mixed, ["领域"], "{}", rel.key);
    }
    // One respondent per organization: nothing differs, every attribute is the organization's.
    let single = crate::util::analyze(&["small_survey.csv"]);
    assert!(!single.report.input.warnings.iter().any(|w| w.key == "warn.respondent_attribute"));
}
