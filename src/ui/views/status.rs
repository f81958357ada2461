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
        {move || state.error.get().map(|e| view! {
            <div class="error" data-testid="error" role="alert">
                {if lang.get().is_zh() { e.zh } else { e.en }}
            </div>
        })}
    }
}
