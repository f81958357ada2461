//! The report: the serializable result of an analysis (schema `tongxing.report/1`).
//!
//! The page and the CLI serialize these same structs, so their JSON is identical for the same
//! input. Undefined numbers are `null` (`Option::None`), never NaN or a silent 0.

pub mod anonymize;
pub mod format;
pub mod keys;
pub mod record;
pub mod rounds;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::Warning;
pub use keys::{Key, Scores};

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
    /// Regression models asked for (`--model`; see the README's "Models").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<ModelReport>,
    /// Serial mediation models asked for (`--mediation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mediation: Vec<MediationReport>,
    /// Survey rounds compared, when the input holds more than one round (README "Change
    /// over time"); the rest of the report is the latest round's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waves: Option<rounds::WavesReport>,
    /// Milliseconds per step, when timing was requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timings_ms: Option<BTreeMap<String, f64>>,
}

/// A regression model: OLS for a numeric outcome, logistic regression for an outcome with two
/// values (statsmodels semantics; README "Models").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelReport {
    /// The formula as given, `OUTCOME ~ TERM + TERM …`.
    pub formula: String,
    /// Outcome variable (a dimension key, `index`, a column, or `METRIC@RELATION`).
    pub outcome: String,
    /// `gaussian` (OLS) or `binomial` (logistic).
    pub family: String,
    /// Binomial: the outcome value counted as the event (the second in sorted order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Complete cases used.
    pub n: usize,
    /// Coefficients, the intercept first.
    pub terms: Vec<ModelTerm>,
    /// Gaussian: R².
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r2: Option<f64>,
    /// Gaussian: adjusted R².
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adj_r2: Option<f64>,
    /// Gaussian: F against the intercept-only model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f: Option<f64>,
    /// Gaussian: p of F.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f_p: Option<f64>,
    /// Binomial: log-likelihood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_likelihood: Option<f64>,
    /// Binomial: McFadden's pseudo-R².
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudo_r2: Option<f64>,
    /// Binomial: AIC (the intercept counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aic: Option<f64>,
    /// Terms dropped and other notes.
    pub warnings: Vec<ModelNote>,
    /// Why the model is not defined (no terms then), e.g. `too_few_cases`, `separation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_defined: Option<ModelNote>,
}

/// A note about a model: a code (translated as `model.note.<code>`) and the variable or term
/// it concerns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelNote {
    /// `collinear`, `constant`, `unknown_variable`, `not_numeric`, `not_two_values`,
    /// `too_few_cases`, `singular`, `separation`, `not_converged`, `syntax`.
    pub code: String,
    /// The term, variable or text concerned (empty when none).
    pub term: String,
}

/// One coefficient of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelTerm {
    /// `(Intercept)`, a variable, or `attr[level]` for a level of a categorical attribute.
    pub term: String,
    pub estimate: f64,
    pub se: Option<f64>,
    /// Gaussian: HC3 robust standard error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub se_hc3: Option<f64>,
    /// t (gaussian) or Wald z (binomial).
    pub statistic: Option<f64>,
    pub p: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// b · sd(x) / sd(y) (gaussian; `null` for the intercept).
    pub std_estimate: Option<f64>,
    /// Binomial: exp(estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odds_ratio: Option<f64>,
}

/// A serial mediation model X → M1 [→ M2 …] → Y (Hayes' PROCESS model 4 or 6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediationReport {
    /// The specification as given, `X -> M1 -> M2 -> Y | C1 + C2`.
    pub spec: String,
    /// Complete cases used.
    pub n: usize,
    /// Every path coefficient (X → Mᵢ, Mᵢ → Mⱼ, Mᵢ → Y, X → Y), from OLS.
    pub paths: Vec<MediationPath>,
    /// Each specific indirect effect, e.g. `x->m1->y`.
    pub indirect: Vec<IndirectEffect>,
    /// Sum of the specific indirect effects.
    pub total_indirect: Option<Effect>,
    /// X's coefficient in the outcome equation (c′).
    pub direct: Option<Effect>,
    /// X's coefficient in Y ~ X + covariates (c = c′ + total indirect).
    pub total: Option<Effect>,
    /// Percentile bootstrap settings.
    pub bootstrap: BootstrapSettings,
    /// Notes (e.g. resamples where a model could not be fitted).
    pub warnings: Vec<ModelNote>,
    /// Why the model is not defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_defined: Option<ModelNote>,
}

/// One path of a mediation model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediationPath {
    pub from: String,
    pub to: String,
    pub estimate: f64,
    pub se: Option<f64>,
    pub p: Option<f64>,
    /// Standardized: estimate · sd(from) / sd(to).
    pub std_estimate: Option<f64>,
}

/// A specific indirect effect with its percentile bootstrap 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndirectEffect {
    /// Variables along the path joined by `->`.
    pub path: String,
    pub estimate: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// An effect with its percentile bootstrap 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    pub estimate: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// A dimension's one-factor confirmatory model (README "Reliability"; lavaan semantics).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cfa {
    /// Standardized loadings (lavaan `std.all`), in item order.
    pub loadings: Vec<f64>,
    /// ω from the standardized loadings: (Σλ)² / ((Σλ)² + Σ(1 − λ²)) — the CFA-based omega
    /// (the dimension's `omega` is from principal-axis factoring of the correlations).
    pub omega: Option<f64>,
    /// χ² = N · F_ML.
    pub chi2: f64,
    /// Degrees of freedom p(p + 1)/2 − 2p.
    pub df: usize,
    /// p of χ² (`null` with df = 0).
    pub p: Option<f64>,
    pub cfi: Option<f64>,
    pub tli: Option<f64>,
    /// RMSEA with N in the denominator, and its 90% interval.
    pub rmsea: Option<f64>,
    pub rmsea_ci: Option<[f64; 2]>,
    /// Bentler's SRMR.
    pub srmr: Option<f64>,
    /// Complete cases.
    pub n: usize,
}

/// How a bootstrap was run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BootstrapSettings {
    /// Resamples drawn.
    pub n: usize,
    /// Seed of the resampling.
    pub seed: u64,
}

impl Report {
    /// A report with capacity results only, sent while network metrics are still running.
    pub fn partial(input: &InputSummary, capacity: &CapacityReport) -> Report {
        Report {
            schema: SCHEMA.to_string(),
            generator: format!("tongxing {}", crate::VERSION),
            input: input.clone(),
            capacity: capacity.clone(),
            network: NetworkReport::default(),
            models: Vec::new(),
            mediation: Vec::new(),
            waves: None,
            timings_ms: None,
        }
    }
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
    /// SHA-256 of each file's bytes (lowercase hex, same order as `files`), so a result can be
    /// traced to the exact files that produced it.
    #[serde(default)]
    pub sha256: Vec<String>,
    /// The kind of each table read from each file (same order as `files`).
    #[serde(default)]
    pub kinds: Vec<Vec<crate::ingest::TableKind>>,
    /// The codebook as applied (given or inferred).
    pub codebook: Vec<CodebookEntry>,
}

/// One applied codebook row, for transparency about inferred roles; complete enough to be
/// edited in the page's mapping table and written back as a codebook file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// English label.
    #[serde(default)]
    pub label: Option<String>,
    /// Chinese label.
    #[serde(default)]
    pub label_zh: Option<String>,
    /// Traditional Chinese label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh_hant: Option<String>,
    /// English dimension label.
    #[serde(default)]
    pub dimension_label: Option<String>,
    /// Chinese dimension label.
    #[serde(default)]
    pub dimension_label_zh: Option<String>,
    /// Traditional Chinese dimension label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension_label_zh_hant: Option<String>,
    /// Lowest scale value (items).
    #[serde(default)]
    pub scale_min: Option<f64>,
    /// Highest scale value (items).
    #[serde(default)]
    pub scale_max: Option<f64>,
    /// Answer labels and their codes, as written in a codebook: `非常同意=5;同意=4`.
    #[serde(default)]
    pub levels: String,
    /// Extra missing codes, `;`-separated.
    #[serde(default)]
    pub missing: String,
    /// English name of the relation (rosters).
    #[serde(default)]
    pub relation_label: Option<String>,
    /// Chinese name of the relation (rosters).
    #[serde(default)]
    pub relation_label_zh: Option<String>,
    /// Traditional Chinese name of the relation (rosters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_label_zh_hant: Option<String>,
}

/// Capacity results.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapacityReport {
    /// Settings that shaped the scores.
    pub settings: CapacitySettings,
    /// One entry per dimension, in codebook order.
    pub dimensions: Vec<DimensionReport>,
    /// One entry per organization, in row order.
    pub organizations: Vec<OrgCapacity>,
    /// Group comparisons, one per categorical attribute.
    pub groups: Vec<GroupComparison>,
    /// Chi-square tests between pairs of categorical attributes.
    pub crosstabs: Vec<Crosstab>,
    /// Correlations among dimension scores, the index and numeric attributes.
    pub correlations: Option<CorrelationMatrix>,
    /// Capacity profiles from k-means.
    pub typology: Option<Typology>,
    /// Community-of-practice stages (the tool's own rule).
    pub stages: Option<StageSummary>,
    /// Capacity related to network position, per relation.
    pub network_links: Vec<NetworkLink>,
    /// Every organization's answers (after reverse-coding), for the item heat map; only up
    /// to `capacity::ITEM_MATRIX_MAX_ORGS` organizations.
    #[serde(default)]
    pub item_matrix: Option<ItemMatrix>,
    /// Select-multiple questions: counts per option.
    #[serde(default)]
    pub multi_select: Vec<MultiSelect>,
}

/// One select-multiple question: how many organizations chose each option.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MultiSelect {
    /// Question (header, or the option columns' common prefix).
    pub question: String,
    /// Organizations that answered the question.
    pub answered: usize,
    /// Options, most chosen first.
    pub options: Vec<OptionCount>,
}

/// One option of a select-multiple question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OptionCount {
    /// Option as exported (choice name or label).
    pub option: String,
    /// Organizations that chose it.
    pub count: usize,
    /// Share of the organizations that answered the question.
    pub share: Option<f64>,
}

/// Answers per organization (rows, in organization order) and item (columns, grouped by
/// dimension in codebook order).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemMatrix {
    /// Item columns.
    pub columns: Vec<String>,
    /// `values[organization][item]`.
    pub values: Vec<Vec<Option<f64>>>,
}

/// Settings of the capacity analysis, recorded for reproducibility.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapacitySettings {
    /// Share of a dimension's items needed for a score.
    pub min_answered_share: f64,
    /// Attribute used for within-group percentiles.
    pub group_by: Option<String>,
    /// How several respondents' answers to an item were combined: `mean` or `median`.
    #[serde(default = "default_combine")]
    pub combine: String,
    /// Organizations with fewer respondents are marked `few_respondents`.
    #[serde(default = "one")]
    pub min_respondents: usize,
}

fn default_combine() -> String {
    "mean".into()
}

fn one() -> usize {
    1
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// rwg(j) below which an organization's respondents are flagged as disagreeing (the usual
/// cut-off of 0.70, LeBreton & Senter 2008).
pub const AGREEMENT_MIN: f64 = 0.7;

/// One bin of a distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    /// Lower edge (inclusive).
    pub lower: f64,
    /// Upper edge (exclusive, inclusive for the last bin).
    pub upper: f64,
    /// Values in the bin.
    pub count: usize,
}

/// Groups of one attribute compared on the index and each dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupComparison {
    /// Attribute column.
    pub attribute: String,
    /// One entry per level (group), in order of first appearance.
    pub levels: Vec<GroupLevel>,
    /// Tests per outcome (`index`, then each dimension key).
    pub tests: Vec<GroupTest>,
}

/// Descriptives of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLevel {
    /// Attribute value.
    pub level: String,
    /// Organizations in the group.
    pub n: usize,
    /// Outcome (`index` or dimension key) → mean and 95% CI.
    pub means: BTreeMap<String, MeanCi>,
}

/// A mean with its 95% confidence interval (t distribution).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeanCi {
    /// Values used.
    pub n: usize,
    /// Mean.
    pub mean: Option<f64>,
    /// Lower bound of the 95% CI.
    pub ci_low: Option<f64>,
    /// Upper bound of the 95% CI.
    pub ci_high: Option<f64>,
}

/// Kruskal–Wallis and pairwise Mann–Whitney tests for one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTest {
    /// `index` or a dimension key.
    pub outcome: String,
    /// Omnibus test.
    pub kruskal: Option<crate::stats::inference::KruskalWallis>,
    /// Pairwise tests with Holm-adjusted p-values.
    pub pairwise: Vec<PairwiseTest>,
}

/// One pairwise Mann–Whitney test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairwiseTest {
    /// First group.
    pub a: String,
    /// Second group.
    pub b: String,
    /// U of the first group.
    pub u: f64,
    /// Unadjusted p-value.
    pub p: f64,
    /// Holm-adjusted p-value.
    pub p_holm: f64,
}

/// A cross-tabulation of two categorical attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crosstab {
    /// Row attribute.
    pub a: String,
    /// Column attribute.
    pub b: String,
    /// Row levels.
    pub rows: Vec<String>,
    /// Column levels.
    pub columns: Vec<String>,
    /// Counts `[row][column]`.
    pub counts: Vec<Vec<usize>>,
    /// The test, when defined.
    pub test: Option<crate::stats::inference::ChiSquare>,
}

/// Correlation matrices with p-values and pairwise n.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelationMatrix {
    /// Variable names (`index`, dimension keys, numeric columns).
    pub variables: Vec<String>,
    /// Pairwise-complete n.
    pub n: Vec<Vec<usize>>,
    /// Pearson r.
    pub pearson: Vec<Vec<Option<f64>>>,
    /// Two-sided p of Pearson r.
    pub pearson_p: Vec<Vec<Option<f64>>>,
    /// Spearman rho.
    pub spearman: Vec<Vec<Option<f64>>>,
    /// Two-sided p of Spearman rho.
    pub spearman_p: Vec<Vec<Option<f64>>>,
}

/// Capacity profiles found by k-means on standardized dimension scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Typology {
    /// Chosen number of profiles.
    pub k: usize,
    /// Mean silhouette width of the chosen solution.
    pub silhouette: f64,
    /// Mean silhouette for each k tried.
    pub silhouette_by_k: Vec<(usize, Option<f64>)>,
    /// Seed used.
    pub seed: u64,
    /// Organizations left out because a dimension score was missing.
    pub excluded: usize,
    /// Profiles, largest first.
    pub profiles: Vec<Profile>,
}

/// One capacity profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Profile number (0 = largest).
    pub id: usize,
    /// Members.
    pub size: usize,
    /// Mean dimension scores of the members (original units).
    pub centroid: BTreeMap<String, f64>,
    /// Centroid in standard deviations from the sample mean.
    pub centroid_z: BTreeMap<String, f64>,
    /// Short English description (rendered from `description`).
    pub label: String,
    /// Short Chinese description (rendered from `description`).
    pub label_zh: String,
    /// The description as a locale key with arguments (its strongest and weakest dimensions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<crate::diag::UserMessage>,
}

/// Counts of community-of-practice stages and how they were assigned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageSummary {
    /// How the engagement score was built, in English (rendered from `rule_message`).
    pub rule: String,
    /// The same in Chinese.
    pub rule_zh: String,
    /// The rule as a locale key with arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_message: Option<crate::diag::UserMessage>,
    /// Cut-offs between the five stages on the 0–100 engagement score.
    pub thresholds: [f64; 4],
    /// Stage key → organizations.
    pub counts: BTreeMap<String, usize>,
}

/// Capacity related to network position in one relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkLink {
    /// Relation key.
    pub relation: String,
    /// Spearman correlations between capacity measures and node metrics (respondents).
    pub correlations: Vec<LinkCorrelation>,
    /// Capacity index by community.
    pub by_community: Vec<CommunityCapacity>,
    /// Least-squares line of the capacity index on in-degree over the respondents with both
    /// (the line of the capacity-vs-degree chart); `None` below two of them or when every one
    /// has the same in-degree.
    #[serde(default)]
    pub index_on_in_degree: Option<FittedLine>,
}

/// A least-squares line y = intercept + slope · x.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FittedLine {
    /// Value at x = 0.
    pub intercept: f64,
    /// Change in y per unit of x.
    pub slope: f64,
    /// Points fitted.
    pub n: usize,
}

/// One capacity × network correlation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkCorrelation {
    /// `index` or a dimension key.
    pub capacity: String,
    /// Node metric key (`in_degree`, `betweenness`, `constraint`).
    pub metric: String,
    /// Pairs used.
    pub n: usize,
    /// Spearman rho.
    pub rho: Option<f64>,
    /// Two-sided p.
    pub p: Option<f64>,
}

/// Capacity index of one community's respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommunityCapacity {
    /// Community number.
    pub community: usize,
    /// Nodes in the community (respondents and non-respondents).
    pub nodes: usize,
    /// Mean index with CI over respondents with an index.
    pub index: MeanCi,
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
    /// Traditional Chinese label, when the codebook gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh_hant: Option<String>,
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
    /// 95% confidence interval of `alpha` (Feldt; pingouin `cronbach_alpha(ci=.95)` on
    /// complete cases).
    #[serde(default)]
    pub alpha_ci: Option<[f64; 2]>,
    /// One-factor confirmatory model by maximum likelihood (lavaan `cfa(std.lv = TRUE)`), three
    /// or more items, complete cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cfa: Option<Cfa>,
    /// Cronbach's alpha from the pairwise-complete covariance matrix.
    pub alpha_pairwise: Option<f64>,
    /// Standardized alpha from the mean inter-item correlation (complete cases).
    pub alpha_standardized: Option<f64>,
    /// McDonald's omega total from a one-factor model (complete cases; see README).
    pub omega: Option<f64>,
    /// Median of the dimension scores.
    pub median: Option<f64>,
    /// Distribution of the dimension scores over the scale.
    pub distribution: Vec<Bin>,
    /// Quartiles, whiskers and outliers of the scores (the box plot), `null` without scores.
    /// Computed with the scores so that the page draws the chart from a summary, not by
    /// re-reading every organization.
    #[serde(default)]
    pub box_plot: Option<BoxPlot>,
    /// Per-item statistics.
    pub item_stats: Vec<ItemStats>,
    /// ICC(1) of the respondents' own dimension scores across organizations (one-way ANOVA);
    /// `null` unless some organization has several respondents.
    #[serde(default)]
    pub icc1: Option<f64>,
    /// ICC(2): reliability of the organizations' mean scores.
    #[serde(default)]
    pub icc2: Option<f64>,
}

impl DimensionReport {
    /// A score on this dimension's scale rescaled to 0–100 (`None` for a scale of one point),
    /// so that dimensions on different scales can be drawn and compared together.
    pub fn rescale(&self, x: f64) -> Option<f64> {
        (self.scale_max > self.scale_min)
            .then(|| (x - self.scale_min) / (self.scale_max - self.scale_min) * 100.0)
    }
}

/// Tukey box plot of a set of scores: quartiles by linear interpolation (type 7, numpy's
/// default), whiskers at the most extreme scores within 1.5 × IQR of the quartiles, and the
/// scores beyond them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoxPlot {
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Lower whisker end.
    pub low: f64,
    /// Upper whisker end.
    pub high: f64,
    /// Distinct outlying scores, ascending (each drawn once).
    pub outliers: Vec<f64>,
    /// Organizations with an outlying score.
    pub n_outliers: usize,
}

impl BoxPlot {
    /// The box plot of `values` (any order; reordered), `None` when there are none. Linear
    /// in the number of values: quartiles by selection, not by sorting.
    pub fn of(mut v: Vec<f64>) -> Option<BoxPlot> {
        use crate::stats::quantile_unsorted as q;
        let (q1, median, q3) = (q(&mut v, 0.25)?, q(&mut v, 0.5)?, q(&mut v, 0.75)?);
        let iqr = q3 - q1;
        let (fence_lo, fence_hi) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
        let inside = |x: &f64| *x >= fence_lo && *x <= fence_hi;
        let low = v.iter().copied().filter(inside).min_by(f64::total_cmp).unwrap_or(q1);
        let high = v.iter().copied().filter(inside).max_by(f64::total_cmp).unwrap_or(q3);
        let mut outliers: Vec<f64> = v.into_iter().filter(|x| !inside(x)).collect();
        let n_outliers = outliers.len();
        outliers.sort_by(f64::total_cmp);
        outliers.dedup();
        Some(BoxPlot { q1, median, q3, low, high, outliers, n_outliers })
    }
}

/// Statistics of one item (after reverse-coding).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemStats {
    /// Item column.
    pub column: String,
    /// The item's English label (the question), from the codebook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The item's Chinese label, from the codebook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<String>,
    /// The item's Traditional Chinese label, from the codebook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh_hant: Option<String>,
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
    /// Share of organizations that did not answer.
    pub missing_share: f64,
    /// How many gave each answer (after reverse-coding), ascending; empty when an item has
    /// more than 11 distinct answers (not a rating scale).
    pub counts: Vec<ValueCount>,
}

/// How many organizations gave one answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ValueCount {
    pub value: f64,
    pub count: usize,
}

/// One organization's capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgCapacity {
    /// Organization id.
    pub id: String,
    /// Organization name.
    pub name: String,
    /// Dimension key → score (mean of answered items), `null` below the answered threshold.
    pub scores: Scores,
    /// Overall capacity index, 0–100.
    pub index: Option<f64>,
    /// Percentile rank of the index in the sample.
    pub percentile: Option<f64>,
    /// Group (value of the `group_by` attribute).
    pub group: Option<Key>,
    /// Percentile rank of the index within the group.
    pub group_percentile: Option<f64>,
    /// Dimension(s) with the highest rescaled score.
    pub strengths: Vec<Key>,
    /// Dimension(s) with the lowest rescaled score.
    pub gaps: Vec<Key>,
    /// Capacity profile (typology), when computed.
    pub profile: Option<usize>,
    /// Community-of-practice stage key, when computed.
    pub stage: Option<Key>,
    /// Engagement score behind the stage (0–100).
    pub engagement: Option<f64>,
    /// Number of respondents (rows) combined for this organization.
    #[serde(default = "one")]
    pub respondents: usize,
    /// Dimension key → rwg(j) of its respondents' answers (`null` where undefined); empty for
    /// an organization with one respondent.
    #[serde(default, skip_serializing_if = "Scores::is_empty")]
    pub agreement: Scores,
    /// Fewer respondents than the minimum-respondents setting.
    #[serde(default, skip_serializing_if = "is_false")]
    pub few_respondents: bool,
    /// Each respondent's own dimension scores (their answers scored before combining), in
    /// the order of their rows; empty for an organization with one respondent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_respondent: Vec<RespondentScores>,
}

/// One respondent's own answers, scored as an organization's are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RespondentScores {
    /// The respondent's own attributes (those that differ among one organization's
    /// respondents, such as a job title), `·`-joined; `None` without any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Dimension key → the respondent's own score (`null` below the answered-items share).
    pub scores: Scores,
}

impl OrgCapacity {
    /// Dimensions on which the respondents disagree (rwg(j) below [`AGREEMENT_MIN`]).
    pub fn disagreements(&self) -> impl Iterator<Item = &Key> {
        self.agreement.iter().filter(|(_, v)| v.is_some_and(|r| r < AGREEMENT_MIN)).map(|(k, _)| k)
    }
}

/// Network results.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkReport {
    /// One entry per relation (read with their community summaries filled in, see
    /// [`relations_with_communities`]).
    #[serde(deserialize_with = "relations_with_communities")]
    pub relations: Vec<RelationReport>,
    /// Partner names that matched no respondent, per relation.
    pub unmatched: Vec<UnmatchedName>,
    /// The aliases applied (from every aliases table given, a later table's entry replacing
    /// an earlier one for the same alias), as written: the page adds the user's merges to
    /// them without reading the input files again. Empty when anonymized.
    #[serde(default)]
    pub aliases: Vec<AliasEntry>,
}

/// Reads the relations of a report, summarizing the communities of those saved before
/// reports kept them (session 23): once, where the report is read, rather than in every
/// call of `labels::community_name` (a pass over all nodes per table cell).
fn relations_with_communities<'de, D>(d: D) -> Result<Vec<RelationReport>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let mut relations = Vec::<RelationReport>::deserialize(d)?;
    for rel in relations.iter_mut().filter(|r| r.communities.is_empty() && !r.nodes.is_empty()) {
        rel.communities = community_summaries(&rel.nodes);
    }
    Ok(relations)
}

/// One row of the aliases applied: a spelling and the organization it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasEntry {
    /// Spelling used in rosters or ties.
    pub alias: String,
    /// Name (or id) of the organization it means.
    pub name: String,
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
    /// English name: the codebook's `relation_label`, else its roster question's label or
    /// header (`None` for the combined relation and tie lists, named by the locale files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Chinese name: `relation_label_zh`, else the roster question's Chinese label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<String>,
    /// Traditional Chinese name: `relation_label_zh_hant`, else the roster question's
    /// `label_zh_hant` (zh-Hant shows `label_zh` without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh_hant: Option<String>,
    /// Always true: nominations are directed.
    pub directed: bool,
    /// True when weights were used.
    pub weighted: bool,
    /// How the graph was built.
    pub settings: RelationSettings,
    /// Whole-graph metrics.
    pub graph: GraphMetrics,
    /// Node metrics.
    pub nodes: Vec<NodeMetrics>,
    /// Core–periphery structure (Borgatti–Everett; see the README).
    pub core_periphery: Option<CorePeriphery>,
    /// Suggestions for cultivating the community (needs capacity results).
    pub suggestions: Option<Suggestions>,
    /// Each community (by number, largest first): its size and the member it is named after,
    /// so every view, chart and export names it the same way (`labels::community_name`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communities: Vec<CommunitySummary>,
    /// The network's mean rating per tie dimension (PARTNER's network trust and value), over
    /// the rated ties of this relation; empty without tie ratings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tie_dimensions: Vec<TieDimensionSummary>,
    /// Rated ties per intensity level (the level's value label, else its number).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub intensity: BTreeMap<String, usize>,
    /// Each rated tie (nominating and named organization as indices into `nodes`) with its
    /// mean rating per tie dimension (several ratings of one tie, e.g. by several respondents,
    /// are averaged): the GEXF and GraphML edge attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rated_ties: Vec<RatedTie>,
}

/// One community of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CommunitySummary {
    /// Its members.
    pub size: usize,
    /// Index into the relation's `nodes` of the member it is named after: the one named most
    /// often (most ties in), then with the most ties, then first in node order.
    pub hub: usize,
}

/// The communities of `nodes` (numbered from 0 by `community`): each one's size and the member
/// it is named after (see [`CommunitySummary::hub`]), in one pass.
pub fn community_summaries(nodes: &[NodeMetrics]) -> Vec<CommunitySummary> {
    let k = nodes.iter().map(|n| n.community + 1).max().unwrap_or(0);
    let mut out = vec![CommunitySummary { size: 0, hub: usize::MAX }; k];
    for (v, n) in nodes.iter().enumerate() {
        let c = &mut out[n.community];
        c.size += 1;
        let better = nodes.get(c.hub).is_none_or(|h| (n.in_degree, n.degree) > (h.in_degree, h.degree));
        if better {
            c.hub = v;
        }
    }
    out
}

/// A rated tie of a relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatedTie {
    /// Index into the relation's `nodes` of the organization that rated the tie.
    pub source: usize,
    /// Index into the relation's `nodes` of the partner rated.
    pub target: usize,
    /// Tie dimension key → mean rating.
    pub ratings: BTreeMap<String, f64>,
}

/// A tie dimension's mean over a relation's ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TieDimensionSummary {
    /// Tie dimension key (`trust`, `value`, `intensity`).
    pub key: String,
    /// English label from the codebook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Chinese label from the codebook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<String>,
    /// Traditional Chinese label from the codebook (`dimension_label_zh_hant`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh_hant: Option<String>,
    /// Mean of the ratings' scores on it.
    pub mean: Option<f64>,
    /// Number of ratings scored on it.
    pub n: usize,
    /// Lowest and highest value of its scale (the codebook's, else the answers observed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<[f64; 2]>,
    /// Its levels' names by code, when its items' value labels name them (intensity).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<TieLevel>,
}

/// A named level of a tie dimension (`协调` = 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TieLevel {
    /// The code.
    pub code: f64,
    /// Its name as the codebook writes it.
    pub label: String,
}

/// A mean and the number of values behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanN {
    /// The mean (`null` without values).
    pub mean: Option<f64>,
    /// The number of values.
    pub n: usize,
}

/// How a relation's graph was built (recorded so results can be reproduced).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationSettings {
    /// `none` (directed), `union` (a tie if either names the other) or `reciprocal` (both).
    pub symmetrize: String,
    /// With `union` or `reciprocal`: the weight of a pair tied both ways, `max` (the larger of
    /// its two directed weights, each the sum of its parallel nominations). Absent when
    /// directed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair_weight: Option<String>,
    /// Tie weights used for strength and PageRank.
    pub weighted: bool,
    /// Partners who did not respond are nodes.
    pub include_non_respondents: bool,
    /// Nodes without ties were removed.
    pub drop_isolates: bool,
    /// Attribute used for brokerage roles.
    pub brokerage_attribute: Option<String>,
    /// Community detection method (`leiden` or `louvain`).
    pub community_method: String,
    /// Modularity resolution γ.
    pub resolution: f64,
    /// Seed of sampling, community detection and layout.
    pub seed: u64,
    /// Path lengths: `steps` (unweighted) or `inverse_weight` (1 / weight, when weighted).
    pub path_length: String,
    /// This relation combines all others (tie weight = number of relations with the tie).
    pub combined: bool,
    /// Only ties rated at or above this intensity level were analysed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_intensity: Option<f64>,
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
    /// Freeman closeness centralization.
    pub closeness_centralization: Option<f64>,
    /// Degree assortativity (out-degree of source, in-degree of target).
    pub degree_assortativity: Option<f64>,
    /// Diameter and average path length of the largest weak component.
    pub paths: Option<PathSummary>,
    /// Organizations whose removal splits their component.
    pub cut_vertices: usize,
    /// Nodes in the largest strongly connected component.
    pub largest_strong_component: usize,
    /// Sizes of the weak components, largest first (at most 50).
    pub weak_component_sizes: Vec<usize>,
    /// Mixing of ties across each categorical attribute.
    pub mixing: Vec<Mixing>,
}

/// Node metrics (definitions in the README).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeMetrics {
    /// Mean rating received per tie dimension, with the number of ratings (rated ties only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub received: BTreeMap<String, MeanN>,
    /// Mean rating given per tie dimension, with the number of ratings.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub given: BTreeMap<String, MeanN>,
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
    /// HITS hub score.
    pub hub: Option<f64>,
    /// HITS authority score.
    pub authority: Option<f64>,
    /// Burt's effective size (undirected).
    pub effective_size: Option<f64>,
    /// Removing this organization splits its component.
    pub cut_vertex: bool,
    /// Gould–Fernandez brokerage roles for the brokerage attribute.
    pub brokerage: Option<Brokerage>,
    /// Continuous core score (0–1, Borgatti–Everett).
    pub core_score: Option<f64>,
    /// In the discrete core.
    pub in_core: bool,
    /// Weighted clustering (Onnela), when weights are used.
    pub weighted_clustering: Option<f64>,
}

/// Shortest-path summary of the largest weakly connected component, treated as undirected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PathSummary {
    /// Longest shortest path (a lower bound when sampled).
    pub diameter: usize,
    /// Mean shortest-path length over ordered pairs (networkx `average_shortest_path_length`).
    pub average_path_length: f64,
    /// Nodes in the component.
    pub component_nodes: usize,
    /// Breadth-first searches run (fewer than the nodes when sampled).
    pub sources: usize,
    /// True when estimated from sampled sources.
    pub sampled: bool,
}

/// How ties mix across the groups of one attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mixing {
    /// Attribute.
    pub attribute: String,
    /// Ties between two nodes whose attribute is known.
    pub ties: usize,
    /// networkx `attribute_assortativity_coefficient`.
    pub assortativity: Option<f64>,
    /// Krackhardt & Stern E-I index, (external − internal) / (external + internal).
    pub ei_index: Option<f64>,
    /// Normalized mutual information between communities and groups (scikit-learn default,
    /// arithmetic mean), over nodes with a known group.
    pub nmi: Option<f64>,
    /// Adjusted Rand index between communities and groups.
    pub ari: Option<f64>,
    /// Groups in order of first appearance (rows and columns of `matrix`).
    pub groups: Vec<String>,
    /// Ties from the row group to the column group.
    pub matrix: Vec<Vec<usize>>,
}

/// Gould–Fernandez brokerage role counts of one node (R `sna::brokerage`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Brokerage {
    /// a, broker and b in one group.
    pub coordinator: usize,
    /// a and b in one group, the broker in another (itinerant / cosmopolitan).
    pub itinerant: usize,
    /// The broker in b's group, a outside (gatekeeper).
    pub gatekeeper: usize,
    /// The broker in a's group, b outside (representative).
    pub representative: usize,
    /// All three in different groups.
    pub liaison: usize,
}

/// Core–periphery summary of one graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorePeriphery {
    /// Nodes in the discrete core.
    pub core_size: usize,
    /// Correlation of the ties with the ideal core–periphery pattern (core–periphery pairs
    /// ignored); `None` when not defined (no ties or no variation).
    pub fit: Option<f64>,
    /// Density of ties inside the core.
    pub core_density: Option<f64>,
    /// Density of ties between core and periphery.
    pub core_periphery_density: Option<f64>,
    /// Density of ties inside the periphery.
    pub periphery_density: Option<f64>,
    /// True when the continuous fit converged.
    pub converged: bool,
}

/// Suggestions for one relation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Suggestions {
    /// Introductions, grouped by organization (in node order).
    pub introductions: Vec<Introduction>,
    /// New ties that would most reduce fragmentation.
    pub new_ties: Vec<NewTie>,
    /// Organizations whose loss would most fragment the network.
    pub critical_brokers: Vec<CriticalBroker>,
    /// True when distances behind `new_ties` were estimated from sampled sources.
    pub distances_sampled: bool,
    /// The introductions shown first (indices into `introductions`, best first): the best
    /// ranked with no organization in more than two (`joint::cultivate::top_introductions`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top: Vec<usize>,
    /// The partners suggested in the most introductions, when a few take a large share of
    /// them (`joint::cultivate::most_suggested`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub most_suggested: Vec<SuggestedPartner>,
    /// How many organizations' loss would cut surveyed organizations off, of which
    /// `critical_brokers` lists the few that cut off the most (`KEY_CUTTING`): the overview
    /// counts them all (a walkthrough found two it did not list, under "5 key brokers").
    #[serde(default)]
    pub cutting_brokers_found: usize,
}

impl Suggestions {
    /// The critical brokers whose loss cuts surveyed organizations off: the key brokers the
    /// overview counts and the cultivate view lists (one kept for its efficiency alone, or
    /// cutting off only names pending review, is not among them).
    pub fn cutting_brokers(&self) -> impl Iterator<Item = &CriticalBroker> {
        self.critical_brokers.iter().filter(|b| b.cut_off > 0)
    }
}

/// A partner suggested in many introductions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SuggestedPartner {
    /// Index into the relation's `nodes`.
    pub node: usize,
    /// Introductions that suggest it.
    pub count: usize,
}

/// One suggested introduction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Introduction {
    /// The organization the suggestion is for (node index, id, name).
    pub node: usize,
    pub id: String,
    pub name: String,
    /// The suggested partner.
    pub to: usize,
    pub to_id: String,
    pub to_name: String,
    /// `capacity` (a partner of partners strong where this organization is weakest) or
    /// `structural_hole` (a member of a community none of its partners reaches). Shared keys,
    /// as the dimension's: 100,000/1,000,000 has 276,000 introductions, each two strings fewer
    /// to make in the worker and to read back in the page.
    pub kind: Key,
    /// The weakest dimension (for `capacity`).
    pub dimension: Option<Key>,
    /// This organization's score on that dimension.
    pub own_score: Option<f64>,
    /// The suggested partner's score on that dimension.
    pub their_score: Option<f64>,
    /// Partners both already have.
    pub shared_partners: usize,
    /// Community of the suggested partner.
    pub community: usize,
    /// Members of that community (kept here so the reason text needs no count over all nodes,
    /// which cost seconds on 100,000-node networks).
    #[serde(default)]
    pub community_size: usize,
    /// For a `capacity` introduction: the suggested partner is also the organization across a
    /// structural hole (one suggestion with both reasons, not the same pair twice).
    #[serde(default)]
    pub also_structural_hole: bool,
}

/// One suggested new tie for the coordinator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTie {
    pub a: usize,
    pub a_id: String,
    pub a_name: String,
    pub b: usize,
    pub b_id: String,
    pub b_name: String,
    /// `join_components`, `connect_isolate` or `shorten_paths`.
    pub reason: String,
    /// Components of the network after adding this tie alone.
    pub components_after: usize,
    /// Average distance in the largest component before and after (for `shorten_paths`).
    pub average_distance_before: Option<f64>,
    pub average_distance_after: Option<f64>,
}

/// One critical broker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriticalBroker {
    pub node: usize,
    pub id: String,
    pub name: String,
    /// Surveyed organizations (respondents) that would lose every path to the largest
    /// remaining part of the component.
    pub cut_off: usize,
    /// Names pending review (partner names that matched no respondent, perhaps misspellings of
    /// a surveyed organization) that would lose every path too: not counted in `cut_off`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cut_off_unconfirmed: usize,
    /// Pieces the component falls into without this organization.
    pub pieces: usize,
    pub betweenness: Option<f64>,
    /// Effective size ÷ degree: 1 when no two partners are tied to each other.
    pub efficiency: Option<f64>,
    /// Some of the surveyed organizations counted in `cut_off` (indices into the relation's `nodes`,
    /// at most [`CUT_OFF_LISTED`], largest piece first, then in node order), so the reason can
    /// name who would be cut off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cut_off_nodes: Vec<usize>,
    /// The communities it links that its record names (at most [`LINKED_LISTED`]): of its own
    /// and its partners' communities, those with the most of them (it and its partners), then
    /// the larger.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communities: Vec<usize>,
    /// All the communities it links: its own and its partners'.
    #[serde(default)]
    pub linked: usize,
}

/// Organizations cut off by a broker's loss that its record names.
pub const CUT_OFF_LISTED: usize = 3;

/// Communities linked by a broker that its record names.
pub const LINKED_LISTED: usize = 2;

/// A relation's communities as a reader counts them: those with a tie. An organization with no
/// tie is a community of its own in the partition (`graph.communities` counts it, as igraph's
/// `len(partition)`), but it reads as having none: the legend lists it apart, and "7
/// communities" beside a legend of six and one organization without a tie read as a
/// contradiction.
pub fn communities_with_ties(nodes: &[NodeMetrics]) -> usize {
    let mut seen = vec![false; nodes.iter().map(|n| n.community + 1).max().unwrap_or(0)];
    for n in nodes.iter().filter(|n| n.degree > 0) {
        seen[n.community] = true;
    }
    seen.into_iter().filter(|s| *s).count()
}

/// Organizations with no tie in a relation (each a community of its own in the partition).
pub fn without_ties(nodes: &[NodeMetrics]) -> usize {
    nodes.iter().filter(|n| n.degree == 0).count()
}

/// The `k` nodes named most often (most ties in), by name among equals, then in node order:
/// selected in linear time, then sorted (sorting 100,000 nodes by name cost the network
/// section's first mount about 20 ms).
pub fn top_by_in_degree(nodes: &[NodeMetrics], k: usize) -> Vec<&NodeMetrics> {
    let order = |a: &(usize, &NodeMetrics), b: &(usize, &NodeMetrics)| {
        b.1.in_degree.cmp(&a.1.in_degree).then(a.1.name.cmp(&b.1.name)).then(a.0.cmp(&b.0))
    };
    let mut top: Vec<(usize, &NodeMetrics)> = nodes.iter().enumerate().collect();
    if top.len() > k && k > 0 {
        top.select_nth_unstable_by(k - 1, order);
        top.truncate(k);
    }
    top.sort_by(order);
    top.into_iter().take(k).map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizations_without_a_tie_are_no_community() {
        let node = |community: usize, degree: usize| NodeMetrics { community, degree, ..Default::default() };
        // Two communities with ties (one of three, one of two) and two organizations alone.
        let nodes = [node(0, 2), node(0, 1), node(0, 1), node(1, 1), node(1, 1), node(2, 0), node(3, 0)];
        assert_eq!(communities_with_ties(&nodes), 2);
        assert_eq!(without_ties(&nodes), 2);
        assert_eq!(communities_with_ties(&[]), 0);
    }

    #[test]
    fn top_nodes_are_those_of_a_full_sort() {
        // Many equal in-degrees and names, so that the order among equals is tested too.
        let nodes: Vec<NodeMetrics> = (0..500)
            .map(|i| NodeMetrics {
                id: format!("n{i}"),
                name: format!("org {}", (i * 7) % 13),
                in_degree: (i * 31) % 17,
                ..Default::default()
            })
            .collect();
        let mut sorted: Vec<&NodeMetrics> = nodes.iter().collect();
        sorted.sort_by(|a, b| b.in_degree.cmp(&a.in_degree).then(a.name.cmp(&b.name)));
        for k in [0, 1, 10, 499, 500, 600] {
            let top = top_by_in_degree(&nodes, k);
            let ids: Vec<&str> = top.iter().map(|n| n.id.as_str()).collect();
            let expected: Vec<&str> = sorted.iter().take(k).map(|n| n.id.as_str()).collect();
            assert_eq!(ids, expected, "k = {k}");
        }
    }

    #[test]
    fn box_plot_uses_tukey_fences() {
        // Quartiles (type 7) of 1..=9 plus an outlier 30: q1 = 3.25, q3 = 7.75, IQR 4.5,
        // upper fence 14.5, so 30 is an outlier and the whisker ends at 9.
        // Given out of order: the quartiles come from selection, not a sorted copy.
        let v: Vec<f64> = [30.0].into_iter().chain((1..=9).rev().map(f64::from)).collect();
        let s = BoxPlot::of(v).unwrap();
        assert_eq!((s.q1, s.median, s.q3), (3.25, 5.5, 7.75));
        assert_eq!((s.low, s.high), (1.0, 9.0));
        assert_eq!(s.outliers, vec![30.0]);
        // Outliers on both sides come out sorted.
        let v: Vec<f64> = [50.0, -40.0].into_iter().chain((1..=9).map(f64::from)).chain([-60.0]).collect();
        assert_eq!(BoxPlot::of(v).unwrap().outliers, vec![-60.0, -40.0, 50.0]);
        // Equal outliers are listed once and counted each.
        let v: Vec<f64> = (1..=9).map(f64::from).chain([30.0, 30.0]).collect();
        let b = BoxPlot::of(v).unwrap();
        assert_eq!((b.outliers.clone(), b.n_outliers), (vec![30.0], 2));
        assert_eq!(BoxPlot::of(Vec::new()), None);
    }
}
