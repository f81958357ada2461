//! The organizations view: find an organization (any part of its name, in Chinese or Latin
//! letters) or pick it from a list, and read its page — scores against the sample and its
//! group, radar, percentile, strengths and gaps, stage, its position in each network in words
//! and ranks, its partners, the introductions suggested for it and why, and its feedback
//! profile to download — above the table of every organization. A click on an organization's
//! name anywhere on the page opens its page here (see `ui::nav`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::{Lang, t, tf};
use crate::labels::{NameQuery, dimension_label, join_names, relation_label};
use crate::markup::escape;
use crate::organization::{OrgPage, Position, partners, suggested_partners};
use crate::report::format::num;
use crate::route::View;
use crate::ui::nav::navigate;
use crate::ui::state::{PageResult, use_app_state};
use crate::ui::views::capacity::OrganizationsTable;
use crate::ui::views::charts::{ORG_SELECT_MAX, radar_figure};
use crate::ui::views::picker::{OwnForm, options_html};

/// Matches listed under the search box, at most.
const MATCHES_SHOWN: usize = 20;

/// An organization that can be looked up: id, name, the name's comparison key, and whether it
/// answered the survey (else only partners named it).
struct Entry {
    id: String,
    name: String,
    key: String,
    respondent: bool,
}

impl Entry {
    /// The name as listed: a partner that did not answer is marked so.
    fn label(&self, l: Lang) -> String {
        if self.respondent {
            self.name.clone()
        } else {
            tf(l, "org.not_answered", &[("name", self.name.clone())])
        }
    }
}

/// Every organization of a result — respondents by name, then the partners named by them who
/// did not answer, by name.
fn entries(r: &PageResult) -> Vec<Entry> {
    let report = &r.analysis.report;
    let mut seen = rustc_hash::FxHashSet::default();
    seen.reserve(report.capacity.organizations.len());
    let mut out = Vec::new();
    let respondents = report.capacity.organizations.iter().map(|o| (&o.id, &o.name, true));
    let nodes = report.network.relations.iter().flat_map(|rel| rel.nodes.iter());
    let answered: rustc_hash::FxHashSet<&str> =
        nodes.clone().filter(|n| n.respondent).map(|n| n.id.as_str()).collect();
    let partners = nodes.map(|n| (&n.id, &n.name, answered.contains(n.id.as_str())));
    for (id, name, respondent) in respondents.chain(partners) {
        if seen.insert(id.as_str()) {
            out.push(Entry {
                id: id.clone(),
                name: name.clone(),
                key: crate::labels::search_key(name),
                respondent,
            });
        }
    }
    out.sort_by(|a, b| b.respondent.cmp(&a.respondent).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The picker's options: respondents, then (in a group of their own, each marked) the partners
/// who did not answer; `current` selected.
fn picker_html(all: &[Entry], current: Option<&str>, l: Lang) -> String {
    use std::fmt::Write as _;
    let mut html = format!("<option value=\"\">{}</option>", escape(&t(l, "org.choose")));
    let split = all.iter().position(|e| !e.respondent).unwrap_or(all.len());
    let (answered, named) = all.split_at(split);
    let labels: Vec<String> = named.iter().map(|e| e.label(l)).collect();
    html.push_str(&options_html(answered.iter().map(|e| (e.id.clone(), e.name.as_str())), current));
    if !named.is_empty() {
        let _ = write!(html, "<optgroup label=\"{}\">", escape(&t(l, "org.group_not_answered")));
        html.push_str(&options_html(
            named.iter().zip(&labels).map(|(e, x)| (e.id.clone(), x.as_str())),
            current,
        ));
        html.push_str("</optgroup>");
    }
    html
}

/// The finder's organizations ([`entries`]), made on first use: for a million organizations
/// that took 1.4 s of the page's main thread when the view was shown (e2e/bench.mjs, session
/// 22), and most visits never search. Made at once when the picker lists them.
struct Finder {
    result: Arc<PageResult>,
    entries: std::sync::OnceLock<Vec<Entry>>,
}

impl Finder {
    fn entries(&self) -> &[Entry] {
        self.entries.get_or_init(|| entries(&self.result))
    }

    /// At most this many organizations (respondents and the partners they named).
    fn most(&self) -> usize {
        let report = &self.result.analysis.report;
        let named = report.network.relations.iter().map(|rel| rel.nodes.len()).sum::<usize>();
        report.capacity.organizations.len() + named
    }

    /// Whether the picker lists them: at most [`ORG_SELECT_MAX`] (known without making them
    /// when there are certainly fewer or more).
    fn picker_lists(&self) -> bool {
        let respondents = self.result.analysis.report.capacity.organizations.len();
        respondents <= ORG_SELECT_MAX
            && (self.most() <= ORG_SELECT_MAX || self.entries().len() <= ORG_SELECT_MAX)
    }
}

/// The finder, the open organization's page and the table of all organizations.
#[component]
pub fn OrganizationsView() -> impl IntoView {
    let state = use_app_state();
    let query = RwSignal::new(String::new());
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        let all = Arc::new(Finder { result: r.clone(), entries: std::sync::OnceLock::new() });
        let found = {
            let all = all.clone();
            move || {
                let q = query.get();
                let nq = NameQuery::new(&q)?;
                let id = q.trim();
                let hits: Vec<&Entry> =
                    all.entries().iter().filter(|e| nq.matches_key(&e.key) || e.id == id).collect();
                let shown = hits
                    .iter()
                    .take(MATCHES_SHOWN)
                    .map(|e| {
                        view! {
                            <li><button type="button" class="link org-link" data-testid="org-match" data-org=e.id.clone()>{e.label(l)}</button></li>
                        }
                    })
                    .collect_view();
                let count = if hits.is_empty() {
                    tf(l, "org.no_match", &[("q", q.trim().to_string())])
                } else {
                    tf(l, "org.matches", &[("n", hits.len().to_string())])
                };
                Some(view! {
                    <p class="muted" role="status" data-testid="org-match-count">{count}</p>
                    <ul class="org-matches">{shown}</ul>
                })
            }
        };
        // Enter (or leaving the field) opens the best match: an exact name or id, else the first
        // name containing the text.
        let first = all.clone();
        let on_change = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let entries = first.entries();
            let hit = crate::labels::find_name(&v, entries.iter().map(|e| (e.name.as_str(), e.id.as_str())));
            if let Some(e) = hit.and_then(|i| entries.get(i)) {
                navigate(state, state.route.with_untracked(|r| r.with_org(Some(e.id.clone()))));
            }
        };
        let picker = all.picker_lists().then(|| {
            let current = state.route.with_untracked(|r| r.org.clone());
            let html = picker_html(all.entries(), current.as_deref(), l);
            let on_pick = move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                if !v.is_empty() {
                    navigate(state, state.route.with_untracked(|r| r.with_org(Some(v))));
                }
            };
            view! {
                <OwnForm>
                    <label class="inline">{t(l, "org.pick")} " "
                        <select data-testid="org-select" on:change=on_pick inner_html=html
                            prop:value=move || state.route.with(|r| r.org.clone().unwrap_or_default())></select>
                    </label>
                </OwnForm>
            }
        });
        let shared = r.clone();
        let page = move || {
            let id =
                state.route.with(|r| (r.view == View::Organizations).then(|| r.org.clone()).flatten())?;
            let page = OrgPage::new(&shared.analysis.report, &id)?;
            Some(org_view(state, shared.clone(), page, l))
        };
        Some(view! {
            <section class="org-finder" aria-labelledby="org-title">
                <h2 id="org-title">{t(l, "org.title")}</h2>
                <OwnForm>
                    <label class="inline">{t(l, "org.search")} " "
                        <input type="search" class="search" data-testid="org-search" autocomplete="off"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev)) on:change=on_change/>
                    </label>
                </OwnForm>
                {picker}
                {found}
                <p class="muted">{t(l, "org.hint")}</p>
            </section>
            {page}
            <OrganizationsTable/>
        })
    }
}

/// One organization's page: its text and tables written as HTML in one piece (every name
/// escaped; a name marked `data-org` opens that organization's page, see `ui::nav`), around
/// the radar and the buttons. Built element by element, the page's view code was a twelfth of
/// the page's WebAssembly.
fn org_view(state: crate::ui::state::AppState, r: Arc<PageResult>, p: OrgPage, l: Lang) -> impl IntoView {
    let report = &r.analysis.report;
    let close = move |_| crate::ui::nav::close_org(state);
    let capacity = p.capacity.and_then(|i| Some((i, report.capacity.organizations.get(i)?)));
    let scores = capacity.map(|(i, o)| {
        view! {
            <div class="org-scores">
                <div inner_html=scores_html(report, &p, o, l)></div>
                {radar_figure(report, i, l)}
            </div>
        }
    });
    let change = match capacity {
        Some(_) => crate::ui::views::org_rounds::org_rounds_html(report, &p.name, l),
        None => String::new(),
    };
    let summary = match capacity {
        Some((_, o)) => summary_html(report, o, l),
        None => format!("<p class=\"note\">{}</p>", escape(&t(l, "org.not_respondent"))),
    };
    let profile = p.capacity.map(|i| {
        let r = r.clone();
        let download = move |_| {
            let r = r.clone();
            // The profile's words may still be on their way (`ui::lang`).
            crate::ui::lang::with_later_words(state.lang.get_untracked(), move || {
                let lang = state.lang.get_untracked();
                let names = state.settings.with_untracked(|s| s.profile_partner_names);
                let profiles = crate::export::profile::Profiles::new(&r.analysis, lang).partner_names(names);
                let name = r.analysis.report.capacity.organizations.get(i).map(|o| o.name.clone()).unwrap_or_default();
                let file = format!("profile_{}.html", crate::export::file_stem(&name));
                crate::ui::browser::download(&file, "text/html;charset=utf-8", profiles.page(i).as_bytes());
            })
        };
        view! {
            <p><button class="primary" data-testid="org-download-profile" on:click=download>{t(l, "org.download_profile")}</button></p>
        }
    });
    view! {
        <article class="org-view" data-testid="org-view" data-org-id=p.id.clone() aria-labelledby="org-view-title">
            <div class="org-head">
                <h2 id="org-view-title" data-testid="org-name">{p.name.clone()}</h2>
                <button class="link" data-testid="org-close" on:click=close>{t(l, "org.close")}</button>
            </div>
            <div inner_html=summary></div>
            {scores}
            <div inner_html=change></div>
            {profile}
            <div inner_html=network_html(&r, &p, l)></div>
        </article>
    }
}

/// A button with an organization's name that opens its page.
fn org_button(id: &str, name: &str) -> String {
    format!(
        "<button type=\"button\" class=\"link org-link\" data-org=\"{}\">{}</button>",
        escape(id),
        escape(name)
    )
}

/// Its index and percentiles in sentences, and its respondents when several answered (or fewer
/// than the minimum did).
fn summary_html(report: &crate::report::Report, o: &crate::report::OrgCapacity, l: Lang) -> String {
    let (sample, group) = crate::organization::index_standing(report, o, l);
    let mut html = format!(
        "<p data-testid=\"org-summary\">{}</p>",
        escape(&tf(l, "org.summary", &[("index", num(o.index, 1, l)), ("standing", sample)]))
    );
    if let (Some(g), Some(standing)) = (&o.group, group) {
        let text = tf(l, "org.group_summary", &[("group", g.to_string()), ("standing", standing)]);
        html.push_str(&format!("<p data-testid=\"org-group-summary\">{}</p>", escape(&text)));
    }
    let notes = crate::organization::RespondentNotes::new(report, o, l);
    if let Some(text) = notes.respondents {
        html.push_str(&format!("<p data-testid=\"org-respondents\">{}</p>", escape(&text)));
    }
    if let Some(text) = notes.few {
        html.push_str(&format!(
            "<p class=\"note warn\" data-testid=\"org-few-respondents\">{}</p>",
            escape(&text)
        ));
    }
    html
}

/// Its scores beside the medians, then its strengths, gaps and stage.
fn scores_html(
    report: &crate::report::Report,
    p: &OrgPage,
    o: &crate::report::OrgCapacity,
    l: Lang,
) -> String {
    use std::fmt::Write as _;
    let mut html = String::new();
    let th = |k: &str| format!("<th scope=\"col\">{}</th>", escape(&t(l, k)));
    let agreement = !o.agreement.is_empty();
    let _ = write!(
        html,
        "<div class=\"table-wrap\"><table class=\"scores\" data-testid=\"org-scores\"><caption>{}</caption><thead><tr>{}{}{}{}{}</tr></thead><tbody>",
        escape(&t(l, "org.own_scores")),
        th("capacity.dimension"),
        th("org.this"),
        th("chart.sample_median"),
        if p.group_shown { th("org.group_median") } else { String::new() },
        if agreement { th("org.agreement") } else { String::new() }
    );
    for s in &p.scores {
        let (label, digits) = match s.key.as_str() {
            "index" => (t(l, "capacity.index"), 1),
            k => (dimension_label(report, k, l), 2),
        };
        let td = |x: Option<f64>| format!("<td class=\"num\">{}</td>", escape(&num(x, digits, l)));
        let group = if p.group_shown { td(s.group) } else { String::new() };
        let rwg = if agreement { agreement_cell(o, &s.key, l) } else { String::new() };
        // Marked weak as in the organizations table (the dimensions its "weak on 2" counts),
        // beside the name, as one word: in the narrow number column of a phone it broke in two.
        let dim = report.capacity.dimensions.iter().position(|d| d.key == s.key);
        let weak = dim.is_some_and(|i| !crate::findings::weak_on(report, &[i], o).is_empty());
        let mark = if weak {
            let (text, _) = crate::findings::weak_cell(String::new(), std::slice::from_ref(&label), 1, l);
            format!("<span class=\"weak-mark\" data-testid=\"org-score-weak\">{}</span>", escape(&text))
        } else {
            String::new()
        };
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}{mark}</th>{}{}{group}{rwg}</tr>",
            escape(&label),
            td(s.own),
            td(s.sample)
        );
    }
    html.push_str("</tbody></table></div>");
    if let Some(text) = crate::organization::RespondentNotes::new(report, o, l).disagree {
        let _ = write!(html, "<p class=\"note warn\" data-testid=\"org-disagree\">{}</p>", escape(&text));
    }
    html.push_str(&crate::ui::views::agreement::respondents_html(report, o, l));
    let labels = |keys: &[crate::report::Key]| {
        let v: Vec<String> = keys.iter().map(|k| dimension_label(report, k, l)).collect();
        match (v.is_empty(), crate::organization::all_level(report, o)) {
            (true, true) => t(l, "capacity.all_level"),
            (true, false) => t(l, "common.undefined"),
            (false, _) => join_names(&v, l),
        }
    };
    let fact = |key: &str, id: &str, value: String| {
        format!("<div><dt>{}</dt><dd{id}>{}</dd></div>", escape(&t(l, key)), escape(&value))
    };
    html.push_str("<dl class=\"org-facts\">");
    let mut strengths = labels(&o.strengths);
    if crate::organization::strengths_below_median(report, o) {
        strengths.push_str(&t(l, "capacity.strengths_below_median"));
    }
    html.push_str(&fact("capacity.strengths", " data-testid=\"org-strengths\"", strengths));
    html.push_str(&fact("capacity.gaps", " data-testid=\"org-gaps\"", labels(&o.gaps)));
    if let Some(s) = &o.stage {
        // The stage's name, and what it means on a line of its own.
        let _ = write!(
            html,
            "<div><dt>{}</dt><dd data-testid=\"org-stage\">{}<span class=\"muted stage-about\">{}</span></dd></div>",
            escape(&t(l, "capacity.stage")),
            escape(&crate::labels::stage_label(s, l)),
            escape(&crate::labels::stage_about(s, l))
        );
    }
    html.push_str("</dl>");
    html
}

/// A dimension's rwg(j) cell, flagged in words below [`crate::report::AGREEMENT_MIN`]; empty
/// for the index row.
fn agreement_cell(o: &crate::report::OrgCapacity, key: &str, l: Lang) -> String {
    let r = o.agreement.get(key).copied().flatten();
    let mut text = if key == "index" { String::new() } else { num(r, 2, l) };
    if r.is_some_and(|r| r < crate::report::AGREEMENT_MIN) {
        text = crate::i18n::aside(l, &text, &t(l, "capacity.disagree"));
    }
    format!("<td class=\"num\">{}</td>", escape(&text))
}

/// Its place in each network in sentences with its partners there, then the introductions
/// suggested for it: whom to meet (a name that opens its page), why (the reason names the
/// organization first; the name stands for it here) and in which network.
fn network_html(r: &PageResult, p: &OrgPage, l: Lang) -> String {
    use std::fmt::Write as _;
    let report = &r.analysis.report;
    let mut html = format!("<h3>{}</h3>", escape(&t(l, "org.position")));
    for pos in &p.positions {
        let Some(rel) = report.network.relations.get(pos.relation) else { continue };
        let rel_label = relation_label(report, &rel.key, l);
        let Some(v) = pos.node else {
            let _ = write!(
                html,
                "<section class=\"org-position\"><h4>{}</h4><p class=\"muted\">{}</p></section>",
                escape(&rel_label),
                escape(&t(l, "org.not_in_network"))
            );
            continue;
        };
        let _ = write!(
            html,
            "<section class=\"org-position\" data-testid=\"org-position\"><h4>{}</h4><ul>",
            escape(&rel_label)
        );
        for line in position_lines(pos, rel, l) {
            let _ = write!(html, "<li>{}</li>", escape(&line));
        }
        html.push_str("</ul>");
        // Which network its community comes from (they differ between one relation and all
        // combined), in the words of the explorer's legend and the cultivate view.
        if let Some(source) = crate::labels::communities_source(report, &rel.key, l) {
            let _ =
                write!(html, "<p class=\"note\" data-testid=\"communities-source\">{}</p>", escape(&source));
        }
        let list = r.analysis.graphs.get(pos.relation).map(|g| partners(g, rel, v)).unwrap_or_default();
        if list.is_empty() {
            let _ = write!(html, "<p class=\"muted\">{}</p>", escape(&t(l, "org.no_partners")));
        } else {
            let summary =
                tf(l, "org.partners", &[("relation", rel_label.clone()), ("n", list.len().to_string())]);
            let _ =
                write!(html, "<details class=\"org-partners\"><summary>{}</summary><ul>", escape(&summary));
            for partner in list {
                let dir = match (partner.named, partner.named_by) {
                    (true, true) => t(l, "ego.mutual"),
                    (true, false) => t(l, "ego.names"),
                    _ => t(l, "ego.named_by"),
                };
                let _ = write!(
                    html,
                    "<li>{}</li>",
                    crate::i18n::aside(l, &org_button(&partner.id, &partner.name), &escape(&dir))
                );
            }
            html.push_str("</ul></details>");
        }
        html.push_str(&ratings_html(rel, v, &rel_label, l));
        html.push_str("</section>");
    }
    let _ = write!(html, "<h3>{}</h3>", escape(&t(l, "org.introductions")));
    html.push_str(&introductions_html(report, p, l));
    let others = crate::organization::suggested_to_others(report, &p.id);
    if others > 0 {
        let text = tf(l, "org.suggested_to_others", &[("n", others.to_string())]);
        let _ =
            write!(html, "<p class=\"muted\" data-testid=\"org-suggested-to-others\">{}</p>", escape(&text));
    }
    html
}

/// The introductions suggested for it, one entry per suggested partner: whom to meet (a name
/// that opens its page), why (the reason names the partner first; the name stands for it
/// here) and, on a muted line, in which networks.
fn introductions_html(report: &crate::report::Report, p: &OrgPage, l: Lang) -> String {
    use std::fmt::Write as _;
    let suggested = suggested_partners(report, p);
    if suggested.is_empty() {
        return format!("<p class=\"muted\">{}</p>", escape(&t(l, "org.no_introductions")));
    }
    let mut html = String::from("<ul class=\"org-intros\">");
    for s in &suggested {
        let _ = write!(html, "<li data-testid=\"org-introduction\">{}", org_button(s.id, s.name));
        // Chinese sets no space between the name and the sentence it begins.
        let sep = crate::i18n::space(l);
        for (k, (reason, rels)) in crate::export::text::partner_reasons(s, report, l).into_iter().enumerate()
        {
            // The first sentence follows the name, which stands for its subject.
            let why = match k {
                0 => reason.strip_prefix(s.name).map_or(reason.as_str(), str::trim_start),
                _ => reason.as_str(),
            };
            let sep = if k == 0 { sep } else { "" };
            let labels: Vec<String> = rels
                .iter()
                .filter_map(|k| report.network.relations.get(*k))
                .map(|rel| relation_label(report, &rel.key, l))
                .collect();
            let within = tf(l, "org.intro_relations", &[("relations", join_names(&labels, l))]);
            let _ = write!(
                html,
                "{sep}{}<span class=\"muted intro-relations\" data-testid=\"org-intro-relations\">{}</span>",
                escape(why),
                escape(&within)
            );
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    html
}

/// The mean ratings its ties received and gave in one relation, per tie dimension, with the
/// number of ratings; nothing without ratings.
fn ratings_html(rel: &crate::report::RelationReport, v: usize, rel_label: &str, l: Lang) -> String {
    use std::fmt::Write as _;
    let Some(node) = rel.nodes.get(v) else { return String::new() };
    if node.received.is_empty() && node.given.is_empty() {
        return String::new();
    }
    let cell = |m: &std::collections::BTreeMap<String, crate::report::MeanN>, k: &str| match m.get(k) {
        Some(x) => tf(l, "org.ratings_n", &[("mean", num(x.mean, 2, l)), ("n", x.n.to_string())]),
        None => t(l, "common.undefined"),
    };
    let mut html = format!(
        "<div class=\"table-wrap\"><table data-testid=\"org-ratings\"><caption>{}</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(&tf(l, "org.ratings", &[("relation", rel_label.to_string())])),
        escape(&t(l, "org.ratings_received")),
        escape(&t(l, "org.ratings_given"))
    );
    for d in &rel.tie_dimensions {
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th><td class=\"num nowrap\">{}</td><td class=\"num nowrap\">{}</td></tr>",
            escape(&crate::labels::tie_dimension_label(d, l)),
            escape(&cell(&node.received, &d.key)),
            escape(&cell(&node.given, &d.key))
        );
    }
    html.push_str("</tbody></table></div>");
    html
}

/// Its place in one network, in sentences.
fn position_lines(pos: &Position, rel: &crate::report::RelationReport, l: Lang) -> Vec<String> {
    // A rank among the unnamed says nothing ("named by 0 … rank 121 of 143").
    let named = if pos.in_degree == 0 {
        t(l, "org.named_by_none")
    } else {
        tf(
            l,
            if pos.in_degree == 1 { "org.named_by_one" } else { "org.named_by" },
            &[
                ("n", pos.in_degree.to_string()),
                ("rank", pos.named_rank.to_string()),
                ("total", pos.nodes.to_string()),
            ],
        )
    };
    let mut lines = vec![
        named,
        tf(
            l,
            if pos.out_degree == 1 { "org.names_one" } else { "org.names" },
            &[("n", pos.out_degree.to_string())],
        ),
    ];
    // "A bridge between others" only in the top tenth; below it, what is true.
    if let Some(rank) = pos.bridging_rank {
        let key = if pos.bridges { "org.bridging" } else { "org.bridging_minor" };
        lines.push(tf(l, key, &[("rank", rank.to_string()), ("total", pos.nodes.to_string())]));
    }
    if pos.cut_vertex {
        lines.push(t(l, "org.cut_vertex"));
    }
    // An organization with no tie is a community of its own: the lines above say so.
    if pos.in_degree + pos.out_degree > 0 {
        let community = crate::labels::community_name(rel, pos.community, l);
        lines.push(tf(
            l,
            "org.community",
            &[("community", community), ("size", pos.community_size.to_string())],
        ));
    }
    lines
}
