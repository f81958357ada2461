//! Page state: a few signals in one `Copy` struct provided as context.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts;
use crate::diag::UserMessage;
use crate::i18n::Lang;
use crate::ingest::TableKind;
use crate::pipeline::Analysis;

/// A file of a run as the page keeps it: a handle to the browser's `Blob` (the user's `File`,
/// a copy kept with consent, or a file the page wrote), never its bytes. The worker reads the
/// blob in slices, so a 200 MB survey is neither copied into the page's memory nor sent whole.
#[derive(Debug, Clone)]
pub struct PageFile {
    /// File name (guesses the table kind; shown in messages).
    pub name: String,
    /// Table kind chosen by the user, overriding the guess.
    pub kind: Option<TableKind>,
    /// The survey round typed for a responses file (blank: its place in the list).
    pub wave: Option<String>,
    /// The contents.
    pub blob: web_sys::Blob,
}

impl PageFile {
    /// A file the page made (a mapping, aliases, the demo), as a blob.
    pub fn from_bytes(name: &str, bytes: &[u8], kind: Option<TableKind>) -> Option<Self> {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
        Some(PageFile { name: name.to_string(), kind, wave: None, blob })
    }
}

/// Where the page is in a run; mirrored in `data-state` of the status element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing loaded yet.
    Idle,
    /// Reading or analysing.
    Working,
    /// Results are shown.
    Done,
    /// The last run failed; the error is shown.
    Error,
}

impl Status {
    /// The value of `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Working => "working",
            Status::Done => "done",
            Status::Error => "error",
        }
    }
}

/// A run's result: partial (capacity only, network still running) or complete.
#[derive(Debug, Clone)]
pub struct PageResult {
    /// Report and graph data.
    pub analysis: Analysis,
    /// False while network metrics are still being computed.
    pub complete: bool,
    /// The analysis worker's WebAssembly memory when the run finished, in bytes (its peak:
    /// wasm memory never shrinks); 0 while the run is partial.
    pub worker_memory_bytes: u64,
    /// The networks' layouts: `None` until the worker sends them, just after the result (it
    /// lays the networks out while the page draws the rest).
    pub layouts: ArcRwSignal<Option<Arc<Layouts>>>,
    /// The worker draws this result's charts (see `protocol::WORKER_CHARTS_MAX_ROWS`).
    pub charts_follow: bool,
    /// The charts the worker drew, in the run's language: `None` until they arrive, just after
    /// the result (the worker draws them while the page shows it).
    pub charts: ArcRwSignal<Option<Arc<Charts>>>,
    /// The layouts have arrived and the explorer has been drawn from them: the diagrams are
    /// drawn now, a task later (together, 5,000 organizations and 50,000 ties held the page
    /// for 140 ms).
    pub diagrams_due: ArcRwSignal<bool>,
    /// The organizations' row order by index and other whole-list facts
    /// ([`crate::datatable::orgs`]): gathered in short tasks before a finished result is shown
    /// (`bridge::prepare`), else in one go when first asked.
    org_facts: std::sync::OnceLock<crate::datatable::orgs::OrgFacts>,
}

impl PageResult {
    /// A result whose layouts are still to come (`analysis.layouts` is not read).
    pub fn new(analysis: Analysis, complete: bool, worker_memory_bytes: u64) -> Self {
        PageResult {
            analysis,
            complete,
            worker_memory_bytes,
            layouts: ArcRwSignal::new(None),
            charts_follow: false,
            charts: ArcRwSignal::new(None),
            diagrams_due: ArcRwSignal::new(false),
            org_facts: std::sync::OnceLock::new(),
        }
    }

    /// Facts about every organization (see [`crate::datatable::orgs::OrgFacts`]).
    pub fn org_facts(&self) -> &crate::datatable::orgs::OrgFacts {
        self.org_facts.get_or_init(|| crate::datatable::orgs::OrgFacts::of(&self.analysis.report))
    }

    /// Keeps facts gathered ahead (in steps) for this result's organizations.
    pub fn set_org_facts(&self, facts: crate::datatable::orgs::OrgFacts) {
        let _ = self.org_facts.set(facts);
    }

    /// Whether this result's network layouts are still to come.
    pub fn layouts_pending(&self) -> bool {
        self.complete && !self.analysis.graphs.is_empty() && self.layouts.with(Option::is_none)
    }
}

/// Each relation's node positions in the unit square (empty above the layout's size limit)
/// and the worker's time laying them out.
#[derive(Debug, Clone, PartialEq)]
pub struct Layouts {
    /// Per relation, aligned with the report's relations.
    pub positions: Vec<Vec<(f64, f64)>>,
    /// Milliseconds the analysis worker spent.
    pub ms: f64,
    /// Milliseconds the page's pool spent on the layouts it ran meanwhile (`ui::pool`).
    pub pooled_ms: f64,
    /// Each relation's diagram at these positions, drawn by the worker in the run's language.
    pub diagrams: Option<Arc<Charts>>,
    /// The worker's WebAssembly memory after laying out and drawing, in bytes (its peak).
    pub memory_bytes: u64,
}

/// One relation's report inside a shared result: views hold this (two pointers) instead of
/// a copy of a report that may list 100,000 nodes and their suggestions.
#[derive(Debug, Clone)]
pub struct SharedRelation {
    result: Arc<PageResult>,
    index: usize,
}

impl SharedRelation {
    /// The relation at `index` of the result's network report, if there is one.
    pub fn new(result: Arc<PageResult>, index: usize) -> Option<Self> {
        (index < result.analysis.report.network.relations.len()).then_some(SharedRelation { result, index })
    }

    /// The whole result the relation belongs to (e.g. for its capacity report).
    pub fn result(&self) -> &PageResult {
        &self.result
    }

    /// The relation's graph, shared like the relation (a million ties are 30 MB: the explorer
    /// and the ego view each used to copy them).
    pub fn graph(&self) -> Option<SharedGraph> {
        (self.index < self.result.analysis.graphs.len()).then(|| SharedGraph(self.clone()))
    }
}

/// One relation's graph inside a shared result (see [`SharedRelation::graph`]).
#[derive(Debug, Clone)]
pub struct SharedGraph(SharedRelation);

impl std::ops::Deref for SharedGraph {
    type Target = crate::network::graph::Graph;
    fn deref(&self) -> &Self::Target {
        // In range by construction; the result is immutable.
        &self.0.result.analysis.graphs[self.0.index]
    }
}

impl std::ops::Deref for SharedRelation {
    type Target = crate::report::RelationReport;
    fn deref(&self) -> &Self::Target {
        // In range by construction; the result is immutable.
        &self.result.analysis.report.network.relations[self.index]
    }
}

/// Charts of a result in one language: drawn by the analysis worker in the run's language,
/// or on the page after a language switch (and for an early capacity-only result).
pub use crate::charts::gallery::Drawn as Charts;

pub use crate::settings::Settings;

/// All page signals.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// UI language.
    pub lang: RwSignal<Lang>,
    /// Run status.
    pub status: RwSignal<Status>,
    /// Last error, in both languages.
    pub error: RwSignal<Option<UserMessage>>,
    /// The result shown. In the result sections' context this is their group's copy, which
    /// follows the run's result a task or a few later (see `ui::Results`); the run's own is
    /// [`AppState::run_result`].
    pub result: RwSignal<Option<Arc<PageResult>>>,
    /// The run's result, as the worker delivers it (the same signal as `result` outside the
    /// result sections).
    pub run_result: RwSignal<Option<Arc<PageResult>>>,
    /// Charts of the result in the current language.
    pub charts: Memo<Option<Arc<Charts>>>,
    /// Each relation's diagram, drawn when the result's layouts arrive.
    pub diagrams: Memo<Option<Arc<Charts>>>,
    /// How many result sections are mounted (see `ui::Results`): they are added one per task.
    pub sections_shown: RwSignal<usize>,
    /// Whether the result sections are being mounted out of sight (see `ui::Results`).
    pub sections_hidden: RwSignal<bool>,
    /// Increments with each run, so a slow older run cannot overwrite a newer one.
    pub run_id: RwSignal<u64>,
    /// Current step (key, detail, percent) while working.
    pub progress: RwSignal<Option<(String, String, f64)>>,
    /// The last run was cancelled by the user.
    pub cancelled: RwSignal<bool>,
    /// Analysis settings.
    pub settings: RwSignal<Settings>,
    /// Whether the app works offline (service worker).
    pub offline: RwSignal<super::offline::Offline>,
    /// A new version is installed and waiting for the user's go-ahead.
    pub update_ready: RwSignal<bool>,
    /// The user accepted the update; reload when the new version takes control.
    pub updating: RwSignal<bool>,
    /// The user asked to remember the last session on this device.
    pub remember: RwSignal<bool>,
    /// Last persistence event to tell the user about (an i18n key).
    pub persist_note: RwSignal<Option<&'static str>>,
    /// Files being made for download in the file worker (see `ui::maker`).
    pub making: RwSignal<usize>,
    /// How long the analysis worker's warm-up took, once it has run (see `worker::warm`).
    pub worker_warmup_ms: RwSignal<Option<f64>>,
    /// The analysis worker has loaded its code and said it is ready (until it is replaced).
    pub worker_loaded: RwSignal<bool>,
    /// Which build of the analysis worker runs the jobs (see `ui::bridge`).
    pub worker_build: RwSignal<super::worker_handle::WorkerBuild>,
    /// The last file offered for download (for the open/copy fallback).
    pub last_download: RwSignal<Option<super::browser::LastDownload>>,
    /// Settings came from a shared link; the link's entries that were not understood.
    pub shared_link: RwSignal<Option<Vec<String>>>,
    /// The files of the last run, kept in memory (never stored) to re-run with new settings.
    pub last_files: StoredValue<Vec<PageFile>, LocalStorage>,
    /// Where the reader is (a view, an organization), mirrored in the URL fragment (`ui::nav`).
    pub route: RwSignal<crate::route::Route>,
    /// A result is shown, or is being computed again after one: the page shows its navigation
    /// and views; otherwise only its input (see `ui::nav::track_results`).
    pub results_mode: RwSignal<bool>,
    /// The next result opens the overview: new files were chosen (a settings change keeps the
    /// reader where they are).
    pub open_overview: StoredValue<bool>,
}

impl AppState {
    /// The page's state with the run's result as its `result`: what starting, cancelling or
    /// re-running a run must change, whichever section asks.
    pub fn global(self) -> AppState {
        AppState { result: self.run_result, ..self }
    }

    /// Fresh state in a language.
    pub fn new(lang: Lang) -> Self {
        let lang = RwSignal::new(lang);
        let result: RwSignal<Option<Arc<PageResult>>> = RwSignal::new(None);
        // A complete result's charts come from the worker, which draws them while the page
        // mounts the result (30–40 ms of the demo's, 60–90 ms of a 5,000-organization result's
        // page time before). The page draws them itself in another language (a switch) and
        // for an early capacity-only result, in a task of their own before the first result
        // section is mounted (see `ui::stage`).
        let charts = Memo::new(move |_| {
            let lang = lang.get();
            let r = result.get()?;
            if r.charts_follow {
                // The worker's charts; drawn here only in another language.
                let drawn = r.charts.get()?;
                if drawn.lang == lang {
                    return Some(drawn);
                }
            }
            Some(Arc::new(render_charts(&r.analysis, lang)))
        });
        let diagrams = Memo::new(move |_| {
            let lang = lang.get();
            let r = result.get()?;
            let layouts = r.layouts.get().filter(|_| r.diagrams_due.get())?;
            match &layouts.diagrams {
                Some(drawn) if drawn.lang == lang => Some(drawn.clone()),
                _ => Some(Arc::new(render_diagrams(&r.analysis, &layouts.positions, lang))),
            }
        });
        AppState {
            lang,
            status: RwSignal::new(Status::Idle),
            error: RwSignal::new(None),
            result,
            run_result: result,
            charts,
            diagrams,
            sections_shown: RwSignal::new(0),
            sections_hidden: RwSignal::new(false),
            run_id: RwSignal::new(0),
            progress: RwSignal::new(None),
            cancelled: RwSignal::new(false),
            settings: RwSignal::new(Settings::default()),
            shared_link: RwSignal::new(None),
            last_download: RwSignal::new(None),
            making: RwSignal::new(0),
            worker_warmup_ms: RwSignal::new(None),
            worker_loaded: RwSignal::new(false),
            worker_build: RwSignal::new(super::worker_handle::WorkerBuild::Quick),
            offline: RwSignal::new(super::offline::Offline::Unavailable),
            update_ready: RwSignal::new(false),
            updating: RwSignal::new(false),
            remember: RwSignal::new(false),
            persist_note: RwSignal::new(None),
            last_files: StoredValue::new_local(Vec::new()),
            route: RwSignal::new(crate::route::Route::default()),
            results_mode: RwSignal::new(false),
            open_overview: StoredValue::new(false),
        }
    }
}

fn render_charts(a: &Analysis, lang: Lang) -> Charts {
    Charts::draw(lang, &super::browser::now_ms, || charts::gallery::all_charts(a, lang))
}

fn render_diagrams(a: &Analysis, layouts: &[Vec<(f64, f64)>], lang: Lang) -> Charts {
    Charts::draw(lang, &super::browser::now_ms, || charts::gallery::diagram_charts(a, layouts, lang))
}

/// Every chart drawn for the current result, each relation's diagram before its other charts
/// (as [`charts::gallery::all_charts`] orders them, for the HTML report).
pub fn all_drawn_charts(state: AppState) -> Vec<charts::gallery::ChartSpec> {
    let mut out: Vec<charts::gallery::ChartSpec> =
        state.charts.get_untracked().map(|c| c.gallery.clone()).unwrap_or_default();
    for d in state.diagrams.get_untracked().map(|c| c.gallery.clone()).unwrap_or_default() {
        let at = out.iter().position(|c| c.relation == d.relation).unwrap_or(out.len());
        out.insert(at, d);
    }
    out
}

/// The page state from context.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
