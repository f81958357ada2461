//! Internal-consistency reliability: Cronbach's alpha, listwise and pairwise.

use crate::stats::{Moments, finite, moments, pearson_with, variance};

/// Items of complete cases as columns: `columns[item][case]`, all of one length. The capacity
/// analysis holds items this way, so a million cases are read in long runs, not row by row.
pub type Columns = [Vec<f64>];

/// Cronbach's alpha of complete rows (`rows[i][j]` = item j of case i):
/// `k/(k−1) · (1 − Σ var(item) / var(total))` with sample variances.
///
/// `None` with fewer than two items or two rows, or when the total has zero variance.
///
/// # Complexity
/// O(rows · items).
pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<f64> {
    cronbach_alpha_columns(&transpose(rows))
}

/// [`cronbach_alpha`] of items given as [`Columns`].
pub fn cronbach_alpha_columns(columns: &Columns) -> Option<f64> {
    let k = columns.len();
    if k < 2 || columns[0].len() < 2 {
        return None;
    }
    alpha_of(columns, None)
}

/// The 95% confidence interval of Cronbach's alpha (Feldt, Woodruff & Salih 1987) as pingouin
/// `cronbach_alpha(ci=.95)` computes it: with n cases and k items, df₁ = n − 1 and
/// df₂ = (n − 1)(k − 1), the interval is 1 − (1 − α)·F₀.₉₇₅(df₁, df₂) to 1 − (1 − α)·F₀.₀₂₅(df₁, df₂).
/// `None` below two items or three cases.
pub fn alpha_ci(alpha: f64, n: usize, k: usize) -> Option<[f64; 2]> {
    use statrs::distribution::{ContinuousCDF, FisherSnedecor};
    if k < 2 || n < 3 || !alpha.is_finite() {
        return None;
    }
    let df1 = (n - 1) as f64;
    let f = FisherSnedecor::new(df1, df1 * (k - 1) as f64).ok()?;
    Some([
        finite(1.0 - (1.0 - alpha) * f.inverse_cdf(0.975))?,
        finite(1.0 - (1.0 - alpha) * f.inverse_cdf(0.025))?,
    ])
}

/// [`cronbach_alpha_columns`] without item `item` (the capacity report lists it for every item
/// of every dimension). `None` when fewer than two items remain.
pub fn alpha_if_dropped(columns: &Columns, item: usize) -> Option<f64> {
    if columns.len() < 3 || item >= columns.len() || columns[0].len() < 2 {
        return None;
    }
    alpha_of(columns, Some(item))
}

/// [`alpha_if_dropped`] of every item, in item order: each item's variance found once, and one
/// buffer for the totals (the same numbers: the sums run in the same order).
pub fn alphas_if_dropped(columns: &Columns) -> Vec<Option<f64>> {
    if columns.len() < 3 || columns[0].len() < 2 {
        return vec![None; columns.len()];
    }
    let variances: Vec<Option<f64>> = columns.iter().map(|c| variance(c)).collect();
    let mut totals = vec![0.0; columns[0].len()];
    (0..columns.len()).map(|skip| alpha_with(columns, Some(skip), &variances, &mut totals)).collect()
}

/// Alpha of the columns other than `skip`, summed in column order.
fn alpha_of(columns: &Columns, skip: Option<usize>) -> Option<f64> {
    let variances: Vec<Option<f64>> = columns.iter().map(|c| variance(c)).collect();
    alpha_with(columns, skip, &variances, &mut vec![0.0; columns[0].len()])
}

/// [`alpha_of`] from the columns' variances, with `totals` (one per case) as a work buffer.
fn alpha_with(
    columns: &Columns,
    skip: Option<usize>,
    variances: &[Option<f64>],
    totals: &mut [f64],
) -> Option<f64> {
    let kept = || (0..columns.len()).filter(move |j| Some(*j) != skip);
    let item_var: f64 = kept().map(|j| variances[j]).sum::<Option<f64>>()?;
    totals.iter_mut().for_each(|t| *t = 0.0);
    for j in kept() {
        for (t, v) in totals.iter_mut().zip(&columns[j]) {
            *t += v;
        }
    }
    let total_var = variance(totals)?;
    if total_var == 0.0 {
        return None;
    }
    let k = kept().count() as f64;
    finite(k / (k - 1.0) * (1.0 - item_var / total_var))
}

/// Rows as [`Columns`] (no columns when there are no rows).
pub fn transpose(rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = rows.first().map_or(0, Vec::len);
    (0..k).map(|j| rows.iter().map(|r| r[j]).collect()).collect()
}

/// Cronbach's alpha from the pairwise-complete covariance matrix, as pingouin's
/// `cronbach_alpha(nan_policy='pairwise')`: `k/(k−1) · (1 − trace(C) / sum(C))`.
///
/// Each covariance uses the rows where both items are answered; `None` when a pair has fewer
/// than two such rows or the matrix sums to zero.
pub fn cronbach_alpha_pairwise(rows: &[Vec<Option<f64>>]) -> Option<f64> {
    let k = rows.first()?.len();
    let columns: Vec<Vec<Option<f64>>> = (0..k).map(|j| rows.iter().map(|r| r[j]).collect()).collect();
    cronbach_alpha_pairwise_columns(&columns)
}

/// [`cronbach_alpha_pairwise`] of items given as columns (`columns[item][case]`), the way the
/// capacity analysis holds them.
pub fn cronbach_alpha_pairwise_columns(columns: &[Vec<Option<f64>>]) -> Option<f64> {
    let k = columns.len();
    if k < 2 {
        return None;
    }
    let mut trace = 0.0;
    let mut total = 0.0;
    for i in 0..k {
        for j in i..k {
            let c = pairwise_covariance(&columns[i], &columns[j])?;
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

/// `stats::covariance` of the cases where both items are answered, read in place: the same
/// sums in the same order, without copying the pairs (36 pairs of a million answers per
/// dimension were 72 vectors of 8 MB).
fn pairwise_covariance(a: &[Option<f64>], b: &[Option<f64>]) -> Option<f64> {
    let pairs = || a.iter().zip(b).filter_map(|(x, y)| Some(((*x)?, (*y)?)));
    // The count and both sums in one pass, each sum from −0 in case order as `mean` adds.
    let (n, sx, sy) = pairs().fold((0usize, -0.0, -0.0), |(n, sx, sy), (x, y)| (n + 1, sx + x, sy + y));
    if n < 2 {
        return None;
    }
    let (mx, my) = (finite(sx / n as f64)?, finite(sy / n as f64)?);
    finite(pairs().map(|(x, y)| (x - mx) * (y - my)).sum::<f64>() / (n - 1) as f64)
}

/// Pearson correlation matrix of complete cases; `None` if any pair is undefined.
fn correlation_matrix(cols: &Columns) -> Option<Vec<Vec<f64>>> {
    let k = cols.len();
    let mut r = vec![vec![1.0; k]; k];
    let moments: Vec<Option<Moments>> = cols.iter().map(|c| moments(c)).collect();
    for i in 0..k {
        for j in (i + 1)..k {
            let c = match (moments[i], moments[j]) {
                (Some(mi), Some(mj)) => pearson_with(&cols[i], &cols[j], mi, mj)?,
                _ => return None,
            };
            r[i][j] = c;
            r[j][i] = c;
        }
    }
    Some(r)
}

/// Standardized alpha, k r̄ / (1 + (k − 1) r̄) with r̄ the mean inter-item correlation of
/// complete rows.
pub fn standardized_alpha(columns: &Columns) -> Option<f64> {
    let k = columns.len();
    if k < 2 || columns[0].len() < 3 {
        return None;
    }
    let r = correlation_matrix(columns)?;
    let pairs = (k * (k - 1) / 2) as f64;
    let mean_r =
        (0..k).flat_map(|i| ((i + 1)..k).map(move |j| (i, j))).map(|(i, j)| r[i][j]).sum::<f64>() / pairs;
    let kf = k as f64;
    finite(kf * mean_r / (1.0 + (kf - 1.0) * mean_r))
}

/// McDonald's omega total, (Σλ)² / ((Σλ)² + Σ(1 − λ²)), from a one-factor model fitted by
/// iterated principal-axis factoring of the correlation matrix of complete rows (communalities
/// start at each item's largest absolute correlation, are capped at 0.995, and are iterated to
/// a change below 1e-8). `None` with fewer than three items or rows, or without convergence.
pub fn omega_total(columns: &Columns) -> Option<f64> {
    let k = columns.len();
    if k < 3 || columns[0].len() < 3 {
        return None;
    }
    let r = correlation_matrix(columns)?;
    let mut h2: Vec<f64> =
        (0..k).map(|i| (0..k).filter(|j| *j != i).map(|j| r[i][j].abs()).fold(0.0, f64::max)).collect();
    let mut loadings = vec![0.0; k];
    for _ in 0..500 {
        let mut reduced = r.clone();
        for i in 0..k {
            reduced[i][i] = h2[i];
        }
        let (value, vector) = leading_eigen(&reduced)?;
        if value <= 0.0 {
            return None;
        }
        loadings = vector.iter().map(|v| v * value.sqrt()).collect();
        let next: Vec<f64> = loadings.iter().map(|l| (l * l).min(0.995)).collect();
        let change = next.iter().zip(&h2).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        h2 = next;
        if change < 1e-8 {
            let sum: f64 = loadings.iter().sum::<f64>().abs();
            let unique: f64 = loadings.iter().map(|l| 1.0 - (l * l).min(0.995)).sum();
            return finite(sum * sum / (sum * sum + unique));
        }
    }
    None
}

/// Largest eigenvalue and unit eigenvector of a symmetric matrix by power iteration (shifted by
/// the matrix's row-sum bound so the dominant eigenvalue is the largest one).
fn leading_eigen(m: &[Vec<f64>]) -> Option<(f64, Vec<f64>)> {
    let k = m.len();
    let shift: f64 = m.iter().map(|row| row.iter().map(|v| v.abs()).sum::<f64>()).fold(0.0, f64::max);
    let mut v = vec![1.0 / (k as f64).sqrt(); k];
    for _ in 0..10_000 {
        let mut w: Vec<f64> =
            (0..k).map(|i| (0..k).map(|j| m[i][j] * v[j]).sum::<f64>() + shift * v[i]).collect();
        let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            return None;
        }
        for x in w.iter_mut() {
            *x /= norm;
        }
        let diff = w.iter().zip(&v).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        v = w;
        if diff < 1e-13 {
            break;
        }
    }
    let value: f64 = (0..k).map(|i| v[i] * (0..k).map(|j| m[i][j] * v[j]).sum::<f64>()).sum();
    Some((value, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_if_dropped_is_alpha_of_the_rows_without_the_item() {
        let mut rng = crate::rng::Rng::new(3);
        let rows: Vec<Vec<f64>> =
            (0..40).map(|_| (0..5).map(|_| (1 + rng.below(5)) as f64 * 0.7).collect()).collect();
        for item in 0..5 {
            let dropped: Vec<Vec<f64>> = rows
                .iter()
                .map(|r| r.iter().enumerate().filter(|(j, _)| *j != item).map(|(_, v)| *v).collect())
                .collect();
            // Same sums in the same order: equal to the last bit.
            assert_eq!(alpha_if_dropped(&transpose(&rows), item), cronbach_alpha(&dropped));
            assert!(alpha_if_dropped(&transpose(&rows), item).is_some());
        }
        assert_eq!(alpha_if_dropped(&transpose(&rows[..1]), 0), None);
        assert_eq!(alpha_if_dropped(&[vec![1.0, 2.0], vec![2.0, 1.0]], 0), None);
        assert_eq!(alpha_if_dropped(&transpose(&rows), 5), None);
        // Every item at once: the same numbers as one at a time.
        let all = alphas_if_dropped(&transpose(&rows));
        assert_eq!(all, (0..5).map(|i| alpha_if_dropped(&transpose(&rows), i)).collect::<Vec<_>>());
        assert_eq!(alphas_if_dropped(&transpose(&rows[..1])), vec![None; 5]);
    }

    #[test]
    fn pairwise_covariance_is_covariance_of_the_answered_pairs() {
        let mut rng = crate::rng::Rng::new(11);
        let column = |rng: &mut crate::rng::Rng| -> Vec<Option<f64>> {
            (0..60).map(|_| (rng.below(4) > 0).then(|| (1 + rng.below(5)) as f64 * 0.3)).collect()
        };
        for _ in 0..20 {
            let (a, b) = (column(&mut rng), column(&mut rng));
            let (xs, ys): (Vec<f64>, Vec<f64>) =
                a.iter().zip(&b).filter_map(|(x, y)| Some(((*x)?, (*y)?))).unzip();
            // The same sums in the same order: equal to the last bit.
            assert_eq!(pairwise_covariance(&a, &b), crate::stats::covariance(&xs, &ys));
        }
        assert_eq!(pairwise_covariance(&[Some(1.0), None], &[Some(2.0), Some(3.0)]), None);
    }

    #[test]
    fn omega_equals_standardized_alpha_under_equal_correlations() {
        // Cyclic shifts of each base row make the 3×3 correlation matrix circulant, so every
        // inter-item correlation is equal (r). A one-factor model then has loadings √r and
        // omega = 3r / (1 + 2r) = standardized alpha.
        let base = [[1.0, 2.0, 3.0], [2.0, 2.0, 4.0], [5.0, 4.0, 4.0], [3.0, 5.0, 5.0], [1.0, 1.0, 2.0]];
        let mut rows = Vec::new();
        for b in base {
            rows.push(vec![b[0], b[1], b[2]]);
            rows.push(vec![b[1], b[2], b[0]]);
            rows.push(vec![b[2], b[0], b[1]]);
        }
        let omega = omega_total(&transpose(&rows)).unwrap();
        let std_alpha = standardized_alpha(&transpose(&rows)).unwrap();
        assert!((omega - std_alpha).abs() < 1e-6, "{omega} vs {std_alpha}");
        assert!(omega > 0.0 && omega < 1.0);
        assert_eq!(omega_total(&transpose(&[vec![1.0, 2.0], vec![2.0, 3.0], vec![3.0, 5.0]])), None);
    }
}
