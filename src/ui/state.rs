//! Page state: a few signals in one `Copy` struct provided as context.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts;
use crate::diag::UserMessage;
use crate::i18n::Lang;
use crate::pipeline::Analysis;

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
    /// True when the analysis ran in the Web Worker (false: main-thread fallback).
    pub in_worker: bool,
}

/// Charts of a result in one language (rendered on the main thread).
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    /// Every chart (capacity charts, then per relation its diagram and charts).
    pub gallery: Vec<charts::gallery::ChartSpec>,
    /// Milliseconds spent drawing.
    pub ms: f64,
    /// A drawing error, shown instead of the chart.
    pub error: Option<String>,
}

impl Charts {
    /// The chart with this id.
    pub fn get(&self, id: &str) -> Option<&charts::gallery::ChartSpec> {
        self.gallery.iter().find(|c| c.id == id)
    }
}

/// Analysis settings the user can change (recorded in the report's `capacity.settings`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Share of a dimension's items needed for a score.
    pub min_answered_share: f64,
    /// Grouping variable for within-group percentiles (`None`: automatic).
    pub group_by: Option<String>,
    /// `none`, `union` or `reciprocal`.
    pub symmetrize: String,
    /// Leave out partners who did not respond.
    pub exclude_non_respondents: bool,
    /// Remove nodes without ties.
    pub drop_isolates: bool,
    /// Use tie weights.
    pub weighted: bool,
    /// Text encoding chosen by the user (`None`: detect).
    pub encoding: Option<String>,
    /// Community detection: `leiden` or `louvain`.
    pub community: String,
    /// Modularity resolution γ.
    pub resolution: f64,
    /// Exact betweenness up to this many nodes, sampled above.
    pub exact_betweenness_max: usize,
    /// Sampled sources for betweenness above that size.
    pub betweenness_samples: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_answered_share: 0.5,
            group_by: None,
            symmetrize: "none".into(),
            exclude_non_respondents: false,
            drop_isolates: false,
            weighted: false,
            encoding: None,
            community: "leiden".into(),
            resolution: 1.0,
            exact_betweenness_max: 5000,
            betweenness_samples: 500,
        }
    }
}

/// All page signals.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// UI language.
    pub lang: RwSignal<Lang>,
    /// Run status.
    pub status: RwSignal<Status>,
    /// Last error, in both languages.
    pub error: RwSignal<Option<UserMessage>>,
    /// Last result.
    pub result: RwSignal<Option<Arc<PageResult>>>,
    /// Charts of the result in the current language.
    pub charts: Memo<Option<Arc<Charts>>>,
    /// Increments with each run, so a slow older run cannot overwrite a newer one.
    pub run_id: RwSignal<u64>,
    /// Current step (key, detail, percent) while working.
    pub progress: RwSignal<Option<(String, String, f64)>>,
    /// The last run was cancelled by the user.
    pub cancelled: RwSignal<bool>,
    /// Analysis settings.
    pub settings: RwSignal<Settings>,
    /// The files of the last run, kept in memory (never stored) to re-run with new settings.
    pub last_files: StoredValue<Vec<crate::pipeline::InputFile>>,
}

impl AppState {
    /// Fresh state in a language.
    pub fn new(lang: Lang) -> Self {
        let lang = RwSignal::new(lang);
        let result: RwSignal<Option<Arc<PageResult>>> = RwSignal::new(None);
        let charts = Memo::new(move |_| {
            let lang = lang.get();
            result.get().map(|r| Arc::new(render_charts(&r.analysis, lang)))
        });
        AppState {
            lang,
            status: RwSignal::new(Status::Idle),
            error: RwSignal::new(None),
            result,
            charts,
            run_id: RwSignal::new(0),
            progress: RwSignal::new(None),
            cancelled: RwSignal::new(false),
            settings: RwSignal::new(Settings::default()),
            last_files: StoredValue::new(Vec::new()),
        }
    }
}

fn render_charts(a: &Analysis, lang: Lang) -> Charts {
    let t0 = super::browser::now_ms();
    let (gallery, error) = match charts::gallery::all_charts(a, lang) {
        Ok(g) => (g, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    Charts { gallery, ms: super::browser::now_ms() - t0, error }
}

/// The page state from context.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
