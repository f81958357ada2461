//! Hypothesis tests with scipy semantics (each function names the scipy function it matches):
//! Kruskal–Wallis, Mann–Whitney U, chi-square test of independence, correlation p-values,
//! confidence intervals of means, Holm's correction.
//!
//! Distribution functions come from `statrs` (pure Rust, builds for wasm32).

use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

use super::{finite, mean, sd};

/// Result of a Kruskal–Wallis H test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KruskalWallis {
    /// H statistic, corrected for ties.
    pub h: f64,
    /// Degrees of freedom (groups − 1).
    pub df: usize,
    /// p-value from the chi-square distribution.
    pub p: f64,
    /// Effect size ε² = H / (N − 1) (Tomczak & Tomczak 2014).
    pub epsilon2: f64,
    /// Observations.
    pub n: usize,
}

/// scipy `stats.kruskal`: H = 12 / (N(N+1)) Σ Rᵢ²/nᵢ − 3(N+1), divided by the tie correction
/// 1 − Σ(t³ − t)/(N³ − N). Empty groups are skipped; `None` with fewer than two non-empty groups
/// or when every value is equal.
pub fn kruskal_wallis(groups: &[Vec<f64>]) -> Option<KruskalWallis> {
    let sorted: Vec<Vec<f64>> = groups.iter().map(|g| sorted_sample(g)).collect();
    kruskal_wallis_sorted(&sorted)
}

/// [`kruskal_wallis`] of groups already sorted by [`sorted_sample`]: their merge visits the runs
/// of equal values in the order `ranks` does, so each group's rank sum (exact: multiples of ½
/// below 2⁵³) and the tie term are the same numbers.
pub fn kruskal_wallis_sorted(groups: &[Vec<f64>]) -> Option<KruskalWallis> {
    let groups: Vec<&Vec<f64>> = groups.iter().filter(|g| !g.is_empty()).collect();
    if groups.len() < 2 {
        return None;
    }
    let total: usize = groups.iter().map(|g| g.len()).sum();
    let n = total as f64;
    let mut next = vec![0usize; groups.len()];
    let mut rank_sums = vec![0.0; groups.len()];
    let (mut position, mut ties) = (0usize, 0.0);
    let mut in_run = vec![0usize; groups.len()];
    while position < total {
        // The run starts at the smallest next value (in `total_cmp` order) of any group.
        let first = (0..groups.len())
            .filter(|g| next[*g] < groups[*g].len())
            .min_by(|a, b| groups[*a][next[*a]].total_cmp(&groups[*b][next[*b]]))?;
        let value = groups[first][next[first]];
        let mut run = 0;
        for (g, group) in groups.iter().enumerate() {
            let start = next[g] + usize::from(g == first);
            let mut end = start;
            while end < group.len() && group[end] == value {
                end += 1;
            }
            in_run[g] = end - next[g];
            next[g] = end;
            run += in_run[g];
        }
        let average = (position + position + run - 1) as f64 / 2.0 + 1.0;
        for (sum, count) in rank_sums.iter_mut().zip(&in_run) {
            *sum += *count as f64 * average;
        }
        let t = run as f64;
        ties += t * t * t - t;
        position += run;
    }
    let correction = 1.0 - ties / (n * n * n - n);
    if correction <= 0.0 {
        return None;
    }
    let mut sum = 0.0;
    for (g, rs) in groups.iter().zip(&rank_sums) {
        sum += rs * rs / g.len() as f64;
    }
    let h = (12.0 / (n * (n + 1.0)) * sum - 3.0 * (n + 1.0)) / correction;
    let df = groups.len() - 1;
    let p = ChiSquared::new(df as f64).ok()?.sf(h);
    Some(KruskalWallis { h: finite(h)?, df, p: finite(p)?, epsilon2: finite(h / (n - 1.0))?, n: total })
}

/// Result of a Mann–Whitney U test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MannWhitney {
    /// U statistic of the first sample.
    pub u: f64,
    /// Two-sided p-value (normal approximation with tie and continuity corrections).
    pub p: f64,
}

/// scipy `stats.mannwhitneyu(x, y, method="asymptotic")` (two-sided, continuity correction).
/// `None` when a sample is empty or all values are tied.
pub fn mann_whitney(x: &[f64], y: &[f64]) -> Option<MannWhitney> {
    mann_whitney_sorted(&sorted_sample(x), &sorted_sample(y))
}

/// A sample in ascending `f64::total_cmp` order, for [`mann_whitney_sorted`]: a comparison of
/// several groups two by two sorts each group once instead of once per pair.
pub fn sorted_sample(xs: &[f64]) -> Vec<f64> {
    let mut sorted = xs.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    sorted
}

/// [`mann_whitney`] of two samples already sorted by [`sorted_sample`]. Their merge visits the
/// combined sample's runs of equal values in the order `ranks` does, so the rank sum and the
/// tie term are the same numbers: every rank is a multiple of ½ and every partial sum is below
/// 2⁵³, so both are exact whatever order the ranks are added in.
pub fn mann_whitney_sorted(x: &[f64], y: &[f64]) -> Option<MannWhitney> {
    if x.is_empty() || y.is_empty() {
        return None;
    }
    let (n1, n2) = (x.len() as f64, y.len() as f64);
    let n = n1 + n2;
    let (mut i, mut j, mut position) = (0usize, 0usize, 0usize);
    let (mut r1, mut ties) = (0.0, 0.0);
    while i < x.len() || j < y.len() {
        let from_x = match (x.get(i), y.get(j)) {
            (Some(a), Some(b)) => a.total_cmp(b).is_le(),
            (a, _) => a.is_some(),
        };
        // A run starts at the smaller next value and takes every equal value of both samples
        // (−0 and +0 are equal and adjacent in this order; a NaN is a run of its own).
        let value = if from_x { x[i] } else { y[j] };
        let (mut in_x, mut in_y) = if from_x { (1usize, 0usize) } else { (0, 1) };
        if from_x {
            i += 1
        } else {
            j += 1
        }
        while i < x.len() && x[i] == value {
            (i, in_x) = (i + 1, in_x + 1);
        }
        while j < y.len() && y[j] == value {
            (j, in_y) = (j + 1, in_y + 1);
        }
        let run = in_x + in_y;
        let average = (position + position + run - 1) as f64 / 2.0 + 1.0;
        r1 += in_x as f64 * average;
        let t = run as f64;
        ties += t * t * t - t;
        position += run;
    }
    let u1 = r1 - n1 * (n1 + 1.0) / 2.0;
    let u2 = n1 * n2 - u1;
    let mu = n1 * n2 / 2.0;
    let s = (n1 * n2 / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)))).sqrt();
    if s == 0.0 || !s.is_finite() {
        return None;
    }
    let z = (u1.max(u2) - mu - 0.5) / s;
    let p = (2.0 * Normal::new(0.0, 1.0).ok()?.sf(z)).min(1.0);
    Some(MannWhitney { u: u1, p: finite(p)? })
}

/// Holm's step-down adjustment of p-values (statsmodels `multipletests(method="holm")`).
pub fn holm(ps: &[f64]) -> Vec<f64> {
    let m = ps.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|a, b| ps[*a].total_cmp(&ps[*b]));
    let mut out = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (i, &k) in order.iter().enumerate() {
        running = running.max((ps[k] * (m - i) as f64).min(1.0));
        out[k] = running;
    }
    out
}

/// Result of a chi-square test of independence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChiSquare {
    /// Pearson's X².
    pub chi2: f64,
    /// Degrees of freedom (r − 1)(c − 1).
    pub df: usize,
    /// p-value.
    pub p: f64,
    /// Cramér's V = √(X² / (N (min(r, c) − 1))).
    pub cramers_v: f64,
    /// Observations.
    pub n: usize,
    /// Share of cells with expected count below 5.
    pub low_expected_share: f64,
    /// Smallest expected count.
    pub min_expected: f64,
}

/// scipy `stats.chi2_contingency(table, correction=False)` plus Cramér's V. Empty rows and
/// columns are dropped; `None` when fewer than two rows or columns remain.
pub fn chi_square(table: &[Vec<f64>]) -> Option<ChiSquare> {
    let rows: Vec<&Vec<f64>> = table.iter().filter(|r| r.iter().sum::<f64>() > 0.0).collect();
    let ncol = rows.first()?.len();
    let cols: Vec<usize> = (0..ncol).filter(|c| rows.iter().map(|r| r[*c]).sum::<f64>() > 0.0).collect();
    if rows.len() < 2 || cols.len() < 2 {
        return None;
    }
    let n: f64 = rows.iter().map(|r| cols.iter().map(|c| r[*c]).sum::<f64>()).sum();
    let row_tot: Vec<f64> = rows.iter().map(|r| cols.iter().map(|c| r[*c]).sum()).collect();
    let col_tot: Vec<f64> = cols.iter().map(|c| rows.iter().map(|r| r[*c]).sum()).collect();
    let (mut chi2, mut low, mut min_e) = (0.0, 0usize, f64::MAX);
    for (i, r) in rows.iter().enumerate() {
        for (j, c) in cols.iter().enumerate() {
            let e = row_tot[i] * col_tot[j] / n;
            chi2 += (r[*c] - e).powi(2) / e;
            if e < 5.0 {
                low += 1;
            }
            min_e = min_e.min(e);
        }
    }
    let df = (rows.len() - 1) * (cols.len() - 1);
    let p = ChiSquared::new(df as f64).ok()?.sf(chi2);
    let k = rows.len().min(cols.len()) as f64;
    Some(ChiSquare {
        chi2: finite(chi2)?,
        df,
        p: finite(p)?,
        cramers_v: finite((chi2 / (n * (k - 1.0))).sqrt())?,
        n: n as usize,
        low_expected_share: low as f64 / (rows.len() * cols.len()) as f64,
        min_expected: min_e,
    })
}

/// Two-sided p-value of a correlation r from n pairs, from t = r √((n − 2)/(1 − r²)) with n − 2
/// degrees of freedom (scipy `pearsonr`; `spearmanr` uses the same approximation).
pub fn correlation_p(r: f64, n: usize) -> Option<f64> {
    if n < 3 {
        return None;
    }
    if r.abs() >= 1.0 {
        return Some(0.0);
    }
    let df = (n - 2) as f64;
    let t = r * (df / (1.0 - r * r)).sqrt();
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    finite(2.0 * dist.sf(t.abs()))
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom (for 95% intervals).
pub fn t_quantile_975(df: usize) -> Option<f64> {
    if df == 0 {
        return None;
    }
    finite(StudentsT::new(0.0, 1.0, df as f64).ok()?.inverse_cdf(0.975))
}

/// The 95% confidence interval of a mean from its SD and number of values,
/// mean ± t₀.₉₇₅(n − 1) · sd / √n; `None` below two values. The one place the interval is
/// computed: group and community means ([`mean_ci95`]) and the chart of dimension means use it.
pub fn ci95(mean: f64, sd: f64, n: usize) -> Option<(f64, f64)> {
    let t = t_quantile_975(n.checked_sub(1)?)?;
    let half = t * sd / (n as f64).sqrt();
    Some((finite(mean - half)?, finite(mean + half)?))
}

/// Mean with its 95% confidence interval ([`ci95`]); `None` below two values.
pub fn mean_ci95(xs: &[f64]) -> Option<(f64, f64, f64)> {
    let m = mean(xs)?;
    let (lo, hi) = ci95(m, sd(xs)?, xs.len())?;
    Some((m, lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b}");
    }

    #[test]
    fn kruskal_scipy_docs_example() {
        // scipy.stats.kruskal documentation (Hollander & Wolfe data):
        // statistic 0.7714285714285722, pvalue 0.6799647735788936.
        let x = vec![2.9, 3.0, 2.5, 2.6, 3.2];
        let y = vec![3.8, 2.7, 4.0, 2.4];
        let z = vec![2.8, 3.4, 3.7, 2.2, 2.0];
        let k = kruskal_wallis(&[x, y, z]).unwrap();
        close(k.h, 0.7714285714285722, 1e-12);
        close(k.p, 0.6799647735788936, 1e-9);
        assert_eq!(k.df, 2);
        close(k.epsilon2, k.h / 13.0, 1e-12);
        assert_eq!(kruskal_wallis(&[vec![1.0, 1.0], vec![1.0]]), None);
    }

    #[test]
    fn mann_whitney_by_hand() {
        // x = 1,2,3 vs y = 4,5,6: U1 = 0, μ = 4.5, σ = √(9/12 · 7) = 2.2913;
        // z = (9 − 4.5 − 0.5) / 2.2913 = 1.7457, p = 2 · sf(1.7457) = 0.08086.
        let m = mann_whitney(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]).unwrap();
        assert_eq!(m.u, 0.0);
        close(m.p, 0.08085559, 1e-6);
    }

    /// The rank-sum definition `mann_whitney` had before it merged sorted samples.
    fn mann_whitney_by_ranks(x: &[f64], y: &[f64]) -> (f64, f64) {
        let all: Vec<f64> = x.iter().chain(y).copied().collect();
        let (r, ties) = crate::stats::ranks(&all);
        let r1: f64 = r[..x.len()].iter().sum();
        (r1 - x.len() as f64 * (x.len() as f64 + 1.0) / 2.0, ties)
    }

    /// The rank-based definition `kruskal_wallis` had before it merged sorted groups.
    fn kruskal_by_ranks(groups: &[Vec<f64>]) -> Option<(f64, f64)> {
        let all: Vec<f64> = groups.iter().flatten().copied().collect();
        let n = all.len() as f64;
        let (r, ties) = crate::stats::ranks(&all);
        let correction = 1.0 - ties / (n * n * n - n);
        let (mut start, mut sum) = (0, 0.0);
        for g in groups.iter().filter(|g| !g.is_empty()) {
            let rs: f64 = r[start..start + g.len()].iter().sum();
            sum += rs * rs / g.len() as f64;
            start += g.len();
        }
        (correction > 0.0)
            .then(|| ((12.0 / (n * (n + 1.0)) * sum - 3.0 * (n + 1.0)) / correction, correction))
    }

    /// A score with many ties (a multiple of 1/8, as a dimension mean of eight 1–5 items) or a
    /// signed zero.
    fn tied_score(rng: &mut crate::rng::Rng) -> f64 {
        match rng.below(12) {
            0 => -0.0,
            1 => 0.0,
            _ => 1.0 + rng.below(33) as f64 / 8.0,
        }
    }

    #[test]
    fn kruskal_merge_equals_ranks_bit_for_bit() {
        let mut rng = crate::rng::Rng::new(19);
        for round in 0..40 {
            let groups: Vec<Vec<f64>> = (0..2 + rng.below(7))
                .map(|_| (0..rng.below(20 + round * 5)).map(|_| tied_score(&mut rng)).collect())
                .collect();
            let expected = kruskal_by_ranks(&groups);
            match (kruskal_wallis(&groups), expected) {
                (Some(k), Some((h, _))) => assert_eq!(k.h.to_bits(), h.to_bits(), "round {round}"),
                (got, expected) => assert!(
                    got.is_none()
                        && (expected.is_none() || groups.iter().filter(|g| !g.is_empty()).count() < 2),
                    "round {round}: {got:?} vs {expected:?}"
                ),
            }
        }
    }

    #[test]
    fn mann_whitney_merge_equals_ranks_bit_for_bit() {
        // Tied scores and signed zeros in samples of unequal sizes: U and p as the rank-sum
        // definition gives them.
        let mut rng = crate::rng::Rng::new(7);
        for round in 0..40 {
            let (nx, ny) = (1 + rng.below(300), 1 + rng.below(40) + round);
            let mut draw = |n: usize| -> Vec<f64> { (0..n).map(|_| tied_score(&mut rng)).collect() };
            let (x, y) = (draw(nx), draw(ny));
            let (u, ties) = mann_whitney_by_ranks(&x, &y);
            let (n1, n2) = (nx as f64, ny as f64);
            let n = n1 + n2;
            let s = (n1 * n2 / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)))).sqrt();
            let expected_p = (2.0
                * Normal::new(0.0, 1.0).unwrap().sf((u.max(n1 * n2 - u) - n1 * n2 / 2.0 - 0.5) / s))
            .min(1.0);
            match mann_whitney(&x, &y) {
                Some(m) => {
                    assert_eq!(m.u.to_bits(), u.to_bits(), "round {round}");
                    assert_eq!(m.p.to_bits(), expected_p.to_bits(), "round {round}");
                }
                None => assert!(s == 0.0 || !s.is_finite(), "round {round}"),
            }
        }
    }

    #[test]
    fn holm_by_hand() {
        // Sorted 0.01, 0.02, 0.03 times 3, 2, 1 = 0.03, 0.04, 0.03 → running max 0.03, 0.04, 0.04.
        let adj = holm(&[0.03, 0.01, 0.02]);
        close(adj[1], 0.03, 1e-15);
        close(adj[2], 0.04, 1e-15);
        close(adj[0], 0.04, 1e-15);
    }

    #[test]
    fn chi_square_by_hand() {
        // [[10, 20], [20, 10]]: expected 15 everywhere, X² = 4 · 25/15 = 6.667, df 1,
        // p = 0.009823, V = √(6.667/60) = 0.3333.
        let c = chi_square(&[vec![10.0, 20.0], vec![20.0, 10.0]]).unwrap();
        close(c.chi2, 20.0 / 3.0, 1e-12);
        assert_eq!(c.df, 1);
        close(c.p, 0.009823274507519235, 1e-9);
        close(c.cramers_v, 1.0 / 3.0, 1e-12);
        assert_eq!(c.low_expected_share, 0.0);
    }

    #[test]
    fn correlation_p_and_ci() {
        // r = 0.5, n = 12: t = 0.5 √(10/0.75) = 1.8257, two-sided p with 10 df = 0.0979.
        close(correlation_p(0.5, 12).unwrap(), 0.09785, 1e-4);
        // 1..5: mean 3, sd 1.5811, t(4) = 2.7764: 3 ± 1.9632.
        let (m, lo, hi) = mean_ci95(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert_eq!(m, 3.0);
        close(lo, 3.0 - 1.963243, 1e-5);
        close(hi, 3.0 + 1.963243, 1e-5);
        assert_eq!(ci95(m, sd(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap(), 5), Some((lo, hi)));
        assert_eq!(ci95(3.0, 1.0, 1), None);
        assert_eq!(ci95(3.0, 1.0, 0), None);
    }
}
