//! The explorer's controls: the layout's button and status, and the search, size, colour and
//! zoom controls.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::ExplorerState;
use crate::charts::explorer::Colouring;
use crate::i18n::{Lang, t};
use crate::network::node_metric::NodeMetric;
use crate::ui::state::{SharedGraph, SharedRelation};
use crate::ui::views::picker::LabelledSelect;

/// Pause, resume or replay the layout, and where it is.
#[component]
pub fn LayoutControls(st: ExplorerState, graph: Arc<SharedGraph>, lang: Lang) -> impl IntoView {
    let l = lang;
    view! {
        <div class="explorer-controls">
            <button data-testid="layout-toggle" on:click=move |_| st.toggle_layout(&graph)>{move || st.toggle_label(l)}</button>
            <span data-testid="layout-status" data-state=move || st.layout_state.get().key() role="status">{move || st.layout_status(l)}</span>
            <details class="tech" data-testid="layout-tech">
                <summary>{t(l, "common.tech_details")}</summary>
                {move || st.layout_details(l)}
            </details>
        </div>
    }
}

/// Search an organization, size and colour nodes, zoom.
#[component]
pub fn ExplorerControls(
    st: ExplorerState,
    rel: Arc<SharedRelation>,
    colourings: Arc<Vec<(String, String, Colouring)>>,
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let tie_select = tie_colour_select(st, &rel, l);
    // Names are read from the shared result when needed (three copies of 100,000 names were
    // part of the explorer's first mount).
    let list_id = format!("explorer-names-{}", rel.key);
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
    let on_search = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let v = v.trim();
        // An exact name or id first, else the first name containing what was typed (as the
        // organizations view finds them).
        let names = rel.nodes.iter().map(|n| (n.name.as_str(), n.id.as_str()));
        if let Some(i) = crate::labels::find_name(v, names) {
            st.focus.set(Some(i));
        } else if v.is_empty() {
            st.focus.set(None);
        }
    };
    // The few measures a coordinator needs first, the rest under "more measures".
    let (essential, more) = NodeMetric::size_menu();
    let option = |m: NodeMetric| view! { <option value=m.key() selected=m == NodeMetric::InDegree>{t(l, m.label_key())}</option> };
    let size_options = view! {
        {essential.into_iter().map(option).collect_view()}
        <optgroup label=t(l, "explorer.more_measures")>{more.into_iter().map(option).collect_view()}</optgroup>
    };
    // Every option is a metric's key.
    let on_size = move |ev: leptos::ev::Event| {
        if let Ok(m) = NodeMetric::from_key(&event_target_value(&ev)) {
            st.size_by.set(m);
        }
    };
    let colour_options = colourings
        .iter()
        .enumerate()
        .map(|(i, (key, label, _))| view! { <option value=i.to_string() data-key=key.clone()>{label.clone()}</option> })
        .collect_view();
    let on_colour =
        move |ev: leptos::ev::Event| st.colour_by.set(event_target_value(&ev).parse::<usize>().ok());
    // What the size shows, in plain words (a walkthrough met 特征向量中心性, 枢纽值 and 权威值 in
    // the menu with nothing to say what they are); the degrees need none.
    let size_help = move || {
        let key = format!("help.metric.{}", st.size_by.get().key());
        crate::i18n::has(l, &key)
            .then(|| view! { <p class="muted" data-testid="explorer-size-help">{t(l, &key)}</p> })
    };

    view! {
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
            {tie_select}
            " "
            <button data-testid="zoom-in" aria-label=t(l, "explorer.zoom_in") on:click=move |_| st.zoom_by(1.25)>"+"</button>
            <button data-testid="zoom-out" aria-label=t(l, "explorer.zoom_out") on:click=move |_| st.zoom_by(0.8)>"−"</button>
            <button data-testid="zoom-reset" on:click=move |_| st.reset()>{t(l, "explorer.reset")}</button>
        </div>
        {size_help}
    }
}

/// "Colour ties by": nothing, or each tie dimension rated in the relation; nothing without
/// tie ratings.
fn tie_colour_select(st: ExplorerState, rel: &SharedRelation, l: Lang) -> Option<impl IntoView + use<>> {
    if rel.tie_dimensions.is_empty() {
        return None;
    }
    let options = rel
        .tie_dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let label = crate::labels::tie_dimension_label(d, l);
            view! { <option value=i.to_string() data-key=d.key.clone()>{label}</option> }
        })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| st.tie_by.set(event_target_value(&ev).parse::<usize>().ok());
    Some(view! {
        " "
        <LabelledSelect label=t(l, "explorer.tie_colour")>
            <select data-testid="explorer-tie-colour" on:change=on_change>
                <option value="none" selected=true>{t(l, "explorer.tie_none")}</option>
                {options}
            </select>
        </LabelledSelect>
    })
}
