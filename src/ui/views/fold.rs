//! A result section folded under its heading: the heading and a one-line summary always show,
//! the tables and charts one click (or Enter) away, so that a long view reads as its list of
//! sections on a phone. Whether a section is open is kept while the page is open (a section is
//! made anew when the language or the result changes); printing opens every section.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// Sections opened or closed by the reader, by heading id.
    static OPENED: RefCell<HashMap<&'static str, bool>> = Default::default();
    /// The print listeners are installed (once per page).
    static PRINT: Cell<bool> = const { Cell::new(false) };
}

/// A `<details>` whose `<summary>` is the section's `<h2 id=id>` (`<h3>` when `sub`) and its one-line summary
/// (`data-testid="fold-<id>"`); open at first when `open`, else closed.
#[component]
pub fn Fold(
    /// The heading's id (the section's `aria-labelledby`).
    id: &'static str,
    /// The heading.
    title: String,
    /// What the section holds, in a line under the heading.
    #[prop(optional, into)]
    summary: Option<String>,
    /// Open at first.
    #[prop(optional)]
    open: bool,
    /// A part of a section: the heading is an `<h3>`.
    #[prop(optional)]
    sub: bool,
    children: Children,
) -> impl IntoView {
    install_print();
    let open = OPENED.with(|o| o.borrow().get(id).copied()).unwrap_or(open);
    let on_toggle = move |ev: leptos::ev::Event| {
        let now = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        let printing = event_target::<web_sys::Element>(&ev).has_attribute("data-print-open");
        if !printing {
            OPENED.with(|o| o.borrow_mut().insert(id, now));
        }
    };
    view! {
        <details class="fold" open=open data-testid=format!("fold-{id}") on:toggle=on_toggle>
            <summary>
                {if sub { view! { <h3 id=id>{title}</h3> }.into_any() } else { view! { <h2 id=id>{title}</h2> }.into_any() }}
                {summary.map(|s| view! { <span class="fold-summary">{s}</span> })}
            </summary>
            {children()}
        </details>
    }
}

/// Before printing, opens every closed section (marked `data-print-open`); after, closes them
/// again.
fn install_print() {
    if PRINT.with(|p| p.replace(true)) {
        return;
    }
    let Some(w) = web_sys::window() else { return };
    let each = |selector: &'static str, open: bool| {
        move |_: &web_sys::Event| {
            let doc = web_sys::window().and_then(|w| w.document());
            let Some(list) = doc.and_then(|d| d.query_selector_all(selector).ok()) else { return };
            for i in 0..list.length() {
                let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                else {
                    continue;
                };
                if open {
                    let _ = el.set_attribute("data-print-open", "");
                } else {
                    let _ = el.remove_attribute("data-print-open");
                }
                el.set_open(open);
            }
        }
    };
    gloo_events::EventListener::new(&w, "beforeprint", each("details.fold:not([open])", true)).forget();
    gloo_events::EventListener::new(&w, "afterprint", each("details.fold[data-print-open]", false)).forget();
}
