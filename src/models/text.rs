//! Models in plain language: one sentence per term or indirect effect, in the UI language,
//! with what one survey round can and cannot show. Variable names are turned into words by
//! the caller's `label` (dimension labels from the codebook, metric names from the locales).

use crate::i18n::{Lang, t, tf};
use crate::report::format::fixed;
use crate::report::{MediationReport, ModelNote, ModelReport};

/// The p-value as a reader sees it: "< 0.001" or three decimals.
pub fn p_text(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 0.001 => "< 0.001".to_string(),
        Some(p) => format!("= {}", fixed(p, 3)),
        None => "—".to_string(),
    }
}

/// A note in words (`model.note.<code>`, with the term).
pub fn note_text(n: &ModelNote, lang: Lang, label: &dyn Fn(&str) -> String) -> String {
    tf(lang, &format!("model.note.{}", n.code), &[("term", label(&n.term))])
}

/// A model's sentences: its fit, then each predictor (the intercept left out), then notes.
pub fn model_sentences(m: &ModelReport, lang: Lang, label: &dyn Fn(&str) -> String) -> Vec<String> {
    let outcome = label(&m.outcome);
    if let Some(why) = &m.not_defined {
        return vec![tf(
            lang,
            "model.sentence.not_defined",
            &[("outcome", outcome), ("why", note_text(why, lang, label))],
        )];
    }
    let mut out = Vec::new();
    if m.family == "gaussian" {
        out.push(tf(
            lang,
            "model.sentence.fit_ols",
            &[
                ("outcome", outcome.clone()),
                ("r2", m.r2.map_or("—".into(), |r| fixed(100.0 * r, 0))),
                ("n", m.n.to_string()),
            ],
        ));
    } else {
        out.push(tf(
            lang,
            "model.sentence.fit_logit",
            &[
                ("outcome", outcome.clone()),
                ("event", m.event.clone().unwrap_or_default()),
                ("r2", m.pseudo_r2.map_or("—".into(), |r| fixed(r, 2))),
                ("n", m.n.to_string()),
            ],
        ));
    }
    for term in m.terms.iter().skip(1) {
        let significant = term.p.is_some_and(|p| p < 0.05);
        let effect = if m.family == "gaussian" {
            term.std_estimate.map_or_else(|| fixed(term.estimate, 2), |b| format!("β = {}", fixed(b, 2)))
        } else {
            format!("OR = {}", term.odds_ratio.map_or("—".into(), |o| fixed(o, 2)))
        };
        let ci_digits = decimals_for(&[term.ci_low, term.ci_high], 2);
        let key = match (significant, term.estimate >= 0.0) {
            (true, true) => "model.sentence.positive",
            (true, false) => "model.sentence.negative",
            (false, _) => "model.sentence.unclear",
        };
        out.push(tf(
            lang,
            key,
            &[
                ("term", label(&term.term)),
                ("outcome", outcome.clone()),
                ("effect", effect),
                ("low", term.ci_low.map_or("—".into(), |v| fixed(v, ci_digits))),
                ("high", term.ci_high.map_or("—".into(), |v| fixed(v, ci_digits))),
                ("p", p_text(term.p)),
            ],
        ));
    }
    out.extend(m.warnings.iter().map(|w| note_text(w, lang, label)));
    out
}

/// Decimals (at least `min`, at most 6) with which no value of `values` that is not zero
/// reads as zero: an interval that excludes zero must not read "0.000 to 0.007".
fn decimals_for(values: &[Option<f64>], min: usize) -> usize {
    let smallest = values
        .iter()
        .flatten()
        .map(|v| v.abs())
        .filter(|v| *v > 0.0 && v.is_finite())
        .fold(f64::INFINITY, f64::min);
    (min..6).find(|&d| smallest >= 0.5 * 10f64.powi(-(d as i32))).unwrap_or(6)
}

/// A mediation model's sentences: the indirect effect through the whole chain, then through
/// some of its mediators, then the direct and total effects.
pub fn mediation_sentences(m: &MediationReport, lang: Lang, label: &dyn Fn(&str) -> String) -> Vec<String> {
    if let Some(why) = &m.not_defined {
        return vec![tf(
            lang,
            "model.sentence.mediation_not_defined",
            &[("why", note_text(why, lang, label))],
        )];
    }
    let ci = |lo: Option<f64>, hi: Option<f64>, digits: usize| {
        (lo.map_or("—".into(), |v| fixed(v, digits)), hi.map_or("—".into(), |v| fixed(v, digits)))
    };
    let mut out = Vec::new();
    // The whole chain first (the path through every mediator): it answers "does the chain
    // hold?"; the shorter paths through some of the mediators follow.
    let mut indirect: Vec<_> = m.indirect.iter().collect();
    indirect.sort_by_key(|e| std::cmp::Reverse(e.path.matches("->").count()));
    for e in indirect {
        let names: Vec<String> = e.path.split("->").map(label).collect();
        let digits = decimals_for(&[Some(e.estimate), e.ci_low, e.ci_high], 3);
        let (lo, hi) = ci(e.ci_low, e.ci_high, digits);
        let excludes_zero = matches!((e.ci_low, e.ci_high), (Some(a), Some(b)) if a > 0.0 || b < 0.0);
        let through = names[1..names.len() - 1].join(" → ");
        let (x, y) = (names[0].clone(), names[names.len() - 1].clone());
        let said = tf(
            lang,
            if excludes_zero {
                "model.sentence.indirect_supported"
            } else {
                "model.sentence.indirect_unclear"
            },
            &[
                ("x", x),
                ("y", y),
                ("through", through),
                ("estimate", fixed(e.estimate, digits)),
                ("low", lo),
                ("high", hi),
            ],
        );
        let gap = crate::i18n::space(lang);
        out.push(format!("{said}{gap}{}", effect_meaning(m, e, digits, lang)));
    }
    if let (Some(d), Some(tot)) = (&m.direct, &m.total) {
        let digits = decimals_for(&[Some(d.estimate), d.ci_low, d.ci_high, Some(tot.estimate)], 3);
        let (dl, dh) = ci(d.ci_low, d.ci_high, digits);
        out.push(tf(
            lang,
            "model.sentence.direct_total",
            &[
                ("direct", fixed(d.estimate, digits)),
                ("dlow", dl),
                ("dhigh", dh),
                ("total", fixed(tot.estimate, digits)),
                ("n", m.bootstrap.n.to_string()),
            ],
        ));
    }
    out
}

/// Kenny's rule of thumb for a standardized indirect effect: the squares of Cohen's small,
/// medium and large correlations (0.1, 0.3, 0.5), so below 0.01 very weak, below 0.09 weak,
/// below 0.25 moderate, else strong (`model.strength.*`; the rule in words: [`strength_rule`]).
pub fn strength(standardized: f64) -> &'static str {
    match standardized.abs() {
        s if s < 0.01 => "very_weak",
        s if s < 0.09 => "weak",
        s if s < 0.25 => "moderate",
        _ => "strong",
    }
}

/// The rule by which [`strength`] names an indirect effect, said once where the effects are.
pub fn strength_rule(lang: Lang) -> String {
    t(lang, "model.strength_rule")
}

/// A specific indirect effect in standard deviations of Y per standard deviation of X: the
/// product of the standardized coefficients along its path (each b · sd(from) / sd(to), so the
/// standard deviations of the mediators cancel). `None` when a link has no standardized value.
pub fn standardized_indirect(m: &MediationReport, path: &str) -> Option<f64> {
    let vars: Vec<&str> = path.split("->").collect();
    vars.windows(2).try_fold(1.0, |product, link| {
        let p = m.paths.iter().find(|p| p.from == link[0] && p.to == link[1])?;
        Some(product * p.std_estimate?)
    })
}

/// What an indirect effect means to a reader: how much higher (or lower) the path's end is per
/// one more at its start, and how strong that is by [`strength`], with the standardized size.
/// It follows the sentence that names the path, so it names neither end again (long labels
/// said twice made it heavy).
fn effect_meaning(
    m: &MediationReport,
    e: &crate::report::IndirectEffect,
    digits: usize,
    lang: Lang,
) -> String {
    let key =
        if e.estimate < 0.0 { "model.sentence.per_unit_lower" } else { "model.sentence.per_unit_higher" };
    let per_unit = tf(lang, key, &[("estimate", fixed(e.estimate.abs(), digits))]);
    match standardized_indirect(m, &e.path) {
        Some(s) => tf(
            lang,
            "model.sentence.strength",
            &[
                ("per_unit", per_unit),
                ("size", t(lang, &format!("model.strength.{}", strength(s)))),
                ("std", fixed(s, decimals_for(&[Some(s)], 2))),
            ],
        ),
        None => per_unit,
    }
}

/// When the whole chain holds but some shorter paths through only some of its mediators do
/// not, the sentence that reconciles the two (a reader otherwise sees "supported" beside "not
/// supported"): a shorter path leaves steps out, and the link runs through each step in turn.
/// `None` when the chain does not hold or every shorter path holds too.
pub fn mediation_reconcile(
    m: &MediationReport,
    lang: Lang,
    label: &dyn Fn(&str) -> String,
) -> Option<String> {
    if m.not_defined.is_some() {
        return None;
    }
    let steps = |e: &&crate::report::IndirectEffect| e.path.matches("->").count();
    let whole = m.indirect.iter().max_by_key(steps)?;
    let excludes = |e: &crate::report::IndirectEffect| matches!((e.ci_low, e.ci_high), (Some(lo), Some(hi)) if lo > 0.0 || hi < 0.0);
    if !excludes(whole) {
        return None;
    }
    let middle = |e: &crate::report::IndirectEffect| {
        let n: Vec<String> = e.path.split("->").map(label).collect();
        n[1..n.len() - 1].join(" → ")
    };
    let parts: Vec<String> = m
        .indirect
        .iter()
        .filter(|e| steps(e) < steps(&whole) && !excludes(e))
        .map(|e| if lang.is_zh() { format!("“{}”", middle(e)) } else { middle(e) })
        .collect();
    if parts.is_empty() {
        return None;
    }
    let chain: Vec<String> = whole.path.split("->").map(label).collect();
    let separator = if lang.is_zh() { "、" } else { "; " };
    Some(tf(
        lang,
        "model.verdict.reconcile",
        &[("parts", parts.join(separator)), ("chain", chain.join(" → "))],
    ))
}

/// A mediation model's answer to "does the chain hold?" in one sentence, before its estimates:
/// from the indirect effect through the whole chain (every mediator), whether its 95% interval
/// excludes zero and in which direction; when it does not, whether a shorter path through some
/// of the mediators does. `None` when the model is not defined (its sentence says why).
pub fn mediation_verdict(m: &MediationReport, lang: Lang, label: &dyn Fn(&str) -> String) -> Option<String> {
    if m.not_defined.is_some() {
        return None;
    }
    let steps = |e: &&crate::report::IndirectEffect| e.path.matches("->").count();
    let whole = m.indirect.iter().max_by_key(steps)?;
    let names: Vec<String> = whole.path.split("->").map(label).collect();
    let through = |e: &crate::report::IndirectEffect| {
        let n: Vec<String> = e.path.split("->").map(label).collect();
        n[1..n.len() - 1].join(" → ")
    };
    // Above zero or below zero, at 95%: `None` when the interval holds zero or is not defined.
    let side = |e: &crate::report::IndirectEffect| match (e.ci_low, e.ci_high) {
        (Some(lo), Some(_)) if lo > 0.0 => Some(true),
        (Some(_), Some(hi)) if hi < 0.0 => Some(false),
        _ => None,
    };
    let mut args =
        vec![("x", names[0].clone()), ("y", names[names.len() - 1].clone()), ("through", through(whole))];
    let key = match side(whole) {
        Some(true) => "model.verdict.holds",
        Some(false) => "model.verdict.holds_negative",
        None => {
            let shorter = m.indirect.iter().filter(|e| steps(e) < steps(&whole)).find(|e| side(e).is_some());
            match shorter {
                Some(e) => {
                    args.push(("part", through(e)));
                    "model.verdict.unclear_partial"
                }
                None => "model.verdict.unclear",
            }
        }
    };
    Some(tf(lang, key, &args))
}

/// A formula (`Y ~ A + B`) or a mediation chain (`X -> M -> Y | C`) with its variables named
/// by `label` (`→` for `->`).
pub fn spec_in_words(spec: &str, label: &dyn Fn(&str) -> String) -> String {
    let words = |part: &str, sep: &str, join: &str| {
        part.split(sep).map(|v| label(v.trim().trim_matches('`'))).collect::<Vec<_>>().join(join)
    };
    let (main, covariates) = spec.split_once('|').unwrap_or((spec, ""));
    let main = match main.split_once('~') {
        Some((y, x)) => format!("{} ~ {}", label(y.trim().trim_matches('`')), words(x, "+", " + ")),
        None => words(main, "->", " → "),
    };
    if covariates.trim().is_empty() { main } else { format!("{main} | {}", words(covariates, "+", " + ")) }
}

/// A formula or chain as a heading a reader without the formula language follows: a
/// regression as its outcome explained by its predictors (`model.heading_regression`), a chain
/// as its variables joined by arrows, covariates after `model.heading_controls`.
pub fn spec_heading(spec: &str, lang: Lang, label: &dyn Fn(&str) -> String) -> String {
    let names = |part: &str, sep: &str| -> Vec<String> {
        crate::models::formula::split_names(part, sep).iter().map(|v| label(v)).collect()
    };
    // In Chinese each name in quotes, so a Latin label does not run into the characters.
    let list = |v: Vec<String>| {
        if lang.is_zh() {
            v.iter().map(|x| format!("“{x}”")).collect::<Vec<_>>().join("、")
        } else {
            v.join(", ")
        }
    };
    if let Ok(f) = crate::models::formula::parse_formula(spec) {
        let terms = list(f.terms.iter().map(|v| label(v)).collect());
        return tf(lang, "model.heading_regression", &[("outcome", label(&f.outcome)), ("terms", terms)]);
    }
    let (main, covariates) = spec.split_once('|').unwrap_or((spec, ""));
    let chain = names(main, "->").join(" → ");
    let controls = names(covariates, "+").into_iter().filter(|c| !c.is_empty()).collect::<Vec<_>>();
    if controls.is_empty() {
        chain
    } else {
        format!("{chain}{}", tf(lang, "model.heading_controls", &[("controls", list(controls))]))
    }
}

/// What one survey round can and cannot show.
pub fn caveat(lang: Lang) -> String {
    t(lang, "model.caveat")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{BootstrapSettings, IndirectEffect};

    /// An indirect effect along `path` with its 95% interval.
    fn effect(path: &str, estimate: f64, lo: f64, hi: f64) -> IndirectEffect {
        IndirectEffect { path: path.to_string(), estimate, ci_low: Some(lo), ci_high: Some(hi) }
    }

    /// A model of the chain x → m1 → m2 → y on 100 cases with these indirect effects (no paths).
    fn report(indirect: Vec<IndirectEffect>) -> MediationReport {
        MediationReport {
            spec: "x -> m1 -> m2 -> y".into(),
            n: 100,
            paths: Vec::new(),
            indirect,
            total_indirect: None,
            direct: None,
            total: None,
            bootstrap: BootstrapSettings { n: 1000, seed: 1 },
            warnings: Vec::new(),
            not_defined: None,
        }
    }

    #[test]
    fn headings_say_a_model_without_its_formula_language() {
        let label = |v: &str| v.to_uppercase();
        assert_eq!(spec_heading("y ~ a + `b+c`", Lang::En, &label), "Y, explained by A, B+C");
        assert_eq!(spec_heading("y ~ a + b", Lang::Zh, &label), "“Y”与“A”、“B”的关系");
        assert_eq!(spec_heading("x -> m -> y", Lang::En, &label), "X → M → Y");
        assert_eq!(spec_heading("x -> m -> y | c + d", Lang::En, &label), "X → M → Y (controlling for C, D)");
        assert_eq!(spec_heading("x -> m -> y | c", Lang::ZhHant, &label), "X → M → Y（控制“C”）");
    }

    #[test]
    fn an_interval_that_excludes_zero_never_reads_as_zero() {
        assert_eq!(decimals_for(&[Some(0.012), Some(0.0004), Some(0.0071)], 3), 4);
        assert_eq!(decimals_for(&[Some(0.2), Some(-0.15), None], 3), 3);
        assert_eq!(decimals_for(&[Some(0.0), Some(0.5)], 2), 2);
        assert_eq!(decimals_for(&[Some(1e-9)], 3), 6);
        assert_eq!(fixed(0.0004, decimals_for(&[Some(0.0004)], 3)), "0.0004");
    }

    #[test]
    fn the_verdict_says_whether_the_whole_chain_holds() {
        let label = |v: &str| v.to_uppercase();
        // The whole chain (x → m1 → m2 → y) decides, whatever order the effects come in.
        let holds =
            report(vec![effect("x->m1->y", 0.01, -0.02, 0.05), effect("x->m1->m2->y", 0.04, 0.01, 0.08)]);
        assert_eq!(
            mediation_verdict(&holds, Lang::En, &label).as_deref(),
            Some(
                "In short: the data support the chain — X goes with Y through M1 → M2 (the whole chain's indirect effect is above zero, and its 95% interval excludes zero)."
            )
        );
        assert_eq!(
            mediation_verdict(&holds, Lang::Zh, &label).as_deref(),
            Some(
                "简而言之：数据支持这条链——“X”经由“M1 → M2”与“Y”相关（整条链的间接效应大于零，其 95% 区间不含零）。"
            )
        );
        let negative = report(vec![effect("x->m1->m2->y", -0.04, -0.08, -0.01)]);
        assert!(mediation_verdict(&negative, Lang::En, &label).unwrap().contains("below zero"));
        // An interval with zero in it: not shown; a shorter path that holds is named.
        let unclear =
            report(vec![effect("x->m1->m2->y", 0.02, -0.01, 0.05), effect("x->m2->y", 0.0, -0.03, 0.02)]);
        let said = mediation_verdict(&unclear, Lang::En, &label).unwrap();
        assert!(
            said.starts_with("In short: these data do not show the chain") && !said.contains("shorter"),
            "{said}"
        );
        let partial =
            report(vec![effect("x->m1->m2->y", 0.02, -0.01, 0.05), effect("x->m1->y", 0.05, 0.02, 0.09)]);
        let said = mediation_verdict(&partial, Lang::En, &label).unwrap();
        assert!(said.contains("the shorter path through M1 alone"), "{said}");
        // An interval that is not defined says nothing is shown, never that the chain holds.
        let open = report(vec![IndirectEffect {
            path: "x->m->y".into(),
            estimate: 0.3,
            ci_low: None,
            ci_high: None,
        }]);
        assert!(mediation_verdict(&open, Lang::En, &label).unwrap().contains("do not show"));
        // No verdict without a model, or without an indirect effect.
        assert_eq!(mediation_verdict(&report(Vec::new()), Lang::En, &label), None);
        let mut undefined = holds.clone();
        undefined.not_defined =
            Some(crate::report::ModelNote { code: "too_few_cases".into(), term: String::new() });
        assert_eq!(mediation_verdict(&undefined, Lang::En, &label), None);
    }

    #[test]
    fn an_indirect_effect_is_said_per_unit_with_its_strength_and_a_supported_chain_is_reconciled() {
        use crate::report::MediationPath;
        let link = |from: &str, to: &str, estimate: f64, std: f64| MediationPath {
            from: from.into(),
            to: to.into(),
            estimate,
            se: None,
            p: None,
            std_estimate: Some(std),
        };
        let m = MediationReport {
            paths: vec![
                link("x", "m1", 0.1, 0.5),
                link("m1", "m2", 0.2, 0.4),
                link("x", "m2", 0.01, 0.05),
                link("m2", "y", 0.175, 0.3),
                link("m1", "y", 0.1, 0.2),
                link("x", "y", 0.0, 0.0),
            ],
            ..report(vec![
                effect("x->m1->y", 0.01, 0.002, 0.02),
                effect("x->m2->y", 0.00175, -0.001, 0.004),
                effect("x->m1->m2->y", 0.0035, 0.0004, 0.0083),
            ])
        };
        // 0.5 · 0.4 · 0.3 = 0.06 standard deviations of Y per one of X: weak (0.01 to 0.09).
        let s = standardized_indirect(&m, "x->m1->m2->y").unwrap();
        assert!((s - 0.06).abs() < 1e-12, "{s}");
        assert!((standardized_indirect(&m, "x->m2->y").unwrap() - 0.015).abs() < 1e-12);
        assert_eq!(standardized_indirect(&m, "x->y->m1"), None);
        assert_eq!(
            [0.005, 0.01, 0.06, -0.09, 0.25, 0.7].map(strength),
            ["very_weak", "weak", "weak", "moderate", "strong", "strong"]
        );
        let label = |v: &str| v.to_uppercase();
        let said = mediation_sentences(&m, Lang::En, &label);
        // The labels once, in the sentence that names the path; its meaning per unit after it.
        assert_eq!(
            said[0],
            "X is linked to Y through M1 → M2: indirect effect 0.0035 (95% bootstrap CI 0.0004 to 0.0083, excluding zero). Along this path, 1 more at the start goes with 0.0035 more at the end: weak (standardized 0.06)."
        );
        let zh = mediation_sentences(&m, Lang::Zh, &label);
        assert!(
            zh[0].ends_with("。沿这条路径，起点每多 1，终点高 0.0035：弱（标准化后为 0.06）。"),
            "{zh:?}"
        );
        assert!(zh[0].matches("“X”").count() == 1 && zh[0].matches("“Y”").count() == 1, "{zh:?}");
        let mut lower = m.clone();
        lower.indirect[2] = effect("x->m1->m2->y", -0.0035, -0.0083, -0.0004);
        assert!(
            mediation_sentences(&lower, Lang::En, &label)[0].contains("goes with 0.0035 less at the end")
        );
        // The whole chain holds, the path through M2 alone does not: one sentence says why both.
        assert_eq!(
            mediation_reconcile(&m, Lang::En, &label).as_deref(),
            Some(
                "The whole chain holds even though the shorter path through M2 alone does not: a shorter path leaves out steps of the chain, and here the link runs step by step through all of them (X → M1 → M2 → Y)."
            )
        );
        // Nothing to reconcile when every shorter path holds, or when the chain does not.
        let mut all = m.clone();
        all.indirect[1] = effect("x->m2->y", 0.00175, 0.001, 0.004);
        assert_eq!(mediation_reconcile(&all, Lang::En, &label), None);
        let mut not = m.clone();
        not.indirect[2] = effect("x->m1->m2->y", 0.0035, -0.001, 0.0083);
        assert_eq!(mediation_reconcile(&not, Lang::En, &label), None);
    }
}
