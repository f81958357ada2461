//! The files loaded: each with what it holds (correctable for a single-table file) and a
//! remove button, and "replace all files". Files chosen anywhere else are added to these
//! (`run::add_from_list`): choosing the responses and then the codebook keeps both.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::ingest::TableKind;
use crate::ui::run;
use crate::ui::state::use_app_state;
use crate::ui::views::picker::OwnForm;

/// The table kinds a file can be read as, in the order offered.
pub const KINDS: [TableKind; 4] =
    [TableKind::Responses, TableKind::Codebook, TableKind::Ties, TableKind::Aliases];

/// A table kind's key (`kind.<key>` is its label).
pub fn kind_key(k: TableKind) -> &'static str {
    match k {
        TableKind::Responses => "responses",
        TableKind::Codebook => "codebook",
        TableKind::Ties => "ties",
        TableKind::Aliases => "aliases",
    }
}

/// The list of loaded files with their kinds and remove buttons, and "replace all files".
#[component]
pub fn FilesSection() -> impl IntoView {
    let state = use_app_state();
    let on_replace = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            run::replace_from_list(state, list);
        }
        input.set_value("");
    };
    move || {
        // The list follows each run (files are added, removed or re-read) and its result.
        state.run_id.track();
        let l = state.lang.get();
        let files = state.last_files.get_value();
        if files.is_empty() {
            return None;
        }
        // What each file was read as, when the result shown is of these files (a workbook may
        // hold several tables).
        let read: Option<Vec<Vec<TableKind>>> = state.run_result.with(|r| {
            let input = &r.as_ref()?.analysis.report.input;
            let same =
                input.files.len() == files.len() && input.files.iter().zip(&files).all(|(a, b)| *a == b.name);
            same.then(|| input.kinds.clone())
        });
        // Survey rounds: with two or more responses files each gets a round (its place by default).
        let rounds = crate::ui::bridge::page_rounds(&files);
        let several = rounds.iter().filter(|r| r.is_some()).count() >= 2;
        let rows = files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let name = f.name.clone();
                let round = several.then(|| round_cell(state, i, &name, f.wave.clone(), rounds[i].clone(), l));
                let kinds = match &read {
                    Some(k) => k.get(i).cloned().unwrap_or_default(),
                    None => f.kind.into_iter().collect(),
                };
                let cell = if kinds.len() <= 1 {
                    // Before it is read, the guess from its name.
                    let current = kinds.first().copied().unwrap_or_else(|| crate::ingest::classify(&name, &[]));
                    let options = KINDS
                        .iter()
                        .map(|k| view! { <option value=kind_key(*k) selected=*k == current>{t(l, &format!("kind.{}", kind_key(*k)))}</option> })
                        .collect_view();
                    let on_change = move |ev: leptos::ev::Event| {
                        let v = event_target_value(&ev);
                        let kind = KINDS.into_iter().find(|k| kind_key(*k) == v);
                        let mut files = state.last_files.get_value();
                        if let Some(f) = files.get_mut(i) {
                            f.kind = kind;
                        }
                        run::start(state, files);
                    };
                    let select = view! {
                        <select data-testid=format!("file-kind-{i}") aria-label=format!("{} — {name}", t(l, "files.kind")) on:change=on_change>{options}</select>
                    };
                    view! { <OwnForm>{select}</OwnForm> }.into_any()
                } else {
                    let list: Vec<String> = kinds.iter().map(|k| t(l, &format!("kind.{}", kind_key(*k)))).collect();
                    view! { <span>{crate::labels::join_list(&list, l)}</span> }.into_any()
                };
                let remove_label = tf(l, "files.remove_label", &[("file", name.clone())]);
                view! {
                    <tr data-testid="file-row">
                        <th scope="row"><code class="file-name">{name.clone()}</code></th>
                        <td data-label=t(l, "files.kind")>{cell}</td>
                        {round}
                        <td><button class="link" data-testid=format!("file-remove-{i}") aria-label=remove_label
                            on:click=move |_| run::remove_file(state, i)>{t(l, "files.remove")}</button></td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="files" aria-labelledby="files-title" data-testid="files">
                <h2 id="files-title">{t(l, "files.loaded")}</h2>
                <p class="muted">{t(l, "files.add_note")}</p>
                {several.then(|| view! { <p class="muted" data-testid="files-round-note">{t(l, "files.round_note")}</p> })}
                <div class="table-wrap">
                    <table class="cards" data-testid="files-table">
                        <caption class="visually-hidden">{t(l, "files.title")}</caption>
                        <thead><tr><th scope="col">{t(l, "files.file")}</th><th scope="col">{t(l, "files.kind")}</th>{several.then(|| view! { <th scope="col">{t(l, "files.round")}</th> })}<th scope="col"><span class="visually-hidden">{t(l, "files.remove")}</span></th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p class="file-actions">
                    <label class="button-like file-button">
                        {t(l, "files.replace_all")}
                        <input type="file" multiple class="visually-hidden" data-testid="files-replace"
                            accept=".csv,.tsv,.txt,.xlsx,.xls,.json" on:change=on_replace/>
                    </label>
                </p>
            </section>
        })
    }
}

/// A file's round: a text box for a responses file (its place in the list until named), empty
/// for other files. A change re-runs the analysis.
fn round_cell(
    state: crate::ui::state::AppState,
    i: usize,
    name: &str,
    typed: Option<String>,
    sent: Option<String>,
    l: crate::i18n::Lang,
) -> impl IntoView + use<> {
    let Some(default) = sent else { return view! { <td></td> }.into_any() };
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let mut files = state.last_files.get_value();
        if let Some(f) = files.get_mut(i) {
            f.wave = Some(v.trim().to_string()).filter(|v| !v.is_empty());
        }
        run::start(state, files);
    };
    let label = tf(l, "files.round_label", &[("file", name.to_string())]);
    let value = typed.unwrap_or_else(|| default.clone());
    let input = view! {
        <input type="text" class="short" data-testid=format!("file-round-{i}") aria-label=label
            value=value placeholder=default on:change=on_change/>
    };
    let heading = t(l, "files.round");
    view! { <td data-label=heading><OwnForm>{input}</OwnForm></td> }.into_any()
}
