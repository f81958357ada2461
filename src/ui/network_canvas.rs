//! Draws the network explorer's [`Scene`] on a 2D canvas, for networks too large for SVG
//! (one DOM element per node stops panning smoothly at a few thousand nodes). The picture is
//! the same as the SVG's: ties as one path, nodes grouped by colour and style so each group
//! is one path filled once, labels for the largest nodes. Paths are built as SVG path text
//! in Rust and handed to the browser in one call each (`Path2D`), rather than one call per
//! tie. Pan and zoom move the drawn bitmap (a CSS transform); the page redraws at a higher
//! resolution when the zoom doubles.

use std::collections::BTreeMap;

use wasm_bindgen::JsCast;

use crate::charts::FONT;
use crate::charts::explorer::{Scene, VIEW, edge_paths, push_ints};
use crate::network::graph::Graph;
use crate::report::RelationReport;

/// Most ties drawn; beyond it an even sample is drawn (and the page says how many).
pub const EDGE_LIMIT: usize = 300_000;

/// Most ties drawn in each frame while the layout runs (the full sample once it stops).
pub const EDGE_LIMIT_LIVE: usize = 50_000;

/// Path coordinates are integers in tenths of a view unit.
const SUB: f64 = 10.0;

/// Above this many nodes, nodes are drawn as squares (cheaper than arcs; at a pixel or two
/// the shape cannot be told apart).
const SQUARES_ABOVE: usize = 20_000;

/// Largest canvas side in device pixels (64 MB of pixels at 4096²; larger canvases fail on
/// phones).
const MAX_SIDE: f64 = 4096.0;

/// The canvas side in device pixels for a CSS size, a device pixel ratio and a zoom: the
/// zoom rounded up to a power of two, so zooming in redraws only when sharpness needs it.
pub fn side_for(css_px: f64, dpr: f64, zoom: f64) -> u32 {
    let bucket = zoom.max(1.0).log2().ceil().exp2();
    (css_px.max(100.0) * dpr.clamp(1.0, 3.0) * bucket).min(MAX_SIDE).round() as u32
}

/// Nodes drawn alike: in the focused ego network, a respondent, and their colour.
type NodeStyle = (bool, bool, (u8, u8, u8));

/// Draws the scene on `canvas` at `side` × `side` device pixels; `live` while the layout
/// is still moving (fewer ties per frame).
pub fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    rel: &RelationReport,
    g: &Graph,
    scene: &Scene,
    side: u32,
    live: bool,
) {
    if canvas.width() != side {
        canvas.set_width(side);
        canvas.set_height(side);
    }
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    // Path coordinates are in tenths of view units; line widths below are in view units.
    let k = side as f64 / VIEW / SUB;
    let _ = ctx.set_transform(k, 0.0, 0.0, k, 0.0, 0.0);
    ctx.set_global_alpha(1.0);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, VIEW * SUB, VIEW * SUB);
    let path = |d: &str| web_sys::Path2d::new_with_path_string(d).ok();
    // Ties.
    let limit = if live { EDGE_LIMIT_LIVE } else { EDGE_LIMIT };
    let (d, d_focus) = edge_paths(g, &scene.pts, scene.focus, limit, SUB);
    let dense = g.edge_count() > 50_000;
    let alpha = match (scene.focus.is_some(), dense) {
        (true, _) => 0.08,
        (false, true) => 0.1,
        (false, false) => 0.25,
    };
    ctx.set_line_width(SUB * if dense { 0.5 } else { 1.0 });
    ctx.set_stroke_style_str(&format!("rgba(80,80,80,{alpha})"));
    if let Some(p) = path(&d) {
        ctx.stroke_with_path(&p);
    }
    if let Some(p) = path(&d_focus).filter(|_| !d_focus.is_empty()) {
        ctx.set_line_width(SUB * 2.0);
        ctx.set_stroke_style_str("rgba(213,94,0,0.8)");
        ctx.stroke_with_path(&p);
    }
    // Nodes, one path per (near the focus, respondent, colour) group.
    let mut groups: BTreeMap<NodeStyle, String> = BTreeMap::new();
    let squares = scene.pts.len() > SQUARES_ABOVE;
    for v in 0..scene.pts.len() {
        let respondent = rel.nodes.get(v).is_some_and(|x| x.respondent);
        let d = groups.entry((scene.near[v], respondent, scene.colour[v])).or_default();
        if squares {
            square(d, scene.pts[v], scene.radius[v]);
        } else {
            circle(d, scene.pts[v], scene.radius[v]);
        }
    }
    // Small nodes (large graphs) get no white outline, which would hide their colour.
    let outline = scene.pts.len() <= 1000;
    for ((near, respondent, (r, gr, b)), d) in &groups {
        let Some(p) = path(d) else { continue };
        let colour = format!("rgb({r},{gr},{b})");
        ctx.set_global_alpha(if *near { 1.0 } else { 0.2 });
        ctx.set_line_width(SUB * 1.5);
        if *respondent {
            ctx.set_fill_style_str(&colour);
            ctx.fill_with_path_2d(&p);
            if outline {
                ctx.set_stroke_style_str("#ffffff");
                ctx.stroke_with_path(&p);
            }
        } else {
            ctx.set_fill_style_str("#ffffff");
            ctx.set_stroke_style_str(&colour);
            ctx.fill_with_path_2d(&p);
            ctx.stroke_with_path(&p);
        }
    }
    ctx.set_global_alpha(1.0);
    if let Some(f) = scene.focus {
        let mut d = String::new();
        circle(&mut d, scene.pts[f], scene.radius[f]);
        if let Some(p) = path(&d) {
            ctx.set_line_width(SUB * 4.0);
            ctx.set_stroke_style_str("#000000");
            ctx.stroke_with_path(&p);
        }
    }
    // Labels (canvas text is not markup: names need no escaping here), in view units.
    let _ = ctx.set_transform(k * SUB, 0.0, 0.0, k * SUB, 0.0, 0.0);
    ctx.set_font(&format!("16px {FONT}"));
    ctx.set_line_join("round");
    ctx.set_line_width(3.0);
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_fill_style_str("#000000");
    for &v in &scene.labels {
        let name = Scene::label(rel, v);
        let (x, y) = (scene.pts[v].0 + scene.radius[v] + 3.0, scene.pts[v].1 + 5.0);
        let _ = ctx.stroke_text(&name, x, y);
        let _ = ctx.fill_text(&name, x, y);
    }
}

/// Appends a circle as two arcs of SVG path data (integer tenths of view units).
fn circle(d: &mut String, (x, y): (f64, f64), r: f64) {
    let (x, y, r) = ((x * SUB).round() as i32, (y * SUB).round() as i32, (r * SUB).round().max(1.0) as i32);
    push_ints(d, &[('M', x - r), (' ', y), ('a', r), (' ', r)]);
    d.push_str(" 0 1 0");
    push_ints(d, &[(' ', 2 * r)]);
    d.push_str(" 0");
    push_ints(d, &[('a', r), (' ', r)]);
    d.push_str(" 0 1 0");
    push_ints(d, &[(' ', -2 * r)]);
    d.push_str(" 0");
}

/// Appends a square of side 2r centred on (x, y).
fn square(d: &mut String, (x, y): (f64, f64), r: f64) {
    let (x, y, r) = ((x * SUB).round() as i32, (y * SUB).round() as i32, (r * SUB).round().max(1.0) as i32);
    push_ints(d, &[('M', x - r), (' ', y - r), ('h', 2 * r), ('v', 2 * r), ('h', -2 * r)]);
    d.push('z');
}
