//! The analysis pipeline: files → tables → survey → capacity + networks → report.
//!
//! One function, [`run`], is called by the page and by the CLI, so both produce the same
//! report for the same files. Time is read through a caller-supplied clock because
//! `std::time::Instant` is not available in the browser.

use std::collections::BTreeMap;

use crate::capacity::{self, CapacityOptions};
use crate::diag::{Arg, Warning, args};
use crate::ingest::{self, ByteSource, IngestError, Table, TableKind};
use crate::joint;
use crate::network::graph::Graph;
use crate::network::{self, NetworkOptions, build::Networks};
use crate::report::anonymize::{Anonymizer, KeyEntry};
use crate::report::{CodebookEntry, InputSummary, NetworkReport, RelationReport, Report, SCHEMA};
use crate::stats::par::Threads;
use crate::survey::Survey;

/// A file as the user gave it.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// File name (used to guess the table kind and in messages).
    pub name: String,
    /// Raw bytes.
    pub bytes: Vec<u8>,
    /// Table kind chosen by the user, overriding the guess.
    pub kind: Option<TableKind>,
}

/// A file read from a [`ByteSource`] as the analysis goes: the worker's view of a browser
/// `File`, read in slices, so the file is never copied whole into memory.
pub struct SourceFile<'a> {
    /// File name (used to guess the table kind and in messages).
    pub name: String,
    /// Where the bytes come from.
    pub source: Box<dyn ByteSource + 'a>,
    /// Table kind chosen by the user, overriding the guess.
    pub kind: Option<TableKind>,
}

impl<'a> From<&'a InputFile> for SourceFile<'a> {
    fn from(f: &'a InputFile) -> Self {
        SourceFile { name: f.name.clone(), source: Box::new(f.bytes.as_slice()), kind: f.kind }
    }
}

/// All settings of a run; recorded in the report where they change results.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Capacity settings.
    pub capacity: CapacityOptions,
    /// Network settings.
    pub network: NetworkOptions,
    /// Text encoding forced by the user.
    pub encoding: Option<String>,
    /// Compute node positions for the diagram.
    pub layout: bool,
    /// Regression and mediation models to fit (none by default).
    pub models: crate::models::ModelOptions,
    /// Anonymize with this minimum group size: names become codes (`ORG-001`) and attribute
    /// values held by fewer organizations become "other" (see [`crate::report::anonymize`]).
    pub anonymize: Option<usize>,
}

/// Everything a run produces: the report plus data the charts need.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The serializable report.
    pub report: Report,
    /// Per relation: the graph, aligned with `report.network.relations` (nodes in the order of
    /// the relation's `nodes`). Each relation's report lives only in `report`, once.
    pub graphs: Vec<Graph>,
    /// Per relation: node positions in the unit square (empty when layout was off).
    pub layouts: Vec<Vec<(f64, f64)>>,
    /// When anonymized: which code stands for which organization (kept out of the report).
    pub key: Vec<KeyEntry>,
}

impl Options {
    /// These options run on up to `threads` threads: the exact network searches, closeness and
    /// harmonic centrality, the correlation matrix, the typology's k-means restarts and the
    /// mediation bootstrap. Not a setting (not in [`crate::settings::Settings`], the share link
    /// or the record): the report is the same for any number (see [`crate::stats::par`]).
    pub fn with_threads(mut self, threads: Threads) -> Options {
        self.capacity.threads = threads;
        self.network.threads = threads;
        self.models.threads = threads;
        self
    }
}

impl Analysis {
    /// Each relation's report with its graph.
    pub fn relations(&self) -> impl Iterator<Item = (&RelationReport, &Graph)> {
        self.report.network.relations.iter().zip(&self.graphs)
    }
}

/// A step of the analysis, as the progress bar names it (`step.<key>` in the locale files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Files are decoded and parsed.
    Read,
    /// Capacity scores and reliability.
    Capacity,
    /// Network metrics, one relation at a time.
    Network,
    /// Cultivation suggestions.
    Suggestions,
    /// Network layouts.
    Layout,
    /// Outcome and mediation models (only when some are asked for).
    Models,
}

impl Step {
    /// Every step, in the order a run reaches them.
    pub const ALL: [Step; 6] =
        [Step::Read, Step::Capacity, Step::Network, Step::Suggestions, Step::Layout, Step::Models];

    /// The step's key; the page shows the translation of `step.<key>`.
    pub fn key(self) -> &'static str {
        match self {
            Step::Read => "read",
            Step::Capacity => "capacity",
            Step::Network => "network",
            Step::Suggestions => "suggestions",
            Step::Layout => "layout",
            Step::Models => "models",
        }
    }
}

/// What a running analysis reports to its caller (a progress bar, a worker's messages).
#[derive(Debug)]
pub enum Progress<'a> {
    /// A step is starting; `percent` of the whole run is done.
    Step {
        /// The step; its key is translated by the page.
        step: Step,
        /// Detail such as a file name or relation key.
        detail: String,
        /// Share of the run done, 0–100.
        percent: f64,
    },
    /// Capacity results are ready, before the slower network metrics (sent only when there
    /// are ties or roster columns to analyse).
    Capacity(&'a InputSummary, &'a crate::report::CapacityReport),
}

/// Runs the whole analysis.
///
/// # Errors
/// [`IngestError`] when a file cannot be read or no responses table was given.
pub fn run(files: &[InputFile], options: &Options, clock: &dyn Fn() -> f64) -> Result<Analysis, IngestError> {
    run_observed(files, options, clock, &mut |_| {})
}

/// [`run`], reporting progress and early capacity results to `observer`.
///
/// # Errors
/// As [`run`].
pub fn run_observed(
    files: &[InputFile],
    options: &Options,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<Analysis, IngestError> {
    let sources: Vec<SourceFile> = files.iter().map(SourceFile::from).collect();
    run_sources(&sources, options, clock, observer)
}

/// [`run_observed`] on files read from their sources as the analysis goes; reading reports
/// progress as the bytes are read.
///
/// # Errors
/// As [`run`].
pub fn run_sources(
    files: &[SourceFile],
    options: &Options,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<Analysis, IngestError> {
    let start = clock();
    let mut timings = BTreeMap::new();
    let mut warnings: Vec<Warning> = Vec::new();
    let mut tables: Vec<(TableKind, Table)> = Vec::new();
    let mut encoding = String::new();
    let mut delimiter = None;
    let mut decode_ms = 0.0;
    let total_bytes = files.iter().map(|f| f.source.len()).sum::<u64>().max(1);
    let mut read_bytes = 0;
    let mut kinds: Vec<Vec<TableKind>> = Vec::new();
    let mut hashes: Vec<String> = Vec::new();
    for f in files {
        observer(Progress::Step {
            step: Step::Read,
            detail: f.name.clone(),
            percent: 20.0 * read_bytes as f64 / total_bytes as f64,
        });
        // Progress while a large file is read: at most every half percent of the run.
        let mut shown = 20.0 * read_bytes as f64 / total_bytes as f64;
        let mut on_bytes = |at: u64| {
            let percent = 20.0 * (read_bytes + at) as f64 / total_bytes as f64;
            if percent - shown >= 0.5 {
                shown = percent;
                observer(Progress::Step { step: Step::Read, detail: f.name.clone(), percent });
            }
        };
        let (loaded, times) =
            ingest::load_source(&f.name, &*f.source, options.encoding.as_deref(), clock, &mut on_bytes)?;
        read_bytes += f.source.len();
        hashes.push(loaded.sha256);
        decode_ms += times.decode;
        warnings.extend(loaded.warnings);
        // A user's choice of kind applies to single-table files; workbook sheets keep their names.
        let single = loaded.tables.len() == 1;
        let mut file_kinds = Vec::new();
        for (kind, table) in loaded.tables {
            let kind = if single { f.kind.unwrap_or(kind) } else { kind };
            file_kinds.push(kind);
            if kind == TableKind::Responses && encoding.is_empty() {
                encoding = loaded.encoding.clone();
                delimiter = loaded.delimiter;
            }
            tables.push((kind, table));
        }
        kinds.push(file_kinds);
    }
    let take = |kind: TableKind, tables: &mut Vec<(TableKind, Table)>| {
        tables.iter().position(|(k, _)| *k == kind).map(|i| tables.remove(i).1)
    };
    let Some(responses) = take(TableKind::Responses, &mut tables) else {
        let found = tables.iter().map(|(k, t)| (t.name.clone(), *k)).collect();
        return Err(IngestError::NoResponses { found });
    };
    if responses.n_rows() == 0 {
        return Err(IngestError::NoRows { file: responses.name.clone() });
    }
    let codebook = take(TableKind::Codebook, &mut tables);
    let ties = take(TableKind::Ties, &mut tables);
    // Every aliases table is applied (the user's own and the page's merges).
    let (aliases, tables): (Vec<_>, Vec<_>) = tables.into_iter().partition(|(k, _)| *k == TableKind::Aliases);
    let aliases: Vec<Table> = aliases.into_iter().map(|(_, t)| t).collect();
    for (kind, t) in &tables {
        warnings.push(Warning::at(
            &t.name,
            None,
            None,
            "warn.table_unused",
            args([("kind", Arg::Term(format!("kind.{}", kind.key())))]),
        ));
    }
    let rows = responses.n_rows();
    let columns = responses.headers.len();
    let t_tables = clock();
    let mut survey = Survey::build(responses, codebook.as_ref(), &mut warnings);
    if let Some(min) = options.anonymize {
        for (column, n) in survey.coarsen(min) {
            warnings.push(Warning::general(
                "warn.anonymized_groups",
                args([
                    ("column", Arg::Column(column)),
                    ("n", n.into()),
                    ("min", min.into()),
                    ("other", crate::survey::OTHER.into()),
                ]),
            ));
        }
    }
    let t_parsed = clock();
    // `parse`: text → tables (comparable with a CSV parser's time); `survey`: the codebook
    // applied, every column read as numbers, codes or names.
    let parse_ms = t_tables - start - decode_ms;
    observer(Progress::Step { step: Step::Capacity, detail: String::new(), percent: 20.0 });
    let mut capacity = capacity::analyze(&survey, &options.capacity, &mut warnings);
    capacity.multi_select = crate::survey::multi::summarize(&survey);
    let t_capacity = clock();
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let input =
        input_summary((names, hashes), &kinds, rows, columns, &encoding, delimiter, &survey, &warnings);
    let mut anonymizer = options.anonymize.map(|_| Anonymizer::from_capacity(&capacity));
    // Early results only when network work follows; otherwise the whole result is next, and
    // sending every organization twice would double the page's work on large surveys.
    let networks_follow = ties.is_some() || !survey.columns_with_role(crate::survey::Role::Roster).is_empty();
    match &anonymizer {
        _ if !networks_follow => {}
        Some(a) => {
            let mut shown = capacity.clone();
            a.capacity(&mut shown);
            observer(Progress::Capacity(&input, &shown));
        }
        None => observer(Progress::Capacity(&input, &capacity)),
    }
    observer(Progress::Step { step: Step::Network, detail: String::new(), percent: 35.0 });
    let mut timer = network::Timer::new(clock);
    // `load`: matching names into ties, then (per relation) building the sparse graphs.
    let nets: Networks =
        timer.time("load", || network::build::build(&survey, ties.as_ref(), &aliases, &mut warnings));
    let attrs = if nets.relations.is_empty() {
        network::NodeAttributes::default()
    } else {
        node_attributes(&survey, capacity.settings.group_by.as_deref())
    };
    let mut relations = network::analyze_observed(
        &nets,
        &options.network,
        &attrs,
        &mut warnings,
        &mut timer,
        &mut |done, total| {
            let detail = nets.relations.get(done).map(|r| r.key.clone()).unwrap_or_default();
            observer(Progress::Step {
                step: Step::Network,
                detail,
                percent: 35.0 + 50.0 * done as f64 / total.max(1) as f64,
            });
        },
    );
    joint::linkage::link(&mut capacity, &relations, options.capacity.stage_thresholds);
    observer(Progress::Step { step: Step::Suggestions, detail: String::new(), percent: 83.0 });
    for rel in relations.iter_mut() {
        let s = timer.time("suggestions", || {
            joint::cultivate::suggest(
                &rel.graph,
                &rel.members,
                &rel.report.nodes,
                &capacity,
                options.network.seed,
            )
        });
        rel.report.suggestions = Some(s);
    }
    let t_network = clock();
    let layouts = if options.layout {
        observer(Progress::Step { step: Step::Layout, detail: String::new(), percent: 85.0 });
        layouts(relations.iter().map(|r| &r.graph), options.network.seed)
    } else {
        vec![Vec::new(); relations.len()]
    };
    let t_layout = clock();
    timings.insert("decode".to_string(), decode_ms);
    timings.insert("parse".to_string(), parse_ms);
    timings.insert("survey".to_string(), t_parsed - t_tables);
    timings.insert("capacity".to_string(), t_capacity - t_parsed);
    timings.insert("network".to_string(), t_network - t_capacity);
    timings.insert("layout".to_string(), t_layout - t_network);
    timings.insert("total".to_string(), t_layout - start);
    // Per-metric times (summed over relations), under their report keys.
    timings.extend(timer.ms);
    let mut report = Report {
        schema: SCHEMA.to_string(),
        generator: format!("tongxing {}", crate::VERSION),
        input: InputSummary { warnings: warnings.clone(), ..input },
        capacity,
        network: NetworkReport {
            relations: Vec::new(),
            unmatched: nets.unmatched.clone(),
            aliases: nets.aliases.clone(),
        },
        models: Vec::new(),
        mediation: Vec::new(),
        timings_ms: Some(timings),
    };
    // Each relation's report moves into the report; its graph stays beside it.
    let graphs = relations
        .into_iter()
        .map(|mut r| {
            (r.report.label, r.report.label_zh) = relation_names(&survey, &r.report.key);
            report.network.relations.push(r.report);
            r.graph
        })
        .collect();
    // Models read the survey and the unanonymized reports (organizations matched by id).
    if !options.models.formulas.is_empty() || !options.models.mediations.is_empty() {
        let t0 = clock();
        observer(Progress::Step { step: Step::Models, detail: String::new(), percent: 90.0 });
        let vars = crate::models::data::Variables::new(&survey, &report.capacity, &report.network.relations);
        let (models, mediation) =
            crate::models::run(&options.models, &vars, options.network.seed, &mut |p| {
                observer(Progress::Step {
                    step: Step::Models,
                    detail: String::new(),
                    percent: 90.0 + 9.0 * p,
                })
            });
        report.models = models;
        report.mediation = mediation;
        if let Some(t) = report.timings_ms.as_mut() {
            t.insert("models".to_string(), clock() - t0);
        }
    }
    let key = match anonymizer.as_mut() {
        Some(a) => {
            a.extend_network(&report);
            a.report(&mut report);
            a.key().to_vec()
        }
        None => Vec::new(),
    };
    crate::labels::render_messages(&mut report);
    Ok(Analysis { report, graphs, layouts, key })
}

/// Each graph's layout ([`network::layout::force_layout`]; empty above its size limit). The
/// page's worker runs it after sending the rest of the result, so the page draws the tables
/// while the worker lays the networks out.
pub fn layouts<'a>(graphs: impl IntoIterator<Item = &'a Graph>, seed: u64) -> Vec<Vec<(f64, f64)>> {
    graphs.into_iter().map(|g| network::layout::force_layout(g, seed)).collect()
}

/// A relation's English and Chinese names from the codebook: `relation_label(_zh)` of the
/// roster that asks for it, else the roster question's label (in English also its header);
/// `None` for relations no roster asks for (tie lists, the combined relation).
fn relation_names(survey: &Survey, key: &str) -> (Option<String>, Option<String>) {
    let Some(spec) = survey
        .codebook
        .columns
        .iter()
        .find(|c| c.role == crate::survey::Role::Roster && c.relation.as_deref() == Some(key))
    else {
        return (None, None);
    };
    let en =
        spec.relation_label.clone().or_else(|| spec.label.clone()).unwrap_or_else(|| spec.column.clone());
    let zh = spec.relation_label_zh.clone().or_else(|| spec.label_zh.clone());
    (Some(en), zh)
}

/// Categorical attributes of the respondents for mixing and brokerage; brokerage uses the
/// capacity grouping attribute when it is a plain attribute.
fn node_attributes(survey: &Survey, group_by: Option<&str>) -> network::NodeAttributes {
    let attributes: Vec<(String, Vec<Option<String>>)> = survey
        .columns_with_role(crate::survey::Role::Attribute)
        .into_iter()
        .map(|c| (survey.table.headers[c].clone(), survey.attribute_values(c)))
        .collect();
    let brokerage = group_by.and_then(|g| attributes.iter().position(|(n, _)| n == g));
    network::NodeAttributes { attributes, brokerage }
}

/// The input section of the report from what was read so far.
#[allow(clippy::too_many_arguments)]
fn input_summary(
    (files, sha256): (Vec<String>, Vec<String>),
    kinds: &[Vec<TableKind>],
    rows: usize,
    columns: usize,
    encoding: &str,
    delimiter: Option<char>,
    survey: &Survey,
    warnings: &[Warning],
) -> InputSummary {
    InputSummary {
        rows,
        columns,
        encoding: encoding.to_string(),
        delimiter: delimiter.map(|d| if d == '\t' { "\\t".to_string() } else { d.to_string() }),
        warnings: warnings.to_vec(),
        files,
        sha256,
        kinds: kinds.to_vec(),
        codebook: survey
            .codebook
            .columns
            .iter()
            .map(|c| CodebookEntry {
                column: c.column.clone(),
                role: c.role.as_str().to_string(),
                dimension: c.dimension.clone(),
                relation: c.relation.clone(),
                reverse: c.reverse,
                inferred: c.inferred,
                label: c.label.clone(),
                label_zh: c.label_zh.clone(),
                dimension_label: c.dimension_label.clone(),
                dimension_label_zh: c.dimension_label_zh.clone(),
                scale_min: c.scale_min,
                scale_max: c.scale_max,
                levels: crate::survey::codebook::levels_text(&c.levels),
                missing: c.missing.join(";"),
                relation_label: c.relation_label.clone(),
                relation_label_zh: c.relation_label_zh.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::Step;
    use crate::i18n::{Lang, has};

    /// The status line translates `step.<key>`; a missing entry showed the raw key.
    #[test]
    fn every_step_has_a_label_in_every_language() {
        for step in Step::ALL {
            for lang in [Lang::En, Lang::Zh, Lang::ZhHant] {
                assert!(has(lang, &format!("step.{}", step.key())), "{lang:?} lacks step.{}", step.key());
            }
        }
    }
}
