//! Group comparisons: capacity by any categorical attribute (means with 95% CI, Kruskal–Wallis,
//! pairwise Mann–Whitney with Holm correction), chi-square tests between attributes, and
//! correlation matrices of capacity and numeric attributes.

use crate::diag::{Arg, Warning, args};
use crate::report::{
    CorrelationMatrix, Crosstab, GroupComparison, GroupLevel, GroupTest, MeanCi, PairwiseTest,
};
use crate::stats::inference::{
    chi_square, correlation_p, holm, kruskal_wallis_sorted, mann_whitney_sorted, mean_ci95, sorted_sample,
};
use crate::stats::par::{self, Threads};
use crate::stats::{Moments, mean, moments, pearson, pearson_with, spearman};
use crate::survey::{Role, Survey};

/// Attributes with more groups than this are not compared (ids, free text typed as attribute).
const MAX_LEVELS: usize = 20;
/// Pairwise tests are skipped above this many groups (the table would be unreadable).
const MAX_PAIRWISE_LEVELS: usize = 10;

/// A grouping variable coded once for every use (within-group percentiles, group comparisons,
/// cross-tabulations): each organization's level index, and the levels in order of first
/// appearance. Coding is one hash lookup per value (bands need none), so an attribute with a
/// million rows (or a million distinct values) takes linear time and no string per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// The attribute's header, or `<header> (band)`.
    pub name: String,
    /// Level index per organization (`None`: missing).
    pub codes: Vec<Option<u32>>,
    /// The levels, in order of first appearance.
    pub levels: Vec<String>,
}

impl Grouping {
    /// Codes text values (`None`: missing).
    pub fn of_text<'a>(name: String, values: impl Iterator<Item = Option<&'a str>>) -> Grouping {
        let mut index: rustc_hash::FxHashMap<&str, u32> = Default::default();
        let mut levels: Vec<String> = Vec::new();
        let codes = values
            .map(|v| {
                let v = v?;
                Some(*index.entry(v).or_insert_with(|| {
                    levels.push(v.to_string());
                    (levels.len() - 1) as u32
                }))
            })
            .collect();
        Grouping { name, codes, levels }
    }

    /// Codes values given as an index into `labels` (levels still in order of appearance).
    fn of_labels(name: String, values: impl Iterator<Item = Option<usize>>, labels: &[String]) -> Grouping {
        let mut code_of: Vec<Option<u32>> = vec![None; labels.len()];
        let mut levels: Vec<String> = Vec::new();
        let codes = values
            .map(|v| {
                let v = v?;
                Some(*code_of[v].get_or_insert_with(|| {
                    levels.push(labels[v].clone());
                    (levels.len() - 1) as u32
                }))
            })
            .collect();
        Grouping { name, codes, levels }
    }
}

/// The present scores of each level, in row order.
fn split(codes: &[Option<u32>], n_levels: usize, scores: &[Option<f64>]) -> Vec<Vec<f64>> {
    let mut groups = vec![Vec::new(); n_levels];
    for (c, s) in codes.iter().zip(scores) {
        if let (Some(c), Some(s)) = (c, s) {
            groups[*c as usize].push(*s);
        }
    }
    groups
}

/// A mean with CI from the present values.
pub fn mean_ci(values: &[f64]) -> MeanCi {
    match mean_ci95(values) {
        Some((m, lo, hi)) => MeanCi { n: values.len(), mean: Some(m), ci_low: Some(lo), ci_high: Some(hi) },
        None => MeanCi { n: values.len(), mean: mean(values), ci_low: None, ci_high: None },
    }
}

/// Grouping variables: every categorical attribute, plus a band of every numeric attribute
/// (`numeric`, as [`numeric_variables`] reads them) — decades for years (all values whole
/// numbers between 1900 and 2100), else tertiles of the observed values, labelled with their
/// bounds (e.g. `staff (band)`: `≤ 4`, `5–12`, `> 12`).
pub fn grouping_variables(survey: &Survey, numeric: &[(String, Vec<Option<f64>>)]) -> Vec<Grouping> {
    let mut vars: Vec<Grouping> = survey
        .organization_attributes()
        .into_iter()
        .map(|c| Grouping::of_text(survey.table.headers[c].clone(), survey.attribute_cells(c)))
        .collect();
    for (name, values) in numeric {
        if let Some(bands) = band(&format!("{name} (band)"), values) {
            vars.push(bands);
        }
    }
    vars
}

/// Every numeric attribute by header, read once for bands and correlations.
pub fn numeric_variables(survey: &Survey) -> Vec<(String, Vec<Option<f64>>)> {
    survey
        .columns_with_role(Role::Numeric)
        .into_iter()
        .map(|c| (survey.table.headers[c].clone(), survey.numeric_values(c)))
        .collect()
}

/// Bands of a numeric variable (see [`grouping_variables`]); `None` with fewer than two bands.
fn band(name: &str, values: &[Option<f64>]) -> Option<Grouping> {
    let mut present: Vec<f64> = values.iter().flatten().copied().collect();
    if present.len() < 6 {
        return None;
    }
    present.sort_by(f64::total_cmp);
    let years = present.iter().all(|v| v.fract() == 0.0 && (1900.0..=2100.0).contains(v));
    let out = if years {
        // Decades 1900s…2100s, labels made once.
        let first = 190;
        let labels: Vec<String> = (first..=210).map(|d| format!("{}s", d * 10)).collect();
        Grouping::of_labels(
            name.to_string(),
            values.iter().map(|v| v.map(|y| (y as i64 / 10 - first) as usize)),
            &labels,
        )
    } else {
        let q = |p: f64| present[((present.len() - 1) as f64 * p).round() as usize];
        let (a, b) = (q(1.0 / 3.0), q(2.0 / 3.0));
        if a >= b {
            return None;
        }
        let fmt = |x: f64| if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.2}") };
        let labels = [format!("≤ {}", fmt(a)), format!("{}–{}", fmt(a), fmt(b)), format!("> {}", fmt(b))];
        let band_of = |x: f64| {
            if x <= a {
                0
            } else if x <= b {
                1
            } else {
                2
            }
        };
        Grouping::of_labels(name.to_string(), values.iter().map(|v| v.map(band_of)), &labels)
    };
    (out.levels.len() >= 2).then_some(out)
}

/// Compares the groups of every grouping variable with 2–20 levels on every outcome.
pub fn compare_groups(vars: &[Grouping], outcomes: &[(String, Vec<Option<f64>>)]) -> Vec<GroupComparison> {
    let mut out = Vec::new();
    for Grouping { name, codes, levels: lv } in vars {
        if lv.len() < 2 || lv.len() > MAX_LEVELS {
            continue;
        }
        let mut sizes = vec![0usize; lv.len()];
        for c in codes.iter().flatten() {
            sizes[*c as usize] += 1;
        }
        // groups[outcome][level]: each outcome split in one pass over the rows.
        let groups: Vec<Vec<Vec<f64>>> = outcomes.iter().map(|(_, s)| split(codes, lv.len(), s)).collect();
        let levels_out = lv
            .iter()
            .enumerate()
            .map(|(li, l)| GroupLevel {
                level: l.clone(),
                n: sizes[li],
                means: outcomes.iter().zip(&groups).map(|((k, _), g)| (k.clone(), mean_ci(&g[li]))).collect(),
            })
            .collect();
        let tests = outcomes
            .iter()
            .zip(&groups)
            .map(|((k, _), groups)| {
                let mut pairwise = Vec::new();
                // Each group sorted once for every test (a million scores in eight groups: the
                // Kruskal–Wallis test and 28 pairs each had ranked their values again).
                let sorted: Vec<Vec<f64>> = groups.iter().map(|g| sorted_sample(g)).collect();
                if lv.len() <= MAX_PAIRWISE_LEVELS {
                    for i in 0..lv.len() {
                        for j in (i + 1)..lv.len() {
                            if groups[i].len() < 2 || groups[j].len() < 2 {
                                continue;
                            }
                            if let Some(m) = mann_whitney_sorted(&sorted[i], &sorted[j]) {
                                pairwise.push(PairwiseTest {
                                    a: lv[i].clone(),
                                    b: lv[j].clone(),
                                    u: m.u,
                                    p: m.p,
                                    p_holm: m.p,
                                });
                            }
                        }
                    }
                    let adjusted = holm(&pairwise.iter().map(|p| p.p).collect::<Vec<_>>());
                    for (p, a) in pairwise.iter_mut().zip(adjusted) {
                        p.p_holm = a;
                    }
                }
                GroupTest { outcome: k.clone(), kruskal: kruskal_wallis_sorted(&sorted), pairwise }
            })
            .collect();
        out.push(GroupComparison { attribute: name.clone(), levels: levels_out, tests });
    }
    out
}

/// Chi-square tests of independence for every pair of grouping variables with 2–20 levels,
/// with a warning when expected counts are small (more than 20% below 5, or any below 1).
pub fn crosstabs(vars: &[Grouping], warnings: &mut Vec<Warning>) -> Vec<Crosstab> {
    let attrs: Vec<&Grouping> = vars.iter().filter(|g| (2..=MAX_LEVELS).contains(&g.levels.len())).collect();
    let mut out = Vec::new();
    let mut small: Vec<Arg> = Vec::new();
    for i in 0..attrs.len() {
        for j in (i + 1)..attrs.len() {
            let Grouping { name: ca, codes: va, levels: la } = attrs[i];
            let Grouping { name: cb, codes: vb, levels: lb } = attrs[j];
            let mut counts = vec![vec![0usize; lb.len()]; la.len()];
            for (a, b) in va.iter().zip(vb) {
                if let (Some(r), Some(c)) = (a, b) {
                    counts[*r as usize][*c as usize] += 1;
                }
            }
            let table: Vec<Vec<f64>> = counts.iter().map(|r| r.iter().map(|c| *c as f64).collect()).collect();
            let test = chi_square(&table);
            let (a, b) = (ca.clone(), cb.clone());
            if test.is_some_and(|t| t.low_expected_share > 0.2 || t.min_expected < 1.0) {
                small.push(Arg::Cross(vec![Arg::Column(a.clone()), Arg::Column(b.clone())]));
            }
            out.push(Crosstab { a, b, rows: la.clone(), columns: lb.clone(), counts, test });
        }
    }
    // One note for all unreliable tests (each table's `low_expected_share` has the detail).
    if !small.is_empty() {
        warnings.push(Warning::general(
            "warn.chi_square_small",
            args([("n", small.len().into()), ("pairs", Arg::List(small))]),
        ));
    }
    out
}

/// One variable's defined values in row order, which rows they are, and their average ranks.
struct Dense {
    mask: Vec<bool>,
    values: Vec<f64>,
    ranks: Vec<f64>,
    /// The moments of `values` and `ranks`, for every pair's correlations.
    moments: (Option<Moments>, Option<Moments>),
}

impl Dense {
    fn of(column: &[Option<f64>]) -> Self {
        let values: Vec<f64> = column.iter().flatten().copied().collect();
        let ranks = crate::stats::ranks(&values).0;
        Dense {
            mask: column.iter().map(Option::is_some).collect(),
            moments: (moments(&values), moments(&ranks)),
            ranks,
            values,
        }
    }
}

/// `pearson` of two columns of one length from their moments (`None` when either has none, as
/// `pearson` then is).
fn pearson_of(xs: &[f64], ys: &[f64], mx: Option<Moments>, my: Option<Moments>) -> Option<f64> {
    pearson_with(xs, ys, mx?, my?)
}

/// Pearson and Spearman matrices (pairwise complete) of the outcomes and numeric attributes,
/// on up to `threads` threads (each pair is computed on its own, so the matrices are the same
/// for any number).
///
/// Each pair is computed once and mirrored: both coefficients are symmetric.
pub fn correlations(
    outcomes: &[(String, Vec<Option<f64>>)],
    numeric: &[(String, Vec<Option<f64>>)],
    threads: Threads,
) -> Option<CorrelationMatrix> {
    let vars: Vec<&(String, Vec<Option<f64>>)> = outcomes.iter().chain(numeric).collect();
    if vars.len() < 2 {
        return None;
    }
    let k = vars.len();
    let mut m = CorrelationMatrix {
        variables: vars.iter().map(|v| v.0.clone()).collect(),
        n: vec![vec![0; k]; k],
        pearson: vec![vec![None; k]; k],
        pearson_p: vec![vec![None; k]; k],
        spearman: vec![vec![None; k]; k],
        spearman_p: vec![vec![None; k]; k],
    };
    // Ranks depend on which rows a pair keeps (pairwise deletion, as pandas), but most pairs
    // keep exactly the rows where each of the two is defined: each variable's defined values
    // and their ranks are computed once and reused for every such pair (a million-row survey
    // ranked a million values twice per pair, about half of its capacity step). Every
    // variable's ranks are used, at least by its pair with itself.
    let dense: Vec<Dense> = par::map(threads, k, || (), |_, i| Dense::of(&vars[i].1));
    let pairs: Vec<(usize, usize)> = (0..k).flat_map(|i| (i..k).map(move |j| (i, j))).collect();
    let coefficients = par::map(
        threads,
        pairs.len(),
        || (),
        |_, p| {
            let (i, j) = pairs[p];
            if dense[i].mask == dense[j].mask {
                let (x, y) = (&dense[i], &dense[j]);
                (
                    x.values.len(),
                    pearson_of(&x.values, &y.values, x.moments.0, y.moments.0),
                    pearson_of(&x.ranks, &y.ranks, x.moments.1, y.moments.1),
                )
            } else {
                let (xs, ys): (Vec<f64>, Vec<f64>) =
                    vars[i].1.iter().zip(&vars[j].1).filter_map(|(a, b)| Some(((*a)?, (*b)?))).unzip();
                (xs.len(), pearson(&xs, &ys), spearman(&xs, &ys))
            }
        },
    );
    for (&(i, j), (n, r, rho)) in pairs.iter().zip(coefficients) {
        for (a, b) in [(i, j), (j, i)] {
            m.n[a][b] = n;
            m.pearson[a][b] = r;
            m.spearman[a][b] = rho;
            m.pearson_p[a][b] = r.and_then(|r| correlation_p(r, n));
            m.spearman_p[a][b] = rho.and_then(|r| correlation_p(r, n));
        }
    }
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlations_with_shared_and_different_missing_rows_match_pairwise_deletion() {
        // a and b are defined on the same rows (the shared-ranks path); c misses other rows.
        let a = vec![Some(1.0), Some(2.0), None, Some(4.0), Some(3.0), Some(2.0)];
        let b = vec![Some(2.0), Some(1.0), None, Some(5.0), Some(5.0), Some(3.0)];
        let c = vec![Some(3.0), None, Some(1.0), Some(2.0), Some(6.0), Some(2.0)];
        let vars = [("a".to_string(), a.clone()), ("b".to_string(), b.clone())];
        let numeric = [("c".to_string(), c.clone())];
        let m = correlations(&vars, &numeric, Threads::ONE).unwrap();
        for t in [2, 3, 7] {
            assert_eq!(correlations(&vars, &numeric, Threads::new(t)).as_ref(), Some(&m), "{t} threads");
        }
        let pair = |x: &[Option<f64>], y: &[Option<f64>]| -> (Vec<f64>, Vec<f64>) {
            x.iter().zip(y).filter_map(|(p, q)| Some(((*p)?, (*q)?))).unzip()
        };
        let cols = [&a, &b, &c];
        for i in 0..3 {
            for j in 0..3 {
                let (xs, ys) = pair(cols[i], cols[j]);
                assert_eq!(m.n[i][j], xs.len());
                assert_eq!(m.pearson[i][j], pearson(&xs, &ys), "{i} {j}");
                assert_eq!(m.spearman[i][j], spearman(&xs, &ys), "{i} {j}");
            }
        }
        // By hand: ranks of a on its rows are 1, 2.5, 5, 4, 2.5 and of b 2, 1, 4.5, 4.5, 3;
        // Spearman's rho is the Pearson correlation of those ranks.
        let (ra, rb) = ([1.0, 2.5, 5.0, 4.0, 2.5], [2.0, 1.0, 4.5, 4.5, 3.0]);
        let (ma, mb) = (3.0, 3.0);
        let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
        let va: f64 = ra.iter().map(|x| (x - ma) * (x - ma)).sum();
        let vb: f64 = rb.iter().map(|y| (y - mb) * (y - mb)).sum();
        assert!((m.spearman[0][1].unwrap() - cov / (va * vb).sqrt()).abs() < 1e-12);
    }
}
