//! The page: Leptos 0.8 components (client-side rendering), compiled only for wasm32.
//!
//! Components only display state; the analysis is `crate::pipeline::run`, called from
//! [`run::start`]. Browser glue (files, downloads, clock) lives in [`browser`].

mod bridge;
mod browser;
mod live_layout;
mod maker;
pub mod network_canvas;
mod offline;
mod persist;
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
    // A shared link's fragment (`#lang=zh&sym=union…`) sets the language and settings.
    let shared = crate::settings::Settings::from_fragment(&browser::location_hash());
    let lang = shared.as_ref().and_then(|(_, l, _)| *l).unwrap_or_else(browser::preferred_lang);
    let state = AppState::new(lang);
    if let Some((settings, _, skipped)) = shared {
        state.settings.set(settings);
        state.shared_link.set(Some(skipped));
    }
    provide_context(state);
    Effect::new(move || browser::set_document_lang(state.lang.get()));
    // With consent, restore the last session (settings, then the files, which re-run).
    persist::restore(state);
    // Keep remembered settings current (does nothing without consent).
    Effect::new(move |first: Option<()>| {
        state.settings.track();
        state.lang.track();
        if first.is_some() {
            persist::save_settings(state);
        }
    });
    offline::register(state);
    browser::on_download(move |d| state.last_download.set(Some(d)));
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
        <views::status::DownloadFallback/>
        <views::status::UpdateBanner/>
        <footer>
            <p>{move || t(use_app_state().lang.get(), "privacy.note")}</p>
            <views::status::OfflineNote/>
            <p class="muted">{format!("tongxing {}", crate::VERSION)}</p>
        </footer>
    }
}

/// Number of groups of result sections, mounted one group per task (see [`Results`]).
pub const SECTIONS: usize = 5;

/// Everything shown after a successful run.
///
/// The sections are mounted in five groups, one group per task (`state.sections_shown`), not
/// all in the task that receives the result: building a large result's tables and the first
/// call of each view's code (browsers compile WebAssembly lazily) then come in pieces, and the
/// page answers input between them. (One section per task cut the demo's longest pause from
/// 0.43 to 0.18 s but added 0.33 s before the last section: each task lays out the page.)
#[component]
fn Results() -> impl IntoView {
    let state = use_app_state();
    // Re-created only when results appear or disappear, not on every update (capacity first,
    // then the full result): each view follows `state.result` itself, and the views' own
    // state (chosen organization, open sections) survives the update.
    let has_result = Memo::new(move |_| state.result.with(Option::is_some));
    Effect::new(move || {
        state.sections_shown.set(0);
        if has_result.get() {
            show_next_section(state);
        }
    });
    let at = move |k: usize| move || state.sections_shown.get() > k;
    move || {
        has_result.get().then(|| {
            view! {
                <Show when=at(0)>
                    <views::summary::Summary/>
                    <views::mapping::MappingView/>
                    <views::names::NamesView/>
                    <views::settings::SettingsPanel/>
                </Show>
                <Show when=at(1)>
                    <views::capacity::CapacityView/>
                    <views::analysis::ReliabilityView/>
                </Show>
                <Show when=at(2)>
                    <views::analysis::GroupsView/>
                    <views::analysis::ProfilesView/>
                    <views::analysis::MultiSelectView/>
                </Show>
                <Show when=at(3)><views::network::NetworkView/></Show>
                <Show when=at(4)>
                    <views::charts::ChartsView/>
                    <views::exports::ExportsView/>
                    <views::diagnostics::Diagnostics/>
                </Show>
            }
        })
    }
}

/// Mounts the next result section in a task of its own, until all are shown.
fn show_next_section(state: AppState) {
    set_timeout(
        move || {
            let shown = state.sections_shown.get_untracked();
            if shown < SECTIONS && state.result.with_untracked(Option::is_some) {
                if shown == 0 {
                    // Draw the charts while the page is small (see `AppState::charts`).
                    state.charts.with_untracked(|_| ());
                }
                state.sections_shown.set(shown + 1);
                show_next_section(state);
            }
        },
        std::time::Duration::ZERO,
    );
}
