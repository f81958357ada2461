//! A `<select>` of named choices bound to the index of the chosen one: the organization,
//! relation and chart-relation pickers share it.

use leptos::prelude::*;

/// A select listing `labels`, showing and setting `chosen` (an index into `labels`).
pub fn index_select(labels: Vec<String>, chosen: RwSignal<usize>, test_id: &'static str) -> impl IntoView {
    let options = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| view! { <option value=i.to_string() selected=move || chosen.get() == i>{label}</option> })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(i) = event_target_value(&ev).parse() {
            chosen.set(i);
        }
    };
    view! { <select data-testid=test_id on:change=on_change>{options}</select> }
}
