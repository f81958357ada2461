//! The `waves` section of the report: survey rounds compared (README "Change over time").
//!
//! Values per round are arrays in round order; a change is the later minus the earlier value.
//! The top level compares the first and the last round; `pairs` repeats the comparison for each
//! consecutive pair when there are more than two rounds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Survey rounds compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WavesReport {
    /// Round labels in round order (numbers ascending when every label is a number, else as
    /// given).
    pub labels: Vec<String>,
    /// Where the rounds came from: `column` (a wave column, named in `column`) or `files`.
    pub source: String,
    /// The wave column's header, when the rounds came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The first round compared with the last (per-round arrays cover every round).
    #[serde(flatten)]
    pub comparison: Comparison,
    /// Each consecutive pair of rounds (only with more than two rounds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<Comparison>,
    /// Organizations matched with doubt, for review (same id with different names, or similar
    /// names that were not matched).
    #[serde(default)]
    pub uncertain: Vec<UncertainMatch>,
}

/// Two rounds compared: `from` (earlier) and `to` (later), indices into `labels`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Index of the earlier round.
    pub from: usize,
    /// Index of the later round.
    pub to: usize,
    /// Who took part.
    pub organizations: Membership,
    /// Capacity change.
    pub capacity: CapacityChange,
    /// Network change, per relation present in both rounds.
    pub network: Vec<RelationChange>,
}

/// Organizations per round and their movement between the two compared rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// Responding organizations per round.
    pub per_wave: Vec<usize>,
    /// Names of organizations in the later round only.
    pub joined: Vec<String>,
    /// Names of organizations in the earlier round only.
    pub left: Vec<String>,
    /// Names (as in the later round) of organizations in both rounds.
    pub stayed: Vec<String>,
}

/// Capacity change between two rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapacityChange {
    /// Per dimension present in both rounds.
    pub dimensions: Vec<DimensionChange>,
    /// Per organization in both rounds.
    pub organizations: Vec<OrgChange>,
}

/// One dimension's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionChange {
    /// Dimension key.
    pub key: String,
    /// English label (later round's codebook).
    pub label: String,
    /// Chinese label.
    pub label_zh: String,
    /// Traditional Chinese label, when the codebook gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh_hant: Option<String>,
    /// Lowest possible score.
    pub scale_min: f64,
    /// Highest possible score.
    pub scale_max: f64,
    /// Mean dimension score in each round (all organizations scored in that round).
    pub means: Vec<Option<f64>>,
    /// Organizations scored in both compared rounds.
    pub n_paired: usize,
    /// Mean of the paired differences (later − earlier).
    pub change: Option<f64>,
    /// Paired t statistic (scipy `ttest_rel`).
    pub t: Option<f64>,
    /// Two-sided p of the paired t test.
    pub t_p: Option<f64>,
    /// Two-sided p of the Wilcoxon signed-rank test (scipy `wilcoxon` defaults).
    pub wilcoxon_p: Option<f64>,
    /// How `wilcoxon_p` was computed: `exact`, `permutation` or `normal`.
    pub wilcoxon_method: Option<String>,
    /// Cohen's d_z: mean difference / SD of the differences.
    pub dz: Option<f64>,
    /// The Jacobson–Truax denominator √2 · SD₁ · √(1 − α₁) of the earlier round.
    pub rci_se: Option<f64>,
    /// Cronbach's α of the dimension in each round of `means` (complete cases, else
    /// pairwise; `None` where undefined): a change of items that hang together poorly is
    /// only indicative.
    #[serde(default)]
    pub alphas: Vec<Option<f64>>,
}

/// One organization's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgChange {
    /// Name (as in the later round).
    pub name: String,
    /// Capacity index in each round (`null` where absent or unscored).
    pub index: Vec<Option<f64>>,
    /// Later − earlier index.
    pub change: Option<f64>,
    /// Per dimension key.
    pub dimensions: BTreeMap<String, OrgDimensionChange>,
}

/// One organization's change in one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgDimensionChange {
    /// The dimension score in each round (`null` where absent or unscored).
    pub scores: Vec<Option<f64>>,
    /// Later − earlier score.
    pub change: Option<f64>,
    /// Jacobson–Truax reliable change index.
    pub rci: Option<f64>,
    /// `improved` (RCI > 1.96), `declined` (RCI < −1.96) or `unchanged`; `null` without an RCI.
    pub reliable: Option<String>,
}

/// One relation's change between two rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationChange {
    /// Relation key.
    pub relation: String,
    /// Whole-graph numbers in each round (`null` where the round lacks the relation).
    pub per_wave: Vec<Option<WaveGraph>>,
    /// Directed ties in the later round only, among organizations that responded in both.
    pub ties_added: usize,
    /// Directed ties in the earlier round only, among the same organizations.
    pub ties_dropped: usize,
    /// Directed ties in both rounds, among the same organizations.
    pub ties_kept: usize,
    /// kept / (added + dropped + kept); `null` when neither round has such a tie.
    pub jaccard: Option<f64>,
    /// Later − earlier density.
    pub density_change: Option<f64>,
    /// Later − earlier reciprocity.
    pub reciprocity_change: Option<f64>,
    /// Later − earlier transitivity.
    pub transitivity_change: Option<f64>,
    /// Later − earlier modularity.
    pub modularity_change: Option<f64>,
    /// Adjusted Rand index of the community partitions over nodes in both rounds (scikit-learn
    /// `adjusted_rand_score`).
    pub community_ari: Option<f64>,
    /// Community contingency table: rows the earlier round's communities, columns the later's.
    pub communities: Contingency,
    /// Per organization in either round.
    pub nodes: Vec<NodeChange>,
    /// A drawing of both rounds on one layout (absent above the size limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram: Option<ChangeDiagram>,
}

impl RelationChange {
    /// The share of the earlier round's ties among organizations in both rounds that the later
    /// round kept: kept / (kept + dropped); `None` without such a tie. The Change view's answer
    /// and its tie table both give this one share.
    pub fn kept_share(&self) -> Option<f64> {
        let before = self.ties_kept + self.ties_dropped;
        (before > 0).then(|| self.ties_kept as f64 / before as f64)
    }
}

/// Whole-graph numbers of one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaveGraph {
    pub nodes: usize,
    pub edges: usize,
    pub density: Option<f64>,
    pub reciprocity: Option<f64>,
    pub transitivity: f64,
    pub modularity: Option<f64>,
}

/// Community membership moved between two rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contingency {
    /// Community numbers of the earlier round (rows).
    pub from: Vec<usize>,
    /// Community numbers of the later round (columns).
    pub to: Vec<usize>,
    /// Organizations in row community and column community.
    pub counts: Vec<Vec<usize>>,
}

/// One organization's network change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeChange {
    /// Name (as in the later round when present there).
    pub name: String,
    /// Later − earlier in-degree (`null` unless a node in both rounds).
    pub in_degree: Option<i64>,
    /// Later − earlier betweenness.
    pub betweenness: Option<f64>,
    /// In-degree in each compared round.
    pub in_degree_per_wave: Vec<Option<usize>>,
    /// Betweenness in each compared round.
    pub betweenness_per_wave: Vec<Option<f64>>,
    /// Community in each compared round.
    pub community_per_wave: Vec<Option<usize>>,
}

/// Both rounds' ties on one layout: the earlier round's positions, organizations new in the
/// later round placed beside their partners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeDiagram {
    /// Node names.
    pub names: Vec<String>,
    /// Positions in the unit square.
    pub positions: Vec<(f64, f64)>,
    /// `both`, `earlier` or `later`: the rounds the node appears in.
    pub presence: Vec<String>,
    /// Ties as (source, target, status), status `kept`, `added`, `dropped` (between
    /// organizations in both rounds) or `other` (an endpoint not in both rounds; drawn for
    /// the later round only).
    pub ties: Vec<(u32, u32, String)>,
}

/// Two organizations that may be one, for review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncertainMatch {
    /// Name in the earlier round.
    pub earlier: String,
    /// Name in the later round.
    pub later: String,
    /// Round labels.
    pub rounds: (String, String),
    /// `same_id` (matched by id, names differ) or `similar_name` (not matched).
    pub reason: String,
}
