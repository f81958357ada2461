//! Property tests (proptest): random bytes and random table shapes never panic the readers,
//! and graph metrics keep their invariants. `PROPTEST_CASES=100000 cargo test props` runs a
//! longer fuzzing session; the default budget keeps `cargo test` quick. `scripts/test.sh` fixes
//! `PROPTEST_RNG_SEED` so CI is repeatable; plain `cargo test` explores new random cases.

use proptest::prelude::*;
use tongxing::ingest::names::{normalize, split_roster};
use tongxing::ingest::{delimited, load_file};
use tongxing::network::graph::Graph;
use tongxing::network::{community, metrics};

proptest! {
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), ext in prop::sample::select(vec!["a.csv", "b.json", "c.xlsx", "d.txt"])) {
        let _ = load_file(ext, &bytes, None);
        let files = vec![tongxing::pipeline::InputFile { name: ext.into(), bytes, kind: None }];
        let _ = tongxing::pipeline::run(&files, &Default::default(), &|| 0.0);
    }

    #[test]
    fn zip_like_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        let _ = load_file("x.xlsx", &bytes, None);
    }

    #[test]
    fn random_csv_shapes_keep_every_row(rows in proptest::collection::vec(proptest::collection::vec("[a-z0-9 ,;\"\n甲乙]{0,8}", 1..6), 1..20)) {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let d = delimited::sniff_delimiter(&text);
        if let Ok((t, _)) = delimited::parse("r.csv", &text, d) {
            prop_assert!(t.rows().iter().all(|r| r.len() == t.headers.len()));
            if d == ',' {
                let non_blank = rows.iter().skip(1).filter(|r| r.iter().any(|c| !c.trim().is_empty())).count();
                prop_assert!(t.n_rows() <= non_blank.max(rows.len()));
            }
        }
    }

    #[test]
    fn roster_pieces_are_clean(cell in "\\PC{0,60}") {
        // Separators stay inside quotes and brackets, so only pieces of cells without such
        // marks are sure to hold none.
        let grouped = cell.contains(['"', '“', '”', '「', '」', '『', '』', '(', ')', '（', '）', '[', ']', '【', '】', '{', '}', '《', '》', '〈', '〉']);
        for piece in split_roster(&cell) {
            prop_assert!(!piece.is_empty());
            prop_assert!(grouped || !piece.contains([';', '；', ',', '，', '、', '|', '┋', '\n']));
            prop_assert_eq!(piece.trim(), piece.as_str());
        }
    }

    #[test]
    fn normalization_is_idempotent_and_width_blind(name in "\\PC{0,30}", ascii in "[A-Za-z0-9]{1,12}") {
        let n = normalize(&name);
        prop_assert_eq!(normalize(&n), n.clone());
        let full: String = ascii.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
        prop_assert_eq!(normalize(&full), normalize(&ascii));
    }

    #[test]
    fn graph_invariants(n in 1usize..40, edges in proptest::collection::vec((0u32..40, 0u32..40), 0..150)) {
        let mut e: Vec<(u32, u32, f64)> = edges.iter().filter(|(a, b)| (*a as usize) < n && (*b as usize) < n).map(|(a, b)| (*a, *b, 1.0)).collect();
        // Distinct ties, so that every weight is 1.
        e.sort_by_key(|x| (x.0, x.1));
        e.dedup_by_key(|x| (x.0, x.1));
        let g = Graph::from_edges(n, &e);
        let in_sum: usize = (0..n).map(|v| g.inn(v).len()).sum();
        prop_assert_eq!(in_sum, g.edge_count());
        let und_sum: usize = (0..n).map(|v| g.und(v).len()).sum();
        prop_assert_eq!(und_sum, 2 * g.undirected_edge_count());
        let pr = metrics::pagerank(&g, 0.85, 1e-12, 10_000, false).unwrap();
        prop_assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let core = metrics::coreness(&g);
        prop_assert!((0..n).all(|v| core[v] <= g.und(v).len()));
        let (bc, _) = metrics::betweenness(&g, metrics::Sources::All, tongxing::stats::par::Threads::ONE);
        prop_assert!(bc.iter().all(|b| *b >= 0.0 && *b <= 1.0 + 1e-9));
        let single = vec![0; n];
        if let Some(q) = community::modularity(&g, &single, 1.0) {
            prop_assert!(q.abs() < 1e-12);
        }
        let comm = community::louvain(&g, 1.0, 1);
        if let Some(q) = community::modularity(&g, &comm, 1.0) {
            prop_assert!((-0.5..=1.0).contains(&q));
            prop_assert!(q >= -1e-12, "Louvain never does worse than all-singletons here: {q}");
        }
        for c in metrics::constraint(&g).into_iter().flatten() {
            prop_assert!(c.is_finite() && c > 0.0);
        }
        // Leiden: every community is connected, and modularity is at least that of the
        // all-singletons partition.
        let leiden = community::leiden(&g, 1.0, 3);
        let singletons: Vec<usize> = (0..n).collect();
        if let (Some(q), Some(q0)) =
            (community::modularity(&g, &leiden, 1.0), community::modularity(&g, &singletons, 1.0))
        {
            prop_assert!(q >= q0 - 1e-12, "Leiden {q} below singletons {q0}");
        }
        let k = leiden.iter().max().map_or(0, |c| c + 1);
        let weak = metrics::weak_components(&g);
        for c in 0..k {
            let members: Vec<usize> = (0..n).filter(|v| leiden[*v] == c).collect();
            prop_assert!(!members.is_empty());
            let mut seen = vec![false; n];
            let mut stack = vec![members[0]];
            seen[members[0]] = true;
            while let Some(v) = stack.pop() {
                for &w in g.und(v) {
                    if leiden[w as usize] == c && !seen[w as usize] {
                        seen[w as usize] = true;
                        stack.push(w as usize);
                    }
                }
            }
            prop_assert!(members.iter().all(|v| seen[*v] && weak[*v] == weak[members[0]]));
        }
        // Betweenness sums: every ordered pair (s, t) at distance d ≥ 1 has d − 1 interior
        // nodes on each of its shortest paths, so Σ_v raw betweenness = Σ_(s,t) (d(s,t) − 1).
        if n > 2 {
            let raw: f64 = bc.iter().sum::<f64>() * ((n - 1) * (n - 2)) as f64;
            let mut interior = 0f64;
            for s0 in 0..n {
                let dist = crate::util::distances(n, s0, |v| g.out(v));
                interior += dist.iter().filter(|d| **d != usize::MAX && **d > 0).map(|d| (*d - 1) as f64).sum::<f64>();
            }
            prop_assert!((raw - interior).abs() < 1e-6 * interior.max(1.0), "{raw} vs {interior}");
        }
        // Weighted betweenness with unit weights equals the unweighted one.
        let (wbc, _) = tongxing::network::weighted::betweenness(&g, metrics::Sources::All, tongxing::stats::par::Threads::ONE);
        prop_assert!(wbc.iter().zip(&bc).all(|(a, b)| (a - b).abs() < 1e-9));
    }
}
