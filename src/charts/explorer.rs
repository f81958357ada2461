//! The interactive network view's drawing: a plain SVG (not plotters, so that each node can
//! carry its index and a `<title>` tooltip) in a 1000 × 1000 view box. Node size follows a
//! chosen metric, colour the community (Okabe–Ito), hollow rings mark non-respondents; with a
//! focused organization, its ego network is highlighted and everything else dimmed.
//! Every name is XML-escaped.

use std::fmt::Write as _;

use super::PALETTE;
use crate::markup::escape;
use crate::network::graph::Graph;
use crate::network::node_metric::NodeMetric;
use crate::report::{NodeMetrics, RelationReport};

/// Side of the view box.
pub const VIEW: f64 = 1000.0;

/// A node's size by `metric`: the metric, or 0 when it is not defined (never negative).
pub fn size(metric: NodeMetric, n: &NodeMetrics) -> f64 {
    metric.get(n).and_then(crate::stats::finite).unwrap_or(0.0).max(0.0)
}

/// Appends integers to path data faster than `write!` (a large network's frame writes
/// millions of them).
pub(crate) fn push_ints(d: &mut String, parts: &[(char, i32)]) {
    let mut buf = itoa::Buffer::new();
    for &(c, v) in parts {
        d.push(c);
        d.push_str(buf.format(v));
    }
}

/// Node colours by a category other than the community (an attribute of the organizations,
/// their capacity profile, whether they answered): the most frequent categories get the
/// palette's colours in order, the rest share grey.
#[derive(Debug, Clone, PartialEq)]
pub struct Colouring {
    /// Per node: index into `legend`, or `None` (no value: grey).
    pub index: Vec<Option<usize>>,
    /// Categories with their node counts, most frequent first.
    pub legend: Vec<(String, usize)>,
}

impl Colouring {
    /// From one optional category per node. Legend entries are ordered by count, then name.
    ///
    /// Takes borrowed categories and counts them in a hash map: for 100,000 nodes, building a
    /// `String` per node and per colouring (four of them) and a B-tree of them was a good part
    /// of the page's task that mounts the network explorer.
    pub fn from_values<S: AsRef<str>>(values: &[Option<S>]) -> Colouring {
        let mut counts: rustc_hash::FxHashMap<&str, usize> = Default::default();
        for v in values.iter().flatten() {
            *counts.entry(v.as_ref()).or_default() += 1;
        }
        let mut legend: Vec<(String, usize)> = counts.into_iter().map(|(k, c)| (k.to_string(), c)).collect();
        legend.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let position: rustc_hash::FxHashMap<&str, usize> =
            legend.iter().enumerate().map(|(i, (k, _))| (k.as_str(), i)).collect();
        let index =
            values.iter().map(|v| v.as_ref().and_then(|v| position.get(v.as_ref()).copied())).collect();
        drop(position);
        Colouring { index, legend }
    }

    /// The colour of a legend entry.
    pub fn colour(i: usize) -> (u8, u8, u8) {
        PALETTE.get(i).copied().unwrap_or(GREY)
    }
}

/// Colour of nodes beyond the palette or without a value.
pub const GREY: (u8, u8, u8) = (150, 150, 150);

/// Screen position of a unit-square layout point (with a margin).
pub fn place(p: (f64, f64)) -> (f64, f64) {
    (40.0 + p.0 * (VIEW - 80.0), 40.0 + p.1 * (VIEW - 80.0))
}

/// What the explorer draws, in view-box coordinates, shared by the SVG (small graphs) and
/// the canvas (large graphs) so both show the same picture.
pub struct Scene {
    /// Node centres.
    pub pts: Vec<(f64, f64)>,
    /// Node radii.
    pub radius: Vec<f64>,
    /// Node colour (community, Okabe–Ito; grey beyond the palette).
    pub colour: Vec<(u8, u8, u8)>,
    /// Whether the node is in the focused ego network (all true without a focus).
    pub near: Vec<bool>,
    /// Nodes that get a name label, in drawing order.
    pub labels: Vec<usize>,
    /// The focused node, if any.
    pub focus: Option<usize>,
    /// Ties coloured and widened by a tie dimension (`None`: all grey and thin).
    pub ties: Option<std::sync::Arc<super::tie_style::TieStyle>>,
}

impl Scene {
    /// The scene of one relation, or `None` when the positions do not fit the graph.
    /// `labels` is the number of largest nodes that get a name.
    pub fn new(
        rel: &RelationReport,
        g: &Graph,
        positions: &[(f64, f64)],
        size_by: NodeMetric,
        colouring: Option<&Colouring>,
        focus: Option<usize>,
        labels: usize,
    ) -> Option<Scene> {
        let n = g.node_count();
        if positions.len() != n || n == 0 || rel.nodes.len() < n {
            return None;
        }
        let focus = focus.filter(|f| *f < n);
        let near: Vec<bool> = match focus {
            Some(f) => {
                let mut v = vec![false; n];
                v[f] = true;
                g.und(f).iter().for_each(|w| v[*w as usize] = true);
                v
            }
            None => vec![true; n],
        };
        // The metric is chosen once: a match per node, no key compared.
        let size_of = |x: &NodeMetrics| size(size_by, x);
        let size: Vec<f64> = rel.nodes[..n].iter().map(size_of).collect();
        let max = rel.nodes[n..].iter().map(size_of).chain(size.iter().copied()).fold(0.0, f64::max);
        let base = if n > 1000 { 2.0 } else { 4.0 };
        let radius = size
            .iter()
            .map(|s| if max > 0.0 { base + 12.0 * (s / max).sqrt() } else { base + 2.0 })
            .collect();
        let colour = match colouring.filter(|c| c.index.len() == n) {
            Some(c) => c.index.iter().map(|i| i.map_or(GREY, Colouring::colour)).collect(),
            None => rel.nodes[..n].iter().map(|x| Colouring::colour(x.community)).collect(),
        };
        // Labels: the focused organization and its partners, or else the largest nodes.
        let labels = match focus {
            Some(f) => std::iter::once(f).chain(g.und(f).iter().map(|w| *w as usize).take(30)).collect(),
            None => {
                let mut order: Vec<usize> = (0..n).collect();
                let key = |v: usize| size[v];
                let k = labels.min(n);
                if k > 0 && k < n {
                    order.select_nth_unstable_by(k - 1, |a, b| key(*b).total_cmp(&key(*a)).then(a.cmp(b)));
                }
                order.truncate(k);
                order.sort_by(|a, b| key(*b).total_cmp(&key(*a)).then(a.cmp(b)));
                order
            }
        };
        Some(Scene {
            pts: positions.iter().map(|p| place(*p)).collect(),
            radius,
            colour,
            near,
            labels,
            focus,
            ties: None,
        })
    }

    /// The node under a view-box point: the nearest centre within its radius plus a few
    /// units of slack (for fingers), preferring nodes in the focused ego network.
    pub fn hit(&self, x: f64, y: f64) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (v, p) in self.pts.iter().enumerate() {
            let d = ((p.0 - x).powi(2) + (p.1 - y).powi(2)).sqrt();
            let reach = self.radius[v] + 6.0;
            if d <= reach && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, v));
            }
        }
        best.map(|(_, v)| v)
    }

    /// The label text of a node: its name, cut to 16 characters (the cut marked "…").
    pub fn label(rel: &RelationReport, v: usize) -> String {
        let Some(n) = rel.nodes.get(v) else { return String::new() };
        if n.name.chars().count() <= 16 {
            return n.name.clone();
        }
        let mut text: String = n.name.chars().take(15).collect();
        text.push('…');
        text
    }
}

/// A name written beside its node: node, anchor (view units, the text's left end on its
/// baseline) and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The node.
    pub node: usize,
    /// Left end of the baseline, in view units.
    pub x: f64,
    /// Baseline, in view units.
    pub y: f64,
    /// The name, cut to 16 characters (with "…").
    pub text: String,
}

/// The names to write at a font size of `font` view units: the scene's label candidates in
/// order (the focus and its partners, or the largest nodes first), each beside its node (to
/// the right, or to the left where it would leave the picture), leaving out every name whose
/// box would overlap one already placed. The font size in view units is the shown size in CSS
/// pixels over the pixels per view unit, so that zooming in makes room for more names.
pub fn place_labels(rel: &RelationReport, sc: &Scene, font: f64) -> Vec<Label> {
    let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut out = Vec::new();
    let gap = font * 0.25;
    for &v in &sc.labels {
        let text = Scene::label(rel, v);
        if text.is_empty() {
            continue;
        }
        let w = text.chars().map(|c| if wide(c) { 1.0 } else { 0.6 }).sum::<f64>() * font;
        let (cx, cy) = sc.pts[v];
        let r = sc.radius[v];
        let y = cy + font * 0.35;
        let right = cx + r + 3.0;
        let x = if right + w > VIEW && cx - r - 3.0 - w >= 0.0 { cx - r - 3.0 - w } else { right };
        let b = (x - gap, y - font * 0.9 - gap, x + w + gap, y + font * 0.25 + gap);
        if boxes.iter().any(|o| b.0 < o.2 && o.0 < b.2 && b.1 < o.3 && o.1 < b.3) {
            continue;
        }
        boxes.push(b);
        out.push(Label { node: v, x, y, text });
    }
    out
}

/// East Asian wide characters (about 1em wide; others about 0.6em).
fn wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The names layer: an SVG of the same view box as the picture, with the placed names at
/// `font` view units (white halo, escaped), which lets pointer events through to the nodes.
pub fn labels_svg(labels: &[Label], font: f64) -> String {
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW} {VIEW}" width="100%" height="100%" font-family="{}" font-size="{font:.2}" pointer-events="none" aria-hidden="true">"#,
        escape(super::FONT)
    );
    let halo = (font * 0.2).max(0.5);
    for l in labels {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" paint-order="stroke" stroke="#ffffff" stroke-width="{halo:.2}" fill="#000000">{}</text>"##,
            l.x,
            l.y,
            escape(&l.text)
        );
    }
    s.push_str("</svg>");
    s
}

/// `#RRGGBB` of a colour.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// The SVG of one relation's ties and nodes (each with its name as a `<title>`); the names
/// written beside the nodes are a layer of their own ([`labels_svg`]), drawn at the size they
/// are shown. `labels` is the number of largest nodes that may get a name.
pub fn explorer_svg(
    rel: &RelationReport,
    g: &Graph,
    positions: &[(f64, f64)],
    size_by: NodeMetric,
    colouring: Option<&Colouring>,
    focus: Option<usize>,
    labels: usize,
) -> String {
    match Scene::new(rel, g, positions, size_by, colouring, focus, labels) {
        Some(sc) => scene_svg(rel, g, &sc),
        None => format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {VIEW} {VIEW}\"></svg>"),
    }
}

/// The SVG of a scene's ties and nodes (see [`explorer_svg`]).
pub fn scene_svg(rel: &RelationReport, g: &Graph, sc: &Scene) -> String {
    let n = sc.pts.len();
    let mut s = String::with_capacity(64 * n + 24 * g.edge_count());
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {VIEW} {VIEW}\" width=\"100%\" height=\"100%\" font-family=\"{}\">",
        escape(super::FONT)
    );
    let edge_opacity = if sc.focus.is_some() { 0.08 } else { 0.25 };
    let d_focus = match &sc.ties {
        Some(style) => {
            let (paths, d_focus) = style.paths(g, &sc.pts, sc.focus, usize::MAX, 1.0);
            rated_ties_svg(&mut s, style, &paths, sc.focus.is_some());
            d_focus
        }
        None => {
            let (d, d_focus) = edge_paths(g, &sc.pts, sc.focus, usize::MAX, 1.0);
            let _ = write!(
                s,
                "<path d=\"{d}\" stroke=\"#505050\" stroke-opacity=\"{edge_opacity}\" fill=\"none\"/>"
            );
            d_focus
        }
    };
    if !d_focus.is_empty() {
        let _ = write!(
            s,
            "<path d=\"{d_focus}\" stroke=\"#D55E00\" stroke-opacity=\"0.8\" stroke-width=\"2\" fill=\"none\"/>"
        );
    }
    for (v, node) in rel.nodes.iter().enumerate().take(n) {
        let colour = hex(sc.colour[v]);
        let opacity = if sc.near[v] { 1.0 } else { 0.2 };
        let (fill, stroke) =
            if node.respondent { (colour.as_str(), "#ffffff") } else { ("#ffffff", colour.as_str()) };
        let width = if sc.focus == Some(v) { 4 } else { 2 };
        let stroke = if sc.focus == Some(v) { "#000000" } else { stroke };
        let _ = write!(
            s,
            "<circle data-i=\"{v}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\" opacity=\"{opacity}\"><title>{}</title></circle>",
            sc.pts[v].0,
            sc.pts[v].1,
            sc.radius[v],
            escape(&node.name)
        );
    }
    s.push_str("</svg>");
    s
}

/// Ties by a tie dimension: the unrated ones thin and grey first, then each class from the
/// lowest (light, thin) to the highest (dark, thick), drawn over the lower ones.
fn rated_ties_svg(s: &mut String, style: &super::tie_style::TieStyle, paths: &[String], dimmed: bool) {
    let faint = if dimmed { 0.08 } else { 0.25 };
    if let Some(d) = paths.last().filter(|d| !d.is_empty()) {
        let _ = write!(s, "<path d=\"{d}\" stroke=\"#969696\" stroke-opacity=\"{faint}\" fill=\"none\"/>");
    }
    let opacity = if dimmed { 0.15 } else { 0.85 };
    for (i, (class, d)) in style.classes.iter().zip(paths).enumerate().filter(|(_, (_, d))| !d.is_empty()) {
        let _ = write!(
            s,
            "<path data-tie-class=\"{i}\" d=\"{d}\" stroke=\"{}\" stroke-width=\"{:.2}\" stroke-opacity=\"{opacity}\" stroke-linecap=\"round\" fill=\"none\"/>",
            hex(class.colour),
            class.width
        );
    }
}

/// The ties as SVG path data (`M x y L x y` per tie): ties off the focus, and ties of the
/// focused node. Coordinates are written as integers in units of `1 / scale` view units
/// (integers format several times faster than decimals, which matters for a million ties;
/// the SVG uses whole view units, 0.06% of its side, the canvas tenths). At most `limit`
/// ties off the focus are written, spread evenly over the list (a canvas of a million ties
/// draws a sample; [`drawn_ties`] says how many). One path is far smaller than one element
/// per tie.
pub fn edge_paths(
    g: &Graph,
    pts: &[(f64, f64)],
    focus: Option<usize>,
    limit: usize,
    scale: f64,
) -> (String, String) {
    let m = g.edge_count();
    let stride = m.div_ceil(limit.max(1)).max(1);
    let at: Vec<(i32, i32)> =
        pts.iter().map(|p| ((p.0 * scale).round() as i32, (p.1 * scale).round() as i32)).collect();
    let mut d = String::with_capacity(20 * m.min(limit));
    let mut d_focus = String::new();
    let mut i = 0usize;
    for v in 0..g.node_count() {
        for &w in g.out(v) {
            let w = w as usize;
            let focused = focus.is_some() && (focus == Some(v) || focus == Some(w));
            let line = [('M', at[v].0), (' ', at[v].1), ('L', at[w].0), (' ', at[w].1)];
            if focused {
                push_ints(&mut d_focus, &line);
            } else if i.is_multiple_of(stride) {
                push_ints(&mut d, &line);
            }
            i += 1;
        }
    }
    (d, d_focus)
}

/// `text` (path data whose subpaths each start with `M`) cut before subpaths into pieces of
/// at most `max` bytes (or one subpath, if a subpath is longer), which draw together exactly
/// as the whole: the canvas parses a large network's frame a piece at a time.
pub fn path_pieces(text: String, max: usize) -> Vec<String> {
    if text.len() <= max {
        return vec![text];
    }
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while rest.len() > max {
        // The last subpath start at or before `max` (the first one after it if none).
        let cut = rest.as_bytes()[1..=max]
            .iter()
            .rposition(|b| *b == b'M')
            .map(|i| i + 1)
            .or_else(|| rest.as_bytes()[1..].iter().position(|b| *b == b'M').map(|i| i + 1));
        let Some(cut) = cut else { break };
        out.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    out.push(rest.to_string());
    out
}

/// How many of `m` ties [`edge_paths`] draws with a given limit (focused ties aside).
pub fn drawn_ties(m: usize, limit: usize) -> usize {
    let stride = m.div_ceil(limit.max(1)).max(1);
    m.div_ceil(stride)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_pieces_cut_before_subpaths() {
        let d = "M1 2L3 4M10 20L30 40M5 5h2v2h-2z".to_string();
        assert_eq!(path_pieces(d.clone(), 100), vec![d.clone()]);
        // Each piece starts a subpath, none is longer than the limit unless one subpath is,
        // and together they are the text.
        for max in [1, 5, 9, 10, 11, 17, 18, 30] {
            let p = path_pieces(d.clone(), max);
            assert_eq!(p.concat(), d, "max {max}");
            assert!(p.iter().all(|x| x.starts_with('M')), "max {max}: {p:?}");
            assert!(p.iter().all(|x| x.len() <= max || x[1..].find('M').is_none()), "max {max}: {p:?}");
        }
        assert_eq!(path_pieces(d.clone(), 9), vec!["M1 2L3 4", "M10 20L30 40", "M5 5h2v2h-2z"]);
        assert_eq!(path_pieces(d, 20), vec!["M1 2L3 4M10 20L30 40", "M5 5h2v2h-2z"]);
    }

    #[test]
    fn path_integers_read_as_formatted_text() {
        let mut d = String::from("x");
        push_ints(&mut d, &[('M', -12), (' ', 0), ('L', i32::MAX), (' ', i32::MIN), ('h', 7)]);
        assert_eq!(d, format!("xM-12 0L{} {}h7", i32::MAX, i32::MIN));
        // Two ties of a path graph 0 → 1 → 2 at known points, scaled by 10.
        let g = Graph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        let (d, focus) = edge_paths(&g, &[(0.0, 0.0), (1.5, -2.0), (3.04, 4.0)], Some(2), 10, 10.0);
        assert_eq!((d.as_str(), focus.as_str()), ("M0 0L15 -20", "M15 -20L30 40"));
    }

    #[test]
    fn explorer_escapes_names_and_marks_the_focus() {
        let a = crate::pipeline::run(
            &crate::demo::files(),
            &crate::pipeline::Options { layout: true, ..Default::default() },
            &|| 0.0,
        )
        .unwrap();
        let graph = &a.graphs[0];
        let mut report = a.report.network.relations[0].clone();
        report.nodes[0].name = "<b>\"A&B\"</b>".into();
        let svg = explorer_svg(&report, graph, &a.layouts[0], NodeMetric::Betweenness, None, Some(0), 10);
        assert!(!svg.contains("<b>") && svg.contains("&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"));
        assert_eq!(svg.matches("<circle").count(), graph.node_count());
        assert!(svg.contains("stroke=\"#000000\" stroke-width=\"4\""), "focus ring");
        // The scene behind it: hit-testing finds the node under a point, and nothing far away.
        let sc = Scene::new(&report, graph, &a.layouts[0], NodeMetric::Betweenness, None, None, 10).unwrap();
        let (x, y) = sc.pts[3];
        assert_eq!(sc.hit(x, y).map(|u| sc.pts[u]), Some((x, y)));
        assert_eq!(sc.hit(-500.0, -500.0), None);
        assert_eq!(sc.labels.len(), 10);
        // Names never overlap, and a larger font leaves fewer of them; all fit at a small one.
        let overlap = |a: &Label, b: &Label, font: f64| {
            let w = |l: &Label| l.text.chars().count() as f64 * font;
            a.x < b.x + w(b) && b.x < a.x + w(a) && (a.y - b.y).abs() < font
        };
        let mut counts = Vec::new();
        for font in [8.0, 20.0, 40.0, 80.0] {
            let placed = place_labels(&report, &sc, font);
            for (i, a) in placed.iter().enumerate() {
                assert!(placed[i + 1..].iter().all(|b| !overlap(a, b, font * 0.55)), "font {font}: {a:?}");
            }
            counts.push(placed.len());
        }
        assert!(counts.windows(2).all(|w| w[0] >= w[1]) && counts[3] < counts[0], "{counts:?}");
        let placed = place_labels(&report, &sc, 30.0);
        let layer = labels_svg(&placed, 30.0);
        assert_eq!(layer.matches("<text").count(), placed.len());
        assert!(layer.contains("font-size=\"30.00\"") && layer.contains("pointer-events=\"none\""));
        assert!(layer.contains("&lt;b&gt;") || !placed.iter().any(|l| l.node == 0));
        // A tie limit draws an even sample and says how many.
        let m = graph.edge_count();
        let (d, _) = edge_paths(graph, &sc.pts, None, m / 3, 10.0);
        assert_eq!(d.matches('M').count(), drawn_ties(m, m / 3));
        assert!(drawn_ties(m, m / 3) <= m / 3 + 1);
        assert_eq!(edge_paths(graph, &sc.pts, None, usize::MAX, 1.0).0.matches('M').count(), m);
        // Colour by a category: most frequent first, palette in order, grey without a value.
        let values: Vec<Option<String>> = (0..graph.node_count())
            .map(|v| if v % 3 == 0 { None } else { Some(format!("c{}", v % 3)) })
            .collect();
        let c = Colouring::from_values(&values);
        assert_eq!(c.legend.iter().map(|(_, k)| *k).sum::<usize>(), values.iter().flatten().count());
        // Legend by count, then name; every node points at its category's entry.
        let small = Colouring::from_values(&[Some("b"), Some("a"), Some("b"), None, Some("a"), Some("c")]);
        assert_eq!(small.legend, vec![("a".to_string(), 2), ("b".to_string(), 2), ("c".to_string(), 1)]);
        assert_eq!(small.index, vec![Some(1), Some(0), Some(1), None, Some(0), Some(2)]);
        let sc =
            Scene::new(&report, graph, &a.layouts[0], NodeMetric::Closeness, Some(&c), None, 10).unwrap();
        assert_eq!(sc.colour[0], GREY);
        assert_eq!(sc.colour[1], Colouring::colour(c.index[1].unwrap()));
        let svg = explorer_svg(&report, graph, &a.layouts[0], NodeMetric::Degree, Some(&c), None, 5);
        assert!(svg.contains(&hex(GREY)) && svg.contains(&hex(Colouring::colour(0))));
        // Every size metric is finite and not negative.
        for k in NodeMetric::ALL.into_iter().filter(|m| m.sizes_nodes()) {
            assert!(report.nodes.iter().all(|n| size(k, n).is_finite() && size(k, n) >= 0.0), "{k:?}");
        }
        // Without a layout there is nothing to draw, but the SVG is still valid.
        assert_eq!(
            explorer_svg(&report, graph, &[], NodeMetric::Degree, None, None, 5).matches("<circle").count(),
            0
        );
    }
}
