//! Deterministic synthetic networks for benchmarks and tests: a degree-corrected block model
//! with heavy-tailed (Pareto) node propensities, directed and weighted.

use crate::rng::Rng;

/// `m` directed weighted ties on `n` nodes in `blocks` groups; 80% of ties stay within a
/// group; node propensity ∝ u^(−1/1.5) (Pareto, α = 1.5), so a few hubs get many ties.
pub fn block_model(n: usize, m: usize, blocks: usize, seed: u64) -> Vec<(u32, u32, f64)> {
    let mut rng = Rng::new(seed);
    if n < 2 {
        return Vec::new();
    }
    let blocks = blocks.clamp(1, n);
    let weight: Vec<f64> = (0..n).map(|_| (1.0 - rng.f64()).powf(-1.0 / 1.5).min(1000.0)).collect();
    // Cumulative propensities per block, for sampling a node in a block.
    let block_of = |v: usize| v % blocks;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); blocks];
    for v in 0..n {
        members[block_of(v)].push(v);
    }
    let cumulative: Vec<Vec<f64>> = members
        .iter()
        .map(|ms| {
            let mut acc = 0.0;
            ms.iter()
                .map(|v| {
                    acc += weight[*v];
                    acc
                })
                .collect()
        })
        .collect();
    let pick = |rng: &mut Rng, b: usize| -> usize {
        let c = &cumulative[b];
        let x = rng.f64() * c.last().copied().unwrap_or(0.0);
        members[b][c.partition_point(|v| *v < x).min(c.len() - 1)]
    };
    let mut out = Vec::with_capacity(m);
    while out.len() < m {
        let b = rng.below(blocks);
        let s = pick(&mut rng, b);
        let tb = if rng.f64() < 0.8 { b } else { rng.below(blocks) };
        let t = pick(&mut rng, tb);
        if s != t {
            out.push((s as u32, t as u32, 1.0 + rng.below(4) as f64));
        }
    }
    out
}

/// A synthetic survey around [`block_model`] (the benchmark workloads, shared by the native
/// and the browser benchmarks): `responses.csv` with `n` organizations (`org0`…, a city in
/// 12 groups matching the blocks, two capacity dimensions of three 1–5 items) and `ties.csv`
/// with the `m` ties (`source,target,relation,weight`). Labelled synthetic in the file names.
pub fn survey_files(n: usize, m: usize, seed: u64) -> (String, String) {
    use std::fmt::Write as _;
    let mut rng = Rng::new(seed ^ 0x5EED);
    let mut responses = String::from("org_name,city,k_1,k_2,k_3,f_1,f_2,f_3\n");
    for i in 0..n {
        let _ = write!(responses, "org{i},c{}", i % 12);
        for _ in 0..6 {
            let _ = write!(responses, ",{}", 1 + rng.below(5));
        }
        responses.push('\n');
    }
    let mut ties = String::from("source,target,relation,weight\n");
    for (s, t, w) in block_model(n, m, 12, seed) {
        let _ = writeln!(ties, "org{s},org{t},share,{w}");
    }
    (responses, ties)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = block_model(1000, 5000, 8, 1);
        assert_eq!(a.len(), 5000);
        assert_eq!(a, block_model(1000, 5000, 8, 1));
        assert!(
            a.iter().all(|(s, t, w)| s != t && (*s as usize) < 1000 && (*t as usize) < 1000 && *w >= 1.0)
        );
    }
}
