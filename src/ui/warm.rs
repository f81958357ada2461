//! Compiling the page's own code before the first result, as the analysis worker does its
//! own (`worker::warm`).
//!
//! Browsers compile WebAssembly lazily, each function on its first call, and optimize it only
//! after it has run a while. The first result a page showed paid for compiling everything that
//! reads a result and builds its sections: the demo was drawn 0.5–0.6 s after the click on a
//! fresh page and 0.2–0.25 s from the third click on. The worker's warm-up analysis of the demo
//! therefore sends its result (`protocol::WARM_UP_ID`), and the page reads it and builds every
//! result section from it once, into an element that is never attached to the document
//! (nothing is laid out or shown), a section group per task like a real result, then throws
//! it away. Only then does the status line say the page is ready (`data-worker="warm"`). A run
//! started meanwhile stops the warm-up at once. Measured: the first demo is drawn 0.42–0.49 s
//! after the click (0.5–0.6 s before; the browser no longer spends 0.2 s compiling during it);
//! the page is ready about 0.2 s later after loading.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{AppState, Layouts, PageResult};
use crate::charts::gallery::Drawn;

thread_local! {
    /// The warm-up result being put together from the worker's messages.
    static RESULT: RefCell<Option<Arc<PageResult>>> = const { RefCell::new(None) };
}

/// How often the warm-up checks whether its sections are built or a run has started.
const POLL_MS: u64 = 20;

/// The warm-up's result arrived (its charts and layouts follow).
pub fn result(result: PageResult) {
    RESULT.with(|r| *r.borrow_mut() = Some(Arc::new(result)));
}

/// The warm-up result's charts arrived.
pub fn charts(charts: Drawn) {
    RESULT.with(|r| {
        if let Some(r) = r.borrow().as_ref() {
            r.charts.set(Some(Arc::new(charts)));
        }
    });
}

/// The warm-up result's layouts (with the network diagrams) arrived.
pub fn layouts(layouts: Layouts) {
    RESULT.with(|r| {
        if let Some(r) = r.borrow().as_ref() {
            r.layouts.set(Some(Arc::new(layouts)));
            r.diagrams_due.set(true);
        }
    });
}

/// The worker has warmed up in `worker_ms`: builds the warm-up result's sections out of sight,
/// then marks the page ready. Without a warm-up result, or once the user has started a run
/// (its code compiles as it goes), marks it ready now. (A second build made no difference: the
/// rest of a first result's extra time is not compilation the page can do ahead.)
pub fn build(state: AppState, worker_ms: f64) {
    let ready = move || state.worker_warmup_ms.set(Some(worker_ms));
    let result = RESULT.with(|r| r.borrow_mut().take());
    let host = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let (Some(result), Some(host)) = (result, host) else {
        ready();
        return;
    };
    if state.run_id.get_untracked() != 0 {
        ready();
        return;
    }
    let lang = state.lang.get_untracked();
    let shadow: Rc<Cell<Option<AppState>>> = Rc::new(Cell::new(None));
    let made = shadow.clone();
    let handle = leptos::mount::mount_to(host, move || {
        let shadow = AppState::new(lang);
        shadow.result.set(Some(result));
        made.set(Some(shadow));
        provide_context(shadow);
        view! { <super::Results/> }
    });
    wait(state, shadow, handle, ready);
}

/// Drops the sections, then calls `next`, once every group is built or a run started.
fn wait<M: leptos::tachys::view::Mountable + 'static>(
    state: AppState,
    shadow: Rc<Cell<Option<AppState>>>,
    handle: leptos::mount::UnmountHandle<M>,
    next: impl FnOnce() + 'static,
) {
    set_timeout(
        move || {
            let built = shadow
                .get()
                .and_then(|s| s.sections_shown.try_get_untracked())
                .is_none_or(|n| n >= super::SECTIONS);
            if built || state.run_id.get_untracked() != 0 {
                drop(handle);
                next();
            } else {
                wait(state, shadow, handle, next);
            }
        },
        std::time::Duration::from_millis(POLL_MS),
    );
}
