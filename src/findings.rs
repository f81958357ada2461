//! Key findings of a report, as a coordinator reads them first: the headline numbers and five to
//! eight sentences ("Professionalization is the weakest dimension …"), each pointing to the view
//! that shows it.
//!
//! Findings are typed data — a kind, named arguments and a target view — made from the report
//! alone, so the page's overview and the printable report say the same thing; [`Finding::text`]
//! writes one in a language from the locale files (`finding.<kind>`).

use crate::i18n::{Lang, has, t, tf};
use crate::labels::{column_label, dimension_label, join_names, relation_label};
use crate::report::format::num;
use crate::report::{RelationReport, Report};
use crate::route::{Route, View};

/// At most this many findings are made, the most useful first.
pub const MAX_FINDINGS: usize = 8;

/// Cronbach's alpha at or above which a dimension counts as measured reliably.
pub const RELIABLE_ALPHA: f64 = 0.7;

/// Rescaled dimension score (0–100) below which an organization counts as weak on it.
pub const WEAK_SCORE: f64 = 40.0;

/// α below which the weakest or strongest dimension's finding says its items may not measure
/// one thing (below 0.6: "poor" or worse on the usual reading).
pub const POOR_ALPHA: f64 = 0.6;

/// Spread of the dimensions' means (each rescaled to 0–100) below which the weakest and the
/// strongest are said to lie close together: their order may be noise.
pub const CLOSE_SPREAD: f64 = 5.0;

/// Group comparisons are reported as differences below this p-value.
pub const SIGNIFICANT_P: f64 = 0.05;

/// What a finding says; its sentence is the locale key `finding.<key>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The dimension with the lowest mean, and how many organizations are weak on it.
    WeakestDimension,
    /// Every dimension is measured reliably.
    Reliable,
    /// Some dimensions are not measured reliably.
    Unreliable,
    /// Capacity differs between the groups of an attribute.
    GroupDifference,
    /// Capacity does not differ clearly between the groups of the grouping attribute.
    NoGroupDifference,
    /// The main network's size, density and communities.
    Network,
    /// The organizations named as partners most often.
    MostNamed,
    /// Organizations whose removal would cut others off.
    Brokers,
    /// Organizations apart from the main network, and the ties that would connect them.
    Fragmented,
    /// New ties that would shorten distances in the main network.
    ShorterPaths,
    /// Introductions suggested to organizations.
    Introductions,
    /// The dimension with the highest mean.
    StrongestDimension,
    /// The community-of-practice stage most organizations are at.
    Stage,
    /// Survey rounds: who joined, left and stayed between the first and last round.
    ChangeMembers,
    /// Survey rounds: the dimension whose mean changed most over organizations in both rounds.
    ChangeCapacity,
    /// Survey rounds: ties added, dropped and kept in the main network.
    ChangeNetwork,
}

impl Kind {
    /// The finding's key (its sentence is `finding.<key>` in the locale files).
    pub fn key(self) -> &'static str {
        match self {
            Kind::WeakestDimension => "weakest_dimension",
            Kind::Reliable => "reliable",
            Kind::Unreliable => "unreliable",
            Kind::GroupDifference => "group_difference",
            Kind::NoGroupDifference => "no_group_difference",
            Kind::Network => "network",
            Kind::MostNamed => "most_named",
            Kind::Brokers => "brokers",
            Kind::Fragmented => "fragmented",
            Kind::ShorterPaths => "shorter_paths",
            Kind::Introductions => "introductions",
            Kind::StrongestDimension => "strongest_dimension",
            Kind::Stage => "stage",
            Kind::ChangeMembers => "change_members",
            Kind::ChangeCapacity => "change_capacity",
            Kind::ChangeNetwork => "change_network",
        }
    }
}

/// One argument of a finding, written in the reader's language by [`Finding::text`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A count.
    Count(usize),
    /// A number with its decimals.
    Number(f64, usize),
    /// A change with its sign (`+0.75`, `-0.10`) and its decimals.
    Change(f64, usize),
    /// A p-value (`p < 0.001`, `p = 0.03`).
    P(f64),
    /// Words from the locale files, by key (a verdict such as "a clear change").
    Words(&'static str),
    /// A capacity dimension, by key.
    Dimension(String),
    /// Capacity dimensions, by key, listed as a sentence lists them (each label quoted in
    /// Chinese, as a single dimension's placeholder is).
    Dimensions(Vec<String>),
    /// A relation, by key.
    Relation(String),
    /// An attribute column, by name.
    Attribute(String),
    /// Text from the data (a group's value).
    Text(String),
    /// Organization names, listed as a sentence lists them.
    Names(Vec<String>),
    /// Organization names, each with a count in the language's brackets ("北京…中心（31）").
    CountedNames(Vec<(String, usize)>),
    /// A community-of-practice stage, by key.
    Stage(String),
    /// What a community-of-practice stage means, by the stage's key.
    StageMeaning(String),
}

/// A key finding: what it says, its arguments and the view that shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What it says.
    pub kind: Kind,
    /// Named arguments of its sentence.
    pub args: Vec<(&'static str, Value)>,
    /// Where the page shows the numbers behind it.
    pub target: Route,
    /// The id of the heading (or row) in that view where they are (see [`anchor`]), when the
    /// view holds more than the answer.
    pub anchor: Option<String>,
    /// A second place a part of it is answered: the organizations it counts, say.
    pub also: Option<AlsoLink>,
}

/// A finding's second link: a route (a view and what it shows there: the organizations table
/// ordered by a dimension, the organizations it counts at the top), the id of the heading to
/// open it at, and its words (a locale key).
#[derive(Debug, Clone, PartialEq)]
pub struct AlsoLink {
    /// The view and what it shows.
    pub target: Route,
    /// The heading's id.
    pub anchor: &'static str,
    /// The link's words.
    pub words: &'static str,
}

/// The ids of the places findings point to, shared by the findings and the views that hold
/// them.
pub mod anchor {
    /// A capacity dimension's row in the capacity view's dimension table (`i`: its position in
    /// the report).
    pub fn dimension(i: usize) -> String {
        format!("dimension-{i}")
    }
    /// The table of every organization (weakest first), in the organizations view.
    pub const ORGANIZATIONS: &str = "organizations-title";
    /// The reliability section of the capacity view.
    pub const RELIABILITY: &str = "reliability-title";
    /// The group comparisons of the capacity view.
    pub const GROUPS: &str = "groups-title";
    /// The folded section of the capacity view that holds the community-of-practice stages
    /// (with the profiles).
    pub const STAGES: &str = "profiles-title";
    /// A relation's critical brokers in the cultivate view.
    pub fn brokers(relation: &str) -> String {
        format!("brokers-title-{relation}")
    }
    /// A relation's suggested new ties in the cultivate view.
    pub fn new_ties(relation: &str) -> String {
        format!("new-ties-title-{relation}")
    }
    /// A relation's best introductions in the cultivate view.
    pub fn introductions(relation: &str) -> String {
        format!("top-introductions-title-{relation}")
    }
    /// A relation's row in the network view's table of every relation's numbers.
    pub fn relation_row(relation: &str) -> String {
        format!("relation-row-{relation}")
    }
    /// A relation's most-named organizations in the network view (shown when that relation is).
    pub fn most_named(relation: &str) -> String {
        format!("top-table-{relation}")
    }
    /// The fold of notes about the data (warnings) in the data view (a link opens it).
    pub const WARNINGS: &str = "warnings";
    /// The fold of the data view's column roles (what a codebook would say), where an
    /// inferred codebook is checked and saved (a link opens it).
    pub const MAPPING: &str = "column-roles";
    /// The Change view's organizations per round (who joined, left and stayed).
    pub const CHANGE_MEMBERS: &str = "change-members-title";
    /// The Change view's dimensions compared.
    pub const CHANGE_CAPACITY: &str = "change-dimensions-title";
    /// The Change view's networks compared.
    pub const CHANGE_NETWORK: &str = "change-network-title";
}

impl Finding {
    fn new(kind: Kind, view: View, args: Vec<(&'static str, Value)>) -> Finding {
        Finding { kind, args, target: Route::view(view), anchor: None, also: None }
    }

    /// The same finding, pointing at the heading `id` of its view.
    fn at(mut self, id: impl Into<String>) -> Finding {
        self.anchor = Some(id.into());
        self
    }

    /// The same finding, its view asked to show `route`'s (a relation of the network view).
    fn showing(mut self, route: Route) -> Finding {
        self.target = route;
        self
    }

    /// The argument named `name`, if any.
    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The finding as a sentence in `lang`.
    pub fn text(&self, report: &Report, lang: Lang) -> String {
        let args: Vec<(&str, String)> =
            self.args.iter().map(|(k, v)| (*k, value_text(v, report, lang))).collect();
        // English needs its singular when every count is one ("One organization sits apart").
        let key = match (self.kind, self.arg("outside")) {
            // Every organization in the network answered: said plainly, not "0 of them not surveyed".
            (Kind::Network, Some(Value::Count(0))) => "finding.network_all_surveyed".to_string(),
            // Rounds of different organizations: the paired change and the rounds' means differ,
            // and the sentence says why.
            (Kind::ChangeCapacity, _) if self.arg("mean_from").is_some() => {
                "finding.change_capacity_mixed".to_string()
            }
            // Introductions of both kinds, or across structural holes only.
            (Kind::Introductions, _) if self.arg("capacity").is_some() => {
                "finding.introductions_mixed".to_string()
            }
            (Kind::Introductions, _) if self.arg("holes").is_some() => {
                "finding.introductions_holes".to_string()
            }
            // Several brokers that each cut off one organization: not "up to 1".
            (Kind::Brokers, _)
                if matches!(self.arg("cut_off"), Some(Value::Count(1)))
                    && matches!(self.arg("count"), Some(Value::Count(n)) if *n > 1) =>
            {
                "finding.brokers_each".to_string()
            }
            // Dimensions tied at the precision shown are named together.
            (Kind::WeakestDimension | Kind::StrongestDimension, _) if self.arg("tied").is_some() => {
                format!("finding.{}_tied", self.kind.key())
            }
            _ => format!("finding.{}", self.kind.key()),
        };
        let counts =
            self.args.iter().filter_map(|(_, v)| if let Value::Count(n) = v { Some(*n) } else { None });
        let one = format!("{key}_one");
        let singular = counts.clone().count() > 0 && counts.into_iter().all(|n| n == 1) && has(lang, &one);
        let sentence = tf(lang, if singular { &one } else { &key }, &args);
        // A caveat follows as its own sentence (the weakest dimension measured poorly, or all
        // of them close together: `caveat`).
        match self.arg("caveat") {
            Some(Value::Words(caveat)) => {
                format!("{sentence}{}{}", crate::i18n::space(lang), tf(lang, caveat, &args))
            }
            _ => sentence,
        }
    }
}

fn value_text(v: &Value, report: &Report, lang: Lang) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Number(x, digits) => num(Some(*x), *digits, lang),
        Value::Change(x, digits) if *x > 0.0 => format!("+{}", num(Some(*x), *digits, lang)),
        Value::Change(x, digits) => num(Some(*x), *digits, lang),
        Value::Words(key) => t(lang, key),
        Value::P(p) if *p < 0.001 => "p < 0.001".to_string(),
        Value::P(p) => format!("p = {}", num(Some(*p), if *p < 0.01 { 3 } else { 2 }, lang)),
        Value::Dimension(k) => dimension_label(report, k, lang),
        Value::Dimensions(keys) => {
            let quote =
                |k: &String| tf(lang, "finding.quoted", &[("text", dimension_label(report, k, lang))]);
            join_names(&keys.iter().map(quote).collect::<Vec<_>>(), lang)
        }
        Value::Relation(k) => relation_label(report, k, lang),
        Value::Attribute(c) => column_label(report, c, lang),
        Value::Text(s) => s.clone(),
        Value::Names(names) => join_names(names, lang),
        Value::CountedNames(names) => {
            let each = |(n, c): &(String, usize)| crate::i18n::aside(lang, n, &c.to_string());
            join_names(&names.iter().map(each).collect::<Vec<_>>(), lang)
        }
        Value::Stage(k) => t(lang, &format!("stage.{k}")),
        Value::StageMeaning(k) => crate::labels::stage_about(k, lang),
    }
}

/// The headline numbers of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// Responding organizations.
    pub organizations: usize,
    /// Of them, those with a capacity index (an organization that answered too few items has
    /// none; the organizations page ranks "among 119", the overview said 120).
    pub scored: usize,
    /// Capacity dimensions.
    pub dimensions: usize,
    /// Dimensions measured reliably (α ≥ [`RELIABLE_ALPHA`]).
    pub reliable: usize,
    /// The main network (see [`main_relation`]): its key, organizations, ties, density and
    /// communities.
    pub network: Option<NetworkHeadline>,
    /// Notes about the data (warnings).
    pub warnings: usize,
    /// Partner names that matched no responding organization.
    pub unmatched_names: usize,
    /// No codebook placed the items: their dimensions and scoring direction were guessed from
    /// the column names (a codebook's labels and reverse items are missing).
    pub inferred_items: bool,
}

/// The main network's headline numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkHeadline {
    /// Relation key.
    pub relation: String,
    /// Organizations in it (respondents and partners named by them).
    pub nodes: usize,
    /// Ties.
    pub ties: usize,
    /// Density (`None` below two organizations).
    pub density: Option<f64>,
    /// Communities with a tie (`report::communities_with_ties`).
    pub communities: usize,
}

/// The relation a summary speaks of: all relations combined when there are several, else the
/// one with the most ties.
pub fn main_relation(report: &Report) -> Option<&RelationReport> {
    let rels = &report.network.relations;
    rels.iter().find(|r| r.settings.combined).or_else(|| rels.iter().max_by_key(|r| r.graph.edges))
}

/// The position of [`main_relation`] in the report's relations: the one the network,
/// cultivate and chart views open on, as the overview speaks of it (0 with no relation).
pub fn main_relation_index(report: &Report) -> usize {
    let key = main_relation(report).map(|r| r.key.as_str());
    report.network.relations.iter().position(|r| Some(r.key.as_str()) == key).unwrap_or(0)
}

fn reliability(d: &crate::report::DimensionReport) -> Option<f64> {
    d.alpha.or(d.alpha_pairwise)
}

/// The headline numbers: organizations, dimensions and how many are reliable, the main
/// network, and what needs attention.
pub fn headline(report: &Report) -> Headline {
    let dims = &report.capacity.dimensions;
    let mut unmatched: Vec<&str> = report.network.unmatched.iter().map(|u| u.name.as_str()).collect();
    unmatched.sort_unstable();
    unmatched.dedup();
    Headline {
        // Organizations, not rows: several respondents of one organization are one.
        organizations: report.capacity.organizations.len(),
        scored: report.capacity.organizations.iter().filter(|o| o.index.is_some()).count(),
        dimensions: dims.len(),
        reliable: dims.iter().filter(|d| reliability(d).is_some_and(|a| a >= RELIABLE_ALPHA)).count(),
        network: main_relation(report).map(|r| NetworkHeadline {
            relation: r.key.clone(),
            nodes: r.graph.nodes,
            ties: r.graph.edges,
            density: r.graph.density,
            communities: crate::report::communities_with_ties(&r.nodes),
        }),
        warnings: report.input.warnings.len(),
        unmatched_names: unmatched.len(),
        inferred_items: {
            let mut items = report.input.codebook.iter().filter(|e| e.role == "item").peekable();
            items.peek().is_some() && items.all(|e| e.inferred)
        },
    }
}

/// One headline number as a reader sees it: label, value, a detail line, the network it
/// comes from, and a test id.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// What it counts, in the language ("网络").
    pub label: String,
    /// The number as written.
    pub value: String,
    /// A line under the number (how many are reliable, how many ties).
    pub detail: Option<String>,
    /// The relation the number is of ("全部关系合并"), kept apart from the label: the overview
    /// writes it on the detail line (a phone's narrow card broke "网络（全部关系合并）" inside
    /// the brackets), the printable report after the label ([`Fact::titled`]).
    pub of: Option<String>,
    /// A stable id (the page's `data-testid`).
    pub id: &'static str,
}

impl Fact {
    /// The label with the relation it is of: "网络（全部关系合并）".
    pub fn titled(&self, l: Lang) -> String {
        match &self.of {
            Some(of) => tf(l, "headline.of", &[("label", self.label.clone()), ("of", of.clone())]),
            None => self.label.clone(),
        }
    }

    /// The detail line with the relation it is of: "家机构，690 条关系（全部关系合并）", or
    /// the relation alone.
    pub fn detail_of(&self, l: Lang) -> Option<String> {
        match (&self.detail, &self.of) {
            (Some(d), Some(of)) => {
                Some(tf(l, "headline.detail_of", &[("detail", d.clone()), ("of", of.clone())]))
            }
            (None, Some(of)) => Some(of.clone()),
            (detail, None) => detail.clone(),
        }
    }
}

/// The headline numbers in words, as the overview and the printable report show them:
/// organizations (how many have a score), dimensions (how many reliable), the main network,
/// its density and communities. `h` is [`headline`] of `report`, counted once by the caller
/// (the overview uses it again for its notes).
pub fn headline_facts(report: &Report, h: &Headline, l: Lang) -> Vec<Fact> {
    let fact = |label: String, value: String, detail: Option<String>, id| Fact {
        label,
        value,
        detail,
        of: None,
        id,
    };
    let scored = (h.scored < h.organizations && h.dimensions > 0)
        .then(|| tf(l, "headline.orgs_scored", &[("scored", h.scored.to_string())]));
    let mut facts =
        vec![fact(t(l, "headline.organizations"), h.organizations.to_string(), scored, "headline-orgs")];
    if h.dimensions > 0 {
        let args = [("reliable", h.reliable.to_string()), ("dimensions", h.dimensions.to_string())];
        let detail = tf(l, "headline.reliable", &args);
        facts.push(fact(
            t(l, "headline.dimensions"),
            h.dimensions.to_string(),
            Some(detail),
            "headline-dimensions",
        ));
    }
    if let Some(n) = &h.network {
        let of = Some(relation_label(report, &n.relation, l));
        let ties = Some(tf(l, "headline.ties", &[("ties", n.ties.to_string())]));
        let network = fact(t(l, "headline.network"), n.nodes.to_string(), ties, "headline-network");
        facts.push(Fact { of: of.clone(), ..network });
        facts.push(fact(t(l, "headline.density"), num(n.density, 3, l), None, "headline-density"));
        // Named like the network's fact: the network view counts one relation's communities,
        // the overview the main relation's (all combined), and "社群 7" beside "11 个社群" read
        // as a contradiction.
        let communities =
            fact(t(l, "headline.communities"), n.communities.to_string(), None, "headline-communities");
        facts.push(Fact { of, ..communities });
    }
    facts
}

/// Up to [`MAX_FINDINGS`] key findings of the report, the most useful first: the weakest
/// dimension, reliability, group differences, the network, who is named most, who holds it
/// together, what is apart, the introductions, the strongest dimension and the stages.
pub fn findings(report: &Report) -> Vec<Finding> {
    findings_counting(report, &|dims| weak_count(report, dims))
}

/// [`findings`], with the organizations weak on dimensions counted by `weak_count` (which must
/// count as [`weak_count`] does: the page passes a count it made ahead, in slices).
pub fn findings_counting(report: &Report, weak_count: &dyn Fn(&[usize]) -> usize) -> Vec<Finding> {
    let mut out = change(report);
    let (weakest, reliability) = (weakest_dimension(report, weak_count), reliability_finding(report));
    // A weakest dimension measured poorly: reliability first, so that the overview does not
    // lead with a conclusion its next sentence doubts (a phone walkthrough met "F is weakest"
    // and then "α = 0.00").
    if lowest_alpha(report, &weakest_dimensions(report)) < POOR_ALPHA {
        out.extend(reliability.into_iter().chain(weakest));
    } else {
        out.extend(weakest.into_iter().chain(reliability));
    }
    out.extend(group_difference(report));
    if let Some(rel) = main_relation(report) {
        out.extend(network(rel));
        out.extend(most_named(rel));
        out.extend(brokers(rel));
        out.extend(fragmented(rel).or_else(|| shorter_paths(rel)));
        out.extend(introductions(rel));
    }
    out.extend(strongest_dimension(report));
    out.extend(stage(report));
    out.truncate(MAX_FINDINGS);
    out
}

fn scale(d: &crate::report::DimensionReport) -> Vec<(&'static str, Value)> {
    vec![("min", Value::Number(d.scale_min, 0)), ("max", Value::Number(d.scale_max, 0))]
}

/// Decimals of a dimension's mean in a finding: dimensions equal at this precision are tied.
const MEAN_DIGITS: usize = 2;

/// The dimensions with the lowest (`highest` false) or highest mean as the finding shows it
/// (rounded to [`MEAN_DIGITS`]): their positions in the report, in report order. Empty when no
/// dimension has a mean.
fn extreme_dimensions(report: &Report, highest: bool) -> Vec<usize> {
    let shown =
        |m: f64| crate::report::format::num(Some(m), MEAN_DIGITS, Lang::En).parse::<f64>().unwrap_or(m);
    let means: Vec<(usize, f64)> = report
        .capacity
        .dimensions
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((i, shown(d.mean.filter(|m| m.is_finite())?))))
        .collect();
    let pick = means.iter().map(|(_, m)| *m).reduce(|a, b| if highest { a.max(b) } else { a.min(b) });
    let tied: Vec<usize> = means.iter().filter(|(_, m)| Some(*m) == pick).map(|(i, _)| *i).collect();
    // The sentence gives one scale: a tied dimension on another scale is not named with it.
    let dims = &report.capacity.dimensions;
    let scale = |i: usize| (dims[i].scale_min, dims[i].scale_max);
    tied.iter().copied().filter(|&i| scale(i) == scale(tied[0])).collect()
}

/// The first of `dims` as the finding's dimension; the others (tied with it) as `tied`.
fn dimension_args(report: &Report, dims: &[usize]) -> Vec<(&'static str, Value)> {
    let key = |i: &usize| report.capacity.dimensions[*i].key.clone();
    let mut args = vec![("dimension", Value::Dimension(key(&dims[0])))];
    if dims.len() > 1 {
        args.push(("tied", Value::Dimensions(dims[1..].iter().map(key).collect())));
    }
    args
}

/// The score on a dimension's answer scale below which an organization counts as weak on it:
/// [`WEAK_SCORE`] of 100 once rescaled (the scale of the dimension's row and of the
/// organizations table's dimension columns).
pub fn weak_cut(d: &crate::report::DimensionReport) -> f64 {
    d.scale_min + WEAK_SCORE / 100.0 * (d.scale_max - d.scale_min)
}

/// The dimensions (positions in the report) of `dims` on which organization `o` is weak
/// (below [`weak_cut`]): the weakest-dimension finding counts the organizations weak on any
/// of its dimensions, and the organizations table it opens marks the same ones.
pub fn weak_on(report: &Report, dims: &[usize], o: &crate::report::OrgCapacity) -> Vec<usize> {
    let cap = &report.capacity;
    dims.iter()
        .copied()
        .filter(|&k| {
            let d = &cap.dimensions[k];
            o.scores.get(&d.key).copied().flatten().is_some_and(|x| x < weak_cut(d))
        })
        .collect()
}

/// The organizations table's cell for a score `value` when ordered by `ordered` dimensions, of
/// which the organization is weak on those named `weak` (see [`weak_on`]), and what it leaves
/// out, shown on hover: weak on the one ordered by, "value (weak)"; on some of several, "value
/// (weak on 2)" with the dimensions' names on hover (named in the cell, they took two lines at
/// 1280 px); the value alone when weak on none.
pub fn weak_cell(value: String, weak: &[String], ordered: usize, lang: Lang) -> (String, Option<String>) {
    let mark = t(lang, "capacity.weak_mark");
    match weak.len() {
        0 => (value, None),
        _ if ordered <= 1 => (tf(lang, "capacity.weak_one", &[("value", value), ("mark", mark)]), None),
        n => {
            // "of how many": an organization's page marks it on every dimension, not these.
            let args = [
                ("value", value),
                ("mark", mark.clone()),
                ("count", n.to_string()),
                ("ordered", ordered.to_string()),
            ];
            let names = [("mark", mark), ("dimensions", crate::labels::join_list(weak, lang))];
            (tf(lang, "capacity.weak_count", &args), Some(tf(lang, "capacity.weak_on", &names)))
        }
    }
}

/// How many organizations are weak on any of `dims` (as [`weak_on`] says), with each cut
/// found once and no list per organization: the finding and the table's note count a million
/// organizations while the page shows the result.
pub fn weak_count(report: &Report, dims: &[usize]) -> usize {
    weak_count_in(report, dims, 0..report.capacity.organizations.len())
}

/// [`weak_count`] of the organizations at `rows` (the page counts a million organizations a
/// slice at a time before it shows them: the whole count was a 60 ms piece of one task).
pub fn weak_count_in(report: &Report, dims: &[usize], rows: std::ops::Range<usize>) -> usize {
    let cap = &report.capacity;
    let cuts: Vec<(&str, f64)> =
        dims.iter().map(|&k| (cap.dimensions[k].key.as_str(), weak_cut(&cap.dimensions[k]))).collect();
    // Each key is looked for first where the last organization had it (`Scores::get_hinted`):
    // a binary search per organization and dimension was 90 ms of a million organizations.
    let mut hints = vec![0usize; cuts.len()];
    cap.organizations
        .get(rows)
        .unwrap_or_default()
        .iter()
        .filter(|o| {
            cuts.iter().zip(hints.iter_mut()).any(|(&(key, cut), hint)| {
                o.scores.get_hinted(key, hint).copied().flatten().is_some_and(|x| x < cut)
            })
        })
        .count()
}

/// The dimensions an organizations-table route orders by (`Route::order`): one dimension's
/// key, or the keys of several joined by `,` (the weakest-dimension finding's tied ones);
/// positions in the report, `None` when a key is not a dimension.
pub fn order_dimensions(report: &Report, order: &str) -> Option<Vec<usize>> {
    let dims = &report.capacity.dimensions;
    let at = |k: &str| dims.iter().position(|d| d.key == k);
    match at(order) {
        Some(i) => Some(vec![i]),
        None => order.split(',').map(at).collect::<Option<Vec<usize>>>().filter(|v| v.len() > 1),
    }
}

/// The dimensions the weakest-dimension finding names (tied ones share a mean and scale), in
/// report order; its count is of the organizations weak on any of them ([`weak_count`]).
pub fn weakest_dimensions(report: &Report) -> Vec<usize> {
    extreme_dimensions(report, false)
}

fn weakest_dimension(report: &Report, weak_count: &dyn Fn(&[usize]) -> usize) -> Option<Finding> {
    let cap = &report.capacity;
    let dims = weakest_dimensions(report);
    let i = *dims.first()?;
    let d = &cap.dimensions[i];
    let cut = weak_cut(d);
    // Organizations weak on any of the tied dimensions (which share the scale).
    let weak = weak_count(&dims);
    let mut args = dimension_args(report, &dims);
    args.extend([
        ("mean", Value::Number(d.mean?, MEAN_DIGITS)),
        ("count", Value::Count(weak)),
        ("cut", Value::Number(cut, MEAN_DIGITS)),
    ]);
    args.extend(scale(d));
    args.extend(caveat(report, &dims));
    // The dimension is in the capacity view; the organizations weak on it in the table of all
    // of them, ordered by their score on it (weakest first) — tied dimensions: by the lower of
    // their scores, so the organizations counted (weak on either) come first.
    let keys: Vec<&str> = dims.iter().map(|&k| cap.dimensions[k].key.as_str()).collect();
    let also = (weak > 0).then(|| AlsoLink {
        target: Route::organizations_by(keys.join(",")),
        anchor: anchor::ORGANIZATIONS,
        words: "overview.see_weakest",
    });
    Some(Finding {
        also,
        ..Finding::new(Kind::WeakestDimension, View::Capacity, args).at(anchor::dimension(i))
    })
}

/// The caveat on the weakest or strongest of `dims`, with its numbers: a dimension among them
/// measured poorly (α below [`POOR_ALPHA`]: its items may not measure one thing), else the
/// dimensions' means, rescaled to 0–100, all within [`CLOSE_SPREAD`] (a phone walkthrough met
/// a "weakest" dimension with α 0.00, 0.03 below the strongest on a 1–5 scale).
/// The lowest reliability among the dimensions `dims` (infinite when none has one).
fn lowest_alpha(report: &Report, dims: &[usize]) -> f64 {
    let all = &report.capacity.dimensions;
    dims.iter().filter_map(|&i| reliability(&all[i])).fold(f64::INFINITY, f64::min)
}

fn caveat(report: &Report, dims: &[usize]) -> Vec<(&'static str, Value)> {
    let all = &report.capacity.dimensions;
    let alpha = lowest_alpha(report, dims);
    let rescaled: Vec<f64> =
        all.iter().filter_map(|d| d.rescale(d.mean.filter(|m| m.is_finite())?)).collect();
    let (lo, hi) =
        rescaled.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), m| (lo.min(*m), hi.max(*m)));
    let (poor, close) = (alpha < POOR_ALPHA, rescaled.len() >= 2 && hi - lo < CLOSE_SPREAD);
    let words = match (poor, close) {
        (true, true) => "finding.caveat_both",
        (true, false) => "finding.caveat_alpha",
        (false, true) => "finding.caveat_close",
        (false, false) => return Vec::new(),
    };
    let mut args = vec![("caveat", Value::Words(words))];
    if poor {
        args.push(("alpha", Value::Number(alpha, 2)));
    }
    if close {
        args.push(("spread", Value::Number(hi - lo, 1)));
    }
    args
}

fn strongest_dimension(report: &Report) -> Option<Finding> {
    let dims = &report.capacity.dimensions;
    if dims.len() < 2 {
        return None;
    }
    let top = extreme_dimensions(report, true);
    let i = *top.first()?;
    let d = &dims[i];
    let mut args = dimension_args(report, &top);
    args.push(("mean", Value::Number(d.mean?, MEAN_DIGITS)));
    args.extend(scale(d));
    args.extend(caveat(report, &top));
    Some(Finding::new(Kind::StrongestDimension, View::Capacity, args).at(anchor::dimension(i)))
}

fn reliability_finding(report: &Report) -> Option<Finding> {
    let dims: Vec<(&str, f64)> =
        report.capacity.dimensions.iter().filter_map(|d| Some((d.key.as_str(), reliability(d)?))).collect();
    if dims.is_empty() {
        return None;
    }
    let low = dims.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let high = dims.iter().map(|d| d.1).fold(f64::NEG_INFINITY, f64::max);
    let unreliable = dims.iter().filter(|d| d.1 < RELIABLE_ALPHA).count();
    let count = ("count", Value::Count(dims.len()));
    let finding = if unreliable == 0 {
        Finding::new(
            Kind::Reliable,
            View::Capacity,
            vec![count, ("low", Value::Number(low.1, 2)), ("high", Value::Number(high, 2))],
        )
    } else {
        Finding::new(
            Kind::Unreliable,
            View::Capacity,
            vec![
                ("unreliable", Value::Count(unreliable)),
                count,
                ("dimension", Value::Dimension(low.0.to_string())),
                ("alpha", Value::Number(low.1, 2)),
            ],
        )
    };
    Some(finding.at(anchor::RELIABILITY))
}

fn group_difference(report: &Report) -> Option<Finding> {
    let cap = &report.capacity;
    // The clearest difference in the capacity index (smallest p) among attributes with at least
    // two groups of a known mean.
    let tested = cap.groups.iter().filter_map(|g| {
        let test = g.tests.iter().find(|t| t.outcome == "index")?;
        let p = test.kruskal.as_ref()?.p;
        let means: Vec<(&str, f64)> =
            g.levels.iter().filter_map(|l| Some((l.level.as_str(), l.means.get("index")?.mean?))).collect();
        (means.len() >= 2 && p.is_finite()).then_some((g, p, means))
    });
    let (g, p, means) = tested.min_by(|a, b| a.1.total_cmp(&b.1))?;
    if p >= SIGNIFICANT_P {
        // No clear difference: said for the grouping attribute the settings chose.
        let grouping = cap.settings.group_by.as_deref()?;
        let p = cap
            .groups
            .iter()
            .find(|g| g.attribute == grouping)
            .and_then(|g| g.tests.iter().find(|t| t.outcome == "index"))
            .and_then(|t| t.kruskal.as_ref())
            .map(|k| k.p)?;
        return Some(
            Finding::new(
                Kind::NoGroupDifference,
                View::Capacity,
                vec![("attribute", Value::Attribute(grouping.to_string())), ("p", Value::P(p))],
            )
            .at(anchor::GROUPS),
        );
    }
    let by = |a: &&(&str, f64), b: &&(&str, f64)| a.1.total_cmp(&b.1);
    let high = means.iter().max_by(by)?;
    let low = means.iter().min_by(by)?;
    Some(
        Finding::new(
            Kind::GroupDifference,
            View::Capacity,
            vec![
                ("attribute", Value::Attribute(g.attribute.clone())),
                ("p", Value::P(p)),
                ("high", Value::Text(high.0.to_string())),
                ("high_index", Value::Number(high.1, 0)),
                ("low", Value::Text(low.0.to_string())),
                ("low_index", Value::Number(low.1, 0)),
            ],
        )
        .at(anchor::GROUPS),
    )
}

fn network(rel: &RelationReport) -> Option<Finding> {
    let g = &rel.graph;
    if g.nodes == 0 {
        return None;
    }
    Some(
        Finding::new(
            Kind::Network,
            View::Network,
            vec![
                ("relation", Value::Relation(rel.key.clone())),
                ("nodes", Value::Count(g.nodes)),
                ("outside", Value::Count(g.non_respondents)),
                ("ties", Value::Count(g.edges)),
                ("density", Value::Number(g.density?, 3)),
                ("communities", Value::Count(crate::report::communities_with_ties(&rel.nodes))),
            ],
        )
        .at(anchor::relation_row(&rel.key))
        .showing(Route::network(rel.key.clone())),
    )
}

fn most_named(rel: &RelationReport) -> Option<Finding> {
    let top: Vec<(String, usize)> = crate::report::top_by_in_degree(&rel.nodes, 3)
        .into_iter()
        .filter(|n| n.in_degree > 0)
        .map(|n| (n.name.clone(), n.in_degree))
        .collect();
    (!top.is_empty()).then(|| {
        Finding::new(
            Kind::MostNamed,
            View::Network,
            vec![("relation", Value::Relation(rel.key.clone())), ("names", Value::CountedNames(top))],
        )
        .at(anchor::most_named(&rel.key))
        .showing(Route::network(rel.key.clone()))
    })
}

fn brokers(rel: &RelationReport) -> Option<Finding> {
    let s = rel.suggestions.as_ref()?;
    let cutting: Vec<_> = s.cutting_brokers().collect();
    let most = cutting.iter().map(|b| b.cut_off).max()?;
    Some(
        Finding::new(
            Kind::Brokers,
            View::Cultivate,
            vec![
                // Every organization whose loss cuts surveyed organizations off (the cultivate
                // view lists the few that cut off the most), not every cut vertex: one whose
                // loss cuts off only names pending review is none.
                ("count", Value::Count(s.cutting_brokers_found.max(cutting.len()))),
                ("names", Value::Names(cutting.iter().take(3).map(|b| b.name.clone()).collect())),
                ("cut_off", Value::Count(most)),
            ],
        )
        .at(anchor::brokers(&rel.key)),
    )
}

fn fragmented(rel: &RelationReport) -> Option<Finding> {
    let g = &rel.graph;
    if g.weak_components < 2 {
        return None;
    }
    let connecting = rel.suggestions.as_ref().map_or(0, |s| {
        s.new_ties.iter().filter(|t| t.reason == "join_components" || t.reason == "connect_isolate").count()
    });
    Some(
        Finding::new(
            Kind::Fragmented,
            View::Cultivate,
            vec![
                ("outside", Value::Count(g.nodes - g.largest_weak_component)),
                ("pieces", Value::Count(g.weak_components - 1)),
                ("ties", Value::Count(connecting)),
            ],
        )
        .at(anchor::new_ties(&rel.key)),
    )
}

fn shorter_paths(rel: &RelationReport) -> Option<Finding> {
    let ties: Vec<_> =
        rel.suggestions.as_ref()?.new_ties.iter().filter(|t| t.reason == "shorten_paths").collect();
    let before = ties.first()?.average_distance_before?;
    let after = ties.iter().filter_map(|t| t.average_distance_after).fold(f64::INFINITY, f64::min);
    after.is_finite().then(|| {
        Finding::new(
            Kind::ShorterPaths,
            View::Cultivate,
            vec![
                ("ties", Value::Count(ties.len())),
                ("before", Value::Number(before, 2)),
                ("after", Value::Number(after, 2)),
            ],
        )
        .at(anchor::new_ties(&rel.key))
    })
}

fn introductions(rel: &RelationReport) -> Option<Finding> {
    let intros = &rel.suggestions.as_ref()?.introductions;
    if intros.is_empty() {
        return None;
    }
    // Distinct organizations counted by marking their node index (linear): sorting 100,000
    // indexes was about 25 ms of the task that mounts the overview.
    let mut seen = vec![false; intros.iter().map(|i| i.node + 1).max().unwrap_or(0)];
    let orgs = intros.iter().filter(|i| !std::mem::replace(&mut seen[i.node], true)).count();
    // Said by kind: a walkthrough read every one as "strong where they are weak" (the demo's
    // 323 hold 89 across a structural hole, some for an organization without scores).
    let holes = intros.iter().filter(|i| i.dimension.is_none()).count();
    let mut args = vec![("count", Value::Count(intros.len())), ("orgs", Value::Count(orgs))];
    if holes > 0 {
        args.push(("holes", Value::Count(holes)));
    }
    if holes > 0 && holes < intros.len() {
        args.push(("capacity", Value::Count(intros.len() - holes)));
    }
    Some(Finding::new(Kind::Introductions, View::Cultivate, args).at(anchor::introductions(&rel.key)))
}

fn stage(report: &Report) -> Option<Finding> {
    let stages = report.capacity.stages.as_ref()?;
    let total: usize = stages.counts.values().sum();
    let (key, count) = stages.counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    (total > 0).then(|| {
        Finding::new(
            Kind::Stage,
            View::Capacity,
            vec![
                ("stage", Value::Stage(key.clone())),
                ("meaning", Value::StageMeaning(key.clone())),
                ("count", Value::Count(*count)),
                ("total", Value::Count(total)),
            ],
        )
        .at(anchor::STAGES)
    })
}

/// The paragraph on survey rounds (none without a `waves` section): membership, the dimension
/// that changed most, and the main network's ties.
pub fn change(report: &Report) -> Vec<Finding> {
    let Some(w) = report.waves.as_ref() else { return Vec::new() };
    let c = &w.comparison;
    let span =
        || vec![("from", Value::Text(w.labels[c.from].clone())), ("to", Value::Text(w.labels[c.to].clone()))];
    let m = &c.organizations;
    let mut args = span();
    args.extend([
        ("joined", Value::Count(m.joined.len())),
        ("left", Value::Count(m.left.len())),
        ("stayed", Value::Count(m.stayed.len())),
    ]);
    let mut out = vec![Finding::new(Kind::ChangeMembers, View::Change, args).at(anchor::CHANGE_MEMBERS)];
    let biggest = c.capacity.dimensions.iter().filter(|d| d.change.is_some()).max_by(|a, b| {
        a.change.map(f64::abs).partial_cmp(&b.change.map(f64::abs)).unwrap_or(std::cmp::Ordering::Equal)
    });
    if let Some(d) = biggest
        && let (Some(change), Some(p)) = (d.change, d.t_p)
    {
        let mut args = span();
        let verdict = if p < SIGNIFICANT_P { "change.verdict_clear" } else { "change.verdict_unclear" };
        args.extend([
            ("dimension", Value::Dimension(d.key.clone())),
            ("change", Value::Change(change, 2)),
            ("n", Value::Count(d.n_paired)),
            ("p", Value::P(p)),
            ("verdict", Value::Words(verdict)),
        ]);
        // The means of all organizations of each round differ from the paired change when
        // organizations joined or left (the walkthrough read +0.77 beside means 0.65 apart).
        let means = (d.means.get(c.from).copied().flatten(), d.means.get(c.to).copied().flatten());
        if let (Some(from), Some(to)) = means
            && !(m.joined.is_empty() && m.left.is_empty())
        {
            args.extend([
                ("mean_from", Value::Number(from, 2)),
                ("mean_to", Value::Number(to, 2)),
                ("means_change", Value::Change(to - from, 2)),
            ]);
        }
        out.push(Finding::new(Kind::ChangeCapacity, View::Change, args).at(anchor::CHANGE_CAPACITY));
    }
    let main = main_relation(report).map(|r| r.key.as_str());
    if let Some(rel) = c.network.iter().find(|r| Some(r.relation.as_str()) == main).or(c.network.first()) {
        // The network's size in each round first: the tie counts that follow are among
        // organizations in both rounds only, and read alone they hid a network that grew.
        let (Some(Some(from)), Some(Some(to))) = (rel.per_wave.first(), rel.per_wave.last()) else {
            return out;
        };
        let args = vec![
            ("relation", Value::Relation(rel.relation.clone())),
            ("edges_from", Value::Count(from.edges)),
            ("nodes_from", Value::Count(from.nodes)),
            ("edges_to", Value::Count(to.edges)),
            ("nodes_to", Value::Count(to.nodes)),
            ("added", Value::Count(rel.ties_added)),
            ("dropped", Value::Count(rel.ties_dropped)),
            ("kept", Value::Count(rel.ties_kept)),
        ];
        out.push(Finding::new(Kind::ChangeNetwork, View::Change, args).at(anchor::CHANGE_NETWORK));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> crate::pipeline::Analysis {
        crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap()
    }

    #[test]
    fn a_weak_cell_counts_several_dimensions_and_names_them_on_hover() {
        let two = ["专业化".to_string(), "资金来源多样性".to_string()];
        assert_eq!(weak_cell("3.10".into(), &[], 2, Lang::Zh), ("3.10".into(), None));
        assert_eq!(weak_cell("2.10".into(), &two[..1], 1, Lang::Zh), ("2.10（偏弱）".into(), None));
        // Short enough for one line of the table's column at 1280 px (it took two with the
        // names: "2.40（偏弱：专业化、资金来源多样性）"); the names whole on hover. "Of how
        // many": the organization's page marks every dimension it is weak on, not only these.
        assert_eq!(
            weak_cell("2.40".into(), &two, 2, Lang::Zh),
            ("2.40（2 项中 2 项偏弱）".into(), Some("偏弱：专业化、资金来源多样性".into()))
        );
        assert_eq!(
            weak_cell("2.40".into(), &two[1..], 2, Lang::En),
            ("2.40 (weak on 1 of 2)".into(), Some("weak: 资金来源多样性".into()))
        );
        assert_eq!(weak_cell("2.40".into(), &two, 2, Lang::ZhHant).0, "2.40（2 項中 2 項偏弱）");
    }

    /// A network of respondents only says so, not "0 of them named by others but not
    /// surveyed" (a walkthrough found that sentence with several respondents per organization).
    #[test]
    fn a_network_of_respondents_only_says_all_were_surveyed() {
        let network_finding = |responses: &str| {
            let file = crate::pipeline::InputFile {
                name: "survey.csv".into(),
                bytes: responses.as_bytes().to_vec(),
                kind: None,
            };
            let a = crate::pipeline::run(&[file], &Default::default(), &|| 0.0).unwrap();
            let f =
                findings(&a.report).into_iter().find(|x| x.kind == Kind::Network).expect("a network finding");
            (f.text(&a.report, Lang::Zh), f.text(&a.report, Lang::En))
        };
        let (zh, en) = network_finding("org_name,k_1,k_2,partners\nA,3,4,B;C\nB,2,3,A\nC,4,4,A;B\n");
        assert!(zh.contains("均参与了调查") && !zh.contains("0 家"), "{zh}");
        assert!(en.contains("all of them surveyed"), "{en}");
        // With a partner outside the survey, the count is given.
        let (zh, _) = network_finding("org_name,k_1,k_2,partners\nA,3,4,B;Z\nB,2,3,A\n");
        assert!(zh.contains("其中 1 家被提名但未参与调查"), "{zh}");
    }

    /// The introductions finding counts each organization once, in any order of the list.
    #[test]
    fn introductions_count_distinct_organizations() {
        let a = demo();
        let mut rel = a.report.network.relations.iter().find(|r| r.settings.combined).unwrap().clone();
        let intros = &mut rel.suggestions.as_mut().unwrap().introductions;
        let one = intros.clone();
        // Repeated and reversed: the same organizations.
        intros.extend(one.iter().rev().cloned());
        let distinct: std::collections::BTreeSet<usize> = one.iter().map(|i| i.node).collect();
        assert!(distinct.len() > 1);
        let f = introductions(&rel).unwrap();
        assert_eq!(f.arg("orgs"), Some(&Value::Count(distinct.len())));
        assert_eq!(f.arg("count"), Some(&Value::Count(2 * one.len())));
        rel.suggestions.as_mut().unwrap().introductions.clear();
        assert!(introductions(&rel).is_none());
    }

    #[test]
    fn the_demo_has_five_to_eight_findings_each_pointing_to_a_view() {
        let a = demo();
        let f = findings(&a.report);
        assert!((5..=MAX_FINDINGS).contains(&f.len()), "{} findings", f.len());
        let kinds: Vec<Kind> = f.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::WeakestDimension,
                Kind::Reliable,
                Kind::GroupDifference,
                Kind::Network,
                Kind::MostNamed,
                Kind::Brokers,
                Kind::Fragmented,
                Kind::Introductions
            ]
        );
        for x in &f {
            assert_ne!(x.target.view, View::Overview, "{:?} links to a view that shows it", x.kind);
        }
        // Professionalization has the lowest mean (3.12 of 5).
        assert_eq!(f[0].arg("dimension"), Some(&Value::Dimension("professionalization".into())));
        // Budget band separates capacity most clearly: > 2 million yuan highest, < 100,000 lowest.
        assert_eq!(f[2].arg("attribute"), Some(&Value::Attribute("budget_band".into())));
        assert_eq!(f[2].arg("high"), Some(&Value::Text(">200万".into())));
        assert_eq!(f[2].arg("low"), Some(&Value::Text("<10万".into())));
        // The network findings speak of all relations combined.
        assert_eq!(f[3].arg("relation"), Some(&Value::Relation("combined".into())));
        assert_eq!(f[3].arg("nodes"), Some(&Value::Count(148)));
        // Each link goes where its answer is: the weakest dimension's row in the capacity
        // view, and the organizations weak on it in the table of all of them (weakest first).
        let dims = &a.report.capacity.dimensions;
        let i = dims.iter().position(|d| d.key == "professionalization").unwrap();
        assert_eq!((f[0].target.view, f[0].anchor.clone()), (View::Capacity, Some(anchor::dimension(i))));
        let also = f[0].also.as_ref().expect("organizations weak on it");
        // … ordered by their score on that dimension and the one tied with it, weakest first.
        assert_eq!(also.target, Route::organizations_by("professionalization,funding"));
        assert_eq!(also.anchor, anchor::ORGANIZATIONS);
        let at = |k: Kind| f.iter().find(|x| x.kind == k).and_then(|x| x.anchor.clone());
        assert_eq!(at(Kind::Reliable).as_deref(), Some(anchor::RELIABILITY));
        assert_eq!(at(Kind::GroupDifference).as_deref(), Some(anchor::GROUPS));
        assert_eq!(at(Kind::Brokers), Some(anchor::brokers("combined")));
        // The brokers' count is every organization whose loss cuts surveyed ones off: more
        // than the key brokers listed where the link goes (a walkthrough found two unlisted
        // under "5"), fewer than the cut vertices the network view counts.
        let combined = a.report.network.relations.iter().find(|r| r.key == "combined").unwrap();
        let listed = combined.suggestions.as_ref().unwrap().cutting_brokers().count();
        let found = combined.suggestions.as_ref().unwrap().cutting_brokers_found;
        assert!(combined.graph.cut_vertices > found && found > listed, "{found} of {listed}");
        let brokers = f.iter().find(|x| x.kind == Kind::Brokers).unwrap();
        assert_eq!(brokers.arg("count"), Some(&Value::Count(found)));
        // The demo's introductions by kind, the two counts adding up.
        let intros = f.iter().find(|x| x.kind == Kind::Introductions).unwrap();
        let sug = combined.suggestions.as_ref().unwrap();
        let holes = sug.introductions.iter().filter(|i| i.kind == "structural_hole").count();
        assert!(holes > 0 && holes < sug.introductions.len());
        assert_eq!(intros.arg("holes"), Some(&Value::Count(holes)));
        assert_eq!(intros.arg("capacity"), Some(&Value::Count(sug.introductions.len() - holes)));
        let zh = intros.text(&a.report, Lang::Zh);
        assert!(zh.contains(&format!("；{holes} 次引荐的是其他社群中联系最多的成员")), "{zh}");
        // The demo's seven each cut off one organization: said so, not "up to 1".
        assert_eq!(brokers.arg("cut_off"), Some(&Value::Count(1)));
        let zh = brokers.text(&a.report, Lang::Zh);
        assert!(
            zh.starts_with("7 家关键中介机构各自是某一家机构")
                && zh.ends_with("都会有 1 家机构与其他机构失去联系。"),
            "{zh}"
        );
        let mut two = brokers.clone();
        two.args.iter_mut().filter(|(k, _)| *k == "cut_off").for_each(|(_, v)| *v = Value::Count(2));
        assert!(two.text(&a.report, Lang::En).ends_with("(up to 2)."));
        assert_eq!(at(Kind::Fragmented), Some(anchor::new_ties("combined")));
        assert_eq!(at(Kind::Introductions), Some(anchor::introductions("combined")));
        // The network's numbers in its row of the relations table; who is named most in the
        // table of the most named.
        assert_eq!(at(Kind::Network), Some(anchor::relation_row("combined")));
        assert_eq!(at(Kind::MostNamed), Some(anchor::most_named("combined")));
        // The network view shows the relation they are about.
        for x in f.iter().filter(|x| x.target.view == View::Network) {
            let Some(Value::Relation(key)) = x.arg("relation") else { panic!("{x:?} names no relation") };
            assert_eq!(x.target, Route::network(key.clone()));
        }
        // Only the weakest dimension counts organizations.
        assert!(f.iter().skip(1).all(|x| x.also.is_none()));
    }

    /// Dimensions equal at the precision shown are named together: the demo's
    /// professionalization and funding diversity both average 3.12.
    #[test]
    fn dimensions_tied_at_the_precision_shown_are_named_together() {
        let mut a = demo();
        let dims = &a.report.capacity.dimensions;
        let mean = |k: &str| dims.iter().find(|d| d.key == k).and_then(|d| d.mean).unwrap();
        assert_eq!(format!("{:.2} {:.2}", mean("professionalization"), mean("funding")), "3.12 3.12");
        let weakest = |a: &crate::pipeline::Analysis| {
            findings(&a.report).into_iter().find(|f| f.kind == Kind::WeakestDimension).unwrap()
        };
        let f = weakest(&a);
        assert_eq!(f.arg("tied"), Some(&Value::Dimensions(vec!["funding".into()])));
        let zh = f.text(&a.report, Lang::Zh);
        assert!(zh.starts_with("“专业化”与“资金来源多样性”并列最薄弱的维度（平均都是 3.12"), "{zh}");
        assert!(f.text(&a.report, Lang::ZhHant).starts_with("「專業化」與「資金來源多樣性」並列"));
        let en = f.text(&a.report, Lang::En);
        assert!(en.starts_with("Professionalization and Funding diversity are tied as the weakest"), "{en}");
        // One scale in the sentence: the mean's 1–5, and weak is below 2.60 on it (40 of 100
        // once rescaled), not "40 of 100" beside "3.12 on 1–5".
        assert!(
            zh.contains("量表 1–5）；") && zh.contains("得分低于 2.60（同一量表）") && !zh.contains("100"),
            "{zh}"
        );
        // The count: organizations below 2.6 on either dimension, counted here directly.
        let low = |o: &crate::report::OrgCapacity, k: &str| o.scores[k].is_some_and(|x| x < 2.6);
        let either = a
            .report
            .capacity
            .organizations
            .iter()
            .filter(|o| low(o, "professionalization") || low(o, "funding"))
            .count();
        assert_eq!(f.arg("count"), Some(&Value::Count(either)));
        // Its link orders the table by both (the lower of the two scores), so those counted
        // come first; the table marks the same organizations (`weak_on`).
        assert_eq!(f.also.as_ref().unwrap().target, Route::organizations_by("professionalization,funding"));
        let dims = order_dimensions(&a.report, "professionalization,funding").unwrap();
        let marked =
            a.report.capacity.organizations.iter().filter(|o| !weak_on(&a.report, &dims, o).is_empty());
        assert_eq!(marked.count(), either);
        assert_eq!(weak_count(&a.report, &dims), either);
        // Counted in slices of any size, the same count.
        let n = a.report.capacity.organizations.len();
        for size in [1, 7, 50, n + 10] {
            let sliced: usize =
                (0..n).step_by(size).map(|s| weak_count_in(&a.report, &dims, s..(s + size).min(n))).sum();
            assert_eq!(sliced, either, "slices of {size}");
        }
        assert_eq!(weak_count_in(&a.report, &dims, n..n + 5), 0, "rows past the end count none");
        let mut lowest = weakest_dimensions(&a.report);
        lowest.sort_unstable();
        assert_eq!(lowest, {
            let mut d = dims.clone();
            d.sort_unstable();
            d
        });
        assert_eq!(findings_counting(&a.report, &|d| weak_count(&a.report, d)), findings(&a.report));
        let funding = a.report.capacity.dimensions.iter().position(|d| d.key == "funding");
        assert_eq!(order_dimensions(&a.report, "funding"), funding.map(|i| vec![i]));
        assert_eq!(order_dimensions(&a.report, "funding,nothing"), None);
        // 3.114 shows as 3.11, below 3.12: one weakest dimension, said as before.
        let at = |a: &crate::pipeline::Analysis, k: &str| {
            a.report.capacity.dimensions.iter().position(|d| d.key == k).unwrap()
        };
        let p = at(&a, "professionalization");
        a.report.capacity.dimensions[p].mean = Some(3.114);
        let f = weakest(&a);
        assert_eq!(
            (f.arg("dimension"), f.arg("tied")),
            (Some(&Value::Dimension("professionalization".into())), None)
        );
        assert!(f.text(&a.report, Lang::Zh).starts_with("“专业化”是最薄弱的维度"));
        // 3.116 shows as 3.12: tied again, though not equal.
        a.report.capacity.dimensions[p].mean = Some(3.116);
        assert!(weakest(&a).arg("tied").is_some());
    }

    #[test]
    fn findings_read_as_sentences_without_keys_in_every_language() {
        let a = demo();
        let f = findings(&a.report);
        for lang in [Lang::En, Lang::Zh, Lang::ZhHant] {
            for x in &f {
                let s = x.text(&a.report, lang);
                assert!(!s.contains('{'), "{s}");
                let snake = s
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .any(|w| w.contains('_') && w.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
                assert!(!snake, "an internal key in {lang:?}: {s}");
            }
        }
        let zh = f[0].text(&a.report, Lang::Zh);
        assert!(zh.starts_with("“专业化”与“资金来源多样性”并列"), "the labels in quotes: {zh}");
        let en = f[2].text(&a.report, Lang::En);
        assert!(en.contains("Annual budget band") && en.contains("p < 0.001"), "{en}");
    }

    /// The network, cultivate and chart views open on the relation the overview speaks of;
    /// counts beside names are in the language's brackets; the responses alone (no codebook)
    /// are said to have their items guessed.
    #[test]
    fn views_open_on_the_main_relation_and_a_missing_codebook_is_said() {
        let a = demo();
        let r = &a.report;
        assert_eq!(r.network.relations[main_relation_index(r)].key, "combined");
        assert_ne!(main_relation_index(r), 0, "the first relation is not the combined one");
        let named = findings(r).into_iter().find(|f| f.kind == Kind::MostNamed).expect("most named");
        let (zh, en) = (named.text(r, Lang::Zh), named.text(r, Lang::En));
        assert!(zh.contains("（") && !zh.contains(" ("), "{zh}");
        assert!(en.contains(" (") && !en.contains("（"), "{en}");
        assert!(!headline(r).inferred_items, "the demo has a codebook");
        let alone: Vec<_> =
            crate::demo::files().into_iter().filter(|f| f.name == "demo_responses.csv").collect();
        let alone = crate::pipeline::run(&alone, &Default::default(), &|| 0.0).unwrap();
        assert!(headline(&alone.report).inferred_items);
    }

    #[test]
    fn headline_counts_the_demo() {
        let a = demo();
        let h = headline(&a.report);
        assert_eq!((h.organizations, h.dimensions, h.reliable), (120, 5, 5));
        let n = h.network.unwrap();
        assert_eq!((n.relation.as_str(), n.nodes, n.ties), ("combined", 148, 690));
        let combined = a.report.network.relations.iter().find(|r| r.key == "combined").unwrap();
        // The demo's combined network has organizations without a tie, each a community of
        // its own in the partition, which the headline does not count (the legend lists them apart).
        let tied = crate::report::communities_with_ties(&combined.nodes);
        assert!(crate::report::without_ties(&combined.nodes) > 0);
        assert_eq!(combined.graph.communities, tied + crate::report::without_ties(&combined.nodes));
        assert_eq!(n.communities, tied);
        assert!(h.unmatched_names > 0 && h.unmatched_names <= a.report.network.unmatched.len());
        assert_eq!(h.warnings, a.report.input.warnings.len());
        // The communities' fact names the network they come from, as the network fact does:
        // a relation's own count (the network view's) differs.
        let facts = headline_facts(&a.report, &headline(&a.report), Lang::Zh);
        let c = facts.iter().find(|f| f.id == "headline-communities").unwrap();
        assert_eq!(
            (c.titled(Lang::Zh), c.value.clone()),
            ("社群（全部关系合并）".to_string(), tied.to_string())
        );
        assert_eq!((c.label.as_str(), c.detail_of(Lang::Zh)), ("社群", Some("全部关系合并".to_string())));
        let single = a.report.network.relations.iter().find(|r| !r.settings.combined).unwrap();
        assert_ne!(single.graph.communities, combined.graph.communities, "the walkthrough's 7 against 11");
        let en = headline_facts(&a.report, &headline(&a.report), Lang::En);
        assert_eq!(
            en.iter().find(|f| f.id == "headline-communities").unwrap().titled(Lang::En),
            "Communities (All relations combined)"
        );
    }

    #[test]
    fn a_report_without_a_network_or_scores_still_has_its_findings() {
        let mut a = demo();
        a.report.network.relations.clear();
        let f = findings(&a.report);
        assert!(f.iter().all(|x| x.target.view == View::Capacity), "{f:?}");
        assert!(f.iter().any(|x| x.kind == Kind::StrongestDimension));
        a.report.capacity.dimensions.clear();
        a.report.capacity.groups.clear();
        a.report.capacity.stages = None;
        assert!(findings(&a.report).is_empty());
        assert_eq!(headline(&a.report).network, None);
    }

    #[test]
    fn the_weakest_and_strongest_dimensions_are_hedged_when_measured_poorly_or_close() {
        let a = demo();
        // Called directly: the demo's strongest dimension is past the findings shown.
        let text = |r: &Report, kind: Kind, l: Lang| {
            let f = match kind {
                Kind::WeakestDimension => weakest_dimension(r, &|d| weak_count(r, d)),
                _ => strongest_dimension(r),
            };
            f.unwrap().text(r, l)
        };
        // The demo: α above 0.8 everywhere, means 7 of 100 apart: no caveat.
        let plain = text(&a.report, Kind::WeakestDimension, Lang::Zh);
        assert!(!plain.contains("不过"), "{plain}");
        // The weakest (tied) dimensions' lowest α below 0.6: said, with its value.
        let mut poor = a.report.clone();
        let weakest = weakest_dimensions(&poor);
        poor.capacity.dimensions[weakest[0]].alpha = Some(0.004);
        let zh = text(&poor, Kind::WeakestDimension, Lang::Zh);
        assert!(
            zh.ends_with("不过其信度很低（α = 0.00），各题未必在测量同一件事，这一结论仅供参考。"),
            "{zh}"
        );
        let en = text(&poor, Kind::WeakestDimension, Lang::En);
        assert!(en.ends_with(" But it is measured poorly (α = 0.00): its items may not measure one thing, so take this as a hint only."), "{en}");
        assert!(!text(&poor, Kind::StrongestDimension, Lang::Zh).contains("不过"));
        // Then the overview leads with the reliability finding, not with the doubted conclusion.
        let kinds = |r: &Report| findings(r).iter().map(|f| f.kind).take(2).collect::<Vec<_>>();
        assert_eq!(kinds(&poor), [Kind::Unreliable, Kind::WeakestDimension]);
        assert_eq!(kinds(&a.report), [Kind::WeakestDimension, Kind::Reliable]);
        // Every mean within 5 of 100 of the others (1–5 scales: within 0.2): both hedged,
        // with the spread rescaled (0.12 of 4 is 3.0 of 100).
        let mut close = a.report.clone();
        for (i, d) in close.capacity.dimensions.iter_mut().enumerate() {
            assert_eq!((d.scale_min, d.scale_max), (1.0, 5.0));
            d.mean = Some(3.0 + 0.03 * i as f64);
        }
        for kind in [Kind::WeakestDimension, Kind::StrongestDimension] {
            let zh = text(&close, kind, Lang::Zh);
            assert!(zh.ends_with("不过各维度的平均分相差很小（换算到 0–100 分后最多相差 3.0 分），这一高低之分不宜过度解读。"), "{zh}");
        }
        // Both at once: one sentence with both numbers.
        let mut both = close.clone();
        both.capacity.dimensions[weakest[0]].alpha = Some(0.3);
        both.capacity.dimensions[weakest[0]].mean = Some(2.98);
        let zh = text(&both, Kind::WeakestDimension, Lang::Zh);
        assert!(zh.ends_with("不过其信度很低（α = 0.30），且各维度的平均分相差很小（换算到 0–100 分后最多相差 3.5 分），这一结论仅供参考。"), "{zh}");
        // 0.24 of 4 is 6 of 100: not close.
        close.capacity.dimensions[0].mean = Some(2.88);
        assert!(!text(&close, Kind::WeakestDimension, Lang::Zh).contains("不过"));
    }
}
