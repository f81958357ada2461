//! The numeric node metrics of a relation, named once.
//!
//! [`NodeMetric`] lists every number a node carries in the report ([`NodeMetrics`]) with its
//! report key, the locale key of its label and its value. The explorer's node sizes, the
//! workbook's node columns, the GEXF and GraphML attributes, the capacity–network links, the
//! centrality charts and the page's node table all take their metrics from here, so a key
//! that names no metric is a typed error ([`UnknownMetric`]) where text comes in, and
//! impossible everywhere else.

use serde::{Deserialize, Serialize};

use crate::report::NodeMetrics;

/// A numeric node metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeMetric {
    /// Ties in (times named).
    InDegree,
    /// Ties out (partners named).
    OutDegree,
    /// Ties in and out.
    Degree,
    /// Weight of the ties in.
    InStrength,
    /// Weight of the ties out.
    OutStrength,
    /// Betweenness centrality.
    Betweenness,
    /// Closeness centrality.
    Closeness,
    /// Harmonic centrality.
    Harmonic,
    /// Eigenvector centrality.
    Eigenvector,
    /// PageRank.
    #[serde(rename = "pagerank")]
    PageRank,
    /// HITS hub score.
    Hub,
    /// HITS authority score.
    Authority,
    /// k-core number.
    Coreness,
    /// Clustering coefficient.
    Clustering,
    /// Burt's constraint.
    Constraint,
    /// Burt's effective size.
    EffectiveSize,
    /// Continuous core score (Borgatti–Everett).
    CoreScore,
    /// Weighted clustering (Onnela), with weighted ties.
    WeightedClustering,
}

/// A key that names no node metric.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown node metric “{0}”")]
pub struct UnknownMetric(pub String);

impl NodeMetric {
    /// Every node metric, in the order the explorer lists them.
    pub const ALL: [NodeMetric; 18] = [
        NodeMetric::InDegree,
        NodeMetric::OutDegree,
        NodeMetric::Degree,
        NodeMetric::InStrength,
        NodeMetric::OutStrength,
        NodeMetric::Betweenness,
        NodeMetric::Closeness,
        NodeMetric::Harmonic,
        NodeMetric::Eigenvector,
        NodeMetric::PageRank,
        NodeMetric::Hub,
        NodeMetric::Authority,
        NodeMetric::Coreness,
        NodeMetric::Clustering,
        NodeMetric::Constraint,
        NodeMetric::EffectiveSize,
        NodeMetric::CoreScore,
        NodeMetric::WeightedClustering,
    ];

    /// The metric's key in the report (`in_degree`, `pagerank`, …) and in exports.
    pub fn key(self) -> &'static str {
        match self {
            NodeMetric::InDegree => "in_degree",
            NodeMetric::OutDegree => "out_degree",
            NodeMetric::Degree => "degree",
            NodeMetric::InStrength => "in_strength",
            NodeMetric::OutStrength => "out_strength",
            NodeMetric::Betweenness => "betweenness",
            NodeMetric::Closeness => "closeness",
            NodeMetric::Harmonic => "harmonic",
            NodeMetric::Eigenvector => "eigenvector",
            NodeMetric::PageRank => "pagerank",
            NodeMetric::Hub => "hub",
            NodeMetric::Authority => "authority",
            NodeMetric::Coreness => "coreness",
            NodeMetric::Clustering => "clustering",
            NodeMetric::Constraint => "constraint",
            NodeMetric::EffectiveSize => "effective_size",
            NodeMetric::CoreScore => "core_score",
            NodeMetric::WeightedClustering => "weighted_clustering",
        }
    }

    /// The locale key of the metric's label (the node table's column title; its "not
    /// defined" reason, if any, is `why.<label key>`).
    pub fn label_key(self) -> &'static str {
        match self {
            NodeMetric::InDegree => "network.in_degree",
            NodeMetric::OutDegree => "network.out_degree",
            NodeMetric::Betweenness => "network.betweenness",
            NodeMetric::Degree => "metric.degree",
            NodeMetric::InStrength => "metric.in_strength",
            NodeMetric::OutStrength => "metric.out_strength",
            NodeMetric::Closeness => "metric.closeness",
            NodeMetric::Harmonic => "metric.harmonic",
            NodeMetric::Eigenvector => "metric.eigenvector",
            NodeMetric::PageRank => "metric.pagerank",
            NodeMetric::Hub => "metric.hub",
            NodeMetric::Authority => "metric.authority",
            NodeMetric::Coreness => "metric.coreness",
            NodeMetric::Clustering => "metric.clustering",
            NodeMetric::Constraint => "metric.constraint",
            NodeMetric::EffectiveSize => "metric.effective_size",
            NodeMetric::CoreScore => "metric.core_score",
            NodeMetric::WeightedClustering => "metric.weighted_clustering",
        }
    }

    /// The metric of node `n` (`None` when not defined or not computed).
    pub fn get(self, n: &NodeMetrics) -> Option<f64> {
        match self {
            NodeMetric::InDegree => Some(n.in_degree as f64),
            NodeMetric::OutDegree => Some(n.out_degree as f64),
            NodeMetric::Degree => Some(n.degree as f64),
            NodeMetric::InStrength => Some(n.in_strength),
            NodeMetric::OutStrength => Some(n.out_strength),
            NodeMetric::Betweenness => n.betweenness,
            NodeMetric::Closeness => n.closeness,
            NodeMetric::Harmonic => n.harmonic,
            NodeMetric::Eigenvector => n.eigenvector,
            NodeMetric::PageRank => n.pagerank,
            NodeMetric::Hub => n.hub,
            NodeMetric::Authority => n.authority,
            NodeMetric::Coreness => Some(n.coreness as f64),
            NodeMetric::Clustering => n.clustering,
            NodeMetric::Constraint => n.constraint,
            NodeMetric::EffectiveSize => n.effective_size,
            NodeMetric::CoreScore => n.core_score,
            NodeMetric::WeightedClustering => n.weighted_clustering,
        }
    }

    /// Whether the metric counts (ties, a core number): a whole number.
    pub fn is_count(self) -> bool {
        matches!(
            self,
            NodeMetric::InDegree | NodeMetric::OutDegree | NodeMetric::Degree | NodeMetric::Coreness
        )
    }

    /// Whether the explorer can size nodes by it. Out-strength and weighted clustering are in
    /// the tables only: the explorer sizes by what a node receives or where it sits, and
    /// weighted clustering exists only with weighted ties.
    pub fn sizes_nodes(self) -> bool {
        !matches!(self, NodeMetric::OutStrength | NodeMetric::WeightedClustering)
    }

    /// The few measures a coordinator needs, in the explorer's order, shown before the others
    /// (which go under "more measures"): times named, bridging, ties.
    pub const ESSENTIAL: [NodeMetric; 3] =
        [NodeMetric::InDegree, NodeMetric::Betweenness, NodeMetric::Degree];

    /// The explorer's size menu: the essential measures, then the rest that size nodes (in
    /// [`NodeMetric::ALL`]'s order).
    pub fn size_menu() -> (Vec<NodeMetric>, Vec<NodeMetric>) {
        let more = NodeMetric::ALL
            .into_iter()
            .filter(|m| m.sizes_nodes() && !NodeMetric::ESSENTIAL.contains(m))
            .collect();
        (NodeMetric::ESSENTIAL.to_vec(), more)
    }

    /// The metric with this report key.
    ///
    /// # Errors
    /// [`UnknownMetric`] when the key names no node metric.
    pub fn from_key(key: &str) -> Result<NodeMetric, UnknownMetric> {
        NodeMetric::ALL.into_iter().find(|m| m.key() == key).ok_or_else(|| UnknownMetric(key.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_each_metric_once_and_match_the_report() {
        for m in NodeMetric::ALL {
            assert_eq!(NodeMetric::from_key(m.key()), Ok(m));
            // The serde name is the key, and so is the report's field name.
            assert_eq!(serde_json::to_value(m).unwrap(), m.key());
        }
        assert_eq!(NodeMetric::from_key("sideways"), Err(UnknownMetric("sideways".into())));
        assert_eq!(NodeMetric::ALL.iter().filter(|m| m.sizes_nodes()).count(), 16);
        // The size menu: three first, the other thirteen after them, each once.
        let (first, more) = NodeMetric::size_menu();
        assert_eq!(first, [NodeMetric::InDegree, NodeMetric::Betweenness, NodeMetric::Degree]);
        assert_eq!(more.len(), 13);
        assert!(more.iter().all(|m| m.sizes_nodes() && !first.contains(m)));
        // Every numeric field of a node is a metric, under the same name.
        let node = crate::report::NodeMetrics {
            id: "a".into(),
            name: "A".into(),
            respondent: true,
            in_degree: 1,
            out_degree: 2,
            degree: 3,
            in_strength: 4.0,
            out_strength: 5.0,
            betweenness: Some(6.0),
            closeness: Some(7.0),
            harmonic: Some(8.0),
            eigenvector: Some(9.0),
            pagerank: Some(10.0),
            coreness: 11,
            clustering: Some(12.0),
            constraint: Some(13.0),
            community: 0,
            hub: Some(14.0),
            authority: Some(15.0),
            effective_size: Some(16.0),
            cut_vertex: false,
            brokerage: None,
            core_score: Some(17.0),
            in_core: false,
            weighted_clustering: Some(18.0),
            ..Default::default()
        };
        let fields = serde_json::to_value(&node).unwrap();
        for m in NodeMetric::ALL {
            assert_eq!(fields[m.key()].as_f64(), m.get(&node), "{}", m.key());
        }
        let numbers = fields.as_object().unwrap().iter().filter(|(k, v)| v.is_number() && *k != "community");
        assert_eq!(numbers.count(), NodeMetric::ALL.len(), "a numeric node field without a NodeMetric");
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Zh, crate::i18n::Lang::ZhHant] {
            for m in NodeMetric::ALL {
                assert!(crate::i18n::has(lang, m.label_key()), "{lang:?}: {}", m.label_key());
            }
        }
    }
}
