//! The interactive network view: zoom (buttons, wheel, + and −), pan (drag, arrow keys),
//! search an organization (focus on its ego network), size nodes by a metric, hover for
//! names, click or tap a node for its details, and a live layout that can be paused,
//! resumed and replayed. Up to [`MAX_LAYOUT_NODES`] nodes the view starts from the
//! analysis's layout, and up to [`SVG_MAX_TIES`] ties too it is an SVG from
//! `charts::explorer` (escaped); otherwise it is a canvas (`ui::network_canvas`), and above
//! [`MAX_LAYOUT_NODES`] nodes the layout forms live in a worker (`ui::live_layout`), drawn
//! frame by frame.

use crate::ui::views::picker::LabelledSelect;
use std::sync::Arc;

/// Most ties drawn as SVG: an SVG element per tie makes the browser parse, style and lay out
/// tens of thousands of elements when the view appears (a 5,000/50,000 network held the page
/// for 0.14 s), where a canvas draws them in a few milliseconds.
pub const SVG_MAX_TIES: usize = 5_000;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::charts::PALETTE;
use crate::charts::explorer::{Colouring, GREY, Scene, VIEW, drawn_ties, explorer_svg, hex};
use crate::i18n::{Lang, t, tf};
use crate::network::layout::{MAX_LAYOUT_NODES, MAX_LIVE_NODES, iterations_for};
use crate::network::node_metric::NodeMetric;
use crate::report::format::num;
use crate::ui::state::{SharedGraph, SharedRelation};
use crate::ui::{live_layout, network_canvas};

/// Zoom limits.
const MIN_ZOOM: f64 = 0.5;
const MAX_ZOOM: f64 = 12.0;

/// CSS side of the drawing (`.explorer-canvas` is at most 640 px wide).
const CSS_SIDE: f64 = 640.0;

/// Drag state: pointer start (x, y), pan at the start (x, y), and whether the pointer has
/// moved far enough to count as a drag rather than a click.
type Drag = (f64, f64, f64, f64, bool);

/// Where the layout is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LayoutState {
    Running,
    Paused,
    Done,
    Failed,
}

impl LayoutState {
    fn key(self) -> &'static str {
        match self {
            LayoutState::Running => "running",
            LayoutState::Paused => "paused",
            LayoutState::Done => "done",
            LayoutState::Failed => "failed",
        }
    }
}

/// One relation's explorer.
#[component]
pub fn NetworkExplorer(
    /// The relation, inside the shared result.
    rel: SharedRelation,
    graph: SharedGraph,
    layout: Vec<(f64, f64)>,
    /// Colour choices besides the community: (key, label, colours).
    colourings: Vec<(String, String, Colouring)>,
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let size_by = RwSignal::new(NodeMetric::InDegree);
    // Index into `colourings`, or `None` for communities.
    let colour_by: RwSignal<Option<usize>> = RwSignal::new(None);
    let focus: RwSignal<Option<usize>> = RwSignal::new(None);
    let hover: RwSignal<Option<usize>> = RwSignal::new(None);
    let zoom = RwSignal::new(1.0f64);
    let pan = RwSignal::new((0.0f64, 0.0f64));
    let drag: StoredValue<Option<Drag>> = StoredValue::new(None);
    let view_ref = NodeRef::<html::Div>::new();
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let key = rel.key.clone();
    let n = graph.node_count();
    if n == 0 || n > MAX_LIVE_NODES || (layout.is_empty() && n <= MAX_LAYOUT_NODES && n > 1) {
        return view! {
            <section class="explorer" data-testid="explorer">
                <h4>{t(l, "explorer.title")}</h4>
                <p class="note">{t(l, "explorer.too_large")}</p>
            </section>
        }
        .into_any();
    }
    let canvas_mode = n > MAX_LAYOUT_NODES || graph.edge_count() > SVG_MAX_TIES;
    let seed = rel.settings.seed;
    let graph = Arc::new(graph);
    let rel = Arc::new(rel);
    // Positions: the analysis's layout when there is one, else frames of the live layout.
    let total = iterations_for(n);
    let from_analysis = !layout.is_empty();
    let positions = RwSignal::new(layout);
    let progress = RwSignal::new(if from_analysis { (total, total) } else { (0, total) });
    let frames = RwSignal::new(0usize);
    let layout_state = RwSignal::new(if from_analysis { LayoutState::Done } else { LayoutState::Running });
    let handle: StoredValue<Option<u64>> = StoredValue::new(None);
    let graph_live = graph.clone();
    let start_live = move || {
        if let Some(h) = handle.get_value() {
            live_layout::stop(h);
        }
        layout_state.set(LayoutState::Running);
        progress.set((0, total));
        let h = live_layout::start(
            &graph_live,
            seed,
            move |f: live_layout::Frame| {
                let _ = positions.try_set(f.positions);
                let _ = progress.try_set((f.done, f.total));
                let _ = frames.try_update(|c| *c += 1);
                if f.done >= f.total {
                    let _ = layout_state.try_set(LayoutState::Done);
                }
            },
            move |_| {
                let _ = layout_state.try_set(LayoutState::Failed);
            },
        );
        handle.set_value(h);
    };
    if !from_analysis {
        start_live();
    }
    on_cleanup(move || {
        if let Some(h) = handle.get_value() {
            live_layout::stop(h);
        }
    });
    let toggle_layout = move |_| match layout_state.get_untracked() {
        LayoutState::Running => {
            if let Some(h) = handle.get_value() {
                live_layout::pause(h);
            }
            layout_state.set(LayoutState::Paused);
        }
        LayoutState::Paused => {
            if let Some(h) = handle.get_value() {
                live_layout::resume(h);
            }
            layout_state.set(LayoutState::Running);
        }
        LayoutState::Done | LayoutState::Failed => start_live(),
    };
    // Names are read from the shared result when needed (three copies of 100,000 names were
    // part of the explorer's first mount).
    let list_id = format!("explorer-names-{key}");
    // The suggestions are made when the search box is first focused (5,000 options made with
    // the view held the page for 30 ms); a datalist of 200,000 names would itself freeze the
    // page, so above 5,000 there is none and search still matches exactly.
    let list_wanted = RwSignal::new(false);
    let list_rel = rel.clone();
    let datalist = move || {
        (list_wanted.get() && list_rel.nodes.len() <= 5000).then(|| {
            list_rel.nodes.iter().map(|n| view! { <option value=n.name.clone()></option> }).collect_view()
        })
    };
    let colourings = Arc::new(colourings);
    let (rel_draw, graph_draw, colourings_draw) = (rel.clone(), graph.clone(), colourings.clone());
    let svg = Memo::new(move |_| {
        if canvas_mode {
            return String::new();
        }
        let c = colour_by.get().and_then(|i| colourings_draw.get(i)).map(|c| &c.2);
        let s = size_by.get();
        positions.with(|p| explorer_svg(&rel_draw, &graph_draw, p, s, c, focus.get(), 12))
    });
    // The canvas: the scene is kept for hit-testing; redrawn when the picture changes or the
    // zoom needs more pixels.
    let scene: StoredValue<Option<Arc<Scene>>> = StoredValue::new(None);
    let dpr = window().device_pixel_ratio();
    let side = Memo::new(move |_| network_canvas::side_for(CSS_SIDE, dpr, zoom.get()));
    let (rel_canvas, graph_canvas, colourings_canvas) = (rel.clone(), graph.clone(), colourings.clone());
    // Each picture is drawn over a few tasks (`network_canvas::draw`); a newer one (the next
    // frame of the layout, a zoom, a focus) supersedes one still being prepared.
    let drawing = StoredValue::new(0u64);
    Effect::new(move |_| {
        if !canvas_mode {
            return;
        }
        let Some(canvas) = canvas_ref.get() else { return };
        let side = side.get();
        let c = colour_by.get().and_then(|i| colourings_canvas.get(i)).map(|c| &c.2);
        let s = size_by.get();
        let sc = positions
            .with(|p| Scene::new(&rel_canvas, &graph_canvas, p, s, c, focus.get(), 12).map(Arc::new));
        if let Some(sc) = &sc {
            let live = layout_state.get() == LayoutState::Running;
            drawing.update_value(|d| *d += 1);
            let mine = drawing.get_value();
            let current = move || drawing.try_get_value() == Some(mine);
            let (rel, graph, sc) = (rel_canvas.clone(), graph_canvas.clone(), sc.clone());
            let make = move || network_canvas::Frame::new(&rel, &graph, &sc, side, live);
            leptos::task::spawn_local(network_canvas::draw(canvas, make, current));
        }
        scene.set_value(sc);
    });
    // The node under a pointer on the canvas, from its on-screen box (which follows zoom/pan).
    let canvas_hit = move |x: f64, y: f64| -> Option<usize> {
        let canvas = canvas_ref.get_untracked()?;
        let r = canvas.get_bounding_client_rect();
        if r.width() <= 0.0 {
            return None;
        }
        let (vx, vy) = ((x - r.left()) / r.width() * VIEW, (y - r.top()) / r.height() * VIEW);
        scene.with_value(|s| s.as_ref()?.hit(vx, vy))
    };
    // Zoom around the centre of the visible area.
    let zoom_by = move |factor: f64| {
        let (w, h) = view_ref
            .get_untracked()
            .map_or((600.0, 600.0), |el| (el.client_width() as f64, el.client_height() as f64));
        let old = zoom.get_untracked();
        let new = (old * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let f = new / old;
        pan.update(|p| {
            p.0 = w / 2.0 - (w / 2.0 - p.0) * f;
            p.1 = h / 2.0 - (h / 2.0 - p.1) * f;
        });
        zoom.set(new);
    };
    let reset = move || {
        zoom.set(1.0);
        pan.set((0.0, 0.0));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = 40.0;
        match ev.key().as_str() {
            "+" | "=" => zoom_by(1.25),
            "-" | "_" => zoom_by(0.8),
            "0" => reset(),
            "ArrowLeft" => pan.update(|p| p.0 += step),
            "ArrowRight" => pan.update(|p| p.0 -= step),
            "ArrowUp" => pan.update(|p| p.1 += step),
            "ArrowDown" => pan.update(|p| p.1 -= step),
            "Escape" => focus.set(None),
            _ => return,
        }
        ev.prevent_default();
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        zoom_by(if ev.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 });
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let (x, y) = pan.get_untracked();
        drag.set_value(Some((ev.client_x() as f64, ev.client_y() as f64, x, y, false)));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some((sx, sy, px, py, moved)) = drag.get_value() else {
            if canvas_mode {
                let h = canvas_hit(ev.client_x() as f64, ev.client_y() as f64);
                if hover.get_untracked() != h {
                    hover.set(h);
                }
            }
            return;
        };
        let (dx, dy) = (ev.client_x() as f64 - sx, ev.client_y() as f64 - sy);
        if moved || dx.abs() + dy.abs() > 4.0 {
            drag.set_value(Some((sx, sy, px, py, true)));
            pan.set((px + dx, py + dy));
        }
    };
    let on_up = move |ev: leptos::ev::PointerEvent| {
        let was_drag = drag.get_value().is_some_and(|d| d.4);
        drag.set_value(None);
        if was_drag {
            return;
        }
        // A click or tap on a node focuses it.
        let node = if canvas_mode {
            canvas_hit(ev.client_x() as f64, ev.client_y() as f64)
        } else {
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| {
                    el.get_attribute("data-i").or_else(|| el.parent_element()?.get_attribute("data-i"))
                })
                .and_then(|i| i.parse::<usize>().ok())
        };
        if node.is_some() {
            focus.set(node);
        }
    };
    let search_rel = rel.clone();
    let on_search = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let v = v.trim();
        // An exact name or id first, else the first name containing what was typed (as the
        // organizations view finds them).
        let names = search_rel.nodes.iter().map(|n| (n.name.as_str(), n.id.as_str()));
        if let Some(i) = crate::labels::find_name(v, names) {
            focus.set(Some(i));
        } else if v.is_empty() {
            focus.set(None);
        }
    };
    let size_options = NodeMetric::ALL
        .into_iter()
        .filter(|m| m.sizes_nodes())
        .map(|m| view! { <option value=m.key() selected=m == NodeMetric::InDegree>{t(l, m.label_key())}</option> })
        .collect_view();
    let on_size = move |ev: leptos::ev::Event| {
        // Every option is a metric's key.
        if let Ok(m) = NodeMetric::from_key(&event_target_value(&ev)) {
            size_by.set(m);
        }
    };
    let colour_options = colourings
        .iter()
        .enumerate()
        .map(|(i, (key, label, _))| view! { <option value=i.to_string() data-key=key.clone()>{label.clone()}</option> })
        .collect_view();
    let on_colour = move |ev: leptos::ev::Event| colour_by.set(event_target_value(&ev).parse::<usize>().ok());
    // The legend: what each colour means, with node counts (text, so it is read out too).
    let community_legend: Vec<(String, usize)> = {
        let mut counts = vec![0usize; PALETTE.len() + 1];
        for node in &rel.nodes {
            counts[node.community.min(PALETTE.len())] += 1;
        }
        counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| {
                let name = if i < PALETTE.len() {
                    format!("{} {}", t(l, "network.community"), i + 1)
                } else {
                    t(l, "explorer.other_communities")
                };
                (name, *c)
            })
            .collect()
    };
    let colourings_legend = colourings.clone();
    let legend = move || {
        let entries: Vec<((u8, u8, u8), String, usize)> =
            match colour_by.get().and_then(|i| colourings_legend.get(i)) {
                Some((_, _, c)) => {
                    let mut e: Vec<_> = c
                        .legend
                        .iter()
                        .take(PALETTE.len())
                        .enumerate()
                        .map(|(i, (k, n))| (Colouring::colour(i), k.clone(), *n))
                        .collect();
                    let rest: usize = c.legend.iter().skip(PALETTE.len()).map(|(_, n)| *n).sum::<usize>()
                        + c.index.iter().filter(|i| i.is_none()).count();
                    if rest > 0 {
                        e.push((GREY, t(l, "explorer.other_values"), rest));
                    }
                    e
                }
                None => community_legend
                    .iter()
                    .enumerate()
                    .map(|(i, (k, n))| (Colouring::colour(i), k.clone(), *n))
                    .collect(),
            };
        entries
            .into_iter()
            .map(|(c, name, count)| {
                let style = format!("background:{}", hex(c));
                view! { <li><span class="swatch" style=style aria-hidden="true"></span>{format!("{name} ({count})")}</li> }
            })
            .collect_view()
    };
    let transform = move || {
        let (x, y) = pan.get();
        format!("transform: translate({x:.1}px, {y:.1}px) scale({:.3}); transform-origin: 0 0;", zoom.get())
    };
    let layout_status = move || {
        let (done, total) = progress.get();
        let args = [("done", done.to_string()), ("total", total.to_string())];
        match layout_state.get() {
            LayoutState::Running => tf(l, "explorer.layout_running", &args),
            LayoutState::Paused => tf(l, "explorer.layout_paused", &args),
            LayoutState::Done => {
                tf(l, "explorer.layout_done", &[("total", done.to_string()), ("seed", seed.to_string())])
            }
            LayoutState::Failed => t(l, "explorer.layout_failed"),
        }
    };
    let toggle_label = move || match layout_state.get() {
        LayoutState::Running => t(l, "explorer.layout_pause"),
        LayoutState::Paused => t(l, "explorer.layout_resume"),
        LayoutState::Done | LayoutState::Failed => t(l, "explorer.layout_replay"),
    };
    let m = graph.edge_count();
    let drawn = drawn_ties(m, network_canvas::EDGE_LIMIT);
    let sample_note = (canvas_mode && drawn < m).then(|| {
        view! {
            <p class="note" data-testid="explorer-sample">
                {tf(l, "explorer.sampled_ties", &[("drawn", drawn.to_string()), ("ties", m.to_string())])}
            </p>
        }
    });
    let canvas_label = tf(l, "explorer.canvas_label", &[("nodes", n.to_string()), ("ties", m.to_string())]);
    let rel_hover = rel.clone();
    let hover_title = move || hover.get().and_then(|v| rel_hover.nodes.get(v).map(|x| x.name.clone()));
    let drawing = if canvas_mode {
        view! {
            <div class="explorer-canvas" data-testid="explorer-canvas" data-renderer="canvas" style=transform>
                <canvas node_ref=canvas_ref data-testid="explorer-bitmap" role="img" aria-label=canvas_label title=hover_title></canvas>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="explorer-canvas" data-testid="explorer-canvas" data-renderer="svg" style=transform inner_html=move || svg.get()></div>
        }
        .into_any()
    };
    let details = move || {
        let v = focus.get()?;
        let n = rel.nodes.get(v)?;
        let text = tf(
            l,
            "explorer.details",
            &[
                ("name", n.name.clone()),
                ("in", n.in_degree.to_string()),
                ("out", n.out_degree.to_string()),
                ("betweenness", num(n.betweenness, 4, l)),
                ("community", (n.community + 1).to_string()),
                ("partners", graph.und(v).len().to_string()),
            ],
        );
        Some(view! {
            <p data-testid="explorer-details">
                {text} " "
                <button class="link" data-testid="explorer-open-org" data-org=n.id.clone()>{t(l, "org.open")}</button>
                " "
                <button class="link" data-testid="explorer-clear" on:click=move |_| focus.set(None)>{t(l, "explorer.clear")}</button>
            </p>
        })
    };
    view! {
        <section class="explorer" data-testid="explorer" data-key=key.clone() data-frames=move || frames.get()>
            <h4>{t(l, "explorer.title")}</h4>
            <div class="explorer-controls">
                <button data-testid="layout-toggle" on:click=toggle_layout>{toggle_label}</button>
                <span data-testid="layout-status" data-state=move || layout_state.get().key() role="status">{layout_status}</span>
            </div>
            <div class="explorer-controls">
                <label class="inline">
                    {t(l, "explorer.search")} " "
                    <input type="search" class="search" list=list_id.clone() data-testid="explorer-search" on:focus=move |_| list_wanted.set(true) on:change=on_search/>
                </label>
                <datalist id=list_id>{datalist}</datalist>
                " "
                <LabelledSelect label=t(l, "explorer.size")>
                    <select data-testid="explorer-size" on:change=on_size>{size_options}</select>
                </LabelledSelect>
                " "
                <LabelledSelect label=t(l, "explorer.colour")>
                    <select data-testid="explorer-colour" on:change=on_colour>
                        <option value="community" selected=true>{t(l, "network.community")}</option>
                        {colour_options}
                    </select>
                </LabelledSelect>
                " "
                <button data-testid="zoom-in" aria-label=t(l, "explorer.zoom_in") on:click=move |_| zoom_by(1.25)>"+"</button>
                <button data-testid="zoom-out" aria-label=t(l, "explorer.zoom_out") on:click=move |_| zoom_by(0.8)>"−"</button>
                <button data-testid="zoom-reset" on:click=move |_| reset()>{t(l, "explorer.reset")}</button>
            </div>
            <div
                class="explorer-view"
                node_ref=view_ref
                tabindex="0"
                role="group"
                aria-label=t(l, "explorer.help")
                on:keydown=on_key
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
            >
                {drawing}
            </div>
            <ul class="legend" data-testid="explorer-legend" aria-label=t(l, "explorer.legend")>{legend}</ul>
            {sample_note}
            <p class="note">{t(l, "explorer.help")}</p>
            {details}
        </section>
    }
    .into_any()
}
