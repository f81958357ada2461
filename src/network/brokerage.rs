//! Gould–Fernandez brokerage roles (R sna `brokerage`): each node's count of open two-paths
//! a → v → b by the groups of a, v and b — coordinator, itinerant, gatekeeper, representative,
//! liaison.
//!
//! On a large network the count is a few hundred milliseconds that need nothing but the graph
//! and the groups (as codes, [`group_codes`]), so the page's pool counts them while the
//! analysis worker runs the passes (`crate::worker::measures`), and the analysis takes them
//! ([`with_handed`]) by a [`key`] of the graph and the codes.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::graph::Graph;
use crate::handover::Handover;
use crate::report::Brokerage;

/// Counts each node's brokerage roles over open two-paths a → v → b (a ≠ b, no tie a → b),
/// using only paths whose three groups are known. The analysis calls [`group_codes`] and
/// [`handed_or_counted`]; this names-first form is the tests' way in.
#[cfg(test)]
pub fn brokerage(g: &Graph, groups: &[Option<String>]) -> Vec<Brokerage> {
    // Groups as numbers, found once: the roles compare groups many times per node.
    brokerage_of_codes(g, &group_codes(g.node_count(), groups))
}

/// Counts each node's brokerage roles with the groups as codes: equal codes are one group,
/// `None` (or a node past the end of `codes`) an unknown group.
///
/// The two-paths are not walked one by one (Σ in(v)·out(v) of them: 72 million at
/// 100,000 / 1,000,000). A node's pairs (a, b) of a known in- and out-neighbour follow, by
/// role, from how many in- and out-neighbours each group has ([`pair_counts`]); the pairs
/// that are not open two-paths are then taken off: a = b, a reciprocated tie, and a → b, a
/// closed triad, found once per triangle ([`subtract_closed`]).
pub fn brokerage_of_codes(g: &Graph, codes: &[Option<u32>]) -> Vec<Brokerage> {
    let codes = dense_codes(g.node_count(), codes);
    let mut roles = pair_counts(g, &codes);
    subtract_closed(g, &codes, &mut roles);
    roles
}

/// A node whose group is not known, in [`dense_codes`]' codes.
const UNKNOWN: u32 = u32::MAX;

/// Each node's group as a number below the node count (so a count per group fits a list), or
/// [`UNKNOWN`]. Codes already below the node count are kept; others are renumbered.
fn dense_codes(n: usize, codes: &[Option<u32>]) -> Vec<u32> {
    let code = |v: usize| codes.get(v).copied().flatten();
    if (0..n).all(|v| code(v).is_none_or(|c| (c as usize) < n)) {
        return (0..n).map(|v| code(v).unwrap_or(UNKNOWN)).collect();
    }
    let mut index: HashMap<u32, u32> = HashMap::new();
    (0..n)
        .map(|v| {
            code(v).map_or(UNKNOWN, |c| {
                let next = index.len() as u32;
                *index.entry(c).or_insert(next)
            })
        })
        .collect()
}

/// Each node's pairs (a, b) — a an in-neighbour, b an out-neighbour, all three groups known —
/// by role, less the pairs a = b. O(n + m): a count per group of v's in-neighbours gives, for
/// each out-neighbour b, how many a share b's group (the itinerant pairs, and the liaison
/// pairs by difference); the other roles are products of totals.
fn pair_counts(g: &Graph, codes: &[u32]) -> Vec<Brokerage> {
    let groups = codes.iter().filter(|&&c| c != UNKNOWN).max().map_or(0, |&c| c as usize + 1);
    // Zero again after each node (its in-list resets what it set): no clearing per node.
    let mut in_group = vec![0usize; groups];
    (0..g.node_count())
        .map(|v| {
            let gv = codes[v];
            if gv == UNKNOWN {
                return Brokerage::default();
            }
            let mut ins = 0;
            for &a in g.inn(v) {
                let ga = codes[a as usize];
                if ga != UNKNOWN {
                    in_group[ga as usize] += 1;
                    ins += 1;
                }
            }
            let (mut outs_same, mut outs_other, mut itinerant) = (0, 0, 0);
            for &b in g.out(v) {
                match codes[b as usize] {
                    UNKNOWN => {}
                    gb if gb == gv => outs_same += 1,
                    gb => {
                        outs_other += 1;
                        itinerant += in_group[gb as usize];
                    }
                }
            }
            let ins_same = in_group[gv as usize];
            let ins_other = ins - ins_same;
            for &a in g.inn(v) {
                let ga = codes[a as usize];
                if ga != UNKNOWN {
                    in_group[ga as usize] = 0;
                }
            }
            let mut r = Brokerage {
                coordinator: ins_same * outs_same,
                itinerant,
                gatekeeper: ins_other * outs_same,
                representative: ins_same * outs_other,
                liaison: ins_other * outs_other - itinerant,
            };
            subtract_reciprocated(g, codes, v, &mut r);
            r
        })
        .collect()
}

/// Takes off v's pairs a = b: in- and out-neighbour at once (both lists are sorted, so one
/// merge). Such a pair's ends share a group: coordinator or itinerant.
fn subtract_reciprocated(g: &Graph, codes: &[u32], v: usize, r: &mut Brokerage) {
    let (ins, outs) = (g.inn(v), g.out(v));
    // The undirected list is the union of the two: equal lengths, no tie both ways.
    if g.und(v).len() == ins.len() + outs.len() {
        return;
    }
    let (mut i, mut j) = (0, 0);
    while let (Some(&a), Some(&b)) = (ins.get(i), outs.get(j)) {
        i += usize::from(a <= b);
        j += usize::from(b <= a);
        if a == b && codes[a as usize] != UNKNOWN {
            let ga = codes[a as usize];
            *role(r, ga, codes[v], ga) -= 1;
        }
    }
}

/// Which of v's counts a two-path a → v → b adds to, by its three (known) groups.
fn role(r: &mut Brokerage, ga: u32, gv: u32, gb: u32) -> &mut usize {
    match (ga == gv, gv == gb, ga == gb) {
        (true, true, _) => &mut r.coordinator,
        (false, false, true) => &mut r.itinerant,
        (false, true, _) => &mut r.gatekeeper,
        (true, false, _) => &mut r.representative,
        (false, false, false) => &mut r.liaison,
    }
}

/// Takes off the closed pairs: a → v → b with a tie a → b. Its three nodes are a triangle of
/// the undirected graph, so the triangles among nodes of known group are listed, each once,
/// and each of their up to six closed pairs taken off its broker's count. Each node looks only
/// at neighbours ranked above it by degree ([`forward_lists`]): no hub's long list is scanned
/// from each of its neighbours, so 15 million steps at 100,000 / 1,000,000 against Σ out(a)²,
/// 73 million, for scanning each in-neighbour's out-list.
fn subtract_closed(g: &Graph, codes: &[u32], roles: &mut [Brokerage]) {
    let Forward { order, off, adj, dir } = forward_lists(g, codes);
    // `mark[t]`: the directions of r's tie to t while r's triangles are listed, else 0.
    let mut mark = vec![0u8; order.len()];
    for r in 0..order.len() {
        let ups = off[r]..off[r + 1];
        for i in ups.clone() {
            mark[adj[i] as usize] = dir[i];
        }
        for i in ups.clone() {
            let s = adj[i] as usize;
            let (from, to) = (off[s], off[s + 1]);
            // The hot loop (15 million steps): a slice, so no bounds checks on `adj`.
            for (j, &t) in adj[from..to].iter().enumerate() {
                let t = t as usize;
                if mark[t] != 0 {
                    let nodes = [order[r], order[s], order[t]].map(|v| v as usize);
                    subtract_triangle(nodes, [dir[i], mark[t], dir[from + j]], codes, roles);
                }
            }
        }
        for i in ups {
            mark[adj[i] as usize] = 0;
        }
    }
}

/// A tie's directions seen from the node whose list holds it: out, in or both.
const OUT: u8 = 1;
const IN: u8 = 2;

/// The nodes of known group ranked by degree, each with its neighbours ranked above it.
struct Forward {
    /// The nodes by rank: fewest undirected ties first, then by number.
    order: Vec<u32>,
    /// CSR by rank: rank r's neighbours are `adj[off[r]..off[r + 1]]`, as ranks.
    off: Vec<usize>,
    adj: Vec<u32>,
    /// Each tie's directions ([`OUT`] | [`IN`]), beside `adj`.
    dir: Vec<u8>,
}

/// Ranks the nodes of known group and lists each one's higher-ranked neighbours. Numbered by
/// rank, the lists of the high-degree nodes, read most often, sit together in memory.
fn forward_lists(g: &Graph, codes: &[u32]) -> Forward {
    let n = g.node_count();
    let mut order: Vec<u32> = (0..n as u32).filter(|&v| codes[v as usize] != UNKNOWN).collect();
    order.sort_unstable_by_key(|&v| (g.und(v as usize).len(), v));
    let mut rank = vec![u32::MAX; n];
    for (r, &v) in order.iter().enumerate() {
        rank[v as usize] = r as u32;
    }
    let mut off = Vec::with_capacity(order.len() + 1);
    off.push(0);
    let (mut adj, mut dir) = (Vec::new(), Vec::new());
    for (r, &u) in order.iter().enumerate() {
        // The undirected list is the sorted union of the out- and in-lists: one merge.
        let (outs, ins) = (g.out(u as usize), g.inn(u as usize));
        let (mut i, mut j) = (0, 0);
        for &w in g.und(u as usize) {
            let d =
                if outs.get(i) == Some(&w) { OUT } else { 0 } | if ins.get(j) == Some(&w) { IN } else { 0 };
            i += usize::from(d & OUT != 0);
            j += usize::from(d & IN != 0);
            // Unknown groups have rank u32::MAX: left out with the lower-ranked.
            let rw = rank[w as usize];
            if rw != u32::MAX && rw as usize > r {
                adj.push(rw);
                dir.push(d);
            }
        }
        off.push(adj.len());
    }
    Forward { order, off, adj, dir }
}

/// Takes off a triangle's closed pairs: for each node x as broker and each order (a, b) of
/// the other two, a → x → b with a → b. `d` holds the ties' directions seen from the first
/// node named: t0–t1, t0–t2, t1–t2.
fn subtract_triangle(t: [usize; 3], d: [u8; 3], codes: &[u32], roles: &mut [Brokerage]) {
    // The tie i → j: pair (0, 1) is d[0], (0, 2) d[1], (1, 2) d[2].
    let tie = |i: usize, j: usize| d[i + j - 1] & if i < j { OUT } else { IN } != 0;
    for x in 0..3 {
        let (y, z) = ((x + 1) % 3, (x + 2) % 3);
        for (a, b) in [(y, z), (z, y)] {
            if tie(a, x) && tie(x, b) && tie(a, b) {
                let (ga, gx, gb) = (codes[t[a]], codes[t[x]], codes[t[b]]);
                *role(&mut roles[t[x]], ga, gx, gb) -= 1;
            }
        }
    }
}
/// Each node's group as a code, by first appearance (`None`: unknown).
pub fn group_codes(n: usize, groups: &[Option<String>]) -> Vec<Option<u32>> {
    let mut index: HashMap<&str, u32> = HashMap::new();
    (0..n)
        .map(|v| {
            let s = groups.get(v)?.as_deref()?;
            let next = index.len() as u32;
            Some(*index.entry(s).or_insert(next))
        })
        .collect()
}

/// A fingerprint of `g` and `codes`.
pub fn key(g: &Graph, codes: &[Option<u32>]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (g.fingerprint(), codes).hash(&mut h);
    h.finish()
}

thread_local! {
    /// Counts computed elsewhere, by [`key`] (see [`with_handed`]).
    static HANDED: Handover<Vec<Brokerage>> = const { Handover::new("brokerage") };
}

/// Runs `f` with counts computed elsewhere at hand: [`handed_or_counted`] takes those of its
/// graph and codes instead of counting.
pub fn with_handed<T>(handed: Vec<(u64, Vec<Brokerage>)>, f: impl FnOnce() -> T) -> T {
    Handover::with(&HANDED, handed, f)
}

/// The counts of `g` with groups `codes`: handed over, or counted here.
pub fn handed_or_counted(g: &Graph, codes: &[Option<u32>]) -> Vec<Brokerage> {
    let fits = |b: &Vec<Brokerage>| b.len() == g.node_count();
    Handover::take(&HANDED, || key(g, codes), fits).unwrap_or_else(|| brokerage_of_codes(g, codes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn brokerage_roles() {
        // a → v → b with no a → b tie; groups decide the role.
        let g = Graph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        let role =
            |a: &str, v: &str, b: &str| brokerage(&g, &[Some(a.into()), Some(v.into()), Some(b.into())])[1];
        assert_eq!(role("x", "x", "x").coordinator, 1);
        assert_eq!(role("x", "y", "x").itinerant, 1);
        assert_eq!(role("x", "y", "y").gatekeeper, 1);
        assert_eq!(role("x", "x", "y").representative, 1);
        assert_eq!(role("x", "y", "z").liaison, 1);
        let closed = Graph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]);
        assert_eq!(
            brokerage(&closed, &[Some("x".into()), Some("y".into()), Some("z".into())])[1],
            Brokerage::default()
        );
    }

    /// The counting before session 30, kept as the oracle: each two-path a → v → b walked,
    /// with a's ties marked.
    fn brokerage_by_two_paths(g: &Graph, groups: &[Option<String>]) -> Vec<Brokerage> {
        let mut index: HashMap<&str, u32> = HashMap::new();
        let ids: Vec<Option<u32>> = (0..g.node_count())
            .map(|v| {
                let s = groups.get(v)?.as_deref()?;
                let next = index.len() as u32;
                Some(*index.entry(s).or_insert(next))
            })
            .collect();
        let mut tied = vec![0u32; g.node_count()];
        let mut stamp = 0u32;
        (0..g.node_count())
            .map(|v| {
                let mut r = Brokerage::default();
                let Some(gv) = ids[v] else { return r };
                for &a in g.inn(v) {
                    let a = a as usize;
                    let Some(ga) = ids[a] else { continue };
                    stamp += 1;
                    for &b in g.out(a) {
                        tied[b as usize] = stamp;
                    }
                    for &b in g.out(v) {
                        let b = b as usize;
                        if b == a || tied[b] == stamp {
                            continue;
                        }
                        let Some(gb) = ids[b] else { continue };
                        match (ga == gv, gv == gb, ga == gb) {
                            (true, true, _) => r.coordinator += 1,
                            (false, false, true) => r.itinerant += 1,
                            (false, true, _) => r.gatekeeper += 1,
                            (true, false, _) => r.representative += 1,
                            (false, false, false) => r.liaison += 1,
                        }
                    }
                }
                r
            })
            .collect()
    }

    /// A random directed graph for the brokerage oracle: repeats, self-loops and ties both
    /// ways; closed triads added on purpose; some nodes isolated (no tie reaches the last
    /// ones); on even seeds a hub tied to most nodes; groups from one to `k`, some unknown, and
    /// sometimes fewer group entries than nodes.
    fn random_brokerage_case(seed: u64, n_max: usize) -> (Graph, Vec<Option<String>>) {
        let mut rng = Rng::new(seed);
        let n = 1 + rng.below(n_max);
        let active = 1 + rng.below(n);
        let mut e: Vec<(u32, u32, f64)> = Vec::new();
        let tie = |a: usize, b: usize| (a as u32, b as u32, 1.0);
        let (m, both) = (rng.below(4 * active + 1), rng.f64() * 0.5);
        for _ in 0..m {
            let (a, b) = (rng.below(active), rng.below(active));
            e.push(tie(a, b));
            if rng.f64() < both {
                e.push(tie(b, a));
            }
        }
        if seed.is_multiple_of(2) {
            let hub = rng.below(active);
            for v in 0..active {
                if rng.f64() < 0.8 {
                    e.push(tie(hub, v));
                }
                if rng.f64() < 0.5 {
                    e.push(tie(v, hub));
                }
            }
        }
        // Close some two-paths a → v → b with a → b.
        let open = Graph::from_edges(n, &e);
        for _ in 0..rng.below(2 * active + 1) {
            let a = rng.below(active);
            let Some(&v) = open.out(a).get(rng.below(open.out(a).len().max(1))) else { continue };
            let outs = open.out(v as usize);
            if let Some(&b) = outs.get(rng.below(outs.len().max(1))) {
                e.push(tie(a, b as usize));
            }
        }
        let k = if seed.is_multiple_of(5) { 1 } else { 1 + rng.below(8) };
        let unknown = if seed.is_multiple_of(3) { 0.0 } else { rng.f64() * 0.4 };
        let known = if seed.is_multiple_of(7) { rng.below(n + 1) } else { n };
        let groups =
            (0..known).map(|_| (rng.f64() >= unknown).then(|| format!("g{}", rng.below(k)))).collect();
        (Graph::from_edges(n, &e), groups)
    }

    #[test]
    fn brokerage_counts_equal_the_two_paths_walked() {
        for seed in 0..600 {
            let (g, groups) = random_brokerage_case(seed, if seed < 500 { 40 } else { 1500 });
            assert_eq!(brokerage(&g, &groups), brokerage_by_two_paths(&g, &groups), "seed {seed}");
        }
    }

    #[test]
    fn brokerage_of_any_codes() {
        // Codes far above the node count are renumbered; a shorter list leaves the rest unknown.
        for seed in 0..100 {
            let (g, mut groups) = random_brokerage_case(seed, 60);
            let codes: Vec<Option<u32>> = groups
                .iter()
                .map(|s| s.as_ref().and_then(|s| s[1..].parse::<u32>().ok()).map(|c| u32::MAX - 1 - c * 7919))
                .collect();
            assert_eq!(brokerage_of_codes(&g, &codes), brokerage(&g, &groups), "seed {seed}");
            let short = codes.len() / 2;
            groups.truncate(short);
            assert_eq!(brokerage_of_codes(&g, &codes[..short]), brokerage(&g, &groups), "seed {seed}");
        }
    }

    #[test]
    fn counts_handed_over_are_taken_for_their_graph_and_codes_only() {
        let (g, groups) = random_brokerage_case(3, 300);
        let codes = group_codes(g.node_count(), &groups);
        let here = brokerage_of_codes(&g, &codes);
        let mut marked = here.clone();
        marked[0].liaison += 1;
        let mut other = codes.clone();
        other[0] = Some(other[0].map_or(0, |c| c + 1));
        with_handed(vec![(key(&g, &codes), marked.clone())], || {
            assert_eq!(handed_or_counted(&g, &other), brokerage_of_codes(&g, &other));
            assert_eq!(handed_or_counted(&g, &codes), marked);
            assert_eq!(handed_or_counted(&g, &codes), here);
        });
    }
}
