//! Draws the network explorer's [`Scene`] on a 2D canvas, for networks too large for SVG
//! (one DOM element per node stops panning smoothly at a few thousand nodes). The picture is
//! the same as the SVG's: ties as one path, nodes grouped by colour and style so each group
//! is one path filled once (the names are a layer above, `ui::views::explorer`). Paths are built as SVG path text
//! in Rust and handed to the browser in one call each (`Path2D`), rather than one call per
//! tie. Pan and zoom move the drawn bitmap (a CSS transform); the page redraws at a higher
//! resolution when the zoom doubles.

use std::collections::BTreeMap;

use wasm_bindgen::JsCast;

use crate::charts::explorer::{Scene, VIEW, edge_paths, path_pieces, push_ints};
use crate::charts::raster;
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

/// Most bytes of path text the browser parses into one `Path2D`. A large network's frame is
/// several megabytes of path text (100,000 nodes and 50,000 ties: about 3 MB), and parsing
/// it was most of a 50–100 ms task; in pieces, over several tasks ([`Frame::prepare`]), the
/// page answers input in between.
const PIECE_BYTES: usize = 256 * 1024;

/// Longest stretch of parsing paths before the page yields ([`Frame::prepare`]).
const PREPARE_SLICE_MS: f64 = 12.0;

/// Marks of a live frame's image ([`raster::RasterSteps`]) drawn between two looks at the
/// clock: a few hundred microseconds' work.
const RASTER_STEP_MARKS: usize = 2_000;

/// Largest side, in pixels, of a live frame drawn as an image ([`crate::charts::raster`]);
/// the browser scales it to the canvas's size (while the layout moves, sharpness can wait).
const LIVE_RASTER_MAX_SIDE: u32 = 800;

/// Most ties in a live frame drawn as an image: one-pixel lines cost their length, and early
/// in a layout the ties cross the whole picture (50,000 took about 30 ms natively at 640
/// pixels, 20,000 about 16).
const EDGE_LIMIT_LIVE_IMAGE: usize = 20_000;

/// What a layer of the picture is drawn as.
#[derive(Clone, Copy)]
enum Layer {
    /// Ties off the focus.
    Ties,
    /// Ties of one class of a tie dimension (index into `Frame::tie_classes`).
    TieClass(usize),
    /// Ties of the focused node.
    FocusTies,
    /// Nodes of one style.
    Nodes(NodeStyle),
}

/// One picture of the scene, made ready in pieces and then drawn at once, so that a frame is
/// never shown half drawn: the path text is written in Rust when the frame is made, parsed by
/// the browser into `Path2D`s a slice of time at a time ([`Frame::prepare`]), then painted in
/// one go ([`Frame::paint`], a few dozen calls).
pub struct Frame {
    side: u32,
    /// Tie line width (view units) and colour.
    tie_width: f64,
    tie_colour: String,
    /// Colour and width (view units) of each class of ties by a tie dimension.
    tie_classes: Vec<(String, f64)>,
    /// Small nodes (large graphs) get no white outline, which would hide their colour.
    outline: bool,
    /// Layers in drawing order, each with its path as parsed so far (pieces are added to it,
    /// so a layer is still one path: overlapping ties or nodes blend once, as before).
    layers: Vec<(Layer, Option<web_sys::Path2d>)>,
    /// Path text not parsed yet: (layer, piece), in drawing order.
    pending: std::collections::VecDeque<(usize, String)>,
    /// A live frame of a large network, drawn as an image ([`crate::charts::raster`]) in
    /// place of the paths: the canvas turned 100,000 nodes' paths into pixels in a main-thread
    /// task of 70–120 ms of its own after each frame. Drawn in [`Frame::prepare`]'s slices.
    image: Option<raster::RasterSteps>,
    /// The focused node's ring.
    ring: Option<String>,
}

impl Frame {
    /// Writes the path text of `scene` at `side` × `side` device pixels; `live` while the
    /// layout is still moving (fewer ties per frame).
    pub fn new(rel: &RelationReport, g: &Graph, scene: &Scene, side: u32, live: bool) -> Frame {
        Frame::in_pieces(rel, g, scene, side, live, PIECE_BYTES)
    }

    /// [`Frame::new`] with the path text parsed in pieces of at most `piece_bytes` (or one
    /// subpath).
    pub fn in_pieces(
        rel: &RelationReport,
        g: &Graph,
        scene: &Scene,
        side: u32,
        live: bool,
        piece_bytes: usize,
    ) -> Frame {
        let limit = if live { EDGE_LIMIT_LIVE } else { EDGE_LIMIT };
        let dense = g.edge_count() > 50_000;
        let alpha = match (scene.focus.is_some(), dense) {
            (true, _) => 0.08,
            (false, true) => 0.1,
            (false, false) => 0.25,
        };
        let squares = scene.pts.len() > SQUARES_ABOVE;
        let respondent = |v: usize| rel.nodes.get(v).is_some_and(|x| x.respondent);
        let image = (live && squares).then(|| {
            let side = side.min(LIVE_RASTER_MAX_SIDE) as usize;
            raster::RasterSteps::new(g, scene, &respondent, side, EDGE_LIMIT_LIVE_IMAGE, alpha)
        });
        // Ties by a tie dimension: the unrated ones as the plain ties, a layer per class.
        let (d, d_focus, class_paths) = match (&image, &scene.ties) {
            (Some(_), _) => Default::default(),
            (None, Some(style)) => {
                let (mut paths, d_focus) = style.paths(g, &scene.pts, scene.focus, limit, SUB);
                let unrated = paths.pop().unwrap_or_default();
                (unrated, d_focus, paths)
            }
            (None, None) => {
                let (d, d_focus) = edge_paths(g, &scene.pts, scene.focus, limit, SUB);
                (d, d_focus, Vec::new())
            }
        };
        let class_alpha = if scene.focus.is_some() { 0.15 } else { 0.85 };
        let tie_classes = scene.ties.as_ref().map_or(Vec::new(), |style| {
            let css = |(r, g, b): (u8, u8, u8)| format!("rgba({r},{g},{b},{class_alpha})");
            style.classes.iter().map(|c| (css(c.colour), c.width)).collect()
        });
        // Nodes as paths, one per style (none for an image, which holds them).
        let mut groups: BTreeMap<NodeStyle, String> = BTreeMap::new();
        let shapes = if image.is_some() { 0 } else { scene.pts.len() };
        for v in 0..shapes {
            let d = groups.entry((scene.near[v], respondent(v), scene.colour[v])).or_default();
            if squares {
                square(d, scene.pts[v], scene.radius[v]);
            } else {
                circle(d, scene.pts[v], scene.radius[v]);
            }
        }
        let texts = std::iter::once((Layer::Ties, d))
            .chain(class_paths.into_iter().enumerate().map(|(i, d)| (Layer::TieClass(i), d)))
            .chain(std::iter::once((Layer::FocusTies, d_focus)))
            .chain(groups.into_iter().map(|(style, d)| (Layer::Nodes(style), d)));
        let mut layers = Vec::new();
        let mut pending = std::collections::VecDeque::new();
        for (layer, text) in texts.filter(|(_, d)| !d.is_empty()) {
            for piece in path_pieces(text, piece_bytes) {
                pending.push_back((layers.len(), piece));
            }
            layers.push((layer, None));
        }
        let ring = scene.focus.map(|f| {
            let mut d = String::new();
            circle(&mut d, scene.pts[f], scene.radius[f]);
            d
        });
        Frame {
            side,
            tie_width: if dense { 0.5 } else { 1.0 },
            tie_colour: if scene.ties.is_some() {
                format!("rgba(150,150,150,{alpha})")
            } else {
                format!("rgba(80,80,80,{alpha})")
            },
            tie_classes,
            outline: scene.pts.len() <= 1000,
            layers,
            pending,
            image,
            ring,
        }
    }

    /// Draws the image's marks, then parses path pieces, until `budget_ms` has passed on
    /// `clock` (at least one piece); true when every mark is drawn and every piece parsed.
    pub fn prepare(&mut self, clock: &dyn Fn() -> f64, budget_ms: f64) -> bool {
        let start = clock();
        if let Some(image) = self.image.as_mut() {
            while !image.step(RASTER_STEP_MARKS) {
                if clock() - start >= budget_ms {
                    return false;
                }
            }
        }
        while let Some((layer, text)) = self.pending.pop_front() {
            if let Ok(p) = web_sys::Path2d::new_with_path_string(&text) {
                match &self.layers[layer].1 {
                    Some(whole) => whole.add_path(&p),
                    None => self.layers[layer].1 = Some(p),
                }
            }
            if clock() - start >= budget_ms {
                break;
            }
        }
        self.pending.is_empty()
    }

    /// Draws the frame on `canvas` (every piece parsed first, if [`Frame::prepare`] has not).
    pub fn paint(mut self, canvas: &web_sys::HtmlCanvasElement) {
        self.prepare(&|| 0.0, f64::INFINITY);
        let image = self.image.take().map(raster::RasterSteps::finish);
        let side = image.as_ref().map_or(self.side, |p| p.side as u32);
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
        if let Some(px) = &image
            && let Ok(image) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
                wasm_bindgen::Clamped(&px.rgba),
                px.side as u32,
                px.side as u32,
            )
        {
            let _ = ctx.put_image_data(&image, 0.0, 0.0);
        }
        for (layer, path) in &self.layers {
            let Some(p) = path else { continue };
            match layer {
                Layer::Ties => {
                    ctx.set_line_width(SUB * self.tie_width);
                    ctx.set_stroke_style_str(&self.tie_colour);
                    ctx.stroke_with_path(p);
                }
                Layer::TieClass(i) => {
                    let Some((colour, width)) = self.tie_classes.get(*i) else { continue };
                    ctx.set_line_width(SUB * width);
                    ctx.set_stroke_style_str(colour);
                    ctx.stroke_with_path(p);
                }
                Layer::FocusTies => {
                    ctx.set_line_width(SUB * 2.0);
                    ctx.set_stroke_style_str("rgba(213,94,0,0.8)");
                    ctx.stroke_with_path(p);
                }
                Layer::Nodes((near, respondent, (r, gr, b))) => {
                    let colour = format!("rgb({r},{gr},{b})");
                    ctx.set_global_alpha(if *near { 1.0 } else { 0.2 });
                    ctx.set_line_width(SUB * 1.5);
                    if *respondent {
                        ctx.set_fill_style_str(&colour);
                        ctx.fill_with_path_2d(p);
                        if self.outline {
                            ctx.set_stroke_style_str("#ffffff");
                            ctx.stroke_with_path(p);
                        }
                    } else {
                        ctx.set_fill_style_str("#ffffff");
                        ctx.set_stroke_style_str(&colour);
                        ctx.fill_with_path_2d(p);
                        ctx.stroke_with_path(p);
                    }
                }
            }
        }
        ctx.set_global_alpha(1.0);
        if let Some(p) = self.ring.as_deref().and_then(|d| web_sys::Path2d::new_with_path_string(d).ok()) {
            ctx.set_line_width(SUB * 4.0);
            ctx.set_stroke_style_str("#000000");
            ctx.stroke_with_path(&p);
        }
    }
}

/// Draws a frame over several tasks: its path text is written (`make`) in a task after the
/// one that asked (which received the layout's positions and made the scene), parsed a slice
/// of [`PREPARE_SLICE_MS`] per task, then painted in one; `current` says whether it is still
/// wanted (a newer frame replaces it).
pub async fn draw(
    canvas: web_sys::HtmlCanvasElement,
    make: impl FnOnce() -> Frame,
    current: impl Fn() -> bool,
) {
    super::browser::next_task().await;
    if !current() {
        return;
    }
    let mut frame = make();
    while !frame.prepare(&super::browser::now_ms, PREPARE_SLICE_MS) {
        super::browser::next_task().await;
        if !current() {
            return;
        }
    }
    frame.paint(&canvas);
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
