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
    let size = || match i.community_size {
        0 => rel.nodes.iter().filter(|n| n.community == i.community).count(),
        k => k,
    };
    let hole = |key: &str| {
        tf(
            lang,
            key,
            &[
                ("org", i.name.clone()),
                ("to", i.to_name.clone()),
                ("community", (i.community + 1).to_string()),
                ("size", size().to_string()),
            ],
        )
    };
    if i.kind == "capacity" {
        let dim = i.dimension.as_deref().unwrap_or_default();
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
            ],
        );
        if i.also_structural_hole {
            let sep = if lang == Lang::En { " " } else { "" };
            format!("{why}{sep}{}", hole("cultivate.why_also_hole"))
        } else {
            why
        }
    } else {
        hole("cultivate.why_hole")
    }
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

/// Why a broker is critical.
pub fn broker_reason(b: &CriticalBroker, lang: Lang) -> String {
    if b.cut_off > 0 {
        tf(lang, "cultivate.why_cut", &[("cut", b.cut_off.to_string()), ("pieces", b.pieces.to_string())])
    } else {
        tf(lang, "cultivate.why_broker", &[("efficiency", num(b.efficiency, 2, lang))])
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
                    .chain(s.critical_brokers.iter().map(|b| broker_reason(b, lang)));
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
        assert_eq!(
            introduction_reason(&i, rel, &CapacityReport::default(), Lang::En),
            "B <x> scores 4.50 on fund, the weakest dimension of A (1.00), and already works with 2 of its partners: \
             introducing them can help A close that gap."
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
            introduction_reason(&both, rel, &CapacityReport::default(), Lang::En),
            "B <x> scores 4.50 on fund, the weakest dimension of A (1.00), and already works with 2 of its partners: \
             introducing them can help A close that gap. B <x> is also the best-connected member of community 3 \
             (7 organizations), which neither A nor any of its partners belongs to: the introduction also bridges \
             the two groups (across a structural hole)."
        );
    }
}
