//! What the page's model builder offers: the variables of a report a coordinator picks from
//! (by their labels, see `labels::variable_label`) and the formula text a pick makes, in the
//! languages of [`super::formula`], so the builder and the advanced text box fit the same models.

use crate::report::Report;

/// Network positions offered per relation: nominations received, partners named, bridging.
pub const METRICS: [&str; 3] = ["in_degree", "out_degree", "betweenness"];

/// Variables a model can use, in the order the builder lists them: the capacity dimensions,
/// the capacity index, numeric and categorical columns of the codebook, then each relation's
/// [`METRICS`] (`METRIC@RELATION`; the combined relation last, as the report lists it).
pub fn variables(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = report.capacity.dimensions.iter().map(|d| d.key.clone()).collect();
    out.push("index".to_string());
    out.extend(
        report
            .input
            .codebook
            .iter()
            .filter(|c| c.role == "numeric" || c.role == "attribute")
            .map(|c| c.column.clone()),
    );
    for rel in &report.network.relations {
        out.extend(METRICS.iter().map(|m| format!("{m}@{}", rel.key)));
    }
    out.dedup();
    out
}

/// A name as the formula languages read it: in backticks when it holds a separator.
pub fn quoted(name: &str) -> String {
    if name.contains(['+', '~', '|', '`']) || name.contains("->") {
        format!("`{}`", name.replace('`', ""))
    } else {
        name.to_string()
    }
}

/// `OUTCOME ~ A + B` from picked variables (the outcome left out of the predictors); `None`
/// without an outcome or a predictor.
pub fn formula(outcome: &str, predictors: &[String]) -> Option<String> {
    let terms: Vec<String> =
        predictors.iter().filter(|p| !p.is_empty() && *p != outcome).map(|p| quoted(p)).collect();
    (!outcome.is_empty() && !terms.is_empty()).then(|| format!("{} ~ {}", quoted(outcome), terms.join(" + ")))
}

/// `X -> M1 -> … -> Y` from picked variables (empty picks skipped); `None` unless there are an
/// X, a Y and at least one mediator, all different.
pub fn chain(x: &str, mediators: &[String], y: &str) -> Option<String> {
    let mut names: Vec<&str> = vec![x];
    names.extend(mediators.iter().map(String::as_str).filter(|m| !m.is_empty()));
    names.push(y);
    let distinct = (1..names.len()).all(|i| !names[..i].contains(&names[i]));
    (names.len() >= 3 && names.iter().all(|n| !n.is_empty()) && distinct)
        .then(|| names.iter().map(|n| quoted(n)).collect::<Vec<_>>().join(" -> "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::formula::{parse_formula, parse_mediation};

    #[test]
    fn picks_make_formulas_the_parser_reads_back() {
        let f = formula("state_relations", &["knowledge_sharing".into(), "in_degree@ks".into()]).unwrap();
        assert_eq!(f, "state_relations ~ knowledge_sharing + in_degree@ks");
        let odd = formula("a+b", &["a+b".into(), "城市".into(), "x~y".into()]).unwrap();
        let parsed = parse_formula(&odd).unwrap();
        assert_eq!((parsed.outcome.as_str(), parsed.terms), ("a+b", vec!["城市".to_string(), "x~y".into()]));
        assert_eq!(formula("y", &["y".into()]), None, "the outcome alone is no model");
        assert_eq!(formula("", &["x".into()]), None);
        let c = chain("x", &["m1".into(), String::new(), "m->2".into()], "y").unwrap();
        let m = parse_mediation(&c).unwrap();
        assert_eq!(
            (m.x.as_str(), m.mediators, m.y.as_str()),
            ("x", vec!["m1".to_string(), "m->2".into()], "y")
        );
        assert_eq!(chain("x", &[String::new()], "y"), None, "a mediator is needed");
        assert_eq!(chain("x", &["x".into()], "y"), None, "names differ");
    }

    #[test]
    fn the_demo_offers_its_dimensions_columns_and_network_positions() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let v = variables(&a.report);
        for name in ["knowledge_sharing", "state_relations", "index", "in_degree@knowledge_sharing"] {
            assert!(v.contains(&name.to_string()), "{name} in {v:?}");
        }
        assert!(v.iter().any(|n| a.report.input.codebook.iter().any(|c| &c.column == n)), "a column");
        assert!(!v.iter().any(|n| n.starts_with("ks")), "no scale item: {v:?}");
    }
}
