//! Survey rounds compared (README "Change over time"): the input split into rounds (a wave
//! column, or one responses file per round), each round analysed by the pipeline as a survey
//! of its own, organizations matched across rounds, and the first and last round (and each
//! consecutive pair) compared: membership, capacity and every relation's network.
//!
//! **Architecture invariant:** a layer above `pipeline`; the rest of the report is the latest
//! round's, and `report.waves` holds the comparison.

pub mod capacity;
pub mod matching;
pub mod network;
pub mod split;

use crate::diag::Warning;
use crate::ingest::IngestError;
use crate::pipeline::{self, Analysis, Options, Progress, SourceFile};
use crate::report::Report;
use crate::report::anonymize::Anonymizer;
use crate::report::rounds::{Comparison, WavesReport};
use matching::Identities;

/// Reads `files` (each with its round label in `tags`, aligned, `None` for shared tables) and
/// analyses them: one survey as [`pipeline::run_sources`] does, or several rounds compared.
///
/// # Errors
/// [`IngestError`] when a file cannot be read or a round has no responses.
pub fn run_sources(
    files: &[SourceFile],
    tags: &[Option<String>],
    options: &Options,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<Analysis, IngestError> {
    let read = pipeline::read_sources(files, options, clock, observer)?;
    analyze_read(read, tags, options, clock, observer)
}

/// [`analyze_read`], pausing on large passes of Brandes' searches as
/// [`pipeline::analyze_read_pausing`] does; never for input that splits into rounds (each
/// round's networks are built in turn).
///
/// # Errors
/// As [`run_sources`].
pub fn analyze_read_pausing(
    read: pipeline::ReadFiles,
    tags: &[Option<String>],
    options: &Options,
    min_work: f64,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<pipeline::Stage, IngestError> {
    if split::may_split(&read, tags) {
        let analysis = analyze_read(read, tags, options, clock, observer)?;
        return Ok(pipeline::Stage::Done(Box::new(analysis)));
    }
    pipeline::analyze_read_pausing(read, options, min_work, clock, observer)
}

/// [`run_sources`] on files already read.
///
/// # Errors
/// As [`run_sources`].
pub fn analyze_read(
    read: pipeline::ReadFiles,
    tags: &[Option<String>],
    options: &Options,
    clock: &dyn Fn() -> f64,
    observer: &mut dyn FnMut(Progress),
) -> Result<Analysis, IngestError> {
    let mut warnings = Vec::new();
    let Some(split) = split::split(&read, tags, &mut warnings).filter(|s| !s.rounds.is_empty()) else {
        let mut analysis = pipeline::analyze_read(read, options, clock, observer)?;
        add_warnings(&mut analysis.report, warnings);
        return Ok(analysis);
    };
    let n = split.rounds.len();
    let mut analyses = Vec::with_capacity(n);
    for (w, round) in split.rounds.into_iter().enumerate() {
        let mut scaled = |p: Progress| match p {
            Progress::Step { step, detail, percent } => {
                let percent = 20.0 + (w as f64 + (percent - 20.0).max(0.0) / 80.0) * 80.0 / n as f64;
                let detail = format!("{} {}", split.labels[w], detail).trim().to_string();
                observer(Progress::Step { step, detail, percent });
            }
            // Early capacity results only for the round the page shows.
            Progress::Capacity(..) if w + 1 == n && options.anonymize.is_none() => observer(p),
            Progress::Capacity(..) => {}
        };
        analyses.push(pipeline::analyze_read_naming(round, options, n == 1, clock, &mut scaled)?);
    }
    if n == 1 {
        let mut only = analyses.pop().ok_or_else(|| IngestError::NoResponses { found: Vec::new() })?;
        add_warnings(&mut only.report, warnings);
        return Ok(only);
    }
    let source = match &split.source {
        split::Source::Column(c) => ("column", Some(c.clone())),
        split::Source::Files => ("files", None),
    };
    // A round's own findings (a low alpha, non-respondents) name their round: the same
    // dimension may be fine in one round and not in another.
    for (a, label) in analyses.iter_mut().zip(&split.labels) {
        for w in a.report.input.warnings.iter_mut().filter(|w| w.file.is_none()) {
            w.file = Some(label.clone());
        }
    }
    let refs: Vec<&Analysis> = analyses.iter().collect();
    let waves = compare(&refs, &split.labels, source, options.network.seed);
    for a in &analyses[..n - 1] {
        warnings.extend(a.report.input.warnings.iter().cloned());
    }
    let mut last = analyses.pop().ok_or_else(|| IngestError::NoResponses { found: Vec::new() })?;
    last.report.waves = Some(waves);
    add_warnings(&mut last.report, warnings);
    if options.anonymize.is_some() {
        anonymize(&mut last, &analyses, &split.labels);
    }
    Ok(last)
}

/// Adds warnings to a report's input section, each once.
fn add_warnings(report: &mut Report, warnings: Vec<Warning>) {
    for w in warnings {
        if !report.input.warnings.contains(&w) {
            report.input.warnings.push(w);
        }
    }
}

/// Compares every round: the first with the last, and each consecutive pair when there are
/// more than two.
pub fn compare(
    analyses: &[&Analysis],
    labels: &[String],
    source: (&str, Option<String>),
    seed: u64,
) -> WavesReport {
    let reports: Vec<&Report> = analyses.iter().map(|a| &a.report).collect();
    let ids = Identities::new(&reports, labels);
    let all: Vec<usize> = (0..analyses.len()).collect();
    let pairs = if analyses.len() > 2 {
        (1..analyses.len()).map(|w| comparison(&ids, analyses, &[w - 1, w], seed)).collect()
    } else {
        Vec::new()
    };
    WavesReport {
        labels: labels.to_vec(),
        source: source.0.to_string(),
        column: source.1,
        comparison: comparison(&ids, analyses, &all, seed),
        pairs,
        uncertain: ids.uncertain.clone(),
    }
}

/// The comparison of the first and last of `ws`, with per-round values for each of `ws`.
fn comparison(ids: &Identities, analyses: &[&Analysis], ws: &[usize], seed: u64) -> Comparison {
    let reports: Vec<&Report> = analyses.iter().map(|a| &a.report).collect();
    Comparison {
        from: ws[0],
        to: ws[ws.len() - 1],
        organizations: capacity::membership(ids, &reports, ws),
        capacity: capacity::capacity(ids, &reports, ws),
        network: network::compare(ids, analyses, ws, seed),
    }
}

/// Codes every name of the latest round's report and of the comparison, with one key over all
/// rounds (earlier rounds' organizations coded after the latest's).
fn anonymize(last: &mut Analysis, earlier: &[Analysis], labels: &[String]) {
    let mut a = Anonymizer::from_capacity(&last.report.capacity);
    a.extend_network(&last.report);
    for (w, e) in earlier.iter().enumerate().rev() {
        a.extend_round(&labels[w], &e.report);
    }
    let Some(mut waves) = last.report.waves.take() else { return };
    for c in std::iter::once(&mut waves.comparison).chain(waves.pairs.iter_mut()) {
        let m = &mut c.organizations;
        for name in m.joined.iter_mut().chain(m.left.iter_mut()).chain(m.stayed.iter_mut()) {
            *name = a.name_code(name);
        }
        for o in c.capacity.organizations.iter_mut() {
            o.name = a.name_code(&o.name);
        }
        for r in c.network.iter_mut() {
            for n in r.nodes.iter_mut() {
                n.name = a.name_code(&n.name);
            }
            if let Some(d) = r.diagram.as_mut() {
                for n in d.names.iter_mut() {
                    *n = a.name_code(n);
                }
            }
        }
    }
    for u in waves.uncertain.iter_mut() {
        u.earlier = a.name_code(&u.earlier);
        u.later = a.name_code(&u.later);
    }
    a.report(&mut last.report);
    last.report.waves = Some(waves);
    last.key = a.key().to_vec();
}
