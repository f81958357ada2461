//! Threads change nothing: each parallel computation gives the same bits on 1, 2, 3 and 7
//! threads, on generated graphs and in whole reports (`stats::par`).

use tongxing::network::generate::{block_model, survey_files};
use tongxing::network::graph::Graph;
use tongxing::network::metrics::{self, Sources};
use tongxing::network::{structure, weighted};
use tongxing::pipeline::{InputFile, Options};
use tongxing::stats::par::Threads;

const COUNTS: [usize; 3] = [2, 3, 7];

/// A block model of `n` nodes and `m` ties plus a second, separate one of a fifth of the size
/// (sources that never reach part of the graph).
fn graph(n: u32, m: usize, seed: u64) -> Graph {
    let mut edges = block_model(n as usize, m, 6, seed);
    let k = n / 5;
    edges.extend(block_model(k as usize, m / 5, 2, seed + 1).iter().map(|&(a, b, w)| (a + n, b + n, w)));
    Graph::from_edges((n + k) as usize, &edges)
}

#[test]
fn network_searches_give_the_same_bits_on_any_number_of_threads() {
    // 840 nodes: 14 batches of 64 sources; 3 nodes: fewer batches than threads.
    for g in [graph(700, 4000, 3), graph(3, 4, 1)] {
        let sampled = Sources::Sample { k: 150, seed: 11 };
        let one = (
            metrics::betweenness(&g, Sources::All, Threads::ONE),
            metrics::betweenness(&g, sampled, Threads::ONE),
            metrics::all_paths(&g, Threads::ONE),
            metrics::closeness_harmonic(&g, Threads::ONE),
            structure::paths(&g, &metrics::weak_components(&g), (10_000, 0, 1), Threads::ONE),
        );
        assert!(one.0.0.iter().filter(|b| **b > 0.0).count() > g.node_count() / 2 || g.node_count() < 10);
        for t in COUNTS.map(Threads::new) {
            let many = (
                metrics::betweenness(&g, Sources::All, t),
                metrics::betweenness(&g, sampled, t),
                metrics::all_paths(&g, t),
                metrics::closeness_harmonic(&g, t),
                structure::paths(&g, &metrics::weak_components(&g), (10_000, 0, 1), t),
            );
            assert!(many == one, "{t:?}");
        }
    }
}

#[test]
fn weighted_searches_give_the_same_bits_on_any_number_of_threads() {
    // 360 nodes: 12 pieces of 32 sources, 6 pieces of 64 nodes.
    let g = graph(300, 1500, 5);
    let sampled = Sources::Sample { k: 100, seed: 2 };
    let one = (
        weighted::betweenness(&g, Sources::All, Threads::ONE),
        weighted::betweenness(&g, sampled, Threads::ONE),
        weighted::closeness_harmonic(&g, Threads::ONE),
    );
    assert!(one.0.0.iter().filter(|b| **b > 0.0).count() > 200);
    for t in COUNTS.map(Threads::new) {
        let many = (
            weighted::betweenness(&g, Sources::All, t),
            weighted::betweenness(&g, sampled, t),
            weighted::closeness_harmonic(&g, t),
        );
        assert!(many == one, "{t:?}");
    }
}

/// The JSON report of `files` with `options` on `threads`, without its timings.
fn report(files: &[InputFile], options: &Options, threads: Threads) -> String {
    let mut report =
        tongxing::pipeline::run(files, &options.clone().with_threads(threads), &|| 0.0).unwrap().report;
    report.timings_ms = None;
    serde_json::to_string(&report).unwrap()
}

#[test]
fn reports_are_the_same_on_any_number_of_threads() {
    // A 600-organization survey with 3,000 ties (exact betweenness in batches, correlations,
    // the typology's k-means), unweighted and weighted.
    let (responses, ties) = survey_files(600, 3000, 9);
    let files = vec![
        InputFile { name: "responses.csv".into(), bytes: responses.into_bytes(), kind: None },
        InputFile { name: "ties.csv".into(), bytes: ties.into_bytes(), kind: None },
    ];
    let mut weighted = Options::default();
    weighted.network.weighted = true;
    // A mediation chain, bootstrapped 600 times (12 pieces of 50 resamples).
    let mut chain = String::from("org_name,x,m,y\n");
    let mut rng = tongxing::rng::Rng::new(5);
    for i in 0..300 {
        let x = rng.normal();
        let m = 0.5 * x + rng.normal();
        let y = 0.3 * m + 0.1 * x + rng.normal();
        chain.push_str(&format!("O{i},{x:.4},{m:.4},{y:.4}\n"));
    }
    let chain_files = vec![InputFile { name: "chain.csv".into(), bytes: chain.into_bytes(), kind: None }];
    let mut mediation = Options::default();
    mediation.models.mediations = vec!["x -> m -> y".into()];
    mediation.models.bootstrap = 600;
    for (files, options) in [(&files, Options::default()), (&files, weighted), (&chain_files, mediation)] {
        let one = report(files, &options, Threads::ONE);
        let wanted = if options.models.mediations.is_empty() { "\"betweenness\":0." } else { "\"ci_low\":" };
        assert!(one.contains(wanted), "{wanted} missing");
        for t in COUNTS.map(Threads::new) {
            assert!(report(files, &options, t) == one, "{t:?}");
        }
    }
}

/// Runs `job`'s batches as the page's pool does: each from the job rebuilt out of its arrays
/// (as a pool worker receives it), finishing in a scrambled order, added in batch order.
fn shared_sums(job: &metrics::PassJob) -> metrics::PassSums {
    let parts = job.parts().map(<[u32]>::to_vec);
    let pool_copy = metrics::PassJob::from_parts(parts, job.width, job.paths).unwrap();
    assert_eq!(pool_copy.key, job.key);
    let mut scratch = pool_copy.scratch();
    let n = job.batches();
    // Odd batches last to first, then even ones: most arrive ahead of their turn.
    let order = (0..n).filter(|i| i % 2 == 1).rev().chain((0..n).filter(|i| i % 2 == 0).rev());
    let mut arrived: Vec<(usize, metrics::Part)> =
        order.map(|i| (i, pool_copy.batch(i, &mut scratch))).collect();
    arrived.sort_by_key(|(i, _)| *i);
    assert!(arrived.iter().enumerate().all(|(k, (i, _))| k == *i), "every batch once");
    let mut sums = metrics::PassSums::new(job);
    for (_, part) in &arrived {
        sums.add(part);
    }
    sums
}

#[test]
fn passes_shared_among_workers_give_the_same_bits() {
    // 840 nodes: 14 batches of 64 sources.
    let g = graph(700, 4000, 3);
    let n = g.node_count();
    let sampled = metrics::source_list(n, Sources::Sample { k: 150, seed: 11 });
    let all: Vec<usize> = (0..n).collect();
    let jobs = [metrics::PassJob::new(&g, &all, true), metrics::PassJob::new(&g, &sampled, false)];
    assert_eq!(jobs[0].batches(), 14);
    let computed = jobs.iter().map(|j| (j.key, shared_sums(j))).collect();
    let one = (
        metrics::all_paths(&g, Threads::ONE),
        metrics::betweenness(&g, Sources::Sample { k: 150, seed: 11 }, Threads::ONE),
    );
    let shared = metrics::with_computed(computed, || {
        (
            metrics::all_paths(&g, Threads::ONE),
            metrics::betweenness(&g, Sources::Sample { k: 150, seed: 11 }, Threads::ONE),
        )
    });
    assert!(shared == one);
    // Sums of another graph's pass are not taken for this one.
    let other = graph(700, 4000, 4);
    let wrong = metrics::PassJob::new(&other, &(0..other.node_count()).collect::<Vec<_>>(), true);
    let wrong_sums = vec![(wrong.key, shared_sums(&wrong))];
    assert!(metrics::with_computed(wrong_sums, || metrics::all_paths(&g, Threads::ONE)) == one.0);
    // A job's arrays that do not make one are refused.
    let [off, adj, mut number, sources] = jobs[0].parts().map(<[u32]>::to_vec);
    number[0] = number[1];
    assert!(metrics::PassJob::from_parts([off, adj, number, sources], 64, true).is_none());
}

/// A 900-organization survey with 6,000 ties (seeded): one worker's report of it (as JSON,
/// without timings) and the survey read, ready to be analysed.
fn one_worker_and_read(seed: u64, options: &Options) -> (String, tongxing::pipeline::ReadFiles) {
    let (responses, ties) = survey_files(900, 6000, seed);
    let files = vec![
        InputFile { name: "responses.csv".into(), bytes: responses.into_bytes(), kind: None },
        InputFile { name: "ties.csv".into(), bytes: ties.into_bytes(), kind: None },
    ];
    let one = report(&files, options, Threads::ONE);
    let sources: Vec<tongxing::pipeline::SourceFile> = files.iter().map(Into::into).collect();
    let read = tongxing::pipeline::read_sources(&sources, options, &|| 0.0, &mut |_| {}).unwrap();
    (one, read)
}

#[test]
fn a_report_from_shared_passes_is_the_report_of_one_worker() {
    // What the page's analysis worker does with a pool: read, analyse up to the networks'
    // metrics and pause there with the passes, have them run in batches elsewhere, then go on
    // with their sums at hand.
    use tongxing::pipeline::{Progress, Stage};
    let options = Options::default();
    let (one, read) = one_worker_and_read(9, &options);
    let tags = [None, None];
    // Too small to share under a higher threshold: the whole analysis, as one worker's.
    let Ok(Stage::Done(whole)) =
        tongxing::rounds::analyze_read_pausing(read.clone(), &tags, &options, 1e15, &|| 0.0, &mut |_| {})
    else {
        panic!("paused below the threshold")
    };
    let mut whole = whole.report;
    whole.timings_ms = None;
    assert!(serde_json::to_string(&whole).unwrap() == one);
    let shared = |tamper: bool| {
        // The pause comes after the early capacity results.
        let mut early = false;
        let mut seen = |p: Progress| early |= matches!(p, Progress::Capacity(..));
        let stage =
            tongxing::rounds::analyze_read_pausing(read.clone(), &tags, &options, 0.0, &|| 0.0, &mut seen);
        let Ok(Stage::Paused(half, jobs)) = stage else { panic!("no pause") };
        assert!(early, "capacity results before the pause");
        assert!(!jobs.is_empty() && jobs.iter().all(|j| j.paths && j.nodes() >= 900));
        let computed = jobs
            .iter()
            .map(|j| {
                let mut sums = shared_sums(j);
                if tamper {
                    sums.add(&j.batch(0, &mut j.scratch()));
                }
                (j.key, sums)
            })
            .collect();
        let handed = tongxing::pipeline::Handed { passes: computed, ..Default::default() };
        let mut analysis = half.finish(handed, &options, &|| 0.0, &mut |_| {});
        analysis.report.timings_ms = None;
        serde_json::to_string(&analysis.report).unwrap()
    };
    tongxing::handover::ledger();
    assert!(shared(false) == one);
    let passes = ledger()["passes"];
    assert!(passes.offered >= 1 && passes.taken == passes.offered, "{passes:?}");
    // The sums handed over are the ones used: a batch added twice shows.
    assert!(shared(true) != one);
}

/// The hand-overs' ledger by kind (`tongxing::handover::ledger`), emptying it.
fn ledger() -> std::collections::BTreeMap<&'static str, tongxing::handover::Counts> {
    tongxing::handover::ledger().into_iter().collect()
}

/// How a test tampers with what the pool computed.
#[derive(Clone, Copy, PartialEq)]
enum Tamper {
    Nothing,
    Metrics,
    Picks,
    /// Picks searched from other needs.
    Needs,
    /// A pick naming a node that is not there.
    Outside,
    Summary,
    Ties,
    /// A new tie naming a node that is not there.
    TieOutside,
    Brokerage,
    /// Brokerage roles of one node fewer than the graph has.
    BrokerageShort,
}

#[test]
fn a_report_from_metrics_and_introductions_computed_elsewhere_is_the_report_of_one_worker() {
    // What the page's pool does for a paused run: each graph rebuilt from its ties as they
    // travel, its graph-only metrics, its introductions' picks (from the needs as they
    // travel), its path summary and new ties computed there and read back from their bytes,
    // handed to the analysis as it goes on.
    use tongxing::joint::{cultivate, introduce};
    use tongxing::network::brokerage;
    use tongxing::network::graph_only::{self, GraphOnly, Settings};
    use tongxing::network::path_summary::{self, Sampling};
    use tongxing::pipeline::{Handed, Stage};
    use tongxing::protocol::GraphData;
    use tongxing::protocol::measure_bytes::{self, Paths};
    let options = Options::default();
    let (one, read) = one_worker_and_read(12, &options);
    let handed = |settings: Settings, tamper: Tamper| {
        let stage = tongxing::rounds::analyze_read_pausing(
            read.clone(),
            &[None, None],
            &options,
            0.0,
            &|| 0.0,
            &mut |_| {},
        );
        let Ok(Stage::Paused(half, _)) = stage else { panic!("no pause") };
        let mut handed = Handed::default();
        for (graph, g) in half.graphs().enumerate() {
            let needs = half.introduction_needs(graph).unwrap();
            let data = GraphData::from_graph(g);
            let rebuilt = Graph::from_sorted_ties(data.n, &data.edges, &data.weights).unwrap();
            let mut needs = measure_bytes::decode_needs(&measure_bytes::encode_needs(&needs)).unwrap();
            if tamper == Tamper::Needs {
                needs.own[0] = Some(-100.0);
            }
            let metrics = GraphOnly::compute(&rebuilt, settings, &|| 0.0);
            let picks = introduce::picks(&rebuilt, &needs, &metrics.community);
            assert!(picks.len() > 500, "{} introductions", picks.len());
            let key = introduce::key(&rebuilt, &needs, &metrics.community);
            let bytes = measure_bytes::encode(&metrics, Some((key, &picks)));
            let (mut metrics, picks) = measure_bytes::decode(&bytes).unwrap();
            let (key, mut picks) = picks.unwrap();
            match tamper {
                Tamper::Metrics => metrics.clustering[0] += 0.5,
                Tamper::Picks | Tamper::Needs => picks[0].shared += 1,
                Tamper::Outside => picks[0].to = usize::MAX,
                _ => {}
            }
            handed.graph_only.push((graph_only::key(g, settings), metrics));
            handed.introductions.push((key, picks));
            let sampling = Sampling { seed: settings.seed, ..Sampling::of(&options.network) };
            let summary = (path_summary::key(&rebuilt, sampling), path_summary::compute(&rebuilt, sampling));
            let ties = (
                cultivate::ties_key(&rebuilt, settings.seed),
                cultivate::plan_new_ties(&rebuilt, settings.seed),
            );
            let codes = half.brokerage_codes(graph, &half.brokerage_values().unwrap()).unwrap();
            let brokerage =
                Some((brokerage::key(&rebuilt, &codes), brokerage::brokerage_of_codes(&rebuilt, &codes)));
            let bytes = measure_bytes::encode_paths(&Paths { summary, ties, brokerage });
            let Paths { mut summary, mut ties, mut brokerage } = measure_bytes::decode_paths(&bytes).unwrap();
            assert!(summary.1.is_some() && !ties.1.ties.is_empty());
            let roles = &mut brokerage.as_mut().unwrap().1;
            assert!(roles.iter().any(|r| r.liaison + r.gatekeeper > 0));
            match tamper {
                Tamper::Summary => summary.1.as_mut().unwrap().diameter += 1,
                Tamper::Ties => ties.1.ties[0].components_after += 1,
                Tamper::TieOutside => ties.1.ties[0].b = g.node_count(),
                Tamper::Brokerage => roles.iter_mut().for_each(|r| r.liaison += 1),
                Tamper::BrokerageShort => {
                    roles.pop();
                }
                _ => {}
            }
            handed.path_summaries.push(summary);
            handed.new_ties.push(ties);
            handed.brokerage.extend(brokerage);
        }
        let mut analysis = half.finish(handed, &options, &|| 0.0, &mut |_| {});
        analysis.report.timings_ms = None;
        serde_json::to_string(&analysis.report).unwrap()
    };
    let settings = Settings::of(&options.network);
    tongxing::handover::ledger();
    assert!(handed(settings, Tamper::Nothing) == one);
    // Everything handed over was taken (a result that is not taken changes no number: only
    // the ledger shows it).
    let counts = ledger();
    let kinds = ["brokerage", "graph-only metrics", "introductions", "new ties", "path summary"];
    assert_eq!(counts.keys().copied().collect::<Vec<_>>(), kinds);
    assert!(counts.values().all(|c| c.offered >= 1 && c.taken == c.offered), "{counts:?}");
    assert!(handed(settings, Tamper::Needs) == one);
    let counts = ledger();
    assert_eq!(counts["introductions"].taken, 0, "picks searched from other needs are not taken");
    assert_eq!(counts["graph-only metrics"].taken, counts["graph-only metrics"].offered);
    // What is handed over is what is used: a changed number shows.
    for tamper in [Tamper::Metrics, Tamper::Picks, Tamper::Summary, Tamper::Ties, Tamper::Brokerage] {
        assert!(handed(settings, tamper) != one);
    }
    // Metrics computed with other settings are not taken, nor picks searched from other needs.
    assert!(handed(Settings { seed: 43, ..settings }, Tamper::Metrics) == one);
    // Picks that do not fit the graph are searched again, without a panic.
    assert!(handed(settings, Tamper::Outside) == one);
    assert!(handed(settings, Tamper::TieOutside) == one);
    assert!(handed(settings, Tamper::BrokerageShort) == one);
    // Path summaries and new ties of another seed are not taken.
    assert!(handed(Settings { seed: 43, ..settings }, Tamper::Summary) == one);
    assert!(handed(Settings { seed: 43, ..settings }, Tamper::Ties) == one);
}
