//! Benchmarks (not timed tests): the demo survey end to end, network metrics on synthetic
//! block-model graphs of 120/600, 5,000/50,000 and 100,000/1,000,000 ties, and CSV parsing.
//! Prints a table of median milliseconds with the ratio to the reference numbers of the
//! issues (igraph in C on the reference machine) and rewrites `benches/results/native.md`.
//!
//! The steps that run on several threads (`stats::par`) are also timed on one thread and on
//! every core, side by side with the speed-up, with the machine's load average (other work on
//! the machine takes cores away from the threads).
//!
//! `cargo bench --bench pipeline` (add `-- --quick` to skip the 100k/1M graph).

use std::fmt::Write as _;
use std::time::Instant;

use tongxing::joint::cultivate;
use tongxing::network::graph::Graph;
use tongxing::network::metrics::{self, Sources};
use tongxing::network::{community, coreperiphery, generate, layout, structure, weighted};
use tongxing::stats::par::Threads;

/// Median of `runs` timings of `f`, in milliseconds.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Row {
    workload: String,
    step: &'static str,
    ms: f64,
    reference: Option<f64>,
}

/// A step timed on one thread and on every core.
struct Pair {
    workload: String,
    step: &'static str,
    one: f64,
    all: f64,
}

/// The 1-, 5- and 15-minute load averages (`/proc/loadavg`), where the system tells them.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Times `f` on one thread and on `all` threads (median of `runs` each) and records the pair.
fn pair<T>(
    pairs: &mut Vec<Pair>,
    all: Threads,
    (workload, step): (&str, &'static str),
    runs: usize,
    mut f: impl FnMut(Threads) -> T,
) {
    let one = time(runs, || f(Threads::ONE));
    let many = time(runs, || f(all));
    println!(
        "{workload:<14} {step:<26} {one:>10.1} ms on 1 thread, {many:>10.1} ms on {} ({:.2}×)   load {}",
        all.get(),
        one / many,
        load()
    );
    pairs.push(Pair { workload: workload.into(), step, one, all: many });
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let all = Threads::available();
    let load_before = load();
    let mut pairs: Vec<Pair> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut push = |workload: &str, step: &'static str, ms: f64, reference: Option<f64>| {
        println!(
            "{workload:<14} {step:<26} {ms:>10.1} ms{}",
            reference.map(|r| format!("   ({:.2}× reference {r} ms)", ms / r)).unwrap_or_default()
        );
        rows.push(Row { workload: workload.into(), step, ms, reference });
    };

    let files = tongxing::demo::files();
    let opts = tongxing::pipeline::Options { layout: true, ..Default::default() };
    push(
        "demo survey",
        "end to end (with layout)",
        time(5, || tongxing::pipeline::run(&files, &opts, &|| 0.0).unwrap()),
        None,
    );

    // Issue 31's budget: 5,000 bootstrap resamples of a two-mediator chain on 1,000
    // organizations in under a second (the survey analysis around it is a few milliseconds).
    let mut chain = String::from("org_name,x,m1,m2,y\n");
    let mut rng = tongxing::rng::Rng::new(5);
    for i in 0..1000 {
        let x = rng.normal();
        let m1 = 0.5 * x + rng.normal();
        let m2 = 0.4 * m1 + 0.2 * x + rng.normal();
        let y = 0.3 * m2 + 0.1 * m1 + rng.normal();
        let _ = writeln!(chain, "O{i},{x:.4},{m1:.4},{m2:.4},{y:.4}");
    }
    let chain_files = vec![tongxing::pipeline::InputFile {
        name: "chain.csv".into(),
        bytes: chain.into_bytes(),
        kind: None,
    }];
    let chain_opts = tongxing::pipeline::Options {
        models: tongxing::models::ModelOptions {
            mediations: vec!["x -> m1 -> m2 -> y".into()],
            ..Default::default()
        },
        ..Default::default()
    };
    push(
        "1,000 orgs",
        "mediation, 5,000 resamples",
        time(3, || tongxing::pipeline::run(&chain_files, &chain_opts, &|| 0.0).unwrap()),
        Some(1000.0),
    );
    pair(&mut pairs, all, ("1,000 orgs", "mediation, 5,000 resamples"), 3, |t| {
        tongxing::pipeline::run(&chain_files, &chain_opts.clone().with_threads(t), &|| 0.0).unwrap()
    });
    // Whole analyses of synthetic surveys (responses and ties), as the CLI runs them.
    let surveys: &[(usize, usize, &str)] = if quick {
        &[(5000, 50_000, "5k/50k survey")]
    } else {
        &[(5000, 50_000, "5k/50k survey"), (100_000, 1_000_000, "100k/1M survey")]
    };
    for &(n, m, label) in surveys {
        let (responses, ties) = generate::survey_files(n, m, 7);
        let files = vec![
            tongxing::pipeline::InputFile {
                name: "responses.csv".into(),
                bytes: responses.into_bytes(),
                kind: None,
            },
            tongxing::pipeline::InputFile { name: "ties.csv".into(), bytes: ties.into_bytes(), kind: None },
        ];
        let runs = if n >= 100_000 { 1 } else { 3 };
        pair(&mut pairs, all, (label, "end to end (no layout)"), runs, |t| {
            tongxing::pipeline::run(&files, &tongxing::pipeline::Options::default().with_threads(t), &|| 0.0)
                .unwrap()
        });
    }

    let sizes: &[(usize, usize, &str)] = if quick {
        &[(120, 600, "120/600"), (5000, 50_000, "5k/50k")]
    } else {
        &[(120, 600, "120/600"), (5000, 50_000, "5k/50k"), (100_000, 1_000_000, "100k/1M")]
    };
    for &(n, m, label) in sizes {
        let edges = generate::block_model(n, m, 12, 7);
        let big = n >= 100_000;
        let runs = if big { 1 } else { 3 };
        let reference = |small: Option<f64>, large: Option<f64>| {
            if n == 5000 {
                small
            } else if big {
                large
            } else {
                None
            }
        };
        push(
            label,
            "load (CSR build)",
            time(runs, || Graph::from_edges(n, &edges)),
            reference(Some(21.0), Some(920.0)),
        );
        let g = Graph::from_edges(n, &edges);
        push(
            label,
            "pagerank",
            time(runs, || metrics::pagerank(&g, 0.85, 1e-12, 10_000, false)),
            reference(Some(7.0), None),
        );
        if big {
            push(
                label,
                "betweenness (100 sources)",
                time(1, || metrics::betweenness(&g, Sources::Sample { k: 100, seed: 1 }, Threads::ONE)),
                Some(4000.0),
            );
        } else {
            push(
                label,
                "betweenness (exact)",
                time(runs, || metrics::betweenness(&g, Sources::All, Threads::ONE)),
                reference(Some(2300.0), None),
            );
        }
        if big {
            pair(&mut pairs, all, (label, "betweenness (500 sources)"), 1, |t| {
                metrics::betweenness(&g, Sources::Sample { k: 500, seed: 1 }, t)
            });
        } else {
            pair(&mut pairs, all, (label, "betweenness + closeness (exact)"), runs, |t| {
                metrics::all_paths(&g, t)
            });
            pair(&mut pairs, all, (label, "closeness + harmonic"), runs, |t| {
                metrics::closeness_harmonic(&g, t)
            });
        }
        push(
            label,
            "strong components",
            time(runs, || metrics::strong_component_count(&g)),
            reference(None, Some(82.0)),
        );
        push(label, "louvain", time(runs, || community::louvain(&g, 1.0, 42)), reference(Some(27.0), None));
        push(label, "leiden", time(runs, || community::leiden(&g, 1.0, 42)), reference(Some(27.0), None));
        let q = |c: Vec<usize>| community::modularity(&g, &c, 1.0).unwrap_or(f64::NAN);
        let (q_louvain, q_leiden) = (q(community::louvain(&g, 1.0, 42)), q(community::leiden(&g, 1.0, 42)));
        println!("{label:<14} modularity: louvain {q_louvain:.4}, leiden {q_leiden:.4}");
        notes.push(format!("{label}: modularity Louvain {q_louvain:.4}, Leiden {q_leiden:.4}"));
        let weighted_sources =
            if n > 5000 { Sources::Sample { k: 100, seed: 1 } } else { Sources::Sample { k: 500, seed: 1 } };
        push(
            label,
            if big { "weighted betweenness (100 src)" } else { "weighted betweenness (500 src)" },
            time(1, || weighted::betweenness(&g, weighted_sources, Threads::ONE)),
            None,
        );
        pair(&mut pairs, all, (label, "weighted betweenness (sampled)"), 1, |t| {
            weighted::betweenness(&g, weighted_sources, t)
        });
        if n < 5000 {
            pair(&mut pairs, all, (label, "weighted closeness + harmonic"), runs, |t| {
                weighted::closeness_harmonic(&g, t)
            });
        }
        push(label, "weighted clustering", time(runs, || weighted::clustering(&g)), None);
        push(
            label,
            "core–periphery",
            time(runs, || {
                let (c, ok) = coreperiphery::continuous(&g, 1e-7, 1000, None);
                coreperiphery::discrete(&g, &c, ok)
            }),
            None,
        );
        push(
            label,
            "triangles + clustering",
            time(runs, || metrics::clustering(&g, &metrics::triangles(&g))),
            None,
        );
        push(label, "coreness", time(runs, || metrics::coreness(&g)), None);
        push(label, "constraint", time(runs, || metrics::constraint(&g)), None);
        push(label, "hits", time(runs, || structure::hits(&g, 1e-10, 10_000)), None);
        push(label, "eigenvector", time(runs, || metrics::eigenvector(&g, 1e-9, 10_000)), None);
        if !big {
            push(
                label,
                "closeness + harmonic",
                time(runs, || metrics::closeness_harmonic(&g, Threads::ONE)),
                None,
            );
            // The same work as graphology's ForceAtlas2 benchmark: 100 Barnes–Hut iterations.
            push(
                label,
                "ForceAtlas2 (100 iterations)",
                time(1, || {
                    let mut fa2 = layout::ForceAtlas2::new(&g, 42);
                    for _ in 0..100 {
                        fa2.step();
                    }
                    fa2.pos
                }),
                reference(Some(2600.0), None),
            );
        }
        if n <= 5000 {
            // Suggestions need the node metrics; the structural ones (no capacity data here).
            let rel = {
                use tongxing::network::build::{Networks, Node, RelationTies};
                let nets = Networks {
                    nodes: (0..n)
                        .map(|i| Node { id: i.to_string(), name: i.to_string(), respondent: true })
                        .collect(),
                    respondents: n,
                    relations: vec![RelationTies {
                        key: "r".into(),
                        ties: edges.clone(),
                        non_respondents: vec![],
                        ratings: vec![],
                    }],
                    unmatched: vec![],
                    aliases: vec![],
                    tie_dimensions: vec![],
                };
                tongxing::network::analyze(&nets, &Default::default(), &mut Vec::new()).remove(0)
            };
            let members: Vec<usize> = (0..n).collect();
            let cap = tongxing::report::CapacityReport::default();
            push(
                label,
                "suggestions",
                time(runs, || cultivate::suggest(&rel.graph, &members, &rel.report.nodes, &cap, 42)),
                None,
            );
        }
    }

    // CSV: 100,000 rows × 30 columns of numbers, Chinese text and Likert answers.
    let mut csv = String::from("org_name");
    for c in 1..30 {
        let _ = write!(csv, ",q_{c}");
    }
    csv.push('\n');
    let mut rng = tongxing::rng::Rng::new(3);
    for r in 0..100_000 {
        let _ = write!(csv, "北京社区机构{r}");
        for _ in 1..30 {
            let _ = write!(csv, ",{}", 1 + rng.below(5));
        }
        csv.push('\n');
    }
    let mb = csv.len() as f64 / 1_048_576.0;
    let bytes = csv.into_bytes();
    let ms = time(3, || tongxing::ingest::load_file("bench.csv", &bytes, None).unwrap());
    push(&format!("CSV {mb:.0} MB"), "decode + parse (100k rows)", ms, None);

    let mut out = String::from(
        "# Benchmark results\n\nWritten by `cargo bench --bench pipeline` (native, this machine, median ms).\nReference: igraph / graphology numbers from the issues, measured on the reference machine.\n\n| workload | step | ms | reference ms | ratio |\n|---|---|---:|---:|---:|\n",
    );
    for r in &rows {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {} | {} |",
            r.workload,
            r.step,
            r.ms,
            r.reference.map(|x| format!("{x:.0}")).unwrap_or_default(),
            r.reference.map(|x| format!("{:.2}×", r.ms / x)).unwrap_or_default()
        );
    }
    out.push_str("\nModularity of the partitions found (seed 42; the issue asks for at least igraph's minus 0.005):\n\n");
    for note in &notes {
        let _ = writeln!(out, "- {note}");
    }
    out.push('\n');
    let _ = write!(
        out,
        "\n## One thread and every core\n\nThe steps that run on several threads (`stats::par`; the report is the same bits on any number), median ms on 1 thread and on {} (`available_parallelism`). Load average (1, 5, 15 min) {} when the benchmark started and {} when it ended: with other work on the machine, the threads share fewer cores.\n\n| workload | step | 1 thread ms | {} threads ms | speed-up |\n|---|---|---:|---:|---:|\n",
        all.get(),
        load_before,
        load(),
        all.get()
    );
    for p in &pairs {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {:.1} | {:.2}× |",
            p.workload,
            p.step,
            p.one,
            p.all,
            p.one / p.all
        );
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/results/native.md");
    if let Err(e) = std::fs::write(path, out) {
        eprintln!("could not write {path}: {e}");
    }
}
