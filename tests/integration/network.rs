//! Network metrics: hand-derived values on tiny graphs, and networkx's published values for
//! Zachary's karate club (networkx 3 documentation and test suite).

use tongxing::network::community::{louvain, modularity};
use tongxing::network::metrics::{self, Sources};

use crate::util::{analyze, assert_close, digraph, karate, undirected};

#[test]
fn path_betweenness_closeness_harmonic() {
    // a → b → c: b lies on the only path a ⇝ c; normalized by (n−1)(n−2) = 2.
    let g = digraph(3, &[(0, 1), (1, 2)]);
    let (bc, used) = metrics::betweenness(&g, Sources::All, tongxing::stats::par::Threads::ONE);
    assert_eq!(used, 3);
    assert_eq!(bc, vec![0.0, 0.5, 0.0]);
    let (cl, h) = metrics::closeness_harmonic(&g, tongxing::stats::par::Threads::ONE);
    // c is reached by b (1) and a (2): (2/3) · (2/2).
    assert_close(cl[2], 2.0 / 3.0, 1e-12);
    assert_eq!(cl[0], 0.0);
    assert_close(h[2], 1.5, 1e-12);
    assert_close(h[1], 1.0, 1e-12);
}

#[test]
fn density_reciprocity_components() {
    let g = digraph(4, &[(0, 1), (1, 0), (1, 2)]);
    assert_close(metrics::density(&g).unwrap(), 3.0 / 12.0, 1e-12);
    assert_close(metrics::reciprocity(&g).unwrap(), 2.0 / 3.0, 1e-12);
    assert_eq!(metrics::reciprocity(&digraph(3, &[])), None);
    // {0,1} strongly connected, 2 and 3 alone.
    assert_eq!(metrics::strong_component_count(&g), 3);
    let weak = metrics::weak_components(&g);
    assert_eq!(weak, vec![0, 0, 0, 1]);
    let cycle = digraph(4, &[(0, 1), (1, 2), (2, 0)]);
    assert_eq!(metrics::strong_component_count(&cycle), 2);
}

#[test]
fn pagerank_with_a_dangling_node() {
    // a → b ← c, b has no out-ties. Solving x_a = 0.05 + 0.85 x_b / 3 and x_a + x_b + x_c = 1
    // gives x_a = x_c = 10/47 and x_b = 27/47.
    let g = digraph(3, &[(0, 1), (2, 1)]);
    let pr = metrics::pagerank(&g, 0.85, 1e-12, 1000, false).unwrap();
    assert_close(pr[0], 10.0 / 47.0, 1e-10);
    assert_close(pr[1], 27.0 / 47.0, 1e-10);
    assert_close(pr.iter().sum::<f64>(), 1.0, 1e-12);
}

#[test]
fn clustering_transitivity_coreness() {
    // Triangle 0-1-2 with a pendant 3 on node 0.
    let g = undirected(4, &[(0, 1), (1, 2), (0, 2), (0, 3)]);
    let tri = metrics::triangles(&g);
    assert_eq!(tri, vec![1, 1, 1, 0]);
    let c = metrics::clustering(&g, &tri);
    assert_close(c[0], 1.0 / 3.0, 1e-12);
    assert_eq!(c[1], 1.0);
    assert_eq!(c[3], 0.0);
    // 3 × 1 triangle / 5 connected triples.
    assert_close(metrics::transitivity(&g, &tri), 0.6, 1e-12);
    assert_eq!(metrics::coreness(&g), vec![2, 2, 2, 1]);
}

#[test]
fn burt_constraint_by_hand() {
    // Triangle: p = 1/2, one indirect path of 1/4: 2 · (3/4)² = 1.125.
    let tri = undirected(3, &[(0, 1), (1, 2), (0, 2)]);
    for c in metrics::constraint(&tri) {
        assert_close(c.unwrap(), 1.125, 1e-12);
    }
    // Star with three leaves plus an isolate: centre 3 · (1/3)² = 1/3, leaves 1, isolate undefined.
    let star = undirected(5, &[(0, 1), (0, 2), (0, 3)]);
    let c = metrics::constraint(&star);
    assert_close(c[0].unwrap(), 1.0 / 3.0, 1e-12);
    assert_close(c[1].unwrap(), 1.0, 1e-12);
    assert_eq!(c[4], None);
}

#[test]
fn modularity_of_two_triangles() {
    let g = undirected(6, &[(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)]);
    // Two communities, each with 3 of 6 edges and half the degree: 2 (1/2 − 1/4) = 1/2.
    assert_close(modularity(&g, &[0, 0, 0, 1, 1, 1], 1.0).unwrap(), 0.5, 1e-12);
    assert_close(modularity(&g, &[0; 6], 1.0).unwrap(), 0.0, 1e-12);
    let found = louvain(&g, 1.0, 42);
    assert_eq!(found, vec![0, 0, 0, 1, 1, 1]);
    assert_eq!(modularity(&undirected(3, &[]), &[0, 1, 2], 1.0), None);
}

#[test]
fn karate_club_matches_networkx() {
    let g = karate();
    assert_close(metrics::density(&g).unwrap(), 0.13903743315508021, 1e-12);
    let tri = metrics::triangles(&g);
    assert_close(metrics::transitivity(&g, &tri), 0.2556818181818182, 1e-12);
    let c = metrics::clustering(&g, &tri);
    assert_close(c.iter().sum::<f64>() / 34.0, 0.5706384782076823, 1e-12);
    let (bc, _) = metrics::betweenness(&g, Sources::All, tongxing::stats::par::Threads::ONE);
    assert_close(bc[0], 0.43763528138528146, 1e-12);
    assert_close(bc[33], 0.30407497594997596, 1e-12);
    let (cl, _) = metrics::closeness_harmonic(&g, tongxing::stats::par::Threads::ONE);
    assert_close(cl[0], 0.5689655172413793, 1e-12);
    assert_close(cl[33], 0.55, 1e-12);
    let pr = metrics::pagerank(&g, 0.85, 1e-12, 1000, false).unwrap();
    // Exact solution of (I − 0.85 Pᵀ) x = 0.15/n by Gaussian elimination (computed separately);
    // networkx's documented 0.0970018 is the same vector stopped at its default tol = 1e-6.
    assert_close(pr[0], 0.09699728538829475, 1e-9);
    assert_close(pr[33], 0.10091918233262576, 1e-9);
    assert_close(pr[0], 0.09700181758983709, 1e-5);
    let ev = metrics::eigenvector(&g, 1e-9, 1000).unwrap();
    // Principal eigenvector by plain power iteration to 1e-16 (computed separately); networkx's
    // documented 0.3554835 stops at its default tol = 1e-6.
    assert_close(ev[0], 0.3554914445245665, 1e-7);
    assert_close(ev[33], 0.3733634702914832, 1e-7);
    assert_close(ev[0], 0.35548349418519426, 1e-5);
    assert_eq!(metrics::coreness(&g).iter().max(), Some(&4));
    let comm = louvain(&g, 1.0, 42);
    let q = modularity(&g, &comm, 1.0).unwrap();
    assert!(q > 0.40, "Louvain modularity {q} should exceed 0.40 (best known 0.4198)");
}

#[test]
fn sampled_betweenness_is_deterministic_and_scaled() {
    let g = karate();
    let (a, used) =
        metrics::betweenness(&g, Sources::Sample { k: 10, seed: 7 }, tongxing::stats::par::Threads::ONE);
    let (b, _) =
        metrics::betweenness(&g, Sources::Sample { k: 10, seed: 7 }, tongxing::stats::par::Threads::ONE);
    assert_eq!(used, 10);
    assert_eq!(a, b);
    let (exact, _) = metrics::betweenness(&g, Sources::All, tongxing::stats::par::Threads::ONE);
    // Rescaled by n/k, the estimate is of the same order as the exact value for the hub.
    assert!(a[0] > exact[0] * 0.3 && a[0] < exact[0] * 3.0);
}

/// One breadth-first search per source with predecessor lists, as networkx writes Brandes'
/// algorithm: an independent check of the batched searches of `metrics::betweenness`.
fn brandes_one_source_at_a_time(g: &tongxing::network::graph::Graph, sources: &[usize]) -> Vec<f64> {
    let n = g.node_count();
    let mut bc = vec![0f64; n];
    for &s in sources {
        let mut dist = vec![usize::MAX; n];
        let mut sigma = vec![0f64; n];
        let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut stack = Vec::new();
        let mut queue = std::collections::VecDeque::from([s]);
        dist[s] = 0;
        sigma[s] = 1.0;
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in g.out(v) {
                let w = w as usize;
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                    pred[w].push(v);
                }
            }
        }
        let mut delta = vec![0f64; n];
        while let Some(w) = stack.pop() {
            for &v in &pred[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                bc[w] += delta[w];
            }
        }
    }
    bc
}

#[test]
fn batched_betweenness_equals_one_search_per_source() {
    // 700 nodes: several batches of searches, sources that reach one another, two parts that
    // never meet (the second block model is shifted past the first), and nodes reached by
    // some sources of a batch only.
    let mut edges = tongxing::network::generate::block_model(500, 3000, 6, 3);
    edges.extend(
        tongxing::network::generate::block_model(200, 500, 3, 4)
            .iter()
            .map(|&(a, b, w)| (a + 500, b + 500, w)),
    );
    let g = tongxing::network::graph::Graph::from_edges(700, &edges);
    let n = g.node_count() as f64;
    let scale = 1.0 / ((n - 1.0) * (n - 2.0));
    let all: Vec<usize> = (0..700).collect();
    let expected: Vec<f64> = brandes_one_source_at_a_time(&g, &all).iter().map(|b| b * scale).collect();
    let (bc, used) = metrics::betweenness(&g, Sources::All, tongxing::stats::par::Threads::ONE);
    assert_eq!(used, 700);
    assert!(expected.iter().filter(|b| **b > 0.0).count() > 600);
    for (v, (a, b)) in bc.iter().zip(&expected).enumerate() {
        assert!((a - b).abs() <= 1e-12 * b.max(1e-9), "node {v}: {a} vs {b}");
    }
    // The exact pass that also gives closeness: same betweenness, and closeness and harmonic
    // centrality equal to one search per node on the reversed graph.
    let paths = metrics::all_paths(&g, tongxing::stats::par::Threads::ONE);
    assert_eq!(paths.betweenness, bc);
    let (closeness, harmonic) = metrics::closeness_harmonic(&g, tongxing::stats::par::Threads::ONE);
    for v in 0..700 {
        assert_close(paths.closeness[v], closeness[v], 1e-12);
        assert_close(paths.harmonic[v], harmonic[v], 1e-9);
    }
    // Sampled sources: the same sources one at a time, rescaled by n / k.
    let k = 150;
    let sources = metrics::source_list(700, Sources::Sample { k, seed: 11 });
    let (sampled, used) =
        metrics::betweenness(&g, Sources::Sample { k, seed: 11 }, tongxing::stats::par::Threads::ONE);
    assert_eq!(used, k);
    let rescale = scale * 700.0 / k as f64;
    for (v, (a, b)) in sampled.iter().zip(brandes_one_source_at_a_time(&g, &sources)).enumerate() {
        assert!(
            (a - b * rescale).abs() <= 1e-12 * (b * rescale).max(1e-9),
            "node {v}: {a} vs {}",
            b * rescale
        );
    }
}

#[test]
fn small_survey_network_by_hand() {
    let a = analyze(&["small_survey.csv"]);
    let rel = &a.report.network.relations[0];
    assert_eq!(rel.key, "partners");
    let g = &rel.graph;
    assert_eq!((g.nodes, g.edges, g.respondents, g.non_respondents), (6, 8, 5, 1));
    assert_close(g.density.unwrap(), 8.0 / 30.0, 1e-12);
    assert_close(g.reciprocity.unwrap(), 0.5, 1e-12);
    let c = rel.nodes.iter().find(|n| n.name == "C").unwrap();
    assert_eq!((c.in_degree, c.out_degree, c.degree), (2, 3, 5));
    let x = rel.nodes.iter().find(|n| n.name == "X社").unwrap();
    assert!(!x.respondent);
    assert_eq!(x.id, "NR-001");
    assert_eq!(x.constraint, Some(1.0));
    let d = rel.nodes.iter().find(|n| n.name == "D").unwrap();
    assert_eq!(d.out_degree, 0);
    assert_eq!(a.report.network.unmatched.len(), 1);
}

#[test]
fn demo_network_is_sane() {
    let files = tongxing::demo::files();
    let a = tongxing::pipeline::run(&files, &Default::default(), &|| 0.0).unwrap();
    for rel in &a.report.network.relations {
        let pr: f64 = rel.nodes.iter().filter_map(|n| n.pagerank).sum();
        assert_close(pr, 1.0, 1e-9);
        assert!(rel.nodes.iter().all(|n| n.coreness <= n.degree));
        let deg: usize = rel.nodes.iter().map(|n| n.in_degree).sum();
        assert_eq!(deg, rel.graph.edges);
        assert!(rel.graph.modularity.unwrap() > 0.2);
        assert!(rel.graph.non_respondents > 10, "the demo has non-respondent partners");
    }
}

fn small_with(opts: tongxing::network::NetworkOptions) -> tongxing::report::RelationReport {
    let files = vec![tongxing::pipeline::InputFile {
        name: "small_survey.csv".into(),
        bytes: std::fs::read(crate::util::data("small_survey.csv")).unwrap(),
        kind: None,
    }];
    let o = tongxing::pipeline::Options { network: opts, ..Default::default() };
    tongxing::pipeline::run(&files, &o, &|| 0.0).unwrap().report.network.relations[0].clone()
}

#[test]
fn graph_options_change_the_graph_as_documented() {
    use tongxing::network::{NetworkOptions, Symmetrize};
    // Nominations: A→B, A→C, B→A, C→A, C→B, C→D, E→C, E→X社 (8; A–B and A–C mutual).
    let union = small_with(NetworkOptions { symmetrize: Symmetrize::Union, ..Default::default() });
    // Union: 6 undirected pairs (A–B, A–C, B–C, C–D, C–E, E–X) = 12 directed ties.
    assert_eq!((union.graph.edges, union.directed), (12, false));
    assert_eq!(union.settings.symmetrize, "union");
    assert_eq!(union.settings.pair_weight.as_deref(), Some("max"));
    // With unit weights a union tie is one tie even when both named each other: strength is
    // the number of distinct partners (A: B and C, both mutual; C: A, B, D, E).
    let strength = |r: &tongxing::report::RelationReport, name: &str| {
        let n = r.nodes.iter().find(|n| n.name == name).unwrap();
        (n.out_strength, n.in_strength)
    };
    assert_eq!(strength(&union, "A"), (2.0, 2.0));
    assert_eq!(strength(&union, "C"), (4.0, 4.0));
    let recip = small_with(NetworkOptions { symmetrize: Symmetrize::Reciprocal, ..Default::default() });
    assert_eq!(recip.graph.edges, 4);
    let no_nr = small_with(NetworkOptions { include_non_respondents: false, ..Default::default() });
    assert_eq!((no_nr.graph.nodes, no_nr.graph.edges), (5, 7));
    // Reciprocal ties leave D, E and X社 without ties: dropped as isolates.
    let dropped = small_with(NetworkOptions {
        symmetrize: Symmetrize::Reciprocal,
        drop_isolates: true,
        ..Default::default()
    });
    assert_eq!(dropped.graph.nodes, 3);
    let names: Vec<&str> = dropped.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, vec!["A", "B", "C"]);
}

#[test]
fn node_level_extras_on_the_small_survey() {
    let rel = small_with(Default::default());
    let by = |name: &str| rel.nodes.iter().find(|n| n.name == name).unwrap().clone();
    // C links D (only through C) to the rest: a cut vertex; E links X社: also a cut vertex.
    assert!(by("C").cut_vertex && by("E").cut_vertex && !by("A").cut_vertex);
    assert_eq!(rel.graph.cut_vertices, 2);
    let hub_sum: f64 = rel.nodes.iter().filter_map(|n| n.hub).sum();
    assert_close(hub_sum, 1.0, 1e-9);
    // Undirected neighbours of C: A, B, D, E with ties A–B among them: 4 − 2·1/4 = 3.5.
    assert_close(by("C").effective_size.unwrap(), 3.5, 1e-12);
    // Brokerage by city (北京: A, C, E; 上海: B, D). Open two-paths through C: A→C→D
    // (北京→北京→上海: representative), E→C→B (北京→北京→上海: representative), E→C→D
    // (representative) and E→C→A (coordinator). A→C→B is closed (A→B exists).
    let b = by("C").brokerage.unwrap();
    assert_eq!((b.coordinator, b.representative, b.gatekeeper, b.itinerant, b.liaison), (1, 3, 0, 0, 0));
    assert_eq!(rel.settings.brokerage_attribute.as_deref(), Some("city"));
    let p = rel.graph.paths.unwrap();
    assert_eq!((p.component_nodes, p.sampled), (6, false));
    // Undirected: X–E–C–D is the longest shortest path.
    assert_eq!(p.diameter, 3);
    let mix = rel.graph.mixing.iter().find(|m| m.attribute == "city").unwrap();
    // Ties among respondents with a city: A→B, A→C, B→A, C→A, C→B, C→D, E→C = 7; within a city:
    // A→C, C→A, E→C (北京) = 3; across: 4 → E-I = (4 − 3)/7.
    assert_eq!(mix.ties, 7);
    assert_close(mix.ei_index.unwrap(), 1.0 / 7.0, 1e-12);
}

#[test]
fn several_aliases_tables_are_applied_in_turn() {
    // Two aliases files (a user's, then the page's merges): the later row for “X社” wins and
    // the change is reported at its row; the report lists the aliases applied, as written.
    let survey = std::fs::read_to_string(crate::util::data("small_survey.csv")).unwrap();
    let a = crate::util::analyze_texts(&[
        ("small_survey.csv", &survey),
        ("mine_aliases.csv", "alias,name\nX社,B\nZ会, C\n"),
        ("tongxing_aliases.csv", "alias,name\nx社,D\n"),
    ]);
    assert!(a.report.network.unmatched.is_empty());
    let g = &a.report.network.relations[0].graph;
    assert_eq!((g.nodes, g.edges, g.non_respondents), (5, 8, 0));
    let d = a.report.network.relations[0].nodes.iter().find(|n| n.name == "D").unwrap();
    assert_eq!(d.in_degree, 2, "C → D and E → X社 = D");
    let listed: Vec<(&str, &str)> =
        a.report.network.aliases.iter().map(|e| (e.alias.as_str(), e.name.as_str())).collect();
    assert_eq!(listed, vec![("x社", "D"), ("Z会", "C")]);
    let w = a
        .report
        .input
        .warnings
        .iter()
        .find(|w| w.message.contains("already given"))
        .expect("the changed alias is reported");
    assert_eq!(
        (w.file.as_deref(), w.row, w.column.as_deref()),
        (Some("tongxing_aliases.csv"), Some(2), Some("name"))
    );
    assert!(!a.report.input.warnings.iter().any(|w| w.message.contains("was not used")));
}

/// A survey with four organizations and a weighted ties file (no capacity items).
fn weighted_ties(ties: &str, opts: tongxing::network::NetworkOptions) -> tongxing::report::RelationReport {
    let file = |name: &str, text: &str| tongxing::pipeline::InputFile {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
        kind: None,
    };
    let files = vec![file("responses.csv", "org_name,city\nA,x\nB,x\nC,y\nD,y\n"), file("ties.csv", ties)];
    let o = tongxing::pipeline::Options { network: opts, ..Default::default() };
    tongxing::pipeline::run(&files, &o, &|| 0.0).unwrap().report.network.relations[0].clone()
}

#[test]
fn symmetrized_pairs_take_the_larger_weight_once() {
    use tongxing::network::{NetworkOptions, Symmetrize};
    // Every tie mutual with equal weights: union changes nothing, so strengths and weighted
    // path metrics equal the directed ones (a union that added both directions doubled every
    // strength and closeness).
    let mutual = "source,target,weight\nA,B,2\nB,A,2\nB,C,3\nC,B,3\nC,D,1\nD,C,1\n";
    let weighted = |sym| NetworkOptions { symmetrize: sym, weighted: true, ..Default::default() };
    let directed = weighted_ties(mutual, weighted(Symmetrize::None));
    let union = weighted_ties(mutual, weighted(Symmetrize::Union));
    let recip = weighted_ties(mutual, weighted(Symmetrize::Reciprocal));
    assert_eq!(directed.graph.edges, 6);
    for r in [&union, &recip] {
        assert_eq!(r.graph.edges, 6);
        for (a, b) in directed.nodes.iter().zip(&r.nodes) {
            assert_eq!(a.name, b.name);
            assert_eq!((a.out_strength, a.in_strength), (b.out_strength, b.in_strength), "{}", a.name);
            assert_close(a.closeness.unwrap(), b.closeness.unwrap(), 1e-12);
            assert_close(a.harmonic.unwrap(), b.harmonic.unwrap(), 1e-12);
            assert_close(a.betweenness.unwrap(), b.betweenness.unwrap(), 1e-12);
        }
    }
    // B: 2 (A) + 3 (C); harmonic of B by hand: 1/(1/2) + 1/(1/3) + 1/(1/3 + 1) = 5.75.
    let b = union.nodes.iter().find(|n| n.name == "B").unwrap();
    assert_eq!(b.out_strength, 5.0);
    assert_close(b.harmonic.unwrap(), 2.0 + 3.0 + 0.75, 1e-12);
    // Unequal directions: A→D 1 and D→A 4 (twice, parallel: 2 + 2) become one pair of weight 4;
    // A→B alone (weight 5) becomes a pair of weight 5; reciprocal keeps only A–D.
    let uneven = "source,target,weight\nA,D,1\nD,A,2\nD,A,2\nA,B,5\n";
    let union = weighted_ties(uneven, weighted(Symmetrize::Union));
    let a = union.nodes.iter().find(|n| n.name == "A").unwrap();
    assert_eq!((a.out_strength, a.in_strength), (9.0, 9.0));
    let recip = weighted_ties(uneven, weighted(Symmetrize::Reciprocal));
    let a = recip.nodes.iter().find(|n| n.name == "A").unwrap();
    assert_eq!((a.out_strength, a.in_strength, recip.graph.edges), (4.0, 4.0, 2));
    assert_eq!(recip.settings.pair_weight.as_deref(), Some("max"));
    assert_eq!(weighted_ties(uneven, weighted(Symmetrize::None)).settings.pair_weight, None);
}

#[test]
fn repeated_tie_rows_are_merged_and_said_with_their_first_row() {
    // Rows 3 and 5 repeat A→B (row 2), row 6 repeats C→D of another relation; B→A is another
    // pair. Each pair is one tie, its weights added; one note per relation, at its first repeat.
    let ties = "source,target,relation,weight\nA,B,r1,1\nA,B,r1,2\nB,A,r1,1\nA,B,r1,4\nC,D,r2,1\nC,D,r2,1\n";
    let file = |name: &str, text: &str| tongxing::pipeline::InputFile {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
        kind: None,
    };
    let files = vec![file("responses.csv", "org_name,city\nA,x\nB,x\nC,y\nD,y\n"), file("ties.csv", ties)];
    let a = tongxing::pipeline::run(&files, &Default::default(), &|| 0.0).unwrap();
    let notes: Vec<_> = a.report.input.warnings.iter().filter(|w| w.key == "warn.ties_repeated").collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    let at: Vec<_> = notes.iter().map(|w| (w.file.as_deref(), w.row)).collect();
    assert_eq!(at, [(Some("ties.csv"), Some(3)), (Some("ties.csv"), Some(7))]);
    assert!(notes[0].message.contains("“r1”): 2."), "{}", notes[0].message);
    assert!(notes[1].message.contains("“r2”): 1."), "{}", notes[1].message);
    assert!(notes[0].message_zh.starts_with("2 行与前面的某行是同一对机构"), "{}", notes[0].message_zh);
    let r1 = a.report.network.relations.iter().find(|r| r.key == "r1").unwrap();
    assert_eq!(r1.graph.edges, 2);
    let b = r1.nodes.iter().find(|n| n.name == "B").unwrap();
    assert_eq!(b.in_degree, 1);
}

#[test]
fn centralizations_stay_between_zero_and_one() {
    use tongxing::network::NetworkOptions;
    // A star whose ties are strong (weight 5): weighted closeness exceeds 1, and Freeman's
    // closeness centralization (which assumes closeness ≤ 1) reached 1.42 on such networks.
    let star = "source,target,weight\nA,B,5\nB,A,5\nA,C,5\nC,A,5\nA,D,5\nD,A,5\n";
    let w = weighted_ties(star, NetworkOptions { weighted: true, ..Default::default() });
    assert!(w.nodes.iter().any(|n| n.closeness.unwrap() > 1.0));
    assert_eq!(w.graph.closeness_centralization, None, "not defined with weights");
    let u = weighted_ties(star, NetworkOptions::default());
    // Unweighted, the star is the extreme: every centralization is exactly 1.
    assert_close(u.graph.closeness_centralization.unwrap(), 1.0, 1e-12);
    assert_close(u.graph.degree_centralization.unwrap(), 1.0, 1e-12);
    assert_close(u.graph.betweenness_centralization.unwrap(), 1.0, 1e-12);
    for r in [&w, &u] {
        let g = &r.graph;
        for c in [g.degree_centralization, g.betweenness_centralization, g.closeness_centralization]
            .into_iter()
            .flatten()
        {
            assert!((0.0..=1.0).contains(&c), "{c}");
        }
    }
}

#[test]
fn roster_names_with_commas_are_one_partner() {
    // A partner whose registered name holds a comma, quoted in the roster as spreadsheets
    // write it, and a HYPERLINK formula pasted into a cell: neither may invent partners.
    let responses = "org_name,partners\nA,\"\"\"Li, Wang & Partners\"\"; B\"\nB,\"=HYPERLINK(\"\"a.test/page\"\",\"\"x\"\")\"\n\"Li, Wang & Partners\",A\n";
    let files = vec![tongxing::pipeline::InputFile {
        name: "responses.csv".into(),
        bytes: responses.as_bytes().to_vec(),
        kind: None,
    }];
    let a = tongxing::pipeline::run(&files, &Default::default(), &|| 0.0).unwrap();
    let rel = &a.report.network.relations[0];
    let names: Vec<&str> = rel.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, vec!["A", "B", "Li, Wang & Partners", "=HYPERLINK(\"a.test/page\",\"x\")"]);
    let li = rel.nodes.iter().find(|n| n.name == "Li, Wang & Partners").unwrap();
    assert!(li.respondent);
    assert_eq!((li.in_degree, li.out_degree), (1, 1));
    assert_eq!(rel.graph.edges, 4);
}

#[test]
fn early_capacity_results_say_how_many_tie_entries_the_network_reads() {
    // The page shows early results at once for a large network: the count is the ties table's
    // rows plus the roster cells that name someone (small_survey.csv: A, B, C and E name
    // partners, D names none).
    let read = |n: &str| std::fs::read_to_string(crate::util::data(n)).expect("fixture");
    let ahead = |files: &[(&str, &str)]| {
        let files: Vec<tongxing::pipeline::InputFile> = files
            .iter()
            .map(|(n, t)| tongxing::pipeline::InputFile {
                name: n.to_string(),
                bytes: t.as_bytes().into(),
                kind: None,
            })
            .collect();
        let mut seen = Vec::new();
        let mut observer = |p: tongxing::pipeline::Progress| {
            if let tongxing::pipeline::Progress::Capacity(_, _, ties) = p {
                seen.push(ties);
            }
        };
        tongxing::pipeline::run_observed(&files, &Default::default(), &|| 0.0, &mut observer)
            .expect("analysis");
        seen
    };
    let survey = read("small_survey.csv");
    assert_eq!(ahead(&[("small_survey.csv", &survey)]), vec![4]);
    let ties = read("ties_rated.csv");
    assert_eq!(ahead(&[("small_survey.csv", &survey), ("ties_rated.csv", &ties)]), vec![4 + 6]);
    // No ties and no roster: no early results at all (the whole result is next).
    let capacity_only: String =
        survey.lines().map(|l| l.rsplit_once(',').map_or(l, |(a, _)| a)).collect::<Vec<_>>().join("\n");
    assert_eq!(ahead(&[("capacity_only.csv", &capacity_only)]), Vec::<usize>::new());
}
