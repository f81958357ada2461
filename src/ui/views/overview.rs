//! The overview a result opens on: headline numbers, the key findings as sentences (each a
//! link to the view that shows it) and what needs attention, as counts with a link.

use leptos::prelude::*;

use crate::findings::{findings, headline};
use crate::i18n::{t, tf};
use crate::labels::relation_label;
use crate::report::format::num;
use crate::route::{Route, View};
use crate::ui::nav::{navigate, take_overview_focus};
use crate::ui::state::use_app_state;

/// A link to a route that the page follows itself (a history entry, no reload).
fn route_link(
    route: Route,
    class: &'static str,
    testid: &'static str,
    children: impl IntoView + 'static,
) -> impl IntoView {
    let state = use_app_state();
    let href = format!("#{}", route.in_fragment(""));
    let go = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        navigate(state, route.clone());
    };
    view! { <a class=class href=href data-testid=testid on:click=go>{children}</a> }
}

/// Headline numbers, findings and attention.
#[component]
pub fn Overview() -> impl IntoView {
    let state = use_app_state();
    let heading = NodeRef::<leptos::html::H2>::new();
    // A new result's overview takes the focus (see `nav::take_overview_focus`).
    Effect::new(move || {
        if let Some(h) = heading.get()
            && take_overview_focus()
        {
            let _ = h.focus();
        }
    });
    move || {
        let r = state.result.get()?;
        let l = state.lang.get();
        let report = &r.analysis.report;
        let h = headline(report);
        let mut facts =
            vec![(t(l, "headline.organizations"), h.organizations.to_string(), None, "headline-orgs")];
        if h.dimensions > 0 {
            let detail = tf(
                l,
                "headline.reliable",
                &[("reliable", h.reliable.to_string()), ("dimensions", h.dimensions.to_string())],
            );
            facts.push((
                t(l, "headline.dimensions"),
                h.dimensions.to_string(),
                Some(detail),
                "headline-dimensions",
            ));
        }
        if let Some(n) = &h.network {
            let rel = relation_label(report, &n.relation, l);
            facts.push((
                tf(l, "headline.network", &[("relation", rel)]),
                n.nodes.to_string(),
                Some(tf(l, "headline.ties", &[("ties", n.ties.to_string())])),
                "headline-network",
            ));
            facts.push((t(l, "headline.density"), num(n.density, 3, l), None, "headline-density"));
            facts.push((
                t(l, "headline.communities"),
                n.communities.to_string(),
                None,
                "headline-communities",
            ));
        }
        let facts = facts
            .into_iter()
            .map(|(label, value, detail, id)| {
                view! {
                    <div data-testid=id>
                        <dt>{label}</dt>
                        <dd>{value}{detail.map(|d| view! { <span class="detail">{d}</span> })}</dd>
                    </div>
                }
            })
            .collect_view();
        let items = findings(report)
            .into_iter()
            .map(|f| {
                let text = f.text(report, l);
                let view_name = t(l, f.target.view.label_key());
                let target = f.target.view.key();
                let body = view! {
                    <span class="sentence">{text}</span>
                    " "
                    <span class="go">{tf(l, "overview.see", &[("view", view_name)])}</span>
                };
                view! { <li data-testid="finding" data-target=target>{route_link(f.target.clone(), "finding", "finding-link", body)}</li> }
            })
            .collect_view();
        let partial = (!r.complete)
            .then(|| view! { <p class="note" data-testid="overview-partial">{t(l, "overview.partial")}</p> });
        let data = Route::view(View::Data);
        let attention = if h.warnings == 0 && h.unmatched_names == 0 {
            view! { <p class="muted">{t(l, "attention.none")}</p> }.into_any()
        } else {
            let warnings = (h.warnings > 0).then(|| {
                route_link(
                    data.clone(),
                    "attention",
                    "attention-warnings",
                    tf(l, "attention.warnings", &[("n", h.warnings.to_string())]),
                )
            });
            let names = (h.unmatched_names > 0).then(|| {
                route_link(
                    data.clone(),
                    "attention",
                    "attention-names",
                    tf(l, "attention.names", &[("n", h.unmatched_names.to_string())]),
                )
            });
            view! { <p class="attention-links">{warnings}{names}</p> }.into_any()
        };
        Some(view! {
            <section class="overview" data-testid="overview" aria-labelledby="overview-title">
                <h2 id="overview-title" tabindex="-1" node_ref=heading>{t(l, "overview.title")}</h2>
                <dl class="facts headline">{facts}</dl>
                {partial}
                <h3>{t(l, "overview.findings")}</h3>
                <ol class="findings">{items}</ol>
                <h3>{t(l, "attention.title")}</h3>
                {attention}
            </section>
        })
    }
}
