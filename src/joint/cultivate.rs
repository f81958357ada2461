//! Cultivating the community of practice: suggestions a network coordinator can act on.
//!
//! Every rule is deterministic and documented in the README ("Cultivating the community"):
//! - **Introductions** for each responding organization: up to two *partners of partners*
//!   (not yet tied; reached through partners with at most 250 ties, at most 2,000 steps) that score in the sample's top quarter on the organization's weakest
//!   capacity dimension, ranked by that score, then by shared partners; and one organization
//!   across a *structural hole*: the best-connected member of the largest community that
//!   neither the organization nor any of its partners belongs to. Ranked for the
//!   coordinator, best first (`rank_introductions`): those with both reasons, then capacity
//!   introductions by the gap they fill, then structural holes by the community they open.
//!   The search is [`super::introduce`]'s (in numbers, so the page's pool can run it); the
//!   names and the ranking are here.
//! - **New ties** for the coordinator: one tie per smaller component (largest first, up to
//!   five) to one of the three best-connected members of the largest component; then up to
//!   three ties inside the largest component that most reduce its average distance (by at
//!   least 2 %, `MIN_SHORTENING`), among
//!   pairs of its most peripheral and most central members (distances estimated from at
//!   most 200 seeded sources when the component is large, fewer on very large graphs).
//! - **Critical brokers**: organizations whose loss would cut others off from the rest of
//!   their component (cut vertices, ranked by how many they cut off), then high-betweenness
//!   organizations (of the ten highest, those in the top tenth: `bridge_ranks`) whose partners are barely connected among themselves (effective size at
//!   least 80 % of degree).
//!
//! All of it works on the undirected version of the relation.

use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

use super::introduce;
use crate::handover::Handover;
use crate::network::graph::Graph;
use crate::network::structure::SearchTree;
use crate::report::{
    CUT_OFF_LISTED, CapacityReport, CriticalBroker, Introduction, Key, LINKED_LISTED, NewTie, NodeMetrics,
    Suggestions,
};
use crate::rng::Rng;

/// Computes the suggestions. `members[v]` is the organization row of node `v` when below
/// `capacity.organizations.len()` (respondents come first).
pub fn suggest(
    g: &Graph,
    members: &[usize],
    nodes: &[NodeMetrics],
    capacity: &CapacityReport,
    seed: u64,
) -> Suggestions {
    let comps = components(g, None);
    let (new_ties, sampled) = new_ties(g, nodes, &comps, seed);
    let introductions = introductions(g, members, nodes, capacity);
    let (critical_brokers, cutting_brokers_found) = critical_brokers(g, nodes, &comps);
    Suggestions {
        top: top_introductions(&introductions, TOP_INTRODUCTIONS, TOP_PER_ORGANIZATION),
        most_suggested: most_suggested(&introductions, g.node_count()),
        introductions,
        new_ties,
        critical_brokers,
        distances_sampled: sampled,
        cutting_brokers_found,
    }
}

/// Introductions shown first (the page's top list).
pub const TOP_INTRODUCTIONS: usize = 10;
/// Most introductions an organization (either side) is in among those shown first.
pub const TOP_PER_ORGANIZATION: usize = 2;

/// The introductions shown first: indices into `ranked` (ranked by [`rank_introductions`]),
/// in its order, at most `k` — the best ranked, passing over one that names an organization
/// (the one it is for or the partner suggested) already in `per_organization` of those taken,
/// so that the first list reaches more organizations than the few hubs every ranking favours.
pub fn top_introductions(ranked: &[Introduction], k: usize, per_organization: usize) -> Vec<usize> {
    let mut seen: rustc_hash::FxHashMap<usize, usize> = Default::default();
    let mut out = Vec::new();
    for (idx, i) in ranked.iter().enumerate() {
        if out.len() == k {
            break;
        }
        let count = |v: usize| seen.get(&v).copied().unwrap_or(0);
        if count(i.node) >= per_organization || count(i.to) >= per_organization {
            continue;
        }
        *seen.entry(i.node).or_default() += 1;
        *seen.entry(i.to).or_default() += 1;
        out.push(idx);
    }
    out
}

/// Most times one partner is suggested in the full list when it is spread
/// ([`spread_introductions`]).
pub const SPREAD_PER_PARTNER: usize = 3;

/// The introductions of the full list when spread: indices into `ranked`, in its order, but
/// those in `skip` (shown first already) and, of those suggesting one partner, all after its
/// first `per_partner` — half of all suggestions went to three organizations, several of them
/// the brokers the page asks to protect.
pub fn spread_introductions(ranked: &[Introduction], skip: &[usize], per_partner: usize) -> Vec<usize> {
    let mut skipped = vec![false; ranked.len()];
    for &k in skip {
        if let Some(s) = skipped.get_mut(k) {
            *s = true;
        }
    }
    let mut taken: rustc_hash::FxHashMap<usize, usize> = Default::default();
    let mut out = Vec::new();
    for (idx, i) in ranked.iter().enumerate() {
        if skipped[idx] {
            continue;
        }
        let n = taken.entry(i.to).or_default();
        if *n < per_partner {
            *n += 1;
            out.push(idx);
        }
    }
    out
}

/// Most partners [`most_suggested`] names.
const MOST_SUGGESTED: usize = 3;
/// Share of all introductions that each partner [`most_suggested`] names is in, at least.
const MOST_SUGGESTED_SHARE: f64 = 0.1;

/// The organizations' names in `intros` (either side), sorted, when there are at most `max`
/// of them (a list to pick from); `None` as soon as there are more. Sorting every name of
/// 276,000 introductions only to find that out held the page for a quarter of a second.
pub fn names_to_pick(intros: &[Introduction], max: usize) -> Option<Vec<&str>> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for i in intros {
        seen.insert(i.name.as_str());
        seen.insert(i.to_name.as_str());
        if seen.len() > max {
            return None;
        }
    }
    let mut names: Vec<&str> = seen.into_iter().collect();
    names.sort_unstable();
    Some(names)
}

/// The partners suggested most often (node, introductions), most first then in node order,
/// when suggestions concentrate: up to three, each in at least a tenth of the introductions
/// (and in more than two); none when they spread.
pub fn most_suggested(intros: &[Introduction], nodes: usize) -> Vec<crate::report::SuggestedPartner> {
    let mut counts = vec![0usize; nodes];
    for i in intros {
        if let Some(c) = counts.get_mut(i.to) {
            *c += 1;
        }
    }
    let least = ((intros.len() as f64 * MOST_SUGGESTED_SHARE).ceil() as usize).max(3);
    let mut top: Vec<crate::report::SuggestedPartner> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c >= least)
        .map(|(node, count)| crate::report::SuggestedPartner { node, count: *count })
        .collect();
    top.sort_by(|a, b| b.count.cmp(&a.count).then(a.node.cmp(&b.node)));
    top.truncate(MOST_SUGGESTED);
    top
}

/// The introductions of a relation, ranked: the numbers the scan found
/// ([`introduce::picks`]; handed over when the page's pool ran the scan) with the names and
/// community sizes a reader needs.
fn introductions(
    g: &Graph,
    members: &[usize],
    nodes: &[NodeMetrics],
    capacity: &CapacityReport,
) -> Vec<Introduction> {
    let needs = introduce::Needs::of(g, members, capacity);
    let community: Vec<usize> = nodes.iter().map(|x| x.community).collect();
    let picks =
        introduce::take(g, &needs, &community).unwrap_or_else(|| introduce::picks(g, &needs, &community));
    // Made once: each introduction shares them.
    let kinds = [Key::new("capacity"), Key::new("structural_hole")];
    let dimensions: Vec<Key> = capacity.dimensions.iter().map(|d| Key::new(&d.key)).collect();
    let mut size = vec![0usize; community.iter().map(|c| c + 1).max().unwrap_or(0)];
    community.iter().for_each(|c| size[*c] += 1);
    let mut out: Vec<Introduction> = picks
        .into_iter()
        .map(|p| Introduction {
            node: p.node,
            id: nodes[p.node].id.clone(),
            name: nodes[p.node].name.clone(),
            to: p.to,
            to_id: nodes[p.to].id.clone(),
            to_name: nodes[p.to].name.clone(),
            kind: if p.dimension.is_some() { &kinds[0] } else { &kinds[1] }.clone(),
            dimension: p.dimension.and_then(|d| dimensions.get(d).cloned()),
            own_score: p.dimension.and(needs.own[p.node]),
            their_score: p.their_score,
            shared_partners: p.shared,
            community: community[p.to],
            community_size: size[community[p.to]],
            also_structural_hole: p.also_structural_hole,
        })
        .collect();
    rank_introductions(&mut out);
    out
}

/// Orders introductions best first, for a coordinator who acts on the first few:
/// 1. those with both reasons (a capacity gap filled and a structural hole bridged);
/// 2. then capacity introductions;
/// 3. then structural-hole introductions alone (the same few hubs, many times over).
///
/// Within 1 and 2: the larger capacity gap filled (their score − own score; undefined last);
/// within 3: the larger community opened. Then more shared partners (an easier introduction),
/// then the organization's and the partner's node order.
pub fn rank_introductions(intros: &mut [Introduction]) {
    // Each introduction's place as one key of numbers, sorted once: a comparison that matched
    // strings and recomputed the values took 0.2 s natively for the 276,000 introductions of
    // 100,000/1,000,000 (0.35 s in the page). The index last keeps equal ones in their order.
    let mut keys: Vec<(u8, i64, std::cmp::Reverse<usize>, usize, usize, usize)> = intros
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let (tier, value) = rank_of(x);
            (tier, !total_order(value), std::cmp::Reverse(x.shared_partners), x.node, x.to, i)
        })
        .collect();
    keys.sort_unstable();
    // Put each in its place by following the permutation's cycles (no copies).
    let mut placed = vec![false; intros.len()];
    for start in 0..intros.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = keys[at].5;
            if from == start {
                break;
            }
            intros.swap(at, from);
            at = from;
        }
    }
}

/// An introduction's tier (0: both reasons, 1: capacity, 2: structural hole alone) and its
/// value within the tier, larger first (the gap filled, or the community's size;
/// `NEG_INFINITY` when undefined).
fn rank_of(i: &Introduction) -> (u8, f64) {
    let tier = match (i.kind.as_str(), i.also_structural_hole) {
        ("capacity", true) => 0u8,
        ("capacity", false) => 1,
        _ => 2,
    };
    let value = match tier {
        2 => i.community_size as f64,
        _ => i.their_score.zip(i.own_score).map_or(f64::NEG_INFINITY, |(t, o)| t - o),
    };
    (tier, value)
}

/// `x` as an integer in the order of `f64::total_cmp`.
fn total_order(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// Component id per node of the undirected version, skipping `removed`; ids by first node.
fn components(g: &Graph, removed: Option<usize>) -> Vec<usize> {
    let n = g.node_count();
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    let mut queue = VecDeque::new();
    for s in 0..n {
        if comp[s] != usize::MAX || Some(s) == removed {
            continue;
        }
        comp[s] = next;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            for &w in g.und(v) {
                let w = w as usize;
                if comp[w] == usize::MAX && Some(w) != removed {
                    comp[w] = next;
                    queue.push_back(w);
                }
            }
        }
        next += 1;
    }
    comp
}

fn sizes(comp: &[usize]) -> Vec<usize> {
    let k = comp.iter().filter(|c| **c != usize::MAX).map(|c| c + 1).max().unwrap_or(0);
    let mut s = vec![0; k];
    for &c in comp.iter().filter(|c| **c != usize::MAX) {
        s[c] += 1;
    }
    s
}

/// One end of candidate ties: its distance to each member of the largest component (in
/// member order) and the members by increasing distance.
struct End {
    dist: Vec<u32>,
    by_distance: Vec<u32>,
}

impl End {
    fn new(dist: Vec<u32>) -> End {
        let mut by_distance: Vec<u32> = (0..dist.len() as u32).collect();
        by_distance.sort_by_key(|&t| (dist[t as usize], t));
        End { dist, by_distance }
    }

    /// The members at distance at most `r`.
    fn within(&self, r: u32) -> &[u32] {
        &self.by_distance[..self.by_distance.partition_point(|&t| self.dist[t as usize] <= r)]
    }
}

/// Largest number of sources used to estimate distances.
const DISTANCE_SOURCES: usize = 200;
/// Peripheral and central candidates for path-shortening ties.
const PERIPHERAL: usize = 8;
const CENTRAL: usize = 4;
/// Smallest share of the average distance a path-shortening tie must save to be suggested
/// (2 %: 2.68 → 2.63 steps; a tie that saves 2.68 → 2.67 changes nothing anyone would notice).
pub const MIN_SHORTENING: f64 = 0.02;

/// Why a new tie is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieReason {
    ConnectIsolate,
    JoinComponents,
    ShortenPaths,
}

impl TieReason {
    /// The report word.
    pub fn as_str(self) -> &'static str {
        match self {
            TieReason::ConnectIsolate => "connect_isolate",
            TieReason::JoinComponents => "join_components",
            TieReason::ShortenPaths => "shorten_paths",
        }
    }

    pub const ALL: [TieReason; 3] =
        [TieReason::ConnectIsolate, TieReason::JoinComponents, TieReason::ShortenPaths];
}

/// A new tie in numbers, as [`plan_new_ties`] finds it ([`NewTie`] without the names).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannedTie {
    pub a: usize,
    pub b: usize,
    pub reason: TieReason,
    pub components_after: usize,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// The new ties of a graph in numbers, and whether distances were estimated from a sample.
/// They need nothing but the graph and the seed, so the page's pool searches them while the
/// analysis worker runs the passes (`crate::worker::measures`; on 100,000/1,000,000 the
/// distance searches take about 0.25 s) and the analysis takes them ([`with_handed_ties`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedTies {
    pub ties: Vec<PlannedTie>,
    pub sampled: bool,
}

/// The new ties of `g` with weak components `comp` ([`components`]): handed over or planned
/// here, then named.
fn new_ties(g: &Graph, nodes: &[NodeMetrics], comp: &[usize], seed: u64) -> (Vec<NewTie>, bool) {
    let planned = take_ties(g, seed).unwrap_or_else(|| plan(g, comp, seed));
    let tie = |t: &PlannedTie| NewTie {
        a: t.a,
        a_id: nodes[t.a].id.clone(),
        a_name: nodes[t.a].name.clone(),
        b: t.b,
        b_id: nodes[t.b].id.clone(),
        b_name: nodes[t.b].name.clone(),
        reason: t.reason.as_str().into(),
        components_after: t.components_after,
        average_distance_before: t.before,
        average_distance_after: t.after,
    };
    (planned.ties.iter().map(tie).collect(), planned.sampled)
}

/// The new ties of `g` in numbers, planned here (for the page's pool).
pub fn plan_new_ties(g: &Graph, seed: u64) -> PlannedTies {
    plan(g, &components(g, None), seed)
}

fn plan(g: &Graph, comp: &[usize], seed: u64) -> PlannedTies {
    let s = sizes(comp);
    let count = s.len();
    let mut out = Vec::new();
    let Some(main) = (0..count).max_by(|a, b| s[*a].cmp(&s[*b]).then(b.cmp(a))) else {
        return PlannedTies { ties: out, sampled: false };
    };
    let tie = |a: usize, b: usize, reason, components_after, before, after| PlannedTie {
        a,
        b,
        reason,
        components_after,
        before,
        after,
    };
    let degree = |v: usize| g.und(v).len();
    let best_in = |c: usize| {
        (0..g.node_count())
            .filter(|v| comp[*v] == c)
            .max_by(|a, b| degree(*a).cmp(&degree(*b)).then(b.cmp(a)))
    };
    let mut hubs: Vec<usize> = (0..g.node_count()).filter(|v| comp[*v] == main).collect();
    hubs.sort_by(|a, b| degree(*b).cmp(&degree(*a)).then(a.cmp(b)));
    hubs.truncate(3);
    let mut others: Vec<usize> = (0..count).filter(|c| *c != main).collect();
    others.sort_by(|a, b| s[*b].cmp(&s[*a]).then(a.cmp(b)));
    for (i, c) in others.iter().take(5).enumerate() {
        if let Some(v) = best_in(*c) {
            let reason = if s[*c] == 1 { TieReason::ConnectIsolate } else { TieReason::JoinComponents };
            out.push(tie(v, hubs[i % hubs.len()], reason, count - 1, None, None));
        }
    }
    // Shortening paths inside the largest component.
    let members: Vec<usize> = (0..g.node_count()).filter(|v| comp[*v] == main).collect();
    if members.len() < 4 {
        return PlannedTies { ties: out, sampled: false };
    }
    let (sources, sampled) = distance_sources(g, &members, seed);
    let mut rows = SourceRows::new(g, &members, &sources);
    let pairs = shortcut_pairs(g, &mut rows);
    let (before, after) = average_distances(g, &mut rows, &pairs);
    let mut cands: Vec<(f64, usize, usize)> =
        pairs.iter().zip(&after).map(|(&(a, b), d)| (*d, a, b)).collect();
    cands.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    // Only ties that shorten paths noticeably: at least MIN_SHORTENING of the average.
    let enough = before * (1.0 - MIN_SHORTENING) + 1e-12;
    for (after, a, b) in cands.into_iter().filter(|c| c.0 <= enough).take(3) {
        out.push(tie(a, b, TieReason::ShortenPaths, count, Some(before), Some(after)));
    }
    PlannedTies { ties: out, sampled }
}

/// A fingerprint of what [`plan_new_ties`] depends on: the graph and the seed.
pub fn ties_key(g: &Graph, seed: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (g.fingerprint(), seed).hash(&mut h);
    h.finish()
}

thread_local! {
    /// New ties planned elsewhere, by [`ties_key`] (see [`with_handed_ties`]).
    static HANDED_TIES: Handover<PlannedTies> = const { Handover::new("new ties") };
}

/// Runs `f` with new ties planned elsewhere at hand: the suggestions of a graph whose
/// [`ties_key`] is among them take them instead of searching.
pub fn with_handed_ties<T>(handed: Vec<(u64, PlannedTies)>, f: impl FnOnce() -> T) -> T {
    Handover::with(&HANDED_TIES, handed, f)
}

fn take_ties(g: &Graph, seed: u64) -> Option<PlannedTies> {
    // Ties naming a node that is not there could only come from bytes damaged on the way.
    let n = g.node_count();
    let fits = |p: &PlannedTies| p.ties.iter().all(|t| t.a < n && t.b < n);
    Handover::take(&HANDED_TIES, || ties_key(g, seed), fits)
}

/// The sources distances are measured from: all members of a small component; a seeded sample
/// of a large one, fewer for very large graphs so that the work stays near 50 million steps per
/// pass. Also says whether they are a sample.
fn distance_sources(g: &Graph, members: &[usize], seed: u64) -> (Vec<usize>, bool) {
    let work = (g.node_count() + 2 * g.undirected_edge_count()).max(1);
    let budget = (50_000_000 / work).clamp(20, DISTANCE_SOURCES);
    let mut sources = members.to_vec();
    let sampled = sources.len() > budget;
    if sampled {
        Rng::new(seed).shuffle(&mut sources);
        sources.truncate(budget);
        sources.sort_unstable();
    }
    (sources, sampled)
}

/// Largest number of distances (sources × members) kept between the two passes over the
/// sources' rows (64 MB); above it the second pass searches again.
const KEPT_DISTANCES: usize = 16 << 20;

/// Distances from the sources to every member of the largest component, row by row (member
/// order), found 64 sources at a time by one multi-source search (`network::structure::
/// search_batch`): each tie is scanned once per level for the whole batch instead of once per
/// source. Kept after the first pass when small enough ([`KEPT_DISTANCES`]).
struct SourceRows<'a> {
    g: &'a Graph,
    members: &'a [usize],
    sources: &'a [usize],
    /// Member index of each node (`u32::MAX` outside the component).
    position: Vec<u32>,
    kept: Vec<u32>,
}

impl<'a> SourceRows<'a> {
    fn new(g: &'a Graph, members: &'a [usize], sources: &'a [usize]) -> SourceRows<'a> {
        let mut position = vec![u32::MAX; g.node_count()];
        for (i, &v) in members.iter().enumerate() {
            position[v] = i as u32;
        }
        SourceRows { g, members, sources, position, kept: Vec::new() }
    }

    /// Calls `row(k, distances)` for each source `k` in order, with its distances to the
    /// members in member order; the first call keeps the rows when they fit.
    fn each(&mut self, mut row: impl FnMut(usize, &[u32])) {
        let m = self.members.len();
        if !self.kept.is_empty() {
            for (k, r) in self.kept.chunks_exact(m).enumerate() {
                row(k, r);
            }
            return;
        }
        let keep = self.sources.len() * m <= KEPT_DISTANCES;
        let mut kept = Vec::new();
        member_distances(self.g, &self.position, m, self.sources, |k, r| {
            if keep {
                kept.extend_from_slice(r);
            }
            row(k, r);
        });
        self.kept = kept;
    }
}

/// Distances from each of `sources` (members of one component) to the `m` members (`position`
/// gives a node's member index), passed to `row` source by source, in order.
fn member_distances(
    g: &Graph,
    position: &[u32],
    m: usize,
    sources: &[usize],
    row: impl FnMut(usize, &[u32]),
) {
    // Up to 64 sources per batch, fewer when their rows would pass 4 million cells (16 MB).
    member_distances_by(g, position, m, sources, ((4 << 20) / m.max(1)).clamp(1, 64), row);
}

/// [`member_distances`] with `batch` (1–64) sources per search.
fn member_distances_by(
    g: &Graph,
    position: &[u32],
    m: usize,
    sources: &[usize],
    batch: usize,
    mut row: impl FnMut(usize, &[u32]),
) {
    let mut scratch = crate::network::structure::batch_scratch(g);
    let mut rows = vec![u32::MAX; batch * m];
    for (c, chunk) in sources.chunks(batch).enumerate() {
        rows[..chunk.len() * m].fill(u32::MAX);
        for (b, &s) in chunk.iter().enumerate() {
            rows[b * m + position[s] as usize] = 0;
        }
        crate::network::structure::search_batch(g, chunk, &mut scratch, |w, mut bits, d| {
            let Some(p) = position.get(w).map(|&p| p as usize).filter(|&p| p < m) else { return };
            while bits != 0 {
                rows[bits.trailing_zeros() as usize * m + p] = d;
                bits &= bits - 1;
            }
        });
        for (b, r) in rows[..chunk.len() * m].chunks_exact(m).enumerate() {
            row(c * batch + b, r);
        }
    }
}

/// Candidate ties not yet there: each of the most peripheral members (largest total distance
/// from the sources) with the most central ones and with the other peripheral ones.
fn shortcut_pairs(g: &Graph, rows: &mut SourceRows) -> Vec<(usize, usize)> {
    let mut farness = vec![0f64; rows.members.len()];
    rows.each(|_, row| {
        for (f, &d) in farness.iter_mut().zip(row) {
            *f += d as f64;
        }
    });
    // Member indices follow node order, so ties fall back on the node index as before.
    let mut by_farness: Vec<usize> = (0..farness.len()).collect();
    by_farness.sort_by(|a, b| farness[*b].total_cmp(&farness[*a]).then(a.cmp(b)));
    let members = rows.members;
    let peripheral: Vec<usize> = by_farness.iter().take(PERIPHERAL).map(|&i| members[i]).collect();
    let central: Vec<usize> = by_farness.iter().rev().take(CENTRAL).map(|&i| members[i]).collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, &p) in peripheral.iter().enumerate() {
        for &q in central.iter().chain(&peripheral[i + 1..]) {
            let (a, b) = (p.min(q), p.max(q));
            if a != b && g.und(a).binary_search(&(b as u32)).is_err() && !pairs.contains(&(a, b)) {
                pairs.push((a, b));
            }
        }
    }
    pairs
}

/// The component's average distance (from the sources to the members), and what it would be
/// with each of the `pairs` tied.
fn average_distances(g: &Graph, rows: &mut SourceRows, pairs: &[(usize, usize)]) -> (f64, Vec<f64>) {
    let m = rows.members.len();
    // Distances from each end of a candidate tie to the members (in member order), and the
    // members ordered by that distance: the ends' searches run as one batch.
    let mut ends: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    ends.sort_unstable();
    ends.dedup();
    let mut end_rows: std::collections::HashMap<usize, End> = std::collections::HashMap::new();
    member_distances(g, &rows.position, m, &ends, |k, r| {
        end_rows.insert(ends[k], End::new(r.to_vec()));
    });
    // With the tie {a, b}, d'(s, t) = min(d(s, t), d(s, a) + 1 + d(b, t),
    // d(s, b) + 1 + d(a, t)). The sum over t is the sum before minus what the tie saves, and
    // it saves nothing for t unless d(s, a) + 1 + d(b, t) < d(s, t) ≤ ε(s) (or the same with a
    // and b swapped), where ε(s) is the largest d(s, t): so only the members within
    // ε(s) − d(s, a) − 2 of b, or within ε(s) − d(s, b) − 2 of a, are visited — near the
    // peripheral ends of the ties that is a small part of the component (5,000 nodes: the
    // pass went from 60 million steps to a few million), and the sums are exactly those of
    // a visit to every member.
    let mut before_sum = 0f64;
    let mut after_sum = vec![0f64; pairs.len()];
    // The rows are lent to the closure, so it reads the ends' member indices from a copy.
    let position = rows.position.clone();
    rows.each(|_, from_source| {
        let total: u64 = from_source.iter().map(|&d| u64::from(d)).sum();
        let farthest = from_source.iter().copied().max().unwrap_or(0);
        before_sum += total as f64;
        for (k, &(a, b)) in pairs.iter().enumerate() {
            let (ea, eb) = (&end_rows[&a], &end_rows[&b]);
            let (sa, sb) = (from_source[position[a] as usize] + 1, from_source[position[b] as usize] + 1);
            let saved = |t: usize| {
                let d = from_source[t];
                d - d.min(sa + eb.dist[t]).min(sb + ea.dist[t])
            };
            // Members within reach of b's side, then those within reach of a's side only.
            let near_b = farthest.checked_sub(sa + 1);
            let near_a = farthest.checked_sub(sb + 1);
            let mut saving = 0u64;
            for t in near_b.map_or(&[][..], |r| eb.within(r)) {
                saving += u64::from(saved(*t as usize));
            }
            for t in near_a.map_or(&[][..], |r| ea.within(r)) {
                if near_b.is_none_or(|r| eb.dist[*t as usize] > r) {
                    saving += u64::from(saved(*t as usize));
                }
            }
            after_sum[k] += (total - saving) as f64;
        }
    });
    let pairs_total = (rows.sources.len() * (m - 1)) as f64;
    (before_sum / pairs_total, after_sum.iter().map(|s| s / pairs_total).collect())
}

/// What `v`'s loss cuts off from the largest remaining part of its component.
#[derive(Debug, PartialEq)]
struct CutOff {
    /// Surveyed organizations (respondents) cut off.
    surveyed: usize,
    /// Names pending review (partner names that matched no respondent) cut off.
    unconfirmed: usize,
    /// Pieces the component falls into.
    pieces: usize,
    /// Up to [`CUT_OFF_LISTED`] of the surveyed organizations cut off (from the largest piece
    /// cut off, then in node order).
    named: Vec<usize>,
}

/// What `v`'s loss cuts off, in one search of the whole network. Only respondents count as
/// organizations cut off: a name no respondent matched may be a misspelling of a surveyed
/// organization that is connected elsewhere (the walkthrough's broker "cut off" a typo).
fn pieces_without(comp: &[usize], nodes: &[NodeMetrics], (g, v, after): (&Graph, usize, &[usize])) -> CutOff {
    // Pieces of v's old component, with their sizes.
    let mut piece_sizes: std::collections::BTreeMap<usize, usize> = Default::default();
    for &w in g.und(v) {
        piece_sizes.entry(after[w as usize]).or_insert(0);
    }
    for (w, c) in after.iter().enumerate() {
        if let Some(sz) = piece_sizes.get_mut(c)
            && comp[w] == comp[v]
        {
            *sz += 1;
        }
    }
    // The piece that stays is the largest (the first of equals); the others are cut off.
    let mut pieces: Vec<(usize, usize)> = piece_sizes.iter().map(|(c, s)| (*c, *s)).collect();
    pieces.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = CutOff { surveyed: 0, unconfirmed: 0, pieces: pieces.len(), named: Vec::new() };
    let stays = pieces.first().map(|p| p.0);
    for (w, c) in after.iter().enumerate() {
        if w != v && comp[w] == comp[v] && Some(*c) != stays {
            if nodes[w].respondent {
                out.surveyed += 1;
            } else {
                out.unconfirmed += 1;
            }
        }
    }
    for &(piece, _) in pieces.iter().skip(1) {
        let room = CUT_OFF_LISTED - out.named.len();
        out.named.extend(
            (0..after.len()).filter(|w| after[*w] == piece && *w != v && nodes[*w].respondent).take(room),
        );
        if out.named.len() == CUT_OFF_LISTED {
            break;
        }
    }
    out
}

/// The communities `v` links (its own and its partners'): at most [`LINKED_LISTED`] of them,
/// those that hold the most of `v` and its partners, then the larger (communities are
/// numbered by size); and how many there are in all.
fn linked_communities(g: &Graph, nodes: &[NodeMetrics], v: usize) -> (Vec<usize>, usize) {
    let mut found: Vec<usize> =
        std::iter::once(v).chain(g.und(v).iter().map(|w| *w as usize)).map(|w| nodes[w].community).collect();
    found.sort_unstable();
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for c in found {
        match counts.last_mut() {
            Some((last, n)) if *last == c => *n += 1,
            _ => counts.push((c, 1)),
        }
    }
    let all = counts.len();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (counts.into_iter().take(LINKED_LISTED).map(|(c, _)| c).collect(), all)
}

/// Most candidates checked for critical brokers (each check is one search).
const BROKER_CANDIDATES: usize = 30;

/// Key brokers listed for the organizations their loss cuts off, at most.
pub const KEY_CUTTING: usize = 5;

/// Key brokers listed for their bridging alone (cutting no one off), at most.
pub const KEY_BRIDGES: usize = 3;

/// Share of a network's organizations, by betweenness, said to bridge between others (the
/// organization page's "a bridge between others", a broker for its bridging alone).
pub const BRIDGE_SHARE: f64 = 0.10;

/// The betweenness ranks (1 = highest) that count as bridging between others in a network of
/// `nodes`: the top tenth, at least the first.
pub fn bridge_ranks(nodes: usize) -> usize {
    ((nodes as f64 * BRIDGE_SHARE).ceil() as usize).max(1)
}

/// What `components(g, Some(v))` says of `v`'s component, with other labels: each piece
/// `v`'s loss leaves is labelled by its first node (so pieces compare as components do,
/// which are numbered by first node); `v` and the nodes of other components are
/// `usize::MAX`. A child's subtree is a piece of its own when no tie leads from it above
/// `v` (low point ≥ `v`'s number); the rest of the component is one piece.
fn pieces_of(tree: &SearchTree, g: &Graph, comp: &[usize], v: usize) -> Vec<usize> {
    let mut children: Vec<usize> =
        g.und(v).iter().map(|w| *w as usize).filter(|w| tree.parent[*w] == v).collect();
    children.sort_unstable_by_key(|c| tree.disc[*c]);
    children.dedup();
    // A node's piece as a slot: the position of the child whose subtree it is in, or, for the
    // rest of the component, one past the children.
    let rest = children.len();
    let piece = |w: usize| {
        let d = tree.disc[w];
        if d <= tree.disc[v] || d >= tree.end[v] {
            return rest;
        }
        let at = children.partition_point(|c| tree.disc[*c] <= d) - 1;
        if tree.low[children[at]] >= tree.disc[v] { at } else { rest }
    };
    // Each slot's first node, which labels its piece.
    let mut first = vec![usize::MAX; rest + 1];
    let mut after = vec![usize::MAX; comp.len()];
    for w in (0..comp.len()).filter(|w| *w != v && comp[*w] == comp[v]) {
        let slot = &mut first[piece(w)];
        if *slot == usize::MAX {
            *slot = w;
        }
        after[w] = *slot;
    }
    after
}

/// The key brokers (see the module's documentation), and how many organizations' loss cuts
/// surveyed organizations off among the candidates checked (every cut vertex unless there are
/// more than [`BROKER_CANDIDATES`]).
fn critical_brokers(g: &Graph, nodes: &[NodeMetrics], comp: &[usize]) -> (Vec<CriticalBroker>, usize) {
    let mut cands: Vec<usize> = (0..g.node_count()).filter(|v| nodes[*v].cut_vertex).collect();
    let mut by_betweenness: Vec<usize> =
        (0..g.node_count()).filter(|v| nodes[*v].betweenness.is_some_and(|b| b > 0.0)).collect();
    let bt = |v: usize| nodes[v].betweenness.unwrap_or(0.0);
    by_betweenness.sort_by(|a, b| bt(*b).total_cmp(&bt(*a)).then(a.cmp(b)));
    cands.sort_by(|a, b| bt(*b).total_cmp(&bt(*a)).then(a.cmp(b)));
    cands.truncate(BROKER_CANDIDATES);
    // Brokers for their bridging alone: the ten highest, and only within the top tenth.
    for v in by_betweenness.into_iter().take(10.min(bridge_ranks(g.node_count()))) {
        if !cands.contains(&v) {
            cands.push(v);
        }
    }
    let mut tree = None;
    let out: Vec<CriticalBroker> = cands
        .into_iter()
        .filter_map(|v| {
            let degree = g.und(v).len();
            let efficiency = nodes[v].effective_size.filter(|_| degree > 0).map(|e| e / degree as f64);
            let cut = if nodes[v].cut_vertex {
                let tree = tree.get_or_insert_with(|| SearchTree::new(g));
                pieces_without(comp, nodes, (g, v, &pieces_of(tree, g, comp, v)))
            } else {
                // Not a cut vertex: its component stays in one piece without it (a search
                // over the whole network per candidate cost 5 ms at 100,000 nodes).
                CutOff { surveyed: 0, unconfirmed: 0, pieces: usize::from(degree > 0), named: Vec::new() }
            };
            let CutOff { surveyed: cut_off, unconfirmed: cut_off_unconfirmed, pieces, named: cut_off_nodes } =
                cut;
            let keep = cut_off > 0 || efficiency.is_some_and(|e| e >= 0.8) && bt(v) > 0.0;
            let (communities, linked) = linked_communities(g, nodes, v);
            keep.then(|| CriticalBroker {
                node: v,
                id: nodes[v].id.clone(),
                name: nodes[v].name.clone(),
                cut_off,
                cut_off_unconfirmed,
                pieces,
                betweenness: nodes[v].betweenness,
                efficiency,
                cut_off_nodes,
                communities,
                linked,
            })
        })
        .collect();
    // Two kinds, each with its own places: those whose loss cuts organizations off (the most
    // cut off first), then the strongest bridges that cut no one off. One ranking for both let
    // five cut vertices holding one leaf each (betweenness 0.0003) push out a bridge that
    // one shortest path in ten runs through (5,000 organizations).
    let (mut cutting, mut bridging): (Vec<_>, Vec<_>) = out.into_iter().partition(|b| b.cut_off > 0);
    let found = cutting.len();
    cutting.sort_by(|a, b| {
        b.cut_off.cmp(&a.cut_off).then(bt(b.node).total_cmp(&bt(a.node))).then(a.node.cmp(&b.node))
    });
    cutting.truncate(KEY_CUTTING);
    bridging.sort_by(|a, b| bt(b.node).total_cmp(&bt(a.node)).then(a.node.cmp(&b.node)));
    bridging.truncate(KEY_BRIDGES);
    cutting.extend(bridging);
    (cutting, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ranking as one comparison (the reference the keys must match).
    fn rank_by_comparing(intros: &mut [Introduction]) {
        intros.sort_by(|a, b| {
            let ((ta, va), (tb, vb)) = (rank_of(a), rank_of(b));
            ta.cmp(&tb)
                .then(vb.total_cmp(&va))
                .then(b.shared_partners.cmp(&a.shared_partners))
                .then(a.node.cmp(&b.node))
                .then(a.to.cmp(&b.to))
        });
    }

    #[test]
    fn ranking_by_keys_is_ranking_by_comparing() {
        let mut rng = Rng::new(4);
        let values =
            [None, Some(0.0), Some(-0.0), Some(1.5), Some(-2.0), Some(f64::NAN), Some(f64::INFINITY)];
        for count in [0, 1, 2, 5, 50, 2_000] {
            let intros: Vec<Introduction> = (0..count)
                .map(|i| Introduction {
                    node: rng.below(20),
                    id: format!("n{i}"),
                    name: String::new(),
                    to: rng.below(20),
                    to_id: String::new(),
                    to_name: String::new(),
                    kind: ["capacity", "structural_hole"][rng.below(2)].into(),
                    dimension: None,
                    own_score: values[rng.below(values.len())],
                    their_score: values[rng.below(values.len())],
                    shared_partners: rng.below(4),
                    community: 0,
                    community_size: rng.below(5),
                    also_structural_hole: rng.below(2) == 0,
                })
                .collect();
            let (mut keyed, mut compared) = (intros.clone(), intros);
            rank_introductions(&mut keyed);
            rank_by_comparing(&mut compared);
            // Equal ones keep their order too (their ids differ).
            let ids = |v: &[Introduction]| v.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&keyed), ids(&compared), "{count} introductions");
        }
    }

    /// One breadth-first search (the reference the batched searches must match).
    fn bfs(g: &Graph, s: usize) -> Vec<u32> {
        let mut dist = vec![u32::MAX; g.node_count()];
        let mut queue = VecDeque::from([s]);
        dist[s] = 0;
        while let Some(v) = queue.pop_front() {
            for &w in g.und(v) {
                if dist[w as usize] == u32::MAX {
                    dist[w as usize] = dist[v] + 1;
                    queue.push_back(w as usize);
                }
            }
        }
        dist
    }

    #[test]
    fn batched_member_distances_equal_one_search_per_source() {
        // Two components (the second one never reached), a long path and random ties.
        let mut rng = Rng::new(7);
        let n = 400usize;
        let mut edges: Vec<(u32, u32, f64)> = (0..299).map(|v| (v, v + 1, 1.0)).collect();
        for _ in 0..300 {
            let (a, b) = (rng.below(300) as u32, rng.below(300) as u32);
            if a != b {
                edges.push((a, b, 1.0));
            }
        }
        edges.extend((300..n as u32 - 1).map(|v| (v, v + 1, 1.0)));
        let g = Graph::from_edges(n, &edges);
        let comp = components(&g, None);
        let members: Vec<usize> = (0..n).filter(|v| comp[*v] == comp[0]).collect();
        assert_eq!(members.len(), 300);
        let mut position = vec![u32::MAX; n];
        for (i, &v) in members.iter().enumerate() {
            position[v] = i as u32;
        }
        // 150 sources: batches of 64, 64 and 22, with a source repeated.
        let mut sources: Vec<usize> = (0..300).step_by(2).collect();
        sources[5] = sources[4];
        for batch in [64, 7, 1] {
            let mut seen = Vec::new();
            member_distances_by(&g, &position, members.len(), &sources, batch, |k, row| {
                let want: Vec<u32> = bfs(&g, sources[k]).iter().take(300).copied().collect();
                assert_eq!(row, &want[..], "source {k}, batches of {batch}");
                seen.push(k);
            });
            assert_eq!(seen, (0..sources.len()).collect::<Vec<_>>());
        }
        // Kept rows give the same as searching again.
        let mut rows = SourceRows::new(&g, &members, &sources);
        let (mut first, mut second) = (Vec::new(), Vec::new());
        rows.each(|_, r| first.extend_from_slice(r));
        rows.each(|_, r| second.extend_from_slice(r));
        assert!(!rows.kept.is_empty());
        assert_eq!(first, second);
    }

    #[test]
    fn pieces_from_one_search_tree_are_the_components_without_the_node() {
        // Trees, cycles with pendant paths, stars and random sparse graphs with several
        // components: what every node's loss cuts off, from the search tree and from a new
        // search of the graph without it.
        let mut rng = Rng::new(11);
        let mut cut_vertices = 0;
        for round in 0..60 {
            let n = 5 + rng.below(60);
            let ties = match round % 3 {
                0 => n - 1 + rng.below(3),
                1 => n / 2 + rng.below(n),
                _ => n + rng.below(2 * n),
            };
            let mut edges: Vec<(u32, u32, f64)> = Vec::new();
            if round % 3 == 0 {
                edges.extend((1..n as u32).map(|v| (rng.below(v as usize) as u32, v, 1.0)));
            }
            while edges.len() < ties {
                let (a, b) = (rng.below(n) as u32, rng.below(n) as u32);
                if a != b {
                    // Both directions sometimes: the undirected lists merge them.
                    edges.push(if rng.below(2) == 0 { (a, b, 1.0) } else { (b, a, 1.0) });
                }
            }
            let g = Graph::from_edges(n, &edges);
            let nodes: Vec<NodeMetrics> =
                (0..n).map(|_| NodeMetrics { respondent: rng.below(3) > 0, ..Default::default() }).collect();
            let comp = components(&g, None);
            let tree = SearchTree::new(&g);
            let cut = crate::network::structure::articulation_points(&g);
            for v in 0..n {
                let searched = pieces_without(&comp, &nodes, (&g, v, &components(&g, Some(v))));
                let from_tree = pieces_without(&comp, &nodes, (&g, v, &pieces_of(&tree, &g, &comp, v)));
                assert_eq!(searched, from_tree, "round {round}, node {v}");
                cut_vertices += usize::from(cut[v]);
                assert_eq!(cut[v], searched.pieces > 1, "round {round}, node {v}");
            }
        }
        assert!(cut_vertices > 200, "{cut_vertices} cut vertices");
    }
}
