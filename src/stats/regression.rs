//! Linear and logistic regression with statsmodels semantics (`OLS(...).fit()` with classical
//! and `cov_type="HC3"` standard errors, `Logit(...).fit()` by Newton's method).
//!
//! Both take a design matrix whose first column is the intercept; choosing terms, dropping
//! collinear ones and naming them is the caller's work (`crate::models`).

use statrs::distribution::{ContinuousCDF, FisherSnedecor, Normal, StudentsT};

use super::finite;
use super::linalg::{invert, mat_vec};

/// One coefficient of a fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Coefficient {
    /// Estimate.
    pub estimate: f64,
    /// Standard error (classical for OLS; from the Fisher information for logit).
    pub se: Option<f64>,
    /// HC3 heteroskedasticity-robust standard error (OLS only).
    pub se_hc3: Option<f64>,
    /// t (OLS) or Wald z (logit).
    pub statistic: Option<f64>,
    /// Two-sided p-value.
    pub p: Option<f64>,
    /// 95% confidence interval (t quantile for OLS, normal for logit).
    pub ci: Option<(f64, f64)>,
}

/// An OLS fit.
#[derive(Debug, Clone, PartialEq)]
pub struct OlsFit {
    /// Coefficients in design-column order.
    pub coefficients: Vec<Coefficient>,
    /// Observations.
    pub n: usize,
    /// R² (centred).
    pub r2: Option<f64>,
    /// Adjusted R².
    pub adj_r2: Option<f64>,
    /// F statistic of the model against the intercept-only model.
    pub f: Option<f64>,
    /// p-value of F.
    pub f_p: Option<f64>,
}

/// Why a model could not be fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitError {
    /// Fewer observations than coefficients plus one (no residual degree of freedom).
    TooFewCases,
    /// X'X or the information matrix could not be inverted.
    Singular,
    /// Logistic regression: the outcome is perfectly (or quasi-perfectly) predicted, so some
    /// coefficients grow without bound (Albert & Anderson 1984).
    Separation,
    /// Logistic regression: Newton's method did not converge in 100 iterations.
    NotConverged,
}

fn column_means(x: &[Vec<f64>]) -> Vec<f64> {
    let p = x.first().map_or(0, Vec::len);
    let n = x.len() as f64;
    (0..p).map(|j| x.iter().map(|r| r[j]).sum::<f64>() / n).collect()
}

/// X'X and X'y.
fn cross_products(x: &[Vec<f64>], y: &[f64], w: Option<&[f64]>) -> (Vec<Vec<f64>>, Vec<f64>) {
    let p = x.first().map_or(0, Vec::len);
    let mut xtx = vec![vec![0.0; p]; p];
    let mut xty = vec![0.0; p];
    for (i, row) in x.iter().enumerate() {
        let wi = w.map_or(1.0, |w| w[i]);
        for a in 0..p {
            let ra = row[a] * wi;
            xty[a] += ra * y[i];
            for b in a..p {
                xtx[a][b] += ra * row[b];
            }
        }
    }
    for a in 0..p {
        for b in 0..a {
            xtx[a][b] = xtx[b][a];
        }
    }
    (xtx, xty)
}

/// statsmodels `OLS(y, x).fit()` with classical standard errors, plus HC3 robust ones
/// (`cov_type="HC3"`: (X'X)⁻¹ X' diag(eᵢ² / (1 − hᵢᵢ)²) X (X'X)⁻¹).
///
/// # Errors
/// [`FitError::TooFewCases`] unless n > p; [`FitError::Singular`] when X'X cannot be inverted.
pub fn ols(x: &[Vec<f64>], y: &[f64]) -> Result<OlsFit, FitError> {
    let n = x.len();
    let p = x.first().map_or(0, Vec::len);
    if p == 0 || n <= p || y.len() != n {
        return Err(FitError::TooFewCases);
    }
    let (xtx, xty) = cross_products(x, y, None);
    let inv = invert(&xtx).ok_or(FitError::Singular)?;
    let beta = mat_vec(&inv, &xty);
    let resid: Vec<f64> =
        x.iter().zip(y).map(|(r, yi)| yi - r.iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>()).collect();
    let ssr: f64 = resid.iter().map(|e| e * e).sum();
    let ybar = y.iter().sum::<f64>() / n as f64;
    let sst: f64 = y.iter().map(|v| (v - ybar).powi(2)).sum();
    let df_resid = (n - p) as f64;
    let sigma2 = ssr / df_resid;
    // HC3 "meat": Σ xᵢxᵢ' eᵢ² / (1 − hᵢᵢ)².
    let mut meat = vec![vec![0.0; p]; p];
    for (row, e) in x.iter().zip(&resid) {
        let ax = mat_vec(&inv, row);
        let h: f64 = row.iter().zip(&ax).map(|(a, b)| a * b).sum();
        let w = if h < 1.0 - 1e-12 { e * e / (1.0 - h).powi(2) } else { f64::NAN };
        for a in 0..p {
            for b in 0..p {
                meat[a][b] += row[a] * row[b] * w;
            }
        }
    }
    let hc3: Vec<f64> = (0..p)
        .map(|j| (0..p).map(|a| inv[j][a] * (0..p).map(|b| meat[a][b] * inv[b][j]).sum::<f64>()).sum())
        .collect();
    let t_crit = StudentsT::new(0.0, 1.0, df_resid).ok().map(|d| d.inverse_cdf(0.975));
    let t_dist = StudentsT::new(0.0, 1.0, df_resid).ok();
    let coefficients = (0..p)
        .map(|j| {
            let se = finite((sigma2 * inv[j][j]).sqrt());
            let statistic = se.and_then(|s| finite(beta[j] / s));
            let p = statistic.zip(t_dist.as_ref()).and_then(|(t, d)| finite(2.0 * d.sf(t.abs())));
            let ci = se.zip(t_crit).map(|(s, q)| (beta[j] - q * s, beta[j] + q * s));
            Coefficient { estimate: beta[j], se, se_hc3: finite(hc3[j].sqrt()), statistic, p, ci }
        })
        .collect();
    let r2 = (sst > 0.0).then(|| 1.0 - ssr / sst).and_then(finite);
    let adj_r2 = r2.and_then(|r| finite(1.0 - (1.0 - r) * (n as f64 - 1.0) / df_resid));
    let df_model = (p - 1) as f64;
    let f = (p > 1 && sst > 0.0).then(|| ((sst - ssr) / df_model) / sigma2).and_then(finite);
    let f_p = f.zip(FisherSnedecor::new(df_model, df_resid).ok()).and_then(|(f, d)| finite(d.sf(f)));
    Ok(OlsFit { coefficients, n, r2, adj_r2, f, f_p })
}

/// A logistic regression fit.
#[derive(Debug, Clone, PartialEq)]
pub struct LogitFit {
    /// Coefficients in design-column order (SEs from the inverse information matrix).
    pub coefficients: Vec<Coefficient>,
    /// Observations.
    pub n: usize,
    /// Log-likelihood at the estimate.
    pub log_likelihood: f64,
    /// Log-likelihood of the intercept-only model.
    pub null_log_likelihood: f64,
    /// McFadden's pseudo-R² = 1 − ℓ / ℓ₀.
    pub pseudo_r2: Option<f64>,
    /// AIC = −2ℓ + 2p (p counts the intercept).
    pub aic: f64,
}

/// statsmodels `Logit(y, x).fit()` (Newton–Raphson from zero, stopping when no coefficient
/// changes by more than 1e-10), with Wald z tests and normal 95% intervals. `y` holds 0 and 1.
///
/// # Errors
/// [`FitError::TooFewCases`] unless n > p; [`FitError::Separation`] when the outcome is
/// perfectly or quasi-perfectly predicted (fitted probabilities reach 0 or 1, or a coefficient
/// passes ±30 on the log-odds scale); [`FitError::NotConverged`] after 100 iterations;
/// [`FitError::Singular`] when the information matrix cannot be inverted.
pub fn logit(x: &[Vec<f64>], y: &[f64]) -> Result<LogitFit, FitError> {
    let n = x.len();
    let p = x.first().map_or(0, Vec::len);
    if p == 0 || n <= p || y.len() != n {
        return Err(FitError::TooFewCases);
    }
    let mut beta = vec![0.0; p];
    let mut converged = false;
    let mut info_inv = Vec::new();
    for _ in 0..100 {
        let mu: Vec<f64> = x.iter().map(|r| sigmoid(r.iter().zip(&beta).map(|(a, b)| a * b).sum())).collect();
        let w: Vec<f64> = mu.iter().map(|m| m * (1.0 - m)).collect();
        let resid: Vec<f64> = y.iter().zip(&mu).map(|(a, b)| a - b).collect();
        let (info, _) = cross_products(x, y, Some(&w));
        let score: Vec<f64> = (0..p).map(|j| x.iter().zip(&resid).map(|(r, e)| r[j] * e).sum()).collect();
        info_inv = invert(&info).ok_or(FitError::Separation)?;
        let step = mat_vec(&info_inv, &score);
        beta.iter_mut().zip(&step).for_each(|(b, s)| *b += s);
        if beta.iter().any(|b| !b.is_finite() || b.abs() > 30.0) {
            return Err(FitError::Separation);
        }
        if step.iter().all(|s| s.abs() <= 1e-10) {
            converged = true;
            break;
        }
    }
    if !converged {
        return Err(FitError::NotConverged);
    }
    let mu: Vec<f64> = x.iter().map(|r| sigmoid(r.iter().zip(&beta).map(|(a, b)| a * b).sum())).collect();
    if mu.iter().zip(y).all(|(m, yi)| (m - yi).abs() < 1e-6) {
        return Err(FitError::Separation);
    }
    // Information at the estimate (the loop's matrix is from the step before the last).
    let w: Vec<f64> = mu.iter().map(|m| m * (1.0 - m)).collect();
    let (info, _) = cross_products(x, y, Some(&w));
    if let Some(inv) = invert(&info) {
        info_inv = inv;
    }
    let ll = |m: f64, yi: f64| if yi > 0.5 { m.ln() } else { (1.0 - m).ln() };
    let log_likelihood: f64 = mu.iter().zip(y).map(|(m, yi)| ll(*m, *yi)).sum();
    let ybar = y.iter().sum::<f64>() / n as f64;
    let null_log_likelihood: f64 = y.iter().map(|yi| ll(ybar, *yi)).sum();
    let normal = Normal::new(0.0, 1.0).map_err(|_| FitError::Singular)?;
    let z_crit = normal.inverse_cdf(0.975);
    let coefficients = (0..p)
        .map(|j| {
            let se = finite(info_inv[j][j].sqrt());
            let statistic = se.and_then(|s| finite(beta[j] / s));
            let p = statistic.and_then(|z| finite(2.0 * normal.sf(z.abs())));
            let ci = se.map(|s| (beta[j] - z_crit * s, beta[j] + z_crit * s));
            Coefficient { estimate: beta[j], se, se_hc3: None, statistic, p, ci }
        })
        .collect();
    Ok(LogitFit {
        coefficients,
        n,
        log_likelihood,
        null_log_likelihood,
        pseudo_r2: (null_log_likelihood < 0.0).then(|| 1.0 - log_likelihood / null_log_likelihood),
        aic: -2.0 * log_likelihood + 2.0 * p as f64,
    })
}

fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

/// Sample standard deviations of the design's columns (for standardized coefficients).
pub fn column_sds(x: &[Vec<f64>]) -> Vec<Option<f64>> {
    let means = column_means(x);
    let n = x.len();
    (0..means.len())
        .map(|j| {
            if n < 2 {
                return None;
            }
            let ss: f64 = x.iter().map(|r| (r[j] - means[j]).powi(2)).sum();
            finite((ss / (n - 1) as f64).sqrt())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_line_and_too_few_cases() {
        let x: Vec<Vec<f64>> = (0..5).map(|i| vec![1.0, i as f64]).collect();
        let y: Vec<f64> = (0..5).map(|i| 2.0 + 3.0 * i as f64).collect();
        let fit = ols(&x, &y).unwrap();
        assert!((fit.coefficients[0].estimate - 2.0).abs() < 1e-12);
        assert!((fit.coefficients[1].estimate - 3.0).abs() < 1e-12);
        assert_eq!(fit.r2, Some(1.0));
        assert_eq!(ols(&x[..2], &y[..2]), Err(FitError::TooFewCases));
    }

    #[test]
    fn separated_outcomes_are_reported() {
        let x: Vec<Vec<f64>> = (0..8).map(|i| vec![1.0, i as f64]).collect();
        let y = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
        assert_eq!(logit(&x, &y), Err(FitError::Separation));
    }
}
