//! The interactive network view's drawing: a plain SVG (not plotters, so that each node can
//! carry its index and a `<title>` tooltip) in a 1000 × 1000 view box. Node size follows a
//! chosen metric, colour the community (Okabe–Ito), hollow rings mark non-respondents; with a
//! focused organization, its ego network is highlighted and everything else dimmed.
//! Every name is XML-escaped.

use std::fmt::Write as _;

use super::PALETTE;
use crate::export::graph::xml_escape;
use crate::network::graph::Graph;
use crate::report::{NodeMetrics, RelationReport};

/// Side of the view box.
pub const VIEW: f64 = 1000.0;

/// Metrics the node size can follow.
pub const SIZE_METRICS: [&str; 5] = ["in_degree", "degree", "betweenness", "pagerank", "core_score"];

/// The value of a size metric for a node (0 when not defined).
pub fn metric(n: &NodeMetrics, key: &str) -> f64 {
    match key {
        "degree" => n.degree as f64,
        "betweenness" => n.betweenness.unwrap_or(0.0),
        "pagerank" => n.pagerank.unwrap_or(0.0),
        "core_score" => n.core_score.unwrap_or(0.0),
        _ => n.in_degree as f64,
    }
}

/// Screen position of a unit-square layout point (with a margin).
pub fn place(p: (f64, f64)) -> (f64, f64) {
    (40.0 + p.0 * (VIEW - 80.0), 40.0 + p.1 * (VIEW - 80.0))
}

/// The SVG of one relation. `labels` is the number of largest nodes that get a name.
pub fn explorer_svg(
    rel: &RelationReport,
    g: &Graph,
    positions: &[(f64, f64)],
    size_by: &str,
    focus: Option<usize>,
    labels: usize,
) -> String {
    let n = g.node_count();
    let mut s = String::with_capacity(64 * n + 24 * g.edge_count());
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {VIEW} {VIEW}\" width=\"100%\" height=\"100%\" font-family=\"{}\">",
        xml_escape(super::FONT)
    );
    if positions.len() != n || n == 0 {
        s.push_str("</svg>");
        return s;
    }
    let pts: Vec<(f64, f64)> = positions.iter().map(|p| place(*p)).collect();
    let near: Vec<bool> = match focus {
        Some(f) if f < n => {
            let mut v = vec![false; n];
            v[f] = true;
            g.und(f).iter().for_each(|w| v[*w as usize] = true);
            v
        }
        _ => vec![true; n],
    };
    // All ties in one path: far smaller than one element per tie.
    let mut d = String::new();
    let mut d_focus = String::new();
    for v in 0..n {
        for &w in g.out(v) {
            let w = w as usize;
            let target =
                if focus.is_some() && (focus == Some(v) || focus == Some(w)) { &mut d_focus } else { &mut d };
            let _ = write!(target, "M{:.1} {:.1}L{:.1} {:.1}", pts[v].0, pts[v].1, pts[w].0, pts[w].1);
        }
    }
    let edge_opacity = if focus.is_some() { 0.08 } else { 0.25 };
    let _ = write!(s, "<path d=\"{d}\" stroke=\"#505050\" stroke-opacity=\"{edge_opacity}\" fill=\"none\"/>");
    if !d_focus.is_empty() {
        let _ = write!(
            s,
            "<path d=\"{d_focus}\" stroke=\"#D55E00\" stroke-opacity=\"0.8\" stroke-width=\"2\" fill=\"none\"/>"
        );
    }
    let max = rel.nodes.iter().map(|x| metric(x, size_by)).fold(0.0, f64::max);
    let radius = |x: &NodeMetrics| {
        let base = if n > 1000 { 2.0 } else { 4.0 };
        if max > 0.0 { base + 12.0 * (metric(x, size_by) / max).sqrt() } else { base + 2.0 }
    };
    for (v, node) in rel.nodes.iter().enumerate().take(n) {
        let (r, gr, b) =
            if node.community < PALETTE.len() { PALETTE[node.community] } else { (150, 150, 150) };
        let colour = format!("#{r:02X}{gr:02X}{b:02X}");
        let opacity = if near[v] { 1.0 } else { 0.2 };
        let (fill, stroke) =
            if node.respondent { (colour.as_str(), "#ffffff") } else { ("#ffffff", colour.as_str()) };
        let width = if focus == Some(v) { 4 } else { 2 };
        let stroke = if focus == Some(v) { "#000000" } else { stroke };
        let _ = write!(
            s,
            "<circle data-i=\"{v}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\" opacity=\"{opacity}\"><title>{}</title></circle>",
            pts[v].0,
            pts[v].1,
            radius(node),
            xml_escape(&node.name)
        );
    }
    // Labels: the focused organization, its partners (when focused), and the largest nodes.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| {
        metric(&rel.nodes[*b], size_by).total_cmp(&metric(&rel.nodes[*a], size_by)).then(a.cmp(b))
    });
    let mut labelled: Vec<usize> = order.into_iter().take(labels).collect();
    if let Some(f) = focus.filter(|f| *f < n) {
        labelled = std::iter::once(f).chain(g.und(f).iter().map(|w| *w as usize).take(30)).collect();
    }
    for v in labelled {
        let name: String = rel.nodes[v].name.chars().take(16).collect();
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"16\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\" fill=\"#000000\" pointer-events=\"none\">{}</text>",
            pts[v].0 + radius(&rel.nodes[v]) + 3.0,
            pts[v].1 + 5.0,
            xml_escape(&name)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explorer_escapes_names_and_marks_the_focus() {
        let a = crate::pipeline::run(
            &crate::demo::files(),
            &crate::pipeline::Options { layout: true, ..Default::default() },
            &|| 0.0,
        )
        .unwrap();
        let rel = &a.relations[0];
        let mut report = rel.report.clone();
        report.nodes[0].name = "<b>\"A&B\"</b>".into();
        let svg = explorer_svg(&report, &rel.graph, &a.layouts[0], "betweenness", Some(0), 10);
        assert!(!svg.contains("<b>") && svg.contains("&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"));
        assert_eq!(svg.matches("<circle").count(), rel.graph.node_count());
        assert!(svg.contains("stroke=\"#000000\" stroke-width=\"4\""), "focus ring");
        // Without a layout there is nothing to draw, but the SVG is still valid.
        assert_eq!(explorer_svg(&report, &rel.graph, &[], "degree", None, 5).matches("<circle").count(), 0);
    }
}
