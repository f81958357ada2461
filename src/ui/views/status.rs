//! Run status (a live region) and the error message.

use leptos::prelude::*;

use crate::i18n::t;
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
            Status::Idle => "status.idle",
            Status::Working => "status.working",
            Status::Done => "status.done",
            Status::Error => "status.error",
        };
        t(lang.get(), key)
    };
    view! {
        <p class="status" data-testid="status" data-state=move || state.status.get().as_str() role="status" aria-live="polite">
            {text}
            {move || state.progress.get().filter(|_| state.status.get() == Status::Working).map(|(step, detail, pct)| view! {
                " "
                <span class="step">{t(lang.get(), &format!("step.{step}"))} " " {detail}</span>
                <progress data-testid="progress" max="100" value=pct.round().to_string()>{format!("{pct:.0}%")}</progress>
                <button data-testid="cancel" on:click=move |_| run::cancel(state)>{t(lang.get(), "action.cancel")}</button>
            })}
        </p>
        {move || state.error.get().map(|e| {
            let diagnostics = serde_json::to_string_pretty(&serde_json::json!({
                "version": crate::VERSION,
                "user_agent": web_sys::window().and_then(|w| w.navigator().user_agent().ok()),
                "error": e.en.clone(),
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
                    {if lang.get().is_zh() { e.zh } else { e.en }}
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
