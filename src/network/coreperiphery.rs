//! Core–periphery structure (Borgatti & Everett 1999) on the undirected version.
//!
//! Two results, both documented in the README:
//! - a **continuous** core score per node: the vector c that best fits the ties by c_i·c_j in
//!   the least-squares sense, Σ_{i≠j} (a_ij − c_i c_j)² (the "minres" fit of Borgatti &
//!   Everett's continuous model, as UCINET's Core/Periphery Continuous), scaled so the
//!   largest score is 1;
//! - a **discrete** core: the set of nodes, taken in order of continuous score, whose ideal
//!   pattern (core–core pairs tied, periphery–periphery pairs untied, core–periphery pairs
//!   ignored) correlates best with the observed ties (Pearson over the compared pairs). The
//!   search scans every prefix of that order in O(n + m), so it finds the best core among
//!   nested candidates, not necessarily the global optimum of the genetic search of UCINET.

use super::graph::Graph;
use crate::report::CorePeriphery;
use crate::stats::finite;

/// Continuous core scores (max 1) and whether the fit converged.
///
/// Minimizes Σ_{i≠j} (a_ij − c_i c_j)² by exact coordinate descent (Gauss–Seidel): each sweep
/// sets every c_i in turn to Σ_j a_ij c_j / Σ_{j≠i} c_j², the minimum over c_i with the others
/// fixed, so the loss never increases. (Session 15 used a damped simultaneous update, which
/// stopped after 300 rounds up to 0.005 from the optimum on 15-node networks; a sweep costs the
/// same and converges several times faster.) Stops when a sweep changes no score by more than
/// `tol` times the largest; `converged` is false when `max_iter` sweeps did not get there —
/// the scores are then the best found so far, not the least-squares optimum. It starts from
/// `start` (the eigenvector centrality, which the fit approaches on large graphs: then
/// c ≈ √λ · e) when given, else from degrees; that start saves most sweeps.
pub fn continuous(g: &Graph, tol: f64, max_iter: usize, start: Option<&[f64]>) -> (Vec<f64>, bool) {
    let n = g.node_count();
    let mut c: Vec<f64> = match start.filter(|s| s.len() == n && s.iter().all(|x| x.is_finite())) {
        Some(e) => {
            // Rayleigh quotient eᵀAe / eᵀe for λ.
            let ee: f64 = e.iter().map(|x| x * x).sum();
            let eae: f64 = (0..n).map(|v| e[v] * g.und(v).iter().map(|w| e[*w as usize]).sum::<f64>()).sum();
            let lambda = if ee > 0.0 { eae / ee } else { 0.0 };
            let norm = ee.sqrt();
            if lambda > 0.0 && norm > 0.0 {
                e.iter().map(|x| x / norm * lambda.sqrt()).collect()
            } else {
                (0..n).map(|v| g.und(v).len() as f64).collect()
            }
        }
        None => (0..n).map(|v| g.und(v).len() as f64).collect(),
    };
    let scale = c.iter().copied().fold(0.0, f64::max);
    if scale == 0.0 {
        return (vec![0.0; n], true);
    }
    if start.is_none() {
        c.iter_mut().for_each(|x| *x /= scale.sqrt());
    }
    let mut converged = false;
    for _ in 0..max_iter {
        // Recomputed every sweep so that rounding in the running updates cannot accumulate.
        let mut sq: f64 = c.iter().map(|x| x * x).sum();
        let (mut change, mut top) = (0f64, 0f64);
        for v in 0..n {
            let num: f64 = g.und(v).iter().map(|w| c[*w as usize]).sum();
            let old = c[v];
            let den = sq - old * old;
            let new = if den > 0.0 { num / den } else { 0.0 };
            sq += new * new - old * old;
            change = change.max((new - old).abs());
            top = top.max(new);
            c[v] = new;
        }
        if change <= tol * top.max(f64::MIN_POSITIVE) {
            converged = true;
            break;
        }
    }
    let top = c.iter().copied().fold(0.0, f64::max);
    if top > 0.0 {
        c.iter_mut().for_each(|x| *x /= top);
    }
    (c, converged)
}

/// Sweeps [`continuous`] may take on a graph of `n` nodes and `m` undirected ties: enough to
/// converge on any small network, and about 3·10⁸ neighbour visits on large ones (300 sweeps
/// of a million ties, the budget before this limit existed).
pub fn sweep_budget(n: usize, m: usize) -> usize {
    (300_000_000 / (n + 2 * m).max(1)).clamp(300, 100_000)
}

/// The discrete core (membership per node) and its summary, from the continuous scores.
pub fn discrete(g: &Graph, scores: &[f64], converged: bool) -> (Vec<bool>, CorePeriphery) {
    let n = g.node_count();
    let m = g.undirected_edge_count() as f64;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| {
        scores[*b].total_cmp(&scores[*a]).then(g.und(*b).len().cmp(&g.und(*a).len())).then(a.cmp(b))
    });
    let pairs = |k: usize| (k * k.saturating_sub(1)) as f64 / 2.0;
    let mut in_core = vec![false; n];
    let (mut e_cc, mut e_cp) = (0f64, 0f64);
    let mut best: Option<(f64, usize, f64, f64)> = None;
    for (i, &v) in order.iter().enumerate() {
        for &w in g.und(v) {
            if in_core[w as usize] {
                e_cc += 1.0;
                e_cp -= 1.0;
            } else {
                e_cp += 1.0;
            }
        }
        in_core[v] = true;
        let k = i + 1;
        let e_pp = m - e_cc - e_cp;
        let (n_cc, n_pp) = (pairs(k), pairs(n - k));
        let total = n_cc + n_pp;
        let ties = e_cc + e_pp;
        let den = (n_cc * (total - n_cc) * ties * (total - ties)).sqrt();
        if den > 0.0 {
            let r = (total * e_cc - ties * n_cc) / den;
            if best.is_none_or(|b| r > b.0 + 1e-12) {
                best = Some((r, k, e_cc, e_cp));
            }
        }
    }
    let Some((r, k, e_cc, e_cp)) = best else {
        let summary = CorePeriphery {
            core_size: 0,
            fit: None,
            core_density: None,
            core_periphery_density: None,
            periphery_density: None,
            converged,
        };
        return (vec![false; n], summary);
    };
    let mut core = vec![false; n];
    for &v in &order[..k] {
        core[v] = true;
    }
    let ratio = |e: f64, p: f64| if p > 0.0 { finite(e / p) } else { None };
    let summary = CorePeriphery {
        core_size: k,
        fit: finite(r),
        core_density: ratio(e_cc, pairs(k)),
        core_periphery_density: ratio(e_cp, (k * (n - k)) as f64),
        periphery_density: ratio(m - e_cc - e_cp, pairs(n - k)),
        converged,
    };
    (core, summary)
}
