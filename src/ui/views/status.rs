//! Run status (a live region) and the error message.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::ui::run;
use crate::ui::state::{Status, use_app_state};

/// Status line with `data-state`, plus the error panel on failure.
#[component]
pub fn StatusBar() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    let text = move || {
        let key = match state.status.get() {
            Status::Idle if state.cancelled.get() => "status.cancelled",
            // First visit on a slow link: the analysis worker's code is still arriving.
            Status::Idle if !state.worker_loaded.get() => "status.loading",
            Status::Idle => "status.idle",
            Status::Working => "status.working",
            Status::Done => "status.done",
            Status::Error => "status.error",
        };
        t(lang.get(), key)
    };
    // "drawn" once every section of the result is mounted (one per task) and the charts of
    // the result shown are drawn, the network diagrams included (their layouts come after the
    // result).
    let charts = move || {
        let drawn = match state.result.get() {
            // Sections first: reading the charts draws them, which waits for the first section.
            Some(r) => {
                state.sections_shown.get() >= crate::ui::SECTIONS
                    && state.charts.with(Option::is_some)
                    && !r.layouts_pending()
                    && (r.analysis.graphs.is_empty() || state.diagrams.with(Option::is_some))
            }
            _ => false,
        };
        if drawn { "drawn" } else { "pending" }
    };
    view! {
        <p class="status" data-testid="status" data-state=move || state.status.get().as_str() data-charts=charts data-worker=move || if state.worker_warmup_ms.get().is_some() { "warm" } else { "starting" } data-engine=move || state.worker_build.get().as_str() role="status" aria-live="polite">
            {text}
            {move || (state.status.get() == Status::Working && !state.worker_loaded.get()).then(|| view! {
                " " <span class="step" data-testid="loading-worker">{t(lang.get(), "status.loading")}</span>
            })}
            {move || state.progress.get().filter(|_| state.status.get() == Status::Working).map(|(step, detail, pct)| view! {
                " "
                // Until the worker's code has arrived the run is waiting for it, not reading.
                <span class="step" hidden=move || !state.worker_loaded.get()>{t(lang.get(), &format!("step.{step}"))} " " {detail}</span>
                <progress data-testid="progress" max="100" value=pct.round().to_string()>{format!("{pct:.0}%")}</progress>
                <button data-testid="cancel" on:click=move |_| run::cancel(state)>{t(lang.get(), "action.cancel")}</button>
            })}
        </p>
        {move || {
            let n = state.making.get();
            (n > 0).then(|| view! {
                <p class="muted" role="status" data-testid="making">{tf(lang.get(), "status.making", &[("n", n.to_string())])}</p>
            })
        }}
        {move || state.error.get().map(|e| {
            let diagnostics = serde_json::to_string_pretty(&serde_json::json!({
                "version": crate::VERSION,
                "user_agent": web_sys::window().and_then(|w| w.navigator().user_agent().ok()),
                "error": e.text(crate::i18n::Lang::En),
            }))
            .unwrap_or_default();
            let copy_text = diagnostics.clone();
            let copied = RwSignal::new(false);
            let copy = move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.navigator().clipboard().write_text(&copy_text);
                    copied.set(true);
                }
            };
            view! {
                <div class="error" data-testid="error" role="alert">
                    {e.text(lang.get())}
                </div>
                <details class="diag-copy">
                    <summary>{t(lang.get(), "error.diagnostics")}</summary>
                    <textarea readonly rows="5" data-testid="error-diagnostics">{diagnostics}</textarea>
                    <button data-testid="copy-diagnostics" on:click=copy>
                        {move || if copied.get() { t(lang.get(), "error.copied") } else { t(lang.get(), "error.copy") }}
                    </button>
                </details>
            }
        })}
    }
}

/// "Works offline" once the service worker has saved the app (in the footer).
#[component]
pub fn OfflineNote() -> impl IntoView {
    let state = use_app_state();
    move || {
        let key = match state.offline.get() {
            crate::ui::offline::Offline::Ready => "offline.ready",
            crate::ui::offline::Offline::Saving => "offline.saving",
            crate::ui::offline::Offline::Unavailable => return None,
        };
        Some(view! {
            <p class="muted" data-testid="offline-status" data-state=key>{t(state.lang.get(), key)}</p>
        })
    }
}

/// A new version has been deployed: offer to switch to it (the tab keeps its version until then).
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.update_ready.get().then(|| {
            let l = state.lang.get();
            view! {
                <div class="update" data-testid="update-ready" role="status">
                    {t(l, "offline.update")} " "
                    <button class="primary" data-testid="update-now" on:click=move |_| crate::ui::offline::apply_update(state)>
                        {t(l, "offline.update_now")}
                    </button>
                </div>
            }
        })
    }
}

/// "Remember on this device" (with consent) and "forget everything".
#[component]
pub fn KeepPanel() -> impl IntoView {
    let state = use_app_state();
    let stored = RwSignal::new(crate::ui::persist::anything_stored());
    let on_toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        crate::ui::persist::set_remember(state, on);
        stored.set(crate::ui::persist::anything_stored());
    };
    let on_forget = move |_| {
        crate::ui::persist::forget(state);
        stored.set(false);
    };
    move || {
        let l = state.lang.get();
        view! {
            <div class="keep">
                <label class="inline">
                    <input type="checkbox" data-testid="remember-toggle" prop:checked=move || state.remember.get() on:change=on_toggle/>
                    " " {t(l, "persist.remember")}
                </label>
                " "
                <button class="link" data-testid="forget-everything" on:click=on_forget
                    disabled=move || !state.remember.get() && !stored.get()>
                    {t(l, "persist.forget")}
                </button>
                {move || state.persist_note.get().map(|k| view! {
                    <p class="muted" data-testid="persist-status" data-state=k role="status">{t(state.lang.get(), k)}</p>
                })}
            </div>
        }
    }
}

/// How long the download notice stays (longer while the pointer rests on it).
const DOWNLOAD_NOTICE: std::time::Duration = std::time::Duration::from_secs(15);

/// Clears the download notice of `url` after [`DOWNLOAD_NOTICE`], unless another download has
/// replaced it; while the pointer rests on the notice, it waits again.
fn dismiss_later(last: RwSignal<Option<crate::ui::browser::LastDownload>>, url: String) {
    set_timeout(
        move || {
            if last.with_untracked(|d| d.as_ref().is_none_or(|d| d.url != url)) {
                return;
            }
            let hovered = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(".download-fallback:hover").ok().flatten())
                .is_some();
            if hovered {
                dismiss_later(last, url);
            } else {
                last.set(None);
            }
        },
        DOWNLOAD_NOTICE,
    );
}

/// After a download: "open" and "copy" for browsers that ignore downloads (WeChat's in-app
/// browser and others), so no result depends on the download attribute alone. The notice goes
/// by itself after a while, or at once with its close button.
#[component]
pub fn DownloadFallback() -> impl IntoView {
    let state = use_app_state();
    move || {
        let d = state.last_download.get()?;
        dismiss_later(state.last_download, d.url.clone());
        let l = state.lang.get();
        let copied = RwSignal::new(false);
        let text = d.text.clone();
        let copy = move |_| {
            if let Some(t) = &text {
                copied.set(crate::ui::browser::copy_text(t));
            }
        };
        Some(view! {
            <div class="download-fallback" data-testid="download-fallback" role="status">
                {crate::i18n::tf(l, "download.saved", &[("file", d.name.clone())])} " "
                <a data-testid="download-open" href=d.url.clone() target="_blank" rel="noopener">{t(l, "download.open")}</a>
                {d.text.is_some().then(|| view! {
                    " · "
                    <button class="link" data-testid="download-copy" on:click=copy.clone()>
                        {move || if copied.get() { t(state.lang.get(), "download.copied") } else { t(state.lang.get(), "download.copy") }}
                    </button>
                })}
                " "
                <button class="link close" data-testid="download-dismiss" aria-label=t(l, "download.dismiss")
                    title=t(l, "download.dismiss") on:click=move |_| state.last_download.set(None)>"×"</button>
            </div>
        })
    }
}
