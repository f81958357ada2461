//! Capacity: dimension scores, index and Cronbach's alpha against hand-computed values.

use tongxing::capacity::reliability::{cronbach_alpha, cronbach_alpha_pairwise};

use crate::util::{analyze, analyze_text, analyze_texts, assert_close};

#[test]
fn alpha_by_hand() {
    // Items (4,5,4), (3,3,2), (5,4,5), (2,2,1), (3,4,3): item variances 1.3, 1.3, 2.5;
    // totals 13, 8, 14, 5, 10 with variance 13.5; alpha = 3/2 · (1 − 5.1/13.5) = 0.9333…
    let rows = vec![
        vec![4.0, 5.0, 4.0],
        vec![3.0, 3.0, 2.0],
        vec![5.0, 4.0, 5.0],
        vec![2.0, 2.0, 1.0],
        vec![3.0, 4.0, 3.0],
    ];
    assert_close(cronbach_alpha(&rows).unwrap(), 1.5 * (1.0 - 5.1 / 13.5), 1e-12);
    let opt: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.iter().map(|v| Some(*v)).collect()).collect();
    assert_close(cronbach_alpha_pairwise(&opt).unwrap(), cronbach_alpha(&rows).unwrap(), 1e-12);
}

#[test]
fn pairwise_alpha_with_missing_by_hand() {
    // x = 1,2,3,–; y = 2,2,4,5. var(x) = 1 (3 rows), var(y) = 2.25 (4 rows), cov = 1 (3 rows):
    // alpha = 2 · (1 − 3.25 / 5.25).
    let rows = vec![
        vec![Some(1.0), Some(2.0)],
        vec![Some(2.0), Some(2.0)],
        vec![Some(3.0), Some(4.0)],
        vec![None, Some(5.0)],
    ];
    assert_close(cronbach_alpha_pairwise(&rows).unwrap(), 2.0 * (1.0 - 3.25 / 5.25), 1e-12);
}

#[test]
fn undefined_alpha_is_none_not_nan() {
    assert_eq!(cronbach_alpha(&[vec![3.0, 3.0], vec![3.0, 3.0]]), None);
    assert_eq!(cronbach_alpha(&[vec![1.0, 2.0]]), None);
    assert_eq!(cronbach_alpha(&[vec![1.0], vec![2.0]]), None);
}

#[test]
fn small_survey_scores_and_index() {
    let a = analyze(&["small_survey.csv"]);
    let cap = &a.report.capacity;
    assert_eq!(cap.dimensions.len(), 1);
    let d = &cap.dimensions[0];
    assert_eq!(d.key, "ks");
    assert_eq!(d.items, vec!["ks_1", "ks_2", "ks_3"]);
    assert_eq!((d.n_complete, d.n_scored), (5, 5));
    assert_close(d.mean.unwrap(), 50.0 / 15.0, 1e-12);
    assert_close(d.alpha.unwrap(), 0.9333333333333333, 1e-12);
    let first = &cap.organizations[0];
    assert_eq!(first.name, "A");
    assert_close(first.scores["ks"].unwrap(), 13.0 / 3.0, 1e-12);
    // Observed range 1–5: (13/3 − 1) / 4 · 100.
    assert_close(first.index.unwrap(), (13.0 / 3.0 - 1.0) / 4.0 * 100.0, 1e-9);
}

#[test]
fn missing_is_never_zero_and_half_rule_applies() {
    let csv = "name,q_1,q_2,q_3,q_4\nA,5,5,,\nB,1,,,\nC,NA,不适用,-,\nD,4,2,3,1\n";
    let a = analyze_text("m.csv", csv);
    let orgs = &a.report.capacity.organizations;
    // A answered 2 of 4 (half): scored. B answered 1 of 4: null. C answered nothing: null.
    assert_close(orgs[0].scores["q"].unwrap(), 5.0, 1e-12);
    assert_eq!(orgs[1].scores["q"], None);
    assert_eq!(orgs[2].scores["q"], None);
    assert_eq!(orgs[2].index, None);
    assert_close(orgs[3].scores["q"].unwrap(), 2.5, 1e-12);
}

#[test]
fn reverse_coding_and_labels_from_codebook() {
    let responses = "org_name,a_1,a_2\nX,同意,1\nY,非常不同意,5\nZ,一般,3\n";
    let codebook = "column,role,dimension,scale_min,scale_max,reverse,levels\norg_name,name,,,,,\na_1,item,a,1,5,no,非常不同意=1;不同意=2;一般=3;同意=4;非常同意=5\na_2,item,a,1,5,yes,\n";
    let a = analyze_texts(&[("r.csv", responses), ("codebook.csv", codebook)]);
    let o = &a.report.capacity.organizations;
    // X: 4 and reversed 1 → 5: mean 4.5. Y: 1 and 5 → 1: mean 1.
    assert_close(o[0].scores["a"].unwrap(), 4.5, 1e-12);
    assert_close(o[1].scores["a"].unwrap(), 1.0, 1e-12);
    assert_eq!(a.report.capacity.dimensions[0].reversed, vec!["a_2"]);
}

#[test]
fn invalid_and_out_of_range_cells_are_reported() {
    let responses = "org_name,a_1,a_2\nX,7,maybe\nY,2,3\nZ,3,3\n";
    let codebook =
        "column,role,dimension,scale_min,scale_max\norg_name,name,,,\na_1,item,a,1,5\na_2,item,a,1,5\n";
    let a = analyze_texts(&[("r.csv", responses), ("codebook.csv", codebook)]);
    let w = &a.report.input.warnings;
    assert!(w.iter().any(|w| w.row == Some(2)
        && w.column.as_deref() == Some("a_1")
        && w.message.contains("outside the scale")));
    assert!(
        w.iter().any(|w| w.row == Some(2)
            && w.column.as_deref() == Some("a_2")
            && w.message_zh.contains("maybe"))
    );
    assert_eq!(a.report.capacity.organizations[0].scores["a"], None);
}

#[test]
fn demo_reverse_item_is_coded_so_alpha_is_high() {
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let ks = &a.report.capacity.dimensions[0];
    assert_eq!(ks.reversed, vec!["ks_3"]);
    assert!(ks.alpha.unwrap() > 0.7);
    // The demo has one organization that answered one item only: null scores and index.
    assert!(a.report.capacity.organizations.iter().any(|o| o.index.is_none()));
}

/// Indices equal in exact arithmetic but a last binary digit apart (the same mean summed in a
/// different order) are ties: the same percentile, scipy's `percentileofscore(kind="mean")` over
/// the exact values (`tests/data/percentiles.py`), never 5, 5, 7, 7 for four equal scores.
#[test]
fn tied_indices_get_one_percentile_as_scipy_over_the_exact_values() {
    use tongxing::stats::{PercentileRanks, percentile_rank};
    let text = std::fs::read_to_string(crate::util::data("percentiles.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let list = |k: &str| -> Vec<f64> {
        reference[k].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect()
    };
    let (values, mean) = (list("values"), list("mean"));
    let ranks = PercentileRanks::new(&values);
    for (x, want) in values.iter().zip(&mean) {
        assert_close(ranks.rank(*x).unwrap(), *want, 1e-9);
        assert_close(percentile_rank(&values, *x).unwrap(), *want, 1e-9);
    }
    // The demo: organizations whose indices agree to 12 digits share one percentile.
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let orgs: Vec<(f64, f64)> =
        a.report.capacity.organizations.iter().filter_map(|o| Some((o.index?, o.percentile?))).collect();
    let mut noisy_ties = 0;
    for (x, p) in &orgs {
        for (y, q) in &orgs {
            if (x - y).abs() < 1e-9 {
                assert_eq!(p, q, "indices {x} and {y}");
                noisy_ties += usize::from(x != y);
            }
        }
    }
    assert!(noisy_ties > 0, "the demo has indices a last digit apart (23.333333333333332, …336)");
}
