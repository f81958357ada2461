//! Capacity × network: how each organization's capacity relates to its position in each
//! partnership network, and the community-of-practice stage, which combines both.
//!
//! The stage rule is the tool's own construct (no validated instrument exists): an engagement
//! score 0–100 is the mean of (a) the knowledge-sharing dimension(s) rescaled to 0–100 (the
//! dimensions whose key mentions knowledge/sharing/知识/分享/ks; the index when there are none)
//! and (b) the percentile of the organization's total degree in the first relation. The score
//! is cut at configurable thresholds into Wenger, McDermott & Snyder's (2002) stages.

use std::collections::BTreeMap;

use crate::capacity::groups::mean_ci;
use crate::diag::{Arg, UserMessage, args};
use crate::i18n::Lang;
use crate::network::RelationAnalysis;
use crate::network::node_metric::NodeMetric;
use crate::report::{
    CapacityReport, CommunityCapacity, FittedLine, Key, LinkCorrelation, NetworkLink, StageSummary,
};
use crate::stats::inference::correlation_p;
use crate::stats::{PercentileRanks, least_squares, mean, spearman};

/// Stage keys in order, with English and Chinese names.
pub const STAGES: [(&str, &str, &str); 5] = [
    ("potential", "Potential", "潜在"),
    ("coalescing", "Coalescing", "凝聚"),
    ("maturing", "Maturing", "成熟"),
    ("stewardship", "Stewardship", "稳定维持"),
    ("transformation", "Transformation", "转型"),
];

/// Most communities listed in the capacity-by-community table.
const MAX_COMMUNITIES: usize = 100;

/// Node metrics related to capacity.
const METRICS: [NodeMetric; 4] =
    [NodeMetric::InDegree, NodeMetric::OutDegree, NodeMetric::Betweenness, NodeMetric::Constraint];

/// Adds network links and stages to the capacity report. Respondents are the first nodes of
/// every relation, in the organizations' order.
pub fn link(capacity: &mut CapacityReport, relations: &[RelationAnalysis], thresholds: [f64; 4]) {
    let n = capacity.organizations.len();
    // Without a network there is nothing to correlate: a million organizations' scores were
    // gathered for nothing (0.3 s of a million-row survey without ties, in the page).
    let outcomes = if relations.is_empty() { Vec::new() } else { outcomes(capacity) };
    for rel in relations {
        let nodes = &rel.report.nodes;
        let node_of = org_nodes(rel, n);
        let metric = |m: NodeMetric, o: usize| -> Option<f64> { m.get(nodes.get(node_of[o]?)?) };
        let mut correlations = Vec::new();
        for (key, values) in &outcomes {
            for m in METRICS {
                let (xs, ys): (Vec<f64>, Vec<f64>) =
                    (0..n).filter_map(|o| Some((values[o]?, metric(m, o)?))).unzip();
                let rho = spearman(&xs, &ys);
                correlations.push(LinkCorrelation {
                    capacity: key.clone(),
                    metric: m.key().to_string(),
                    n: xs.len(),
                    rho,
                    p: rho.and_then(|r| correlation_p(r, xs.len())),
                });
            }
        }
        // One pass over nodes and organizations; communities are numbered by size, so the
        // first ones are the largest. Only communities of at least three nodes are listed (at
        // most MAX_COMMUNITIES): singletons and pairs have no meaningful mean.
        let communities = nodes.iter().map(|x| x.community).max().map_or(0, |c| c + 1);
        let mut sizes = vec![0usize; communities];
        nodes.iter().for_each(|x| sizes[x.community] += 1);
        let mut index: Vec<Vec<f64>> = vec![Vec::new(); communities];
        for (o, org) in capacity.organizations.iter().enumerate() {
            if let (Some(v), Some(x)) = (node_of[o], org.index) {
                index[nodes[v].community].push(x);
            }
        }
        let by_community = (0..communities)
            .filter(|c| sizes[*c] >= 3)
            .take(MAX_COMMUNITIES)
            .map(|c| CommunityCapacity { community: c, nodes: sizes[c], index: mean_ci(&index[c]) })
            .collect();
        // The line of the capacity-vs-degree chart: the index on in-degree, organizations in order.
        let dots: Vec<(f64, f64)> =
            (0..n).filter_map(|o| Some((metric(NodeMetric::InDegree, o)?, outcomes[0].1[o]?))).collect();
        let index_on_in_degree =
            least_squares(&dots).map(|(intercept, slope)| FittedLine { intercept, slope, n: dots.len() });
        capacity.network_links.push(NetworkLink {
            relation: rel.report.key.clone(),
            correlations,
            by_community,
            index_on_in_degree,
        });
    }
    stages(capacity, relations.first(), thresholds);
}

/// The index and each dimension's scores, organizations in order.
fn outcomes(capacity: &CapacityReport) -> Vec<(String, Vec<Option<f64>>)> {
    let orgs = &capacity.organizations;
    let mut outcomes: Vec<(String, Vec<Option<f64>>)> =
        vec![("index".into(), orgs.iter().map(|o| o.index).collect())];
    for d in &capacity.dimensions {
        let mut hint = 0;
        outcomes.push((
            d.key.clone(),
            orgs.iter().map(|o| o.scores.get_hinted(&d.key, &mut hint).copied().flatten()).collect(),
        ));
    }
    outcomes
}

/// The node of each organization in a relation (`None` when it is not a node there).
fn org_nodes(rel: &RelationAnalysis, orgs: usize) -> Vec<Option<usize>> {
    let mut out = vec![None; orgs];
    for (v, m) in rel.members.iter().enumerate() {
        if *m < orgs {
            out[*m] = Some(v);
        }
    }
    out
}

fn stages(capacity: &mut CapacityReport, first: Option<&RelationAnalysis>, thresholds: [f64; 4]) {
    let sharing: Vec<(String, f64, f64)> = capacity
        .dimensions
        .iter()
        .filter(|d| {
            let k = d.key.to_lowercase();
            ["knowledge", "sharing", "知识", "分享"].iter().any(|w| k.contains(w))
                || k == "ks"
                || k.starts_with("ks_")
        })
        .map(|d| (d.key.clone(), d.scale_min, d.scale_max))
        .collect();
    let n = capacity.organizations.len();
    // Degree of each organization in the first relation (0 when dropped as an isolate).
    let degrees: Vec<f64> = first
        .map(|r| {
            let node_of = org_nodes(r, n);
            (0..n).map(|o| node_of[o].map_or(0.0, |v| r.report.nodes[v].degree as f64)).collect()
        })
        .unwrap_or_default();
    let degree_ranks = PercentileRanks::new(&degrees);
    // Found once, counted by number, one buffer reused: per organization, a key's look-up, a
    // count's text and two vectors were 0.2 s of a million organizations.
    let stage_keys = STAGES.map(|s| Key::new(s.0));
    let mut stage_counts = [0usize; STAGES.len()];
    let mut hints = vec![0usize; sharing.len()];
    let mut v: Vec<f64> = Vec::with_capacity(sharing.len());
    for (o, org) in capacity.organizations.iter_mut().enumerate() {
        let practice = if sharing.is_empty() {
            org.index
        } else {
            v.clear();
            v.extend(sharing.iter().zip(hints.iter_mut()).filter_map(|((k, lo, hi), hint)| {
                org.scores
                    .get_hinted(k, hint)
                    .copied()
                    .flatten()
                    .filter(|_| hi > lo)
                    .map(|s| (s - lo) / (hi - lo) * 100.0)
            }));
            mean(&v)
        };
        let network = degrees.get(o).and_then(|d| degree_ranks.rank(*d));
        let e = match (practice, network) {
            (Some(p), Some(n)) => mean(&[p, n]),
            (Some(x), None) | (None, Some(x)) => mean(&[x]),
            (None, None) => None,
        };
        let Some(e) = e else { continue };
        let stage = thresholds.iter().filter(|t| e >= **t).count();
        org.engagement = Some(e);
        org.stage = Some(stage_keys[stage].clone());
        stage_counts[stage] += 1;
    }
    if stage_counts.iter().all(|c| *c == 0) {
        return;
    }
    let counts: BTreeMap<String, usize> =
        STAGES.iter().zip(stage_counts).map(|(s, c)| (s.0.to_string(), c)).collect();
    let dims = if sharing.is_empty() {
        Arg::Term("capacity.index".into())
    } else {
        Arg::List(sharing.iter().map(|s| Arg::Dimension(s.0.clone())).collect())
    };
    let key = if first.is_some() { "stages.rule_network" } else { "stages.rule" };
    let cuts = thresholds.iter().map(|t| format!("{t}")).collect::<Vec<_>>().join(" / ");
    // Rendered again with the dimensions' labels when the report is complete.
    let message = UserMessage::new(key, args([("dimensions", dims), ("thresholds", cuts.into())]));
    capacity.stages = Some(StageSummary {
        rule: message.text(Lang::En),
        rule_zh: message.text(Lang::Zh),
        rule_message: Some(message),
        thresholds,
        counts,
    });
}
