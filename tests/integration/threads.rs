//! Threads change nothing: each parallel computation gives the same bits on 1, 2, 3 and 7
//! threads, on generated graphs and in whole reports (`stats::par`).

use tongxing::network::generate::{block_model, survey_files};
use tongxing::network::graph::Graph;
use tongxing::network::metrics::{self, Sources};
use tongxing::network::weighted;
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
        );
        assert!(one.0.0.iter().filter(|b| **b > 0.0).count() > g.node_count() / 2 || g.node_count() < 10);
        for t in COUNTS.map(Threads::new) {
            let many = (
                metrics::betweenness(&g, Sources::All, t),
                metrics::betweenness(&g, sampled, t),
                metrics::all_paths(&g, t),
                metrics::closeness_harmonic(&g, t),
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
