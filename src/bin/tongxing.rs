//! The tongxing command line: the same analysis as the page, for scripts and reproducibility.
//!
//! `tongxing analyze FILE [--codebook F] [--ties F] [--aliases F] [--encoding E] [--json]`
//! prints the report; `tongxing demo DIR` writes the demo survey files.

use std::process::ExitCode;
use std::time::Instant;

use tongxing::diag::Localize;
use tongxing::ingest::TableKind;
use tongxing::pipeline::{self, InputFile, Options};

const USAGE: &str = "usage:
  tongxing analyze FILE [--codebook F] [--ties F] [--aliases F] [--encoding LABEL] [--json] [--timings]
                   [--charts DIR] [--lang en|zh|zh-Hant] [--min-answered SHARE] [--group-by COLUMN] [--seed N]
                   [--symmetrize none|union|reciprocal] [--weighted] [--exclude-non-respondents] [--drop-isolates]
                   [--community leiden|louvain] [--resolution GAMMA] [--betweenness-samples K]
                   [--exact-betweenness-max N] [--anonymize [--min-group-size K] [--key FILE]]
                   [--record FILE]
  tongxing demo DIR      write the synthetic demo survey (CSV files and an XLSX workbook)
  tongxing synth N M DIR write a synthetic benchmark survey: N organizations, M block-model ties";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("tongxing: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Options followed by a value (for copying the settings into the reproducibility record).
fn takes_value(flag: &str) -> bool {
    [
        "--encoding",
        "--lang",
        "--min-answered",
        "--group-by",
        "--seed",
        "--symmetrize",
        "--community",
        "--resolution",
        "--betweenness-samples",
        "--exact-betweenness-max",
        "--min-group-size",
    ]
    .contains(&flag)
}

fn read(path: &str, kind: Option<TableKind>) -> Result<InputFile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(InputFile { name: path.to_string(), bytes, kind })
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("analyze") => analyze(&args[1..]),
        Some("demo") => {
            let dir = args.get(1).ok_or(USAGE)?;
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {dir}: {e}"))?;
            for f in tongxing::demo::files() {
                let path = format!("{dir}/{}", f.name);
                std::fs::write(&path, &f.bytes).map_err(|e| format!("cannot write {path}: {e}"))?;
            }
            let wb = tongxing::demo::workbook().map_err(|e| e.to_string())?;
            std::fs::write(format!("{dir}/demo.xlsx"), wb)
                .map_err(|e| format!("cannot write {dir}/demo.xlsx: {e}"))?;
            Ok(())
        }
        Some("synth") => {
            let usage = || format!("synth needs N M DIR\n{USAGE}");
            let n: usize = args.get(1).and_then(|x| x.parse().ok()).ok_or_else(usage)?;
            let m: usize = args.get(2).and_then(|x| x.parse().ok()).ok_or_else(usage)?;
            let dir = args.get(3).ok_or_else(usage)?;
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {dir}: {e}"))?;
            let (responses, ties) = tongxing::network::generate::survey_files(n, m, 7);
            for (name, text) in [("synthetic_responses.csv", responses), ("synthetic_ties.csv", ties)] {
                let path = format!("{dir}/{name}");
                std::fs::write(&path, text).map_err(|e| format!("cannot write {path}: {e}"))?;
            }
            Ok(())
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    }
}

fn analyze(args: &[String]) -> Result<(), String> {
    let mut files = Vec::new();
    let mut options = Options { layout: false, ..Options::default() };
    let mut json = false;
    let mut timings = false;
    let mut charts_dir: Option<String> = None;
    let mut lang = tongxing::i18n::Lang::En;
    let mut anonymize = false;
    let mut min_group_size = 5;
    let mut key_path: Option<String> = None;
    let mut record_path: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match a.as_str() {
            "--codebook" => files.push(read(&value(a)?, Some(TableKind::Codebook))?),
            "--ties" => files.push(read(&value(a)?, Some(TableKind::Ties))?),
            "--aliases" => files.push(read(&value(a)?, Some(TableKind::Aliases))?),
            "--encoding" => options.encoding = Some(value(a)?),
            "--charts" => charts_dir = Some(value(a)?),
            "--min-answered" => {
                let v = value(a)?;
                options.capacity.min_answered_share = v
                    .parse::<f64>()
                    .ok()
                    .filter(|s| (0.0..=1.0).contains(s))
                    .ok_or(format!("--min-answered needs a share between 0 and 1, got {v}"))?;
            }
            "--group-by" => options.capacity.group_by = Some(value(a)?),
            "--symmetrize" => {
                let v = value(a)?;
                options.network.symmetrize = tongxing::network::Symmetrize::parse(&v)
                    .ok_or(format!("--symmetrize takes none, union or reciprocal, got {v}"))?;
            }
            "--weighted" => options.network.weighted = true,
            "--exclude-non-respondents" => options.network.include_non_respondents = false,
            "--drop-isolates" => options.network.drop_isolates = true,
            "--community" => {
                let v = value(a)?;
                options.network.community = tongxing::network::community::Method::parse(&v)
                    .ok_or(format!("--community takes leiden or louvain, got {v}"))?;
            }
            "--resolution" => {
                let v = value(a)?;
                options.network.resolution = v
                    .parse::<f64>()
                    .ok()
                    .filter(|r| r.is_finite() && *r > 0.0)
                    .ok_or(format!("--resolution needs a positive number, got {v}"))?;
            }
            "--betweenness-samples" => {
                let v = value(a)?;
                options.network.betweenness_samples = v
                    .parse::<usize>()
                    .ok()
                    .filter(|k| *k > 0)
                    .ok_or(format!("--betweenness-samples needs a positive whole number, got {v}"))?;
            }
            "--exact-betweenness-max" => {
                let v = value(a)?;
                options.network.exact_betweenness_max_nodes = v
                    .parse::<usize>()
                    .map_err(|_| format!("--exact-betweenness-max needs a whole number, got {v}"))?;
            }
            "--seed" => {
                let v = value(a)?;
                let seed = v.parse::<u64>().map_err(|_| format!("--seed needs a whole number, got {v}"))?;
                options.capacity.seed = seed;
                options.network.seed = seed;
            }
            "--lang" => lang = tongxing::i18n::Lang::from_tag(&value(a)?),
            "--anonymize" => anonymize = true,
            "--min-group-size" => {
                let v = value(a)?;
                min_group_size = v
                    .parse::<usize>()
                    .ok()
                    .filter(|k| *k > 0)
                    .ok_or(format!("--min-group-size needs a positive whole number, got {v}"))?;
            }
            "--key" => key_path = Some(value(a)?),
            "--record" => record_path = Some(value(a)?),
            "--json" => json = true,
            "--timings" => timings = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{USAGE}")),
            path => files.insert(0, read(path, None)?),
        }
    }
    if files.iter().all(|f| f.kind.is_some()) {
        return Err(format!("no responses file given\n{USAGE}"));
    }
    if key_path.is_some() && !anonymize {
        return Err(format!("--key writes the anonymization key and needs --anonymize\n{USAGE}"));
    }
    options.anonymize = anonymize.then_some(min_group_size);
    options.layout = charts_dir.is_some();
    let start = Instant::now();
    let clock = move || start.elapsed().as_secs_f64() * 1000.0;
    let mut analysis = pipeline::run(&files, &options, &clock).map_err(|e| e.user_message().text(lang))?;
    if let Some(dir) = charts_dir {
        let t0 = clock();
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {dir}: {e}"))?;
        // Every chart of the page, one SVG file each (named by the chart's id).
        let gallery = tongxing::charts::gallery::all_charts(&analysis, lang).map_err(|e| e.to_string())?;
        for c in &gallery {
            let file = format!("{dir}/{}.svg", tongxing::export::file_stem(&c.id));
            std::fs::write(&file, c.svg.as_bytes()).map_err(|e| format!("cannot write {file}: {e}"))?;
        }
        // The printable report with the same charts inline.
        let html = tongxing::export::html::render_gallery(&analysis, &gallery, lang);
        std::fs::write(format!("{dir}/report.html"), html).map_err(|e| e.to_string())?;
        if let Some(t) = analysis.report.timings_ms.as_mut() {
            t.insert("charts".into(), clock() - t0);
        }
    }
    if !timings {
        analysis.report.timings_ms = None;
    }
    if let Some(path) = key_path {
        let table = tongxing::report::anonymize::key_table(&analysis.key);
        std::fs::write(&path, tongxing::export::csv_bytes(&table, true))
            .map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    if let Some(path) = record_path {
        // The options as given, minus the output-only ones, reproduce the numbers.
        let mut flags: Vec<String> = Vec::new();
        let mut skip = false;
        for a in args {
            if skip {
                skip = false;
            } else if ["--record", "--key", "--charts", "--codebook", "--ties", "--aliases"]
                .contains(&a.as_str())
            {
                skip = true;
            } else if (a.starts_with("--") && !["--json", "--timings"].contains(&a.as_str()))
                || flags.last().is_some_and(|f| f.starts_with("--") && takes_value(f))
            {
                flags.push(a.clone());
            }
        }
        let record = tongxing::report::record::record(&analysis.report, &flags);
        let text = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    let report = &analysis.report;
    if json {
        let text = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        println!(
            "{} organizations, {} columns ({})",
            report.input.rows, report.input.columns, report.input.encoding
        );
        for d in &report.capacity.dimensions {
            let f = |x: Option<f64>| x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into());
            println!(
                "  {:<24} items {:>2}  mean {}  sd {}  alpha {}",
                d.key,
                d.items.len(),
                f(d.mean),
                f(d.sd),
                f(d.alpha)
            );
        }
        for r in &report.network.relations {
            let g = &r.graph;
            let f = |x: Option<f64>| x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into());
            println!(
                "  network {}: {} nodes, {} ties, density {}, reciprocity {}, {} {} communities (modularity {}), core of {}",
                r.key,
                g.nodes,
                g.edges,
                f(g.density),
                f(g.reciprocity),
                g.communities,
                r.settings.community_method,
                f(g.modularity),
                r.core_periphery.as_ref().map_or(0, |c| c.core_size),
            );
            if let Some(s) = &r.suggestions {
                for t in &s.new_ties {
                    println!("    suggested tie ({}): {} — {}", t.reason, t.a_name, t.b_name);
                }
                for b in &s.critical_brokers {
                    println!("    critical broker: {} (cuts off {})", b.name, b.cut_off);
                }
            }
        }
        for w in &report.input.warnings {
            eprintln!("note: {}", tongxing::labels::warning(report, w, lang));
        }
    }
    Ok(())
}
