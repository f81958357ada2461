//! A one-factor confirmatory factor model per dimension, fitted by maximum likelihood as
//! lavaan's `cfa(model, std.lv = TRUE)` fits it, with lavaan's fit measures.
//!
//! Model: Σ = λλᵀ + Ψ (factor variance 1, Ψ diagonal), S the items' covariance with divisor N.
//! F_ML = log|Σ| + tr(SΣ⁻¹) − log|S| − p is minimized by BFGS over (λ, log ψ) with its exact
//! gradient (dF/dλ = 2Gλ, dF/dψᵢ = Gᵢᵢ with G = Σ⁻¹ − Σ⁻¹SΣ⁻¹). Residual variances are kept
//! positive by the log scale, so a Heywood case (a variance lavaan would estimate below zero)
//! ends at a variance near zero instead.

use statrs::distribution::{ChiSquared, ContinuousCDF};
use statrs::function::gamma::ln_gamma;

use super::reliability::CrossProducts;
use crate::report::Cfa;
use crate::stats::finite;
use crate::stats::linalg::{Matrix, invert, log_det_spd, mat_mul};

/// F_ML and its gradient at θ = (λ₁…λₚ, log ψ₁…log ψₚ); `None` when Σ is not positive definite.
fn objective(theta: &[f64], s: &[Vec<f64>], log_det_s: f64) -> Option<(f64, Vec<f64>)> {
    let p = s.len();
    let (lambda, psi): (Vec<f64>, Vec<f64>) =
        (theta[..p].to_vec(), theta[p..].iter().map(|x| x.exp()).collect());
    let sigma: Matrix = (0..p)
        .map(|i| (0..p).map(|j| lambda[i] * lambda[j] + if i == j { psi[i] } else { 0.0 }).collect())
        .collect();
    let inv = invert(&sigma)?;
    let f = log_det_spd(&sigma)?
        + (0..p).map(|i| (0..p).map(|j| s[i][j] * inv[j][i]).sum::<f64>()).sum::<f64>()
        - log_det_s
        - p as f64;
    let sis = mat_mul(&mat_mul(&inv, s), &inv);
    let g: Matrix = (0..p).map(|i| (0..p).map(|j| inv[i][j] - sis[i][j]).collect()).collect();
    let mut grad: Vec<f64> = (0..p).map(|i| 2.0 * (0..p).map(|j| g[i][j] * lambda[j]).sum::<f64>()).collect();
    grad.extend((0..p).map(|i| g[i][i] * psi[i]));
    finite(f).map(|f| (f, grad))
}

/// Minimizes [`objective`] by BFGS with a backtracking line search, from `theta`.
fn bfgs(mut theta: Vec<f64>, s: &[Vec<f64>], log_det_s: f64) -> Option<Vec<f64>> {
    let m = theta.len();
    let mut h: Matrix = (0..m).map(|i| (0..m).map(|j| if i == j { 1.0 } else { 0.0 }).collect()).collect();
    let (mut f, mut g) = objective(&theta, s, log_det_s)?;
    // Stops at a gradient below 1e-9, or when three steps in a row lower F by less than
    // 1e-15 of itself (rounding then dominates the gradient).
    let mut stalled = 0;
    for _ in 0..500 {
        if g.iter().all(|x| x.abs() < 1e-9) || stalled >= 3 {
            return Some(theta);
        }
        let dir: Vec<f64> = (0..m).map(|i| -(0..m).map(|j| h[i][j] * g[j]).sum::<f64>()).collect();
        let slope: f64 = dir.iter().zip(&g).map(|(d, g)| d * g).sum();
        let dir = if slope < 0.0 { dir } else { g.iter().map(|x| -x).collect() };
        let slope: f64 = dir.iter().zip(&g).map(|(d, g)| d * g).sum();
        let mut step = 1.0;
        let (next, f_next, g_next) = loop {
            let cand: Vec<f64> = theta.iter().zip(&dir).map(|(t, d)| t + step * d).collect();
            if let Some((fc, gc)) = objective(&cand, s, log_det_s)
                && fc <= f + 1e-4 * step * slope
            {
                break (cand, fc, gc);
            }
            step *= 0.5;
            if step < 1e-20 {
                // No further decrease possible: converged to machine precision.
                return Some(theta);
            }
        };
        let sv: Vec<f64> = next.iter().zip(&theta).map(|(a, b)| a - b).collect();
        let yv: Vec<f64> = g_next.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy: f64 = sv.iter().zip(&yv).map(|(a, b)| a * b).sum();
        if sy > 1e-300 {
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ.
            let rho = 1.0 / sy;
            let hy: Vec<f64> = (0..m).map(|i| (0..m).map(|j| h[i][j] * yv[j]).sum()).collect();
            let yhy: f64 = yv.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..m {
                for j in 0..m {
                    h[i][j] +=
                        -rho * (hy[i] * sv[j] + sv[i] * hy[j]) + (rho * rho * yhy + rho) * sv[i] * sv[j];
                }
            }
        }
        stalled = if f - f_next <= 1e-15 * f.abs().max(1e-300) { stalled + 1 } else { 0 };
        (theta, f, g) = (next, f_next, g_next);
    }
    Some(theta)
}

/// P(X ≤ x) for a noncentral χ² with `df` degrees of freedom and noncentrality `ncp`, as the
/// Poisson mixture of central χ² distributions.
#[cfg(test)]
fn ncx2_cdf(x: f64, df: f64, ncp: f64) -> f64 {
    Mixture::new(x, df).cdf(ncp)
}

/// The noncentral χ² CDF at one `x` and `df` for many noncentralities: its terms' central χ²
/// CDFs and log factorials do not depend on the noncentrality, so [`ncp_for`]'s search
/// computes each once and remembers it (a million cases give a χ² of thousands and sums of
/// thousands of terms, each an incomplete gamma function, recomputed at every step of the
/// search: about 55 ms per dimension). The remembered values are those the sum would compute,
/// so the sums are the same bits.
struct Mixture {
    x: f64,
    df: f64,
    /// `[j]`: P(χ²(df + 2j) ≤ x), once computed (only terms of a nonzero weight need it).
    cdfs: Vec<Option<f64>>,
    /// `[j]`: ln j!.
    ln_facts: Vec<f64>,
}

impl Mixture {
    fn new(x: f64, df: f64) -> Mixture {
        Mixture { x, df, cdfs: Vec::new(), ln_facts: Vec::new() }
    }

    /// P(χ²(df + 2j) ≤ x).
    fn central(&mut self, j: usize) -> f64 {
        if self.cdfs.len() <= j {
            self.cdfs.resize(j + 1, None);
        }
        let (x, df) = (self.x, self.df);
        *self.cdfs[j].get_or_insert_with(|| ChiSquared::new(df + 2.0 * j as f64).map_or(0.0, |c| c.cdf(x)))
    }

    /// P(X ≤ x) for noncentrality `ncp`.
    fn cdf(&mut self, ncp: f64) -> f64 {
        let half = ncp / 2.0;
        let top = (half + 30.0 * (half + 1.0).sqrt() + 60.0) as usize;
        while self.ln_facts.len() <= top {
            self.ln_facts.push(ln_gamma(self.ln_facts.len() as f64 + 1.0));
        }
        (0..=top)
            .map(|j| {
                let w = if half == 0.0 {
                    if j == 0 { 1.0 } else { 0.0 }
                } else {
                    (-half + j as f64 * half.ln() - self.ln_facts[j]).exp()
                };
                if w == 0.0 { 0.0 } else { w * self.central(j) }
            })
            .sum()
    }
}

/// The noncentrality λ with P(χ²(df, λ) ≤ x) = `target` (0 when even λ = 0 gives less).
fn ncp_for(x: f64, df: f64, target: f64) -> f64 {
    let mut mixture = Mixture::new(x, df);
    ncp_search(x, target, |ncp| mixture.cdf(ncp))
}

/// [`ncp_for`]'s bisection over `cdf`, the noncentral χ² CDF at `x` as a function of the
/// noncentrality.
fn ncp_search(x: f64, target: f64, mut cdf: impl FnMut(f64) -> f64) -> f64 {
    if cdf(0.0) < target {
        return 0.0;
    }
    let mut hi = x.max(1.0);
    while cdf(hi) > target && hi < 1e7 {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if cdf(mid) > target {
            lo = mid
        } else {
            hi = mid
        }
        if hi - lo < 1e-10 * hi.max(1.0) {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The one-factor model of complete cases' items (`columns[item][case]`): `None` below three
/// items or four cases, or when the covariance matrix is not positive definite.
pub fn one_factor(columns: &[Vec<f64>]) -> Option<Cfa> {
    if columns.len() < 3 || columns.first().map_or(0, Vec::len) < 4 {
        return None;
    }
    one_factor_with(&CrossProducts::of(columns)?)
}

/// [`one_factor`] from the items' [`CrossProducts`] (the capacity analysis finds them once per
/// dimension): the covariance matrix with denominator n, as lavaan's maximum likelihood uses.
pub fn one_factor_with(products: &CrossProducts) -> Option<Cfa> {
    let p = products.means().len();
    let n = products.n();
    if p < 3 || n < 4 {
        return None;
    }
    let s: Matrix = (0..p).map(|i| (0..p).map(|j| products.sum(i, j) / n as f64).collect()).collect();
    let log_det_s = log_det_spd(&s)?;
    // Start: every item loads √(S_ii / 2) and keeps half its variance as residual.
    let mut theta: Vec<f64> = (0..p).map(|i| (s[i][i] / 2.0).sqrt()).collect();
    theta.extend((0..p).map(|i| (s[i][i] / 2.0).ln()));
    let theta = bfgs(theta, &s, log_det_s)?;
    let (f, _) = objective(&theta, &s, log_det_s)?;
    let sign = if theta[..p].iter().sum::<f64>() < 0.0 { -1.0 } else { 1.0 };
    let lambda: Vec<f64> = theta[..p].iter().map(|l| sign * l).collect();
    let psi: Vec<f64> = theta[p..].iter().map(|x| x.exp()).collect();
    let loadings: Vec<f64> = (0..p).map(|i| lambda[i] / (lambda[i] * lambda[i] + psi[i]).sqrt()).collect();
    let sum: f64 = loadings.iter().sum();
    let omega = finite(sum * sum / (sum * sum + loadings.iter().map(|l| 1.0 - l * l).sum::<f64>()));
    let nf = n as f64;
    let chi2 = (nf * f).max(0.0);
    let df = (p * (p + 1) / 2 - 2 * p) as f64;
    // The baseline (independence) model: Σ = diag(S).
    let chi2_null = nf * ((0..p).map(|i| s[i][i].ln()).sum::<f64>() - log_det_s);
    let df_null = (p * (p - 1) / 2) as f64;
    let (t1, t2) = ((chi2 - df).max(0.0), (chi2 - df).max(chi2_null - df_null).max(0.0));
    let cfi = if t2 == 0.0 { 1.0 } else { 1.0 - t1 / t2 };
    let tli = if df > 0.0 {
        let (a, b) = (chi2_null / df_null - chi2 / df, chi2_null / df_null - 1.0);
        if a < 0.0 && b < 0.0 { 1.0 } else { a / b }
    } else {
        1.0
    };
    let rmsea = if df > 0.0 { ((chi2 - df).max(0.0) / (df * nf)).sqrt() } else { 0.0 };
    let rmsea_ci = if df > 0.0 {
        let ci = |target: f64| (ncp_for(chi2, df, target) / (nf * df)).sqrt();
        [ci(0.95), ci(0.05)]
    } else {
        [0.0, 0.0]
    };
    // Bentler's SRMR: residual covariances scaled by the observed SDs, diagonal included.
    let mut ss = 0.0;
    for i in 0..p {
        for j in 0..=i {
            let model = lambda[i] * lambda[j] + if i == j { psi[i] } else { 0.0 };
            ss += ((s[i][j] - model) / (s[i][i] * s[j][j]).sqrt()).powi(2);
        }
    }
    let srmr = (ss / (p * (p + 1) / 2) as f64).sqrt();
    Some(Cfa {
        loadings,
        omega,
        chi2,
        df: df as usize,
        p: (df > 0.0).then(|| ChiSquared::new(df).ok().map(|c| c.sf(chi2))).flatten().and_then(finite),
        cfi: finite(cfi),
        tli: finite(tli),
        rmsea: finite(rmsea),
        rmsea_ci: Some(rmsea_ci),
        srmr: finite(srmr),
        n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The noncentral χ² CDF as first written: every term computed at each call.
    fn ncx2_cdf_each_term(x: f64, df: f64, ncp: f64) -> f64 {
        let half = ncp / 2.0;
        let top = (half + 30.0 * (half + 1.0).sqrt() + 60.0) as usize;
        (0..=top)
            .map(|j| {
                let w = if half == 0.0 {
                    if j == 0 { 1.0 } else { 0.0 }
                } else {
                    (-half + j as f64 * half.ln() - ln_gamma(j as f64 + 1.0)).exp()
                };
                if w == 0.0 {
                    0.0
                } else {
                    w * ChiSquared::new(df + 2.0 * j as f64).map_or(0.0, |c| c.cdf(x))
                }
            })
            .sum()
    }

    /// One mixture asked for many noncentralities, in any order (remembered terms), gives the
    /// bits of computing every term each time; so does the search built on it.
    #[test]
    fn a_remembered_mixture_equals_every_term_computed() {
        for (x, df) in [(10.0, 5.0), (20.0, 2.0), (3_000.0, 20.0), (0.5, 9.0)] {
            let mut mixture = Mixture::new(x, df);
            for ncp in [0.0, 3.0, 6_000.0, 1.5, 0.0, 40.0, 3.0, 2_500.5, 1e-3] {
                assert_eq!(
                    mixture.cdf(ncp).to_bits(),
                    ncx2_cdf_each_term(x, df, ncp).to_bits(),
                    "{x} {df} {ncp}"
                );
            }
        }
        // The search with fresh sums at every step lands on the same noncentrality.
        let search =
            |x: f64, df: f64, target: f64| ncp_search(x, target, |ncp| ncx2_cdf_each_term(x, df, ncp));
        for (x, df, target) in [(20.0, 5.0, 0.05), (20.0, 5.0, 0.95), (900.0, 20.0, 0.05), (1.0, 5.0, 0.5)] {
            assert_eq!(
                ncp_for(x, df, target).to_bits(),
                search(x, df, target).to_bits(),
                "{x} {df} {target}"
            );
        }
    }

    #[test]
    fn noncentral_chi_square() {
        // scipy.stats.ncx2.cdf(10, 5, 3) = 0.7172368464311434; with ncp = 0 the central one.
        assert!((ncx2_cdf(10.0, 5.0, 0.0) - ChiSquared::new(5.0).unwrap().cdf(10.0)).abs() < 1e-12);
        assert!((ncx2_cdf(10.0, 5.0, 3.0) - 0.7172368464311434).abs() < 1e-12);
        let l = ncp_for(20.0, 5.0, 0.05);
        assert!((ncx2_cdf(20.0, 5.0, l) - 0.05).abs() < 1e-8);
    }
}
