//! Selects: a `<select>` of named choices bound to the index of the chosen one (the
//! organization, relation and chart-relation pickers share it), and the form of its own that
//! every select of the page sits in ([`OwnForm`]).

use leptos::prelude::*;

use crate::markup::escape;

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

/// A form of its own for one select (with its label), never submitted.
///
/// Chromium's autofill reads the form a select belongs to each time the select's choice
/// changes, also when a select is built (its first option is chosen) — a task of its own
/// after the change. A select outside every form belongs to the page's one form-less form:
/// every input, select and option of the page, read with the labels around them. Building
/// the demo's sections made about ten such reads of 2–17 ms each (70 ms of the 0.2 s the
/// page spent on the result); a select in a form of its own is read alone. The form takes
/// no room (`display: contents`) and holds no button; Enter in a search field beside the
/// select submits it, and that submission is cancelled.
#[component]
pub fn OwnForm(children: Children) -> impl IntoView {
    view! { <form class="own-form" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>{children()}</form> }
}

/// A select (the children) after its label, inline, in a form of its own ([`OwnForm`]).
#[component]
pub fn LabelledSelect(label: String, children: Children) -> impl IntoView {
    view! {
        <OwnForm>
            <label class="inline">{label} " " {children()}</label>
        </OwnForm>
    }
}
