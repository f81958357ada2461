//! A `<select>` of named choices bound to the index of the chosen one: the organization,
//! relation and chart-relation pickers share it.

use leptos::prelude::*;

use crate::export::graph::xml_escape as escape;

/// `<option>` elements for `choices` (value, label) as HTML, every value and label escaped,
/// `selected` marked: set as the select's `innerHTML` in one call. Built element by element
/// with a reactive `selected` each, the demo's two lists of 120 organizations were 720 calls
/// into the DOM and 240 effects.
pub fn options_html<'a>(choices: impl Iterator<Item = (String, &'a str)>, selected: Option<&str>) -> String {
    let mut html = String::new();
    for (value, label) in choices {
        let mark = if selected == Some(value.as_str()) { " selected" } else { "" };
        html.push_str(&format!("<option value=\"{}\"{mark}>{}</option>", escape(&value), escape(label)));
    }
    html
}

/// A select listing `labels`, showing and setting `chosen` (an index into `labels`).
pub fn index_select(labels: Vec<String>, chosen: RwSignal<usize>, test_id: &'static str) -> impl IntoView {
    let html = options_html(labels.iter().enumerate().map(|(i, l)| (i.to_string(), l.as_str())), None);
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(i) = event_target_value(&ev).parse() {
            chosen.set(i);
        }
    };
    // The options first, then the value (a value set before its option exists is lost).
    view! {
        <select data-testid=test_id on:change=on_change inner_html=html prop:value=move || chosen.get().to_string()></select>
    }
}
