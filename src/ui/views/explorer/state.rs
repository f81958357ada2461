//! The explorer's state: what is chosen (size, colour, focus), the view (zoom, pan, the
//! drawing's shown width) and the layout (positions, progress, the live layout's handle),
//! with the actions on them.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use crate::charts::explorer::{Scene, VIEW};
use crate::i18n::{Lang, t, tf};
use crate::network::layout::iterations_for;
use crate::network::node_metric::NodeMetric;
use crate::ui::live_layout;
use crate::ui::state::SharedGraph;

/// Zoom limits.
const MIN_ZOOM: f64 = 0.5;
const MAX_ZOOM: f64 = 12.0;

/// CSS side of the drawing at most (`.explorer-canvas` is at most 640 px wide).
pub const CSS_SIDE: f64 = 640.0;

/// Names beside the nodes are this many CSS pixels high as shown, whatever the zoom and the
/// drawing's width: 12 on a desktop, 11 on a phone (windows under 600 px).
const LABEL_PX: f64 = 12.0;
const LABEL_PX_PHONE: f64 = 11.0;

/// Drag state: pointer start (x, y), pan at the start (x, y), and whether the pointer has
/// moved far enough to count as a drag rather than a click.
pub type Drag = (f64, f64, f64, f64, bool);

/// Where the layout is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutState {
    Running,
    Paused,
    Done,
    Failed,
}

impl LayoutState {
    /// The state's name, for `data-state`.
    pub fn key(self) -> &'static str {
        match self {
            LayoutState::Running => "running",
            LayoutState::Paused => "paused",
            LayoutState::Done => "done",
            LayoutState::Failed => "failed",
        }
    }
}

/// Every signal of one explorer (copied into each handler).
#[derive(Clone, Copy)]
pub struct ExplorerState {
    /// The metric that sizes nodes.
    pub size_by: RwSignal<NodeMetric>,
    /// Index into the colourings, or `None` for communities.
    pub colour_by: RwSignal<Option<usize>>,
    /// Index into the relation's tie dimensions that colours the ties, or `None` (grey).
    pub tie_by: RwSignal<Option<usize>>,
    /// The organization focused on (its ego network highlighted).
    pub focus: RwSignal<Option<usize>>,
    /// The node under the pointer (canvas only; the SVG has `<title>`s).
    pub hover: RwSignal<Option<usize>>,
    pub zoom: RwSignal<f64>,
    /// Pan in CSS pixels.
    pub pan: RwSignal<(f64, f64)>,
    pub drag: StoredValue<Option<Drag>>,
    /// CSS width of the drawing at zoom 1 (measured; [`CSS_SIDE`] until then).
    pub width: RwSignal<f64>,
    /// The window is phone-sized (names a pixel smaller).
    pub phone: RwSignal<bool>,
    /// Node positions in the unit square.
    pub positions: RwSignal<Vec<(f64, f64)>>,
    /// The picture as drawn (kept for hit-testing and the names).
    pub scene: RwSignal<Option<Arc<Scene>>>,
    /// Layout iterations done and to do.
    pub progress: RwSignal<(usize, usize)>,
    /// Frames of the live layout received.
    pub frames: RwSignal<usize>,
    pub layout_state: RwSignal<LayoutState>,
    handle: StoredValue<Option<u64>>,
    pub seed: u64,
    /// The visible area, for zooming about its centre.
    pub view_ref: NodeRef<html::Div>,
}

/// The drawing's width as the style sheet will lay it out, from the window's size (the
/// page's column is at most 1100 px less 16 px padding each side, the box's border 1 px each
/// side; the square at most 70 % of the window's height), until it is measured when first shown.
fn first_width() -> f64 {
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|w| w.as_f64());
    let window_width = size(window().inner_width()).unwrap_or(CSS_SIDE);
    let window_height = size(window().inner_height()).unwrap_or(CSS_SIDE / 0.7);
    (window_width.min(1100.0) - 34.0).min(window_height * 0.7).clamp(100.0, CSS_SIDE)
}

impl ExplorerState {
    /// The state of an explorer of `n` nodes, starting from `layout` (the analysis's) or, when
    /// it is empty, from the live layout's frames.
    pub fn new(layout: Vec<(f64, f64)>, n: usize, seed: u64) -> Self {
        let total = iterations_for(n);
        let from_analysis = !layout.is_empty();
        ExplorerState {
            size_by: RwSignal::new(NodeMetric::InDegree),
            colour_by: RwSignal::new(None),
            tie_by: RwSignal::new(None),
            focus: RwSignal::new(None),
            hover: RwSignal::new(None),
            zoom: RwSignal::new(1.0),
            pan: RwSignal::new((0.0, 0.0)),
            drag: StoredValue::new(None),
            width: RwSignal::new(first_width()),
            phone: RwSignal::new(crate::ui::browser::phone_width()),
            positions: RwSignal::new(layout),
            scene: RwSignal::new(None),
            progress: RwSignal::new(if from_analysis { (total, total) } else { (0, total) }),
            frames: RwSignal::new(0),
            layout_state: RwSignal::new(if from_analysis { LayoutState::Done } else { LayoutState::Running }),
            handle: StoredValue::new(None),
            seed,
            view_ref: NodeRef::new(),
        }
    }

    /// (Re)starts the live layout of `graph`; its frames replace the positions.
    pub fn start_live(self, graph: &Arc<SharedGraph>) {
        self.stop_live();
        self.layout_state.set(LayoutState::Running);
        let total = self.progress.get_untracked().1;
        self.progress.set((0, total));
        let st = self;
        let h = live_layout::start(
            graph,
            self.seed,
            move |f: live_layout::Frame| {
                let _ = st.positions.try_set(f.positions);
                let _ = st.progress.try_set((f.done, f.total));
                let _ = st.frames.try_update(|c| *c += 1);
                if f.done >= f.total {
                    let _ = st.layout_state.try_set(LayoutState::Done);
                }
            },
            move |_| {
                let _ = st.layout_state.try_set(LayoutState::Failed);
            },
        );
        self.handle.set_value(h);
    }

    /// Stops the live layout, if one runs.
    pub fn stop_live(self) {
        if let Some(h) = self.handle.try_get_value().flatten() {
            live_layout::stop(h);
        }
    }

    /// Pauses a running layout, resumes a paused one, replays a finished one.
    pub fn toggle_layout(self, graph: &Arc<SharedGraph>) {
        match self.layout_state.get_untracked() {
            LayoutState::Running => {
                if let Some(h) = self.handle.get_value() {
                    live_layout::pause(h);
                }
                self.layout_state.set(LayoutState::Paused);
            }
            LayoutState::Paused => {
                if let Some(h) = self.handle.get_value() {
                    live_layout::resume(h);
                }
                self.layout_state.set(LayoutState::Running);
            }
            LayoutState::Done | LayoutState::Failed => self.start_live(graph),
        }
    }

    /// Zooms by `factor` around the centre of the visible area.
    pub fn zoom_by(self, factor: f64) {
        let (w, h) = self
            .view_ref
            .get_untracked()
            .map_or((600.0, 600.0), |el| (el.client_width() as f64, el.client_height() as f64));
        let old = self.zoom.get_untracked();
        let new = (old * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let f = new / old;
        self.pan.update(|p| {
            p.0 = w / 2.0 - (w / 2.0 - p.0) * f;
            p.1 = h / 2.0 - (h / 2.0 - p.1) * f;
        });
        self.zoom.set(new);
    }

    /// Back to the whole picture.
    pub fn reset(self) {
        self.zoom.set(1.0);
        self.pan.set((0.0, 0.0));
    }

    /// Keys on the drawing: + and − zoom, 0 resets, arrows pan, Escape clears the focus.
    pub fn on_key(self, ev: &leptos::ev::KeyboardEvent) {
        let step = 40.0;
        match ev.key().as_str() {
            "+" | "=" => self.zoom_by(1.25),
            "-" | "_" => self.zoom_by(0.8),
            "0" => self.reset(),
            "ArrowLeft" => self.pan.update(|p| p.0 += step),
            "ArrowRight" => self.pan.update(|p| p.0 -= step),
            "ArrowUp" => self.pan.update(|p| p.1 += step),
            "ArrowDown" => self.pan.update(|p| p.1 -= step),
            "Escape" => self.focus.set(None),
            _ => return,
        }
        ev.prevent_default();
    }

    /// The names' font size in view units, so that they are [`LABEL_PX`] CSS pixels high as
    /// shown (the drawing is `width` pixels for [`VIEW`] units, times the zoom).
    pub fn label_font(self) -> f64 {
        let px = if self.phone.get() { LABEL_PX_PHONE } else { LABEL_PX };
        let shown = self.width.get().max(1.0) * self.zoom.get() / VIEW;
        px / shown
    }

    /// The layout's status line.
    pub fn layout_status(self, l: Lang) -> String {
        let (done, total) = self.progress.get();
        let args = [("done", done.to_string()), ("total", total.to_string())];
        match self.layout_state.get() {
            LayoutState::Running => tf(l, "explorer.layout_running", &args),
            LayoutState::Paused => tf(l, "explorer.layout_paused", &args),
            LayoutState::Done => t(l, "explorer.layout_done"),
            LayoutState::Failed => t(l, "explorer.layout_failed"),
        }
    }

    /// The layout's method in full (for the technical details): algorithm, steps and seed.
    pub fn layout_details(self, l: Lang) -> String {
        let total = self.progress.get().1;
        tf(l, "explorer.layout_tech", &[("total", total.to_string()), ("seed", self.seed.to_string())])
    }

    /// The layout button's label.
    pub fn toggle_label(self, l: Lang) -> String {
        match self.layout_state.get() {
            LayoutState::Running => t(l, "explorer.layout_pause"),
            LayoutState::Paused => t(l, "explorer.layout_resume"),
            LayoutState::Done | LayoutState::Failed => t(l, "explorer.layout_replay"),
        }
    }
}
