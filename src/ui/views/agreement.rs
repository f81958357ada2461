//! Several respondents per organization, shown: the capacity view's table of each
//! organization's agreement rwg(j) per dimension (where the notes point) and its words on low
//! or negative ICCs; an organization page's table of each respondent's own dimension scores
//! beside the combined score, so that the answers a disagreement note asks to compare are there.

use leptos::prelude::*;

use crate::i18n::{Lang, t, tf};
use crate::labels::{dimension_label, join_names};
use crate::markup::escape;
use crate::report::format::num;
use crate::report::{AGREEMENT_MIN, CapacityReport, OrgCapacity, Report};
use crate::ui::views::table::{Cell, Column, DataTable};

/// ICC(1) below which the organization explains little of a respondent's score: the words
/// on negative or near-zero ICCs are shown.
pub const ICC_LOW: f64 = 0.05;

/// A respondent's name in a table: its own attributes (e.g. a job title) when it has them,
/// always with its number (two respondents may share a title).
pub fn respondent_label(n: usize, label: Option<&str>, l: Lang) -> String {
    match label {
        Some(label) => {
            tf(l, "org.respondent_labelled", &[("n", n.to_string()), ("label", label.to_string())])
        }
        None => tf(l, "org.respondent_n", &[("n", n.to_string())]),
    }
}

/// An rwg(j) in words: the number, flagged below [`AGREEMENT_MIN`].
fn rwg_text(r: Option<f64>, l: Lang) -> String {
    let text = num(r, 2, l);
    if r.is_some_and(|r| r < AGREEMENT_MIN) {
        crate::i18n::aside(l, &text, &t(l, "capacity.disagree"))
    } else {
        text
    }
}

/// The dimensions whose ICC(1) is negative or near zero, explained in words; `None` when none.
pub fn icc_note(r: &Report, l: Lang) -> Option<String> {
    let low: Vec<String> = r
        .capacity
        .dimensions
        .iter()
        .filter(|d| d.icc1.is_some_and(|x| x < ICC_LOW))
        .map(|d| {
            let (label, value) = (dimension_label(r, &d.key, l), num(d.icc1, 2, l));
            if l.is_zh() { format!("{label}（{value}）") } else { format!("{label} ({value})") }
        })
        .collect();
    (!low.is_empty()).then(|| tf(l, "capacity.icc_low", &[("dims", join_names(&low, l))]))
}

/// Every organization answered by several respondents with its rwg(j) per dimension, the
/// least agreeing first; nothing when every organization has one respondent.
#[component]
pub fn AgreementTable(result: std::sync::Arc<crate::ui::state::PageResult>, lang: Lang) -> impl IntoView {
    let l = lang;
    let report = &result.analysis.report;
    let cap: &CapacityReport = &report.capacity;
    let mut orgs: Vec<&OrgCapacity> = cap.organizations.iter().filter(|o| o.respondents > 1).collect();
    if orgs.is_empty() {
        return None;
    }
    let lowest = |o: &OrgCapacity| o.agreement.iter().filter_map(|(_, v)| *v).reduce(f64::min);
    orgs.sort_by(|a, b| lowest(a).unwrap_or(f64::INFINITY).total_cmp(&lowest(b).unwrap_or(f64::INFINITY)));
    let mut columns = vec![Column::text(t(l, "capacity.org")), Column::num(t(l, "capacity.respondents"))];
    columns.extend(cap.dimensions.iter().map(|d| Column::num(dimension_label(report, &d.key, l))));
    let rows: Vec<Vec<Cell>> = orgs
        .iter()
        .map(|o| {
            let mut row = vec![
                Cell::org(o.name.clone(), o.id.clone()),
                Cell::num(o.respondents.to_string(), Some(o.respondents as f64)),
            ];
            row.extend(cap.dimensions.iter().map(|d| {
                let v = o.agreement.get(d.key.as_str()).copied().flatten();
                Cell::num(rwg_text(v, l), v)
            }));
            row
        })
        .collect();
    Some(view! {
        <section aria-labelledby="agreement-title" data-testid="agreement">
            <h3 id="agreement-title">{t(l, "capacity.agreement_title")}</h3>
            <p class="note">{tf(l, "capacity.agreement_intro", &[("cutoff", format!("{AGREEMENT_MIN:.2}"))])}</p>
            <DataTable id="agreement" caption=t(l, "capacity.agreement_title") columns=columns rows=rows row_testid="agreement-row"/>
        </section>
    })
}

/// An organization's respondents' own dimension scores beside its combined score, one row
/// per dimension (a card per dimension on a phone); empty with one respondent.
pub fn respondents_html(report: &Report, o: &OrgCapacity, l: Lang) -> String {
    use std::fmt::Write as _;
    if o.by_respondent.len() < 2 {
        return String::new();
    }
    let names: Vec<String> = o
        .by_respondent
        .iter()
        .enumerate()
        .map(|(i, r)| respondent_label(i + 1, r.label.as_deref(), l))
        .collect();
    let combined = t(l, "org.combined");
    let mut html = format!(
        "<div class=\"table-wrap\"><table class=\"cards\" data-testid=\"org-by-respondent\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        escape(&t(l, "org.by_respondent")),
        escape(&t(l, "capacity.dimension")),
        escape(&combined)
    );
    for n in &names {
        let _ = write!(html, "<th scope=\"col\">{}</th>", escape(n));
    }
    html.push_str("</tr></thead><tbody>");
    for d in &report.capacity.dimensions {
        let cell = |label: &str, v: Option<f64>| {
            format!("<td class=\"num\" data-label=\"{}\">{}</td>", escape(label), escape(&num(v, 2, l)))
        };
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th>{}",
            escape(&dimension_label(report, &d.key, l)),
            cell(&combined, o.scores.get(d.key.as_str()).copied().flatten())
        );
        for (n, r) in names.iter().zip(&o.by_respondent) {
            html.push_str(&cell(n, r.scores.get(d.key.as_str()).copied().flatten()));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    html
}
