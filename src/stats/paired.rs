//! Paired comparisons of two rounds (scipy semantics, named per function): the paired t test,
//! the Wilcoxon signed-rank test and Cohen's d_z; and the adjusted Rand index of two
//! partitions (scikit-learn semantics).

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::{finite, mean, ranks, sd};

/// Result of a paired t test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedT {
    /// t = mean(d) / (sd(d) / √n).
    pub t: f64,
    /// Two-sided p with n − 1 degrees of freedom.
    pub p: f64,
}

/// scipy `stats.ttest_rel(later, earlier)` on the differences `d` (later − earlier): `None`
/// below two pairs or when every difference is equal (scipy then gives NaN or ±inf).
pub fn paired_t(d: &[f64]) -> Option<PairedT> {
    let n = d.len();
    if n < 2 {
        return None;
    }
    let m = mean(d)?;
    let s = sd(d)?;
    if s == 0.0 {
        return None;
    }
    let t = m / (s / (n as f64).sqrt());
    let dist = StudentsT::new(0.0, 1.0, (n - 1) as f64).ok()?;
    Some(PairedT { t: finite(t)?, p: finite((2.0 * dist.sf(t.abs())).min(1.0))? })
}

/// Cohen's d_z: mean(d) / sd(d) (sd with n − 1); `None` below two pairs or with no spread.
pub fn cohen_dz(d: &[f64]) -> Option<f64> {
    let s = sd(d)?;
    if s == 0.0 {
        return None;
    }
    finite(mean(d)? / s)
}

/// How a Wilcoxon p-value was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WilcoxonMethod {
    /// The exact null distribution of the signed-rank sum (no ties, no zero differences, at
    /// most 50 pairs).
    Exact,
    /// Every sign assignment enumerated (ties or zeros, at most 13 pairs): scipy's
    /// `PermutationMethod`, which is exact at this size.
    Permutation,
    /// The normal approximation with the tie correction and no continuity correction.
    Normal,
}

impl WilcoxonMethod {
    /// The report's word for the method.
    pub fn key(self) -> &'static str {
        match self {
            WilcoxonMethod::Exact => "exact",
            WilcoxonMethod::Permutation => "permutation",
            WilcoxonMethod::Normal => "normal",
        }
    }
}

/// scipy `stats.wilcoxon(later, earlier)` with its defaults (`zero_method="wilcox"`,
/// `correction=False`, `method="auto"`, two-sided) on the differences `d`: zero differences are
/// dropped from the ranks; with more than 50 pairs (zeros counted) the normal approximation;
/// else the exact distribution when there are no ties and no zeros; else, up to 13 pairs,
/// every sign assignment; else the normal approximation. `None` when every difference is 0.
pub fn wilcoxon(d: &[f64]) -> Option<(f64, WilcoxonMethod)> {
    let nonzero: Vec<f64> = d.iter().copied().filter(|x| *x != 0.0).collect();
    if nonzero.is_empty() {
        return None;
    }
    let abs: Vec<f64> = nonzero.iter().map(|x| x.abs()).collect();
    let (r, tie_term) = ranks(&abs);
    let r_plus: f64 = nonzero.iter().zip(&r).filter(|(x, _)| **x > 0.0).map(|(_, r)| r).sum();
    let has_ties = tie_term > 0.0;
    let zeros = d.len() - nonzero.len();
    let method = if d.len() > 50 {
        WilcoxonMethod::Normal
    } else if !has_ties && zeros == 0 {
        WilcoxonMethod::Exact
    } else if d.len() <= 13 {
        WilcoxonMethod::Permutation
    } else {
        WilcoxonMethod::Normal
    };
    let p = match method {
        WilcoxonMethod::Exact => exact_p(nonzero.len(), r_plus),
        WilcoxonMethod::Permutation => permutation_p(&r, r_plus),
        WilcoxonMethod::Normal => normal_p(nonzero.len() as f64, r_plus, tie_term)?,
    };
    Some((finite(p.clamp(0.0, 1.0))?, method))
}

/// Two-sided exact p: 2 · min(P(T ≤ ⌈r₊⌉), P(T ≥ ⌊r₊⌋)) under the null distribution of the
/// signed-rank sum of n untied ranks (counts by dynamic programming).
fn exact_p(n: usize, r_plus: f64) -> f64 {
    let max = n * (n + 1) / 2;
    let mut counts = vec![0.0f64; max + 1];
    counts[0] = 1.0;
    for k in 1..=n {
        for s in (k..=max).rev() {
            counts[s] += counts[s - k];
        }
    }
    let total: f64 = counts.iter().sum();
    let hi = (r_plus.ceil() as usize).min(max);
    let lo = (r_plus.floor() as usize).min(max);
    let cdf: f64 = counts[..=hi].iter().sum::<f64>() / total;
    let sf: f64 = counts[lo..].iter().sum::<f64>() / total;
    2.0 * cdf.min(sf)
}

/// Two-sided p over every assignment of signs to the ranks `r` (scipy `permutation_test`,
/// exact when all 2ⁿ assignments are enumerated): 2 · min(share ≤ r₊, share ≥ r₊), comparing
/// with scipy's relative tolerance.
fn permutation_p(r: &[f64], r_plus: f64) -> f64 {
    let n = r.len();
    let gamma = (r_plus * f64::EPSILON * 100.0).abs();
    let (mut less, mut greater) = (0u64, 0u64);
    let total = 1u64 << n;
    for mask in 0..total {
        let s: f64 = (0..n).filter(|i| mask >> i & 1 == 1).map(|i| r[i]).sum();
        if s <= r_plus + gamma {
            less += 1;
        }
        if s >= r_plus - gamma {
            greater += 1;
        }
    }
    2.0 * (less.min(greater) as f64 / total as f64)
}

/// Two-sided p of z = (r₊ − n(n+1)/4) / √((n(n+1)(2n+1) − Σ(t³ − t)/2) / 24).
fn normal_p(n: f64, r_plus: f64, tie_term: f64) -> Option<f64> {
    let se = ((n * (n + 1.0) * (2.0 * n + 1.0) - tie_term / 2.0) / 24.0).sqrt();
    if se == 0.0 || !se.is_finite() {
        return None;
    }
    let z = (r_plus - n * (n + 1.0) / 4.0) / se;
    Some(2.0 * Normal::new(0.0, 1.0).ok()?.sf(z.abs()))
}

/// scikit-learn `adjusted_rand_score(a, b)` of two labelings of the same items, from the pair
/// confusion matrix: 1 when the two agree on every pair (including one cluster each, or every
/// item alone in both); `None` for fewer than one item or lengths that differ.
pub fn adjusted_rand(a: &[usize], b: &[usize]) -> Option<f64> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let n = a.len() as f64;
    let mut cells: std::collections::HashMap<(usize, usize), f64> = std::collections::HashMap::new();
    let mut rows: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
    let mut cols: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
    for (x, y) in a.iter().zip(b) {
        *cells.entry((*x, *y)).or_default() += 1.0;
        *rows.entry(*x).or_default() += 1.0;
        *cols.entry(*y).or_default() += 1.0;
    }
    let sum_squares: f64 = cells.values().map(|c| c * c).sum();
    let tp = sum_squares - n;
    let fp = cells.iter().map(|((_, y), c)| c * cols[y]).sum::<f64>() - sum_squares;
    let fn_ = cells.iter().map(|((x, _), c)| c * rows[x]).sum::<f64>() - sum_squares;
    let tn = n * n - fp - fn_ - sum_squares;
    if fn_ == 0.0 && fp == 0.0 {
        return Some(1.0);
    }
    finite(2.0 * (tp * tn - fn_ * fp) / ((tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn)))
}
