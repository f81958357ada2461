//! Downloads grouped by who they are for — funders (the printable report), each partner (its
//! feedback profile), researchers (workbook, codebook, network files, JSON), the
//! reproducibility record with its command line, the anonymization key — and the share link.
//! Every file is made here from the result in memory.

use std::sync::Arc;

use leptos::prelude::*;

use crate::export::FileRecipe;
use crate::i18n::t;
use crate::ui::browser::download;
use crate::ui::maker::{XLSX, make_and_download};
use crate::ui::state::{AppState, PageResult, use_app_state};
use crate::ui::views::table::save_csv;

/// One download: test id, label key and what it writes.
type Action = (&'static str, &'static str, fn(AppState, &PageResult));

fn report_json(_: AppState, r: &PageResult) {
    if let Ok(text) = serde_json::to_string_pretty(&r.analysis.report) {
        download("tongxing_report.json", "application/json", text.as_bytes());
    }
}

fn report_html(state: AppState, r: &PageResult) {
    let lang = state.lang.get_untracked();
    let charts = crate::ui::state::all_drawn_charts(state);
    let html = crate::export::html::render_gallery(&r.analysis, &charts, lang);
    download("tongxing_report.html", "text/html;charset=utf-8", html.as_bytes());
}

fn codebook(state: AppState, r: &PageResult) {
    save_csv(state, "codebook.csv", &crate::export::applied_codebook(&r.analysis.report));
}

fn xlsx(state: AppState, r: &PageResult) {
    let sheets = crate::export::workbook::results_sheets(&r.analysis, state.lang.get_untracked());
    let recipe = FileRecipe::Workbook(sheets);
    make_and_download(state, "tongxing_results.xlsx", XLSX, &recipe);
}

fn gexf(state: AppState, r: &PageResult) {
    let xml = crate::export::graph::gexf(&r.analysis, state.lang.get_untracked());
    download("tongxing_network.gexf", "application/xml", xml.as_bytes());
}

fn graphml(state: AppState, r: &PageResult) {
    let xml = crate::export::graph::graphml(&r.analysis, state.lang.get_untracked());
    download("tongxing_network.graphml", "application/xml", xml.as_bytes());
}

fn edges_csv(state: AppState, r: &PageResult) {
    save_csv(state, "tongxing_edges.csv", &crate::export::workbook::edge_list(&r.analysis));
}

/// The feedback profiles in the page's language, naming introduced partners as set.
fn profiles(state: AppState, r: &PageResult) -> crate::export::profile::Profiles<'_> {
    let names = state.settings.with_untracked(|s| s.profile_partner_names);
    crate::export::profile::Profiles::new(&r.analysis, state.lang.get_untracked()).partner_names(names)
}

fn profiles_zip(state: AppState, r: &PageResult) {
    let p = profiles(state, r);
    make_and_download(state, "tongxing_profiles.zip", "application/zip", &FileRecipe::Zip(p.files()));
}

fn profiles_batch(state: AppState, r: &PageResult) {
    let p = profiles(state, r);
    download("tongxing_profiles.html", "text/html;charset=utf-8", p.batch().as_bytes());
}

fn record(state: AppState, r: &PageResult) {
    let rec = state.settings.with_untracked(|s| s.record(&r.analysis.report));
    if let Ok(text) = serde_json::to_string_pretty(&rec) {
        download("tongxing_record.json", "application/json", text.as_bytes());
    }
}

fn key(state: AppState, r: &PageResult) {
    save_csv(state, "tongxing_anonymization_key.csv", &crate::report::anonymize::key_table(&r.analysis.key));
}

/// A group of downloads for one audience: title key, note key and its actions.
type Group = (&'static str, &'static str, &'static str, Vec<Action>);

/// The downloads grouped by who they are for, the most useful first (the report for funders,
/// then each partner's profile, the researcher's files, the reproducibility record with its
/// command line), and the share link.
#[component]
pub fn ExportsView() -> impl IntoView {
    let state = use_app_state();
    let share_text: RwSignal<Option<String>> = RwSignal::new(None);
    move || {
        let r: Arc<PageResult> = state.result.get().filter(|r| r.complete)?;
        let l = state.lang.get();
        let has_network = !r.analysis.report.network.relations.is_empty();
        let has_orgs = !r.analysis.report.capacity.organizations.is_empty();
        let mut research: Vec<Action> = vec![
            ("download-xlsx", "action.download_xlsx", xlsx),
            ("download-codebook", "action.download_codebook", codebook),
        ];
        if has_network {
            research.push(("download-gexf", "action.download_gexf", gexf));
            research.push(("download-graphml", "action.download_graphml", graphml));
            research.push(("download-csv-edges", "action.download_edges", edges_csv));
        }
        research.push(("download-report-json", "action.download_json", report_json));
        let mut groups: Vec<Group> = vec![(
            "downloads-funder",
            "downloads.funder",
            "downloads.funder_note",
            vec![("download-report-html", "action.download_html", report_html)],
        )];
        if has_orgs {
            groups.push((
                "downloads-partners",
                "downloads.partners",
                "downloads.partners_note",
                vec![
                    ("download-profiles", "action.download_profiles", profiles_zip),
                    ("download-profiles-batch", "action.download_profiles_batch", profiles_batch),
                ],
            ));
        }
        groups.push(("downloads-research", "downloads.research", "downloads.research_note", research));
        let groups = groups
            .into_iter()
            .enumerate()
            .map(|(g, (id, title, note, actions))| {
                let buttons = actions
                    .into_iter()
                    .enumerate()
                    .map(|(i, (id, label, run))| {
                        let r = r.clone();
                        // The files' words may still be on their way (`ui::lang`).
                        let click = move |_| {
                            let r = r.clone();
                            crate::ui::lang::with_later_words(state.lang.get_untracked(), move || run(state, &r))
                        };
                        view! {
                            <button class:primary=g == 0 && i == 0 data-testid=id on:click=click>{t(l, label)}</button>
                            " "
                        }
                    })
                    .collect_view();
                view! {
                    <div class="download-group" data-testid=id>
                        <h3>{t(l, title)}</h3>
                        <p class="muted">{t(l, note)}</p>
                        <p class="downloads">{buttons}</p>
                    </div>
                }
            })
            .collect_view();
        let command = state.settings.with(|s| s.record(&r.analysis.report).command);
        let record_r = r.clone();
        let key_r = r.clone();
        let anonymized = !r.analysis.key.is_empty();
        let share = move |_| {
            let fragment = state.settings.with_untracked(|s| s.to_fragment(state.lang.get_untracked()));
            let fragment = state.route.with_untracked(|route| route.in_fragment(&fragment));
            share_text.set(crate::ui::browser::share_link(&fragment));
        };
        Some(view! {
            <section class="exports" aria-labelledby="exports-title">
                <h2 id="exports-title">{t(l, "exports.title")}</h2>
                <p class="muted">{t(l, "exports.intro")}</p>
                {groups}
                <div class="download-group" data-testid="downloads-record">
                    <h3>{t(l, "downloads.record")}</h3>
                    <p class="muted">{t(l, "downloads.record_note")}</p>
                    <details class="tech" data-testid="record-tech">
                        <summary>{t(l, "common.tech_details")}</summary>
                        <p class="muted">{t(l, "downloads.record_cli")}</p>
                        <pre class="command"><code data-testid="record-command">{command}</code></pre>
                    </details>
                    <p class="downloads">
                        <button data-testid="download-record" on:click=move |_| record(state, &record_r)>{t(l, "action.download_record")}</button>
                    </p>
                </div>
                {anonymized.then(|| view! {
                    <div class="download-group" data-testid="downloads-key">
                        <h3>{t(l, "downloads.private")}</h3>
                        <p class="downloads">
                            <button data-testid="download-anonymization-key" on:click=move |_| key(state, &key_r)>{t(l, "action.download_key")}</button>
                        </p>
                    </div>
                })}
                <div class="download-group">
                    <h3>{t(l, "downloads.share")}</h3>
                    <p>
                        <button data-testid="share-link" on:click=share>{t(l, "action.share")}</button>
                    </p>
                    {move || share_text.get().map(|url| view! {
                        <div class="share-box" role="status">
                            <label>
                                {t(state.lang.get(), "share.copy_manually")}
                                <input type="text" readonly=true data-testid="share-url" prop:value=url.clone()
                                    on:focus=|ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); }/>
                            </label>
                            <p class="muted">{t(state.lang.get(), "share.copied")}</p>
                        </div>
                    })}
                </div>
            </section>
        })
    }
}
