//! Capacity analytics: group tests, percentiles, crosstabs, profiles, stages and capacity ×
//! network, checked by hand on the five-organization fixture (values derived in comments).

use crate::util::{analyze, analyze_text, analyze_texts, assert_close};

/// Index of each organization of `small_survey.csv`: (mean ks − 1) / 4 · 100.
fn idx(sum: f64) -> f64 {
    (sum / 3.0 - 1.0) / 4.0 * 100.0
}

#[test]
fn group_comparison_by_city() {
    let a = analyze(&["small_survey.csv"]);
    let cap = &a.report.capacity;
    assert_eq!(cap.settings.group_by.as_deref(), Some("city"));
    let g = cap.groups.iter().find(|g| g.attribute == "city").unwrap();
    let beijing = &g.levels[0];
    assert_eq!((beijing.level.as_str(), beijing.n), ("北京", 3));
    assert_close(beijing.means["index"].mean.unwrap(), (idx(13.0) + idx(14.0) + idx(10.0)) / 3.0, 1e-9);
    // Ranks of the index: D 1, B 2, E 3, A 4, C 5. 北京 (A, C, E) rank sum 12, 上海 (B, D) 3:
    // H = 12/30 · (144/3 + 9/2) − 18 = 3, df 1, p = P(χ²₁ > 3) = 0.0833, ε² = 3/4.
    let kw = g.tests[0].kruskal.unwrap();
    assert_eq!(g.tests[0].outcome, "index");
    assert_close(kw.h, 3.0, 1e-12);
    assert_close(kw.p, 0.08326451666355039, 1e-9);
    assert_close(kw.epsilon2, 0.75, 1e-12);
    // Groups of size ≥ 2 only: 北京 vs 上海 has one pair.
    assert_eq!(g.tests[0].pairwise.len(), 1);
}

#[test]
fn percentiles_in_sample_and_group() {
    let a = analyze(&["small_survey.csv"]);
    let org_a = &a.report.capacity.organizations[0];
    // Below A: B, D, E (3 of 5) plus half of A itself: 70%. In 北京 (A, C, E): E below: 50%.
    assert_close(org_a.percentile.unwrap(), 70.0, 1e-9);
    assert_eq!(org_a.group.as_deref(), Some("北京"));
    assert_close(org_a.group_percentile.unwrap(), 50.0, 1e-9);
    // A single dimension has no strengths or gaps.
    assert!(org_a.strengths.is_empty() && org_a.gaps.is_empty());
}

#[test]
fn capacity_and_network_position() {
    let a = analyze(&["small_survey.csv"]);
    let link = &a.report.capacity.network_links[0];
    assert_eq!(link.relation, "partners");
    let c = link.correlations.iter().find(|c| c.capacity == "index" && c.metric == "in_degree").unwrap();
    // Index ranks A4 B2 C5 D1 E3; in-degree 2,2,2,1,0 ranks 4,4,4,2,1: Σdxdy 4, Σdx² 10, Σdy² 8.
    assert_eq!(c.n, 5);
    assert_close(c.rho.unwrap(), 4.0 / 80f64.sqrt(), 1e-12);
    assert!(c.p.unwrap() > 0.0 && c.p.unwrap() < 1.0);
}

#[test]
fn stage_of_an_organization_by_hand() {
    let a = analyze(&["small_survey.csv"]);
    let org_a = &a.report.capacity.organizations[0];
    // Engagement of A = mean(ks rescaled 83.33, degree percentile 70) = 76.67 → stewardship.
    assert_close(org_a.engagement.unwrap(), (idx(13.0) + 70.0) / 2.0, 1e-9);
    assert_eq!(org_a.stage.as_deref(), Some("stewardship"));
    let st = a.report.capacity.stages.as_ref().unwrap();
    assert_eq!(st.counts.values().sum::<usize>(), 5);
}

#[test]
fn stages_without_a_network_rest_on_knowledge_sharing_alone() {
    // No partner column: nothing to correlate with, and each engagement is the ks dimension
    // rescaled (observed range 1–5): A 5 → 100, B 1 → 0, C 3 → 50, D 4 → 75, E missing.
    let csv =
        "org_name,city,ks_1,ks_2,ks_3\nA,北京,5,5,5\nB,上海,1,1,1\nC,北京,3,3,3\nD,上海,5,4,3\nE,北京,,,\n";
    let a = analyze_text("survey.csv", csv);
    let cap = &a.report.capacity;
    assert!(cap.network_links.is_empty());
    let engagement: Vec<Option<f64>> = cap.organizations.iter().map(|o| o.engagement).collect();
    assert_eq!(engagement, vec![Some(100.0), Some(0.0), Some(50.0), Some(75.0), None]);
    let stages: Vec<Option<&str>> = cap.organizations.iter().map(|o| o.stage.as_deref()).collect();
    assert_eq!(stages[4], None);
    let st = cap.stages.as_ref().expect("stages");
    // Every stage is listed, with a count for each organization that has one.
    assert_eq!(st.counts.len(), 5);
    assert_eq!(st.counts.values().sum::<usize>(), 4);
    for (i, o) in cap.organizations.iter().enumerate().take(4) {
        let e = engagement[i].unwrap();
        let want = st.thresholds.iter().filter(|t| e >= **t).count();
        let keys = ["potential", "coalescing", "maturing", "stewardship", "transformation"];
        assert_eq!(o.stage.as_deref(), Some(keys[want]), "{}", o.name);
    }
}

#[test]
fn chi_square_crosstab_and_small_count_warning() {
    // 60 organizations: attribute a × b counts [[10, 20], [20, 10]] → X² = 20/3, V = 1/3.
    let mut csv = String::from("org_name,a,b\n");
    let cells = [("x", "p", 10), ("x", "q", 20), ("y", "p", 20), ("y", "q", 10)];
    let mut i = 0;
    for (a, b, n) in cells {
        for _ in 0..n {
            i += 1;
            csv.push_str(&format!("org{i},{a},{b}\n"));
        }
    }
    let r = analyze_text("ct.csv", &csv);
    let ct = &r.report.capacity.crosstabs[0];
    assert_eq!(ct.counts, vec![vec![10, 20], vec![20, 10]]);
    let t = ct.test.unwrap();
    assert_close(t.chi2, 20.0 / 3.0, 1e-12);
    assert_close(t.cramers_v, 1.0 / 3.0, 1e-12);
    assert!(!r.report.input.warnings.iter().any(|w| w.message.contains("chi-square")));
    let small = analyze_text("s.csv", "org_name,a,b\nA,x,p\nB,y,q\nC,x,q\nD,y,p\n");
    assert!(
        small
            .report
            .input
            .warnings
            .iter()
            .any(|w| w.message.contains("too small for a reliable chi-square test"))
    );
}

#[test]
fn demo_profiles_are_deterministic_and_complete() {
    let run = || tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let (a, b) = (run(), run());
    let ta = a.report.capacity.typology.clone().unwrap();
    assert_eq!(Some(&ta), b.report.capacity.typology.as_ref());
    assert!((2..=6).contains(&ta.k));
    let sizes: usize = ta.profiles.iter().map(|p| p.size).sum();
    assert_eq!(sizes + ta.excluded, 120);
    let best = ta.silhouette_by_k.iter().filter_map(|(_, s)| *s).fold(f64::MIN, f64::max);
    assert_close(ta.silhouette, best, 1e-12);
    let with_profile = a.report.capacity.organizations.iter().filter(|o| o.profile.is_some()).count();
    assert_eq!(with_profile, sizes);
    // Omega and standardized alpha are defined for every three-item demo dimension.
    for d in &a.report.capacity.dimensions {
        assert!(d.omega.unwrap() > 0.6 && d.alpha_standardized.unwrap() > 0.6, "{}", d.key);
        assert_eq!(d.distribution.iter().map(|b| b.count).sum::<usize>(), d.n_scored);
    }
    let corr = a.report.capacity.correlations.as_ref().unwrap();
    assert_eq!(corr.variables[0], "index");
    assert!(corr.variables.contains(&"staff".to_string()));
    assert_close(corr.pearson[0][0].unwrap(), 1.0, 1e-12);
}

#[test]
fn edge_cases_give_defined_results_not_nan() {
    let responses = "org_name,c_1,c_2,s_1,m_1,m_2,n_1,n_2,staff\n\
                     A,3,1,2,,,1,4,3\nB,3,2,3,,,2,5,10\nC,3,3,4,,,3,2,25\nD,3,4,5,,,4,3,40\nE,3,5,1,,,5,1,7\nF,3,3,3,,,3,3,12\n";
    let codebook = "column,role,dimension,scale_min,scale_max\norg_name,name,,,\n\
                    c_1,item,constant,1,5\nc_2,item,constant,1,5\ns_1,item,single,1,5\n\
                    m_1,item,empty,1,5\nm_2,item,empty,1,5\nn_1,item,negative,1,5\nn_2,item,negative,1,5\nstaff,numeric,,,\n";
    let a = analyze_texts(&[("r.csv", responses), ("codebook.csv", codebook)]);
    let dim = |k: &str| a.report.capacity.dimensions.iter().find(|d| d.key == k).unwrap().clone();
    // A constant item has zero variance: alpha = 2 (1 − var(c_2) / var(c_2)) = 0; its partner's
    // item–rest correlation is undefined (the rest is constant).
    let c = dim("constant");
    assert_close(c.alpha.unwrap(), 0.0, 1e-12);
    assert_eq!(c.item_stats[1].item_rest_r, None);
    // One item: no reliability, but scores.
    let s = dim("single");
    assert_eq!((s.alpha, s.alpha_pairwise, s.omega), (None, None, None));
    assert_eq!(s.n_scored, 6);
    // No answers at all: nothing is invented.
    let m = dim("empty");
    assert_eq!((m.n_scored, m.mean, m.alpha), (0, None, None));
    assert!(a.report.capacity.organizations.iter().all(|o| o.scores["empty"].is_none()));
    // Negatively related items: item variances 2.5 + 2.5 = 5, total variance 1: alpha = 2 (1 − 5) = −8,
    // reported (not hidden) with a warning about mis-keyed items.
    let n = dim("negative");
    assert_close(n.alpha.unwrap(), -8.0, 1e-12);
    assert!(
        a.report.input.warnings.iter().any(|w| w.message.contains("“Negative” has a low Cronbach's alpha"))
    );
    // Every number in the JSON is finite (serde_json would refuse NaN anyway: it prints null).
    let json = serde_json::to_string(&a.report).unwrap();
    assert!(!json.contains("NaN") && !json.contains("Infinity"));
    // The numeric attribute becomes a grouping band (tertiles of 3, 7, 10, 12, 25, 40).
    let band = a.report.capacity.groups.iter().find(|g| g.attribute == "staff (band)").unwrap();
    let levels: Vec<&str> = band.levels.iter().map(|l| l.level.as_str()).collect();
    assert_eq!(levels, vec!["≤ 10", "> 12", "10–12"]);
}

#[test]
fn settings_change_scores_and_groups() {
    let files = tongxing::demo::files();
    let mut opts = tongxing::pipeline::Options::default();
    opts.capacity.min_answered_share = 1.0;
    opts.capacity.group_by = Some("founded (band)".into());
    let strict = tongxing::pipeline::run(&files, &opts, &|| 0.0).unwrap();
    let lax = tongxing::pipeline::run(&files, &Default::default(), &|| 0.0).unwrap();
    let scored = |r: &tongxing::pipeline::Analysis| r.report.capacity.dimensions[0].n_scored;
    assert_eq!(scored(&strict), strict.report.capacity.dimensions[0].n_complete);
    assert!(scored(&strict) < scored(&lax));
    assert_eq!(strict.report.capacity.settings.group_by.as_deref(), Some("founded (band)"));
    let g = strict.report.capacity.organizations[0].group.clone().unwrap();
    assert!(g.ends_with("0s"), "{g}");
}
