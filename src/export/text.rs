//! Plain-language sentences for the cultivation suggestions, in either language, shared by
//! the page, the printable report and the workbook.

use crate::i18n::{Lang, tf};
use crate::report::format::num;
use crate::report::{CapacityReport, CriticalBroker, Introduction, NewTie, RelationReport};

/// The dimension's label in the language (its key when unknown).
pub fn dimension_label(capacity: &CapacityReport, key: &str, lang: Lang) -> String {
    capacity
        .dimensions
        .iter()
        .find(|d| d.key == key)
        .map(|d| crate::labels::dimension_name(d, lang))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| key.to_string())
}

/// Why an introduction is suggested, for the coordinator who reads it: in the third person,
/// naming both organizations.
pub fn introduction_reason(
    i: &Introduction,
    rel: &RelationReport,
    capacity: &CapacityReport,
    lang: Lang,
) -> String {
    let sep = crate::i18n::space(lang);
    introduction_reason_parts(i, rel, capacity, lang).join(sep)
}

/// [`introduction_reason`] in its sentences: the capacity reason, then the structural hole's
/// when the suggestion has both (or the structural hole's alone).
pub fn introduction_reason_parts(
    i: &Introduction,
    rel: &RelationReport,
    capacity: &CapacityReport,
    lang: Lang,
) -> Vec<String> {
    let size = || match i.community_size {
        0 => rel.nodes.iter().filter(|n| n.community == i.community).count(),
        k => k,
    };
    // The community by its name, or "its community" when it is named after the partner
    // suggested.
    let community = || match rel.communities.get(i.community) {
        Some(c) if c.hub == i.to => crate::i18n::t(lang, "cultivate.its_community"),
        _ => crate::labels::community_name(rel, i.community, lang),
    };
    // The rule picks the surveyed member with the most partners (any member when none was
    // surveyed): said as such, since the community itself is named after its most-named member.
    let member = match rel.nodes.get(i.to).is_some_and(|n| n.respondent) {
        true => "cultivate.hub_surveyed",
        false => "cultivate.hub_member",
    };
    let hole = |key: &str| {
        tf(
            lang,
            key,
            &[
                ("org", i.name.clone()),
                ("to", i.to_name.clone()),
                ("community", community()),
                ("size", size().to_string()),
                ("member", crate::i18n::t(lang, member)),
            ],
        )
    };
    if i.kind == "capacity" {
        let dim = i.dimension.as_deref().unwrap_or_default();
        // Both scores on the dimension's answer scale, named (the index is 0–100).
        let scale = capacity.dimensions.iter().find(|d| d.key == dim);
        let bound = |f: fn(&crate::report::DimensionReport) -> f64| num(scale.map(f), 0, lang);
        let why = tf(
            lang,
            "cultivate.why_capacity",
            &[
                ("org", i.name.clone()),
                ("to", i.to_name.clone()),
                ("shared", i.shared_partners.to_string()),
                ("theirs", num(i.their_score, 2, lang)),
                ("dimension", dimension_label(capacity, dim, lang)),
                ("own", num(i.own_score, 2, lang)),
                ("min", bound(|d| d.scale_min)),
                ("max", bound(|d| d.scale_max)),
            ],
        );
        if i.also_structural_hole { vec![why, hole("cultivate.why_also_hole")] } else { vec![why] }
    } else if rel.nodes.get(i.node).is_some_and(|n| n.degree == 0) {
        // An organization with no partner yet: "neither it nor its partners" read as if it
        // had some.
        vec![hole("cultivate.why_hole_alone")]
    } else {
        vec![hole("cultivate.why_hole")]
    }
}

/// The distinct reasons (sentences) one partner is suggested for, each with the relations
/// (indices in the report) that give it, in the order first given: a partner suggested in three
/// networks for the same reason has one sentence.
pub fn partner_reasons(
    s: &crate::organization::SuggestedPartner,
    report: &crate::report::Report,
    lang: Lang,
) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (k, i) in &s.by_relation {
        let Some(rel) = report.network.relations.get(*k) else { continue };
        for why in introduction_reason_parts(i, rel, &report.capacity, lang) {
            match out.iter_mut().find(|(w, _)| *w == why) {
                Some((_, rels)) => rels.push(*k),
                None => out.push((why, vec![*k])),
            }
        }
    }
    out
}

/// Why a new tie is suggested.
pub fn new_tie_reason(t: &NewTie, lang: Lang) -> String {
    match t.reason.as_str() {
        "shorten_paths" => tf(
            lang,
            "cultivate.why_shorten",
            &[
                ("before", num(t.average_distance_before, 2, lang)),
                ("after", num(t.average_distance_after, 2, lang)),
            ],
        ),
        // "One separate part" says nothing: that the network is then whole.
        "connect_isolate" if t.components_after == 1 => tf(lang, "cultivate.why_isolate_whole", &[]),
        "connect_isolate" => tf(lang, "cultivate.why_isolate", &[("after", t.components_after.to_string())]),
        _ if t.components_after == 1 => tf(lang, "cultivate.why_join_whole", &[]),
        _ => tf(lang, "cultivate.why_join", &[("after", t.components_after.to_string())]),
    }
}

/// That introductions concentrate on a few partners, in one sentence naming them with their
/// counts and their share of all introductions; `None` when they spread
/// ([`crate::joint::cultivate::most_suggested`] names none).
pub fn concentration(s: &crate::report::Suggestions, rel: &RelationReport, lang: Lang) -> Option<String> {
    let items: Vec<String> = s
        .most_suggested
        .iter()
        .filter_map(|m| {
            let name = rel.nodes.get(m.node)?.name.clone();
            Some(tf(lang, "cultivate.concentrated_item", &[("name", name), ("n", m.count.to_string())]))
        })
        .collect();
    if items.is_empty() || s.introductions.is_empty() {
        return None;
    }
    let sum: usize = s.most_suggested.iter().map(|m| m.count).sum();
    let share = crate::report::format::percent(Some(sum as f64 / s.introductions.len() as f64), lang);
    let args =
        [("list", and_list(&items, lang)), ("share", share), ("total", s.introductions.len().to_string())];
    Some(tf(lang, "cultivate.concentrated", &args))
}

/// Names as a sentence lists them, the last joined by "and" (`A、B与C`, `A, B and C`).
fn and_list(items: &[String], lang: Lang) -> String {
    match items {
        [init @ .., last] if lang.is_zh() && !init.is_empty() => format!("{}与{last}", init.join("、")),
        _ => crate::labels::join_names(items, lang),
    }
}

/// Why an organization is a key broker, in the third person with names: the communities it
/// links and, when its loss would split the network, who would be cut off.
pub fn broker_reason(b: &CriticalBroker, rel: &RelationReport, lang: Lang) -> String {
    let communities: Vec<String> =
        b.communities.iter().map(|c| crate::labels::community_name(rel, *c, lang)).collect();
    let links = match communities.as_slice() {
        [] => None,
        [one] => Some(tf(lang, "cultivate.broker_within", &[("community", one.clone())])),
        many if b.linked > many.len() => {
            let args = [("communities", crate::labels::join_list(many, lang)), ("n", b.linked.to_string())];
            Some(tf(lang, "cultivate.broker_links_more", &args))
        }
        many => Some(tf(lang, "cultivate.broker_links", &[("communities", and_list(many, lang))])),
    };
    let reason = broker_reason_surveyed(b, rel, links, lang);
    match b.cut_off_unconfirmed {
        0 => reason,
        n => {
            let gap = crate::i18n::space(lang);
            format!("{reason}{gap}{}", tf(lang, "cultivate.cut_unconfirmed", &[("n", n.to_string())]))
        }
    }
}

/// [`broker_reason`] without the names pending review it cuts off.
fn broker_reason_surveyed(
    b: &CriticalBroker,
    rel: &RelationReport,
    links: Option<String>,
    lang: Lang,
) -> String {
    if b.cut_off > 0 {
        let names: Vec<String> =
            b.cut_off_nodes.iter().filter_map(|v| rel.nodes.get(*v)).map(|n| n.name.clone()).collect();
        let listed = crate::labels::join_names(&names, lang);
        let who = match b.cut_off.saturating_sub(names.len()) {
            _ if names.is_empty() => tf(lang, "cultivate.cut_count", &[("n", b.cut_off.to_string())]),
            0 => listed,
            _ => tf(lang, "cultivate.names_more", &[("names", listed), ("n", b.cut_off.to_string())]),
        };
        let args = [("who", who), ("pieces", b.pieces.to_string())];
        let cut = tf(lang, "cultivate.why_cut", &args);
        match links {
            Some(links) => tf(lang, "cultivate.why_cut_links", &[("links", links), ("cut", cut)]),
            None => cut,
        }
    } else {
        let efficiency = num(b.efficiency, 2, lang);
        match links {
            Some(links) => {
                tf(lang, "cultivate.why_broker_links", &[("links", links), ("efficiency", efficiency)])
            }
            None => tf(lang, "cultivate.why_broker", &[("efficiency", efficiency)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_fill_every_placeholder_in_both_languages() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let cap = &a.report.capacity;
        for rel in &a.report.network.relations {
            let s = rel.suggestions.as_ref().unwrap();
            for lang in [Lang::En, Lang::Zh] {
                let texts = s
                    .introductions
                    .iter()
                    .map(|i| introduction_reason(i, rel, cap, lang))
                    .chain(s.new_ties.iter().map(|t| new_tie_reason(t, lang)))
                    .chain(s.critical_brokers.iter().map(|b| broker_reason(b, rel, lang)));
                for text in texts {
                    assert!(!text.contains('{') && !text.contains("cultivate."), "{text}");
                    // Written for the coordinator, not to the organization.
                    assert!(!text.contains('您') && !text.contains("your"), "{text}");
                }
            }
        }
        let i = Introduction {
            node: 0,
            id: "a".into(),
            name: "A".into(),
            to: 1,
            to_id: "b".into(),
            to_name: "B <x>".into(),
            kind: "capacity".into(),
            dimension: Some("fund".into()),
            own_score: Some(1.0),
            their_score: Some(4.5),
            shared_partners: 2,
            community: 0,
            community_size: 0,
            also_structural_hole: false,
        };
        let rel = &a.report.network.relations[0];
        // A dimension "fund" scored 1–5: both scores are said on that scale, which is named.
        let mut cap = CapacityReport::default();
        let mut fund = a.report.capacity.dimensions[0].clone();
        (fund.key, fund.label, fund.label_zh, fund.label_zh_hant) =
            ("fund".into(), "fund".into(), "资金".into(), None);
        (fund.scale_min, fund.scale_max) = (1.0, 5.0);
        cap.dimensions.push(fund);
        assert_eq!(
            introduction_reason(&i, rel, &cap, Lang::En),
            "B <x> scores 4.50 on Fund, the weakest dimension of A (1.00; scale 1–5), and already works with 2 of its \
             partners: introducing them can help A close that gap."
        );
        assert!(
            introduction_reason(&i, rel, &cap, Lang::Zh)
                .contains("在“资金”上得分 4.50，而这是A最薄弱的维度（得分 1.00；量表 1–5）")
        );
        // A tie after which the network is whole says so, not "1 separate part".
        let tie = |after: usize| NewTie {
            a: 0,
            a_id: "a".into(),
            a_name: "A".into(),
            b: 1,
            b_id: "b".into(),
            b_name: "B".into(),
            reason: "connect_isolate".into(),
            components_after: after,
            average_distance_before: None,
            average_distance_after: None,
        };
        assert_eq!(
            new_tie_reason(&tie(1), Lang::En),
            "Brings an organization without ties into the main network, which then holds every organization."
        );
        assert!(new_tie_reason(&tie(3), Lang::En).ends_with("(separate parts afterwards: 3)."));
        // One suggestion for both reasons gives both.
        let both = Introduction { also_structural_hole: true, community: 2, community_size: 7, ..i };
        assert_eq!(
            introduction_reason(&both, rel, &cap, Lang::En),
            "B <x> scores 4.50 on Fund, the weakest dimension of A (1.00; scale 1–5), and already works with 2 of its \
             partners: introducing them can help A close that gap. B <x> is also the surveyed organization with \
             the most partners in 上海启明之家社区发展志愿团队's community (7 organizations), which neither A nor \
             any of its partners belongs to: the introduction also bridges the two groups."
        );
        // The community is named after its member named most often; when that is the partner
        // suggested, "its community" rather than its own name twice (or "the community
        // centred on it", which made it the best-connected member of its own community).
        let hub = rel.communities[2].hub;
        assert_eq!(rel.nodes[hub].name, "上海启明之家社区发展志愿团队");
        let hole = Introduction { kind: "structural_hole".into(), to: hub, to_name: "C".into(), ..both };
        assert_eq!(
            introduction_reason(&hole, rel, &cap, Lang::Zh),
            "C是它所在的社群（7 家机构）中伙伴最多的已调查机构，而A和它的伙伴都不在这个社群里：\
             介绍它们，可以在两个群体之间架起桥梁。"
        );
        // A member that was not surveyed (picked when none of its community was) is not called
        // a surveyed organization.
        let mut unsurveyed = rel.clone();
        unsurveyed.nodes[hub].respondent = false;
        let zh = introduction_reason(&hole, &unsurveyed, &cap, Lang::Zh);
        assert!(zh.starts_with("C是它所在的社群（7 家机构）中伙伴最多的成员，"), "{zh}");
        // For an organization with no partner yet, no "it and its partners".
        let alone = rel.nodes.iter().position(|n| n.degree == 0).expect("the demo has an organization alone");
        let alone = Introduction { node: alone, ..hole };
        assert_eq!(
            introduction_reason(&alone, rel, &cap, Lang::Zh),
            "A还没有任何伙伴：C是它所在的社群（7 家机构）中伙伴最多的已调查机构，介绍它们可以让A进入网络，并与这个社群建立联系。"
        );
    }

    #[test]
    fn a_partner_suggested_in_several_networks_is_one_entry_with_each_reason_once() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let r = &a.report;
        let mut shared = 0;
        for o in &r.capacity.organizations {
            let page = crate::organization::OrgPage::new(r, &o.id).unwrap();
            let suggested = crate::organization::suggested_partners(r, &page);
            // Every introduction of every relation is in exactly one entry, under its partner.
            let mut all: Vec<(usize, &str)> = Vec::new();
            for (k, rel) in r.network.relations.iter().enumerate() {
                let Some(v) = rel.nodes.iter().position(|n| n.id == o.id) else { continue };
                all.extend(crate::organization::introductions(rel, v).iter().map(|i| (k, i.to_id.as_str())));
            }
            let mut grouped: Vec<(usize, &str)> = suggested
                .iter()
                .flat_map(|s| s.by_relation.iter().map(|(k, i)| (*k, i.to_id.as_str())))
                .collect();
            assert!(suggested.iter().all(|s| s.by_relation.iter().all(|(_, i)| i.to_id == s.id)));
            all.sort();
            grouped.sort();
            assert_eq!(all, grouped);
            let mut ids: Vec<&str> = suggested.iter().map(|s| s.id).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), suggested.len(), "a partner listed twice for {}", o.name);
            for s in &suggested {
                let reasons = partner_reasons(s, r, Lang::Zh);
                let mut texts: Vec<&String> = reasons.iter().map(|(w, _)| w).collect();
                texts.sort();
                texts.dedup();
                assert_eq!(texts.len(), reasons.len(), "a sentence repeated");
                // Every relation that suggests it is named under one of its sentences at least.
                let mut rels: Vec<usize> = reasons.iter().flat_map(|(_, k)| k.iter().copied()).collect();
                rels.sort_unstable();
                rels.dedup();
                let mut by: Vec<usize> = s.by_relation.iter().map(|(k, _)| *k).collect();
                by.sort_unstable();
                by.dedup();
                assert_eq!(rels, by);
                // A sentence is a whole reason's or a part of one, never two reasons run together.
                let parts: Vec<String> = s
                    .by_relation
                    .iter()
                    .flat_map(|(k, i)| {
                        introduction_reason_parts(i, &r.network.relations[*k], &r.capacity, Lang::Zh)
                    })
                    .collect();
                assert!(reasons.iter().all(|(w, _)| parts.contains(w)));
                shared += usize::from(reasons.iter().any(|(_, k)| k.len() > 1));
            }
        }
        assert!(shared > 0, "the demo has partners suggested in several networks for the same reason");
    }
}
