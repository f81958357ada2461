//! The two small languages of models: `OUTCOME ~ TERM + TERM …` and
//! `X -> M1 [-> M2 …] -> Y [| C1 + C2 …]`. Names are taken as written (trimmed; a name may be
//! wrapped in backticks when it holds `+`, `~` or `|`), so Chinese column headers work.

/// A parsed regression formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    /// Outcome variable.
    pub outcome: String,
    /// Predictors, in order, without repeats.
    pub terms: Vec<String>,
}

/// A parsed mediation specification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediationSpec {
    /// The predictor X.
    pub x: String,
    /// Mediators in causal order.
    pub mediators: Vec<String>,
    /// The outcome Y.
    pub y: String,
    /// Covariates in every equation.
    pub covariates: Vec<String>,
}

/// What is wrong with a formula or specification (the text of a `syntax` note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError(pub String);

/// Splits `text` on `sep` outside backticks, trimming pieces and removing the backticks.
fn split(text: &str, sep: &str) -> Vec<String> {
    split_keeping(text, sep, false)
}

/// Splits `text` on `sep` outside backticks, trimming pieces; `keep` leaves the backticks in
/// for a piece that is split again (`` `a->b` `` in a chain after its `|`).
fn split_keeping(text: &str, sep: &str, keep: bool) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            quoted = !quoted;
            rest = &rest[1..];
            if keep {
                current.push(c);
            }
            continue;
        }
        if !quoted && rest.starts_with(sep) {
            pieces.push(current.trim().to_string());
            current.clear();
            rest = &rest[sep.len()..];
            continue;
        }
        current.push(c);
        rest = &rest[c.len_utf8()..];
    }
    pieces.push(current.trim().to_string());
    pieces
}

/// The names of `text` split on `sep` outside backticks, trimmed, without the backticks.
pub fn split_names(text: &str, sep: &str) -> Vec<String> {
    split(text, sep)
}

/// Parses `OUTCOME ~ TERM + TERM …`.
///
/// # Errors
/// [`SyntaxError`] without exactly one `~`, or with an empty name.
pub fn parse_formula(text: &str) -> Result<Formula, SyntaxError> {
    let sides = split_keeping(text, "~", true);
    let [outcome, rhs] = sides.as_slice() else {
        return Err(SyntaxError(format!("expected OUTCOME ~ TERM + TERM, got “{text}”")));
    };
    let outcome = &outcome.replace('`', "");
    let mut terms: Vec<String> = Vec::new();
    for t in split(rhs, "+") {
        if t.is_empty() || outcome.is_empty() {
            return Err(SyntaxError(format!("an empty name in “{text}”")));
        }
        if !terms.contains(&t) {
            terms.push(t);
        }
    }
    Ok(Formula { outcome: outcome.clone(), terms })
}

/// Parses `X -> M1 [-> M2 …] -> Y [| C1 + C2 …]` (at least one mediator).
///
/// # Errors
/// [`SyntaxError`] with fewer than three names in the chain, an empty name, or a name twice.
pub fn parse_mediation(text: &str) -> Result<MediationSpec, SyntaxError> {
    let parts = split_keeping(text, "|", true);
    let (chain, covariates) = match parts.as_slice() {
        [chain] => (chain.clone(), Vec::new()),
        [chain, cov] => (chain.clone(), split(cov, "+")),
        _ => return Err(SyntaxError(format!("at most one “|” in “{text}”"))),
    };
    let names = split(&chain, "->");
    if names.len() < 3 {
        return Err(SyntaxError(format!("expected X -> M -> Y, got “{text}”")));
    }
    let all: Vec<&String> = names.iter().chain(&covariates).collect();
    if all.iter().any(|n| n.is_empty()) {
        return Err(SyntaxError(format!("an empty name in “{text}”")));
    }
    if (1..all.len()).any(|i| all[..i].contains(&all[i])) {
        return Err(SyntaxError(format!("a name appears twice in “{text}”")));
    }
    Ok(MediationSpec {
        x: names[0].clone(),
        mediators: names[1..names.len() - 1].to_vec(),
        y: names[names.len() - 1].clone(),
        covariates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_and_chains() {
        let f = parse_formula("state_relations ~ knowledge_sharing + in_degree@knowledge_sharing + 城市")
            .unwrap();
        assert_eq!(f.outcome, "state_relations");
        assert_eq!(f.terms, vec!["knowledge_sharing", "in_degree@knowledge_sharing", "城市"]);
        let f = parse_formula("`a+b` ~ x + x").unwrap();
        assert_eq!((f.outcome.as_str(), f.terms.len()), ("a+b", 1));
        let f = parse_formula("y ~ `a+b` + `c~d`").unwrap();
        assert_eq!(f.terms, vec!["a+b", "c~d"], "a quoted term after the outcome keeps its separator");
        let m = parse_mediation("x -> `m->n` -> y | `c|d` + e").unwrap();
        assert_eq!(
            (m.mediators, m.covariates),
            (vec!["m->n".to_string()], vec!["c|d".to_string(), "e".into()])
        );
        assert!(parse_formula("y ~").is_err());
        assert!(parse_formula("y x").is_err());
        let m = parse_mediation("ks -> prof -> pred -> state | staff + city").unwrap();
        assert_eq!(m.x, "ks");
        assert_eq!(m.mediators, vec!["prof", "pred"]);
        assert_eq!(m.y, "state");
        assert_eq!(m.covariates, vec!["staff", "city"]);
        assert!(parse_mediation("x -> y").is_err());
        assert!(parse_mediation("x -> m -> x").is_err());
    }
}
