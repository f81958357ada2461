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
    /// are ties or roster columns to analyse), with the network step's size ahead: the tie
    /// table's rows plus the roster cells that name someone (a cell may name several).
    Capacity(&'a InputSummary, &'a crate::report::CapacityReport, usize),
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
    let read = read_sources(files, options, clock, observer)?;
    analyze_read(read, options, clock, observer)
}

/// A table read from the input, with the index of the file it came from.
#[derive(Debug, Clone)]
pub struct ReadTable {
    /// What the table holds (guessed, or chosen by the user).
    pub kind: TableKind,
    /// The table.
    pub table: Table,
    /// Index of its file in the files given.
    pub file: usize,
}

/// The input files read into tables, before any analysis: what [`analyze_read`] starts from
/// (the survey rounds split these tables into one set per round).
#[derive(Debug, Clone)]
pub struct ReadFiles {
    /// Every table found, in file order.
    pub tables: Vec<ReadTable>,
    /// File names.
    pub names: Vec<String>,
    /// SHA-256 of each file.
    pub hashes: Vec<String>,
    /// Kinds of the tables of each file.
    pub kinds: Vec<Vec<TableKind>>,
    /// Encoding of the first responses table.
    pub encoding: String,
    /// Delimiter of the first responses table.
    pub delimiter: Option<char>,
    /// Milliseconds spent decoding text.
    pub decode_ms: f64,
    /// When reading started (the caller's clock).
    pub start: f64,
    /// Problems found while reading.
    pub warnings: Vec<Warning>,
}

impl ReadFiles {
    /// The same input description with no tables (each round's tables are filled in).
    pub fn clone_without_tables(&self) -> ReadFiles {
        ReadFiles {
            tables: Vec::new(),
            names: self.names.clone(),
            hashes: self.hashes.clone(),
            kinds: self.kinds.clone(),
            encoding: self.encoding.clone(),
            delimiter: self.delimiter,
            decode_ms: self.decode_ms,
            start: self.start,
            warnings: self.warnings.clone(),
        }
    }
}

/// Reads every file into tables, reporting progress as the bytes are read.
///
/// # Errors
/// [`IngestError`] when a file cannot be read.
pub fn read_sources(
    files: &[SourceFile],
    options: &Options,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<ReadFiles, IngestError> {
    let start = clock();
    let mut read = ReadFiles {
        tables: Vec::new(),
        names: files.iter().map(|f| f.name.clone()).collect(),
        hashes: Vec::new(),
        kinds: Vec::new(),
        encoding: String::new(),
        delimiter: None,
        decode_ms: 0.0,
        start,
        warnings: Vec::new(),
    };
    let total_bytes = files.iter().map(|f| f.source.len()).sum::<u64>().max(1);
    let mut read_bytes = 0;
    for (file, f) in files.iter().enumerate() {
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
        read.hashes.push(loaded.sha256);
        read.decode_ms += times.decode;
        read.warnings.extend(loaded.warnings);
        // A user's choice of kind applies to single-table files; workbook sheets keep their names.
        let single = loaded.tables.len() == 1;
        let mut file_kinds = Vec::new();
        for (kind, table) in loaded.tables {
            let kind = if single { f.kind.unwrap_or(kind) } else { kind };
            file_kinds.push(kind);
            if kind == TableKind::Responses && read.encoding.is_empty() {
                read.encoding = loaded.encoding.clone();
                read.delimiter = loaded.delimiter;
            }
            read.tables.push(ReadTable { kind, table, file });
        }
        read.kinds.push(file_kinds);
    }
    Ok(read)
}

/// Analyses tables already read: the first responses, codebook and ties tables, and every
/// aliases table.
///
/// # Errors
/// [`IngestError`] when there is no responses table or it has no rows.
pub fn analyze_read(
    read: ReadFiles,
    options: &Options,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<Analysis, IngestError> {
    analyze_read_naming(read, options, true, clock, observer)
}

/// [`analyze_read`]; with `code_names` false an anonymized run coarsens attributes but keeps
/// the names (the survey rounds match organizations by name first and code them after).
///
/// # Errors
/// As [`analyze_read`].
pub fn analyze_read_naming(
    read: ReadFiles,
    options: &Options,
    code_names: bool,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<Analysis, IngestError> {
    Ok(Halfway::start(read, options, code_names, clock, observer)?.finish(
        Handed::default(),
        options,
        clock,
        observer,
    ))
}

/// What [`analyze_read_pausing`] gives: the analysis, or the analysis paused with the passes
/// of searches it waits for.
pub enum Stage {
    /// Finished: no pass was large enough to share.
    Done(Box<Analysis>),
    /// Paused inside the network step; [`Halfway::finish`] goes on with the passes' sums.
    Paused(Box<Halfway>, Vec<network::metrics::PassJob>),
}

/// [`analyze_read`], pausing inside the network step when it has passes of Brandes' searches
/// of at least `min_work` edge scans (`network::pass_jobs`): the page's pool of workers runs
/// them while the analysis waits, and [`Halfway::finish`] goes on with their sums. By then the
/// survey, the capacity results (sent to `observer` as early results) and the relations'
/// graphs are built, and nothing is built twice.
///
/// # Errors
/// As [`analyze_read`].
pub fn analyze_read_pausing(
    read: ReadFiles,
    options: &Options,
    min_work: f64,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<Stage, IngestError> {
    let half = Halfway::start(read, options, true, clock, observer)?;
    let jobs = network::pass_jobs(&half.graphs, &options.network, min_work);
    if jobs.is_empty() {
        return Ok(Stage::Done(Box::new(half.finish(Handed::default(), options, clock, observer))));
    }
    Ok(Stage::Paused(Box::new(half), jobs))
}

/// What other workers computed for a paused analysis ([`Halfway::finish`]), each tied by its
/// key to the graph it was computed for.
#[derive(Default)]
pub struct Handed {
    /// Sums of passes of Brandes' searches (`network::metrics::with_computed`).
    pub passes: Vec<(u64, network::metrics::PassSums)>,
    /// Graph-only metrics (`network::graph_only::with_handed`).
    pub graph_only: Vec<(u64, network::graph_only::GraphOnly)>,
    /// Introductions' picks (`joint::introduce::with_handed`).
    pub introductions: Vec<(u64, Vec<joint::introduce::Pick>)>,
    /// Path-length summaries (`network::path_summary::with_handed`).
    pub path_summaries: Vec<(u64, Option<crate::report::PathSummary>)>,
    /// New ties in numbers (`joint::cultivate::with_handed_ties`).
    pub new_ties: Vec<(u64, joint::cultivate::PlannedTies)>,
    /// Brokerage roles (`network::brokerage::with_handed`).
    pub brokerage: Vec<(u64, Vec<crate::report::Brokerage>)>,
}

/// Clock readings of an analysis's first half, for `timings_ms`.
struct Times {
    start: f64,
    decode: f64,
    parse: f64,
    tables: f64,
    parsed: f64,
    capacity: f64,
}

/// An analysis up to its networks' metrics: the survey built, capacity analysed (and sent to
/// the observer as early results), the ties matched and each relation's graph built.
pub struct Halfway {
    survey: Survey,
    capacity: crate::report::CapacityReport,
    input: InputSummary,
    anonymizer: Option<Anonymizer>,
    warnings: Vec<Warning>,
    nets: Networks,
    graphs: network::RelationGraphs,
    times: Times,
    /// Per-metric milliseconds so far (`load`).
    metric_ms: BTreeMap<String, f64>,
}

impl Halfway {
    /// Runs the analysis of `read` up to the networks' metrics.
    fn start(
        read: ReadFiles,
        options: &Options,
        code_names: bool,
        clock: &dyn Fn() -> f64,
        observer: &mut dyn FnMut(Progress),
    ) -> Result<Halfway, IngestError> {
        let ReadFiles { tables, names, hashes, kinds, encoding, delimiter, decode_ms, start, warnings } =
            read;
        let mut warnings = warnings;
        let tables: Vec<(TableKind, Table)> = tables.into_iter().map(|t| (t.kind, t.table)).collect();
        let Inputs { responses, codebook, ties, aliases } = sort_tables(tables, &mut warnings)?;
        let rows = responses.n_rows();
        let columns = responses.headers.len();
        let t_tables = clock();
        let survey = build_survey((responses, codebook.as_ref(), &aliases), options.anonymize, &mut warnings);
        let t_parsed = clock();
        // `parse`: text → tables (comparable with a CSV parser's time); `survey`: the codebook
        // applied, every column read as numbers, codes or names.
        let parse_ms = t_tables - start - decode_ms;
        observer(Progress::Step { step: Step::Capacity, detail: String::new(), percent: 20.0 });
        let mut capacity = capacity::analyze(&survey, &options.capacity, &mut warnings);
        capacity.multi_select = crate::survey::multi::summarize(&survey);
        let t_capacity = clock();
        let mut input =
            input_summary((names, hashes), &kinds, rows, columns, &encoding, delimiter, &survey, &warnings);
        input.codebook.extend(tie_table_entries(&survey, ties.as_ref()));
        let anonymizer =
            options.anonymize.filter(|_| code_names).map(|_| Anonymizer::from_capacity(&capacity));
        // Early results only when network work follows; otherwise the whole result is next, and
        // sending every organization twice would double the page's work on large surveys.
        let networks_follow =
            ties.is_some() || !survey.columns_with_role(crate::survey::Role::Roster).is_empty();
        let ahead = if networks_follow { ties_ahead(&survey, ties.as_ref()) } else { 0 };
        match &anonymizer {
            _ if !networks_follow => {}
            Some(a) => {
                let mut shown = capacity.clone();
                a.capacity(&mut shown);
                observer(Progress::Capacity(&input, &shown, ahead));
            }
            None => observer(Progress::Capacity(&input, &capacity, ahead)),
        }
        observer(Progress::Step { step: Step::Network, detail: String::new(), percent: 35.0 });
        let mut timer = network::Timer::new(clock);
        // `load`: matching names into ties, then (per relation) building the sparse graphs.
        let mut nets: Networks =
            timer.time("load", || network::build::build(&survey, ties.as_ref(), &aliases, &mut warnings));
        if let Some(level) = options.network.min_intensity {
            network::ratings::limit_to_intensity(&mut nets, level, &mut warnings);
        }
        let graphs = network::relation_graphs(&nets, &options.network, &mut timer);
        let times = Times {
            start,
            decode: decode_ms,
            parse: parse_ms,
            tables: t_tables,
            parsed: t_parsed,
            capacity: t_capacity,
        };
        Ok(Halfway {
            survey,
            capacity,
            input,
            anonymizer,
            warnings,
            nets,
            graphs,
            times,
            metric_ms: timer.ms,
        })
    }

    /// Each relation's graph, in the order of the finished analysis's graphs.
    pub fn graphs(&self) -> impl Iterator<Item = &Graph> {
        self.graphs.graphs()
    }

    /// The rest of the analysis, with what was computed elsewhere at hand (none: everything
    /// runs here).
    pub fn finish(
        self,
        handed: Handed,
        options: &Options,
        clock: &dyn Fn() -> f64,
        observer: &mut dyn FnMut(Progress),
    ) -> Analysis {
        let Handed { passes, graph_only, introductions, path_summaries, new_ties, brokerage } = handed;
        let here = || self.finish_here(options, clock, observer);
        let suggestions = || {
            joint::introduce::with_handed(introductions, || {
                joint::cultivate::with_handed_ties(new_ties, here)
            })
        };
        let metrics = || {
            network::graph_only::with_handed(graph_only, || {
                network::path_summary::with_handed(path_summaries, || {
                    network::brokerage::with_handed(brokerage, suggestions)
                })
            })
        };
        network::metrics::with_computed(passes, metrics)
    }

    /// The brokerage attribute's values by organization, when there is one (read once per run
    /// for [`Self::brokerage_codes`]).
    pub fn brokerage_values(&self) -> Option<Vec<Option<String>>> {
        let column = brokerage_column(&self.survey, self.capacity.settings.group_by.as_deref())?;
        Some(self.survey.attribute_values(column))
    }

    /// The brokerage groups of graph `graph`'s nodes as codes, from the organizations' `values`
    /// ([`Self::brokerage_values`]), for the page's pool, which counts the roles while the
    /// analysis waits.
    pub fn brokerage_codes(&self, graph: usize, values: &[Option<String>]) -> Option<Vec<Option<u32>>> {
        let (members, g) = self.graphs.members_and_graphs().nth(graph)?;
        Some(network::brokerage_codes(g, members, &self.nets, values))
    }

    /// What the introductions of graph `graph` need from the capacity results (for the page's
    /// pool, which searches them while the analysis waits).
    pub fn introduction_needs(&self, graph: usize) -> Option<joint::introduce::Needs> {
        let (members, g) = self.graphs.members_and_graphs().nth(graph)?;
        Some(joint::introduce::Needs::of(g, members, &self.capacity))
    }

    fn finish_here(
        self,
        options: &Options,
        clock: &dyn Fn() -> f64,
        observer: &mut dyn FnMut(Progress),
    ) -> Analysis {
        let Halfway {
            survey,
            mut capacity,
            input,
            mut anonymizer,
            mut warnings,
            nets,
            graphs,
            times,
            metric_ms,
        } = self;
        let mut timer = network::Timer::new(clock);
        timer.ms = metric_ms;
        let relations = analyze_networks(
            &survey,
            (&nets, graphs),
            &mut capacity,
            options,
            (&mut warnings, &mut timer),
            observer,
        );
        let t_network = clock();
        let layouts = if options.layout {
            observer(Progress::Step { step: Step::Layout, detail: String::new(), percent: 85.0 });
            layouts(relations.iter().map(|r| &r.graph), options.network.seed)
        } else {
            vec![Vec::new(); relations.len()]
        };
        let t_layout = clock();
        let mut timings = BTreeMap::new();
        timings.insert("decode".to_string(), times.decode);
        timings.insert("parse".to_string(), times.parse);
        timings.insert("survey".to_string(), times.parsed - times.tables);
        timings.insert("capacity".to_string(), times.capacity - times.parsed);
        timings.insert("network".to_string(), t_network - times.capacity);
        timings.insert("layout".to_string(), t_layout - t_network);
        timings.insert("total".to_string(), t_layout - times.start);
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
            waves: None,
            timings_ms: Some(timings),
        };
        // Each relation's report moves into the report; its graph stays beside it.
        let graphs = relations
            .into_iter()
            .map(|mut r| {
                (r.report.label, r.report.label_zh, r.report.label_zh_hant) =
                    relation_names(&survey, &r.report.key);
                report.network.relations.push(r.report);
                r.graph
            })
            .collect();
        run_models(&survey, &mut report, options, clock, observer);
        let key = match anonymizer.as_mut() {
            Some(a) => {
                a.extend_network(&report);
                a.report(&mut report);
                a.key().to_vec()
            }
            None => Vec::new(),
        };
        crate::labels::render_messages(&mut report);
        Analysis { report, graphs, layouts, key }
    }
}

/// The tables a run uses, by role.
struct Inputs {
    responses: Table,
    codebook: Option<Table>,
    ties: Option<Table>,
    /// Every aliases table (the user's own and the page's merges).
    aliases: Vec<Table>,
}

/// The tie entries the network step will read: the ties table's rows and the roster cells
/// that name someone (a cell naming several counts once, so this is a lower bound). The page
/// uses it to show early capacity results at once when the network will take a while.
fn ties_ahead(survey: &Survey, ties: Option<&Table>) -> usize {
    let rosters = survey.columns_with_role(crate::survey::Role::Roster);
    let table = &survey.table;
    let named = (0..table.n_rows())
        .map(|r| rosters.iter().filter(|&&c| !table.cell(r, c).trim().is_empty()).count())
        .sum::<usize>();
    ties.map_or(0, Table::n_rows) + named
}

/// Picks the first responses, codebook and ties table and every aliases table; a warning names
/// each table left unused.
///
/// # Errors
/// [`IngestError::NoResponses`] without a responses table, [`IngestError::NoRows`] when it is
/// empty.
fn sort_tables(
    mut tables: Vec<(TableKind, Table)>,
    warnings: &mut Vec<Warning>,
) -> Result<Inputs, IngestError> {
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
    Ok(Inputs { responses, codebook, ties, aliases })
}

/// The survey of the responses and codebook; with anonymization, rare attribute values are
/// merged into "other" (a warning names each column).
fn build_survey(
    (responses, codebook, aliases): (Table, Option<&Table>, &[Table]),
    anonymize: Option<usize>,
    warnings: &mut Vec<Warning>,
) -> Survey {
    let alias_keys = crate::ingest::names::alias_keys(aliases);
    let mut survey = Survey::build_with_aliases(responses, codebook, &alias_keys, warnings);
    if let Some(min) = anonymize {
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
    survey
}

/// Every relation's metrics on its graph (35–83% of the run), capacity linked to the networks,
/// and each relation's cultivation suggestions.
fn analyze_networks(
    survey: &Survey,
    (nets, graphs): (&Networks, network::RelationGraphs),
    capacity: &mut crate::report::CapacityReport,
    options: &Options,
    (warnings, timer): (&mut Vec<Warning>, &mut network::Timer),
    observer: &mut dyn FnMut(Progress),
) -> Vec<network::RelationAnalysis> {
    let attrs = if nets.relations.is_empty() {
        network::NodeAttributes::default()
    } else {
        node_attributes(survey, capacity.settings.group_by.as_deref())
    };
    let mut relations = network::analyze_graphs(
        nets,
        graphs,
        (&options.network, &attrs),
        warnings,
        timer,
        &mut |done, total| {
            // Which relation of how many, not its key: the status line is read by people, and
            // the codebook's names of a relation are not at hand in every language here.
            let detail = if done < total { format!("{}/{}", done + 1, total) } else { String::new() };
            observer(Progress::Step {
                step: Step::Network,
                detail,
                percent: 35.0 + 50.0 * done as f64 / total.max(1) as f64,
            });
        },
    );
    joint::linkage::link(capacity, &relations, options.capacity.stage_thresholds);
    observer(Progress::Step { step: Step::Suggestions, detail: String::new(), percent: 83.0 });
    for rel in relations.iter_mut() {
        let s = timer.time("suggestions", || {
            joint::cultivate::suggest(
                &rel.graph,
                &rel.members,
                &rel.report.nodes,
                capacity,
                options.network.seed,
            )
        });
        rel.report.suggestions = Some(s);
    }
    relations
}

/// Fits the models asked for (90–99% of the run; timed as `models`). Models read the survey and
/// the unanonymized reports (organizations matched by id).
fn run_models(
    survey: &Survey,
    report: &mut Report,
    options: &Options,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) {
    if options.models.formulas.is_empty() && options.models.mediations.is_empty() {
        return;
    }
    let t0 = clock();
    observer(Progress::Step { step: Step::Models, detail: String::new(), percent: 90.0 });
    let vars = crate::models::data::Variables::new(survey, &report.capacity, &report.network.relations);
    let (models, mediation) = crate::models::run(&options.models, &vars, options.network.seed, &mut |p| {
        observer(Progress::Step { step: Step::Models, detail: String::new(), percent: 90.0 + 9.0 * p })
    });
    report.models = models;
    report.mediation = mediation;
    if let Some(t) = report.timings_ms.as_mut() {
        t.insert("models".to_string(), clock() - t0);
    }
}

/// Each graph's layout ([`network::layout::force_layout`]; empty above its size limit). The
/// page's worker runs it after sending the rest of the result, so the page draws the tables
/// while the worker lays the networks out.
pub fn layouts<'a>(graphs: impl IntoIterator<Item = &'a Graph>, seed: u64) -> Vec<Vec<(f64, f64)>> {
    graphs.into_iter().map(|g| network::layout::force_layout(g, seed)).collect()
}

/// A relation's English, Simplified and Traditional Chinese names from the codebook:
/// `relation_label(_zh, _zh_hant)` of the roster that asks for it, else the roster question's
/// label (in English also its header); `None` for relations no roster asks for (tie lists, the
/// combined relation).
fn relation_names(survey: &Survey, key: &str) -> (Option<String>, Option<String>, Option<String>) {
    let Some(spec) = survey
        .codebook
        .columns
        .iter()
        .find(|c| c.role == crate::survey::Role::Roster && c.relation.as_deref() == Some(key))
    else {
        return (None, None, None);
    };
    let en =
        spec.relation_label.clone().or_else(|| spec.label.clone()).unwrap_or_else(|| spec.column.clone());
    let zh = spec.relation_label_zh.clone().or_else(|| spec.label_zh.clone());
    let hant = spec.relation_label_zh_hant.clone().or_else(|| spec.label_zh_hant.clone());
    (Some(en), zh, hant)
}

/// Categorical attributes of the respondents for mixing and brokerage; brokerage uses the
/// capacity grouping attribute when it is a plain attribute ([`brokerage_column`]).
fn node_attributes(survey: &Survey, group_by: Option<&str>) -> network::NodeAttributes {
    let columns = survey.organization_attributes();
    let brokerage = brokerage_column(survey, group_by).and_then(|b| columns.iter().position(|&c| c == b));
    let attributes: Vec<(String, Vec<Option<String>>)> =
        columns.into_iter().map(|c| (survey.table.headers[c].clone(), survey.attribute_values(c))).collect();
    network::NodeAttributes { attributes, brokerage }
}

/// The column of the brokerage attribute: the first organization attribute whose header is
/// the capacity grouping attribute `group_by`.
fn brokerage_column(survey: &Survey, group_by: Option<&str>) -> Option<usize> {
    let g = group_by?;
    survey.organization_attributes().into_iter().find(|c| survey.table.headers[*c] == g)
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
        codebook: survey.codebook.columns.iter().map(codebook_entry).collect(),
    }
}

/// A column's codebook row as applied.
fn codebook_entry(c: &crate::survey::ColumnSpec) -> CodebookEntry {
    CodebookEntry {
        column: c.column.clone(),
        role: c.role.as_str().to_string(),
        dimension: c.dimension.clone(),
        relation: c.relation.clone(),
        reverse: c.reverse,
        inferred: c.inferred,
        label: c.label.clone(),
        label_zh: c.label_zh.clone(),
        label_zh_hant: c.label_zh_hant.clone(),
        dimension_label: c.dimension_label.clone(),
        dimension_label_zh: c.dimension_label_zh.clone(),
        dimension_label_zh_hant: c.dimension_label_zh_hant.clone(),
        scale_min: c.scale_min,
        scale_max: c.scale_max,
        levels: crate::survey::codebook::levels_text(&c.levels),
        missing: c.missing.join(";"),
        relation_label: c.relation_label.clone(),
        relation_label_zh: c.relation_label_zh.clone(),
        relation_label_zh_hant: c.relation_label_zh_hant.clone(),
    }
}

/// The codebook rows of the ties table's tie items (described or inferred), then the
/// codebook's other `tie_item` rows, so that applying the column mapping keeps them; a header
/// the responses also have is listed once, as the responses' column.
fn tie_table_entries(survey: &Survey, ties: Option<&Table>) -> Vec<CodebookEntry> {
    let described = &survey.codebook.tie_columns;
    let mut specs = ties.map(|t| network::build::tie_table_specs(t, described)).unwrap_or_default();
    for d in described {
        if !specs.iter().any(|s| s.column == d.column) {
            specs.push(d.clone());
        }
    }
    let responses = &survey.table.headers;
    specs.iter().filter(|s| !responses.contains(&s.column)).map(codebook_entry).collect()
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
