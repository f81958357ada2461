//! The page: Leptos 0.8 components (client-side rendering), compiled only for wasm32.
//!
//! Components only display state; the analysis is `crate::pipeline::run`, called from
//! [`run::start`]. Browser glue (files, downloads, clock) lives in [`browser`].

mod bridge;
mod browser;
mod lang;
mod live_layout;
mod maker;
mod nav;
pub mod network_canvas;
mod offline;
mod persist;
mod pool;
mod run;
mod state;
mod views;
mod warm;
mod worker_handle;

use std::sync::Arc;

use leptos::context::Provider;
use leptos::prelude::*;

use crate::i18n::t;
use crate::route::View;
use state::{AppState, PageResult, use_app_state};

/// Mounts the app into `<body>`, once the translations of its first language are at hand
/// (see [`lang`]); called by `src/bin/app.rs`.
pub fn mount() {
    wasm_bindgen_futures::spawn_local(async {
        let (_, settings_fragment) = crate::route::Route::split_fragment(&browser::location_hash());
        lang::ensure(first_lang(&settings_fragment)).await;
        leptos::mount::mount_to_body(App);
    });
}

/// The page's first language: a shared link's, else the browser's preferred one.
fn first_lang(settings_fragment: &str) -> crate::i18n::Lang {
    let shared = crate::settings::Settings::from_fragment(settings_fragment);
    shared.as_ref().and_then(|(_, l, _)| *l).unwrap_or_else(browser::preferred_lang)
}

/// The whole page: header, navigation, status, and the views (only the input before a result).
#[component]
pub fn App() -> impl IntoView {
    // A shared link's fragment (`#lang=zh&sym=union…&view=network`) sets the language, the
    // settings and the view to open.
    let (route, settings_fragment) = crate::route::Route::split_fragment(&browser::location_hash());
    let shared = crate::settings::Settings::from_fragment(&settings_fragment);
    // Simplified Chinese when the first language's file could not be had (see [`mount`]).
    let lang = Some(first_lang(&settings_fragment))
        .filter(|l| crate::i18n::loaded(*l))
        .unwrap_or(crate::i18n::Lang::Zh);
    let state = AppState::new(lang);
    if let Some((settings, _, skipped)) = shared {
        state.settings.set(settings);
        state.shared_link.set(Some(skipped));
    }
    if let Some(route) = route {
        state.route.set(route);
    }
    provide_context(state);
    nav::install(state);
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
    // The service worker saves every file of the app for offline use: on a first visit it
    // would download them again alongside the analysis worker's code, so it starts once that
    // worker is warm (or the first result is shown), from the browser's cache.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let finished = matches!(state.status.get(), state::Status::Done | state::Status::Error);
        if state.worker_warmup_ms.get().is_none() && !finished {
            return false;
        }
        offline::register(state);
        true
    });
    browser::on_download(move |d| state.last_download.set(Some(d)));
    // Load the analysis worker in the background so the first run does not wait for it.
    leptos::task::spawn_local(async move {
        browser::yield_to_browser().await;
        bridge::warm_up(state);
        browser::yield_to_browser().await;
        run::prepare_demo();
    });
    view! {
        <views::header::Header/>
        <nav::Nav/>
        <main id="main" class:staging=move || state.sections_hidden.get()>
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

/// The groups of result sections, in the order they are mounted, one group per task (see
/// [`Results`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Group {
    /// The overview.
    Overview,
    /// The capacity view's scores.
    Capacity,
    /// Reliability.
    Reliability,
    /// Group comparisons.
    Groups,
    /// Profiles, multiple-choice answers and the capacity charts.
    Profiles,
    /// The organizations, change and models views.
    Organizations,
    /// The network view.
    Network,
    /// The network view's ego network and suggestions ([`NetworkToolsReady::tools`]).
    NetworkTools,
    /// The network explorer ([`NetworkToolsReady::explorer`]).
    Explorer,
    /// The network charts and the cultivation view.
    NetworkCharts,
    /// The data and downloads views.
    Data,
}

impl Group {
    /// Every group, in mounting order.
    pub const ALL: [Group; 11] = [
        Group::Overview,
        Group::Capacity,
        Group::Reliability,
        Group::Groups,
        Group::Profiles,
        Group::Organizations,
        Group::Network,
        Group::NetworkTools,
        Group::Explorer,
        Group::NetworkCharts,
        Group::Data,
    ];
}

/// Number of groups of result sections, mounted one group per task (see [`Results`]).
pub const SECTIONS: usize = Group::ALL.len();

/// Whether the network section's tools may mount: the ego and suggestions views one task after
/// the rest of that section ([`Group::NetworkTools`]) and the explorer one task later
/// ([`Group::Explorer`]), so that a large network's first mount is three tasks of at most about 70 ms rather than
/// one of 150 ms. Without this context they mount with the section.
#[derive(Clone, Copy)]
pub struct NetworkToolsReady {
    /// The ego network and the suggestions.
    pub tools: Signal<bool>,
    /// The explorer (its colourings and scene read every node).
    pub explorer: Signal<bool>,
}

/// Everything shown after a successful run.
///
/// The sections are mounted in ten groups, one group per task, not all in the task that
/// receives the result: building a large result's tables and the first call of each view's
/// code (browsers compile WebAssembly lazily) then come in pieces, and the page answers input
/// between them. Sections below the screen are not laid out until scrolled near
/// (`content-visibility: auto` in the style sheet), so a task costs little more than building
/// its group's elements: nine groups keep each task of the demo under 60 ms (five made tasks of
/// 100–150 ms; when every task laid out the whole page, one group per section had added
/// 0.33 s).
///
/// A result that replaces another (the full result after the early capacity results) reaches
/// the groups the same way, one group per task: each group has its own copy of the page state
/// whose `result` is the group's (`staged`), provided as context to its views. When every
/// mounted view followed `state.result` directly, the full 100,000-organization result
/// redrew them all in one 0.33 s task.
#[component]
pub(crate) fn Results() -> impl IntoView {
    let state = use_app_state();
    let staged: [RwSignal<Option<Arc<PageResult>>>; SECTIONS] = std::array::from_fn(|_| RwSignal::new(None));
    // Each new result restarts the staging; a staging still running for the previous one stops.
    let generation = StoredValue::new(0u64);
    Effect::new(move || {
        let result = state.result.get();
        generation.update_value(|g| *g += 1);
        // A first result is mounted out of sight; one that replaces another (the full result
        // after the early capacity results) group by group in place of the old one.
        let first = staged.iter().all(|s| s.with_untracked(Option::is_none));
        state.sections_hidden.set(result.is_some() && first);
        state.sections_shown.set(0);
        match result {
            None => staged.iter().for_each(|s| s.set(None)),
            Some(_) => stage(state, staged, generation, generation.get_value()),
        }
    });
    let group = move |g: Group| AppState { result: staged[g as usize], ..state };
    let at = move |g: Group| move || staged[g as usize].with(Option::is_some);
    // A network tool is ready when its group holds the result the network section shows: a
    // result that replaces another (the full one after early capacity results) finds the later
    // groups still holding the old one, and the tools were built with the section in one
    // 0.1 s task.
    let ready = move |g: Group| {
        Signal::derive(move || {
            staged[g as usize].with(|t| {
                staged[Group::Network as usize]
                    .with(|n| matches!((t, n), (Some(t), Some(n)) if Arc::ptr_eq(t, n)))
            })
        })
    };
    // Only the view shown is displayed; the others are built as the result arrives (a group per
    // task, see above) but take no layout until opened.
    let hidden = move |v: View| move || nav::shown_view(state) != v;
    let landing = move || !state.results_mode.get();
    view! {
        <div class="view" data-view="overview" hidden=hidden(View::Overview)>
            <Show when=at(Group::Overview)>
                <Provider value=group(Group::Overview)><views::overview::Overview/></Provider>
            </Show>
        </div>
        <div class="view" data-view="capacity" hidden=hidden(View::Capacity)>
            <Show when=at(Group::Capacity)>
                <Provider value=group(Group::Capacity)><views::capacity::CapacityView/></Provider>
            </Show>
            <Show when=at(Group::Reliability)>
                <Provider value=group(Group::Reliability)><views::analysis::ReliabilityView/></Provider>
            </Show>
            <Show when=at(Group::Groups)>
                <Provider value=group(Group::Groups)><views::analysis::GroupsView/></Provider>
            </Show>
            <Show when=at(Group::Profiles)>
                <Provider value=group(Group::Profiles)>
                    <views::analysis::ProfilesView/>
                    <views::analysis::MultiSelectView/>
                    <views::charts::CapacityCharts/>
                </Provider>
            </Show>
        </div>
        <div class="view" data-view="network" hidden=hidden(View::Network)>
            <Show when=at(Group::Network)>
                <Provider value=group(Group::Network)>
                    <Provider value=NetworkToolsReady { tools: ready(Group::NetworkTools), explorer: ready(Group::Explorer) }>
                        <views::network::NetworkView/>
                    </Provider>
                </Provider>
            </Show>
            <Show when=at(Group::NetworkCharts)>
                <Provider value=group(Group::NetworkCharts)><views::charts::NetworkCharts/></Provider>
            </Show>
        </div>
        <div class="view" data-view="cultivate" hidden=hidden(View::Cultivate)>
            <Show when=at(Group::NetworkCharts)>
                <Provider value=group(Group::NetworkCharts)><views::cultivate::CultivateSection/></Provider>
            </Show>
        </div>
        <div class="view" data-view="organizations" hidden=hidden(View::Organizations)>
            <Show when=at(Group::Organizations)>
                <Provider value=group(Group::Organizations)><views::organization::OrganizationsView/></Provider>
            </Show>
        </div>
        <div class="view" data-view="change" hidden=hidden(View::Change)>
            <Show when=at(Group::Organizations)>
                <Provider value=group(Group::Organizations)><views::change::ChangeView/></Provider>
            </Show>
        </div>
        <div class="view" data-view="models" hidden=hidden(View::Models)>
            <Show when=at(Group::Organizations)>
                <Provider value=group(Group::Organizations)><views::models::ModelsView/></Provider>
            </Show>
        </div>
        <div class="view" data-view="data" hidden=hidden(View::Data)>
            // Before a result this is the page: the input, open; after, one click away.
            <details class="input-details" class:landing=landing prop:open=landing data-testid="input-details">
                <summary>{move || t(state.lang.get(), "data.input")}</summary>
                <views::input::InputPanel/>
            </details>
            <views::files::FilesSection/>
            <views::status::KeepPanel/>
            <Show when=at(Group::Data)>
                <Provider value=group(Group::Data)>
                    <views::summary::Summary/>
                    <views::names::NamesView/>
                    <views::mapping::MappingView/>
                    <views::settings::SettingsPanel/>
                    <views::diagnostics::Diagnostics/>
                </Provider>
            </Show>
        </div>
        <div class="view" data-view="downloads" hidden=hidden(View::Downloads)>
            <Show when=at(Group::Data)>
                <Provider value=group(Group::Data)><views::exports::ExportsView/></Provider>
            </Show>
        </div>
    }
}

/// Gives the current result to each group of sections in turn, a group per task
/// (`state.sections_shown` counts them), unless a newer result starts over; the charts are
/// drawn first, in a task of their own. The last group shows a first result's sections (see
/// [`Results`]). (Several groups per task, up to 30 ms, was no faster and made the page wait
/// up to twice as long for its timers.)
fn stage(
    state: AppState,
    staged: [RwSignal<Option<Arc<PageResult>>>; SECTIONS],
    generation: StoredValue<u64>,
    mine: u64,
) {
    leptos::task::spawn_local(async move {
        let current = move || generation.try_get_value() == Some(mine);
        browser::next_task().await;
        if !current() {
            return;
        }
        // Draw the charts in a task of their own (see `AppState::charts`): with the first
        // section they made one long pause.
        state.charts.with_untracked(|_| ());
        for k in 0..SECTIONS {
            browser::next_task().await;
            // Checked first: the page's warm-up drops its sections (and their state) midway.
            if !current() {
                return;
            }
            let Some(result) = state.result.try_get_untracked().flatten() else { return };
            staged[k].set(Some(result));
            state.sections_shown.set(k + 1);
            if k + 1 == SECTIONS {
                state.sections_hidden.set(false);
            }
        }
    });
}
