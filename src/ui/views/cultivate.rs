//! "Growing the community": the key brokers first (plain column names, their definitions in
//! the table's help), then new ties for the coordinator, then the best-ranked introductions
//! and all of them folded under their count, each with its plain-language reason (rules and
//! ranking in `joint::cultivate`).

use leptos::prelude::*;

use crate::export::text::{broker_reason, introduction_reason, new_tie_reason};
use crate::i18n::{Lang, t, tf};
use crate::labels::{NameQuery, relation_label};
use crate::report::format::num;
use crate::ui::state::SharedRelation;
use crate::ui::state::use_app_state;
use crate::ui::views::charts::ORG_SELECT_MAX;
use crate::ui::views::picker::{LabelledSelect, OwnForm, index_select, options_html};
use crate::ui::views::table::{Cell, Column, DataTable, RowSource, TableRows};

/// The rules behind the suggestions, in words (the exact ones: README, `joint::cultivate`):
/// a coordinator reads them where the suggestions are, not in a document the page lacks.
const RULES: [&str; 4] =
    ["cultivate.rule_introductions", "cultivate.rule_ties", "cultivate.rule_brokers", "cultivate.rule_same"];

/// [`RULES`], folded under their question.
fn rules(l: Lang) -> impl IntoView {
    view! {
        <details class="help" data-testid="cultivate-rules">
            <summary>{t(l, "cultivate.rules_title")}</summary>
            <ul>{RULES.iter().map(|k| view! { <li>{t(l, k)}</li> }).collect_view()}</ul>
        </details>
    }
}

/// The cultivate view: the suggestions of one relation at a time, all relations combined (or
/// the one with the most ties) first, as the overview's findings speak of it.
#[component]
pub fn CultivateSection() -> impl IntoView {
    let state = use_app_state();
    let picked = RwSignal::new(0usize);
    // Each new result starts on its main relation.
    crate::ui::nav::open_on_main_relation(state, picked);
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        let report = &r.analysis.report;
        let rels = &report.network.relations;
        let body = if !r.complete {
            view! { <p data-testid="cultivate-pending">{t(l, "network.computing")}</p> }.into_any()
        } else if rels.is_empty() {
            view! { <p>{t(l, "network.none")}</p> }.into_any()
        } else {
            let labels: Vec<String> = rels.iter().map(|x| relation_label(report, &x.key, l)).collect();
            let shared = r.clone();
            let shown = move || {
                let i = picked.get().min(shared.analysis.report.network.relations.len() - 1);
                SharedRelation::new(shared.clone(), i).map(|rel| view! { <CultivateView rel=rel lang=l/> })
            };
            view! {
                {(rels.len() > 1).then(|| view! {
                    <LabelledSelect label=t(l, "network.show_relation")>
                        {index_select(labels, picked, "cultivate-relation")}
                    </LabelledSelect>
                })}
                {shown}
            }
            .into_any()
        };
        Some(view! {
            <section aria-labelledby="cultivate-title">
                <h2 id="cultivate-title">{t(l, "cultivate.title")}</h2>
                {body}
            </section>
        })
    }
}

/// The suggestions of one relation.
#[component]
pub fn CultivateView(
    /// The relation, inside the shared result (a relation may suggest 100,000 introductions).
    rel: SharedRelation,
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    // Borrowed: a copy (of up to 100,000 introductions, made and dropped in the task that
    // mounts the network section) cost 100,000/1,000,000 about 25 ms of it.
    let none = crate::report::Suggestions::default();
    let s = rel.suggestions.as_ref().unwrap_or(&none);
    let key = rel.key.clone();
    let query = RwSignal::new(String::new());
    // The full list spread over more partners (at most a few suggestions of each).
    let spread = RwSignal::new(false);
    let tie_rows: Vec<Vec<Cell>> = s
        .new_ties
        .iter()
        .map(|x| {
            vec![
                Cell::org(x.a_name.clone(), x.a_id.clone()),
                Cell::org(x.b_name.clone(), x.b_id.clone()),
                Cell::text(new_tie_reason(x, l)),
            ]
        })
        .collect();
    // Two lists: those whose loss cuts organizations off, then the strongest bridges that cut
    // no one off (one list of both read as if every one cut someone off).
    let cutting_rows = broker_rows(s.cutting_brokers(), &rel, l, true);
    let bridge_rows = broker_rows(s.critical_brokers.iter().filter(|b| b.cut_off == 0), &rel, l, false);
    let bridges = bridge_rows.len();
    let table = move |id: String, caption: String, columns: Vec<Column>, rows: TableRows| {
        if rows.is_empty() {
            view! { <p class="note"><strong>{caption}</strong>{crate::i18n::colon(l)}{t(l, "cultivate.none")}</p> }.into_any()
        } else {
            view! { <DataTable id=id caption=caption columns=columns rows=rows/> }.into_any()
        }
    };
    let intro_count = s.introductions.len();
    let picker_above = rel.result().analysis.report.network.relations.len() > 1;
    let listed = brokers_listed(s, rel.graph.cut_vertices, l);
    let brokers_title = crate::findings::anchor::brokers(&key);
    let brokers_label = brokers_title.clone();
    view! {
        <section class="cultivate" data-testid="cultivate" data-key=key.clone()>
            // Named by the relation picker right above when there are several: the heading
            // stays for screen readers only (it read "全部关系合并" twice in a row).
            <h3 class:visually-hidden=picker_above>{relation_label(&rel.result().analysis.report, &rel.key, l)}</h3>
            <p class="note">{t(l, "cultivate.intro")}</p>
            // Which network the communities named below (brokers', introductions') come from.
            {crate::labels::communities_source(&rel.result().analysis.report, &rel.key, l)
                .map(|s| view! { <p class="note" data-testid="communities-source">{s}</p> })}
            {rules(l)}
            // The brokers first: a short list a coordinator acts on, with plain column names
            // and their definitions one click away (the table's help).
            <section class="cult-part" aria-labelledby=brokers_label data-testid="cultivate-brokers">
                <h4 id=brokers_title>{t(l, "cultivate.brokers")}</h4>
                <p class="note">{t(l, "cultivate.brokers_intro")}{listed}</p>
                {table(format!("brokers-{key}"), t(l, "cultivate.brokers"), broker_columns(l, true), cutting_rows.into())}
                {(bridges > 0).then(|| view! {
                    <h5 data-testid="cultivate-bridges">{t(l, "cultivate.bridges")}</h5>
                    <p class="note">{tf(l, "cultivate.brokers_bridges", &[("n", bridges.to_string())])}</p>
                    <DataTable id=format!("bridges-{key}") caption=t(l, "cultivate.bridges") columns=broker_columns(l, false) rows=TableRows::from(bridge_rows)/>
                })}
            </section>
            <section class="cult-part" data-testid="cultivate-new-ties">
                <h4 id=crate::findings::anchor::new_ties(&key)>{t(l, "cultivate.new_ties")}</h4>
                {table(
                    format!("new-ties-{key}"),
                    t(l, "cultivate.new_ties"),
                    vec![Column::text(t(l, "cultivate.tie_a")), Column::text(t(l, "cultivate.tie_b")), Column::text(t(l, "cultivate.reason")).unsorted()],
                    tie_rows.into(),
                )}
                // How distances were found, only beside ties suggested from them.
                {(s.distances_sampled && !s.new_ties.is_empty()).then(|| view! { <p class="note">{t(l, "cultivate.sampled")}</p> })}
            </section>
            // The best introductions first (ranked in `joint::cultivate`), in view; all of
            // them — one or three per organization, hundreds in all — folded under their
            // count, so that they do not push everything else ten screens down.
            {(intro_count > 0).then(|| top_introductions(&rel, &key, l))}
            <details class="fold cult-part" data-testid=format!("fold-introductions-{key}")>
                <summary>
                    <h4>{t(l, "cultivate.introductions")}</h4>
                    <span class="fold-summary">{fold_summary(&rel, l)}</span>
                </summary>
                {(!s.introductions.is_empty()).then(|| intro_filter(&rel, query, spread, l))}
                {
                    let (rel, key) = (rel.clone(), key.clone());
                    move || {
                        let rows = IntroRows::new(rel.clone(), lang, &query.get(), spread.get());
                        let empty = (rows.len() == 0 && rows.searched).then(|| {
                            let q = query.get_untracked().trim().to_string();
                            view! { <p class="note" data-testid="introductions-none">{tf(l, "cultivate.filter_none", &[("q", q)])}</p> }
                        });
                        let table = table(
                            format!("introductions-{key}"),
                            t(l, "cultivate.introductions"),
                            vec![Column::text(t(l, "cultivate.org")), Column::text(t(l, "cultivate.suggested")), Column::text(t(l, "cultivate.reason")).unsorted()],
                            TableRows::lazy(rows),
                        );
                        match empty {
                            Some(p) => p.into_any(),
                            None => table,
                        }
                    }
                }
            </details>
        </section>
    }
}

/// Which key brokers the first list holds, after its introduction: how many of the network's
/// cut vertices (those the network view counts) it names. A cut vertex that cuts off only
/// names pending review, or beyond the five, is not listed.
fn brokers_listed(s: &crate::report::Suggestions, cut_vertices: usize, l: Lang) -> Option<String> {
    let cutting = s.cutting_brokers().count();
    (cut_vertices > cutting && cutting > 0).then(|| {
        let found = s.cutting_brokers_found.max(cutting);
        let counts = [
            ("count", cut_vertices.to_string()),
            ("found", found.to_string()),
            ("shown", cutting.to_string()),
        ];
        format!("{}{}", crate::i18n::space(l), tf(l, "cultivate.brokers_listed", &counts))
    })
}

/// A broker's bridging (betweenness) in three decimals, "< 0.001" when positive but smaller:
/// at 5,000 organizations a cut vertex holding one leaf read "0.000", as if it bridged none.
fn bridging(b: Option<f64>, l: Lang) -> String {
    match b {
        Some(x) if x > 0.0 && x < 0.0005 => format!("< {}", num(Some(0.001), 3, l)),
        _ => num(b, 3, l),
    }
}

/// The key brokers' columns: name, organizations cut off (`cutting`: the first list; the
/// bridges cut off none), bridging, efficiency and the reason.
fn broker_columns(l: Lang, cutting: bool) -> Vec<Column> {
    let mut columns = vec![Column::text(t(l, "cultivate.org"))];
    if cutting {
        columns.push(Column::metric(l, "cultivate.cut_off"));
    }
    columns.extend([
        Column::metric(l, "cultivate.bridging"),
        Column::metric(l, "cultivate.efficiency"),
        Column::text(t(l, "cultivate.reason")).unsorted(),
    ]);
    columns
}

/// The rows of [`broker_columns`] for `brokers`.
fn broker_rows<'a>(
    brokers: impl Iterator<Item = &'a crate::report::CriticalBroker>,
    rel: &SharedRelation,
    l: Lang,
    cutting: bool,
) -> Vec<Vec<Cell>> {
    brokers
        .map(|b| {
            let mut row = vec![Cell::org(b.name.clone(), b.id.clone())];
            if cutting {
                row.push(Cell::num(b.cut_off.to_string(), Some(b.cut_off as f64)));
            }
            row.extend([
                Cell::num(bridging(b.betweenness, l), b.betweenness),
                Cell::num(num(b.efficiency, 2, l), b.efficiency),
                Cell::text(broker_reason(b, rel, l)),
            ]);
            row
        })
        .collect()
}

/// The best-ranked introductions, in view before the fold that holds the others: at most
/// two per organization (`joint::cultivate::top_introductions`), and a line naming the
/// partners most introductions go to when they pile onto a few.
fn top_introductions(rel: &SharedRelation, key: &str, l: Lang) -> impl IntoView + use<> {
    let top = IntroRows { order: top_order(rel), ..IntroRows::new(rel.clone(), l, "", false) };
    let title = tf(l, "cultivate.top_introductions", &[("n", top.len().to_string())]);
    let columns = vec![
        Column::text(t(l, "cultivate.org")),
        Column::text(t(l, "cultivate.suggested")),
        Column::text(t(l, "cultivate.reason")).unsorted(),
    ];
    let per = crate::joint::cultivate::TOP_PER_ORGANIZATION.to_string();
    let concentrated = rel.suggestions.as_ref().and_then(|s| crate::export::text::concentration(s, rel, l));
    view! {
        <section class="cult-part" data-testid="cultivate-top-introductions">
            <h4 id=crate::findings::anchor::introductions(key)>{title.clone()}</h4>
            <p class="note">{t(l, "cultivate.top_introductions_intro")} " " {tf(l, "cultivate.top_cap", &[("per", per)])}</p>
            {concentrated.map(|c| view! { <p class="note" data-testid="introductions-concentrated">{c}</p> })}
            <DataTable id=format!("top-introductions-{key}") caption=title columns=columns rows=TableRows::lazy(top)/>
        </section>
    }
}

/// The introductions shown first (indices, best first): the report's, or for a report saved
/// before it kept them, chosen by the same rule.
fn top_order(rel: &SharedRelation) -> Vec<u32> {
    use crate::joint::cultivate::{TOP_INTRODUCTIONS, TOP_PER_ORGANIZATION, top_introductions};
    let Some(s) = rel.suggestions.as_ref() else { return Vec::new() };
    let top = if s.top.is_empty() {
        top_introductions(&s.introductions, TOP_INTRODUCTIONS, TOP_PER_ORGANIZATION)
    } else {
        s.top.clone()
    };
    top.into_iter().map(|i| i as u32).collect()
}

/// What the fold of the full list holds: the introductions after those shown first.
fn fold_summary(rel: &SharedRelation, l: Lang) -> String {
    let n = rel.suggestions.as_ref().map_or(0, |s| s.introductions.len());
    let top = top_order(rel).len();
    if top == 0 {
        return tf(l, "cultivate.introductions_summary", &[("n", n.to_string())]);
    }
    let args = [("rest", (n - top.min(n)).to_string()), ("n", n.to_string()), ("top", top.to_string())];
    tf(l, "cultivate.introductions_rest_summary", &args)
}

/// The search box that keeps only the introductions of one organization (either side of
/// them), with the organizations' names to pick from and a count of the rows kept.
fn intro_filter(
    rel: &SharedRelation,
    query: RwSignal<String>,
    spread: RwSignal<bool>,
    l: Lang,
) -> impl IntoView + use<> {
    let intros = rel.suggestions.as_ref().map_or(&[][..], |s| &s.introductions[..]);
    let total = intros.len();
    let list_id = format!("intro-names-{}", rel.key);
    let options = crate::joint::cultivate::names_to_pick(intros, ORG_SELECT_MAX)
        .map(|names| options_html(names.iter().map(|n| (n.to_string(), "")), None));
    let list = options.as_ref().map(|_| list_id.clone());
    let datalist = options.map(|html| view! { <datalist id=list_id inner_html=html></datalist> });
    let counter = rel.clone();
    // Named, because an organization's page counts its introductions in every relation.
    let relation = relation_label(&rel.result().analysis.report, &rel.key, l);
    let count = move || {
        let q = query.get();
        let rows = IntroRows::new(counter.clone(), l, &q, false);
        let kept = rows.searched.then_some(rows.order.len())?;
        Some(tf(
            l,
            "cultivate.filter_count",
            &[
                ("n", kept.to_string()),
                ("total", total.to_string()),
                ("q", q.trim().to_string()),
                ("relation", relation.clone()),
            ],
        ))
    };
    view! {
        <OwnForm>
            <label class="inline">{t(l, "cultivate.filter")} " "
                <input type="search" class="search" data-testid="introductions-filter" autocomplete="off"
                    list=list
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            </label>
        </OwnForm>
        {datalist}
        <p class="muted" role="status" data-testid="introductions-count">{count}</p>
        <label class="inline">
            <input type="checkbox" data-testid="introductions-spread" prop:checked=move || spread.get()
                on:change=move |ev| spread.set(event_target_checked(&ev))/>
            " " {tf(l, "cultivate.spread", &[("n", crate::joint::cultivate::SPREAD_PER_PARTNER.to_string())])}
        </label>
    }
}

/// The introductions table, whose reasons (sentences built from the network and capacity
/// numbers) are written only for the rows on the shown page: those after the ones shown first,
/// or, with a search, every introduction of the organizations whose name holds it (to them or
/// suggesting them).
struct IntroRows {
    rel: SharedRelation,
    lang: Lang,
    /// The introductions shown, in their order (indices into the relation's introductions).
    order: Vec<u32>,
    /// Kept by a search.
    searched: bool,
}

impl IntroRows {
    /// `spread`: without a search, at most [`crate::joint::cultivate::SPREAD_PER_PARTNER`]
    /// suggestions of each partner.
    fn new(rel: SharedRelation, lang: Lang, query: &str, spread: bool) -> Self {
        let intros = rel.suggestions.as_ref().map_or(&[][..], |s| &s.introductions[..]);
        let (order, searched) = match NameQuery::new(query) {
            Some(q) => {
                let kept = (0..intros.len() as u32).filter(|&k| {
                    let i = &intros[k as usize];
                    q.matches(&i.name, &i.id) || q.matches(&i.to_name, &i.to_id)
                });
                (kept.collect(), true)
            }
            None if spread => {
                let top: Vec<usize> = top_order(&rel).into_iter().map(|k| k as usize).collect();
                let per = crate::joint::cultivate::SPREAD_PER_PARTNER;
                let kept = crate::joint::cultivate::spread_introductions(intros, &top, per);
                (kept.into_iter().map(|k| k as u32).collect(), false)
            }
            None => {
                // The ones shown first are not repeated.
                let mut shown = vec![false; intros.len()];
                for k in top_order(&rel) {
                    if let Some(s) = shown.get_mut(k as usize) {
                        *s = true;
                    }
                }
                ((0..intros.len() as u32).filter(|k| !shown[*k as usize]).collect(), false)
            }
        };
        IntroRows { rel, lang, order, searched }
    }

    fn introductions(&self) -> &[crate::report::Introduction] {
        self.rel.suggestions.as_ref().map_or(&[], |s| &s.introductions)
    }

    /// The introduction shown in row `row`.
    fn get(&self, row: usize) -> Option<&crate::report::Introduction> {
        self.introductions().get(*self.order.get(row)? as usize)
    }
}

impl RowSource for IntroRows {
    fn len(&self) -> usize {
        self.order.len()
    }

    fn cell(&self, row: usize, col: usize) -> Cell {
        let Some(i) = self.get(row) else { return Cell::text("") };
        match col {
            0 => Cell::org(i.name.clone(), i.id.clone()),
            1 => Cell::org(i.to_name.clone(), i.to_id.clone()),
            _ => Cell::text(introduction_reason(
                i,
                &self.rel,
                &self.rel.result().analysis.report.capacity,
                self.lang,
            )),
        }
    }

    /// Names and reasons are never "not defined".
    fn undefined_columns(&self, columns: usize, _undefined: &[String]) -> Vec<bool> {
        vec![false; columns]
    }
}
