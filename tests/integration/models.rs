//! Outcome models against statsmodels on real public data (tests/data/models/reference.py):
//! OLS with classical and HC3 errors, logistic regression, and the paths of a mediation model.

use serde_json::Value;
use tongxing::models::ModelOptions;
use tongxing::pipeline::{InputFile, Options};
use tongxing::report::{ModelReport, Report};

use crate::util::{assert_close, data};

fn reference() -> Value {
    serde_json::from_str(&std::fs::read_to_string(data("models/reference.json")).unwrap()).unwrap()
}

const FAIR_CODEBOOK: &str = "column,role\norg_name,name\nrate_marriage,numeric\nage,numeric\nyrs_married,numeric\nchildren,numeric\nreligious,numeric\neduc,numeric\noccupation,attribute\naffairs,numeric\nhad_affair,attribute\n";
const SPECTOR_CODEBOOK: &str =
    "column,role\norg_name,name\nGPA,numeric\nTUCE,numeric\nPSI,numeric\nGRADE,numeric\n";

fn run(file: &str, codebook: &str, models: ModelOptions) -> Report {
    let files = vec![
        InputFile {
            name: file.into(),
            bytes: std::fs::read(data(&format!("models/{file}"))).unwrap(),
            kind: None,
        },
        InputFile { name: "codebook.csv".into(), bytes: codebook.as_bytes().to_vec(), kind: None },
    ];
    let options = Options { models, ..Default::default() };
    tongxing::pipeline::run(&files, &options, &|| 0.0).unwrap().report
}

fn formulas(f: &[&str]) -> ModelOptions {
    ModelOptions { formulas: f.iter().map(|s| s.to_string()).collect(), ..Default::default() }
}

/// statsmodels names a dummy `C(attr)[T.level]` and the intercept `Intercept`; we use
/// `attr[level]` and `(Intercept)`.
fn our_name(statsmodels: &str) -> String {
    if statsmodels == "Intercept" {
        return "(Intercept)".into();
    }
    match statsmodels.strip_prefix("C(").and_then(|s| s.split_once(")[T.")) {
        Some((attr, level)) => format!("{attr}[{}]", level.trim_end_matches(']')),
        None => statsmodels.to_string(),
    }
}

fn check_terms(m: &ModelReport, r: &Value, statistic: &str) {
    assert_eq!(m.not_defined, None, "{}", m.formula);
    assert_eq!(m.n as u64, r["n"].as_u64().unwrap());
    let names: Vec<String> =
        r["terms"].as_array().unwrap().iter().map(|t| our_name(t.as_str().unwrap())).collect();
    assert_eq!(m.terms.len(), names.len());
    for (i, name) in names.iter().enumerate() {
        let t = m.terms.iter().find(|t| &t.term == name).unwrap_or_else(|| panic!("no term {name}"));
        let at = |key: &str| r[key][i].as_f64().unwrap();
        assert_close(t.estimate, at("estimate"), 1e-8);
        assert_close(t.se.unwrap(), at("se"), 1e-8);
        assert_close(t.statistic.unwrap(), at(statistic), 1e-7);
        assert_close(t.p.unwrap(), at("p"), 1e-8);
        assert_close(t.ci_low.unwrap(), at("ci_low"), 1e-8);
        assert_close(t.ci_high.unwrap(), at("ci_high"), 1e-8);
        if statistic == "t" {
            assert_close(t.se_hc3.unwrap(), at("se_hc3"), 1e-8);
            match r["std_estimate"][i].as_f64() {
                Some(s) => assert_close(t.std_estimate.unwrap(), s, 1e-8),
                None => assert_eq!(t.std_estimate, None),
            }
        }
    }
}

#[test]
fn ols_matches_statsmodels_with_hc3_and_dummies() {
    let r = reference();
    let report = run(
        "fair.csv",
        FAIR_CODEBOOK,
        formulas(&["rate_marriage ~ age + yrs_married + religious + educ + occupation"]),
    );
    let m = &report.models[0];
    assert_eq!(m.family, "gaussian");
    check_terms(m, &r["ols_fair"], "t");
    let o = &r["ols_fair"];
    assert_close(m.r2.unwrap(), o["r2"].as_f64().unwrap(), 1e-10);
    assert_close(m.adj_r2.unwrap(), o["adj_r2"].as_f64().unwrap(), 1e-10);
    assert_close(m.f.unwrap(), o["f"].as_f64().unwrap(), 1e-8);
    assert_close(m.f_p.unwrap(), o["f_p"].as_f64().unwrap(), 1e-10);
    // The reference level (first in sorted order) has no term.
    assert!(m.terms.iter().all(|t| t.term != "occupation[occ1]"));
}

#[test]
fn logistic_regression_matches_statsmodels() {
    let r = reference();
    let fair = run("fair.csv", FAIR_CODEBOOK, formulas(&["had_affair ~ rate_marriage + age + religious"]));
    let spector = run("spector.csv", SPECTOR_CODEBOOK, formulas(&["GRADE ~ GPA + TUCE + PSI"]));
    for (m, key, event) in
        [(&fair.models[0], "logit_fair", "yes"), (&spector.models[0], "logit_spector", "1")]
    {
        assert_eq!((m.family.as_str(), m.event.as_deref()), ("binomial", Some(event)));
        let o = &r[key];
        check_terms(m, o, "z");
        assert_close(m.log_likelihood.unwrap(), o["llf"].as_f64().unwrap(), 1e-8);
        assert_close(m.pseudo_r2.unwrap(), o["pseudo_r2"].as_f64().unwrap(), 1e-9);
        assert_close(m.aic.unwrap(), o["aic"].as_f64().unwrap(), 1e-8);
        for t in &m.terms {
            assert_close(t.odds_ratio.unwrap(), t.estimate.exp(), 1e-12);
        }
    }
}

#[test]
fn bad_models_say_why() {
    let report = run(
        "fair.csv",
        FAIR_CODEBOOK,
        formulas(&[
            "rate_marriage ~ nothing_here",
            "rate_marriage age",
            "occupation ~ age",
            "rate_marriage ~ age + yrs_married + age_twice",
            "had_affair ~ affairs",
        ]),
    );
    let code = |i: usize| report.models[i].not_defined.as_ref().map(|n| n.code.as_str());
    assert_eq!(code(0), Some("unknown_variable"));
    assert_eq!(code(1), Some("syntax"));
    // Six occupations: not a two-valued outcome.
    assert_eq!(code(2), Some("not_two_values"));
    assert_eq!(code(3), Some("unknown_variable"));
    // Any affairs at all predicts "yes" perfectly.
    assert_eq!(code(4), Some("separation"));
    // A constant and a collinear term are dropped with a note; the rest is fitted.
    let with = |csv: &str| {
        let files = vec![InputFile { name: "r.csv".into(), bytes: csv.as_bytes().to_vec(), kind: None }];
        let options = Options { models: formulas(&["y ~ x + c + x2"]), ..Default::default() };
        tongxing::pipeline::run(&files, &options, &|| 0.0).unwrap().report
    };
    let mut csv = String::from("org_name,y,x,c,x2\n");
    for i in 0..12 {
        csv += &format!("O{i},{},{},7,{}\n", (i * i) % 7, i, 2 * i + 1);
    }
    let codebook_free = with(&csv);
    let m = &codebook_free.models[0];
    assert_eq!(m.not_defined, None, "{m:?}");
    let notes: Vec<(&str, &str)> = m.warnings.iter().map(|w| (w.code.as_str(), w.term.as_str())).collect();
    assert_eq!(notes, vec![("constant", "c"), ("collinear", "x2")]);
    assert_eq!(m.terms.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(), vec!["(Intercept)", "x"]);
    // Too few complete cases.
    let tiny = with("org_name,y,x,c,x2\nA,1,2,3,4\nB,2,1,3,5\n");
    assert_eq!(tiny.models[0].not_defined.as_ref().map(|n| n.code.as_str()), Some("too_few_cases"));
}

#[test]
fn mediation_paths_match_statsmodels_and_the_bootstrap_is_seeded() {
    let r = &reference()["mediation_fair"];
    let options = ModelOptions {
        mediations: vec!["religious -> rate_marriage -> affairs | age".into()],
        bootstrap: 2000,
        ..Default::default()
    };
    let report = run("fair.csv", FAIR_CODEBOOK, options.clone());
    let m = &report.mediation[0];
    assert_eq!(m.not_defined, None);
    assert_eq!(m.n as u64, r["n"].as_u64().unwrap());
    let path = |from: &str, to: &str| m.paths.iter().find(|p| p.from == from && p.to == to).unwrap();
    let a = path("religious", "rate_marriage");
    assert_close(a.estimate, r["a"].as_f64().unwrap(), 1e-9);
    assert_close(a.se.unwrap(), r["a_se"].as_f64().unwrap(), 1e-9);
    assert_close(a.p.unwrap(), r["a_p"].as_f64().unwrap(), 1e-9);
    assert_close(path("rate_marriage", "affairs").estimate, r["b"].as_f64().unwrap(), 1e-9);
    assert_close(path("religious", "affairs").estimate, r["direct"].as_f64().unwrap(), 1e-9);
    assert_eq!(m.indirect.len(), 1);
    assert_eq!(m.indirect[0].path, "religious->rate_marriage->affairs");
    assert_close(m.indirect[0].estimate, r["indirect"].as_f64().unwrap(), 1e-9);
    let (direct, total, total_ind) =
        (m.direct.as_ref().unwrap(), m.total.as_ref().unwrap(), m.total_indirect.as_ref().unwrap());
    assert_close(direct.estimate, r["direct"].as_f64().unwrap(), 1e-9);
    assert_close(total.estimate, r["total"].as_f64().unwrap(), 1e-9);
    // In OLS on the same cases the total effect is the direct plus the indirect effect.
    assert_close(total.estimate, direct.estimate + total_ind.estimate, 1e-9);
    // The percentile interval holds the estimate, and its width is about 2 × 1.96 × the Sobel
    // (delta-method) standard error √(a²s_b² + b²s_a²).
    let ie = &m.indirect[0];
    let (lo, hi) = (ie.ci_low.unwrap(), ie.ci_high.unwrap());
    assert!(lo < ie.estimate && ie.estimate < hi);
    let (av, bv) = (r["a"].as_f64().unwrap(), r["b"].as_f64().unwrap());
    let sobel = (av * av * r["b_se"].as_f64().unwrap().powi(2)
        + bv * bv * r["a_se"].as_f64().unwrap().powi(2))
    .sqrt();
    let ratio = (hi - lo) / (2.0 * 1.959964 * sobel);
    assert!((0.75..1.35).contains(&ratio), "bootstrap width / Sobel width = {ratio}");
    assert_eq!(m.bootstrap.n, 2000);
    // Deterministic for a seed.
    assert_eq!(run("fair.csv", FAIR_CODEBOOK, options).mediation[0], *m);
}

#[test]
fn a_serial_chain_has_every_specific_indirect_effect() {
    let options = ModelOptions {
        mediations: vec!["religious -> rate_marriage -> yrs_married -> affairs".into()],
        bootstrap: 300,
        ..Default::default()
    };
    let m = &run("fair.csv", FAIR_CODEBOOK, options).mediation[0];
    let paths: Vec<&str> = m.indirect.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "religious->rate_marriage->affairs",
            "religious->yrs_married->affairs",
            "religious->rate_marriage->yrs_married->affairs"
        ]
    );
    let sum: f64 = m.indirect.iter().map(|i| i.estimate).sum();
    assert_close(m.total_indirect.as_ref().unwrap().estimate, sum, 1e-12);
    assert_close(m.total.as_ref().unwrap().estimate, m.direct.as_ref().unwrap().estimate + sum, 1e-9);
    // Six paths: X→M1, X→M2, M1→M2, X→Y, M1→Y, M2→Y.
    assert_eq!(m.paths.len(), 6);
}

#[test]
fn alpha_intervals_match_pingouin() {
    let r = &reference()["reliability"];
    for (name, file) in [("alpha", "alpha.csv"), ("alpha_missing", "alpha_missing.csv")] {
        let k = r[name]["k"].as_u64().unwrap() as usize;
        let mut codebook = String::from("column,role,dimension\norg_name,name,\n");
        for i in 1..=k {
            codebook += &format!("q_{i},item,q\n");
        }
        let report = run(file, &codebook, ModelOptions::default());
        let d = &report.capacity.dimensions[0];
        assert_close(d.alpha.unwrap(), r[name]["alpha"].as_f64().unwrap(), 1e-12);
        assert_eq!(d.n_complete as u64, r[name]["n"].as_u64().unwrap());
        let ci = d.alpha_ci.unwrap();
        // The Feldt interval with n = complete cases, to scipy's F quantiles.
        assert_close(ci[0], r[name]["ci"][0].as_f64().unwrap(), 1e-9);
        assert_close(ci[1], r[name]["ci"][1].as_f64().unwrap(), 1e-9);
        if name == "alpha" {
            // Without missing answers it is pingouin's interval (which pingouin rounds to 3
            // decimals); with missing answers pingouin keeps n = all rows after deleting them.
            assert_close(ci[0], r[name]["ci_pingouin"][0].as_f64().unwrap(), 6e-4);
            assert_close(ci[1], r[name]["ci_pingouin"][1].as_f64().unwrap(), 6e-4);
        }
    }
}

#[test]
fn one_factor_cfa_matches_lavaans_definitions() {
    let r = &reference()["cfa_holzinger"];
    let text = std::fs::read_to_string(data("models/holzinger.csv")).unwrap();
    let rows: Vec<Vec<f64>> =
        text.lines().skip(1).map(|l| l.split(',').map(|x| x.parse().unwrap()).collect()).collect();
    let columns: Vec<Vec<f64>> = (0..6).map(|j| rows.iter().map(|r| r[j]).collect()).collect();
    let cfa = tongxing::capacity::cfa::one_factor(&columns).unwrap();
    assert_eq!(cfa.n, 301);
    assert_eq!(cfa.df, 9);
    let f = |k: &str| r[k].as_f64().unwrap();
    for (i, l) in cfa.loadings.iter().enumerate() {
        assert_close(*l, r["loadings"][i].as_f64().unwrap(), 1e-6);
        // semopy's optimizer stops earlier: its loadings agree to about 1e-3.
        assert_close(*l, r["semopy_loadings"][i].as_f64().unwrap(), 1e-3);
    }
    assert_close(cfa.omega.unwrap(), f("omega"), 1e-6);
    assert_close(cfa.chi2, f("chi2"), 1e-6);
    assert_close(cfa.p.unwrap(), f("p"), 1e-6);
    assert_close(cfa.cfi.unwrap(), f("cfi"), 1e-7);
    assert_close(cfa.tli.unwrap(), f("tli"), 1e-7);
    assert_close(cfa.rmsea.unwrap(), f("rmsea"), 1e-7);
    let ci = cfa.rmsea_ci.unwrap();
    assert_close(ci[0], r["rmsea_ci"][0].as_f64().unwrap(), 1e-6);
    assert_close(ci[1], r["rmsea_ci"][1].as_f64().unwrap(), 1e-6);
    assert_close(cfa.srmr.unwrap(), f("srmr"), 1e-6);
}

/// The demo's preset models: fitted, described in words in every language, drawn as a path
/// diagram that parses as XML.
#[test]
fn the_demo_answers_the_papers_question() {
    use tongxing::i18n::Lang;
    let files = tongxing::demo::files();
    let first = tongxing::pipeline::run(&files, &Default::default(), &|| 0.0).unwrap();
    let preset =
        tongxing::models::presets::paper_chain(&first.report.capacity, &first.report.network.relations)
            .unwrap();
    let models = ModelOptions {
        formulas: preset.formulas,
        mediations: preset.mediations,
        bootstrap: 200,
        ..Default::default()
    };
    let report =
        tongxing::pipeline::run(&files, &Options { models, ..Default::default() }, &|| 0.0).unwrap().report;
    assert_eq!(report.models.len(), 2);
    assert!(report.models.iter().all(|m| m.not_defined.is_none() && m.family == "gaussian"));
    let med = &report.mediation[0];
    assert_eq!(med.indirect.len(), 7, "three mediators: 2³ − 1 specific indirect effects");
    for lang in [Lang::En, Lang::Zh, Lang::ZhHant] {
        let label = |v: &str| v.to_string();
        let sentences = tongxing::models::text::mediation_sentences(med, lang, &label);
        assert_eq!(sentences.len(), 8);
        assert!(sentences.iter().all(|s| !s.contains('{')), "{sentences:?}");
        let m = tongxing::models::text::model_sentences(&report.models[0], lang, &label);
        assert_eq!(m.len(), 5);
        let svg = tongxing::charts::paths::path_diagram(med, lang, &label).unwrap();
        let mut reader = quick_xml::Reader::from_str(&svg);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Err(e) => panic!("{e}: {svg}"),
                _ => {}
            }
        }
        if lang == Lang::Zh {
            std::fs::write(std::env::temp_dir().join("tongxing-paths.svg"), &svg).unwrap();
            // The labels a coordinator sees (X is a network position in words) wrap, not cut.
            let words = |v: &str| tongxing::labels::variable_label(&report, v, lang);
            let svg = tongxing::charts::paths::path_diagram(med, lang, &words).unwrap();
            assert!(!svg.contains('…') && svg.contains("被提名次数</tspan>"), "{svg}");
        }
    }
}

/// Every variable the page's builder offers for the demo is one the models can read: a model
/// of each on the capacity index fits without an `unknown_variable` note, and the labels the
/// builder shows are words, never the variable's key.
#[test]
fn every_variable_the_builder_offers_is_found_and_named_in_words() {
    use tongxing::i18n::Lang;
    use tongxing::models::choices;
    let demo = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let offered = choices::variables(&demo.report);
    let fits: Vec<String> = offered
        .iter()
        .filter(|v| *v != "index")
        .filter_map(|v| choices::formula("index", std::slice::from_ref(v)))
        .collect();
    assert_eq!(fits.len(), offered.len() - 1);
    let options = Options {
        models: ModelOptions { formulas: fits, bootstrap: 50, ..Default::default() },
        ..Default::default()
    };
    let report = tongxing::pipeline::run(&tongxing::demo::files(), &options, &|| 0.0).unwrap().report;
    for m in &report.models {
        let notes: Vec<&str> = m.not_defined.iter().chain(&m.warnings).map(|n| n.code.as_str()).collect();
        assert!(!notes.contains(&"unknown_variable"), "{}: {notes:?}", m.formula);
    }
    for lang in [Lang::Zh, Lang::ZhHant, Lang::En] {
        for v in &offered {
            let label = tongxing::labels::variable_label(&report, v, lang);
            assert!(
                !label.contains('@') && !label.contains('_') && label != *v,
                "{lang:?}: {v} reads {label}"
            );
        }
    }
    assert_eq!(
        tongxing::labels::variable_label(&report, "in_degree@knowledge_sharing", Lang::Zh),
        "知识分享网络中的被提名次数"
    );
}
