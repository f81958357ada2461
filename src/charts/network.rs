//! Network diagram: nodes at layout positions, sized by in-degree, coloured by community.

use plotters::prelude::*;

use super::{ChartError, FONT, PALETTE};
use crate::i18n::{Lang, t};
use crate::network::graph::Graph;
use crate::report::RelationReport;

/// Number of top nodes (by in-degree) that get a name label.
const LABELLED: usize = 8;

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
    let (w, h) = (720u32, 600u32);
    let (pad_x, top, pad_bottom) = (40.0, 50.0, 30.0);
    let px = |p: (f64, f64)| -> (i32, i32) {
        ((pad_x + p.0 * (w as f64 - 2.0 * pad_x)) as i32, (top + p.1 * (h as f64 - top - pad_bottom)) as i32)
    };
    let max_in = rel.nodes.iter().map(|n| n.in_degree).max().unwrap_or(0).max(1) as f64;
    let radius = |d: usize| 3.0 + 9.0 * (d as f64 / max_in).sqrt();
    let mut svg = String::new();
    {
        let root = super::backend::Svg::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        let title =
            format!("{}: {}", t(lang, "chart.network_title"), crate::labels::relation_name(rel, lang));
        root.draw(&Text::new(title, (12, 12), (FONT, 20).into_font().color(&BLACK)))?;
        if positions.len() == graph.node_count() {
            let edge_style = RGBAColor(80, 80, 80, 0.25).stroke_width(1);
            for v in 0..graph.node_count() {
                for &u in graph.out(v) {
                    root.draw(&PathElement::new(
                        vec![px(positions[v]), px(positions[u as usize])],
                        edge_style,
                    ))?;
                }
            }
            for (v, node) in rel.nodes.iter().enumerate() {
                let (r, g, b) =
                    if node.community < PALETTE.len() { PALETTE[node.community] } else { (150, 150, 150) };
                let colour = RGBColor(r, g, b);
                let rad = radius(node.in_degree) as i32;
                if node.respondent {
                    root.draw(&Circle::new(px(positions[v]), rad, colour.filled()))?;
                } else {
                    root.draw(&Circle::new(px(positions[v]), rad, colour.stroke_width(2)))?;
                }
            }
            let mut order: Vec<usize> = (0..rel.nodes.len()).collect();
            order.sort_by(|a, b| rel.nodes[*b].in_degree.cmp(&rel.nodes[*a].in_degree).then(a.cmp(b)));
            for &v in order.iter().take(LABELLED).filter(|v| rel.nodes[**v].in_degree > 0) {
                let (x, y) = px(positions[v]);
                let label: String = rel.nodes[v].name.chars().take(14).collect();
                root.draw(&Text::new(label, (x + 8, y - 8), (FONT, 12).into_font().color(&BLACK)))?;
            }
        }
        root.present()?;
    }
    Ok(svg)
}

/// Draws one organization's ego network: the organization in the centre, its partners on a
/// circle (filled: responded; ring: did not), arrows as lines, every partner labelled.
///
/// # Errors
/// [`ChartError`] when plotters fails to draw.
pub fn ego_diagram(
    rel: &RelationReport,
    ego: &crate::network::ego::Ego,
    lang: Lang,
) -> Result<String, ChartError> {
    let (w, h) = (560u32, 460u32);
    let (cx, cy, radius) = (w as f64 / 2.0, h as f64 / 2.0 + 14.0, 160.0);
    let drawn = drawn_alters(ego);
    // Position on the circle of each drawn partner (by index into `ego.alters`).
    let slot: std::collections::HashMap<usize, usize> =
        drawn.iter().enumerate().map(|(s, &a)| (a, s)).collect();
    let k = drawn.len().max(1) as f64;
    let pos = |i: usize| -> (i32, i32) {
        let a = std::f64::consts::TAU * i as f64 / k - std::f64::consts::FRAC_PI_2;
        ((cx + radius * a.cos()) as i32, (cy + radius * a.sin()) as i32)
    };
    let centre = (cx as i32, cy as i32);
    let mut svg = String::new();
    {
        let root = super::backend::Svg::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        let name = rel.nodes.get(ego.ego).map(|n| n.name.clone()).unwrap_or_default();
        let title = format!("{}: {}", t(lang, "ego.title"), name);
        root.draw(&Text::new(title, (12, 12), (FONT, 18).into_font().color(&BLACK)))?;
        let tie = RGBAColor(80, 80, 80, 0.35).stroke_width(1);
        for &(a, b) in &ego.ties {
            if let (Some(&a), Some(&b)) = (slot.get(&a), slot.get(&b)) {
                root.draw(&PathElement::new(vec![pos(a), pos(b)], tie))?;
            }
        }
        let spoke = RGBAColor(0, 114, 178, 0.6).stroke_width(2);
        for i in 0..drawn.len() {
            root.draw(&PathElement::new(vec![centre, pos(i)], spoke))?;
        }
        if drawn.len() < ego.alters.len() {
            let counts = [("shown", drawn.len().to_string()), ("total", ego.alters.len().to_string())];
            let note = crate::i18n::tf(lang, "ego.sampled", &counts);
            root.draw(&Text::new(note, (12, h as i32 - 20), (FONT, 12).into_font().color(&BLACK)))?;
        }
        for (i, &ai) in drawn.iter().enumerate() {
            let a = &ego.alters[ai];
            let Some(node) = rel.nodes.get(a.node) else { continue };
            let (r, g, b) =
                if node.community < PALETTE.len() { PALETTE[node.community] } else { (150, 150, 150) };
            let colour = RGBColor(r, g, b);
            if node.respondent {
                root.draw(&Circle::new(pos(i), 7, colour.filled()))?;
            } else {
                root.draw(&Circle::new(pos(i), 7, colour.stroke_width(2)))?;
            }
            let label: String = node.name.chars().take(12).collect();
            let (x, y) = pos(i);
            root.draw(&Text::new(label, (x + 9, y - 6), (FONT, 11).into_font().color(&BLACK)))?;
        }
        root.draw(&Circle::new(centre, 11, RGBColor(213, 94, 0).filled()))?;
        root.present()?;
    }
    Ok(svg)
}

/// Partners an ego diagram draws at most: beyond this the circle is a blur of labels (a hub of
/// a 100,000-organization network drew a 5 MB diagram); its partner table lists them all.
pub const EGO_DRAW_MAX: usize = 150;

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
        assert_eq!(svg.matches("<circle").count(), EGO_DRAW_MAX + 1, "the drawn partners and the ego");
        assert!(svg.contains(&format!("{EGO_DRAW_MAX} of {n} partners drawn")));
        let small = Ego { ego: 0, alters: ego.alters[..20].to_vec(), ties: Vec::new(), density: None };
        assert_eq!(drawn_alters(&small), (0..20).collect::<Vec<_>>());
        assert!(!ego_diagram(rel, &small, Lang::En).unwrap().contains("partners drawn"));
    }
}
