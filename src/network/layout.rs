//! Node layout for the network diagram: a deterministic force-directed layout
//! (Fruchterman–Reingold with linear cooling) on the undirected version, using the grid
//! variant of the original paper: a node is repelled only by nodes within 2k, found through a
//! uniform grid, so an iteration costs about O(n + m) instead of O(n²).
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
        // Bucket nodes into cells of side 2k; repulsion only from the 3×3 neighbourhood.
        let cell = 2.0 * k;
        let cells = ((1.0 / cell).ceil() as usize).clamp(1, 1024);
        let cell_of = |p: (f64, f64)| -> (usize, usize) {
            let cx = ((p.0.clamp(0.0, 0.999_999)) * cells as f64) as usize;
            let cy = ((p.1.clamp(0.0, 0.999_999)) * cells as f64) as usize;
            (cx.min(cells - 1), cy.min(cells - 1))
        };
        let mut grid: Vec<Vec<usize>> = vec![Vec::new(); cells * cells];
        for (v, p) in pos.iter().enumerate() {
            let (cx, cy) = cell_of(*p);
            grid[cy * cells + cx].push(v);
        }
        for i in 0..n {
            let (cx, cy) = cell_of(pos[i]);
            for gy in cy.saturating_sub(1)..=(cy + 1).min(cells - 1) {
                for gx in cx.saturating_sub(1)..=(cx + 1).min(cells - 1) {
                    for &j in &grid[gy * cells + gx] {
                        if j == i {
                            continue;
                        }
                        let dx = pos[i].0 - pos[j].0;
                        let dy = pos[i].1 - pos[j].1;
                        let d2 = (dx * dx + dy * dy).max(1e-9);
                        if d2 > cell * cell {
                            continue;
                        }
                        let f = k * k / d2;
                        disp[i].0 += dx * f;
                        disp[i].1 += dy * f;
                    }
                }
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
            // Positions stay in the unit square (the grid covers it); a gentle pull to the centre
            // keeps isolates and small components in view.
            disp[v].0 += (0.5 - pos[v].0) * k * 2.0;
            disp[v].1 += (0.5 - pos[v].1) * k * 2.0;
            let len = (disp[v].0 * disp[v].0 + disp[v].1 * disp[v].1).sqrt().max(1e-9);
            let step = len.min(temp);
            pos[v].0 = (pos[v].0 + disp[v].0 / len * step).clamp(0.0, 1.0);
            pos[v].1 = (pos[v].1 + disp[v].1 / len * step).clamp(0.0, 1.0);
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
