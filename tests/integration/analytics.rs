//! Capacity analytics: group tests, percentiles, crosstabs, profiles, stages and capacity ×
//! network, checked by hand on the five-organization fixture (values derived in comments).

use crate::util::{analyze, analyze_text, assert_close};

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
    assert!(small.report.input.warnings.iter().any(|w| w.message.contains("expected counts are below 5")));
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
