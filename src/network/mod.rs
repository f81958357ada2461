//! Network analysis: one directed graph per relation, with the metrics of the input contract.
//!
//! Definitions follow networkx 3 (each function in [`metrics`] names the one it matches), so
//! results can be checked against networkx on the same data.

pub mod build;
pub mod community;
pub mod graph;
pub mod layout;
pub mod metrics;

use crate::diag::Warning;
use crate::report::{GraphMetrics, NodeMetrics, RelationReport};
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
}

impl Default for NetworkOptions {
    fn default() -> Self {
        NetworkOptions {
            exact_betweenness_max_nodes: 5000,
            betweenness_samples: 500,
            seed: 42,
            resolution: 1.0,
        }
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
    analyze_observed(nets, options, warnings, &mut |_, _| {})
}

/// [`analyze`], calling `progress(done, total)` before each relation, for progress bars.
pub fn analyze_observed(
    nets: &Networks,
    options: &NetworkOptions,
    warnings: &mut Vec<Warning>,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<RelationAnalysis> {
    let total = nets.relations.len();
    nets.relations
        .iter()
        .enumerate()
        .map(|(i, rel)| {
            progress(i, total);
            // Nodes: every respondent, plus the non-respondents named in this relation.
            let mut members: Vec<usize> = (0..nets.respondents).collect();
            let mut extra = rel.non_respondents.clone();
            extra.sort_unstable();
            members.extend(extra);
            let mut local = vec![u32::MAX; nets.nodes.len()];
            for (i, &m) in members.iter().enumerate() {
                local[m] = i as u32;
            }
            let ties: Vec<(u32, u32, f64)> =
                rel.ties.iter().map(|(s, t, w)| (local[*s as usize], local[*t as usize], *w)).collect();
            let graph = Graph::from_edges(members.len(), &ties);
            let report = analyze_graph(&rel.key, &graph, &members, nets, options, warnings);
            RelationAnalysis { members, graph, report }
        })
        .collect()
}

fn analyze_graph(
    key: &str,
    g: &Graph,
    members: &[usize],
    nets: &Networks,
    options: &NetworkOptions,
    warnings: &mut Vec<Warning>,
) -> RelationReport {
    let n = g.node_count();
    let tri = metrics::triangles(g);
    let clustering = metrics::clustering(g, &tri);
    let weak = metrics::weak_components(g);
    let weak_count = weak.iter().copied().max().map_or(0, |c| c + 1);
    let mut weak_sizes = vec![0usize; weak_count];
    for &c in &weak {
        weak_sizes[c] += 1;
    }
    let sources = if n <= options.exact_betweenness_max_nodes {
        Sources::All
    } else {
        Sources::Sample { k: options.betweenness_samples, seed: options.seed }
    };
    let (betweenness, used_sources) = metrics::betweenness(g, sources);
    if used_sources < n {
        warnings.push(Warning::general(
            format!("relation “{key}”: betweenness was estimated from {used_sources} sampled sources of {n} nodes (seed {}).", options.seed),
            format!("关系“{key}”：中介中心性由 {n} 个节点中随机抽取的 {used_sources} 个起点估计（种子 {}）。", options.seed),
        ));
    }
    let (closeness, harmonic) = metrics::closeness_harmonic(g);
    let eigen = metrics::eigenvector(g, 1e-9, 10_000);
    if eigen.is_none() {
        warnings.push(Warning::general(
            format!(
                "relation “{key}”: eigenvector centrality did not converge; it is reported as not defined."
            ),
            format!("关系“{key}”：特征向量中心性未收敛，记为无定义。"),
        ));
    }
    let pagerank = metrics::pagerank(g, 0.85, 1e-12, 10_000, false);
    let coreness = metrics::coreness(g);
    let constraint = metrics::constraint(g);
    let community = community::louvain(g, options.resolution, options.seed);
    let modularity = community::modularity(g, &community, 1.0);
    let und_degree: Vec<f64> = (0..n).map(|v| g.und(v).len() as f64).collect();
    let nf = n as f64;
    let degree_centralization =
        if n >= 3 { metrics::centralization(&und_degree, (nf - 1.0) * (nf - 2.0)) } else { None };
    let betweenness_centralization =
        if n >= 3 { metrics::centralization(&betweenness, nf - 1.0) } else { None };
    let respondents = members.iter().filter(|m| nets.nodes[**m].respondent).count();
    let graph = GraphMetrics {
        nodes: n,
        edges: g.edge_count(),
        density: metrics::density(g),
        reciprocity: metrics::reciprocity(g),
        transitivity: metrics::transitivity(g, &tri),
        average_clustering: if n == 0 { None } else { finite(clustering.iter().sum::<f64>() / nf) },
        weak_components: weak_count,
        largest_weak_component: weak_sizes.iter().copied().max().unwrap_or(0),
        strong_components: metrics::strong_component_count(g),
        modularity,
        communities: community.iter().copied().max().map_or(0, |c| c + 1),
        max_coreness: coreness.iter().copied().max().unwrap_or(0),
        degree_centralization,
        betweenness_centralization,
        respondents,
        non_respondents: n - respondents,
        betweenness_sources: used_sources,
    };
    let nodes = (0..n)
        .map(|v| {
            let node = &nets.nodes[members[v]];
            NodeMetrics {
                id: node.id.clone(),
                name: node.name.clone(),
                respondent: node.respondent,
                in_degree: g.inn(v).len(),
                out_degree: g.out(v).len(),
                degree: g.inn(v).len() + g.out(v).len(),
                in_strength: g.in_weights(v).iter().sum(),
                out_strength: g.out_weights(v).iter().sum(),
                betweenness: finite(betweenness[v]),
                closeness: finite(closeness[v]),
                harmonic: finite(harmonic[v]),
                eigenvector: eigen.as_ref().and_then(|e| finite(e[v])),
                pagerank: pagerank.as_ref().and_then(|p| finite(p[v])),
                coreness: coreness[v],
                clustering: finite(clustering[v]),
                constraint: constraint[v].and_then(finite),
                community: community[v],
            }
        })
        .collect();
    RelationReport { key: key.to_string(), directed: true, weighted: false, graph, nodes }
}
