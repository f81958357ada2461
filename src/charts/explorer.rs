//! The interactive network view's drawing: a plain SVG (not plotters, so that each node can
//! carry its index and a `<title>` tooltip) in a 1000 × 1000 view box. Node size follows a
//! chosen metric, colour the community (Okabe–Ito), hollow rings mark non-respondents; with a
//! focused organization, its ego network is highlighted and everything else dimmed.
//! Every name is XML-escaped.

use std::fmt::Write as _;

use super::PALETTE;
use super::backend::text_extent;
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

/// The picture's margin in view units: the layout's bounding box fills the view box less this
/// on each side of its longer axis ([`fit`]).
pub const MARGIN: f64 = 40.0;

/// View-box positions of layout points: their bounding box scaled alike on both axes (the
/// layout's shape kept) so that its longer side fills the view box less [`MARGIN`] on each
/// side, and centred on the other axis. A layout whose points leave part of the unit square
/// empty (a walkthrough found the demo's lower part blank) still fills the picture; a
/// layout of one point, or of points all at one place, sits in the middle.
pub fn fit(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let finite = points.iter().filter(|p| p.0.is_finite() && p.1.is_finite());
    let (mut x0, mut x1, mut y0, mut y1) =
        (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for p in finite {
        (x0, x1, y0, y1) = (x0.min(p.0), x1.max(p.0), y0.min(p.1), y1.max(p.1));
    }
    let span = (x1 - x0).max(y1 - y0);
    let inner = VIEW - 2.0 * MARGIN;
    let scale = if span > 1e-12 { inner / span } else { 0.0 };
    // The shorter axis is centred: its leftover room split evenly.
    let (ox, oy) = (MARGIN + (inner - (x1 - x0) * scale) / 2.0, MARGIN + (inner - (y1 - y0) * scale) / 2.0);
    points
        .iter()
        .map(|p| {
            if p.0.is_finite() && p.1.is_finite() && scale > 0.0 {
                (ox + (p.0 - x0) * scale, oy + (p.1 - y0) * scale)
            } else {
                (VIEW / 2.0, VIEW / 2.0)
            }
        })
        .collect()
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
            None => rel.nodes[..n].iter().map(super::communities::node_colour).collect(),
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
        Some(Scene { pts: fit(positions), radius, colour, near, labels, focus, ties: None })
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

/// How many of the first label candidates (the largest nodes, or the focus and its first
/// partners) get more places to try, so that they are named: a walkthrough found the demo's 2nd and 3rd most-named
/// organizations unnamed, their names left out for overlapping the 1st's.
pub const ALWAYS_LABELLED: usize = 3;

/// The names to write at a font size of `font` view units: the scene's label candidates in
/// order (the focus and its partners, or the largest nodes first), each beside its node. The
/// font size in view units is the shown size in CSS pixels over the pixels per view unit, so
/// that zooming in makes room for more names. See [`arrange_labels`].
pub fn place_labels(rel: &RelationReport, sc: &Scene, font: f64) -> Vec<Label> {
    let items: Vec<(usize, String)> = sc
        .labels
        .iter()
        .map(|&v| (v, Scene::label(rel, v)))
        .filter(|(v, text)| !text.is_empty() && *v < sc.pts.len())
        .collect();
    arrange_labels(&items, &sc.pts, &sc.radius, font)
}

/// A name's box (left, top, right, bottom) with its anchor at (x, y) (the baseline's left
/// end), `w` wide, at `font` view units, with a gap around it.
fn label_box(x: f64, y: f64, w: f64, font: f64) -> (f64, f64, f64, f64) {
    let gap = font * 0.25;
    (x - gap, y - font * 0.9 - gap, x + w + gap, y + font * 0.25 + gap)
}

/// Whether two boxes overlap.
fn overlaps(a: &(f64, f64, f64, f64), b: &(f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Share of the picture the names may cover (their boxes), beyond the first
/// [`ALWAYS_LABELLED`]: a phone's readable font is large in a small picture, and the names
/// that fit without overlapping still crowded it into a wall of text at 390 px (a walkthrough);
/// on a desktop, or zoomed in, the same share holds more of them.
pub const LABEL_AREA_SHARE: f64 = 0.12;

/// Places names (node, text) in order, higher-ranked first, at nodes' centres `pts` and radii
/// `radius`: each where its box overlaps no name already placed and stays in the picture,
/// trying to the right of its node, to the left, above, below and then (for the first
/// [`ALWAYS_LABELLED`]) right or left one to three lines higher or lower. A name with no free
/// place is left out (names never overlap; at a readable size the first three always find one),
/// and so is every name after the boxes cover [`LABEL_AREA_SHARE`] of the picture.
pub fn arrange_labels(
    items: &[(usize, String)],
    pts: &[(f64, f64)],
    radius: &[f64],
    font: f64,
) -> Vec<Label> {
    let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut out = Vec::new();
    // The area the placed boxes cover, added up as they are placed (they never overlap).
    let mut covered = 0.0;
    for (rank, (v, text)) in items.iter().enumerate() {
        if rank >= ALWAYS_LABELLED && covered >= LABEL_AREA_SHARE * VIEW * VIEW {
            break;
        }
        let w = text_extent(text, font);
        let (cx, cy) = pts[*v];
        let r = radius.get(*v).copied().unwrap_or(0.0);
        let mid = cy + font * 0.35;
        let (right, left) = (cx + r + 3.0, cx - r - 3.0 - w);
        let mut spots = vec![
            (right, mid),
            (left, mid),
            (cx - w / 2.0, cy - r - 3.0 - font * 0.3),
            (cx - w / 2.0, cy + r + 3.0 + font * 0.9),
        ];
        let must = rank < ALWAYS_LABELLED;
        if must {
            for k in [1.0, -1.0, 2.0, -2.0, 3.0, -3.0] {
                let dy = k * font * 1.3;
                spots.extend([(right, mid + dy), (left, mid + dy)]);
            }
        }
        let inside = |&(x, y): &(f64, f64)| x >= 0.0 && x + w <= VIEW && y - font >= 0.0 && y <= VIEW;
        let free = spots
            .iter()
            .filter(|s| inside(s))
            .find(|(x, y)| !boxes.iter().any(|o| overlaps(&label_box(*x, *y, w, font), o)));
        let Some(&(x, y)) = free else { continue };
        let b = label_box(x, y, w, font);
        covered += (b.2 - b.0) * (b.3 - b.1);
        boxes.push(b);
        out.push(Label { node: *v, x, y, text: text.clone() });
    }
    out
}

/// The words `text` beside the row of organizations with no tie (the layout lines them up
/// below the network), right of the last of its first line, where they overlap no name in
/// `placed` and stay in the picture: three dots in a row alone read as an ellipsis. `None`
/// without such organizations or room.
pub fn isolates_label(
    rel: &RelationReport,
    sc: &Scene,
    font: f64,
    placed: &[Label],
    text: String,
) -> Option<Label> {
    let last = (0..rel.nodes.len().min(sc.pts.len()))
        .filter(|v| super::communities::isolated(&rel.nodes[*v]))
        .min_by(|a, b| {
            let (pa, pb) = (sc.pts[*a], sc.pts[*b]);
            pa.1.total_cmp(&pb.1).then(pb.0.total_cmp(&pa.0))
        })?;
    let width = |t: &str| text_extent(t, font);
    let (cx, cy) = sc.pts[last];
    let r = sc.radius.get(last).copied().unwrap_or(0.0);
    let (x, y, w) = (cx + r + 3.0, cy + font * 0.35, width(&text));
    let b = label_box(x, y, w, font);
    let inside = x + w <= VIEW && y - font >= 0.0 && y <= VIEW;
    let free = placed.iter().all(|l| !overlaps(&b, &label_box(l.x, l.y, width(&l.text), font)));
    (inside && free).then_some(Label { node: last, x, y, text })
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
    fn a_layout_fills_the_picture_keeping_its_shape() {
        // A layout twice as wide as high, in the upper left of the unit square (the demo's
        // left the lower part of the picture blank): the width fills the view box less the
        // margin, the height is scaled alike and centred.
        let pts = fit(&[(0.1, 0.1), (0.5, 0.1), (0.3, 0.3), (0.2, 0.2)]);
        let close = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
        let side = VIEW - 2.0 * MARGIN;
        assert!(close(pts[0], (MARGIN, MARGIN + side / 4.0)), "{pts:?}");
        assert!(close(pts[1], (VIEW - MARGIN, MARGIN + side / 4.0)), "{pts:?}");
        assert!(close(pts[2], (VIEW / 2.0, VIEW - MARGIN - side / 4.0)), "{pts:?}");
        assert!(close(pts[3], (MARGIN + side / 4.0, VIEW / 2.0)), "{pts:?}");
        // One point, points at one place, a point not finite: the middle.
        assert_eq!(fit(&[(0.2, 0.7)]), vec![(VIEW / 2.0, VIEW / 2.0)]);
        assert_eq!(fit(&[(0.2, 0.7), (0.2, 0.7)]), vec![(VIEW / 2.0, VIEW / 2.0); 2]);
        let odd = fit(&[(0.0, 0.0), (f64::NAN, 1.0), (1.0, 1.0)]);
        assert_eq!(odd, vec![(MARGIN, MARGIN), (VIEW / 2.0, VIEW / 2.0), (VIEW - MARGIN, VIEW - MARGIN)]);
        assert!(fit(&[]).is_empty());
    }

    /// Boxes of placed names (the same estimate as the placement's) overlap nowhere and stay
    /// in the picture.
    fn assert_apart(placed: &[Label], font: f64) {
        let boxes: Vec<_> = placed
            .iter()
            .map(|l| {
                let w = text_extent(&l.text, font);
                assert!(l.x >= 0.0 && l.x + w <= VIEW && l.y - font >= 0.0 && l.y <= VIEW, "{l:?}");
                (l.x, l.y - font * 0.9, l.x + w, l.y + font * 0.25)
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for (j, b) in boxes.iter().enumerate().skip(i + 1) {
                assert!(!overlaps(a, b), "{:?} and {:?}", placed[i], placed[j]);
            }
        }
    }

    #[test]
    fn the_first_three_names_always_placed_and_none_overlap() {
        // Five nodes close together: the three highest-ranked get names (moved aside where the
        // first's is in the way), none overlapping; the rest only where there is room.
        let pts = vec![(500.0, 500.0), (505.0, 502.0), (498.0, 506.0), (502.0, 498.0), (500.0, 503.0)];
        let radius = vec![10.0; 5];
        let items: Vec<(usize, String)> = (0..5).map(|v| (v, format!("机构名称第{v}号"))).collect();
        for font in [12.0, 30.0, 60.0] {
            let placed = arrange_labels(&items, &pts, &radius, font);
            assert_eq!(
                placed.iter().take(3).map(|l| l.node).collect::<Vec<_>>(),
                vec![0, 1, 2],
                "font {font}"
            );
            assert_apart(&placed, font);
        }
        // At a small font the first name goes to the right of its node, the second (blocked
        // there) to the left.
        let placed = arrange_labels(&items, &pts, &radius, 12.0);
        assert!(placed[0].x > 510.0 && placed[1].x + 72.0 < 505.0, "{placed:?}");
        // A name that would leave the picture on the right goes left of its node.
        let edge = arrange_labels(&[(0, "很长很长的机构名称".to_string())], &[(990.0, 500.0)], &[5.0], 20.0);
        assert!(edge[0].x + 180.0 <= 990.0 - 5.0, "{edge:?}");
        // The fourth and later names are left out when every place is taken.
        let crowd: Vec<(f64, f64)> = vec![(500.0, 500.0); 12];
        let many: Vec<(usize, String)> = (0..12).map(|v| (v, "名".repeat(12))).collect();
        let placed = arrange_labels(&many, &crowd, &[4.0; 12], 40.0);
        assert!(placed.len() >= 3 && placed.len() < 12, "{}", placed.len());
        assert_apart(&placed, 40.0);
    }

    /// Placements of generated scenes (seeded positions, radii and names of CJK and Latin
    /// letters, at a desktop's, a phone's and a tiny font), written out with 0.001 view units.
    fn generated_placements() -> Vec<String> {
        let mut rng = crate::rng::Rng::new(20261206);
        let mut out = Vec::new();
        for case in 0..12 {
            let n = 5 + rng.below(60);
            let pts: Vec<(f64, f64)> = (0..n).map(|_| (rng.f64() * VIEW, rng.f64() * VIEW)).collect();
            let radius: Vec<f64> = (0..n).map(|_| 4.0 + rng.f64() * 16.0).collect();
            let mut order: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut order);
            let items: Vec<(usize, String)> = order
                .iter()
                .map(|&v| {
                    let len = 2 + rng.below(15);
                    let text = (0..len)
                        .map(|_| match rng.below(3) {
                            0 => char::from(b'a' + rng.below(26) as u8),
                            _ => char::from_u32(0x4E00 + rng.below(2000) as u32).unwrap_or('x'),
                        })
                        .collect();
                    (v, text)
                })
                .collect();
            for font in [12.0, 19.0, 31.0] {
                let placed = arrange_labels(&items, &pts, &radius, font);
                let spots: Vec<String> =
                    placed.iter().map(|l| format!("{}@{:.3},{:.3}", l.node, l.x, l.y)).collect();
                out.push(format!("{case}/{font}: {}", spots.join(" ")));
            }
        }
        out
    }

    #[test]
    fn label_placement_is_unchanged_on_generated_scenes() {
        // FNV-1a of the placements as the placement gave them when it summed every placed box
        // again for each name; it keeps a running total now, and must place the same names.
        let text = generated_placements().join("\n");
        let hash = text
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        let placed: usize = text.matches('@').count();
        assert_eq!((placed, hash), (749, 16_073_506_761_687_187_393), "{text}");
    }

    #[test]
    fn the_demo_names_its_three_most_named_organizations() {
        let a = crate::demo::laid_out();
        let (graph, report) = (&a.graphs[0], &a.report.network.relations[0]);
        let sc = Scene::new(report, graph, &a.layouts[0], NodeMetric::InDegree, None, None, 40).unwrap();
        // The top three by in-degree, counted here from the ties.
        let mut named: Vec<(usize, usize)> =
            (0..graph.node_count()).map(|v| (graph.inn(v).len(), v)).collect();
        named.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let top: Vec<usize> = named.iter().take(3).map(|x| x.1).collect();
        assert_eq!(&sc.labels[..3], &top[..]);
        // At a phone's font (11 px on a 356 px picture: 31 view units) and a desktop's (12 px
        // on 640: 19), each of them is named, and no names overlap.
        let mut counts = Vec::new();
        for font in [31.0, 19.0] {
            let placed = place_labels(report, &sc, font);
            for v in &top {
                assert!(placed.iter().any(|l| l.node == *v), "font {font}: node {v} unnamed");
            }
            assert_apart(&placed, font);
            // The names cover at most their share of the picture (the last one placed may
            // pass it), so a phone's larger font names fewer organizations.
            let boxes: Vec<f64> = placed
                .iter()
                .map(|l| {
                    let w = text_extent(&l.text, font);
                    let b = label_box(l.x, l.y, w, font);
                    (b.2 - b.0) * (b.3 - b.1)
                })
                .collect();
            // (An eighth: unlimited, a phone's names covered a quarter of the demo's picture.)
            let before_last: f64 = boxes[..boxes.len() - 1].iter().sum();
            assert!(before_last < 0.125 * VIEW * VIEW, "font {font}: {before_last}");
            counts.push(placed.len());
        }
        assert!(counts[0] < counts[1] && counts[1] >= 10, "phone, desktop: {counts:?}");
        // The row of organizations with no tie gets its words, right of its last, at either
        // font; none where there is none.
        let alone: Vec<usize> = (0..report.nodes.len()).filter(|v| report.nodes[*v].degree == 0).collect();
        assert_eq!(alone.len(), 3);
        for font in [31.0, 19.0] {
            let placed = place_labels(report, &sc, font);
            let words =
                isolates_label(report, &sc, font, &placed, "← 这 3 家机构未提名也未被提名".into()).unwrap();
            assert!(
                alone.contains(&words.node) && alone.iter().all(|v| sc.pts[*v].0 <= words.x),
                "{words:?}"
            );
            let mut all = placed.clone();
            all.push(words);
            assert_apart(&all, font);
        }
        let mut tied = report.clone();
        tied.nodes.iter_mut().for_each(|n| n.degree = n.degree.max(1));
        assert_eq!(isolates_label(&tied, &sc, 19.0, &[], "x".into()), None);
        // The picture is filled: the nodes reach the margin on the longer axis.
        let xs = sc.pts.iter().map(|p| p.0);
        let ys = sc.pts.iter().map(|p| p.1);
        let (x0, x1) = (xs.clone().fold(f64::INFINITY, f64::min), xs.fold(0.0, f64::max));
        let (y0, y1) = (ys.clone().fold(f64::INFINITY, f64::min), ys.fold(0.0, f64::max));
        assert!(((x1 - x0).max(y1 - y0) - (VIEW - 2.0 * MARGIN)).abs() < 1e-6, "{x0} {x1} {y0} {y1}");
    }

    #[test]
    fn explorer_escapes_names_and_marks_the_focus() {
        let a = crate::demo::laid_out();
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
