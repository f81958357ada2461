//! Small descriptive statistics shared by the capacity and network modules.
//!
//! Every function returns `None` instead of NaN or infinity when the statistic is undefined
//! (too few values, zero variance), so no undefined number can reach the UI or an export.

/// Keeps a number only if it is finite.
pub fn finite(x: f64) -> Option<f64> {
    if x.is_finite() { Some(x) } else { None }
}

/// Arithmetic mean; `None` for an empty slice.
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() { None } else { finite(xs.iter().sum::<f64>() / xs.len() as f64) }
}

/// Sample variance (denominator n − 1); `None` below two values.
pub fn variance(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs)?;
    finite(xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64)
}

/// Sample standard deviation (denominator n − 1); `None` below two values.
pub fn sd(xs: &[f64]) -> Option<f64> {
    variance(xs).map(f64::sqrt)
}

/// Sample covariance of paired values (denominator n − 1); `None` below two pairs.
pub fn covariance(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return None;
    }
    let mx = mean(&xs[..n])?;
    let my = mean(&ys[..n])?;
    finite((0..n).map(|i| (xs[i] - mx) * (ys[i] - my)).sum::<f64>() / (n - 1) as f64)
}

/// Pearson correlation; `None` when either side has zero variance or fewer than two pairs.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let c = covariance(xs, ys)?;
    let sx = sd(xs)?;
    let sy = sd(ys)?;
    if sx == 0.0 || sy == 0.0 {
        return None;
    }
    finite((c / (sx * sy)).clamp(-1.0, 1.0))
}

/// Median (average of the two middle values for even counts); `None` for an empty slice.
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptives_by_hand() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&xs), Some(5.0));
        // Sum of squared deviations is 32, so the sample variance is 32 / 7.
        assert!((variance(&xs).unwrap() - 32.0 / 7.0).abs() < 1e-12);
        assert_eq!(median(&xs), Some(4.5));
        assert_eq!(sd(&[1.0]), None);
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), Some(1.0));
        assert_eq!(pearson(&[1.0, 1.0, 1.0], &[2.0, 4.0, 6.0]), None);
    }
}
