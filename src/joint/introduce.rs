//! The introductions' search, in numbers: for each responding organization, up to two
//! partners of partners strong on its weakest capacity dimension, and one organization across
//! a structural hole (the rules: `cultivate`'s module doc and the README). What it needs from
//! the capacity results is gathered first ([`Needs`]), so that the search ([`picks`]) needs
//! nothing but the graph, those numbers and the communities.
//!
//! On a large network the search is seconds of the suggestions' work (100,000/1,000,000: a
//! scan of 2,000 steps around each of 100,000 organizations). The page's pool computes it with
//! the communities while the analysis worker runs the passes (`crate::worker::measures`), and
//! the analysis takes the picks ([`with_handed`], [`take`]) by a key of everything they
//! depend on: the same picks wherever they are computed.

use crate::handover::Handover;
use std::hash::{Hash, Hasher};

use crate::network::graph::Graph;
use crate::report::CapacityReport;
use crate::stats::PercentileRanks;

/// What the introductions need from the capacity results, per node of a relation.
#[derive(Debug, Clone, PartialEq)]
pub struct Needs {
    /// Whether the node is a responding organization (only those get introductions; they rank
    /// first as a community's hub).
    pub respondent: Vec<bool>,
    /// The index (among the capacity dimensions) of the node's weakest dimension, its first
    /// gap, when the sample has scores on it.
    pub gap: Vec<Option<usize>>,
    /// The node's own score on that dimension.
    pub own: Vec<Option<f64>>,
    /// Per capacity dimension: each node's score if it is in the sample's top quarter
    /// (percentile ≥ 75), else NaN.
    pub strong: Vec<Vec<f64>>,
}

impl Needs {
    /// Gathers them for the nodes of a relation (`members[v]`: node `v`'s organization row,
    /// respondents first).
    pub fn of(g: &Graph, members: &[usize], capacity: &CapacityReport) -> Needs {
        let orgs = &capacity.organizations;
        let by_dimension = strong_by_dimension(g, members, capacity);
        let index: std::collections::HashMap<&str, usize> =
            capacity.dimensions.iter().enumerate().map(|(i, d)| (d.key.as_str(), i)).collect();
        let n = g.node_count();
        let mut needs =
            Needs { respondent: vec![false; n], gap: vec![None; n], own: vec![None; n], strong: Vec::new() };
        for v in 0..n {
            let Some(org) = orgs.get(members[v]).filter(|_| members[v] < orgs.len()) else { continue };
            needs.respondent[v] = true;
            let gap = org.gaps.first().and_then(|d| index.get(d.as_str()).copied());
            needs.gap[v] = gap;
            needs.own[v] = gap.and_then(|d| by_dimension[d].0[v]);
        }
        needs.strong = by_dimension.into_iter().map(|(_, strong)| strong).collect();
        needs
    }

    /// Whether every list has `n` nodes and every gap names a dimension.
    pub fn fits(&self, n: usize) -> bool {
        self.respondent.len() == n
            && self.gap.len() == n
            && self.own.len() == n
            && self.strong.iter().all(|s| s.len() == n)
            && self.gap.iter().flatten().all(|d| *d < self.strong.len())
    }
}

/// An introduction in numbers: for organization `node`, partner `to`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pick {
    pub node: usize,
    pub to: usize,
    /// The gap filled (a capacity dimension's index); `None`: across a structural hole only.
    pub dimension: Option<usize>,
    /// The partner's score on that dimension.
    pub their_score: Option<f64>,
    /// Partners the two share.
    pub shared: usize,
    /// A capacity introduction that also crosses a structural hole.
    pub also_structural_hole: bool,
}

/// Most two-hop steps scanned per organization (bounds the work around hubs).
const TWO_HOP_LIMIT: usize = 2_000;
/// Marks the organization and its partners in the scan's counters.
const PARTNER: u16 = u16::MAX;
const _: () = assert!(TWO_HOP_LIMIT < PARTNER as usize);
/// Partners with more ties than this are not scanned for partners of partners.
const HUB_DEGREE: usize = 250;

/// The introductions of every responding organization, in node order: its capacity
/// introductions (best first), then its structural hole, unless that is one of them.
pub fn picks(g: &Graph, needs: &Needs, community: &[usize]) -> Vec<Pick> {
    let communities = Communities::of(g, &needs.respondent, community);
    let mut reached = vec![false; communities.size.len()];
    let mut scan = TwoHopScan::new(g.node_count());
    let mut out = Vec::new();
    for v in (0..g.node_count()).filter(|v| needs.respondent[*v]) {
        let gap = needs.gap[v];
        let strong: &[f64] = gap.and_then(|d| needs.strong.get(d)).map_or(&[], Vec::as_slice);
        scan.run(g, v, strong, needs.own[v].unwrap_or(f64::NEG_INFINITY));
        let pick = |to: usize, dimension: Option<usize>, their_score: Option<f64>| Pick {
            node: v,
            to,
            dimension,
            their_score,
            shared: scan.shared[to] as usize,
            also_structural_hole: false,
        };
        let first = out.len();
        if gap.is_some() {
            for (s, u) in scan.best_two(strong) {
                out.push(pick(u, gap, Some(s)));
            }
        }
        if let Some(u) = communities.unreached(g, v, community, &mut reached) {
            // The same organization for both reasons: one suggestion that gives both.
            match out[first..].iter_mut().find(|p| p.to == u) {
                Some(same) => same.also_structural_hole = true,
                None => out.push(pick(u, None, None)),
            }
        }
        scan.clear();
    }
    out
}

/// A fingerprint of what [`picks`] depends on: picks handed over are taken only for the same
/// graph, needs and communities.
pub fn key(g: &Graph, needs: &Needs, community: &[usize]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    g.fingerprint().hash(&mut h);
    (&needs.respondent, &needs.gap, community).hash(&mut h);
    needs.own.iter().for_each(|x| x.map(f64::to_bits).hash(&mut h));
    needs.strong.iter().flatten().for_each(|x| x.to_bits().hash(&mut h));
    h.finish()
}

thread_local! {
    /// Picks computed elsewhere, by [`key`] (see [`with_handed`]).
    static HANDED: Handover<Vec<Pick>> = const { Handover::new("introductions") };
}

/// Runs `f` with picks computed elsewhere at hand: the introductions of a relation whose [`key`]
/// is among them take them ([`take`]) instead of searching.
pub fn with_handed<T>(handed: Vec<(u64, Vec<Pick>)>, f: impl FnOnce() -> T) -> T {
    Handover::with(&HANDED, handed, f)
}

/// The picks handed over for these inputs, if any (each is taken once).
pub fn take(g: &Graph, needs: &Needs, community: &[usize]) -> Option<Vec<Pick>> {
    // Picks naming a node or dimension that is not there are not used (they could only come
    // from bytes damaged on the way).
    let fits = |p: &Pick| {
        p.node < needs.gap.len()
            && p.to < needs.gap.len()
            && p.dimension.is_none_or(|d| d < needs.strong.len())
    };
    Handover::take(&HANDED, || key(g, needs, community), |picks| picks.iter().all(fits))
}

/// Per dimension: each node's score, and its score again if it is in the sample's top quarter
/// (percentile ≥ 75), else NaN — computed once, so that each candidate costs one look-up in
/// one array.
fn strong_by_dimension(
    g: &Graph,
    members: &[usize],
    capacity: &CapacityReport,
) -> Vec<(Vec<Option<f64>>, Vec<f64>)> {
    let orgs = &capacity.organizations;
    capacity
        .dimensions
        .iter()
        .map(|d| {
            // Each organization's score looked up once, where the last was found (the rows list
            // the dimensions in the same order): a binary search of string keys twice per
            // organization and dimension was 50 ms of 100,000 organizations' last step.
            let mut hint = 0;
            let by_org: Vec<Option<f64>> =
                orgs.iter().map(|o| o.scores.get_hinted(&d.key, &mut hint).copied().flatten()).collect();
            let all: Vec<f64> = by_org.iter().flatten().copied().collect();
            let ranks = PercentileRanks::new(&all);
            let scores: Vec<Option<f64>> =
                (0..g.node_count()).map(|v| by_org.get(members[v]).copied().flatten()).collect();
            let strong = scores
                .iter()
                .map(|s| s.filter(|s| ranks.rank(*s).is_some_and(|p| p >= 75.0)).unwrap_or(f64::NAN))
                .collect();
            (scores, strong)
        })
        .collect()
}

/// The communities of a relation: their sizes, best-connected members and the large ones.
struct Communities {
    size: Vec<usize>,
    /// Each community's best-connected member (respondents first).
    hub: Vec<Option<usize>>,
    /// Communities of at least three, largest first (then smallest id).
    big: Vec<usize>,
}

impl Communities {
    fn of(g: &Graph, respondent: &[bool], community: &[usize]) -> Communities {
        let k = community.iter().map(|c| c + 1).max().unwrap_or(0);
        let mut size = vec![0usize; k];
        let mut hub: Vec<Option<usize>> = vec![None; k];
        let rank = |v: usize| (respondent[v], g.und(v).len(), std::cmp::Reverse(v));
        for v in 0..g.node_count() {
            let c = community[v];
            size[c] += 1;
            if hub[c].is_none_or(|h| rank(v) > rank(h)) {
                hub[c] = Some(v);
            }
        }
        let mut big: Vec<usize> = (0..k).filter(|c| size[*c] >= 3).collect();
        big.sort_by(|a, b| size[*b].cmp(&size[*a]).then(a.cmp(b)));
        Communities { size, hub, big }
    }

    /// Structural hole: the hub of the largest community reached neither by `v` nor by its
    /// partners. `reached` is all false before and after.
    fn unreached(&self, g: &Graph, v: usize, community: &[usize], reached: &mut [bool]) -> Option<usize> {
        let reached_list: Vec<usize> =
            std::iter::once(community[v]).chain(g.und(v).iter().map(|p| community[*p as usize])).collect();
        reached_list.iter().for_each(|c| reached[*c] = true);
        let target = self.big.iter().find(|c| !reached[**c]).and_then(|c| self.hub[*c]);
        reached_list.iter().for_each(|c| reached[*c] = false);
        target
    }
}

/// The scan of an organization's partners of partners, with arrays reused from one
/// organization to the next.
struct TwoHopScan {
    /// Partners each partner of partners shares with the organization (at most
    /// TWO_HOP_LIMIT, so a u16), or PARTNER for the organization and its partners: one small
    /// array, one look-up per step of the scan.
    shared: Vec<u16>,
    by_degree: Vec<usize>,
    touched: Vec<usize>,
    /// Partners of partners strong on the organization's weakest dimension (and stronger
    /// than it there): the candidates, noted during the scan so that the other partners of
    /// partners (three in four) are not looked at again.
    candidates: Vec<usize>,
}

impl TwoHopScan {
    fn new(n: usize) -> TwoHopScan {
        TwoHopScan {
            shared: vec![0u16; n],
            by_degree: Vec::new(),
            touched: Vec::new(),
            candidates: Vec::new(),
        }
    }

    /// Counts `v`'s partners of partners' shared partners and notes as candidates those whose
    /// `strong` score is above `above`.
    fn run(&mut self, g: &Graph, v: usize, strong: &[f64], above: f64) {
        let shared = &mut self.shared;
        let partners = g.und(v);
        // Partners of partners, through the least-connected partners first; hubs (more than
        // HUB_DEGREE partners) are skipped: knowing the same hub says little about fit, and
        // scanning hubs for every organization would cost O(n · hub degree).
        partners.iter().for_each(|p| shared[*p as usize] = PARTNER);
        shared[v] = PARTNER;
        self.by_degree.clear();
        self.by_degree.extend(partners.iter().map(|p| *p as usize).filter(|p| g.und(*p).len() <= HUB_DEGREE));
        self.by_degree.sort_by_key(|p| (g.und(*p).len(), *p));
        self.candidates.clear();
        let mut steps = 0;
        'scan: for &p in &self.by_degree {
            for &u in g.und(p) {
                steps += 1;
                if steps > TWO_HOP_LIMIT {
                    break 'scan;
                }
                let u = u as usize;
                if shared[u] == PARTNER {
                    continue;
                }
                if shared[u] == 0 {
                    self.touched.push(u);
                    // NaN (not strong) compares false.
                    if strong.get(u).is_some_and(|s| *s > above) {
                        self.candidates.push(u);
                    }
                }
                shared[u] += 1;
            }
        }
        partners.iter().for_each(|p| shared[*p as usize] = 0);
        shared[v] = 0;
    }

    /// The two best candidates as (score, node): highest score, then most shared partners.
    fn best_two(&self, strong: &[f64]) -> Vec<(f64, usize)> {
        let mut cands: Vec<(f64, usize, usize)> =
            self.candidates.iter().map(|&u| (strong[u], self.shared[u] as usize, u)).collect();
        let order = |a: &(f64, usize, usize), b: &(f64, usize, usize)| {
            b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
        };
        // Only the best two are needed: select them in linear time, then order them.
        if cands.len() > 2 {
            cands.select_nth_unstable_by(1, order);
            cands.truncate(2);
        }
        cands.sort_by(order);
        cands.into_iter().map(|(s, _, u)| (s, u)).collect()
    }

    /// Resets the counts of the organization's partners of partners.
    fn clear(&mut self) {
        for &u in &self.touched {
            self.shared[u] = 0;
        }
        self.touched.clear();
    }
}
