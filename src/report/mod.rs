//! The report: the serializable result of an analysis (schema `tongxing.report/1`).
//!
//! The page and the CLI serialize these same structs, so their JSON is identical for the same
//! input. Undefined numbers are `null` (`Option::None`), never NaN or a silent 0.

pub mod format;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::Warning;

/// Schema identifier written into every report.
pub const SCHEMA: &str = "tongxing.report/1";

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// tongxing version that produced the report.
    pub generator: String,
    /// What was read.
    pub input: InputSummary,
    /// Capacity scores and reliability.
    pub capacity: CapacityReport,
    /// One network per relation.
    pub network: NetworkReport,
    /// Milliseconds per step, when timing was requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timings_ms: Option<BTreeMap<String, f64>>,
}

/// What was read from the files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputSummary {
    /// Data rows (organizations) in the responses.
    pub rows: usize,
    /// Columns in the responses.
    pub columns: usize,
    /// Encoding of the responses file.
    pub encoding: String,
    /// Delimiter of the responses file (`null` for workbooks and JSON).
    pub delimiter: Option<String>,
    /// Every problem found, located.
    pub warnings: Vec<Warning>,
    /// File names that were read.
    pub files: Vec<String>,
    /// The codebook as applied (given or inferred).
    pub codebook: Vec<CodebookEntry>,
}

/// One applied codebook row, for transparency about inferred roles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodebookEntry {
    /// Response header.
    pub column: String,
    /// Role used.
    pub role: String,
    /// Dimension (items).
    pub dimension: Option<String>,
    /// Relation (rosters).
    pub relation: Option<String>,
    /// Reverse-keyed item.
    pub reverse: bool,
    /// True when inferred from the data.
    pub inferred: bool,
}

/// Capacity results.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapacityReport {
    /// One entry per dimension, in codebook order.
    pub dimensions: Vec<DimensionReport>,
    /// One entry per organization, in row order.
    pub organizations: Vec<OrgCapacity>,
}

/// Statistics of one capacity dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionReport {
    /// Dimension key from the codebook.
    pub key: String,
    /// English label.
    pub label: String,
    /// Chinese label.
    pub label_zh: String,
    /// Item columns.
    pub items: Vec<String>,
    /// Items that were reverse-coded.
    pub reversed: Vec<String>,
    /// Lowest possible score.
    pub scale_min: f64,
    /// Highest possible score.
    pub scale_max: f64,
    /// Organizations that answered every item.
    pub n_complete: usize,
    /// Organizations with a dimension score.
    pub n_scored: usize,
    /// Mean of the organizations' dimension scores.
    pub mean: Option<f64>,
    /// Standard deviation (n − 1) of the dimension scores.
    pub sd: Option<f64>,
    /// Cronbach's alpha on complete cases.
    pub alpha: Option<f64>,
    /// Cronbach's alpha from the pairwise-complete covariance matrix.
    pub alpha_pairwise: Option<f64>,
    /// Per-item statistics.
    pub item_stats: Vec<ItemStats>,
}

/// Statistics of one item (after reverse-coding).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemStats {
    /// Item column.
    pub column: String,
    /// Answers.
    pub n: usize,
    /// Mean answer.
    pub mean: Option<f64>,
    /// Standard deviation (n − 1).
    pub sd: Option<f64>,
    /// Correlation with the sum of the other items (complete cases).
    pub item_rest_r: Option<f64>,
    /// Alpha of the dimension without this item (complete cases).
    pub alpha_if_dropped: Option<f64>,
}

/// One organization's capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgCapacity {
    /// Organization id.
    pub id: String,
    /// Organization name.
    pub name: String,
    /// Dimension key → score (mean of answered items), `null` below the answered threshold.
    pub scores: BTreeMap<String, Option<f64>>,
    /// Overall capacity index, 0–100.
    pub index: Option<f64>,
}

/// Network results.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkReport {
    /// One entry per relation.
    pub relations: Vec<RelationReport>,
    /// Partner names that matched no respondent, per relation.
    pub unmatched: Vec<UnmatchedName>,
}

/// A partner name that matched no respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnmatchedName {
    /// Relation key.
    pub relation: String,
    /// Name as written.
    pub name: String,
    /// Times it was named.
    pub mentions: usize,
    /// Closest respondent name, if any.
    pub suggestion: Option<String>,
}

/// One relation's network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationReport {
    /// Relation key.
    pub key: String,
    /// Always true: nominations are directed.
    pub directed: bool,
    /// True when weights were used.
    pub weighted: bool,
    /// Whole-graph metrics.
    pub graph: GraphMetrics,
    /// Node metrics.
    pub nodes: Vec<NodeMetrics>,
}

/// Whole-graph metrics (definitions in the README).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphMetrics {
    pub nodes: usize,
    pub edges: usize,
    pub density: Option<f64>,
    pub reciprocity: Option<f64>,
    pub transitivity: f64,
    pub average_clustering: Option<f64>,
    pub weak_components: usize,
    pub largest_weak_component: usize,
    pub strong_components: usize,
    pub modularity: Option<f64>,
    pub communities: usize,
    pub max_coreness: usize,
    pub degree_centralization: Option<f64>,
    pub betweenness_centralization: Option<f64>,
    /// Respondent nodes.
    pub respondents: usize,
    /// Non-respondent nodes (named by others only).
    pub non_respondents: usize,
    /// Sources used for betweenness (all nodes when exact).
    pub betweenness_sources: usize,
}

/// Node metrics (definitions in the README).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeMetrics {
    pub id: String,
    pub name: String,
    pub respondent: bool,
    pub in_degree: usize,
    pub out_degree: usize,
    pub degree: usize,
    pub in_strength: f64,
    pub out_strength: f64,
    pub betweenness: Option<f64>,
    pub closeness: Option<f64>,
    pub harmonic: Option<f64>,
    pub eigenvector: Option<f64>,
    pub pagerank: Option<f64>,
    pub coreness: usize,
    pub clustering: Option<f64>,
    pub constraint: Option<f64>,
    pub community: usize,
}
