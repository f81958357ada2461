//! Getting data in: the demo button, the file input and drop zone (files chosen or dropped are
//! added to those loaded), template downloads.

use leptos::prelude::*;

use crate::export::FileRecipe;
use crate::i18n::t;
use crate::ui::browser::download;
use crate::ui::maker::{XLSX, make_and_download};
use crate::ui::run;
use crate::ui::state::use_app_state;

/// Plain-language explanations of the measures, in display order.
const GLOSSARY: [&str; 10] = [
    "glossary.alpha",
    "glossary.index",
    "glossary.groups",
    "glossary.profiles",
    "glossary.density",
    "glossary.degree",
    "glossary.betweenness",
    "glossary.constraint",
    "glossary.community",
    "glossary.core",
];

/// Intro text, demo button, file input and drop zone.
#[component]
pub fn InputPanel() -> impl IntoView {
    let state = use_app_state();
    let lang = state.lang;
    let dragging = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            run::add_from_list(state, list);
        }
        // Clearing the value lets the same file be chosen again after a fix.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            run::add_from_list(state, list);
        }
    };
    // The demo's three tables as CSV files: together they give the demo's result (the
    // responses alone leave the items' labels, reverse items and partners' variants out).
    let demo_csv = |pick: fn(crate::demo::Demo) -> crate::ingest::Table| {
        move |_| {
            let table = pick(crate::demo::demo());
            download(&table.name, "text/csv;charset=utf-8", &crate::export::csv_bytes(&table, true));
        }
    };
    let demo_xlsx = move |_| {
        make_and_download(
            state,
            "tongxing_demo.xlsx",
            XLSX,
            &FileRecipe::Xlsx(crate::demo::workbook_sheets()),
        );
    };
    let blank_csv = move |_| {
        download("tongxing_template.csv", "text/csv;charset=utf-8", &crate::demo::template::blank_csv())
    };
    let blank_xlsx = move |_| {
        let recipe = FileRecipe::Xlsx(crate::demo::template::blank_sheets());
        make_and_download(state, "tongxing_template.xlsx", XLSX, &recipe);
    };
    let xlsform = move |_| {
        let recipe = FileRecipe::Xlsx(crate::demo::template::xlsform_sheets());
        make_and_download(state, "tongxing_xlsform.xlsx", XLSX, &recipe);
    };
    view! {
        <section class="intro" aria-labelledby="intro-title">
            <h2 id="intro-title" class="visually-hidden">{move || t(lang.get(), "action.choose")}</h2>
            <p>{move || t(lang.get(), "app.intro")}</p>
            <div class="actions">
                <button class="primary" data-testid="demo-button" on:click=move |_| run::start_demo(state)>
                    {move || t(lang.get(), "action.demo")}
                </button>
                <label
                    class="drop"
                    class:dragging=move || dragging.get()
                    on:dragenter=move |_| crate::ui::bridge::files_coming(state)
                    on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                >
                    <span class="button-like">{move || t(lang.get(), "action.choose")}</span>
                    <span class="hint">{move || t(lang.get(), "action.drop")}</span>
                    // The browser's own control would speak its language ("Choose Files", "No
                    // file chosen"), not the page's: hidden, the label above opens it.
                    <input
                        type="file"
                        class="visually-hidden"
                        multiple
                        accept=".csv,.tsv,.txt,.xlsx,.xls,.json"
                        data-testid="file-input"
                        on:click=move |_| crate::ui::bridge::files_coming(state)
                        on:change=on_change
                    />
                </label>
            </div>
            <p class="muted">{move || t(lang.get(), "app.synthetic")}</p>
            {move || state.shared_link.get().map(|skipped| {
                let l = lang.get();
                view! {
                    <p class="notice" data-testid="shared-settings" role="status">
                        {t(l, "share.applied")}
                        {(!skipped.is_empty()).then(|| format!(" {}", crate::i18n::tf(l, "share.skipped", &[("items", crate::labels::join_list(&skipped, l))])))}
                    </p>
                }
            })}
            <details class="guide" data-testid="guide">
                <summary>{move || t(lang.get(), "guide.title")}</summary>
                <ol>
                    {["guide.1", "guide.2", "guide.3", "guide.4"].into_iter().map(|k| view! { <li>{move || with_literals(&t(lang.get(), k))}</li> }).collect_view()}
                </ol>
            </details>
            <details class="guide" data-testid="glossary">
                <summary>{move || t(lang.get(), "glossary.title")}</summary>
                <ul>
                    {GLOSSARY.into_iter().map(|k| view! { <li>{move || t(lang.get(), k)}</li> }).collect_view()}
                </ul>
            </details>
            <p class="templates">
                <button class="link" data-testid="download-demo-csv" on:click=demo_csv(|d| d.responses)>{move || t(lang.get(), "action.download_demo_csv")}</button>
                <button class="link" data-testid="download-demo-codebook" on:click=demo_csv(|d| d.codebook)>{move || t(lang.get(), "action.download_demo_codebook")}</button>
                <button class="link" data-testid="download-demo-aliases" on:click=demo_csv(|d| d.aliases)>{move || t(lang.get(), "action.download_demo_aliases")}</button>
                <button class="link" data-testid="download-demo-xlsx" on:click=demo_xlsx>{move || t(lang.get(), "action.download_demo_xlsx")}</button>
            </p>
            <p class="templates">
                <button class="link" data-testid="download-template-csv" on:click=blank_csv>{move || t(lang.get(), "action.template_csv")}</button>
                <button class="link" data-testid="download-template-xlsx" on:click=blank_xlsx>{move || t(lang.get(), "action.template_xlsx")}</button>
                <button class="link" data-testid="download-xlsform" on:click=xlsform>{move || t(lang.get(), "action.xlsform")}</button>
            </p>
        </section>
    }
}

/// A locale string with its literal pieces (column headers a user types as they are, between
/// backticks: [`crate::markup::literal_pieces`]) set as code.
fn with_literals(text: &str) -> impl IntoView + use<> {
    crate::markup::literal_pieces(text)
        .into_iter()
        .map(|(literal, piece)| {
            let piece = piece.to_string();
            if literal { view! { <code class="literal">{piece}</code> }.into_any() } else { piece.into_any() }
        })
        .collect_view()
}
