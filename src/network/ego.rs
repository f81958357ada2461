//! The ego network of one organization: its partners, the ties among them and its brokerage.
//!
//! Used by the page's ego view and the printable report; the brokerage numbers themselves
//! (effective size, constraint, Gould–Fernandez roles) are node metrics computed elsewhere.

use serde::{Deserialize, Serialize};

use super::graph::Graph;

/// One partner of the ego.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alter {
    /// Node index.
    pub node: usize,
    /// The ego names this partner.
    pub named: bool,
    /// This partner names the ego.
    pub named_by: bool,
}

/// The ego network of a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ego {
    /// The organization at the centre.
    pub ego: usize,
    /// Its partners (in either direction), in node order.
    pub alters: Vec<Alter>,
    /// Directed ties among the partners, as indices into `alters`.
    pub ties: Vec<(usize, usize)>,
    /// Ties among partners ÷ possible directed pairs among them; `None` below two partners.
    pub density: Option<f64>,
}

/// The ego network of `v` (undirected neighbourhood, directed ties among the partners).
pub fn ego_network(g: &Graph, v: usize) -> Ego {
    let partners = g.und(v);
    let alters: Vec<Alter> = partners
        .iter()
        .map(|&w| Alter {
            node: w as usize,
            named: g.has_edge(v, w as usize),
            named_by: g.has_edge(w as usize, v),
        })
        .collect();
    let mut ties = Vec::new();
    for (i, &a) in partners.iter().enumerate() {
        for &b in g.out(a as usize) {
            if let Ok(j) = partners.binary_search(&b) {
                ties.push((i, j));
            }
        }
    }
    let k = alters.len() as f64;
    let density = (alters.len() >= 2).then(|| ties.len() as f64 / (k * (k - 1.0)));
    Ego { ego: v, alters, ties, density }
}

/// The ego network as a small graph (ego first, then partners) with `(source, target)` ties,
/// for drawing.
pub fn ego_graph(e: &Ego) -> Graph {
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for (i, a) in e.alters.iter().enumerate() {
        let j = i as u32 + 1;
        if a.named {
            edges.push((0, j, 1.0));
        }
        if a.named_by {
            edges.push((j, 0, 1.0));
        }
    }
    edges.extend(e.ties.iter().map(|(a, b)| (*a as u32 + 1, *b as u32 + 1, 1.0)));
    Graph::from_edges(e.alters.len() + 1, &edges)
}
