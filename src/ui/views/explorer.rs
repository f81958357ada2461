//! The interactive network view: zoom (buttons, wheel, + and −), pan (drag, arrow keys),
//! search an organization (focus on its ego network), size nodes by a metric, hover for
//! names, click or tap a node for its details. The drawing comes from
//! `charts::explorer` (plain SVG, escaped); layout positions come from the worker.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::charts::explorer::{SIZE_METRICS, explorer_svg};
use crate::i18n::{Lang, t, tf};
use crate::network::graph::Graph;
use crate::report::RelationReport;
use crate::report::format::num;

/// Zoom limits.
const MIN_ZOOM: f64 = 0.5;
const MAX_ZOOM: f64 = 12.0;

/// Drag state: pointer start (x, y), pan at the start (x, y), and whether the pointer has
/// moved far enough to count as a drag rather than a click.
type Drag = (f64, f64, f64, f64, bool);

/// One relation's explorer.
#[component]
pub fn NetworkExplorer(
    rel: RelationReport,
    graph: Graph,
    layout: Vec<(f64, f64)>,
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let size_by = RwSignal::new("in_degree".to_string());
    let focus: RwSignal<Option<usize>> = RwSignal::new(None);
    let zoom = RwSignal::new(1.0f64);
    let pan = RwSignal::new((0.0f64, 0.0f64));
    let drag: StoredValue<Option<Drag>> = StoredValue::new(None);
    let view_ref = NodeRef::<html::Div>::new();
    let key = rel.key.clone();
    if layout.is_empty() {
        return view! {
            <section class="explorer" data-testid="explorer">
                <h4>{t(l, "explorer.title")}</h4>
                <p class="note">{t(l, "explorer.too_large")}</p>
            </section>
        }
        .into_any();
    }
    let names: Vec<String> = rel.nodes.iter().map(|n| n.name.clone()).collect();
    let list_id = format!("explorer-names-{key}");
    let datalist = names.iter().map(|n| view! { <option value=n.clone()></option> }).collect_view();
    let rel_draw = rel.clone();
    let graph_draw = graph.clone();
    let svg = Memo::new(move |_| {
        size_by.with(|s| explorer_svg(&rel_draw, &graph_draw, &layout, s, focus.get(), 12))
    });
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
        let Some((sx, sy, px, py, moved)) = drag.get_value() else { return };
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
        let node = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| {
                el.get_attribute("data-i").or_else(|| el.parent_element()?.get_attribute("data-i"))
            })
            .and_then(|i| i.parse::<usize>().ok());
        if node.is_some() {
            focus.set(node);
        }
    };
    let search_names = names.clone();
    let on_search = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let v = v.trim();
        if let Some(i) = search_names.iter().position(|n| n == v) {
            focus.set(Some(i));
        } else if v.is_empty() {
            focus.set(None);
        }
    };
    let size_options = SIZE_METRICS
        .iter()
        .map(|k| view! { <option value=*k selected=*k == "in_degree">{t(l, &format!("explorer.size_{k}"))}</option> })
        .collect_view();
    let on_size = move |ev: leptos::ev::Event| size_by.set(event_target_value(&ev));
    let transform = move || {
        let (x, y) = pan.get();
        format!("transform: translate({x:.1}px, {y:.1}px) scale({:.3}); transform-origin: 0 0;", zoom.get())
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
                <button class="link" data-testid="explorer-clear" on:click=move |_| focus.set(None)>{t(l, "explorer.clear")}</button>
            </p>
        })
    };
    view! {
        <section class="explorer" data-testid="explorer" data-key=key.clone()>
            <h4>{t(l, "explorer.title")}</h4>
            <div class="explorer-controls">
                <label class="inline">
                    {t(l, "explorer.search")} " "
                    <input type="search" class="search" list=list_id.clone() data-testid="explorer-search" on:change=on_search/>
                </label>
                <datalist id=list_id>{datalist}</datalist>
                " "
                <label class="inline">
                    {t(l, "explorer.size")} " "
                    <select data-testid="explorer-size" on:change=on_size>{size_options}</select>
                </label>
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
                <div class="explorer-canvas" data-testid="explorer-canvas" style=transform inner_html=move || svg.get()></div>
            </div>
            <p class="note">{t(l, "explorer.help")}</p>
            {details}
        </section>
    }
    .into_any()
}
