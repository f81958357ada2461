//! What the explorer's colours mean: the legend (with node counts, as text so it is read out
//! too), and the colour choices besides the community.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::PALETTE;
use crate::charts::explorer::{Colouring, GREY, hex};
use crate::charts::tie_style::TieStyle;
use crate::i18n::{Lang, t, tf};
use crate::report::format::num;
use crate::report::{CapacityReport, RelationReport};

/// The legend of the colouring chosen (`colour_by`: an index into `colourings`, or `None` for
/// the communities).
#[component]
pub fn ExplorerLegend(
    rel: Arc<crate::ui::state::SharedRelation>,
    colourings: Arc<Vec<(String, String, Colouring)>>,
    colour_by: RwSignal<Option<usize>>,
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let communities = crate::charts::communities::legend(&rel, l);
    let entries = move || -> Vec<((u8, u8, u8), String, usize)> {
        match colour_by.get().and_then(|i| colourings.get(i)) {
            Some((_, _, c)) => category_legend(c, l),
            None => communities.iter().map(|e| (e.colour, e.label.clone(), e.count)).collect(),
        }
    };
    let items = move || {
        entries()
            .into_iter()
            .map(|(c, name, count)| {
                let style = format!("background:{}", hex(c));
                view! { <li><span class="swatch" style=style aria-hidden="true"></span>{crate::i18n::aside(l, &name, &count.to_string())}</li> }
            })
            .collect_view()
    };
    // Which network the communities come from (they differ between one relation and all
    // combined), said while the colours are the communities.
    let source = crate::labels::communities_source(&rel.result().analysis.report, &rel.key, l);
    let said = move || {
        let source = source.clone()?;
        colour_by
            .get()
            .is_none()
            .then(|| view! { <p class="note" data-testid="communities-source">{source}</p> })
    };
    view! {
        <ul class="legend" data-testid="explorer-legend" aria-label=t(l, "explorer.legend")>{items}</ul>
        {said}
    }
}

/// What the ties' colours and widths mean when a tie dimension colours them: the dimension
/// and its scale, then each class as a line of its colour and width with its count, and the
/// unrated ties.
#[component]
pub fn TieLegend(
    rel: Arc<crate::ui::state::SharedRelation>,
    style: Memo<Option<Arc<TieStyle>>>,
    tie_by: RwSignal<Option<usize>>,
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    move || {
        let d = tie_by.get().and_then(|i| rel.tie_dimensions.get(i))?;
        let label = crate::labels::tie_dimension_label(d, l);
        let Some(style) = style.get() else {
            return Some(view! { <p class="note" data-testid="explorer-tie-legend">{tf(l, "explorer.ties_none_rated", &[("dimension", label)])}</p> }.into_any());
        };
        let end = |x: f64| num(Some(x), if x.fract() == 0.0 { 0 } else { 1 }, l);
        let scale = style.scale.map(|(a, b)| format!("{}–{}", end(a), end(b))).unwrap_or_default();
        let title = tf(l, "explorer.ties_legend", &[("dimension", label), ("scale", scale)]);
        let line = |colour: (u8, u8, u8), width: f64| {
            // View units to CSS pixels at the drawing's usual width (640 px for 1000 units), at least 1.
            format!("background:{};height:{:.1}px", hex(colour), (width * 0.64).max(1.0))
        };
        let items = style
            .classes
            .iter()
            .map(|c| (line(c.colour, c.width), crate::i18n::aside(l, &c.label, &c.count.to_string())))
            .chain((style.unrated > 0).then(|| {
                (line(GREY, 1.0), crate::i18n::aside(l, &t(l, "explorer.ties_unrated"), &style.unrated.to_string()))
            }))
            .map(|(css, text)| view! { <li><span class="tie-swatch" style=css aria-hidden="true"></span>{text}</li> })
            .collect_view();
        Some(
            view! {
                <div class="tie-legend" data-testid="explorer-tie-legend">
                    <p class="legend-title">{title}</p>
                    <ul class="legend" aria-label=t(l, "explorer.legend")>{items}</ul>
                    <p class="note">{t(l, "explorer.ties_rule")}</p>
                </div>
            }
            .into_any(),
        )
    }
}

/// A category colouring's legend: the palette's categories, then the rest and the nodes
/// without a value together in grey.
fn category_legend(c: &Colouring, l: Lang) -> Vec<((u8, u8, u8), String, usize)> {
    let mut e: Vec<_> = c
        .legend
        .iter()
        .take(PALETTE.len())
        .enumerate()
        .map(|(i, (k, n))| (Colouring::colour(i), k.clone(), *n))
        .collect();
    let rest: usize = c.legend.iter().skip(PALETTE.len()).map(|(_, n)| *n).sum::<usize>()
        + c.index.iter().filter(|i| i.is_none()).count();
    if rest > 0 {
        e.push((GREY, t(l, "explorer.other_values"), rest));
    }
    e
}

/// The explorer's colour choices besides the community: the grouping attribute, the capacity
/// profile and the community-of-practice stage (when computed), and whether the organization
/// answered. Nodes are matched to organizations by id; partners who did not answer have no
/// value (grey).
///
/// Built over several tasks, a colouring each after matching the nodes to organizations: for
/// 100,000 nodes each piece hashes every node's id or value, and all of them in one go were a
/// task of 60–90 ms.
pub async fn colourings(
    rel: &RelationReport,
    report: &crate::report::Report,
    l: Lang,
) -> Vec<(String, String, Colouring)> {
    let capacity: &CapacityReport = &report.capacity;
    let by_id: rustc_hash::FxHashMap<&str, &crate::report::OrgCapacity> =
        capacity.organizations.iter().map(|o| (o.id.as_str(), o)).collect();
    let orgs: Vec<Option<&&crate::report::OrgCapacity>> =
        rel.nodes.iter().map(|n| by_id.get(n.id.as_str())).collect();
    let pause = crate::ui::browser::next_task;
    pause().await;
    let mut out = Vec::new();
    // Categories are borrowed (labels made once each), not a `String` per node.
    let mut add = |key: &str, label: String, values: Vec<Option<&str>>| {
        if values.iter().any(Option::is_some) {
            out.push((key.to_string(), label, Colouring::from_values(&values)));
        }
    };
    if let Some(attribute) = &capacity.settings.group_by {
        add(
            "group",
            crate::labels::column_label(report, attribute, l),
            orgs.iter().map(|o| o.and_then(|o| o.group.as_deref())).collect(),
        );
    }
    pause().await;
    // Labels are translated once, not once per organization (100,000 of them).
    let profile = t(l, "typology.profile");
    let profiles = orgs.iter().filter_map(|o| o.and_then(|o| o.profile)).max().map_or(0, |p| p + 1);
    let profile_labels: Vec<String> = (0..profiles)
        .map(|p| crate::i18n::tf(l, "typology.profile_n", &[("n", (p + 1).to_string())]))
        .collect();
    add(
        "profile",
        profile.clone(),
        orgs.iter()
            .map(|o| o.and_then(|o| o.profile).and_then(|p| profile_labels.get(p)).map(String::as_str))
            .collect(),
    );
    pause().await;
    let mut stages: rustc_hash::FxHashMap<&str, String> = Default::default();
    for s in orgs.iter().filter_map(|o| o.and_then(|o| o.stage.as_deref())) {
        stages.entry(s).or_insert_with(|| t(l, &format!("stage.{s}")));
    }
    let stage_values = orgs
        .iter()
        .map(|o| o.and_then(|o| o.stage.as_deref()).and_then(|s| stages.get(s)).map(String::as_str))
        .collect();
    add("stage", t(l, "explorer.colour_stage"), stage_values);
    pause().await;
    let (yes, no) = (t(l, "common.yes"), t(l, "common.no"));
    add(
        "respondent",
        t(l, "network.respondent"),
        rel.nodes.iter().map(|n| Some(if n.respondent { yes.as_str() } else { no.as_str() })).collect(),
    );
    out
}
