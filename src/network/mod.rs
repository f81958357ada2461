//! Network analysis: one directed graph per relation, with the metrics of the input contract.
//!
//! Definitions follow networkx 3 (each function in [`metrics`] names the one it matches), so
//! results can be checked against networkx on the same data.

pub mod brokerage;
pub mod build;
pub mod community;
pub mod coreperiphery;
pub mod ego;
pub mod generate;
pub mod graph;
pub mod graph_only;
pub mod layout;
pub mod metrics;
pub mod node_metric;
pub mod path_summary;
pub mod ratings;
pub mod structure;
pub mod weighted;

use crate::diag::{Arg, Warning, args};
use crate::report::{Brokerage, CorePeriphery, GraphMetrics, NodeMetrics, RelationReport, RelationSettings};
use std::collections::BTreeMap;

use crate::stats::finite;
use build::Networks;
use graph::Graph;
use metrics::Sources;

/// Settings of the network analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetworkOptions {
    /// Exact betweenness up to this many nodes; above it, sampled sources.
    pub exact_betweenness_max_nodes: usize,
    /// Number of sampled sources when betweenness is sampled.
    pub betweenness_samples: usize,
    /// Seed for sampling, community detection and layout.
    pub seed: u64,
    /// Modularity resolution for community detection.
    pub resolution: f64,
    /// Community detection method.
    pub community: community::Method,
    /// How nominations become ties.
    pub symmetrize: Symmetrize,
    /// Use tie weights for strength and PageRank.
    pub weighted: bool,
    /// Keep named partners who did not respond as nodes.
    pub include_non_respondents: bool,
    /// Remove nodes without ties.
    pub drop_isolates: bool,
    /// Exact diameter/path length up to this many nodes in the largest component.
    pub exact_paths_max_nodes: usize,
    /// Closeness and harmonic centrality (one search per node) up to this many nodes;
    /// above it they are not computed and a note says so.
    pub closeness_max_nodes: usize,
    /// Keep only ties rated at or above this intensity level (see [`ratings::limit_to_intensity`]).
    pub min_intensity: Option<f64>,
    /// Threads for the searches of betweenness, closeness and harmonic centrality. How the
    /// job runs, not a setting: every number gives the same report (see [`crate::stats::par`]).
    pub threads: crate::stats::par::Threads,
}

/// How directed nominations become the analysed graph (networkx `to_undirected(reciprocal=…)`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Symmetrize {
    /// Keep nominations directed.
    #[default]
    None,
    /// A tie when either organization names the other.
    Union,
    /// A tie only when both name each other.
    Reciprocal,
}

impl Symmetrize {
    /// The report's word for the rule.
    pub fn as_str(self) -> &'static str {
        match self {
            Symmetrize::None => "none",
            Symmetrize::Union => "union",
            Symmetrize::Reciprocal => "reciprocal",
        }
    }

    /// Parses `none`, `union` or `reciprocal`.
    pub fn parse(s: &str) -> Option<Symmetrize> {
        match s {
            "none" | "directed" => Some(Symmetrize::None),
            "union" | "or" => Some(Symmetrize::Union),
            "reciprocal" | "and" => Some(Symmetrize::Reciprocal),
            _ => None,
        }
    }
}

/// Categorical values of the respondents (one list per attribute, in organization order),
/// used for mixing and brokerage.
#[derive(Debug, Clone, Default)]
pub struct NodeAttributes {
    /// `(attribute, values)`; values are indexed by organization.
    pub attributes: Vec<(String, Vec<Option<String>>)>,
    /// Index into `attributes` of the brokerage attribute.
    pub brokerage: Option<usize>,
}

impl Default for NetworkOptions {
    fn default() -> Self {
        NetworkOptions {
            exact_betweenness_max_nodes: 5000,
            betweenness_samples: 500,
            seed: 42,
            resolution: 1.0,
            community: community::Method::Leiden,
            symmetrize: Symmetrize::None,
            weighted: false,
            include_non_respondents: true,
            drop_isolates: false,
            exact_paths_max_nodes: 3000,
            closeness_max_nodes: 20_000,
            min_intensity: None,
            threads: crate::stats::par::Threads::ONE,
        }
    }
}

/// Accumulates milliseconds per metric (summed over relations) for `timings_ms`.
pub struct Timer<'a> {
    clock: &'a dyn Fn() -> f64,
    /// Metric key (as in the report, e.g. `pagerank`) → milliseconds.
    pub ms: std::collections::BTreeMap<String, f64>,
}

impl<'a> Timer<'a> {
    /// A timer reading `clock` (milliseconds).
    pub fn new(clock: &'a dyn Fn() -> f64) -> Self {
        Timer { clock, ms: Default::default() }
    }

    /// Runs `f`, adding its duration to `key`.
    pub fn time<T>(&mut self, key: &str, f: impl FnOnce() -> T) -> T {
        let t0 = (self.clock)();
        let out = f();
        *self.ms.entry(key.to_string()).or_insert(0.0) += (self.clock)() - t0;
        out
    }
}

/// One analysed relation: its graph, the report section and its node list.
#[derive(Debug, Clone)]
pub struct RelationAnalysis {
    /// Indices into [`Networks::nodes`] of this relation's nodes, in graph order.
    pub members: Vec<usize>,
    /// The graph on `members`.
    pub graph: Graph,
    /// Report section.
    pub report: RelationReport,
}

/// Analyses every relation.
pub fn analyze(
    nets: &Networks,
    options: &NetworkOptions,
    warnings: &mut Vec<Warning>,
) -> Vec<RelationAnalysis> {
    let clock = || 0.0;
    analyze_observed(
        nets,
        options,
        &NodeAttributes::default(),
        warnings,
        &mut Timer::new(&clock),
        &mut |_, _| {},
    )
}

/// [`analyze`], calling `progress(done, total)` before each relation, for progress bars.
pub fn analyze_observed(
    nets: &Networks,
    options: &NetworkOptions,
    attrs: &NodeAttributes,
    warnings: &mut Vec<Warning>,
    timer: &mut Timer,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<RelationAnalysis> {
    let graphs = relation_graphs(nets, options, timer);
    analyze_graphs(nets, graphs, (options, attrs), warnings, timer, progress)
}

/// Every relation's nodes and graph, then the combined relation's, as [`analyze_graphs`]
/// analyses them: built once, before the metrics, so that the page's pool of workers can be
/// given their passes of searches ([`pass_jobs`]) before the analysis goes on.
pub struct RelationGraphs {
    /// The combined relation's ties, when there are two relations or more.
    combined: Option<build::RelationTies>,
    /// Per relation (the combined one last): its members and graph.
    built: Vec<(Vec<usize>, Graph)>,
}

impl RelationGraphs {
    /// Each relation's graph, the combined one last (the order of the analysis's graphs).
    pub fn graphs(&self) -> impl Iterator<Item = &Graph> {
        self.built.iter().map(|(_, g)| g)
    }

    /// Each relation's members (organization indices, in graph order) and graph, in the order
    /// of [`RelationGraphs::graphs`].
    pub fn members_and_graphs(&self) -> impl Iterator<Item = (&[usize], &Graph)> {
        self.built.iter().map(|(m, g)| (m.as_slice(), g))
    }
}

/// Builds [`RelationGraphs`] (timed as `load`).
pub fn relation_graphs(nets: &Networks, options: &NetworkOptions, timer: &mut Timer) -> RelationGraphs {
    let combined = combined_relation(nets);
    let built = nets
        .relations
        .iter()
        .chain(combined.as_ref())
        .map(|rel| relation_graph(nets, rel, options, timer))
        .collect();
    RelationGraphs { combined, built }
}

/// Every relation's metrics on its graph built by [`relation_graphs`], calling
/// `progress(done, total)` before each relation.
pub fn analyze_graphs(
    nets: &Networks,
    graphs: RelationGraphs,
    (options, attrs): (&NetworkOptions, &NodeAttributes),
    warnings: &mut Vec<Warning>,
    timer: &mut Timer,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<RelationAnalysis> {
    let RelationGraphs { combined, built } = graphs;
    let all: Vec<&build::RelationTies> = nets.relations.iter().chain(combined.as_ref()).collect();
    let total = all.len();
    all.into_iter()
        .zip(built)
        .enumerate()
        .map(|(i, (rel, (members, graph)))| {
            progress(i, total);
            let ctx = Context { nets, options, attrs, combined: i == nets.relations.len() };
            let mut report = analyze_graph(&rel.key, &graph, &members, &ctx, warnings, timer);
            ratings::summarize(&rel.ratings, &nets.tie_dimensions, &members, &mut report);
            RelationAnalysis { members, graph, report }
        })
        .collect()
}

/// A relation's nodes (organization indices) and graph: every respondent, plus (by default)
/// the non-respondents named in it, without isolates if asked (built timed as `load`).
fn relation_graph(
    nets: &Networks,
    rel: &build::RelationTies,
    options: &NetworkOptions,
    timer: &mut Timer,
) -> (Vec<usize>, Graph) {
    let mut members: Vec<usize> = (0..nets.respondents).collect();
    if options.include_non_respondents {
        let mut extra = rel.non_respondents.clone();
        extra.sort_unstable();
        members.extend(extra);
    }
    let mut graph = timer.time("load", || {
        let ties = relation_ties(&rel.ties, &members, nets.nodes.len(), options.symmetrize);
        Graph::from_edges(members.len(), &ties)
    });
    if options.drop_isolates {
        let keep: Vec<usize> =
            (0..members.len()).filter(|v| !graph.inn(*v).is_empty() || !graph.out(*v).is_empty()).collect();
        let kept: Vec<usize> = keep.iter().map(|v| members[*v]).collect();
        graph = timer.time("load", || {
            let ties = relation_ties(&rel.ties, &kept, nets.nodes.len(), options.symmetrize);
            Graph::from_edges(kept.len(), &ties)
        });
        members = kept;
    }
    (members, graph)
}

/// The unweighted passes of Brandes' searches (`metrics::PassJob`) that [`analyze_graphs`]
/// will run on these graphs, in relation order, among those of at least `min_work` edge scans
/// (sources × (nodes + ties), as [`metrics::PassJob::work`]): what the page's pool of workers
/// can run while the analysis waits (see `crate::worker::passes`).
pub fn pass_jobs(graphs: &RelationGraphs, options: &NetworkOptions, min_work: f64) -> Vec<metrics::PassJob> {
    graphs
        .built
        .iter()
        .filter_map(|(_, g)| {
            let n = g.node_count();
            let (sources, paths) = brandes_plan(n, options)?;
            let src = metrics::source_list(n, sources);
            let work = src.len() as f64 * (n + g.edge_count()) as f64;
            (work >= min_work).then(|| metrics::PassJob::new(g, &src, paths))
        })
        .collect()
}

/// Key of the combined relation (a suffix is added if a survey relation already uses it).
pub const COMBINED: &str = "combined";

/// The multiplex view: every tie of every relation, weighted by the number of relations in
/// which it appears. `None` with fewer than two relations.
fn combined_relation(nets: &Networks) -> Option<build::RelationTies> {
    if nets.relations.len() < 2 {
        return None;
    }
    let mut pairs: Vec<(u32, u32)> = nets
        .relations
        .iter()
        .flat_map(|r| {
            let mut p: Vec<(u32, u32)> = r.ties.iter().map(|(s, t, _)| (*s, *t)).collect();
            p.sort_unstable();
            p.dedup();
            p
        })
        .collect();
    pairs.sort_unstable();
    let mut ties: Vec<(u32, u32, f64)> = Vec::new();
    for (s, t) in pairs {
        match ties.last_mut() {
            Some(last) if last.0 == s && last.1 == t => last.2 += 1.0,
            _ => ties.push((s, t, 1.0)),
        }
    }
    let mut non_respondents: Vec<usize> =
        nets.relations.iter().flat_map(|r| r.non_respondents.clone()).collect();
    non_respondents.sort_unstable();
    non_respondents.dedup();
    let mut key = COMBINED.to_string();
    while nets.relations.iter().any(|r| r.key == key) {
        key.push('+');
    }
    // Every relation's ratings, so the combined view has the network's means over all of them.
    let ratings = nets.relations.iter().flat_map(|r| r.ratings.iter().cloned()).collect();
    Some(build::RelationTies { key, ties, non_respondents, ratings })
}

/// How a symmetrized pair's weight is made from its two directed weights (recorded in each
/// relation's `settings.pair_weight`): the larger, as the undirected versions used for weighted
/// clustering and the layout already do ([`weighted::pair_weight`]).
pub const PAIR_WEIGHT: &str = "max";

/// The ties among `members` (indices into the node universe), re-indexed, after symmetrizing.
///
/// Parallel nominations of one direction add up (as [`Graph::from_edges`] merges them). With
/// `union` and `reciprocal` every kept pair becomes two ties of the same weight, the larger of
/// its two directed weights ([`PAIR_WEIGHT`]): a pair named both ways is one tie, not two
/// added together, so with unit weights an organization's union strength is its number of
/// distinct partners.
fn relation_ties(
    ties: &[(u32, u32, f64)],
    members: &[usize],
    universe: usize,
    rule: Symmetrize,
) -> Vec<(u32, u32, f64)> {
    let mut local = vec![u32::MAX; universe];
    for (i, &m) in members.iter().enumerate() {
        local[m] = i as u32;
    }
    let kept: Vec<(u32, u32, f64)> = ties
        .iter()
        .map(|(s, t, w)| (local[*s as usize], local[*t as usize], *w))
        .filter(|(s, t, _)| *s != u32::MAX && *t != u32::MAX && s != t)
        .collect();
    if rule == Symmetrize::None {
        return kept;
    }
    // Each direction's weight (parallel nominations summed), then each unordered pair with the
    // directions it was named in (bit 1: low → high, bit 2: high → low).
    let mut directed = kept;
    directed.sort_unstable_by_key(|(s, t, _)| (*s, *t));
    let mut pairs: Vec<(u32, u32, f64, u8)> = Vec::with_capacity(directed.len());
    for (s, t, w) in directed {
        let (lo, hi, bit) = if s < t { (s, t, 1) } else { (t, s, 2) };
        match pairs.last_mut() {
            // The same direction again (consecutive after the sort): a parallel nomination.
            Some(last) if (last.0, last.1, last.3) == (lo, hi, bit) => last.2 += w,
            _ => pairs.push((lo, hi, w, bit)),
        }
    }
    pairs.sort_unstable_by_key(|(lo, hi, _, bit)| (*lo, *hi, *bit));
    let mut merged: Vec<(u32, u32, f64, u8)> = Vec::with_capacity(pairs.len());
    for (lo, hi, w, bit) in pairs {
        match merged.last_mut() {
            Some(last) if last.0 == lo && last.1 == hi => {
                last.2 = last.2.max(w);
                last.3 |= bit;
            }
            _ => merged.push((lo, hi, w, bit)),
        }
    }
    merged
        .into_iter()
        .filter(|(_, _, _, bits)| rule == Symmetrize::Union || *bits == 3)
        .flat_map(|(lo, hi, w, _)| [(lo, hi, w), (hi, lo, w)])
        .collect()
}

/// What every relation's analysis shares.
struct Context<'a> {
    nets: &'a Networks,
    options: &'a NetworkOptions,
    attrs: &'a NodeAttributes,
    /// The relation is the combined (multiplex) view.
    combined: bool,
}

fn analyze_graph(
    key: &str,
    g: &Graph,
    members: &[usize],
    ctx: &Context,
    warnings: &mut Vec<Warning>,
    timer: &mut Timer,
) -> RelationReport {
    let options = ctx.options;
    let columns = node_columns(key, g, options, warnings, timer);
    let values = ctx.attrs.brokerage.and_then(|b| ctx.attrs.attributes.get(b)).map(|(_, values)| values);
    let brokerage = values.map(|values| {
        timer.time("brokerage", || {
            brokerage::handed_or_counted(g, &brokerage_codes(g, members, ctx.nets, values))
        })
    });
    let graph = graph_metrics(g, members, ctx, &columns, timer);
    let nodes = node_metrics(g, members, ctx.nets, &columns, brokerage.as_deref());
    let communities = crate::report::community_summaries(&nodes);
    RelationReport {
        key: key.to_string(),
        label: None,
        label_zh: None,
        label_zh_hant: None,
        directed: options.symmetrize == Symmetrize::None,
        weighted: options.weighted,
        settings: relation_settings(ctx),
        graph,
        nodes,
        core_periphery: Some(columns.core_periphery),
        suggestions: None,
        communities,
        tie_dimensions: Vec::new(),
        intensity: BTreeMap::new(),
        rated_ties: Vec::new(),
    }
}

/// The brokerage groups of a relation's nodes as codes (`brokerage::group_codes`), from the
/// brokerage attribute's values by organization.
pub fn brokerage_codes(
    g: &Graph,
    members: &[usize],
    nets: &Networks,
    values: &[Option<String>],
) -> Vec<Option<u32>> {
    brokerage::group_codes(g.node_count(), &attribute_values(members, nets, values))
}

/// An attribute's value for each node of a relation: respondents have the survey's value,
/// non-respondents none.
fn attribute_values(members: &[usize], nets: &Networks, values: &[Option<String>]) -> Vec<Option<String>> {
    members
        .iter()
        .map(|m| if *m < nets.respondents { values.get(*m).cloned().flatten() } else { None })
        .collect()
}

/// The per-node results of one relation's graph, in its node order, and the graph-level
/// results computed with them.
struct NodeColumns {
    triangles: Vec<usize>,
    clustering: Vec<f64>,
    weak: Vec<usize>,
    paths: PathCentralities,
    eigenvector: Option<Vec<f64>>,
    pagerank: Option<Vec<f64>>,
    coreness: Vec<usize>,
    constraint: Vec<Option<f64>>,
    community: Vec<usize>,
    modularity: Option<f64>,
    hits: Option<(Vec<f64>, Vec<f64>)>,
    effective_size: Vec<Option<f64>>,
    cut: Vec<bool>,
    core_scores: Vec<f64>,
    in_core: Vec<bool>,
    core_periphery: CorePeriphery,
    weighted_clustering: Option<Vec<f64>>,
    strong: Vec<usize>,
    degree_assortativity: Option<f64>,
}

/// Computes every node metric of a relation (each timed under its name), noting in `warnings`
/// what could not be computed exactly.
fn node_columns(
    key: &str,
    g: &Graph,
    options: &NetworkOptions,
    warnings: &mut Vec<Warning>,
    timer: &mut Timer,
) -> NodeColumns {
    let n = g.node_count();
    let relation = || Arg::Relation(key.to_string());
    let paths = path_centralities(key, g, options, warnings, timer);
    let only = graph_only(g, options, timer);
    if only.eigenvector.is_none() {
        warnings.push(Warning::general("warn.eigenvector_diverged", args([("relation", relation())])));
    }
    let pagerank = timer.time("pagerank", || metrics::pagerank(g, 0.85, 1e-12, 10_000, options.weighted));
    let effective_size = timer.time("effective_size", || structure::effective_size_from(g, &only.triangles));
    if !only.core_periphery.converged {
        let sweeps = coreperiphery::sweep_budget(n, g.undirected_edge_count());
        warnings.push(Warning::general(
            "warn.core_unsettled",
            args([("relation", relation()), ("sweeps", sweeps.into())]),
        ));
    }
    let weighted_clustering =
        options.weighted.then(|| timer.time("weighted_clustering", || weighted::clustering(g)));
    let graph_only::GraphOnly {
        triangles,
        clustering,
        eigenvector,
        constraint,
        community,
        modularity,
        hits,
        core_scores,
        in_core,
        core_periphery,
        weak,
        strong,
        coreness,
        cut,
        degree_assortativity,
        ms: _,
    } = only;
    NodeColumns {
        triangles,
        clustering,
        weak,
        paths,
        eigenvector,
        pagerank,
        coreness,
        constraint,
        community,
        modularity,
        hits,
        effective_size,
        cut,
        core_scores,
        in_core,
        core_periphery,
        weighted_clustering,
        strong,
        degree_assortativity,
    }
}

/// The graph-only metrics of `g`: those handed over from elsewhere (the page's pool, see
/// [`graph_only`]), their times added under their keys, or computed here and timed.
fn graph_only(g: &Graph, options: &NetworkOptions, timer: &mut Timer) -> graph_only::GraphOnly {
    let settings = graph_only::Settings::of(options);
    let only = graph_only::take(g, settings)
        .unwrap_or_else(|| graph_only::GraphOnly::compute(g, settings, timer.clock));
    for (key, ms) in graph_only::KEYS.iter().zip(only.ms) {
        *timer.ms.entry((*key).to_string()).or_insert(0.0) += ms;
    }
    only
}

/// The shortest-path centralities of a relation's nodes.
struct PathCentralities {
    betweenness: Vec<f64>,
    /// The number of sources betweenness was computed from (all nodes when exact).
    sources: usize,
    /// NaN for every node when the graph is above `closeness_max_nodes`.
    closeness: Vec<f64>,
    harmonic: Vec<f64>,
}

/// Betweenness (exact, or from sampled sources above `exact_betweenness_max_nodes`), closeness
/// and harmonic centrality (up to `closeness_max_nodes`), with a warning for each shortcut.
fn path_centralities(
    key: &str,
    g: &Graph,
    options: &NetworkOptions,
    warnings: &mut Vec<Warning>,
    timer: &mut Timer,
) -> PathCentralities {
    let n = g.node_count();
    let sources = betweenness_sources(n, options);
    let closeness_wanted = n <= options.closeness_max_nodes;
    // Exact and unweighted: one pass gives betweenness, closeness and harmonic centrality
    // (timed as `betweenness`; see `metrics::all_paths`).
    let fused = (sources == Sources::All && !options.weighted && closeness_wanted)
        .then(|| timer.time("betweenness", || metrics::all_paths(g, options.threads)));
    let (betweenness, used_sources) = match &fused {
        Some(all) => (all.betweenness.clone(), n),
        None => timer.time("betweenness", || {
            if options.weighted {
                weighted::betweenness(g, sources, options.threads)
            } else {
                metrics::betweenness(g, sources, options.threads)
            }
        }),
    };
    if used_sources < n {
        warnings.push(Warning::general(
            "warn.betweenness_sampled",
            args([
                ("relation", Arg::Relation(key.to_string())),
                ("sources", used_sources.into()),
                ("n", n.into()),
                ("seed", options.seed.into()),
            ]),
        ));
    }
    let (closeness, harmonic) = if let Some(all) = fused {
        (all.closeness, all.harmonic)
    } else if closeness_wanted {
        timer.time("closeness", || {
            let threads = options.threads;
            if options.weighted {
                weighted::closeness_harmonic(g, threads)
            } else {
                metrics::closeness_harmonic(g, threads)
            }
        })
    } else {
        warnings.push(Warning::general(
            "warn.closeness_skipped",
            args([
                ("relation", Arg::Relation(key.to_string())),
                ("n", n.into()),
                ("limit", options.closeness_max_nodes.into()),
            ]),
        ));
        (vec![f64::NAN; n], vec![f64::NAN; n])
    };
    PathCentralities { betweenness, sources: used_sources, closeness, harmonic }
}

/// The sources of an `n`-node relation's betweenness: all, or a sample above
/// `exact_betweenness_max_nodes`.
fn betweenness_sources(n: usize, options: &NetworkOptions) -> Sources {
    if n <= options.exact_betweenness_max_nodes {
        Sources::All
    } else {
        Sources::Sample { k: options.betweenness_samples, seed: options.seed }
    }
}

/// The unweighted pass of Brandes' searches [`path_centralities`] runs on an `n`-node
/// relation: its sources, and whether it sums distances too (exact betweenness with closeness,
/// `metrics::all_paths`). `None` for weighted networks (their searches are Dijkstra's).
fn brandes_plan(n: usize, options: &NetworkOptions) -> Option<(Sources, bool)> {
    let sources = betweenness_sources(n, options);
    let fused = sources == Sources::All && n <= options.closeness_max_nodes;
    (!options.weighted).then_some((sources, fused))
}

/// The graph-level results of a relation (path lengths timed as `paths`).
fn graph_metrics(
    g: &Graph,
    members: &[usize],
    ctx: &Context,
    c: &NodeColumns,
    timer: &mut Timer,
) -> GraphMetrics {
    let Context { nets, options, attrs, .. } = *ctx;
    let n = g.node_count();
    let nf = n as f64;
    let weak_count = c.weak.iter().copied().max().map_or(0, |c| c + 1);
    let mut weak_sizes = vec![0usize; weak_count];
    for &w in &c.weak {
        weak_sizes[w] += 1;
    }
    let und_degree: Vec<f64> = (0..n).map(|v| g.und(v).len() as f64).collect();
    let degree_centralization =
        if n >= 3 { metrics::centralization(&und_degree, (nf - 1.0) * (nf - 2.0)) } else { None };
    let betweenness_centralization =
        if n >= 3 { metrics::centralization(&c.paths.betweenness, nf - 1.0) } else { None };
    let respondents = members.iter().filter(|m| nets.nodes[**m].respondent).count();
    let largest_strong_component = {
        let mut sizes = vec![0usize; c.strong.iter().map(|c| c + 1).max().unwrap_or(0)];
        c.strong.iter().for_each(|c| sizes[*c] += 1);
        sizes.into_iter().max().unwrap_or(0)
    };
    let mut weak_component_sizes = weak_sizes.clone();
    weak_component_sizes.sort_unstable_by(|a, b| b.cmp(a));
    weak_component_sizes.truncate(50);
    let paths = timer.time("paths", || {
        path_summary::summary(g, &c.weak, path_summary::Sampling::of(options), options.threads)
    });
    let mixing: Vec<crate::report::Mixing> = timer.time("mixing", || {
        attrs
            .attributes
            .iter()
            .map(|(name, values)| {
                structure::mixing(g, name, &attribute_values(members, nets, values), &c.community)
            })
            .collect()
    });
    // Freeman's bound assumes every step has length 1 (closeness at most 1); with distances of
    // 1 / weight closeness can exceed 1 and the star is no longer the extreme (it reached 1.42),
    // so the measure is not defined with weights on (README, `why.metric.value`).
    let closeness_centralization = if n >= 3 && !options.weighted {
        // The star's closeness sum: (n − 1)(n − 2) / (2n − 3) (Freeman 1979).
        metrics::centralization(&c.paths.closeness, (nf - 1.0) * (nf - 2.0) / (2.0 * nf - 3.0))
    } else {
        None
    };
    GraphMetrics {
        nodes: n,
        edges: g.edge_count(),
        density: metrics::density(g),
        reciprocity: metrics::reciprocity(g),
        transitivity: metrics::transitivity(g, &c.triangles),
        average_clustering: if n == 0 { None } else { finite(c.clustering.iter().sum::<f64>() / nf) },
        weak_components: weak_count,
        largest_weak_component: weak_sizes.iter().copied().max().unwrap_or(0),
        strong_components: c.strong.iter().map(|c| c + 1).max().unwrap_or(0),
        modularity: c.modularity,
        communities: c.community.iter().copied().max().map_or(0, |c| c + 1),
        max_coreness: c.coreness.iter().copied().max().unwrap_or(0),
        degree_centralization,
        betweenness_centralization,
        respondents,
        non_respondents: n - respondents,
        betweenness_sources: c.paths.sources,
        closeness_centralization,
        degree_assortativity: c.degree_assortativity,
        paths,
        cut_vertices: c.cut.iter().filter(|c| **c).count(),
        largest_strong_component,
        weak_component_sizes,
        mixing,
    }
}

/// One row of node metrics per node of the relation's graph.
fn node_metrics(
    g: &Graph,
    members: &[usize],
    nets: &Networks,
    c: &NodeColumns,
    brokerage: Option<&[Brokerage]>,
) -> Vec<NodeMetrics> {
    (0..g.node_count())
        .map(|v| {
            let node = &nets.nodes[members[v]];
            NodeMetrics {
                received: BTreeMap::new(),
                given: BTreeMap::new(),
                id: node.id.clone(),
                name: node.name.clone(),
                respondent: node.respondent,
                in_degree: g.inn(v).len(),
                out_degree: g.out(v).len(),
                degree: g.inn(v).len() + g.out(v).len(),
                // `+ 0.0`: an empty float sum is −0.0, which the report would print as "-0.0".
                in_strength: g.in_weights(v).iter().sum::<f64>() + 0.0,
                out_strength: g.out_weights(v).iter().sum::<f64>() + 0.0,
                betweenness: finite(c.paths.betweenness[v]),
                closeness: finite(c.paths.closeness[v]),
                harmonic: finite(c.paths.harmonic[v]),
                eigenvector: c.eigenvector.as_ref().and_then(|e| finite(e[v])),
                pagerank: c.pagerank.as_ref().and_then(|p| finite(p[v])),
                coreness: c.coreness[v],
                clustering: finite(c.clustering[v]),
                constraint: c.constraint[v].and_then(finite),
                community: c.community[v],
                hub: c.hits.as_ref().and_then(|h| finite(h.0[v])),
                authority: c.hits.as_ref().and_then(|h| finite(h.1[v])),
                effective_size: c.effective_size[v],
                cut_vertex: c.cut[v],
                brokerage: brokerage.map(|b| b[v]),
                core_score: finite(c.core_scores[v]),
                in_core: c.in_core[v],
                weighted_clustering: c.weighted_clustering.as_ref().and_then(|c| finite(c[v])),
            }
        })
        .collect()
}

/// The settings a relation was analysed with, as the report records them.
fn relation_settings(ctx: &Context) -> RelationSettings {
    let Context { options, attrs, combined, .. } = *ctx;
    RelationSettings {
        symmetrize: options.symmetrize.as_str().to_string(),
        pair_weight: (options.symmetrize != Symmetrize::None).then(|| PAIR_WEIGHT.to_string()),
        weighted: options.weighted,
        include_non_respondents: options.include_non_respondents,
        drop_isolates: options.drop_isolates,
        brokerage_attribute: attrs.brokerage.and_then(|b| attrs.attributes.get(b)).map(|a| a.0.clone()),
        community_method: options.community.as_str().to_string(),
        resolution: options.resolution,
        seed: options.seed,
        path_length: if options.weighted { "inverse_weight" } else { "steps" }.to_string(),
        combined,
        min_intensity: options.min_intensity,
    }
}
