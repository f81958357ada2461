//! Node layout for the network diagram: a deterministic force-directed layout
//! (Fruchterman–Reingold with linear cooling) on the undirected version.
//!
//! Positions are in the unit square. The seed fixes the start, so the same graph always gets
//! the same picture in the page and in the CLI.

use super::graph::Graph;
use crate::rng::Rng;

/// Largest graph laid out; larger graphs get no diagram (a table stands in) until the
/// Barnes–Hut layout lands.
pub const MAX_LAYOUT_NODES: usize = 5000;

/// Positions `(x, y)` in [0, 1]² for every node; empty above [`MAX_LAYOUT_NODES`].
///
/// # Complexity
/// O(iterations · (n² + m)); the iteration count shrinks for large graphs to bound the time.
pub fn force_layout(g: &Graph, seed: u64) -> Vec<(f64, f64)> {
    let n = g.node_count();
    if n == 0 || n > MAX_LAYOUT_NODES {
        return Vec::new();
    }
    let mut rng = Rng::new(seed);
    let mut pos: Vec<(f64, f64)> = (0..n).map(|_| (rng.f64(), rng.f64())).collect();
    if n == 1 {
        return vec![(0.5, 0.5)];
    }
    let k = (1.0 / n as f64).sqrt();
    let iterations = if n <= 500 {
        300
    } else if n <= 2000 {
        80
    } else {
        20
    };
    let mut temp = 0.1;
    let cool = temp / (iterations as f64 + 1.0);
    let mut disp = vec![(0f64, 0f64); n];
    for _ in 0..iterations {
        for d in disp.iter_mut() {
            *d = (0.0, 0.0);
        }
        for i in 0..n {
            for j in (i + 1)..n {
                let dx = pos[i].0 - pos[j].0;
                let dy = pos[i].1 - pos[j].1;
                let d2 = (dx * dx + dy * dy).max(1e-9);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for v in 0..n {
            for &w in g.und(v) {
                let w = w as usize;
                if w <= v {
                    continue;
                }
                let dx = pos[v].0 - pos[w].0;
                let dy = pos[v].1 - pos[w].1;
                let d = (dx * dx + dy * dy).sqrt().max(1e-9);
                let f = d / k;
                disp[v].0 -= dx * f;
                disp[v].1 -= dy * f;
                disp[w].0 += dx * f;
                disp[w].1 += dy * f;
            }
        }
        for v in 0..n {
            // Gentle pull to the centre keeps isolates and small components in view.
            disp[v].0 += (0.5 - pos[v].0) * k * 2.0;
            disp[v].1 += (0.5 - pos[v].1) * k * 2.0;
            let len = (disp[v].0 * disp[v].0 + disp[v].1 * disp[v].1).sqrt().max(1e-9);
            let step = len.min(temp);
            pos[v].0 += disp[v].0 / len * step;
            pos[v].1 += disp[v].1 / len * step;
        }
        temp -= cool;
    }
    // Rescale to fill the unit square with a margin.
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &pos {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let sx = (x1 - x0).max(1e-9);
    let sy = (y1 - y0).max(1e-9);
    pos.iter().map(|&(x, y)| ((x - x0) / sx, (y - y0) / sy)).collect()
}
