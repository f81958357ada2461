//! "Growing the community": introductions per organization, new ties for the coordinator and
//! critical brokers, each with its plain-language reason (rules in `joint::cultivate`).

use leptos::prelude::*;

use crate::export::text::{broker_reason, introduction_reason, new_tie_reason};
use crate::i18n::{Lang, t};
use crate::labels::relation_label;
use crate::report::format::num;
use crate::ui::state::SharedRelation;
use crate::ui::state::use_app_state;
use crate::ui::views::picker::{LabelledSelect, index_select};
use crate::ui::views::table::{Cell, Column, DataTable, RowSource, TableRows};

/// The cultivate view: the suggestions of one relation at a time, all relations combined (or
/// the one with the most ties) first, as the overview's findings speak of it.
#[component]
pub fn CultivateSection() -> impl IntoView {
    let state = use_app_state();
    let picked = RwSignal::new(0usize);
    // Each new result starts on its main relation.
    Effect::new(move || {
        let main = state.result.with(|r| {
            let report = &r.as_ref()?.analysis.report;
            let key = &crate::findings::main_relation(report)?.key;
            report.network.relations.iter().position(|x| x.key == *key)
        });
        picked.set(main.unwrap_or(0));
    });
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
    let intro_rows = TableRows::lazy(IntroRows { rel: rel.clone(), lang });
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
    let broker_rows: Vec<Vec<Cell>> = s
        .critical_brokers
        .iter()
        .map(|b| {
            vec![
                Cell::org(b.name.clone(), b.id.clone()),
                Cell::num(b.cut_off.to_string(), Some(b.cut_off as f64)),
                Cell::num(num(b.betweenness, 3, l), b.betweenness),
                Cell::num(num(b.efficiency, 2, l), b.efficiency),
                Cell::text(broker_reason(b, l)),
            ]
        })
        .collect();
    let table = |id: String, caption: String, columns: Vec<Column>, rows: TableRows, tall: bool| {
        if rows.is_empty() {
            view! { <p class="note"><strong>{caption}</strong>": " {t(l, "cultivate.none")}</p> }.into_any()
        } else {
            view! { <DataTable id=id caption=caption columns=columns rows=rows tall=tall/> }.into_any()
        }
    };
    view! {
        <section class="cultivate" data-testid="cultivate" data-key=key.clone()>
            <h3>{relation_label(&rel.result().analysis.report, &rel.key, l)}</h3>
            <p class="note">{t(l, "cultivate.intro")}</p>
            {table(
                format!("introductions-{key}"),
                t(l, "cultivate.introductions"),
                vec![Column::text(t(l, "cultivate.org")), Column::text(t(l, "cultivate.suggested")), Column::text(t(l, "cultivate.reason"))],
                intro_rows,
                true,
            )}
            {table(
                format!("new-ties-{key}"),
                t(l, "cultivate.new_ties"),
                vec![Column::text(t(l, "cultivate.tie_a")), Column::text(t(l, "cultivate.tie_b")), Column::text(t(l, "cultivate.reason"))],
                tie_rows.into(),
                false,
            )}
            {s.distances_sampled.then(|| view! { <p class="note">{t(l, "cultivate.sampled")}</p> })}
            {table(
                format!("brokers-{key}"),
                t(l, "cultivate.brokers"),
                vec![
                    Column::text(t(l, "cultivate.org")),
                    Column::metric(l, "cultivate.cut_off"),
                    Column::metric(l, "network.betweenness"),
                    Column::metric(l, "cultivate.efficiency"),
                    Column::text(t(l, "cultivate.reason")),
                ],
                broker_rows.into(),
                false,
            )}
        </section>
    }
}

/// The introductions table, whose reasons (sentences built from the network and capacity
/// numbers) are written only for the rows on the shown page.
struct IntroRows {
    rel: SharedRelation,
    lang: Lang,
}

impl IntroRows {
    fn introductions(&self) -> &[crate::report::Introduction] {
        self.rel.suggestions.as_ref().map_or(&[], |s| &s.introductions)
    }
}

impl RowSource for IntroRows {
    fn len(&self) -> usize {
        self.introductions().len()
    }

    fn cell(&self, row: usize, col: usize) -> Cell {
        let Some(i) = self.introductions().get(row) else { return Cell::text("") };
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
