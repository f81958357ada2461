//! Node layout for the network diagram: ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian
//! 2014, the Gephi layout) on the undirected version, with Barnes–Hut approximation of the
//! repulsion (θ = 1.2, as Gephi) so an iteration costs O(m + n log n).
//!
//! Settings follow graphology's `inferSettings`: gravity 1, scaling ratio 10 below 100 nodes
//! and 2 above, linear attraction weighted by tie weight, mass = degree + 1, Gephi's adaptive
//! speed with jitter tolerance 1. The seed fixes the start, so the same graph always gets the
//! same picture in the page and in the CLI. Positions are returned in the unit square.

use super::graph::Graph;
use crate::rng::Rng;

/// Largest graph laid out during the analysis (for the SVG diagram, the report and the
/// CLI). Larger graphs are laid out live in the page, step by step, see [`LiveLayout`].
pub const MAX_LAYOUT_NODES: usize = 5000;

/// Largest graph the page lays out live and draws (on a canvas). Beyond it the explorer
/// says the network is too large to draw and the tables stand in.
pub const MAX_LIVE_NODES: usize = 200_000;

/// Iterations used by [`force_layout`]: more for small graphs, where they are cheap.
pub fn iterations_for(n: usize) -> usize {
    if n <= 500 {
        300
    } else if n <= 2000 {
        150
    } else {
        100
    }
}

/// Positions `(x, y)` in [0, 1]² for every node; empty above [`MAX_LAYOUT_NODES`].
pub fn force_layout(g: &Graph, seed: u64) -> Vec<(f64, f64)> {
    LayoutTies::of(g).lay_out(seed)
}

/// All a layout reads of a graph: its node count and its undirected ties `(v, w, weight)`
/// with v < w, in the order the attraction visits them (the weight as
/// [`super::weighted::pair_weight`], at least 1). A worker of the page's pool lays a
/// relation out from these alone, as typed arrays ([`LayoutTies::to_arrays`]), and finds
/// [`force_layout`]'s positions, bit for bit.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutTies {
    pub n: usize,
    pub pairs: Vec<(u32, u32, f64)>,
}

impl LayoutTies {
    pub fn of(g: &Graph) -> Self {
        let pairs = (0..g.node_count())
            .flat_map(|v| {
                g.und(v)
                    .iter()
                    .filter(move |w| **w as usize > v)
                    .map(move |&w| (v as u32, w, super::weighted::pair_weight(g, v, w as usize).max(1.0)))
            })
            .collect();
        LayoutTies { n: g.node_count(), pairs }
    }

    /// [`force_layout`] of the graph these ties were read from.
    pub fn lay_out(&self, seed: u64) -> Vec<(f64, f64)> {
        match self.n {
            0 => Vec::new(),
            n if n > MAX_LAYOUT_NODES => Vec::new(),
            1 => vec![(0.5, 0.5)],
            n => {
                let mut fa2 = ForceAtlas2::from_ties(self, seed);
                for _ in 0..iterations_for(n) {
                    fa2.step();
                }
                arrange(&fa2.tied, &fa2.pos)
            }
        }
    }

    /// The ties as `[v0, w0, v1, w1, …]` and their weights.
    pub fn to_arrays(&self) -> (Vec<u32>, Vec<f64>) {
        (self.pairs.iter().flat_map(|p| [p.0, p.1]).collect(), self.pairs.iter().map(|p| p.2).collect())
    }

    /// Ties read back from [`LayoutTies::to_arrays`]; `None` unless every tie has a weight
    /// and joins two of the `n` nodes in increasing order.
    pub fn from_arrays(n: usize, ends: &[u32], weights: &[f64]) -> Option<Self> {
        if ends.len() != 2 * weights.len() {
            return None;
        }
        let pairs: Vec<(u32, u32, f64)> =
            ends.chunks_exact(2).zip(weights).map(|(e, w)| (e[0], e[1], *w)).collect();
        pairs.iter().all(|&(v, w, _)| v < w && (w as usize) < n).then_some(LayoutTies { n, pairs })
    }
}

/// ForceAtlas2 that runs in slices, so the page can draw the layout as it forms and pause
/// or resume it. Run to [`LiveLayout::total`] steps it gives exactly [`force_layout`]'s
/// positions (same seed, same steps); after that, more steps keep refining.
pub struct LiveLayout {
    fa2: ForceAtlas2,
    /// Steps taken so far.
    pub done: usize,
    /// Steps of a full layout ([`iterations_for`]).
    pub total: usize,
}

impl LiveLayout {
    /// A seeded start; no step taken yet.
    pub fn new(g: &Graph, seed: u64) -> Self {
        LiveLayout { fa2: ForceAtlas2::new(g, seed), done: 0, total: iterations_for(g.node_count()) }
    }

    /// Takes steps until `budget_ms` has passed on `clock` (at least one step) or `max_steps`
    /// are taken; returns the number of steps taken. Steps stop at [`LiveLayout::total`]
    /// unless the layout is already past it (a resumed refinement then takes `max_steps`).
    pub fn run(&mut self, g: &Graph, max_steps: usize, clock: &dyn Fn() -> f64, budget_ms: f64) -> usize {
        if g.node_count() < 2 {
            return 0;
        }
        let limit = if self.done < self.total { (self.total - self.done).min(max_steps) } else { max_steps };
        let start = clock();
        let mut taken = 0;
        while taken < limit {
            self.fa2.step();
            taken += 1;
            if clock() - start >= budget_ms {
                break;
            }
        }
        self.done += taken;
        taken
    }

    /// Current positions in the unit square, arranged as [`force_layout`] arranges them.
    pub fn positions(&self, g: &Graph) -> Vec<(f64, f64)> {
        match g.node_count() {
            0 => Vec::new(),
            1 => vec![(0.5, 0.5)],
            _ => arrange(&self.fa2.tied, &self.fa2.pos),
        }
    }
}

/// Final placement: organizations with ties fill the upper 90% of the unit square (scaled by
/// the 1st–99th percentile of their coordinates, so a stray small component cannot shrink
/// the picture; beyond it they are drawn into the margins, see [`fit`]); organizations
/// without ties, which ForceAtlas2 pushes far out, line up along the bottom.
fn arrange(has_ties: &[bool], pos: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let n = pos.len();
    let tied: Vec<usize> = (0..n).filter(|v| has_ties[*v]).collect();
    let isolates: Vec<usize> = (0..n).filter(|v| !has_ties[*v]).collect();
    let mut out = vec![(0.5, 0.5); n];
    if !tied.is_empty() {
        let pct = |mut xs: Vec<f64>| -> (f64, f64) {
            xs.sort_by(f64::total_cmp);
            let k = xs.len();
            (xs[k / 100], xs[(k - 1) - (k - 1) / 100])
        };
        let (x0, x1) = pct(tied.iter().map(|v| pos[*v].0).collect());
        let (y0, y1) = pct(tied.iter().map(|v| pos[*v].1).collect());
        let span = (x1 - x0).max(y1 - y0).max(1e-9);
        let (ox, oy) = ((span - (x1 - x0)) / 2.0, (span - (y1 - y0)) / 2.0);
        let height = if isolates.is_empty() { 1.0 } else { 0.9 };
        for &v in &tied {
            let x = (pos[v].0 - x0 + ox) / span;
            let y = (pos[v].1 - y0 + oy) / span;
            out[v] = (fit(x), height * fit(y));
        }
    }
    let per_row = 40usize;
    for (i, &v) in isolates.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        let y = if tied.is_empty() { 0.5 } else { 0.93 + 0.03 * row as f64 };
        out[v] = ((col as f64 + 0.5) / per_row as f64, y.min(1.0));
    }
    out
}

/// Places a coordinate scaled so that the 1st–99th percentile spans [0, 1]: that span in a
/// straight line on [0.05, 0.95], and the outer percent beyond it in the margins left,
/// squeezed the further out it lies (an exponential approach to 0.01 and 0.99 whose slope at
/// the percentile is the line's, so the picture has no kink). Clamped, every one of them sat
/// on the edge: at 5,000 organizations, fifty in a straight line along the picture's side.
fn fit(u: f64) -> f64 {
    const CORE: (f64, f64) = (0.05, 0.9);
    const MARGIN: f64 = 0.04;
    let k = CORE.1 / MARGIN;
    if u > 1.0 {
        CORE.0 + CORE.1 + MARGIN * (1.0 - (-(u - 1.0) * k).exp())
    } else if u < 0.0 {
        CORE.0 - MARGIN * (1.0 - (u * k).exp())
    } else {
        CORE.0 + CORE.1 * u
    }
}

/// ForceAtlas2 state: positions, the previous forces (for swing) and the adaptive speed.
pub struct ForceAtlas2 {
    /// Current positions (layout units, not normalized).
    pub pos: Vec<(f64, f64)>,
    mass: Vec<f64>,
    /// Whether each node has a tie (the others line up apart, see [`arrange`]).
    tied: Vec<bool>,
    old_force: Vec<(f64, f64)>,
    speed: f64,
    speed_efficiency: f64,
    scaling: f64,
    gravity: f64,
    theta: f64,
    tree: QuadTree,
    /// Undirected ties `(v, w, weight)` with v < w, in the order the attraction visits them:
    /// looked up once, not (by binary search) at every step.
    pairs: Vec<(u32, u32, f64)>,
    /// Forces of the step being computed (kept to reuse the allocation).
    force: Vec<(f64, f64)>,
    /// The quadtree walk's stack, reused for every body and step.
    stack: Vec<u32>,
    /// (Morton key, node) of every body, reused for every step.
    order: Vec<(u32, u32)>,
}

impl ForceAtlas2 {
    /// [`ForceAtlas2::from_ties`] of `g`'s ties.
    pub fn new(g: &Graph, seed: u64) -> Self {
        Self::from_ties(&LayoutTies::of(g), seed)
    }

    /// A seeded random start in a square whose side grows with √n.
    pub fn from_ties(ties: &LayoutTies, seed: u64) -> Self {
        let n = ties.n;
        let mut rng = Rng::new(seed);
        let side = 10.0 * (n as f64).sqrt();
        let pos = (0..n).map(|_| ((rng.f64() - 0.5) * side, (rng.f64() - 0.5) * side)).collect();
        // Mass = degree in the undirected simple graph + 1.
        let mut mass = vec![1.0; n];
        for &(v, w, _) in &ties.pairs {
            mass[v as usize] += 1.0;
            mass[w as usize] += 1.0;
        }
        ForceAtlas2 {
            pos,
            tied: mass.iter().map(|m| *m > 1.0).collect(),
            mass,
            old_force: vec![(0.0, 0.0); n],
            speed: 1.0,
            speed_efficiency: 1.0,
            scaling: if n < 100 { 10.0 } else { 2.0 },
            gravity: 1.0,
            theta: 1.2,
            tree: QuadTree::default(),
            pairs: ties.pairs.clone(),
            force: Vec::new(),
            stack: Vec::new(),
            order: Vec::new(),
        }
    }

    /// One iteration: repulsion (Barnes–Hut), gravity, attraction, then Gephi's adaptive
    /// speed (global swing vs traction, per-node swing damping).
    pub fn step(&mut self) {
        let n = self.pos.len();
        let mut force = std::mem::take(&mut self.force);
        force.clear();
        force.resize(n, (0.0, 0.0));
        self.tree.build(&self.pos, &self.mass);
        // Bodies in quadtree (Morton) order: consecutive walks visit mostly the same cells, so
        // they stay in the first-level cache.
        let order = self.tree.morton_order(&self.pos, &mut self.order);
        for v in order {
            let v = v as usize;
            force[v] =
                self.tree.repulsion(v, self.pos[v], self.mass[v], self.scaling, self.theta, &mut self.stack);
        }
        for v in 0..n {
            // Gravity towards the origin, magnitude kg · mass (not "strong" gravity).
            let (x, y) = self.pos[v];
            let d = (x * x + y * y).sqrt();
            if d > 0.0 {
                let f = self.gravity * self.mass[v] / d;
                force[v].0 -= x * f;
                force[v].1 -= y * f;
            }
        }
        // Linear attraction along each undirected tie, weighted by the tie's weight.
        for &(v, w, weight) in &self.pairs {
            let (v, w) = (v as usize, w as usize);
            let dx = self.pos[v].0 - self.pos[w].0;
            let dy = self.pos[v].1 - self.pos[w].1;
            force[v].0 -= dx * weight;
            force[v].1 -= dy * weight;
            force[w].0 += dx * weight;
            force[w].1 += dy * weight;
        }
        // Adaptive speed (Gephi ForceAtlas2.java).
        let (mut swinging, mut traction) = (0f64, 0f64);
        let swing: Vec<f64> = (0..n)
            .map(|v| {
                let (f, o) = (force[v], self.old_force[v]);
                let s = self.mass[v] * ((f.0 - o.0).powi(2) + (f.1 - o.1).powi(2)).sqrt();
                swinging += s;
                traction += self.mass[v] * ((f.0 + o.0).powi(2) + (f.1 + o.1).powi(2)).sqrt() / 2.0;
                s
            })
            .collect();
        let nf = n as f64;
        let estimated = 0.05 * nf.sqrt();
        let min_jt = estimated.sqrt();
        let mut jt = min_jt.max((estimated * traction / (nf * nf)).min(10.0));
        let min_efficiency = 0.05;
        if traction > 0.0 && swinging / traction > 2.0 {
            if self.speed_efficiency > min_efficiency {
                self.speed_efficiency *= 0.5;
            }
            jt = jt.max(1.0);
        }
        let target =
            if swinging > 0.0 { jt * self.speed_efficiency * traction / swinging } else { self.speed };
        if swinging > jt * traction {
            if self.speed_efficiency > min_efficiency {
                self.speed_efficiency *= 0.7;
            }
        } else if self.speed < 1000.0 {
            self.speed_efficiency *= 1.3;
        }
        self.speed += (target - self.speed).min(0.5 * self.speed);
        for v in 0..n {
            let factor = self.speed / (1.0 + (self.speed * swing[v]).sqrt());
            self.pos[v].0 += force[v].0 * factor;
            self.pos[v].1 += force[v].1 * factor;
        }
        self.force = std::mem::replace(&mut self.old_force, force);
    }
}

/// One cell of the Barnes–Hut quadtree.
#[derive(Clone, Copy)]
struct Cell {
    /// Centre and half side.
    cx: f64,
    cy: f64,
    half: f64,
    /// Total mass and mass-weighted position sum while the tree is built; [`QuadTree::build`]
    /// then divides the sums by the mass, so they hold the centre of mass (the walks of every
    /// step read it at each cell visited: two divisions each, 5,000 nodes × ~150 visits).
    mass: f64,
    sx: f64,
    sy: f64,
    /// First child index (four consecutive cells), 0 for a leaf.
    child: u32,
    /// The single body of a leaf (`u32::MAX` when empty or internal).
    body: u32,
}

/// A quadtree over the node positions, rebuilt each iteration in one arena.
#[derive(Default)]
struct QuadTree {
    cells: Vec<Cell>,
}

/// Deepest subdivision: bodies at (nearly) the same spot share a leaf beyond it.
const MAX_DEPTH: usize = 40;

impl QuadTree {
    fn build(&mut self, pos: &[(f64, f64)], mass: &[f64]) {
        self.cells.clear();
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(x, y) in pos {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        let half = ((x1 - x0).max(y1 - y0) / 2.0).max(1e-6) * 1.0001;
        self.cells.push(Cell {
            cx: (x0 + x1) / 2.0,
            cy: (y0 + y1) / 2.0,
            half,
            mass: 0.0,
            sx: 0.0,
            sy: 0.0,
            child: 0,
            body: u32::MAX,
        });
        for (v, &(x, y)) in pos.iter().enumerate() {
            self.insert(v as u32, x, y, mass[v], pos, mass);
        }
        for cell in &mut self.cells {
            if cell.mass > 0.0 {
                cell.sx /= cell.mass;
                cell.sy /= cell.mass;
            }
        }
    }

    fn insert(&mut self, v: u32, x: f64, y: f64, m: f64, pos: &[(f64, f64)], mass: &[f64]) {
        let mut c = 0usize;
        let mut depth = 0;
        loop {
            let cell = &mut self.cells[c];
            cell.mass += m;
            cell.sx += x * m;
            cell.sy += y * m;
            if cell.child == 0 {
                if cell.body == u32::MAX && cell.mass == m {
                    // Empty leaf: the body lives here.
                    cell.body = v;
                    return;
                }
                if depth >= MAX_DEPTH {
                    // Coincident bodies: keep them aggregated in this leaf.
                    return;
                }
                // Split: move the resident body one level down, then continue with v.
                let resident = cell.body;
                let (cx, cy, h) = (cell.cx, cell.cy, cell.half / 2.0);
                let first = self.cells.len() as u32;
                self.cells[c].child = first;
                self.cells[c].body = u32::MAX;
                for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                    self.cells.push(Cell {
                        cx: cx + dx * h,
                        cy: cy + dy * h,
                        half: h,
                        mass: 0.0,
                        sx: 0.0,
                        sy: 0.0,
                        child: 0,
                        body: u32::MAX,
                    });
                }
                if resident != u32::MAX {
                    let (rx, ry) = pos[resident as usize];
                    let rm = mass[resident as usize];
                    let q = Self::quadrant(&self.cells[c], rx, ry);
                    let leaf = &mut self.cells[first as usize + q];
                    leaf.mass = rm;
                    leaf.sx = rx * rm;
                    leaf.sy = ry * rm;
                    leaf.body = resident;
                }
            }
            let q = Self::quadrant(&self.cells[c], x, y);
            c = self.cells[c].child as usize + q;
            depth += 1;
        }
    }

    /// The bodies sorted by their Morton key (bits of x and y interleaved, 16 levels of the
    /// root square), i.e. nearly in the order of the tree's leaves.
    fn morton_order<'a>(
        &self,
        pos: &[(f64, f64)],
        keys: &'a mut Vec<(u32, u32)>,
    ) -> impl Iterator<Item = u32> + 'a {
        let root = self.cells[0];
        let (x0, y0, side) = (root.cx - root.half, root.cy - root.half, 2.0 * root.half);
        let spread = |mut a: u32| {
            a = (a | (a << 8)) & 0x00ff_00ff;
            a = (a | (a << 4)) & 0x0f0f_0f0f;
            a = (a | (a << 2)) & 0x3333_3333;
            (a | (a << 1)) & 0x5555_5555
        };
        keys.clear();
        keys.extend(pos.iter().enumerate().map(|(v, &(x, y))| {
            let gx = (((x - x0) / side * 65535.0) as u32).min(65535);
            let gy = (((y - y0) / side * 65535.0) as u32).min(65535);
            (spread(gx) | (spread(gy) << 1), v as u32)
        }));
        keys.sort_unstable();
        keys.iter().map(|k| k.1)
    }

    fn quadrant(cell: &Cell, x: f64, y: f64) -> usize {
        usize::from(x >= cell.cx) + 2 * usize::from(y >= cell.cy)
    }

    /// ForceAtlas2 repulsion on body `v`: kr · m_v · m_c / d for each cell far enough away
    /// (side / distance < θ) or each other body.
    fn repulsion(
        &self,
        v: usize,
        (x, y): (f64, f64),
        m: f64,
        kr: f64,
        theta: f64,
        stack: &mut Vec<u32>,
    ) -> (f64, f64) {
        let mut f = (0.0, 0.0);
        stack.clear();
        stack.push(0);
        while let Some(c) = stack.pop() {
            let cell = &self.cells[c as usize];
            if cell.body == v as u32 && cell.child == 0 || cell.mass == 0.0 {
                continue;
            }
            let (dx, dy) = (x - cell.sx, y - cell.sy);
            let d2 = dx * dx + dy * dy;
            let far = cell.child == 0 || 4.0 * cell.half * cell.half < theta * theta * d2;
            if far {
                // A leaf holding coincident bodies (v among them) is at distance 0: skipped.
                if d2 > 0.0 {
                    let k = kr * m * cell.mass / d2;
                    f.0 += dx * k;
                    f.1 += dy * k;
                }
            } else {
                // Only the occupied quadrants (a split leaves up to three empty).
                let first = cell.child;
                stack.extend((first..first + 4).filter(|&q| self.cells[q as usize].mass > 0.0));
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(n: u32) -> Graph {
        let e: Vec<(u32, u32, f64)> =
            (0..n).flat_map(|i| [(i, (i + 1) % n, 1.0), ((i + 1) % n, i, 1.0)]).collect();
        Graph::from_edges(n as usize, &e)
    }

    #[test]
    fn layout_is_deterministic_and_in_the_unit_square() {
        let g = ring(30);
        let a = force_layout(&g, 7);
        assert_eq!(a, force_layout(&g, 7));
        assert_eq!(a.len(), 30);
        assert!(a.iter().all(|(x, y)| (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y)));
    }

    #[test]
    fn the_outer_percent_is_drawn_into_the_margins_not_onto_the_edge() {
        // The placement is continuous, with the line's slope, where the margins begin.
        for at in [0.0, 1.0] {
            let (below, above) = (fit(at - 1e-9), fit(at + 1e-9));
            assert!((above - below).abs() < 1e-8, "continuous at {at}");
            let slope = |u: f64| (fit(u + 1e-6) - fit(u - 1e-6)) / 2e-6;
            assert!((slope(at - 1e-5) - slope(at + 1e-5)).abs() < 1e-3, "one slope at {at}");
        }
        for (u, at) in [(0.0, 0.05), (0.5, 0.5), (1.0, 0.95)] {
            assert!((fit(u) - at).abs() < 1e-12, "{u} → {}", fit(u));
        }
        // Strays far out keep their order and stay inside the square, apart from each other.
        let strays: Vec<f64> = (1..=50).map(|i| fit(1.0 + i as f64 * 0.01)).collect();
        assert!(strays.windows(2).all(|w| w[0] < w[1]) && strays[49] < 0.99, "{strays:?}");
        let inside = |x: f64| (0.01 - 1e-12..=0.99 + 1e-12).contains(&x);
        assert!(inside(fit(-1e6)) && inside(fit(1e6)));
        // 5,000 organizations spread evenly, then the outer 4 % pushed far out: none clamped
        // onto one line at the edge (before, every one beyond the 99th percentile was at 0.95).
        let n = 5000;
        let pos: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let x = i as f64 / n as f64;
                let far = if i % 25 == 0 { 1.0 + i as f64 / n as f64 } else { 0.0 };
                (x + far, (i * 7919 % n) as f64 / n as f64)
            })
            .collect();
        let out = arrange(&vec![true; n], &pos);
        let mut right: Vec<f64> = out.iter().map(|p| p.0).filter(|&x| x > 0.95).collect();
        right.sort_by(f64::total_cmp);
        right.dedup();
        assert!(right.len() > 40, "the strays at distinct places: {}", right.len());
        assert!(out.iter().all(|&(x, y)| inside(x) && inside(y)));
    }

    #[test]
    fn a_live_layout_in_slices_ends_where_the_whole_layout_ends() {
        let g = ring(40);
        let mut live = LiveLayout::new(&g, 7);
        assert_eq!(live.total, 300);
        // A clock that advances 1 ms per reading: a 5 ms budget takes 5 steps per slice.
        let t = std::cell::Cell::new(0.0);
        let clock = || {
            t.set(t.get() + 1.0);
            t.get()
        };
        let mut slices = 0;
        while live.done < live.total {
            let taken = live.run(&g, 1000, &clock, 5.0);
            assert!((1..=5).contains(&taken), "{taken}");
            slices += 1;
        }
        assert_eq!(slices, 60);
        assert_eq!(live.positions(&g), force_layout(&g, 7));
        // Resumed past the full layout, it refines by the steps asked for.
        assert_eq!(live.run(&g, 3, &|| 0.0, f64::INFINITY), 3);
        assert_eq!(live.done, 303);
        assert_ne!(live.positions(&g), force_layout(&g, 7));
        // Graphs above the analysis limit are laid out live only.
        let big = ring(MAX_LAYOUT_NODES as u32 + 1);
        assert!(force_layout(&big, 1).is_empty());
        let mut live = LiveLayout::new(&big, 1);
        assert_eq!(live.run(&big, 2, &|| 0.0, f64::INFINITY), 2);
        let p = live.positions(&big);
        assert_eq!(p.len(), MAX_LAYOUT_NODES + 1);
        assert!(p.iter().all(|(x, y)| (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y)));
    }

    #[test]
    fn ties_sent_as_arrays_lay_out_as_the_graph() {
        // Weighted, with reciprocated ties of different weights, an isolate and a pendant.
        let mut rng = Rng::new(11);
        let mut e: Vec<(u32, u32, f64)> = Vec::new();
        for _ in 0..400 {
            let (a, b) = (rng.below(120) as u32, rng.below(120) as u32);
            e.push((a, b, 1.0 + rng.below(4) as f64));
        }
        let g = Graph::from_edges(121, &e);
        let ties = LayoutTies::of(&g);
        let (ends, weights) = ties.to_arrays();
        let back = LayoutTies::from_arrays(121, &ends, &weights).expect("valid arrays");
        assert_eq!(back, ties);
        assert_eq!(back.lay_out(9), force_layout(&g, 9));
        assert_eq!(force_layout(&g, 9)[120].1, 0.93, "the isolate lines up at the bottom");
        // Malformed arrays are refused, not laid out.
        assert!(LayoutTies::from_arrays(121, &ends[1..], &weights).is_none());
        assert!(LayoutTies::from_arrays(5, &ends, &weights).is_none());
        assert!(LayoutTies::from_arrays(121, &[3, 2], &[1.0]).is_none());
    }

    #[test]
    fn tied_nodes_end_closer_than_untied_ones() {
        // Two triangles joined by one tie: nodes of a triangle sit together.
        let e: Vec<(u32, u32, f64)> = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]
            .iter()
            .flat_map(|(a, b)| [(*a, *b, 1.0), (*b, *a, 1.0)])
            .collect();
        let g = Graph::from_edges(6, &e);
        let p = force_layout(&g, 3);
        let d = |a: usize, b: usize| ((p[a].0 - p[b].0).powi(2) + (p[a].1 - p[b].1).powi(2)).sqrt();
        assert!(d(0, 1) < d(0, 5) && d(4, 5) < d(1, 4), "{p:?}");
    }

    #[test]
    fn barnes_hut_repulsion_matches_the_exact_sum_for_small_theta() {
        let mut rng = Rng::new(5);
        let pos: Vec<(f64, f64)> = (0..200).map(|_| (rng.f64() * 100.0, rng.f64() * 100.0)).collect();
        let mass: Vec<f64> = (0..200).map(|i| 1.0 + (i % 5) as f64).collect();
        let mut tree = QuadTree::default();
        tree.build(&pos, &mass);
        for v in [0usize, 57, 199] {
            let approx = tree.repulsion(v, pos[v], mass[v], 2.0, 0.0001, &mut Vec::new());
            let mut exact = (0.0, 0.0);
            for u in 0..200 {
                if u != v {
                    let (dx, dy) = (pos[v].0 - pos[u].0, pos[v].1 - pos[u].1);
                    let k = 2.0 * mass[v] * mass[u] / (dx * dx + dy * dy);
                    exact.0 += dx * k;
                    exact.1 += dy * k;
                }
            }
            assert!((approx.0 - exact.0).abs() < 1e-9 * exact.0.abs().max(1.0), "{approx:?} {exact:?}");
            assert!((approx.1 - exact.1).abs() < 1e-9 * exact.1.abs().max(1.0));
        }
        // The usual θ = 1.2 stays within a few per cent of the exact force.
        let approx = tree.repulsion(57, pos[57], mass[57], 2.0, 1.2, &mut Vec::new());
        let exact = tree.repulsion(57, pos[57], mass[57], 2.0, 0.0001, &mut Vec::new());
        let err = ((approx.0 - exact.0).powi(2) + (approx.1 - exact.1).powi(2)).sqrt();
        let size = (exact.0.powi(2) + exact.1.powi(2)).sqrt();
        assert!(err < 0.1 * size, "{err} vs {size}");
    }
}
