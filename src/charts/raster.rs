//! Pixels of the network explorer's scene, drawn in Rust: the live layout's frames of large
//! networks (tens of thousands of nodes) are put on the canvas as one image.
//!
//! The canvas draws vector paths well, but it turns them into pixels later, in a task of its
//! own on the page's main thread: for 100,000 nodes and 50,000 ties that was 70–120 ms per
//! frame, several times a second while the layout forms, and the page could not answer input
//! meanwhile. Here the frame is plain squares and one-pixel lines, no smoothing — it moves —
//! written straight into an RGBA buffer in a few milliseconds; the finished layout is still
//! drawn as vector paths (`ui::network_canvas`). Same scene, same colours and order as the
//! paths: ties under nodes, the dimmed nodes under the focused ego network.

use super::explorer::{Scene, VIEW};
use crate::network::graph::Graph;

/// An RGBA image, row-major, `side` × `side` pixels.
pub struct Pixels {
    /// Side in pixels.
    pub side: usize,
    /// Four bytes per pixel: red, green, blue, alpha (opaque).
    pub rgba: Vec<u8>,
}

impl Pixels {
    fn white(side: usize) -> Pixels {
        Pixels { side, rgba: vec![255; side * side * 4] }
    }

    /// Blends `colour` with opacity `alpha` (0–256) into the pixel at (x, y), if inside.
    fn blend(&mut self, x: i64, y: i64, (r, g, b): (u8, u8, u8), alpha: u32) {
        if x < 0 || y < 0 || x >= self.side as i64 || y >= self.side as i64 {
            return;
        }
        let i = 4 * (y as usize * self.side + x as usize);
        let mix = |old: u8, new: u8| ((old as u32 * (256 - alpha) + new as u32 * alpha) >> 8) as u8;
        self.rgba[i] = mix(self.rgba[i], r);
        self.rgba[i + 1] = mix(self.rgba[i + 1], g);
        self.rgba[i + 2] = mix(self.rgba[i + 2], b);
    }

    /// A one-pixel line (Bresenham) from a to b.
    fn line(&mut self, a: (i64, i64), b: (i64, i64), colour: (u8, u8, u8), alpha: u32) {
        let (mut x, mut y) = a;
        let (dx, dy) = ((b.0 - x).abs(), -(b.1 - y).abs());
        let (sx, sy) = (if x < b.0 { 1 } else { -1 }, if y < b.1 { 1 } else { -1 });
        let mut err = dx + dy;
        loop {
            self.blend(x, y, colour, alpha);
            if (x, y) == b {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// A filled square [x0, x1) × [y0, y1), clipped to the image.
    fn square(&mut self, (x0, y0, x1, y1): (i64, i64, i64, i64), colour: (u8, u8, u8), alpha: u32) {
        let s = self.side as i64;
        for y in y0.max(0)..y1.min(s) {
            for x in x0.max(0)..x1.min(s) {
                self.blend(x, y, colour, alpha);
            }
        }
    }
}

/// Opacity 0–1 as the 0–256 weight [`Pixels::blend`] takes.
fn weight(alpha: f64) -> u32 {
    (alpha.clamp(0.0, 1.0) * 256.0).round() as u32
}

/// The scene at `side` × `side` pixels: white, then at most `tie_limit` ties off the focus
/// (every k-th tie in the graph's order, as the vector drawing samples them) in grey at
/// `tie_alpha`, the focused node's ties in orange, then the nodes as squares of side twice
/// their radius (at least a pixel) — filled with their colour, or a ring of it around white
/// for non-respondents (`respondent(v)`), at full opacity in the focused ego network (every
/// node without a focus) and a fifth of it elsewhere.
pub fn raster(
    g: &Graph,
    scene: &Scene,
    respondent: &dyn Fn(usize) -> bool,
    side: usize,
    tie_limit: usize,
    tie_alpha: f64,
) -> Pixels {
    let mut steps = RasterSteps::new(g, scene, respondent, side, tie_limit, tie_alpha);
    while !steps.step(usize::MAX) {}
    steps.finish()
}

/// A mark of a raster picture: a one-pixel line from a to b, or a filled square.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Line((i64, i64), (i64, i64)),
    Square((i64, i64, i64, i64)),
}

/// [`raster`]'s picture drawn a bounded number of marks at a time: its marks (lines and
/// squares, with colour and opacity) are listed first, in drawing order, then drawn by
/// [`RasterSteps::step`]. Drawn in one piece, 20,000 lines and 100,000 squares were a task of
/// 50–80 ms on the page's main thread each live frame; listing them is a few milliseconds.
pub struct RasterSteps {
    px: Pixels,
    marks: Vec<(Mark, (u8, u8, u8), u32)>,
    /// Marks drawn so far.
    drawn: usize,
}

impl RasterSteps {
    /// The marks of `scene` at `side` × `side` pixels (see [`raster`]), none drawn yet.
    pub fn new(
        g: &Graph,
        scene: &Scene,
        respondent: &dyn Fn(usize) -> bool,
        side: usize,
        tie_limit: usize,
        tie_alpha: f64,
    ) -> RasterSteps {
        let mut marks = Vec::new();
        let k = side as f64 / VIEW;
        // Ends far off the picture are pulled in, so a line never walks millions of pixels.
        let bound = |c: f64| (c * k).round().clamp(-(side as f64), 2.0 * side as f64) as i64;
        let at = |v: usize| (bound(scene.pts[v].0), bound(scene.pts[v].1));
        let stride = g.edge_count().div_ceil(tie_limit.max(1)).max(1);
        let focused = |v: usize, w: usize| scene.focus.is_some_and(|f| f == v || f == w);
        let mut i = 0usize;
        let grey = weight(tie_alpha);
        for v in 0..g.node_count().min(scene.pts.len()) {
            for &w in g.out(v) {
                let w = w as usize;
                if w < scene.pts.len() && !focused(v, w) && i.is_multiple_of(stride) {
                    marks.push((Mark::Line(at(v), at(w)), (80, 80, 80), grey));
                }
                i += 1;
            }
        }
        if let Some(f) = scene.focus.filter(|f| *f < g.node_count()) {
            let ends =
                g.out(f).iter().map(|w| (f, *w as usize)).chain(g.inn(f).iter().map(|v| (*v as usize, f)));
            for (v, w) in ends.filter(|(v, w)| *v < scene.pts.len() && *w < scene.pts.len()) {
                marks.push((Mark::Line(at(v), at(w)), (213, 94, 0), weight(0.8)));
            }
        }
        let ring = (1.5 * k).round().max(1.0) as i64;
        for near in [false, true] {
            for v in (0..scene.pts.len()).filter(|v| scene.near[*v] == near) {
                let (x, y) = (scene.pts[v].0 * k, scene.pts[v].1 * k);
                let half = (scene.radius[v] * k).max(0.5);
                let (x0, y0) = ((x - half).round() as i64, (y - half).round() as i64);
                let (x1, y1) = (
                    (x + half).round().max(x0 as f64 + 1.0) as i64,
                    (y + half).round().max(y0 as f64 + 1.0) as i64,
                );
                let alpha = weight(if near { 1.0 } else { 0.2 });
                marks.push((Mark::Square((x0, y0, x1, y1)), scene.colour[v], alpha));
                if !respondent(v) && x1 - x0 > 2 * ring && y1 - y0 > 2 * ring {
                    marks.push((
                        Mark::Square((x0 + ring, y0 + ring, x1 - ring, y1 - ring)),
                        (255, 255, 255),
                        alpha,
                    ));
                }
            }
        }
        RasterSteps { px: Pixels::white(side), marks, drawn: 0 }
    }

    /// The picture's side in pixels.
    pub fn side(&self) -> usize {
        self.px.side
    }

    /// Draws the next `count` marks (at least one); true once every mark is drawn.
    pub fn step(&mut self, count: usize) -> bool {
        let end = self.marks.len().min(self.drawn.saturating_add(count.max(1)));
        for &(mark, colour, alpha) in self.marks.get(self.drawn..end).unwrap_or_default() {
            match mark {
                Mark::Line(a, b) => self.px.line(a, b, colour, alpha),
                Mark::Square(r) => self.px.square(r, colour, alpha),
            }
        }
        self.drawn = end;
        self.drawn == self.marks.len()
    }

    /// The picture (every mark drawn once [`RasterSteps::step`] has returned true).
    pub fn finish(self) -> Pixels {
        self.px
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two nodes tied left to right across the middle, a third alone in a corner.
    fn scene(focus: Option<usize>) -> (Graph, Scene) {
        let g = Graph::from_edges(3, &[(0, 1, 1.0)]);
        let near = match focus {
            Some(_) => vec![true, true, false],
            None => vec![true; 3],
        };
        let s = Scene {
            pts: vec![(200.0, 500.0), (800.0, 500.0), (100.0, 100.0)],
            radius: vec![20.0, 20.0, 30.0],
            colour: vec![(0, 114, 178), (213, 94, 0), (0, 158, 115)],
            near,
            labels: vec![],
            focus,
            ties: None,
        };
        (g, s)
    }

    fn pixel(p: &Pixels, x: usize, y: usize) -> (u8, u8, u8, u8) {
        let i = 4 * (y * p.side + x);
        (p.rgba[i], p.rgba[i + 1], p.rgba[i + 2], p.rgba[i + 3])
    }

    /// Drawn a few marks at a time, the picture is the one drawn in one piece.
    #[test]
    fn steps_draw_the_same_pixels() {
        for focus in [None, Some(0)] {
            let (g, s) = scene(focus);
            let whole = raster(&g, &s, &|v| v != 2, 100, 10, 0.25);
            for count in [0, 1, 2] {
                let mut steps = RasterSteps::new(&g, &s, &|v| v != 2, 100, 10, 0.25);
                let mut n = 1;
                while !steps.step(count) {
                    n += 1;
                }
                assert!(n >= 3 / count.max(1), "{n} steps");
                assert_eq!(steps.finish().rgba, whole.rgba, "focus {focus:?}, {count} a step");
            }
        }
    }

    #[test]
    fn nodes_ties_and_background() {
        let (g, s) = scene(None);
        // 100 pixels for the 1000-unit view: a unit is a tenth of a pixel.
        let p = raster(&g, &s, &|v| v != 2, 100, 10, 0.25);
        assert_eq!(p.rgba.len(), 100 * 100 * 4);
        // Background white and opaque.
        assert_eq!(pixel(&p, 50, 90), (255, 255, 255, 255));
        // Node centres in their colour (opaque), squares of side 2 × 2 pixels around them.
        assert_eq!(pixel(&p, 20, 50), (0, 114, 178, 255));
        assert_eq!(pixel(&p, 19, 49), (0, 114, 178, 255));
        assert_eq!(pixel(&p, 80, 50), (213, 94, 0, 255));
        // The tie: grey at a quarter opacity over white, 255 − (255 − 80) × 64 / 256.
        let grey = ((255 * (256 - 64) + 80 * 64) >> 8) as u8;
        assert_eq!(pixel(&p, 50, 50), (grey, grey, grey, 255));
        // The non-respondent: a ring of its colour (1.5 units round to a pixel) around white.
        assert_eq!(pixel(&p, 7, 7), (0, 158, 115, 255));
        assert_eq!(pixel(&p, 10, 10), (255, 255, 255, 255));
        // Nothing drawn off the picture's elements.
        let coloured = p.rgba.chunks(4).filter(|c| c[..3] != [255, 255, 255]).count();
        assert!(coloured < 100 * 100 / 10, "{coloured}");
    }

    #[test]
    fn focus_dims_others_and_ties_limit_samples() {
        let (g, s) = scene(Some(0));
        let p = raster(&g, &s, &|_| true, 100, 10, 0.08);
        // The focused node's tie in orange at 0.8 (205/256): over white, then under the nodes.
        let a = 205u32;
        let mix = |c: u32| ((255 * (256 - a) + c * a) >> 8) as u8;
        assert_eq!(pixel(&p, 50, 50), (mix(213), mix(94), mix(0), 255));
        // The node off the ego network at a fifth of its colour (51/256) over white.
        let dim = |c: u32| ((255 * (256 - 51) + c * 51) >> 8) as u8;
        assert_eq!(pixel(&p, 10, 10), (dim(0), dim(158), dim(115), 255));
        // A limit of zero still draws ties (a stride of at least one, as the vector drawing).
        let (g, s) = scene(None);
        let p = raster(&g, &s, &|_| true, 100, 0, 1.0);
        assert_eq!(pixel(&p, 50, 50), (80, 80, 80, 255));
        // Points outside the image are clipped, not wrapped or panicking.
        let far = Scene { pts: vec![(-500.0, -500.0), (5000.0, 5000.0), (999.9, 999.9)], ..s };
        let p = raster(&g, &far, &|_| true, 100, 10, 1.0);
        assert_eq!(p.rgba.len(), 100 * 100 * 4);
        assert_eq!(pixel(&p, 99, 99), (0, 158, 115, 255));
    }
}
