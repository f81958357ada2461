//! An organization's own change across survey rounds, on its page: whether it answered both
//! compared rounds, its scores per dimension and index in each round with the change and
//! whether it is reliable, and per relation how often it was named and the partners it gained
//! or lost. The numbers are the rounds' (`organization::own_change` reads report `waves`).

use std::fmt::Write as _;

use crate::export::change_tables::signed;
use crate::i18n::{Lang, t, tf};
use crate::labels::{dimension_label, join_names, relation_label};
use crate::markup::escape;
use crate::organization::{OwnChange, OwnTies, own_change};
use crate::report::Report;
use crate::report::format::num;

/// The section, or nothing with one round (or for an organization in no compared round).
pub fn org_rounds_html(report: &Report, name: &str, l: Lang) -> String {
    let Some(c) = own_change(report, name) else { return String::new() };
    let (from, to) = (c.labels[c.from].clone(), c.labels[c.to].clone());
    let mut html = format!(
        "<section class=\"org-change\" data-testid=\"org-change\"><h3>{}</h3>",
        escape(&tf(l, "org.change_title", &[("from", from.clone()), ("to", to.clone())]))
    );
    if !c.in_both {
        let text = tf(l, "org.change_only_later", &[("from", from), ("to", to)]);
        let _ = write!(html, "<p data-testid=\"org-change-presence\">{}</p></section>", escape(&text));
        return html;
    }
    let text = tf(l, "org.change_both", &[("from", from), ("to", to)]);
    let _ = write!(html, "<p data-testid=\"org-change-presence\">{}</p>", escape(&text));
    html.push_str(&scores_table(report, &c, l));
    html.push_str("<ul class=\"org-change-ties\">");
    for r in &c.relations {
        let _ = write!(html, "<li data-testid=\"org-change-ties\">{}</li>", escape(&ties_line(report, r, l)));
    }
    let _ = write!(html, "</ul><p class=\"muted\">{}</p></section>", escape(&t(l, "org.change_ties_note")));
    html
}

/// Its score per dimension, then its index, in each round, the change and whether reliable.
fn scores_table(report: &Report, c: &OwnChange, l: Lang) -> String {
    let Some(o) = c.capacity else {
        return format!("<p class=\"muted\">{}</p>", escape(&t(l, "org.change_unscored")));
    };
    let th = |x: &str| format!("<th scope=\"col\">{}</th>", escape(x));
    let mut html = format!(
        "<div class=\"table-wrap\"><table class=\"data cards\" data-testid=\"org-change-scores\"><caption>{}</caption><thead><tr>{}",
        escape(&t(l, "org.change_scores")),
        th(&t(l, "capacity.dimension"))
    );
    let mut headers: Vec<String> = c.labels.to_vec();
    headers.extend([t(l, "change.change"), t(l, "change.reliable")]);
    for h in &headers {
        html.push_str(&th(h));
    }
    html.push_str("</tr></thead><tbody>");
    let mut row = |label: String, scores: &[Option<f64>], change: Option<f64>, reliable: String, digits| {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", escape(&label));
        let cells = scores.iter().map(|x| num(*x, digits, l)).chain([signed(change, digits, l), reliable]);
        for (text, h) in cells.zip(&headers) {
            let _ = write!(html, "<td class=\"num\" data-label=\"{}\">{}</td>", escape(h), escape(&text));
        }
        html.push_str("</tr>");
    };
    for d in &report.capacity.dimensions {
        let Some(x) = o.dimensions.get(d.key.as_str()) else { continue };
        let reliable = t(l, &format!("change.reliable_{}", x.reliable.as_deref().unwrap_or("undefined")));
        row(dimension_label(report, &d.key, l), &x.scores, x.change, reliable, 2);
    }
    row(t(l, "capacity.index"), &o.index, o.change, String::new(), 1);
    html.push_str("</tbody></table></div>");
    html
}

/// One relation: how often it was named in each compared round, and the partners it gained
/// and lost among the organizations that answered both rounds.
fn ties_line(report: &Report, r: &OwnTies, l: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(n) = r.node {
        let count = |x: Option<&Option<usize>>| {
            x.copied().flatten().map_or_else(|| t(l, "common.undefined"), |k| k.to_string())
        };
        let (first, last) = (count(n.in_degree_per_wave.first()), count(n.in_degree_per_wave.last()));
        parts.push(tf(l, "org.change_named", &[("before", first), ("after", last)]));
    }
    if r.ties_known {
        if r.added.is_empty() && r.dropped.is_empty() {
            parts.push(t(l, "org.change_ties_same"));
        }
        let names = |v: &[&str]| join_names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>(), l);
        if !r.added.is_empty() {
            parts.push(tf(l, "org.change_added", &[("names", names(&r.added))]));
        }
        if !r.dropped.is_empty() {
            parts.push(tf(l, "org.change_dropped", &[("names", names(&r.dropped))]));
        }
    }
    if parts.is_empty() {
        parts.push(t(l, "org.not_in_network"));
    }
    let sep = if l.is_zh() { "；" } else { "; " };
    tf(
        l,
        "org.change_relation",
        &[("relation", relation_label(report, r.relation, l)), ("text", parts.join(sep))],
    )
}
