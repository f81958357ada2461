//! Internal-consistency reliability: Cronbach's alpha, listwise and pairwise.

use crate::stats::{covariance, finite, variance};

/// Cronbach's alpha of complete rows (`rows[i][j]` = item j of case i):
/// `k/(k−1) · (1 − Σ var(item) / var(total))` with sample variances.
///
/// `None` with fewer than two items or two rows, or when the total has zero variance.
///
/// # Complexity
/// O(rows · items).
pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<f64> {
    let k = rows.first()?.len();
    if k < 2 || rows.len() < 2 {
        return None;
    }
    let item_var: f64 =
        (0..k).map(|j| variance(&rows.iter().map(|r| r[j]).collect::<Vec<_>>())).sum::<Option<f64>>()?;
    let totals: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
    let total_var = variance(&totals)?;
    if total_var == 0.0 {
        return None;
    }
    finite(k as f64 / (k as f64 - 1.0) * (1.0 - item_var / total_var))
}

/// Cronbach's alpha from the pairwise-complete covariance matrix, as pingouin's
/// `cronbach_alpha(nan_policy='pairwise')`: `k/(k−1) · (1 − trace(C) / sum(C))`.
///
/// Each covariance uses the rows where both items are answered; `None` when a pair has fewer
/// than two such rows or the matrix sums to zero.
pub fn cronbach_alpha_pairwise(rows: &[Vec<Option<f64>>]) -> Option<f64> {
    let k = rows.first()?.len();
    if k < 2 {
        return None;
    }
    let mut trace = 0.0;
    let mut total = 0.0;
    for i in 0..k {
        for j in i..k {
            let (xs, ys): (Vec<f64>, Vec<f64>) = rows.iter().filter_map(|r| Some((r[i]?, r[j]?))).unzip();
            let c = covariance(&xs, &ys)?;
            if i == j {
                trace += c;
                total += c;
            } else {
                total += 2.0 * c;
            }
        }
    }
    if total == 0.0 {
        return None;
    }
    finite(k as f64 / (k as f64 - 1.0) * (1.0 - trace / total))
}
