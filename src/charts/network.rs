//! Network diagram: nodes at layout positions, sized by in-degree, coloured by community, with
//! a legend (communities, responded or not, what size means) and every node's numbers as a
//! tooltip; and one organization's ego network.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::backend::Markup;
use super::draw::{self, Key, MARGIN, Type, end_tip, tip};
use super::{ChartError, GALLERY};
use crate::i18n::{Lang, t, tf};
use crate::network::graph::Graph;
use crate::report::RelationReport;

/// Number of top nodes (by in-degree) that get a name label (where it does not cover another).
const LABELLED: usize = 8;

/// Width of the network and ego diagrams: wider than the other charts, so their text is
/// larger (see [`super::Column::min_font`]).
pub const DIAGRAM_WIDTH: u32 = 560;

/// Most ties the network diagram draws, an even sample beyond (the gallery's description says
/// so): Chromium rasterizes an SVG image on the page's thread, and 50,000 ties (with 5,000
/// tooltips) took one task of 670 ms when the diagram scrolled into view; 2,000 ties about 20 ms.
/// At such density the picture was solid ink anyway; the explorer draws them all.
pub const DIAGRAM_TIES: usize = 2_000;

/// Most organizations the network diagram draws each with its tooltip (the page's readout);
/// beyond, a path per colour ([`Markup::dots`]): a tooltip's group cost Chromium about 0.12 ms
/// on the page's thread when the image was drawn, and the explorer names any of them.
pub const DIAGRAM_TIPS: usize = 300;

/// A node's colour: its community's (grey beyond the palette, black without a tie).
fn community_colour(node: &crate::report::NodeMetrics) -> RGBColor {
    let (r, g, b) = super::communities::node_colour(node);
    RGBColor(r, g, b)
}

/// A box on the picture: `x0, y0, x1, y1`.
type Bounds = (i32, i32, i32, i32);

/// Boxes taken so far (labels, labelled nodes); a new label goes where it overlaps none of
/// them.
#[derive(Default)]
pub(crate) struct Placed(pub(crate) Vec<Bounds>);

impl Placed {
    fn free(&self, b: Bounds) -> bool {
        self.0.iter().all(|o| b.2 <= o.0 || o.2 <= b.0 || b.3 <= o.1 || o.3 <= b.1)
    }

    /// Places a label `w` × `h` beside a node at `(x, y)` of radius `r`: right, left, above or
    /// below, the first that is free and inside `bounds`; the box and its text anchor.
    pub(crate) fn place(
        &mut self,
        at: (i32, i32),
        r: i32,
        size: (i32, i32),
        bounds: Bounds,
    ) -> Option<((i32, i32), HPos)> {
        self.place_shifted(at, r, size, bounds, 0).map(|(at, h, _)| (at, h))
    }

    /// [`Placed::place`], then right or left of the node up to `shifts` of its heights higher
    /// or lower, as the explorer places the names that must show: in a dense centre every
    /// spot beside the node can be taken (the demo's second most-named organization went
    /// unnamed). With the anchor and alignment, the box taken.
    fn place_shifted(
        &mut self,
        (x, y): (i32, i32),
        r: i32,
        (w, h): (i32, i32),
        bounds: Bounds,
        shifts: i32,
    ) -> Option<((i32, i32), HPos, Bounds)> {
        for k in 0..=2 * shifts {
            // 0, then one height up, one down, two up…
            let dy = (k + 1) / 2 * h * if k % 2 == 1 { -1 } else { 1 };
            let y = y + dy;
            let candidates = [
                ((x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2), (x + r + 3, y), HPos::Left),
                ((x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2), (x - r - 3, y), HPos::Right),
                ((x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2), (x, y - r - 2 - h / 2), HPos::Center),
                ((x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h), (x, y + r + 2 + h / 2), HPos::Center),
            ];
            // Above and below only at the node's own height.
            for (b, at, hpos) in candidates.into_iter().take(if k == 0 { 4 } else { 2 }) {
                let inside = b.0 >= bounds.0 && b.1 >= bounds.1 && b.2 <= bounds.2 && b.3 <= bounds.3;
                if inside && self.free(b) {
                    self.0.push(b);
                    return Some((at, hpos, b));
                }
            }
        }
        None
    }
}

/// Height of one line of a name label.
fn label_line(ty: Type) -> i32 {
    ty.text as i32 + 2
}

/// Draws a name label (one or two lines, centred on `at`) on a white backing so ties do not
/// run through it.
pub(crate) fn name_label(
    area: &super::Area,
    lines: &[String],
    at: (i32, i32),
    h: HPos,
    ty: Type,
) -> Result<(), ChartError> {
    let w = lines.iter().map(|l| ty.width(l)).max().unwrap_or(0);
    let x0 = match h {
        HPos::Left => at.0,
        HPos::Right => at.0 - w,
        HPos::Center => at.0 - w / 2,
    };
    let line = label_line(ty);
    let top = at.1 - line * lines.len() as i32 / 2;
    let bottom = top + line * lines.len() as i32;
    area.draw(&Rectangle::new([(x0 - 1, top), (x0 + w + 1, bottom)], WHITE.mix(0.8).filled()))?;
    for (i, l) in lines.iter().enumerate() {
        draw::text(area, l, (at.0, top + line * i as i32 + line / 2), ty.text, (h, VPos::Center), &BLACK)?;
    }
    Ok(())
}

/// A legend heading, with the language's colon after it (the entries follow).
fn heading(lang: Lang, text: &str) -> String {
    format!("{text}{}", crate::i18n::colon(lang).trim_end())
}

/// The legend of the diagrams: the communities by name (those the palette colours; the rest
/// together in grey; the organizations with no tie in black, [`super::communities::legend`]),
/// filled or hollow (responded or not) and, with `sizes`, what a node's size means.
fn diagram_legend(rel: &RelationReport, sizes: Option<(usize, i32, i32)>, lang: Lang) -> Vec<(Key, String)> {
    let mut legend = vec![(Key::Heading, heading(lang, &t(lang, "network.communities_named")))];
    legend.extend(super::communities::legend(rel, lang).into_iter().map(|e| {
        let (r, g, b) = e.colour;
        (Key::Dot(RGBColor(r, g, b), 6), e.label)
    }));
    legend.push((Key::Dot(RGBColor(110, 110, 110), 6), t(lang, "network.respondent")));
    if rel.nodes.iter().any(|n| !n.respondent) {
        legend.push((Key::Ring(RGBColor(110, 110, 110), 6), t(lang, "network.non_respondents")));
    }
    if let Some((max, small, large)) = sizes {
        legend.push((
            Key::Heading,
            heading(lang, &tf(lang, "chart.size_is", &[("metric", t(lang, "network.in_degree"))])),
        ));
        legend.push((Key::Ring(RGBColor(110, 110, 110), small), "0".to_string()));
        legend.push((Key::Ring(RGBColor(110, 110, 110), large), max.to_string()));
    }
    legend
}

/// Draws one relation's network.
///
/// `positions` are in the unit square, one per node of `graph` (as from
/// [`crate::network::layout::force_layout`]).
///
/// # Errors
/// [`ChartError`] when plotters fails to draw.
pub fn diagram(
    rel: &RelationReport,
    graph: &Graph,
    positions: &[(f64, f64)],
    lang: Lang,
) -> Result<String, ChartError> {
    let w = DIAGRAM_WIDTH;
    let ty = Type::new(w, GALLERY);
    let title = crate::i18n::labelled(
        lang,
        &t(lang, "chart.network_title"),
        &crate::labels::relation_name(rel, lang),
    );
    let max_in = rel.nodes.iter().map(|n| n.in_degree).max().unwrap_or(0).max(1);
    let radius = |d: usize| (3.0 + 9.0 * (d as f64 / max_in as f64).sqrt()).round() as i32;
    let legend = diagram_legend(rel, Some((max_in, radius(0), radius(max_in))), lang);
    let frame = draw::NetFrame::new(&title, w, ty, &legend, 30);
    let (top, plot_h, title_h) = (frame.top, frame.plot_h, frame.title_h);
    let px = |p: (f64, f64)| frame.px(p);
    super::svg(w, frame.height, |root| {
        draw::draw_title(root, &title, &frame.title_lines, ty)?;
        if positions.len() == graph.node_count() {
            // Every stride-th tie, as the explorer's canvas samples (`drawn_ties` counts them).
            let stride = graph.edge_count().div_ceil(DIAGRAM_TIES).max(1);
            let ties = (0..graph.node_count())
                .flat_map(|v| graph.out(v).iter().map(move |&u| (v, u as usize)))
                .step_by(stride)
                .map(|(v, u)| (px(positions[v]), px(positions[u])));
            root.draw(&Markup::lines(((80, 80, 80), 0.25), 1, ties))?;
            if rel.nodes.len() > DIAGRAM_TIPS {
                // One path per colour and fill, in the order the colours first come.
                let kinds: Vec<_> =
                    rel.nodes.iter().map(|n| (super::communities::node_colour(n), n.respondent)).collect();
                let mut order = Vec::new();
                for &kind in &kinds {
                    if !order.contains(&kind) {
                        order.push(kind);
                    }
                }
                for (colour, filled) in order {
                    let dots = (0..kinds.len()).filter(|&v| kinds[v] == (colour, filled));
                    let dots = dots.map(|v| (px(positions[v]), radius(rel.nodes[v].in_degree)));
                    root.draw(&Markup::dots(colour, filled, dots))?;
                }
            } else {
                for (v, node) in rel.nodes.iter().enumerate() {
                    let colour = community_colour(node);
                    let rad = radius(node.in_degree);
                    let at = px(positions[v]);
                    tip(root, &node_tip(rel, node, lang))?;
                    if node.respondent {
                        root.draw(&Circle::new(at, rad, colour.filled()))?;
                    } else {
                        root.draw(&Circle::new(at, rad, colour.stroke_width(2)))?;
                    }
                    end_tip(root)?;
                }
            }
            let bounds = (4, title_h, w as i32 - 4, top + plot_h + 12);
            let at = |v: usize| px(positions[v]);
            let (names, mut placed) = name_labels(rel, &at, &radius, ty, bounds);
            for (v, n) in &names {
                leader(root, at(*v), radius(rel.nodes[*v].in_degree), n.bounds)?;
            }
            for (_, n) in &names {
                name_label(root, &n.lines, n.at, n.h, ty)?;
            }
            isolates_caption(root, rel, &at, radius(0), &mut placed, bounds, (ty, lang))?;
        }
        draw::legend(root, &legend, frame.legend_at(), ty, frame.legend_w)
    })
}

/// A name placed on the network diagram: its lines, their anchor and alignment, its box.
struct NameLabel {
    lines: Vec<String>,
    at: (i32, i32),
    h: HPos,
    bounds: Bounds,
}

/// A name set apart from its node (moved up or down past its neighbours' labels) gets a line
/// from the node to the name and a dark ring around the node: a phone walkthrough read a name
/// that sat among another community's nodes, 90 px from its own, as one of theirs.
fn leader(root: &super::Area, node: (i32, i32), r: i32, b: Bounds) -> Result<(), ChartError> {
    // The point of the name's box nearest the node.
    let near = (node.0.clamp(b.0, b.2), node.1.clamp(b.1, b.3));
    let (dx, dy) = (f64::from(near.0 - node.0), f64::from(near.1 - node.1));
    let d = dx.hypot(dy);
    if d <= f64::from(r) + 6.0 {
        return Ok(());
    }
    let from =
        (node.0 + (dx / d * f64::from(r)).round() as i32, node.1 + (dy / d * f64::from(r)).round() as i32);
    let ink = RGBColor(40, 40, 40);
    root.draw(&PathElement::new(vec![from, near], ink.stroke_width(1)))?;
    // A ring as a path: the backend's unfilled circle is filled white (a non-respondent's ring).
    let ring = f64::from(r) + 2.0;
    let points = (0..=24).map(|i| {
        let a = f64::from(i) * std::f64::consts::TAU / 24.0;
        (node.0 + (ring * a.cos()).round() as i32, node.1 + (ring * a.sin()).round() as i32)
    });
    root.draw(&PathElement::new(points.collect::<Vec<_>>(), ink.stroke_width(2)))?;
    Ok(())
}

/// The names of the most named organizations (up to [`LABELLED`], each with in-degree) at
/// nodes `at(v)` of radius `radius(in-degree)`, beside their nodes where they overlap no name
/// nor labelled node and stay in `bounds` (each with its node); the boxes taken (for the
/// isolates' caption).
/// Beyond the first [`super::explorer::ALWAYS_LABELLED`], names stop once their boxes cover
/// [`super::explorer::LABEL_AREA_SHARE`] of the picture, the explorer's rule: one SVG serves a
/// desktop and a phone, where its readable font is large and eight names were a wall of text.
fn name_labels(
    rel: &RelationReport,
    at: &dyn Fn(usize) -> (i32, i32),
    radius: &dyn Fn(usize) -> i32,
    ty: Type,
    bounds: Bounds,
) -> (Vec<(usize, NameLabel)>, Placed) {
    let mut order: Vec<usize> = (0..rel.nodes.len()).collect();
    order.sort_by(|a, b| rel.nodes[*b].in_degree.cmp(&rel.nodes[*a].in_degree).then(a.cmp(b)));
    let mut placed = Placed::default();
    // Labels cover small nodes (on a white backing) but not the labelled ones.
    for &v in order.iter().take(LABELLED) {
        let ((x, y), r) = (at(v), radius(rel.nodes[v].in_degree));
        placed.0.push((x - r, y - r, x + r, y + r));
    }
    let picture = f64::from(bounds.2 - bounds.0) * f64::from(bounds.3 - bounds.1);
    let (mut covered, mut out) = (0.0, Vec::new());
    for (rank, &v) in order.iter().take(LABELLED).filter(|v| rel.nodes[**v].in_degree > 0).enumerate() {
        if rank >= super::explorer::ALWAYS_LABELLED && covered >= super::explorer::LABEL_AREA_SHARE * picture
        {
            break;
        }
        // A long name on two lines rather than cut short.
        let (lines, _) = draw::wrap(&rel.nodes[v].name, ty.text, f64::from(DIAGRAM_WIDTH) * 0.3, 2);
        let widest = lines.iter().map(|l| ty.width(l)).max().unwrap_or(0);
        // Its box with half an em to spare, as the explorer's (a quarter em around): names
        // side by side with none between them read as one at a phone's 10 px.
        let pad = (ty.text / 2.0).round() as i32;
        let size = (widest + 2 + pad, label_line(ty) * lines.len() as i32 + pad);
        let (node, r) = (at(v), radius(rel.nodes[v].in_degree));
        let shifts = if rank < super::explorer::ALWAYS_LABELLED { 3 } else { 0 };
        let spot = placed.place_shifted(node, r, size, bounds, shifts);
        if let Some((anchor, h, bounds)) = spot {
            covered += f64::from(size.0) * f64::from(size.1);
            out.push((v, NameLabel { lines, at: anchor, h, bounds }));
        }
    }
    (out, placed)
}

/// Words beside the row of organizations with no tie (the layout lines them up below the
/// network), saying what they are: three black dots in a row alone read as an ellipsis.
fn isolates_caption(
    root: &super::Area,
    rel: &RelationReport,
    px: &dyn Fn(usize) -> (i32, i32),
    r: i32,
    placed: &mut Placed,
    bounds: Bounds,
    (ty, lang): (Type, Lang),
) -> Result<(), ChartError> {
    let alone: Vec<usize> =
        (0..rel.nodes.len()).filter(|v| super::communities::isolated(&rel.nodes[*v])).collect();
    // The last of the first row: the lowest y, then the largest x.
    let Some(&last) = alone.iter().max_by_key(|v| {
        let (x, y) = px(**v);
        (std::cmp::Reverse(y), x)
    }) else {
        return Ok(());
    };
    let text = tf(lang, "chart.isolates_row", &[("n", alone.len().to_string())]);
    let size = (ty.width(&text) + 2, label_line(ty));
    if let Some((at, h)) = placed.place(px(last), r, size, bounds) {
        name_label(root, &[text], at, h, ty)?;
    }
    Ok(())
}

/// A node's tooltip: its name, in-degree and community.
fn node_tip(rel: &RelationReport, node: &crate::report::NodeMetrics, lang: Lang) -> String {
    format!(
        "{} — {}: {}; {}: {}",
        node.name,
        t(lang, "network.in_degree"),
        node.in_degree,
        t(lang, "network.community"),
        crate::labels::community_name(rel, node.community, lang)
    )
}

/// The ego's ink: dark, in a shape of its own (`Key::Target`); its vermillion was a community's.
const EGO: RGBColor = RGBColor(40, 40, 40);

/// Draws one organization's ego network: the organization in the centre, its partners on a
/// circle (filled: responded; ring: did not), arrows as lines, partners labelled where the
/// labels do not collide (each shows its name on hover), and a legend.
///
/// # Errors
/// [`ChartError`] when plotters fails to draw.
pub fn ego_diagram(
    rel: &RelationReport,
    ego: &crate::network::ego::Ego,
    lang: Lang,
) -> Result<String, ChartError> {
    let w = DIAGRAM_WIDTH;
    let ty = Type::new(w, GALLERY);
    let name = rel.nodes.get(ego.ego).map(|n| n.name.clone()).unwrap_or_default();
    let title = crate::i18n::labelled(lang, &t(lang, "ego.title"), &name);
    let (title_lines, title_h) = draw::title_lines(&title, w, ty);
    let drawn = drawn_alters(ego);
    let mut legend = diagram_legend(rel, None, lang);
    legend.push((Key::Target(EGO, 8), name.clone()));
    let legend_w = w as i32 - 2 * MARGIN;
    let legend_h = draw::legend_height(&legend, ty, legend_w);
    let note = (drawn.len() < ego.alters.len()).then(|| {
        let counts = [("shown", drawn.len().to_string()), ("total", ego.alters.len().to_string())];
        tf(lang, "ego.sampled", &counts)
    });
    let note_lines = note.as_ref().map_or(0, |n| draw::wrap(n, ty.text, f64::from(legend_w), 3).0.len());
    let note_h = if note_lines > 0 { draw::block_height(note_lines, ty) + 8 } else { 0 };
    // Room for a name in two lines of about nine characters (seven cut names mid-word) beside
    // the circle, and above and below it (the top name ran into the title, the bottom one
    // into the legend).
    let label_w = (f64::from(w) * 0.26) as i32;
    let label_h = draw::block_height(2, ty) + 2;
    let radius = f64::from(w as i32 / 2 - MARGIN - label_w - 14);
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(title_h + label_h + 14) + radius);
    let below = (cy + radius) as i32 + label_h + 16;
    let h = below + note_h + legend_h + MARGIN;
    // Position on the circle of each drawn partner (by index into `ego.alters`).
    let slot: std::collections::HashMap<usize, usize> =
        drawn.iter().enumerate().map(|(s, &a)| (a, s)).collect();
    let k = drawn.len().max(1) as f64;
    let angle = |i: usize| std::f64::consts::TAU * i as f64 / k - std::f64::consts::FRAC_PI_2;
    let pos = |i: usize, extra: f64| -> (i32, i32) {
        let a = angle(i);
        ((cx + (radius + extra) * a.cos()).round() as i32, (cy + (radius + extra) * a.sin()).round() as i32)
    };
    let centre = (cx as i32, cy as i32);
    super::svg(w, h as u32, |root| {
        draw::draw_title(root, &title, &title_lines, ty)?;
        let tie = RGBAColor(80, 80, 80, 0.35).stroke_width(1);
        for &(a, b) in &ego.ties {
            if let (Some(&a), Some(&b)) = (slot.get(&a), slot.get(&b)) {
                root.draw(&PathElement::new(vec![pos(a, 0.0), pos(b, 0.0)], tie))?;
            }
        }
        let spoke = RGBAColor(0, 114, 178, 0.6).stroke_width(2);
        for i in 0..drawn.len() {
            root.draw(&PathElement::new(vec![centre, pos(i, 0.0)], spoke))?;
        }
        let mut placed = Placed::default();
        for (i, &ai) in drawn.iter().enumerate() {
            let a = &ego.alters[ai];
            let Some(node) = rel.nodes.get(a.node) else { continue };
            let colour = community_colour(node);
            tip(root, &node_tip(rel, node, lang))?;
            if node.respondent {
                root.draw(&Circle::new(pos(i, 0.0), 7, colour.filled()))?;
            } else {
                root.draw(&Circle::new(pos(i, 0.0), 7, colour.stroke_width(2)))?;
            }
            end_tip(root)?;
            // The label outside the circle, on the side it points to, where it is free: in two
            // lines, as one cut a phone walkthrough's names short ("南京守望未来…").
            let (lines, _) = draw::wrap(&node.name, ty.text, f64::from(label_w), 2);
            let lw = lines.iter().map(|l| ty.width(l)).max().unwrap_or(0);
            let lh = draw::block_height(lines.len(), ty) + 2;
            let (x, y) = pos(i, 12.0);
            let cos = angle(i).cos();
            let (x0, anchor, hpos) = if cos > 0.2 {
                (x, x, HPos::Left)
            } else if cos < -0.2 {
                (x - lw, x, HPos::Right)
            } else {
                (x - lw / 2, x, HPos::Center)
            };
            let sin = angle(i).sin();
            let yc = if cos.abs() <= 0.2 { y + (sin * f64::from(lh) / 2.0).round() as i32 } else { y };
            let b = (x0, yc - lh / 2, x0 + lw, yc + lh / 2);
            if b.0 >= 2 && b.2 <= w as i32 - 2 && b.1 >= title_h && b.3 <= below - 4 && placed.free(b) {
                placed.0.push(b);
                draw::label(root, &node.name, (anchor, yc), ty, f64::from(label_w), 2, hpos, &BLACK)?;
            }
        }
        draw::target(root, centre, 12, EGO)?;
        let mut y = below;
        if let Some(note) = &note {
            draw::label(
                root,
                note,
                (MARGIN, y + draw::block_height(note_lines, ty) / 2),
                ty,
                f64::from(legend_w),
                3,
                HPos::Left,
                &BLACK,
            )?;
            y += note_h;
        }
        draw::legend(root, &legend, (MARGIN, y), ty, legend_w)
    })
}

/// Partners an ego diagram draws at most: beyond this the circle is a blur of labels (a hub of
/// a 100,000-organization network drew a 5 MB diagram; 150 partners drew a hairball at 5,000
/// with about one name in six); its partner table lists them all.
pub const EGO_DRAW_MAX: usize = 40;

/// The partners drawn (indices into `ego.alters`, in order): all of them, or the
/// [`EGO_DRAW_MAX`] with the most ties among the partners (earlier ones first on ties).
fn drawn_alters(ego: &crate::network::ego::Ego) -> Vec<usize> {
    let n = ego.alters.len();
    if n <= EGO_DRAW_MAX {
        return (0..n).collect();
    }
    let mut ties = vec![0usize; n];
    for &(a, b) in &ego.ties {
        ties[a] += 1;
        ties[b] += 1;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| ties[b].cmp(&ties[a]).then(a.cmp(&b)));
    order.truncate(EGO_DRAW_MAX);
    order.sort_unstable();
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::ego::{Alter, Ego};

    /// Each tie is a bare path of its own in one styled group, from its source's spot to its
    /// target's, in the graph's order (no `<polyline>` repeating the style per tie).
    #[test]
    fn the_diagram_draws_each_tie_once_in_one_group() {
        let a = crate::demo::laid_out();
        let rel = &a.report.network.relations[0];
        let g = &a.graphs[0];
        let svg = diagram(rel, g, &a.layouts[0], Lang::Zh).unwrap();
        let group = svg
            .split("<g fill=\"none\" stroke=\"#505050\" stroke-opacity=\"0.25\" stroke-width=\"1\">\n")
            .nth(1)
            .unwrap();
        let group = group.split("</g>").next().unwrap();
        let ends: Vec<Vec<i32>> = group
            .lines()
            .map(|l| {
                let d = l.strip_prefix("<path d=\"M").and_then(|l| l.strip_suffix("\"/>")).unwrap();
                d.split(['L', ' ']).map(|v| v.parse().unwrap()).collect()
            })
            .collect();
        let ties: usize = (0..g.node_count()).map(|v| g.out(v).len()).sum();
        assert_eq!(ends.len(), ties);
        assert!(ties > 100 && !group.contains("<polyline"));
        // Outside the group, polylines are only the leaders of names set apart and their rings.
        assert!(svg.matches("<polyline").count() <= 2 * LABELLED);
        // Every line runs between two nodes' circles, the first from the first tie's source.
        let centre = |c: &str| -> Option<(i32, i32)> {
            let num = |k: &str| c.split(k).nth(1)?.split('"').next()?.parse().ok();
            Some((num("cx=\"")?, num("cy=\"")?))
        };
        let centres: std::collections::HashSet<(i32, i32)> =
            svg.split("<circle ").skip(1).filter_map(centre).collect();
        assert!(ends.iter().all(|e| centres.contains(&(e[0], e[1])) && centres.contains(&(e[2], e[3]))));
        let v = (0..g.node_count()).find(|v| !g.out(*v).is_empty()).unwrap();
        let first = svg.split("<circle ").skip(1).filter_map(centre).nth(v).unwrap();
        assert_eq!((ends[0][0], ends[0][1]), first);
    }

    /// A large network is drawn as a sample of its ties and its organizations as one path per
    /// colour and fill, with no tooltip groups; the gallery's description says how many ties.
    #[test]
    fn a_large_diagram_samples_its_ties_and_draws_dots_by_colour() {
        let (responses, ties) = crate::network::generate::survey_files(700, 6000, 3);
        let files: Vec<crate::pipeline::InputFile> = [("responses.csv", responses), ("ties.csv", ties)]
            .into_iter()
            .map(|(name, text)| crate::pipeline::InputFile {
                name: name.into(),
                bytes: text.into_bytes(),
                kind: None,
            })
            .collect();
        let options = crate::pipeline::Options { layout: true, ..Default::default() };
        let a = crate::pipeline::run(&files, &options, &|| 0.0).unwrap();
        let (rel, g) = (&a.report.network.relations[0], &a.graphs[0]);
        let m = g.edge_count();
        assert!(rel.nodes.len() > DIAGRAM_TIPS && m > 2 * DIAGRAM_TIES, "{m}");
        let svg = diagram(rel, g, &a.layouts[0], Lang::En).unwrap();
        let drawn = svg.matches("<path d=\"M").count();
        assert_eq!(drawn, crate::charts::explorer::drawn_ties(m, DIAGRAM_TIES));
        assert!(drawn <= DIAGRAM_TIES && drawn * 2 > DIAGRAM_TIES, "{drawn}");
        assert!(!svg.contains("<g><title>"), "no tooltip group per node");
        // Every organization is one dot (two arcs) in some path; circles are the legend's.
        assert_eq!(svg.matches(" 0 1 0 ").count(), 2 * rel.nodes.len());
        assert!(svg.matches("<circle").count() < 20);
        let charts = crate::charts::gallery::diagram_charts(&a, &a.layouts, Lang::En).unwrap();
        assert!(charts[0].description.ends_with("respond. Above 2000 ties, an even sample of about 2000 is drawn; every tie is in the download “Edge list of every relation”."), "{}", charts[0].description);
        // The note's number is the limit's, in every language.
        for l in [Lang::Zh, Lang::ZhHant, Lang::En] {
            assert!(t(l, "chart.network_sampled").contains(&DIAGRAM_TIES.to_string()));
        }
        // The demo's network is drawn whole, each organization with its tooltip.
        let demo = crate::demo::laid_out();
        let d = crate::charts::gallery::diagram_charts(&demo, &demo.layouts, Lang::Zh).unwrap();
        assert!(!d[0].description.contains("抽取"));
        assert_eq!(d[0].svg.matches("<g><title>").count(), demo.report.network.relations[0].nodes.len());
    }

    #[test]
    fn the_diagram_names_its_most_named_organizations_within_the_explorers_share() {
        let a = crate::demo::laid_out();
        let rel = &a.report.network.relations[0];
        let ty = Type::new(DIAGRAM_WIDTH, GALLERY);
        // The demo's layout in a 552 × 462 picture, as the diagram draws it.
        let bounds = (4, 42, 556, 504);
        let at = |v: usize| {
            let (x, y) = a.layouts[0][v];
            ((30.0 + x * 492.0).round() as i32, (60.0 + y * 400.0).round() as i32)
        };
        let radius = |d: usize| 3 + d as i32;
        let check = |ty: Type| {
            let (names, _) = name_labels(rel, &at, &radius, ty, bounds);
            // Names of the most named (in-degree, then order), in that order.
            let mut order: Vec<usize> = (0..rel.nodes.len()).collect();
            order.sort_by(|a, b| rel.nodes[*b].in_degree.cmp(&rel.nodes[*a].in_degree).then(a.cmp(b)));
            let ranks: Vec<usize> =
                names.iter().map(|(v, _)| order.iter().position(|u| u == v).unwrap()).collect();
            assert!(
                ranks.windows(2).all(|w| w[0] < w[1]) && ranks.iter().all(|r| *r < LABELLED),
                "{ranks:?}"
            );
            // Their boxes (half an em to spare) cover at most the explorer's share of the
            // picture, the last one placed aside.
            let pad = (ty.text / 2.0).round() as i32;
            let boxes: Vec<(i32, i32, i32, i32)> = names
                .iter()
                .map(|(_, n)| {
                    let w = n.lines.iter().map(|l| ty.width(l)).max().unwrap_or(0) + 2;
                    let h = label_line(ty) * n.lines.len() as i32;
                    let x0 = match n.h {
                        HPos::Left => n.at.0,
                        HPos::Right => n.at.0 - w,
                        HPos::Center => n.at.0 - w / 2,
                    };
                    (x0, n.at.1 - h / 2, x0 + w, n.at.1 + h / 2)
                })
                .collect();
            let areas: Vec<f64> =
                boxes.iter().map(|b| f64::from(b.2 - b.0 + pad) * f64::from(b.3 - b.1 + pad)).collect();
            // No two names touch: at least half an em between them, across or down.
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let apart = (b.0 - a.2).max(a.0 - b.2).max(b.1 - a.3).max(a.1 - b.3);
                    assert!(apart >= pad - 1, "{a:?} {b:?}: {apart}");
                }
            }
            let picture = 552.0 * 462.0;
            let before_last: f64 = areas[..areas.len() - 1].iter().sum();
            assert!(before_last < super::super::explorer::LABEL_AREA_SHARE * picture, "{areas:?}");
            names.len()
        };
        // At the diagram's font (16 px, 10 px on a phone) no more than the eight it names at
        // most; at twice the size, a phone's wall of names is cut to fewer, never below three.
        let (normal, large) = (check(ty), check(Type { text: ty.text * 2.0, title: ty.title * 2.0 }));
        assert!(normal <= LABELLED && large >= 3 && large < normal, "{normal} {large}");
        // Every relation's three most named are named, the dense centre's too (all relations
        // combined left its second most named unnamed).
        for (i, rel) in a.report.network.relations.iter().enumerate() {
            let at = |v: usize| {
                let (x, y) = a.layouts[i][v];
                ((30.0 + x * 492.0).round() as i32, (60.0 + y * 400.0).round() as i32)
            };
            let (names, _) = name_labels(rel, &at, &radius, ty, bounds);
            let mut order: Vec<usize> = (0..rel.nodes.len()).collect();
            order.sort_by(|a, b| rel.nodes[*b].in_degree.cmp(&rel.nodes[*a].in_degree).then(a.cmp(b)));
            let named: Vec<usize> = names.iter().map(|(v, _)| *v).collect();
            assert!(order[..3].iter().all(|v| named.contains(v)), "{}: {named:?}", rel.key);
        }
        // The diagram draws them: their white backings, and the isolates' caption's.
        let svg = diagram(rel, &a.graphs[0], &a.layouts[0], Lang::Zh).unwrap();
        let backings: Vec<[i32; 4]> = svg
            .split("<rect ")
            .filter_map(|r| r.split("/>").next())
            .filter(|r| r.ends_with("fill=\"#ffffff\" fill-opacity=\"0.8\""))
            .map(|r| {
                let r = format!(" {r}");
                let num = |k: &str| -> i32 {
                    r.split(&format!("{k}=\""))
                        .nth(1)
                        .and_then(|v| v.split('"').next())
                        .unwrap()
                        .parse()
                        .unwrap()
                };
                [num(" x"), num(" y"), num(" width"), num(" height")]
            })
            .collect();
        assert!((4..=LABELLED + 1).contains(&backings.len()), "{backings:?}");
        // None touches another: at a phone's 10 px, two names side by side read as one.
        for (i, a) in backings.iter().enumerate() {
            for b in &backings[i + 1..] {
                let apart = (b[0] - a[0] - a[2])
                    .max(a[0] - b[0] - b[2])
                    .max(b[1] - a[1] - a[3])
                    .max(a[1] - b[1] - b[3]);
                assert!(apart >= 6, "{a:?} {b:?}: {apart}");
            }
        }
    }

    #[test]
    fn a_hub_draws_its_most_tied_partners_and_says_so() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let rel = &a.report.network.relations[0];
        let n = 400;
        let alters: Vec<Alter> =
            (0..n).map(|i| Alter { node: i % rel.nodes.len(), named: true, named_by: false }).collect();
        // The last partner is tied to the ten first: it must be among those drawn.
        let ties: Vec<(usize, usize)> = (0..10).map(|i| (n - 1, i)).collect();
        let ego = Ego { ego: 0, alters, ties, density: None };
        let drawn = drawn_alters(&ego);
        assert_eq!(drawn.len(), EGO_DRAW_MAX);
        assert!(drawn.contains(&(n - 1)) && drawn.contains(&0));
        assert!(drawn.windows(2).all(|w| w[0] < w[1]));
        let svg = ego_diagram(rel, &ego, Lang::En).unwrap();
        assert_eq!(
            svg.matches("<g><title>").count(),
            EGO_DRAW_MAX,
            "the drawn partners, each with its tooltip"
        );
        assert!(svg.contains(&format!("{EGO_DRAW_MAX} of {n} partners drawn")));
        let small = Ego { ego: 0, alters: ego.alters[..20].to_vec(), ties: Vec::new(), density: None };
        assert_eq!(drawn_alters(&small), (0..20).collect::<Vec<_>>());
        assert!(!ego_diagram(rel, &small, Lang::En).unwrap().contains("partners drawn"));
    }
}
