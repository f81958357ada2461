//! Title, one-line purpose, the language switch and, once there is a result, a compact
//! "add files" control.

use leptos::prelude::*;

use crate::i18n::t;
use crate::ui::state::use_app_state;

/// Page header with the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    let add_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            crate::ui::run::add_from_list(state, list);
        }
        input.set_value("");
    };
    view! {
        <header class="top">
            <div>
                <h1>{move || t(lang.get(), "app.title")} <span class="sub">{move || t(lang.get(), "app.subtitle")}</span></h1>
            </div>
            <div class="lang-switches">
            {move || state.results_mode.get().then(|| view! {
                <label class="add-files button-like" title=t(lang.get(), "header.add_files_label")>
                    {t(lang.get(), "header.add_files")}
                    <input type="file" multiple class="visually-hidden" data-testid="header-add-files"
                        accept=".csv,.tsv,.txt,.xlsx,.xls,.json" aria-label=t(lang.get(), "header.add_files_label")
                        on:change=add_files/>
                </label>
                " "
            })}
            {move || lang.get().is_zh().then(|| view! {
                <button class="lang script" data-testid="script-switch"
                    on:click=move |_| crate::ui::lang::switch(state, lang.get_untracked().other_script())
                    aria-label=move || format!("{} — {}", t(lang.get(), "action.script"), t(lang.get(), "action.script_label"))>
                    {move || t(lang.get(), "action.script")}
                </button>
            })}
            " "
            <button
                class="lang"
                data-testid="lang-switch"
                on:click=move |_| crate::ui::lang::switch(state, lang.get_untracked().other())
                aria-label=move || if lang.get().is_zh() { "Switch to English" } else { "切换到中文" }
            >
                {move || t(lang.get(), "action.language")}
            </button>
            </div>
        </header>
    }
}
