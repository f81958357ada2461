//! Test helpers.

use std::path::PathBuf;

use tongxing::network::graph::Graph;
use tongxing::pipeline::{Analysis, InputFile, Options};

/// Distances from `s` by breadth-first search over `neighbours` (`usize::MAX`: not reached).
pub fn distances<'g>(n: usize, s: usize, neighbours: impl Fn(usize) -> &'g [u32]) -> Vec<usize> {
    let mut dist = vec![usize::MAX; n];
    dist[s] = 0;
    let mut queue = std::collections::VecDeque::from([s]);
    while let Some(v) = queue.pop_front() {
        for &w in neighbours(v) {
            if dist[w as usize] == usize::MAX {
                dist[w as usize] = dist[v] + 1;
                queue.push_back(w as usize);
            }
        }
    }
    dist
}

/// Path of a file in `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("data").join(name)
}

/// Asserts `a` is within `tol` of `b`, with a readable message.
#[track_caller]
pub fn assert_close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} differs from {b} by more than {tol}");
}

/// Runs the pipeline on files from `tests/data/`.
pub fn analyze(names: &[&str]) -> Analysis {
    analyze_with(names, &Options::default())
}

/// Runs the pipeline on files from `tests/data/` with `options`.
pub fn analyze_with(names: &[&str], options: &Options) -> Analysis {
    let files: Vec<InputFile> = names
        .iter()
        .map(|n| InputFile {
            name: n.to_string(),
            bytes: std::fs::read(data(n)).expect("fixture"),
            kind: None,
        })
        .collect();
    tongxing::pipeline::run(&files, options, &|| 0.0).expect("analysis")
}

/// Runs the pipeline on several in-memory files `(name, text)` (e.g. responses and codebook).
pub fn analyze_texts(files: &[(&str, &str)]) -> Analysis {
    let files: Vec<InputFile> = files
        .iter()
        .map(|(n, t)| InputFile { name: n.to_string(), bytes: t.as_bytes().to_vec(), kind: None })
        .collect();
    tongxing::pipeline::run(&files, &Options::default(), &|| 0.0).expect("analysis")
}

/// Runs the pipeline on in-memory CSV text.
pub fn analyze_text(name: &str, text: &str) -> Analysis {
    let files = vec![InputFile { name: name.into(), bytes: text.as_bytes().to_vec(), kind: None }];
    tongxing::pipeline::run(&files, &Options::default(), &|| 0.0).expect("analysis")
}

/// A directed graph from 0-based pairs.
pub fn digraph(n: usize, edges: &[(u32, u32)]) -> Graph {
    let e: Vec<(u32, u32, f64)> = edges.iter().map(|(a, b)| (*a, *b, 1.0)).collect();
    Graph::from_edges(n, &e)
}

/// An undirected graph stored as ties in both directions.
pub fn undirected(n: usize, edges: &[(u32, u32)]) -> Graph {
    let e: Vec<(u32, u32, f64)> = edges.iter().flat_map(|(a, b)| [(*a, *b, 1.0), (*b, *a, 1.0)]).collect();
    Graph::from_edges(n, &e)
}

/// Zachary's karate club from `tests/data/karate.txt`, 0-based, both directions.
pub fn karate() -> Graph {
    let text = std::fs::read_to_string(data("karate.txt")).expect("karate fixture");
    let edges: Vec<(u32, u32)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut it = l.split_whitespace().map(|x| x.parse::<u32>().expect("number") - 1);
            (it.next().expect("a"), it.next().expect("b"))
        })
        .collect();
    assert_eq!(edges.len(), 78);
    undirected(34, &edges)
}
