//! Internal-consistency reliability: Cronbach's alpha, listwise and pairwise.

use crate::stats::{finite, variance};

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
    alpha_of(columns, &columns.iter().map(|c| variance(c)).collect::<Vec<_>>())
}

/// [`cronbach_alpha_columns`] with the columns' [`CrossProducts`] at hand (their variances).
pub fn cronbach_alpha_with(columns: &Columns, products: &CrossProducts) -> Option<f64> {
    if columns.len() < 2 || products.n() < 2 {
        return None;
    }
    alpha_of(columns, &products.variances())
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
    if item >= columns.len() {
        return None;
    }
    CrossProducts::of(columns)?.alpha_if_dropped(item)
}

/// Alpha of the columns, from their variances and the variance of their totals (summed in
/// column order).
fn alpha_of(columns: &Columns, variances: &[Option<f64>]) -> Option<f64> {
    let item_var: f64 = variances.iter().copied().sum::<Option<f64>>()?;
    let mut totals = vec![0.0; columns[0].len()];
    for column in columns {
        for (t, v) in totals.iter_mut().zip(column) {
            *t += v;
        }
    }
    let total_var = variance(&totals)?;
    if total_var == 0.0 {
        return None;
    }
    let k = columns.len() as f64;
    finite(k / (k - 1.0) * (1.0 - item_var / total_var))
}

/// The centred cross-product sums of complete columns, Σ (xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ) over the cases,
/// found once per dimension: every variance, covariance and correlation the reliability
/// statistics and the factor model need comes from them. Each sum runs over the cases in order
/// from −0, with the means `stats::mean` gives, so a variance, covariance or correlation is the
/// number `stats::variance`, `covariance` and `pearson` give; alpha without an item and an
/// item's correlation with the rest of its dimension are sums of these (equal to summing the
/// rest scores up to rounding, about 1e-15 relative). Before, a dimension of eight items of a
/// million organizations was about 700 passes over its answers; now it is 36, in blocks that
/// stay in the cache.
#[derive(Debug, Clone)]
pub struct CrossProducts {
    n: usize,
    means: Vec<f64>,
    sums: Vec<Vec<f64>>,
}

impl CrossProducts {
    /// Cases in a block: eight columns of 2,048 cases are 128 KB.
    const BLOCK: usize = 2048;

    /// The cross-products of `columns` (all of one length); `None` with no columns, fewer
    /// than two cases or a mean that is not finite.
    pub fn of(columns: &Columns) -> Option<Self> {
        let n = columns.first()?.len();
        if n < 2 || columns.iter().any(|c| c.len() != n) {
            return None;
        }
        let means: Vec<f64> = columns.iter().map(|c| crate::stats::mean(c)).collect::<Option<_>>()?;
        let k = columns.len();
        let mut sums = vec![vec![-0.0; k]; k];
        for start in (0..n).step_by(Self::BLOCK) {
            let end = (start + Self::BLOCK).min(n);
            for i in 0..k {
                let (a, ma) = (&columns[i][start..end], means[i]);
                for j in i..k {
                    let (b, mb) = (&columns[j][start..end], means[j]);
                    let mut sum = sums[i][j];
                    for (x, y) in a.iter().zip(b) {
                        sum += (x - ma) * (y - mb);
                    }
                    sums[i][j] = sum;
                }
            }
        }
        for i in 0..k {
            for j in 0..i {
                sums[i][j] = sums[j][i];
            }
        }
        Some(CrossProducts { n, means, sums })
    }

    /// Cases.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The columns' means.
    pub fn means(&self) -> &[f64] {
        &self.means
    }

    /// Σ (xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ).
    pub fn sum(&self, i: usize, j: usize) -> f64 {
        self.sums[i][j]
    }

    /// Sample covariance (denominator n − 1), as `stats::covariance`.
    pub fn covariance(&self, i: usize, j: usize) -> Option<f64> {
        finite(self.sums[i][j] / (self.n - 1) as f64)
    }

    /// Sample variances of every column, as `stats::variance`.
    pub fn variances(&self) -> Vec<Option<f64>> {
        (0..self.means.len()).map(|i| self.covariance(i, i)).collect()
    }

    /// Pearson correlation, as `stats::pearson`.
    fn correlation(&self, i: usize, j: usize) -> Option<f64> {
        let c = self.covariance(i, j)?;
        let (si, sj) = (self.covariance(i, i)?.sqrt(), self.covariance(j, j)?.sqrt());
        if si == 0.0 || sj == 0.0 {
            return None;
        }
        finite((c / (si * sj)).clamp(-1.0, 1.0))
    }

    /// Alpha of the columns other than `item`; `None` when fewer than two remain.
    pub fn alpha_if_dropped(&self, item: usize) -> Option<f64> {
        let k = self.means.len();
        if k < 3 || item >= k {
            return None;
        }
        let kept = || (0..k).filter(move |j| *j != item);
        let item_var: f64 = kept().map(|j| self.covariance(j, j)).sum::<Option<f64>>()?;
        let total_var = self.rest_variance(item)?;
        if total_var == 0.0 {
            return None;
        }
        let kept_k = (k - 1) as f64;
        finite(kept_k / (kept_k - 1.0) * (1.0 - item_var / total_var))
    }

    /// Correlation of item `item` with the sum of the other columns (the corrected item–total
    /// correlation); `None` with one column or a constant side.
    pub fn item_rest_correlation(&self, item: usize) -> Option<f64> {
        let k = self.means.len();
        if k < 2 || item >= k {
            return None;
        }
        let covariance = finite(
            (0..k).filter(|j| *j != item).map(|j| self.sums[item][j]).sum::<f64>() / (self.n - 1) as f64,
        )?;
        let (si, sr) = (self.covariance(item, item)?.sqrt(), self.rest_variance(item)?.sqrt());
        if si == 0.0 || sr == 0.0 {
            return None;
        }
        finite((covariance / (si * sr)).clamp(-1.0, 1.0))
    }

    /// Variance of the sum of the columns other than `item`; zero when it is within rounding of
    /// zero (the other items' covariances cancel: their sum is constant), as summing the rest
    /// scores and taking their variance would find.
    fn rest_variance(&self, item: usize) -> Option<f64> {
        let k = self.means.len();
        let scale: f64 = (0..k).filter(|j| *j != item).map(|j| self.sums[j][j]).sum();
        let sum: f64 = (0..k)
            .filter(|j| *j != item)
            .flat_map(|j| (0..k).filter(|l| *l != item).map(move |l| (j, l)))
            .map(|(j, l)| self.sums[j][l])
            .sum();
        if sum.abs() <= 1e-12 * scale {
            return Some(0.0);
        }
        finite(sum / (self.n - 1) as f64)
    }

    /// Pearson correlation matrix; `None` if any pair is undefined.
    pub fn correlation_matrix(&self) -> Option<Vec<Vec<f64>>> {
        let k = self.means.len();
        let mut r = vec![vec![1.0; k]; k];
        for i in 0..k {
            for j in (i + 1)..k {
                let c = self.correlation(i, j)?;
                r[i][j] = c;
                r[j][i] = c;
            }
        }
        Some(r)
    }
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
    pairwise_alpha(columns.len(), |i, j| pairwise_covariance(&columns[i], &columns[j]))
}

/// [`cronbach_alpha_pairwise_columns`] of columns without a missing answer, from their
/// [`CrossProducts`]: every pair is then complete and each covariance is the same number.
pub fn cronbach_alpha_pairwise_with(products: &CrossProducts) -> Option<f64> {
    pairwise_alpha(products.means().len(), |i, j| products.covariance(i, j))
}

/// `k/(k−1) · (1 − trace(C) / sum(C))` of the covariances `covariance(i, j)`.
fn pairwise_alpha(k: usize, covariance: impl Fn(usize, usize) -> Option<f64>) -> Option<f64> {
    if k < 2 {
        return None;
    }
    let mut trace = 0.0;
    let mut total = 0.0;
    for i in 0..k {
        for j in i..k {
            let c = covariance(i, j)?;
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

/// Standardized alpha, k r̄ / (1 + (k − 1) r̄) with r̄ the mean inter-item correlation of
/// complete rows.
pub fn standardized_alpha(columns: &Columns) -> Option<f64> {
    standardized_alpha_with(&CrossProducts::of(columns)?)
}

/// [`standardized_alpha`] from the columns' [`CrossProducts`].
pub fn standardized_alpha_with(products: &CrossProducts) -> Option<f64> {
    let k = products.means().len();
    if k < 2 || products.n() < 3 {
        return None;
    }
    let r = products.correlation_matrix()?;
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
    omega_total_with(&CrossProducts::of(columns)?)
}

/// [`omega_total`] from the columns' [`CrossProducts`].
pub fn omega_total_with(products: &CrossProducts) -> Option<f64> {
    let k = products.means().len();
    if k < 3 || products.n() < 3 {
        return None;
    }
    let r = products.correlation_matrix()?;
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
            // From the cross-products: equal up to rounding.
            let (got, expected) =
                (alpha_if_dropped(&transpose(&rows), item).unwrap(), cronbach_alpha(&dropped).unwrap());
            assert!((got - expected).abs() <= 1e-12 * expected.abs(), "{got} vs {expected}");
            assert!(alpha_if_dropped(&transpose(&rows), item).is_some());
        }
        assert_eq!(alpha_if_dropped(&transpose(&rows[..1]), 0), None);
        assert_eq!(alpha_if_dropped(&[vec![1.0, 2.0], vec![2.0, 1.0]], 0), None);
        assert_eq!(alpha_if_dropped(&transpose(&rows), 5), None);
    }

    #[test]
    fn cross_products_give_the_direct_definitions() {
        let mut rng = crate::rng::Rng::new(29);
        for n in [2usize, 3, 7, 50, 5000] {
            let columns: Vec<Vec<f64>> =
                (0..6).map(|_| (0..n).map(|_| (1 + rng.below(5)) as f64 / 3.0).collect()).collect();
            let Some(products) = CrossProducts::of(&columns) else { panic!("n = {n}") };
            for i in 0..6 {
                // Variances, covariances and correlations: the same numbers to the last bit.
                assert_eq!(products.covariance(i, i), variance(&columns[i]), "n = {n}");
                for j in 0..6 {
                    assert_eq!(products.covariance(i, j), crate::stats::covariance(&columns[i], &columns[j]));
                    if i != j && n >= 3 {
                        let r = products.correlation_matrix().map(|r| r[i][j]);
                        assert_eq!(r, crate::stats::pearson(&columns[i], &columns[j]), "n = {n}");
                    }
                }
                // Sums of them: equal up to rounding (1e-12 relative, absolute near zero).
                let totals: Vec<f64> =
                    (0..n).map(|c| (0..6).filter(|j| *j != i).map(|j| columns[j][c]).sum()).collect();
                let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * b.abs().max(1.0),
                    (a, b) => a == b,
                };
                let rest_r = crate::stats::pearson(&columns[i], &totals);
                assert!(close(products.item_rest_correlation(i), rest_r), "n = {n}");
                let others: Vec<Vec<f64>> = (0..6).filter(|j| *j != i).map(|j| columns[j].clone()).collect();
                assert!(
                    close(products.alpha_if_dropped(i), cronbach_alpha_columns(&others)),
                    "n = {n}: {:?} vs {:?}",
                    products.alpha_if_dropped(i),
                    cronbach_alpha_columns(&others)
                );
            }
            let present: Vec<Vec<Option<f64>>> =
                columns.iter().map(|c| c.iter().map(|x| Some(*x)).collect()).collect();
            assert_eq!(cronbach_alpha_pairwise_with(&products), cronbach_alpha_pairwise_columns(&present));
            assert_eq!(cronbach_alpha_with(&columns, &products), cronbach_alpha_columns(&columns));
        }
        assert!(CrossProducts::of(&[vec![1.0]]).is_none());
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
