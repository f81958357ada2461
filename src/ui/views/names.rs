//! Partner names that matched no respondent: the user merges each with the suggested (or any)
//! respondent, or keeps it separate; the merges become an aliases table — combined with an
//! aliases file the user gave — that is applied by re-running and can be downloaded.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::ingest::{Table, TableKind};
use crate::ui::run;
use crate::ui::state::{AppState, PageFile, use_app_state};
use crate::ui::views::table::{header_row, save_csv};

/// Respondent names offered as typing suggestions, at most.
const DATALIST_MAX: usize = 5_000;

/// Name of the aliases file the decisions are applied as.
pub const ALIASES_FILE: &str = "tongxing_aliases.csv";

/// A name to review: spelling, total mentions, relations, suggested respondent.
#[derive(Debug, Clone, PartialEq)]
struct Pending {
    name: String,
    mentions: usize,
    relations: Vec<String>,
    suggestion: Option<String>,
}

fn pending(state: AppState) -> Vec<Pending> {
    let Some(r) = state.result.get() else { return Vec::new() };
    let mut by_name: BTreeMap<String, Pending> = BTreeMap::new();
    for u in &r.analysis.report.network.unmatched {
        let p = by_name.entry(u.name.clone()).or_insert_with(|| Pending {
            name: u.name.clone(),
            mentions: 0,
            relations: Vec::new(),
            suggestion: None,
        });
        p.mentions += u.mentions;
        p.relations.push(u.relation.clone());
        if p.suggestion.is_none() {
            p.suggestion.clone_from(&u.suggestion);
        }
    }
    let mut v: Vec<Pending> = by_name.into_values().collect();
    v.sort_by(|a, b| b.suggestion.is_some().cmp(&a.suggestion.is_some()).then(b.mentions.cmp(&a.mentions)));
    v
}

/// The aliases the last run applied (from the user's aliases files and earlier merges, as the
/// report lists them — the page never parses input files itself) plus the merges decided here.
fn aliases_table(state: AppState, merges: &[(String, String)]) -> Table {
    let mut rows: Vec<Vec<String>> = state
        .result
        .get_untracked()
        .map(|r| {
            r.analysis.report.network.aliases.iter().map(|a| vec![a.alias.clone(), a.name.clone()]).collect()
        })
        .unwrap_or_default();
    for (alias, name) in merges {
        if !rows.iter().any(|r| r[0] == *alias) {
            rows.push(vec![alias.clone(), name.clone()]);
        }
    }
    Table::new(ALIASES_FILE, &["alias", "name"], rows)
}

/// Review of unmatched partner names.
#[component]
pub fn NamesView() -> impl IntoView {
    let state = use_app_state();
    // alias → chosen respondent (merge) or `None` (kept separate).
    let decisions: RwSignal<BTreeMap<String, Option<String>>> = RwSignal::new(BTreeMap::new());
    Effect::new(move || {
        state.result.track();
        decisions.set(BTreeMap::new());
    });
    move || {
        let r = state.result.get().filter(|r| r.complete)?;
        let items = pending(state);
        if items.is_empty() {
            return None;
        }
        let l = state.lang.get();
        // Anonymized names are codes: merging them would write codes into the aliases file.
        if !r.analysis.key.is_empty() {
            return Some(
                view! {
                    <section aria-labelledby="names-title">
                        <h2 id="names-title">{t(l, "names.title")}</h2>
                        <p class="muted" data-testid="names-anonymized">{t(l, "names.anonymized")}</p>
                    </section>
                }
                .into_any(),
            );
        }
        // Suggestions while typing, for up to a few thousand respondents (a longer list would
        // take the page seconds to build and is no help to scroll).
        let orgs = &r.analysis.report.capacity.organizations;
        let options = (orgs.len() <= DATALIST_MAX)
            .then(|| orgs.iter().map(|o| view! { <option value=o.name.clone()></option> }).collect_view());
        let rows = items
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let name = p.name.clone();
                let typed: RwSignal<String> = RwSignal::new(p.suggestion.clone().unwrap_or_default());
                let (n1, n2) = (name.clone(), name.clone());
                let merge = move |_| {
                    let target = typed.get_untracked().trim().to_string();
                    if !target.is_empty() {
                        decisions.update(|d| {
                            d.insert(n1.clone(), Some(target));
                        });
                    }
                };
                let keep = move |_| {
                    decisions.update(|d| {
                        d.insert(n2.clone(), None);
                    });
                };
                let n3 = name.clone();
                let status = move || match decisions.get().get(&n3) {
                    Some(Some(target)) => tf(state.lang.get(), "names.merged", &[("name", target.clone())]),
                    Some(None) => t(state.lang.get(), "names.kept"),
                    None => String::new(),
                };
                view! {
                    <tr data-testid="names-row">
                        <th scope="row">{p.name.clone()}</th>
                        <td class="num" data-label=t(l, "names.mentions")>{p.mentions}</td>
                        <td data-label=t(l, "network.relation")>{crate::labels::join_list(&p.relations.iter().map(|k| crate::labels::relation_label(&r.analysis.report, k, l)).collect::<Vec<_>>(), l)}</td>
                        <td data-label=t(l, "names.target")>
                            <input type="text" list="names-respondents" data-testid=format!("names-target-{i}")
                                aria-label=format!("{} — {}", t(l, "names.target"), p.name)
                                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                            " "
                            <button data-testid=format!("names-merge-{i}") on:click=merge>{t(l, "names.merge")}</button>
                            " "
                            <button class="link" data-testid=format!("names-keep-{i}") on:click=keep>{t(l, "names.keep")}</button>
                        </td>
                        <td data-label=t(l, "names.decision") data-testid=format!("names-status-{i}") aria-live="polite">{status}</td>
                    </tr>
                }
            })
            .collect_view();
        let merges = move || -> Vec<(String, String)> {
            decisions.get_untracked().into_iter().filter_map(|(a, n)| n.map(|n| (a, n))).collect()
        };
        let apply = move |_| {
            let table = aliases_table(state, &merges());
            let bytes = crate::export::csv_bytes(&table, true);
            if let Some(file) = PageFile::from_bytes(ALIASES_FILE, &bytes, Some(TableKind::Aliases)) {
                run::start(state, run::files_replacing(state, TableKind::Aliases, ALIASES_FILE, file));
            }
        };
        let save = move |_| save_csv(state, ALIASES_FILE, &aliases_table(state, &merges()));
        Some(view! {
            <section aria-labelledby="names-title">
                <h2 id="names-title">{t(l, "names.title")}</h2>
                <p class="muted">{t(l, "names.intro")}</p>
                <datalist id="names-respondents">{options}</datalist>
                <div class="table-wrap">
                    <table class="cards" data-testid="names-table">
                        <caption>{t(l, "names.caption")}</caption>
                        <thead>{header_row(l, &["names.name", "names.mentions", "network.relation", "names.target", "names.decision"])}</thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p>
                    <button class="primary" data-testid="names-apply" on:click=apply>{t(l, "names.apply")}</button>
                    " "
                    <button data-testid="download-aliases" on:click=save>{t(l, "names.download")}</button>
                </p>
            </section>
        }
        .into_any())
    }
}
