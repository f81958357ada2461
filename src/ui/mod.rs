//! The page: Leptos 0.8 components (client-side rendering), compiled only for wasm32.
//!
//! Components only display state; the analysis is `crate::pipeline::run`, called from
//! [`run::start`]. Browser glue (files, downloads, clock) lives in [`browser`].

mod bridge;
mod browser;
mod run;
mod state;
mod views;

use leptos::prelude::*;

use crate::i18n::t;
use state::{AppState, use_app_state};

/// Mounts the app into `<body>`; called by `src/bin/app.rs`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}

/// The whole page: header, input, status, results.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(browser::preferred_lang());
    provide_context(state);
    Effect::new(move || browser::set_document_lang(state.lang.get()));
    // Load the analysis worker in the background so the first run does not wait for it.
    leptos::task::spawn_local(async move {
        browser::yield_to_browser().await;
        bridge::warm_up(state);
    });
    view! {
        <views::header::Header/>
        <main id="main">
            <views::input::InputPanel/>
            <views::status::StatusBar/>
            <Results/>
        </main>
        <footer>
            <p>{move || t(use_app_state().lang.get(), "privacy.note")}</p>
            <p class="muted">{format!("tongxing {}", crate::VERSION)}</p>
        </footer>
    }
}

/// Everything shown after a successful run.
#[component]
fn Results() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.result.get().map(|_| {
            view! {
                <views::summary::Summary/>
                <views::settings::SettingsPanel/>
                <views::capacity::CapacityView/>
                <views::analysis::ReliabilityView/>
                <views::analysis::GroupsView/>
                <views::analysis::ProfilesView/>
                <views::network::NetworkView/>
                <views::charts::ChartsView/>
                <views::diagnostics::Diagnostics/>
            }
        })
    }
}
