//! The CLI's commands: `analyze` (read, run the pipeline, write what was asked for), `demo`
//! and `synth`. Errors are messages for stderr.

use std::time::Instant;

use tongxing::cli::{Analyze, Cli, Commands};
use tongxing::diag::Localize;
use tongxing::i18n::Lang;
use tongxing::ingest::TableKind;
use tongxing::pipeline::{self, Analysis, InputFile};

/// Runs a parsed command; `tables` are `analyze`'s codebook, ties and aliases files in order.
pub fn run(cli: Cli, tables: Vec<(TableKind, String)>) -> Result<(), String> {
    match cli.command {
        Commands::Analyze(args) => analyze(&args, &tables),
        Commands::Demo { dir } => demo(&dir),
        Commands::Synth { n, m, dir } => synth(n, m, &dir),
    }
}

fn write(path: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {e}"))
}

fn create_dir(dir: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {dir}: {e}"))
}

fn demo(dir: &str) -> Result<(), String> {
    create_dir(dir)?;
    for f in tongxing::demo::files() {
        write(&format!("{dir}/{}", f.name), &f.bytes)?;
    }
    let wb = tongxing::demo::workbook().map_err(|e| e.to_string())?;
    write(&format!("{dir}/demo.xlsx"), &wb)
}

fn synth(n: usize, m: usize, dir: &str) -> Result<(), String> {
    create_dir(dir)?;
    let (responses, ties) = tongxing::network::generate::survey_files(n, m, 7);
    for (name, text) in [("synthetic_responses.csv", responses), ("synthetic_ties.csv", ties)] {
        write(&format!("{dir}/{name}"), text.as_bytes())?;
    }
    Ok(())
}

fn read(path: &str, kind: Option<TableKind>) -> Result<InputFile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(InputFile { name: path.to_string(), bytes, kind })
}

fn analyze(args: &Analyze, tables: &[(TableKind, String)]) -> Result<(), String> {
    let settings = &args.full_settings();
    let mut files = Vec::new();
    for path in &args.files {
        files.push(read(path, None)?);
    }
    for (kind, path) in tables {
        files.push(read(path, Some(*kind))?);
    }
    let mut options = settings.options().map_err(|e| e.to_string())?.with_threads(args.threads());
    options.layout = args.charts.is_some();
    let start = Instant::now();
    let clock = move || start.elapsed().as_secs_f64() * 1000.0;
    let mut analysis =
        pipeline::run(&files, &options, &clock).map_err(|e| e.user_message().text(args.lang))?;
    if let Some(dir) = &args.charts {
        let t0 = clock();
        write_charts(&analysis, dir, args.lang)?;
        if let Some(t) = analysis.report.timings_ms.as_mut() {
            t.insert("charts".into(), clock() - t0);
        }
    }
    if !args.timings {
        analysis.report.timings_ms = None;
    }
    if let Some(path) = &args.key {
        let table = tongxing::report::anonymize::key_table(&analysis.key);
        write(path, &tongxing::export::csv_download(&table, settings.csv_encoding.as_str()))?;
    }
    if let Some(path) = &args.record {
        let record = settings.record(&analysis.report);
        let text = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?;
        write(path, text.as_bytes())?;
    }
    if args.json {
        let text = serde_json::to_string_pretty(&analysis.report).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print_summary(&analysis, args.lang);
    }
    Ok(())
}

/// Every chart of the page, one SVG file each (named by the chart's id), and the printable
/// report with the same charts inline.
fn write_charts(analysis: &Analysis, dir: &str, lang: Lang) -> Result<(), String> {
    create_dir(dir)?;
    let gallery = tongxing::charts::gallery::all_charts(analysis, lang).map_err(|e| e.to_string())?;
    for c in &gallery {
        write(&format!("{dir}/{}.svg", tongxing::export::file_stem(&c.id)), c.svg.as_bytes())?;
    }
    let html = tongxing::export::html::render_gallery(analysis, &gallery, lang);
    std::fs::write(format!("{dir}/report.html"), html).map_err(|e| e.to_string())
}

/// The summary printed without `--json`; the report's warnings go to stderr.
fn print_summary(analysis: &Analysis, lang: Lang) {
    let report = &analysis.report;
    let f = |x: Option<f64>| x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into());
    println!(
        "{} organizations, {} columns ({})",
        report.input.rows, report.input.columns, report.input.encoding
    );
    for d in &report.capacity.dimensions {
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
    // Models in words, as the page's Models view says them.
    let label = |v: &str| tongxing::labels::variable_label(report, v, lang);
    for m in &report.models {
        println!("  model {}", m.formula);
        for line in tongxing::models::text::model_sentences(m, lang, &label) {
            println!("    {line}");
        }
    }
    for m in &report.mediation {
        println!("  mediation {}", m.spec);
        for line in tongxing::models::text::mediation_sentences(m, lang, &label) {
            println!("    {line}");
        }
    }
    if !report.models.is_empty() || !report.mediation.is_empty() {
        println!("  {}", tongxing::models::text::caveat(lang));
    }
    for w in &report.input.warnings {
        eprintln!("note: {}", tongxing::labels::warning(report, w, lang));
    }
}
