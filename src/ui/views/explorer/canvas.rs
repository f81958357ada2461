//! The explorer's drawing: the picture (an SVG from `charts::explorer`, or a canvas for large
//! networks, `ui::network_canvas`) under a layer of names drawn at a constant shown size, in a
//! box that pans and zooms with the pointer, the wheel and the keys.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{CSS_SIDE, ExplorerState, LayoutState};
use crate::charts::explorer::{Colouring, Scene, VIEW, labels_svg, place_labels, scene_svg};
use crate::charts::tie_style::TieStyle;
use crate::i18n::{Lang, t, tf};
use crate::ui::network_canvas;
use crate::ui::state::{SharedGraph, SharedRelation};

/// How many of the largest nodes (or of the focus's partners) may get a name; those that
/// would overlap a name already written are left out, so zooming in shows more.
const LABEL_CANDIDATES: usize = 40;

/// Keeps the scene (`st.scene`) up to date with the positions, the size and colour chosen
/// and the focus.
pub fn track_scene(
    st: ExplorerState,
    rel: Arc<SharedRelation>,
    graph: Arc<SharedGraph>,
    colourings: Arc<Vec<(String, String, Colouring)>>,
    ties: Memo<Option<Arc<TieStyle>>>,
) {
    Effect::new(move |_| {
        let c = st.colour_by.get().and_then(|i| colourings.get(i)).map(|c| &c.2);
        let (s, focus) = (st.size_by.get(), st.focus.get());
        let style = ties.get();
        let sc = st.positions.with(|p| {
            Scene::new(&rel, &graph, p, s, c, focus, LABEL_CANDIDATES).map(|mut sc| {
                sc.ties = style;
                Arc::new(sc)
            })
        });
        st.scene.set(sc);
    });
}

/// The ties' classes by the tie dimension chosen (`None`: none chosen, or none of the drawn
/// ties rated on it), made again only when the choice changes.
pub fn tie_style(
    st: ExplorerState,
    rel: Arc<SharedRelation>,
    graph: Arc<SharedGraph>,
) -> Memo<Option<Arc<TieStyle>>> {
    Memo::new(move |_| {
        let d = st.tie_by.get().and_then(|i| rel.tie_dimensions.get(i))?;
        TieStyle::new(&rel, &graph, d).map(Arc::new)
    })
}

/// The picture, its names and the pointer and keyboard handling.
#[component]
pub fn ExplorerCanvas(
    st: ExplorerState,
    rel: Arc<SharedRelation>,
    graph: Arc<SharedGraph>,
    canvas_mode: bool,
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let box_ref = NodeRef::<html::Div>::new();
    measure_width(st, box_ref);
    if canvas_mode {
        draw_canvas(st, rel.clone(), graph.clone(), canvas_ref);
    }
    let (rel_svg, graph_svg) = (rel.clone(), graph.clone());
    let svg = Memo::new(move |_| {
        if canvas_mode {
            return String::new();
        }
        st.scene.with(|sc| sc.as_ref().map(|sc| scene_svg(&rel_svg, &graph_svg, sc)).unwrap_or_default())
    });
    let rel_names = rel.clone();
    let names = move || {
        let font = st.label_font();
        st.scene
            .with(|sc| {
                let sc = sc.as_ref()?;
                let mut labels = place_labels(&rel_names, sc, font);
                // The row of organizations with no tie says what it is.
                let alone =
                    rel_names.nodes.iter().filter(|n| crate::charts::communities::isolated(n)).count();
                let words = tf(l, "chart.isolates_row", &[("n", alone.to_string())]);
                labels.extend(crate::charts::explorer::isolates_label(&rel_names, sc, font, &labels, words));
                Some(labels_svg(&labels, font))
            })
            .unwrap_or_default()
    };
    let transform = move || {
        let (x, y) = st.pan.get();
        format!(
            "transform: translate({x:.1}px, {y:.1}px) scale({:.3}); transform-origin: 0 0;",
            st.zoom.get()
        )
    };
    let picture = if canvas_mode {
        let (n, m) = (graph.node_count(), graph.edge_count());
        let label = tf(l, "explorer.canvas_label", &[("nodes", n.to_string()), ("ties", m.to_string())]);
        let rel_hover = rel.clone();
        let hover_title = move || st.hover.get().and_then(|v| rel_hover.nodes.get(v).map(|x| x.name.clone()));
        view! { <canvas node_ref=canvas_ref data-testid="explorer-bitmap" role="img" aria-label=label title=hover_title></canvas> }.into_any()
    } else {
        view! { <div class="explorer-picture" inner_html=move || svg.get()></div> }.into_any()
    };
    let hit = move |x: f64, y: f64| canvas_hit(st, canvas_ref, x, y);
    view! {
        <div
            class="explorer-view"
            node_ref=st.view_ref
            tabindex="0"
            role="group"
            aria-label=t(l, "explorer.help")
            on:keydown=move |ev| st.on_key(&ev)
            on:wheel=move |ev: leptos::ev::WheelEvent| {
                ev.prevent_default();
                st.zoom_by(if ev.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 });
            }
            on:pointerdown=move |ev| {
                let (x, y) = st.pan.get_untracked();
                st.drag.set_value(Some((ev.client_x() as f64, ev.client_y() as f64, x, y, false)));
            }
            on:pointermove=move |ev| on_move(st, canvas_mode, &ev, hit)
            on:pointerup=move |ev| on_up(st, canvas_mode, &ev, hit)
        >
            <div class="explorer-canvas" node_ref=box_ref data-testid="explorer-canvas" data-renderer=if canvas_mode { "canvas" } else { "svg" } style=transform>
                {picture}
                <div class="explorer-names" data-testid="explorer-names" inner_html=names></div>
            </div>
        </div>
    }
}

/// Measures the drawing's CSS width at zoom 1 when it is shown (an intersection observer:
/// the explorer is made while its view is hidden, 0 px wide) and whenever the window changes
/// size (the names' size follows it).
fn measure_width(st: ExplorerState, box_ref: NodeRef<html::Div>) {
    let measure = move || {
        if let Some(el) = box_ref.get_untracked() {
            let w = el.offset_width() as f64;
            if w > 0.0 && (w - st.width.get_untracked()).abs() > 0.5 {
                st.width.set(w);
            }
        }
        let phone = crate::ui::browser::phone_width();
        if phone != st.phone.get_untracked() {
            st.phone.set(phone);
        }
    };
    let on_seen = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |_| measure());
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("100% 0px");
    let observer =
        web_sys::IntersectionObserver::new_with_options(on_seen.as_ref().unchecked_ref(), &options).ok();
    let kept = StoredValue::new_local((observer, on_seen));
    Effect::new(move |_| {
        if let Some(el) = box_ref.get() {
            kept.with_value(|(o, _)| o.as_ref().map(|o| o.observe(&el)));
            measure();
        }
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        handle.remove();
        kept.try_with_value(|(o, _)| o.as_ref().map(|o| o.disconnect()));
    });
}

/// Draws the scene on the canvas whenever it changes or the zoom needs more pixels. Each
/// picture is drawn over a few tasks (`network_canvas::draw`); a newer one (the next frame of
/// the layout, a zoom, a focus) supersedes one still being prepared.
fn draw_canvas(
    st: ExplorerState,
    rel: Arc<SharedRelation>,
    graph: Arc<SharedGraph>,
    canvas_ref: NodeRef<html::Canvas>,
) {
    let dpr = window().device_pixel_ratio();
    let side = Memo::new(move |_| network_canvas::side_for(CSS_SIDE, dpr, st.zoom.get()));
    let drawing = StoredValue::new(0u64);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let side = side.get();
        let Some(sc) = st.scene.get() else { return };
        let live = st.layout_state.get() == LayoutState::Running;
        drawing.update_value(|d| *d += 1);
        let mine = drawing.get_value();
        let current = move || drawing.try_get_value() == Some(mine);
        let (rel, graph) = (rel.clone(), graph.clone());
        let make = move || network_canvas::Frame::new(&rel, &graph, &sc, side, live);
        leptos::task::spawn_local(network_canvas::draw(canvas, make, current));
    });
}

/// The node under a pointer on the canvas, from its on-screen box (which follows zoom/pan).
fn canvas_hit(st: ExplorerState, canvas_ref: NodeRef<html::Canvas>, x: f64, y: f64) -> Option<usize> {
    let canvas = canvas_ref.get_untracked()?;
    let r = canvas.get_bounding_client_rect();
    if r.width() <= 0.0 {
        return None;
    }
    let (vx, vy) = ((x - r.left()) / r.width() * VIEW, (y - r.top()) / r.height() * VIEW);
    st.scene.with_untracked(|s| s.as_ref()?.hit(vx, vy))
}

/// A pointer moving: drags pan the picture; on the canvas, the node under it is named.
fn on_move(
    st: ExplorerState,
    canvas_mode: bool,
    ev: &leptos::ev::PointerEvent,
    hit: impl Fn(f64, f64) -> Option<usize>,
) {
    let Some((sx, sy, px, py, moved)) = st.drag.get_value() else {
        if canvas_mode {
            let h = hit(ev.client_x() as f64, ev.client_y() as f64);
            if st.hover.get_untracked() != h {
                st.hover.set(h);
            }
        }
        return;
    };
    let (dx, dy) = (ev.client_x() as f64 - sx, ev.client_y() as f64 - sy);
    if moved || dx.abs() + dy.abs() > 4.0 {
        st.drag.set_value(Some((sx, sy, px, py, true)));
        st.pan.set((px + dx, py + dy));
    }
}

/// A pointer let go: a click or tap (not a drag) on a node focuses it.
fn on_up(
    st: ExplorerState,
    canvas_mode: bool,
    ev: &leptos::ev::PointerEvent,
    hit: impl Fn(f64, f64) -> Option<usize>,
) {
    let was_drag = st.drag.get_value().is_some_and(|d| d.4);
    st.drag.set_value(None);
    if was_drag {
        return;
    }
    let node = if canvas_mode {
        hit(ev.client_x() as f64, ev.client_y() as f64)
    } else {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| {
                el.get_attribute("data-i").or_else(|| el.parent_element()?.get_attribute("data-i"))
            })
            .and_then(|i| i.parse::<usize>().ok())
    };
    if node.is_some() {
        st.focus.set(node);
    }
}
