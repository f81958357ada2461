//! The views' navigation: a persistent bar of the seven views, the route in the URL fragment
//! beside the share link's settings (`#lang=zh&sym=union&view=network`) with a history entry
//! per change (the back button returns), a click on any organization's name (an element with
//! `data-org`) opening its page (and on a link marked `data-go` the route in its `href`: a
//! view and what it shows), and the overview opened when new files' result arrives.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::state::{AppState, Status, use_app_state};
use crate::i18n::t;
use crate::route::{Route, View};

thread_local! {
    /// The overview's heading takes the focus when it next mounts (a new result opened it), so
    /// a screen reader announces the result and Tab continues from the findings.
    static FOCUS_OVERVIEW: Cell<bool> = const { Cell::new(false) };
    /// Where an organization's page was opened from by a click on its name (the route and the
    /// window's scroll), so that closing the page returns the reader to that row, not to the
    /// top of the table (a phone walkthrough lost its place in a long table each time).
    static OPENED_FROM: RefCell<Option<(Route, f64)>> = const { RefCell::new(None) };
}

/// Shows `route`: a new history entry whose fragment holds it beside the settings keys, and
/// the top of the page. A download's notice stays behind: it covered the foot of the next views.
pub fn navigate(state: AppState, route: Route) {
    if route.org.is_none() {
        // The organization's page was left another way: nothing to return to.
        OPENED_FROM.with(|o| o.borrow_mut().take());
    }
    if state.route.get_untracked() != route {
        if let Some((history, url)) = history_url(&route) {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        state.last_download.set(None);
        state.route.set(route);
    }
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Notes where the reader is before an organization's page opens over it (not when one
/// organization's page opens another's: closing returns to where the first was opened from).
fn remember_opened_from(state: AppState) {
    let route = state.route.get_untracked();
    if route.org.is_some() {
        return;
    }
    let y = web_sys::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0);
    OPENED_FROM.with(|o| *o.borrow_mut() = Some((route, y)));
}

/// Closes the organization's page shown: back to the view and the place it was opened from,
/// else to the organizations table.
pub fn close_org(state: AppState) {
    match OPENED_FROM.with(|o| o.borrow_mut().take()) {
        Some((route, y)) => {
            navigate(state, route);
            scroll_back(y, 0);
        }
        None => navigate(state, state.route.with_untracked(|r| r.with_org(None))),
    }
}

/// Scrolls the window back to `y` once the view below it has been mounted tall enough (the
/// views mount in turns; at most [`REVEAL_FRAMES`] frames).
fn scroll_back(y: f64, tries: u32) {
    request_animation_frame(move || {
        let Some(w) = web_sys::window() else { return };
        let tall =
            w.document().and_then(|d| d.document_element()).map_or(0.0, |e| f64::from(e.scroll_height()));
        let screen = w.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        if tall >= y + screen || tries >= REVEAL_FRAMES {
            w.scroll_to_with_x_and_y(0.0, y);
        } else {
            scroll_back(y, tries + 1);
        }
    });
}

/// Frames [`reveal`] waits for a section to be mounted (the views mount in turns).
const REVEAL_FRAMES: u32 = 120;

/// Scrolls the heading (or row — with its table's headers —, or table) with id `id` to the top
/// of the window and focuses it, once it is on the page (trying again each frame, at most [`REVEAL_FRAMES`] times),
/// opening the folds it is in (a phone folds the network view's relations table).
fn reveal(id: String, tries: u32) {
    request_animation_frame(move || {
        let doc = web_sys::window().and_then(|w| w.document());
        let el = doc
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(h) = &el {
            open_folds(h);
        }
        match el {
            Some(h) if h.offset_parent().is_some() => {
                if !h.has_attribute("tabindex") {
                    let _ = h.set_attribute("tabindex", "-1");
                }
                // Focused first: a focus scrolls by itself, and the view's place is set after.
                let _ = h.focus();
                scroll_to(&h);
            }
            _ if tries < REVEAL_FRAMES => reveal(id, tries + 1),
            _ => {}
        }
    });
}

/// Scrolls `el` to the top of the window, under the bar (the page's scroll padding); a table's
/// row (or a cell of it) lower, so that its table's column headers (and caption) show above it, when both fit in
/// the window — a row without its headers is a line of numbers without their names.
fn scroll_to(el: &web_sys::HtmlElement) {
    el.scroll_into_view();
    let row = el.closest("tbody tr").ok().flatten();
    let table = row.as_ref().and_then(|r| r.closest("table").ok().flatten());
    let (Some(row), Some(table), Some(w)) = (row, table, web_sys::window()) else { return };
    // On a phone a `cards` table's rows are cards with their own labels: stepping back to its
    // headers showed the card before the one linked to.
    let cards = super::browser::phone_width();
    if cards && table.class_list().contains("cards") {
        return;
    }
    let up = row.get_bounding_client_rect().top() - table.get_bounding_client_rect().top();
    let height = w.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    if up > 0.0 && row.get_bounding_client_rect().bottom() + up <= height {
        w.scroll_by_with_x_and_y(0.0, -up);
    }
}

/// Opens every closed `<details>` around `el` (not one whose summary holds it: a fold's
/// heading shows while the fold is closed), and `el` itself if it is one (a link to a fold,
/// such as the data notes, opens it).
fn open_folds(el: &web_sys::HtmlElement) {
    if let Some(d) = el.dyn_ref::<web_sys::HtmlDetailsElement>() {
        d.set_open(true);
    }
    let mut at = el.parent_element();
    while let Some(p) = at {
        if let Some(d) = p.dyn_ref::<web_sys::HtmlDetailsElement>()
            && !d.open()
            && !el.closest("summary").ok().flatten().is_some_and(|s| d.contains(Some(s.as_ref())))
        {
            d.set_open(true);
        }
        at = p.parent_element();
    }
}

/// The route a `data-go` link opens: the one in its `href` (`#view=network&relation=advice`),
/// else its view's.
fn link_route(el: &web_sys::Element) -> Option<Route> {
    let href = el.get_attribute("href").unwrap_or_default();
    let view = || el.get_attribute("data-go").as_deref().and_then(View::from_key).map(Route::view);
    href.strip_prefix('#').and_then(|f| Route::split_fragment(f).0).or_else(view)
}

/// Replaces the route of the current history entry (no new entry: a choice inside a view,
/// such as the network view's relation, is no step back).
pub fn replace(state: AppState, route: Route) {
    if state.route.get_untracked() == route {
        return;
    }
    if let Some((history, url)) = history_url(&route) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    state.route.set(route);
}

/// The page's history and the address of `route` beside the current settings keys.
fn history_url(route: &Route) -> Option<(web_sys::History, String)> {
    let w = web_sys::window()?;
    let history = w.history().ok()?;
    let hash = w.location().hash().unwrap_or_default();
    Some((history, format!("#{}", route.in_fragment(&hash))))
}

/// The main relation (all relations combined, or the one with the most ties) of the current
/// result, as the overview's findings speak of it; read without tracking.
fn main_relation_untracked(state: AppState) -> Option<usize> {
    state
        .result
        .with_untracked(|r| r.as_ref().map(|r| crate::findings::main_relation_index(&r.analysis.report)))
}

/// Opens `shown` on each new result's main relation (the views without a route of their own:
/// the network charts, 培育社群).
pub fn open_on_main_relation(state: AppState, shown: RwSignal<usize>) {
    Effect::new(move || {
        state.result.track();
        shown.set(main_relation_untracked(state).unwrap_or(0));
    });
}

/// Keeps the relation a view shows (`shown`, an index into the report's relations) and the
/// route's one: a route that names a relation (a link's, the address's) shows it, one that
/// names none the main relation (`findings::main_relation`); a relation picked in the view is
/// written into the route, so a reload or the share link shows it too.
pub fn follow_relation(state: AppState, shown: RwSignal<usize>) {
    let relations = move || {
        state.result.with_untracked(|r| {
            r.as_ref().map(|r| {
                r.analysis.report.network.relations.iter().map(|x| x.key.clone()).collect::<Vec<_>>()
            })
        })
    };
    let main = move || main_relation_untracked(state);
    // Set before the view is first drawn: a relation's details drawn twice (the first
    // relation's, then the main one's) were twice a large network's node table.
    shown.set(main().unwrap_or(0));
    Effect::new(move || {
        let asked = state.route.with(|r| r.relation.clone());
        state.result.track();
        let i = match asked {
            Some(asked) => relations().and_then(|keys| keys.iter().position(|k| *k == asked)),
            None => main(),
        };
        if let Some(i) = i
            && shown.get_untracked() != i
        {
            shown.set(i);
        }
    });
    Effect::new(move |before: Option<usize>| {
        let i = shown.get();
        let on_network = state.route.with_untracked(|r| r.view == View::Network);
        if before.is_some_and(|b| b != i)
            && on_network
            && let Some(key) = relations().and_then(|keys| keys.into_iter().nth(i))
        {
            replace(state, Route::network(key));
        }
        i
    });
}

/// Whether the overview's heading should take the focus now (once per new result).
pub fn take_overview_focus() -> bool {
    FOCUS_OVERVIEW.with(|f| f.replace(false))
}

/// Follows the back and forward buttons and edited fragments, opens an organization's page on
/// a click on its name anywhere, and switches to the overview when new files' result arrives.
pub fn install(state: AppState) {
    let Some(w) = web_sys::window() else { return };
    let follow = Closure::<dyn Fn()>::new(move || {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        let route = Route::split_fragment(&hash).0.unwrap_or_default();
        if state.route.get_untracked() != route {
            state.route.set(route);
        }
    });
    for event in ["popstate", "hashchange"] {
        let _ = w.add_event_listener_with_callback(event, follow.as_ref().unchecked_ref());
    }
    // The page lives as long as the tab: the listeners are never removed.
    follow.forget();
    // A name marked `data-org` opens its organization's page; a link marked `data-go` (written
    // as HTML, as the overview's findings are) opens its view.
    let open = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(el) = target.and_then(|t| t.closest("[data-org], a[data-go]").ok().flatten()) else {
            return;
        };
        let route = match el.get_attribute("data-org") {
            // In the organizations view the table keeps its order.
            Some(id) => {
                remember_opened_from(state);
                state.route.with_untracked(|r| r.with_org(Some(id)))
            }
            // The link's address holds its whole route: the view and what it shows there.
            None => match link_route(&el) {
                Some(route) => route,
                None => return,
            },
        };
        ev.prevent_default();
        navigate(state, route);
        if let Some(anchor) = el.get_attribute("data-anchor") {
            reveal(anchor, 0);
        }
    });
    if let Some(doc) = w.document() {
        let _ = doc.add_event_listener_with_callback("click", open.as_ref().unchecked_ref());
    }
    open.forget();
    // Results mode: from the first result until a run fails, is cancelled or its files removed
    // (a re-run after a settings change keeps the views, which fill again as it ends).
    Effect::new(move |had: Option<bool>| {
        let has = state.run_result.with(Option::is_some);
        let mode = has || (state.status.get() == Status::Working && state.results_mode.get_untracked());
        if mode != state.results_mode.get_untracked() {
            state.results_mode.set(mode);
        }
        if has && had == Some(false) && state.open_overview.get_value() {
            state.open_overview.set_value(false);
            FOCUS_OVERVIEW.with(|f| f.set(true));
            navigate(state, Route::view(View::Overview));
        }
        has
    });
}

/// The view shown: the route's once there is a result, else the page's input (Data).
pub fn shown_view(state: AppState) -> View {
    if state.results_mode.get() { state.route.with(|r| r.view) } else { View::Data }
}

/// The navigation bar (once there is a result): one link per view, the current one marked,
/// on one line (two lines of links that stay at the top took 18 % of a phone's screen, a
/// walkthrough found in session 36). Where the links are wider than the window, the line
/// scrolls sideways, the current view's link scrolled into sight and the edge faded, with a
/// chevron button, where more links are (a walkthrough read the English phone's line, cut at
/// "Cultivat…", as all there was; an earlier one found end tabs cut under the edge). The bar
/// stays at the top of the window; its height is kept in the CSS variable `--nav-h`, which the
/// page's scroll padding uses, so that a heading scrolled to or an element focused never lands
/// under it.
#[component]
pub fn Nav() -> impl IntoView {
    let state = use_app_state();
    let bar = NodeRef::<leptos::html::Nav>::new();
    let measure = move || {
        let nav = bar.get_untracked();
        if let Some(nav) = &nav {
            fit_links(nav);
        }
        let height = nav.map_or(0, |n| n.offset_height());
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(root) = root {
            let _ = root.style().set_property("--nav-h", &format!("{height}px"));
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    Effect::new(move || {
        state.results_mode.track();
        state.lang.track();
        request_animation_frame(measure);
    });
    // A new view's link scrolled into sight (when the bar scrolls).
    Effect::new(move || {
        state.route.with(|r| r.view);
        request_animation_frame(move || {
            if let Some(ul) = bar.get_untracked().and_then(|n| n.query_selector("ul").ok().flatten()) {
                show_current(&ul);
            }
        });
    });
    let scrolled = |ev: leptos::ev::Event| {
        if let Some(ul) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            mark_more(&ul);
        }
    };
    // The chevrons at a scrolling bar's edges: each scrolls the line most of its width.
    let step = move |forward: bool| {
        if let Some(ul) = bar.get_untracked().and_then(|n| n.query_selector("ul").ok().flatten()) {
            let by = ul.client_width() * 2 / 3;
            ul.set_scroll_left(ul.scroll_left() + if forward { by } else { -by });
            mark_more(&ul);
        }
    };
    move || {
        state.results_mode.get().then(|| {
            let l = state.lang.get();
            view! {
                <nav class="views" node_ref=bar data-testid="nav" aria-label=t(l, "nav.label")>
                    <button type="button" class="nav-more left" data-testid="nav-more-left"
                        aria-label=t(l, "nav.more_left") on:click=move |_| step(false)>"‹"</button>
                    <ul on:scroll=scrolled>{nav_links(state, l)}</ul>
                    <button type="button" class="nav-more right" data-testid="nav-more-right"
                        aria-label=t(l, "nav.more_right") on:click=move |_| step(true)>"›"</button>
                </nav>
            }
        })
    }
}

/// Marks the bar `data-fit=scroll` (its edges faded, the chevrons shown) when its line of
/// links is wider than the bar, and scrolls the current view's link into sight.
fn fit_links(nav: &web_sys::HtmlElement) {
    let Ok(Some(ul)) = nav.query_selector("ul") else { return };
    if ul.scroll_width() > ul.client_width() {
        let _ = nav.set_attribute("data-fit", "scroll");
    } else {
        let _ = nav.remove_attribute("data-fit");
    }
    show_current(&ul);
}

/// Scrolls the bar's line so that the current view's link is in its middle (when the line
/// scrolls), and marks the edges with more links.
fn show_current(ul: &web_sys::Element) {
    let current = ul.query_selector("a[aria-current=page]").ok().flatten();
    let (Some(a), Ok(list)) = (
        current.and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()),
        ul.clone().dyn_into::<web_sys::HtmlElement>(),
    ) else {
        return;
    };
    if ul.scroll_width() > ul.client_width() {
        let left = a.offset_left() - list.offset_left();
        ul.set_scroll_left((left - (ul.client_width() - a.offset_width()) / 2).max(0));
    }
    mark_more(ul);
}

/// Marks the sides of a scrolling bar with links beyond its edge (`data-more`: `left`,
/// `right`, `both`), which the style fades.
fn mark_more(ul: &web_sys::Element) {
    let at = ul.scroll_left();
    let more = (at > 1, at + ul.client_width() < ul.scroll_width() - 1);
    let value = match more {
        (true, true) => "both",
        (true, false) => "left",
        (false, true) => "right",
        (false, false) => "",
    };
    let _ = ul.set_attribute("data-more", value);
}

/// One link per view, the current one marked `aria-current=page`.
fn nav_links(state: AppState, l: crate::i18n::Lang) -> impl IntoView + use<> {
    View::ALL
        .into_iter()
        .map(|v| {
            let current = move || (state.route.with(|r| r.view) == v).then_some("page");
            let go = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                // A view opened from the bar: nothing asked of it (its tables in their own
                // order).
                navigate(state, Route::view(v));
            };
            view! {
                <li>
                    <a href=format!("#view={}", v.key()) data-testid=format!("nav-{}", v.key())
                        aria-current=current on:click=go>{t(l, v.label_key())}</a>
                </li>
            }
        })
        .collect_view()
}
