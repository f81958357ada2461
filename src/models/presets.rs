//! The paper's question as ready-made models: when a survey's dimensions match the community-
//! of-practice chain of Hasmath & Hsu (knowledge sharing → professionalization →
//! predictability → state relations, and funding), the page proposes the mediation chain with
//! participation (in-degree in the first relation) as X, and the regressions along it.

use crate::report::{CapacityReport, DimensionReport, RelationReport};

/// The links of the chain, in causal order, each with words that identify it in a dimension's
/// key or its English or Chinese label (lower-cased).
const LINKS: [(&str, &[&str]); 5] = [
    ("knowledge_sharing", &["knowledge", "sharing", "知识", "分享", "共享"]),
    ("professionalization", &["profession", "专业"]),
    ("predictability", &["predictab", "transparen", "可预期", "透明", "规范"]),
    ("state_relations", &["state", "government", "政府", "国家"]),
    ("funding", &["fund", "financ", "资金", "经费", "筹资"]),
];

/// Models proposed for a survey.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preset {
    /// Regression formulas.
    pub formulas: Vec<String>,
    /// Mediation specifications.
    pub mediations: Vec<String>,
}

/// The dimension that plays link `words`, if exactly one does.
fn find<'a>(dims: &'a [DimensionReport], words: &[&str], taken: &[&str]) -> Option<&'a DimensionReport> {
    let matches = |d: &DimensionReport| {
        let text = format!("{} {} {}", d.key, d.label, d.label_zh).to_lowercase();
        words.iter().any(|w| text.contains(w))
    };
    let found: Vec<&DimensionReport> =
        dims.iter().filter(|d| !taken.contains(&d.key.as_str()) && matches(d)).collect();
    match found.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Wraps a name in backticks when the formula languages would split it.
fn quoted(name: &str) -> String {
    if name.contains(['+', '~', '|']) || name.contains("->") { format!("`{name}`") } else { name.to_string() }
}

/// The chain's models when the first four links are dimensions of the survey: the serial
/// mediation `in_degree@FIRST -> ks -> prof -> pred -> state` (participation as X when there is
/// a relation, else knowledge sharing as X), the regression of state relations on the earlier
/// links and participation, and with a funding dimension its regression on state relations
/// and the rest. `None` when the dimensions do not match.
pub fn paper_chain(capacity: &CapacityReport, relations: &[RelationReport]) -> Option<Preset> {
    let mut taken: Vec<&str> = Vec::new();
    let mut chain: Vec<String> = Vec::new();
    for (i, (_, words)) in LINKS.iter().enumerate() {
        match find(&capacity.dimensions, words, &taken) {
            Some(d) => {
                taken.push(&d.key);
                chain.push(quoted(&d.key));
            }
            None if i < 4 => return None,
            None => {}
        }
    }
    let participation = relations.first().map(|r| quoted(&format!("in_degree@{}", r.key)));
    let (ks, prof, pred, state) = (&chain[0], &chain[1], &chain[2], &chain[3]);
    let mut preset = Preset::default();
    preset.mediations.push(match &participation {
        Some(x) => format!("{x} -> {ks} -> {prof} -> {pred} -> {state}"),
        None => format!("{ks} -> {prof} -> {pred} -> {state}"),
    });
    let mut terms = vec![ks.clone(), prof.clone(), pred.clone()];
    terms.extend(participation.clone());
    preset.formulas.push(format!("{state} ~ {}", terms.join(" + ")));
    if let Some(funding) = chain.get(4) {
        let mut terms = vec![state.clone(), ks.clone(), prof.clone(), pred.clone()];
        terms.extend(participation);
        preset.formulas.push(format!("{funding} ~ {}", terms.join(" + ")));
    }
    Some(preset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_matches_the_papers_chain() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let p = paper_chain(&a.report.capacity, &a.report.network.relations).unwrap();
        assert_eq!(
            p.mediations,
            vec![
                "in_degree@knowledge_sharing -> knowledge_sharing -> professionalization -> predictability -> state_relations"
            ]
        );
        assert_eq!(
            p.formulas,
            vec![
                "state_relations ~ knowledge_sharing + professionalization + predictability + in_degree@knowledge_sharing",
                "funding ~ state_relations + knowledge_sharing + professionalization + predictability + in_degree@knowledge_sharing",
            ]
        );
        // A survey without those dimensions gets no preset.
        let mut other = a.report.capacity.clone();
        other.dimensions.retain(|d| d.key != "professionalization");
        assert_eq!(paper_chain(&other, &a.report.network.relations), None);
    }
}
