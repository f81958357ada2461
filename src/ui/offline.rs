//! Offline use: registers the service worker (`sw.js`, written at build time by
//! `tools/offline.mjs`), reports when the page is saved for offline use, and offers an update
//! when a new version has been deployed. The page registers it once the analysis worker is
//! warm or a first result is shown (`ui::App`), so on a first visit over a slow link it does
//! not download the app a second time while the analysis worker's code is still arriving.
//!
//! The worker only caches the app's own files; it never sees survey data. An open tab keeps
//! its version until the user accepts the update, so a page never mixes two builds.

use std::cell::RefCell;

use gloo_events::EventListener;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::state::AppState;

/// Whether the app shell is available offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offline {
    /// No service worker (insecure origin, unsupported browser, or registration failed).
    Unavailable,
    /// The first visit is saving the app.
    Saving,
    /// The app opens without a network.
    Ready,
}

thread_local! {
    static REGISTRATION: RefCell<Option<web_sys::ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// The service worker's listeners (controller change, update found, the installing
    /// worker's state), owned here for the page's lifetime instead of forgotten.
    static LISTENERS: RefCell<Listeners> = RefCell::new(Listeners::default());
}

/// See `LISTENERS`.
#[derive(Default)]
struct Listeners {
    controller_change: Option<EventListener>,
    update_found: Option<EventListener>,
    /// The newest installing worker's; an older one's goes with it.
    state_change: Option<EventListener>,
}

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let w = web_sys::window()?;
    if !w.is_secure_context() {
        return None;
    }
    let nav = w.navigator();
    // `navigator.serviceWorker` is missing in some embedded browsers; check before use.
    js_sys::Reflect::has(&nav, &JsValue::from_str("serviceWorker")).ok().filter(|h| *h)?;
    Some(nav.service_worker())
}

/// Registers `./sw.js` and keeps `state.offline` and `state.update_ready` current.
pub fn register(state: AppState) {
    let Some(c) = container() else {
        state.offline.set(Offline::Unavailable);
        return;
    };
    state.offline.set(Offline::Saving);
    // After the user accepts an update the new worker takes control: reload into it.
    let on_change = EventListener::new(&c, "controllerchange", move |_| {
        if state.updating.get_untracked()
            && let Some(w) = web_sys::window()
        {
            let _ = w.location().reload();
        }
    });
    LISTENERS.with(|l| l.borrow_mut().controller_change = Some(on_change));
    let has_controller = c.controller().is_some();
    let promise = c.register("./sw.js");
    leptos::task::spawn_local(async move {
        let Ok(reg) =
            JsFuture::from(promise).await.and_then(|r| r.dyn_into::<web_sys::ServiceWorkerRegistration>())
        else {
            state.offline.set(Offline::Unavailable);
            return;
        };
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg.clone()));
        if reg.waiting().is_some() && has_controller {
            state.update_ready.set(true);
        }
        watch_updates(state, &reg, has_controller);
        // `ready` resolves once a worker is active: the app shell is cached.
        if let Ok(ready) = c.ready()
            && JsFuture::from(ready).await.is_ok()
        {
            state.offline.set(Offline::Ready);
        }
    });
}

/// A new worker that finishes installing while this page is controlled is an update.
fn watch_updates(state: AppState, reg: &web_sys::ServiceWorkerRegistration, has_controller: bool) {
    let reg2 = reg.clone();
    let on_found = EventListener::new(reg, "updatefound", move |_| {
        let Some(installing) = reg2.installing() else { return };
        let worker = installing.clone();
        let on_state = EventListener::new(&installing, "statechange", move |_| {
            if worker.state() == web_sys::ServiceWorkerState::Installed && has_controller {
                state.update_ready.set(true);
            }
        });
        LISTENERS.with(|l| l.borrow_mut().state_change = Some(on_state));
    });
    LISTENERS.with(|l| l.borrow_mut().update_found = Some(on_found));
}

/// Activates the waiting new version; the page reloads when it takes control.
pub fn apply_update(state: AppState) {
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|reg| reg.waiting()));
    match waiting {
        Some(w) => {
            state.updating.set(true);
            let _ = w.post_message(&JsValue::from_str("skip-waiting"));
        }
        None => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    }
}
