//! Small dense linear algebra for regression models: a matrix inverse by Gauss–Jordan
//! elimination with partial pivoting, and the cross-product helpers the models share.
//!
//! The systems are tiny (a model has a handful of terms, so p ≤ ~30): a general crate such
//! as nalgebra would add compile time and worker bytes for a 30-line routine. Collinearity is
//! handled before inversion (see [`independent_columns`]), so a singular matrix here means a
//! numerical failure and is reported as `None`, never a panic.

/// A square matrix stored row by row.
pub type Matrix = Vec<Vec<f64>>;

/// The inverse of a square matrix, or `None` when it is singular (a pivot below 1e-13 of the
/// largest entry) or not square.
pub fn invert(a: &[Vec<f64>]) -> Option<Matrix> {
    let n = a.len();
    if a.iter().any(|r| r.len() != n) {
        return None;
    }
    let scale = a.iter().flatten().fold(0f64, |m, x| m.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return (n == 0).then(Vec::new);
    }
    // [A | I] reduced to [I | A⁻¹].
    let mut m: Matrix = a
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut r = row.clone();
            r.extend((0..n).map(|j| if i == j { 1.0 } else { 0.0 }));
            r
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|x, y| m[*x][col].abs().total_cmp(&m[*y][col].abs()))?;
        if m[pivot][col].abs() <= 1e-13 * scale {
            return None;
        }
        m.swap(col, pivot);
        let p = m[col][col];
        m[col].iter_mut().for_each(|x| *x /= p);
        for r in 0..n {
            if r != col {
                let f = m[r][col];
                if f != 0.0 {
                    for c in 0..2 * n {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
    }
    Some(m.into_iter().map(|r| r[n..].to_vec()).collect())
}

/// The Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric positive-definite
/// matrix; `None` when it is not positive definite.
pub fn cholesky(a: &[Vec<f64>]) -> Option<Matrix> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = a[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// log |A| of a symmetric positive-definite matrix (from its Cholesky factor).
pub fn log_det_spd(a: &[Vec<f64>]) -> Option<f64> {
    let l = cholesky(a)?;
    Some(2.0 * (0..a.len()).map(|i| l[i][i].ln()).sum::<f64>())
}

/// `a · b` for square matrices.
pub fn mat_mul(a: &[Vec<f64>], b: &[Vec<f64>]) -> Matrix {
    let n = b.first().map_or(0, Vec::len);
    a.iter().map(|row| (0..n).map(|j| row.iter().zip(b).map(|(x, r)| x * r[j]).sum()).collect()).collect()
}

/// `a · x` for a square matrix and a vector.
pub fn mat_vec(a: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    a.iter().map(|row| row.iter().zip(x).map(|(u, v)| u * v).sum()).collect()
}

/// The indices of the columns (given as vectors of equal length) that are linearly
/// independent of the columns before them, by modified Gram–Schmidt: a column whose part
/// orthogonal to the kept ones has less than 1e-10 of its own squared norm is left out (with
/// an intercept column first, a constant column is therefore collinear with it). A column of
/// zeros is left out too.
pub fn independent_columns(columns: &[Vec<f64>]) -> Vec<usize> {
    let mut basis: Vec<Vec<f64>> = Vec::new();
    let mut kept = Vec::new();
    for (j, col) in columns.iter().enumerate() {
        let norm2: f64 = col.iter().map(|x| x * x).sum();
        if norm2 == 0.0 || !norm2.is_finite() {
            continue;
        }
        let mut v = col.clone();
        for b in &basis {
            let dot: f64 = v.iter().zip(b).map(|(x, y)| x * y).sum();
            v.iter_mut().zip(b).for_each(|(x, y)| *x -= dot * y);
        }
        let rest: f64 = v.iter().map(|x| x * x).sum();
        if rest > 1e-10 * norm2 {
            let r = rest.sqrt();
            v.iter_mut().for_each(|x| *x /= r);
            basis.push(v);
            kept.push(j);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_of_a_small_matrix() {
        let a = vec![vec![4.0, 7.0], vec![2.0, 6.0]];
        let inv = invert(&a).unwrap();
        let expected = [[0.6, -0.7], [-0.2, 0.4]];
        for i in 0..2 {
            for j in 0..2 {
                assert!((inv[i][j] - expected[i][j]).abs() < 1e-12);
            }
        }
        // A zero first pivot needs a row swap.
        let b = vec![vec![0.0, 1.0], vec![1.0, 0.0]];
        assert_eq!(invert(&b).unwrap(), b);
        assert!(invert(&[vec![1.0, 2.0], vec![2.0, 4.0]]).is_none());
        assert!(invert(&[vec![1.0, 2.0]]).is_none());
    }

    #[test]
    fn collinear_and_constant_columns_are_left_out() {
        let one = vec![1.0; 4];
        let x = vec![1.0, 2.0, 3.0, 5.0];
        let twice: Vec<f64> = x.iter().map(|v| 2.0 * v - 3.0).collect();
        let constant = vec![7.0; 4];
        let z = vec![0.0, 1.0, 0.0, 1.0];
        assert_eq!(independent_columns(&[one, x, twice, constant, z]), vec![0, 1, 4]);
    }
}
