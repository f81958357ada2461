//! The colours of communities, shared by the network diagram, its ego diagram, the community
//! sizes and the explorer, and their legend: each community the palette colours by its name
//! (`labels::community_name`), the rest in grey (by name when one remains, else together), and
//! the organizations with no tie (communities of their own) in black, so every node drawn has a
//! legend entry.

use super::PALETTE;
use crate::i18n::{Lang, t, tf};
use crate::report::{NodeMetrics, RelationReport};

/// Colour of communities beyond the palette: a light brown, not the grey of the diagrams'
/// "responded" and "did not respond" marks, which it was read as.
pub const OTHER: (u8, u8, u8) = (166, 124, 82);

/// Colour of organizations that named no one and were named by no one (Okabe–Ito's black,
/// which the palette leaves out).
pub const ISOLATE: (u8, u8, u8) = (0, 0, 0);

/// Whether a node has no tie at all.
pub fn isolated(node: &NodeMetrics) -> bool {
    node.degree == 0
}

/// Colour of community `c` (numbered by size): the palette's, grey beyond it.
pub fn colour(c: usize) -> (u8, u8, u8) {
    PALETTE.get(c).copied().unwrap_or(OTHER)
}

/// A node's colour when colours are the communities: its community's, black without a tie.
pub fn node_colour(node: &NodeMetrics) -> (u8, u8, u8) {
    if isolated(node) { ISOLATE } else { colour(node.community) }
}

/// One entry of the community legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The colour.
    pub colour: (u8, u8, u8),
    /// What it is: a community's name, the other communities, or the organizations with no tie.
    pub label: String,
    /// Organizations of that colour.
    pub count: usize,
}

/// The community legend of a relation: each community the palette colours (largest first,
/// by name), then the rest in grey ("N other communities", or its name when one remains), then
/// the organizations with no tie in black; every node is counted in one entry.
pub fn legend(rel: &RelationReport, lang: Lang) -> Vec<Entry> {
    let k = rel.nodes.iter().map(|n| n.community + 1).max().unwrap_or(0);
    let mut sizes = vec![0usize; k];
    let mut isolates = 0;
    for n in &rel.nodes {
        if isolated(n) {
            isolates += 1;
        } else {
            sizes[n.community] += 1;
        }
    }
    let mut out: Vec<Entry> = sizes
        .iter()
        .enumerate()
        .take(PALETTE.len())
        .filter(|(_, s)| **s > 0)
        .map(|(c, s)| Entry {
            colour: colour(c),
            label: crate::labels::community_name(rel, c, lang),
            count: *s,
        })
        .collect();
    let rest: Vec<(usize, usize)> =
        sizes.iter().copied().enumerate().skip(PALETTE.len()).filter(|(_, s)| *s > 0).collect();
    match rest.as_slice() {
        [] => {}
        // One community beyond the palette keeps its name (grey): "1 other community" hid the
        // name the organization page and the tables give it.
        [(c, size)] => out.push(Entry {
            colour: OTHER,
            label: crate::labels::community_name(rel, *c, lang),
            count: *size,
        }),
        _ => {
            let label = tf(lang, "network.other_communities_n", &[("n", rest.len().to_string())]);
            out.push(Entry { colour: OTHER, label, count: rest.iter().map(|(_, s)| s).sum() });
        }
    }
    if isolates > 0 {
        out.push(Entry { colour: ISOLATE, label: t(lang, "network.isolates"), count: isolates });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_counts_every_node_once_and_names_the_rest_and_the_isolates() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        for rel in &a.report.network.relations {
            let entries = legend(rel, Lang::Zh);
            assert_eq!(entries.iter().map(|e| e.count).sum::<usize>(), rel.nodes.len(), "{}", rel.key);
            // Every colour a node is drawn in has an entry.
            for n in &rel.nodes {
                assert!(entries.iter().any(|e| e.colour == node_colour(n)), "{}: {}", rel.key, n.name);
            }
        }
        // The demo's first relation: 8 communities with ties (the legend's first seven by name
        // in colour, the eighth by name in grey: one community is not "1 other community") and
        // 3 organizations with no tie.
        let rel = &a.report.network.relations[0];
        let entries = legend(rel, Lang::Zh);
        let labels: Vec<&str> = entries.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels.len(), 9, "{labels:?}");
        assert!(labels[..8].iter().all(|l| l.ends_with("所在的社群")), "{labels:?}");
        assert_eq!(entries[7].colour, OTHER);
        assert_eq!(labels[7], crate::labels::community_name(rel, 7, Lang::Zh));
        assert_eq!((labels[8], entries[8].count, entries[8].colour), ("未提名也未被提名的机构", 3, ISOLATE));
        // The diagram's legend says all of it, and draws its isolates in their colour.
        let n = rel.nodes.len();
        let at: Vec<(f64, f64)> = (0..n).map(|i| (i as f64 / n as f64, (i % 7) as f64 / 7.0)).collect();
        let svg = crate::charts::network::diagram(rel, &a.graphs[0], &at, Lang::Zh).unwrap();
        for label in &labels {
            assert!(svg.contains(&crate::markup::escape(label)), "{label}");
        }
        assert!(svg.contains("社群（以其中被提名最多的机构命名）"));
        // The row of organizations with no tie says what it is (three dots alone read as "…").
        assert!(svg.contains("← 这 3 家机构未提名也未被提名"), "isolates' caption");
        // The leftover community's colour is no grey (the "responded" mark's), nor the palette's.
        let (r, g, b) = OTHER;
        assert!(r.abs_diff(g).max(g.abs_diff(b)).max(r.abs_diff(b)) >= 40, "{OTHER:?} reads as grey");
        assert!(!PALETTE.contains(&OTHER) && OTHER != ISOLATE);
        let black = svg.matches("fill=\"#000000\"").count();
        assert!(black > 3, "three isolates and the legend's dot: {black}");
    }
}
