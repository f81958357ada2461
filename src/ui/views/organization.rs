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
use crate::organization::{OrgPage, Position, introductions, partners};
use crate::report::format::num;
use crate::route::{Route, View};
use crate::ui::nav::navigate;
use crate::ui::state::{PageResult, use_app_state};
use crate::ui::views::capacity::OrganizationsTable;
use crate::ui::views::charts::{ORG_SELECT_MAX, radar_figure};
use crate::ui::views::picker::{OwnForm, options_html};

/// Matches listed under the search box, at most.
const MATCHES_SHOWN: usize = 20;

/// An organization that can be looked up: id, name and the name's comparison key.
struct Entry {
    id: String,
    name: String,
    key: String,
}

/// Every organization of a result — respondents, then partners named by them — by name.
fn entries(r: &PageResult) -> Vec<Entry> {
    let report = &r.analysis.report;
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    let respondents = report.capacity.organizations.iter().map(|o| (&o.id, &o.name));
    let partners = report.network.relations.iter().flat_map(|rel| rel.nodes.iter().map(|n| (&n.id, &n.name)));
    for (id, name) in respondents.chain(partners) {
        if seen.insert(id.as_str()) {
            out.push(Entry { id: id.clone(), name: name.clone(), key: crate::labels::search_key(name) });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The finder, the open organization's page and the table of all organizations.
#[component]
pub fn OrganizationsView() -> impl IntoView {
    let state = use_app_state();
    let query = RwSignal::new(String::new());
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        let all = Arc::new(entries(&r));
        let found = {
            let all = all.clone();
            move || {
                let q = query.get();
                let nq = NameQuery::new(&q)?;
                let id = q.trim();
                let hits: Vec<&Entry> = all.iter().filter(|e| nq.matches_key(&e.key) || e.id == id).collect();
                let shown = hits
                    .iter()
                    .take(MATCHES_SHOWN)
                    .map(|e| {
                        view! {
                            <li><button type="button" class="link org-link" data-testid="org-match" data-org=e.id.clone()>{e.name.clone()}</button></li>
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
            let hit = crate::labels::find_name(&v, first.iter().map(|e| (e.name.as_str(), e.id.as_str())));
            if let Some(e) = hit.and_then(|i| first.get(i)) {
                navigate(state, Route::organization(e.id.clone()));
            }
        };
        let picker = (all.len() <= ORG_SELECT_MAX).then(|| {
            let current = state.route.with_untracked(|r| r.org.clone());
            let mut html = format!("<option value=\"\">{}</option>", crate::markup::escape(&t(l, "org.choose")));
            html.push_str(&options_html(all.iter().map(|e| (e.id.clone(), e.name.as_str())), current.as_deref()));
            let on_pick = move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                if !v.is_empty() {
                    navigate(state, Route::organization(v));
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

/// One organization's page.
fn org_view(state: crate::ui::state::AppState, r: Arc<PageResult>, p: OrgPage, l: Lang) -> impl IntoView {
    let report = &r.analysis.report;
    let close = move |_| navigate(state, Route::view(View::Organizations));
    let capacity = p.capacity.and_then(|i| Some((i, report.capacity.organizations.get(i)?)));
    let scores = capacity.map(|(i, o)| {
        let pct = |x: Option<f64>| x.map(|p| format!("{p:.0}")).unwrap_or_else(|| t(l, "common.undefined"));
        let summary = tf(l, "org.summary", &[("index", num(o.index, 1, l)), ("pct", pct(o.percentile))]);
        let group = o.group.as_ref().map(|g| {
            tf(l, "org.group_summary", &[("group", g.to_string()), ("pct", pct(o.group_percentile))])
        });
        let rows = p
            .scores
            .iter()
            .map(|s| {
                let (label, digits) = match s.key.as_str() {
                    "index" => (t(l, "capacity.index"), 1),
                    k => (dimension_label(report, k, l), 2),
                };
                view! {
                    <tr>
                        <th scope="row">{label}</th>
                        <td class="num">{num(s.own, digits, l)}</td>
                        <td class="num">{num(s.sample, digits, l)}</td>
                        {p.group_shown.then(|| view! { <td class="num">{num(s.group, digits, l)}</td> })}
                    </tr>
                }
            })
            .collect_view();
        let labels = |keys: &[crate::report::Key]| {
            let v: Vec<String> = keys.iter().map(|k| dimension_label(report, k, l)).collect();
            if v.is_empty() { t(l, "common.undefined") } else { join_names(&v, l) }
        };
        let stage = o.stage.as_ref().map(|s| {
            view! { <div><dt>{t(l, "capacity.stage")}</dt><dd>{t(l, &format!("stage.{s}"))}</dd></div> }
        });
        view! {
            <p data-testid="org-summary">{summary}</p>
            {group.map(|g| view! { <p>{g}</p> })}
            <div class="org-scores">
            <div>
            <div class="table-wrap">
                <table data-testid="org-scores">
                    <caption>{t(l, "profile.scores")}</caption>
                    <thead><tr>
                        <th scope="col">{t(l, "capacity.dimension")}</th>
                        <th scope="col">{t(l, "org.this")}</th>
                        <th scope="col">{t(l, "chart.sample_median")}</th>
                        {p.group_shown.then(|| view! { <th scope="col">{t(l, "profile.group_median")}</th> })}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <dl class="org-facts">
                <div><dt>{t(l, "capacity.strengths")}</dt><dd data-testid="org-strengths">{labels(&o.strengths)}</dd></div>
                <div><dt>{t(l, "capacity.gaps")}</dt><dd data-testid="org-gaps">{labels(&o.gaps)}</dd></div>
                {stage}
            </dl>
            </div>
            {radar_figure(report, i, l)}
            </div>
        }
    });
    let not_respondent =
        p.capacity.is_none().then(|| view! { <p class="note">{t(l, "org.not_respondent")}</p> });
    let positions = p.positions.iter().map(|pos| position_view(&r, pos, l)).collect_view();
    // Each introduction: whom to meet (a link to its page), why (the reason names the
    // organization first; the link stands for it here) and in which network.
    let intros: Vec<(String, String, String, String)> = p
        .positions
        .iter()
        .filter_map(|pos| {
            let rel = report.network.relations.get(pos.relation)?;
            Some(introductions(rel, pos.node?).into_iter().map(move |i| {
                let reason = crate::export::text::introduction_reason(i, rel, &report.capacity, l);
                let why = reason
                    .strip_prefix(i.to_name.as_str())
                    .map_or(reason.clone(), |r| r.trim_start().to_string());
                (i.to_id.clone(), i.to_name.clone(), relation_label(report, &rel.key, l), why)
            }))
        })
        .flatten()
        .collect();
    let intros_view = if intros.is_empty() {
        view! { <p class="muted">{t(l, "org.no_introductions")}</p> }.into_any()
    } else {
        intros
            .into_iter()
            .map(|(id, name, relation, why)| {
                view! {
                    <li data-testid="org-introduction">
                        <button type="button" class="link org-link" data-org=id>{name}</button>
                        " " {why} " " <span class="tag">{relation}</span>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let profile = p.capacity.map(|i| {
        let r = r.clone();
        let download = move |_| {
            let lang = state.lang.get_untracked();
            let profiles = crate::export::profile::Profiles::new(&r.analysis, lang);
            let name = r.analysis.report.capacity.organizations.get(i).map(|o| o.name.clone()).unwrap_or_default();
            let file = format!("profile_{}.html", crate::export::file_stem(&name));
            crate::ui::browser::download(&file, "text/html;charset=utf-8", profiles.page(i).as_bytes());
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
            {not_respondent}
            {scores}
            {profile}
            <h3>{t(l, "org.position")}</h3>
            {positions}
            <h3>{t(l, "org.introductions")}</h3>
            <ul class="org-intros">{intros_view}</ul>
        </article>
    }
}

/// Its place in one network, in sentences, and its partners there.
fn position_view(r: &PageResult, pos: &Position, l: Lang) -> impl IntoView + use<> {
    let report = &r.analysis.report;
    let rel_label = report
        .network
        .relations
        .get(pos.relation)
        .map(|x| relation_label(report, &x.key, l))
        .unwrap_or_default();
    let Some(v) = pos.node else {
        return view! {
            <section class="org-position">
                <h4>{rel_label}</h4>
                <p class="muted">{t(l, "profile.not_in_network")}</p>
            </section>
        }
        .into_any();
    };
    let mut lines = vec![
        tf(
            l,
            "org.named_by",
            &[
                ("n", pos.in_degree.to_string()),
                ("rank", pos.named_rank.to_string()),
                ("total", pos.nodes.to_string()),
            ],
        ),
        tf(l, "org.names", &[("n", pos.out_degree.to_string())]),
    ];
    if let Some(rank) = pos.bridging_rank {
        lines.push(tf(l, "org.bridging", &[("rank", rank.to_string()), ("total", pos.nodes.to_string())]));
    }
    if pos.cut_vertex {
        lines.push(t(l, "org.cut_vertex"));
    }
    lines.push(tf(
        l,
        "org.community",
        &[("c", (pos.community + 1).to_string()), ("size", pos.community_size.to_string())],
    ));
    let list = match (r.analysis.graphs.get(pos.relation), report.network.relations.get(pos.relation)) {
        (Some(g), Some(rel)) => partners(g, rel, v),
        _ => Vec::new(),
    };
    let summary = tf(l, "org.partners", &[("relation", rel_label.clone()), ("n", list.len().to_string())]);
    let partners_view = if list.is_empty() {
        view! { <p class="muted">{t(l, "org.no_partners")}</p> }.into_any()
    } else {
        let items = list
            .into_iter()
            .map(|p| {
                let dir = match (p.named, p.named_by) {
                    (true, true) => t(l, "ego.mutual"),
                    (true, false) => t(l, "ego.names"),
                    _ => t(l, "ego.named_by"),
                };
                view! { <li><button type="button" class="link org-link" data-org=p.id>{p.name}</button>" (" {dir} ")"</li> }
            })
            .collect_view();
        view! {
            <details class="org-partners">
                <summary>{summary}</summary>
                <ul>{items}</ul>
            </details>
        }
        .into_any()
    };
    view! {
        <section class="org-position" data-testid="org-position">
            <h4>{rel_label}</h4>
            <ul>{lines.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
            {partners_view}
        </section>
    }
    .into_any()
}
