//! One organization's page, as data: its scores against the sample's and its group's medians,
//! and its position in each network as ranks a coordinator can read ("named by 12, third of
//! 148"), its partners and the introductions suggested for it.
//!
//! Made from the report (and a relation's graph for its partners) when the page opens an
//! organization, so nothing is computed for the organizations nobody looks at.

use crate::network::ego::ego_network;
use crate::network::graph::Graph;
use crate::report::Introduction;
use crate::report::{RelationReport, Report};
use crate::stats::median;

/// Sentences about an organization's respondents, in the page's language: how many answered
/// and how their answers were combined (when several did), fewer than the minimum, and the
/// dimensions on which they disagree (rwg(j) below [`crate::report::AGREEMENT_MIN`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RespondentNotes {
    /// "3 people answered for this organization…"; `None` with one respondent.
    pub respondents: Option<String>,
    /// A caution when it has fewer respondents than the minimum.
    pub few: Option<String>,
    /// A caution naming the dimensions its respondents disagree on.
    pub disagree: Option<String>,
}

impl RespondentNotes {
    /// The notes of organization `o` of `report`.
    pub fn new(report: &Report, o: &crate::report::OrgCapacity, l: crate::i18n::Lang) -> Self {
        use crate::i18n::{t, tf};
        let settings = &report.capacity.settings;
        let respondents = (o.respondents > 1).then(|| {
            let method = t(l, &format!("settings.combine_{}", settings.combine));
            tf(l, "org.respondents", &[("n", o.respondents.to_string()), ("method", method)])
        });
        let few = o
            .few_respondents
            .then(|| tf(l, "org.respondents_few", &[("min", settings.min_respondents.to_string())]));
        let dims: Vec<String> =
            o.disagreements().map(|k| crate::labels::dimension_label(report, k, l)).collect();
        let disagree = (!dims.is_empty()).then(|| {
            let cutoff = format!("{:.2}", crate::report::AGREEMENT_MIN);
            tf(l, "org.disagree_note", &[("dims", crate::labels::join_names(&dims, l)), ("cutoff", cutoff)])
        });
        RespondentNotes { respondents, few, disagree }
    }
}

/// Where a score stands among others' (every organization with one, or its group's), said so
/// that it is true at the ends: the lowest or highest of N rather than "higher than about 0%"
/// or "about 100%".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Standing {
    /// The only organization with a score.
    Only,
    /// No other score is lower; `tied` when another is equal.
    Lowest { n: usize, tied: bool },
    /// No other score is higher; `tied` when another is equal.
    Highest { n: usize, tied: bool },
    /// Between the ends: its percentile rank (the report's, share below plus half the share
    /// equal), shown rounded but never as 0 or 100.
    Share(f64),
}

impl Standing {
    /// Where `x` stands among `values` (which include it); `percentile` is the report's number
    /// for it. `None` without a score or a percentile.
    pub fn new(
        values: impl Iterator<Item = f64>,
        x: Option<f64>,
        percentile: Option<f64>,
    ) -> Option<Standing> {
        // Equal to 12 significant digits is equal, as in the percentile (`stats::tie_key`).
        let x = crate::stats::tie_key(x?);
        let (mut n, mut below, mut above) = (0, 0, 0);
        for v in values.map(crate::stats::tie_key) {
            n += 1;
            below += usize::from(v < x);
            above += usize::from(v > x);
        }
        let tied = n > below + above + 1;
        Some(match (below, above) {
            _ if n <= 1 => Standing::Only,
            (0, a) if a > 0 => Standing::Lowest { n, tied },
            (b, 0) if b > 0 => Standing::Highest { n, tied },
            (0, 0) => Standing::Lowest { n, tied: true },
            _ => Standing::Share(percentile?),
        })
    }

    /// In words, in the page's language: `group` says "of its group" instead of "of the
    /// organizations surveyed".
    pub fn text(self, group: bool, l: crate::i18n::Lang) -> String {
        use crate::i18n::{t, tf};
        let whom = t(l, if group { "org.rank.whom_group" } else { "org.rank.whom_sample" });
        let of_n = |key: &str, n: usize| tf(l, key, &[("n", n.to_string()), ("whom", whom.clone())]);
        match self {
            Standing::Only => tf(l, "org.rank.only", &[("whom", whom)]),
            Standing::Lowest { n, tied: false } => of_n("org.rank.lowest", n),
            Standing::Lowest { n, tied: true } => of_n("org.rank.tied_lowest", n),
            Standing::Highest { n, tied: false } => of_n("org.rank.highest", n),
            Standing::Highest { n, tied: true } => of_n("org.rank.tied_highest", n),
            Standing::Share(p) => {
                let pct = format!("{:.0}", p.round().clamp(1.0, 99.0));
                tf(l, "org.rank.share", &[("pct", pct), ("whom", whom)])
            }
        }
    }
}

/// Where organization `o`'s capacity index stands in the sample, and in its group (when it has
/// one), in words.
pub fn index_standing(
    report: &Report,
    o: &crate::report::OrgCapacity,
    l: crate::i18n::Lang,
) -> (String, Option<String>) {
    let orgs = &report.capacity.organizations;
    let undefined = || crate::i18n::t(l, "common.undefined");
    let sample = Standing::new(orgs.iter().filter_map(|x| x.index), o.index, o.percentile)
        .map_or_else(undefined, |s| s.text(false, l));
    let group = o.group.as_ref().map(|g| {
        let members = orgs.iter().filter(|x| x.group.as_ref() == Some(g)).filter_map(|x| x.index);
        Standing::new(members, o.index, o.group_percentile).map_or_else(undefined, |s| s.text(true, l))
    });
    (sample, group)
}

/// A group's median is shown only when the group has at least this many organizations with a
/// capacity index (so that a median cannot reveal a few partners' scores; the feedback
/// profiles use the same rule).
pub const MIN_GROUP_FOR_MEDIAN: usize = 3;

/// One organization's page.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgPage {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its row in the capacity report (`None` for a partner who did not answer the survey).
    pub capacity: Option<usize>,
    /// Per dimension, then the capacity index (key `index`): its score and the medians.
    pub scores: Vec<ScoreRow>,
    /// Its group's median is shown (the group has at least [`MIN_GROUP_FOR_MEDIAN`] scored
    /// organizations).
    pub group_shown: bool,
    /// Its position in each network, in the report's order.
    pub positions: Vec<Position>,
}

/// A score of the organization beside the medians.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    /// Dimension key, or `index` for the capacity index (0–100).
    pub key: String,
    /// The organization's score.
    pub own: Option<f64>,
    /// The median of every organization with a score.
    pub sample: Option<f64>,
    /// The median of its group (when shown).
    pub group: Option<f64>,
}

/// Where the organization stands in one relation's network.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// Relation index in the report.
    pub relation: usize,
    /// Its node (`None` when it is not in this network).
    pub node: Option<usize>,
    /// Organizations that name it.
    pub in_degree: usize,
    /// Organizations it names.
    pub out_degree: usize,
    /// 1 + the number of organizations named by more others.
    pub named_rank: usize,
    /// Organizations in the network.
    pub nodes: usize,
    /// 1 + the number of organizations with a higher betweenness (`None` when not defined, or
    /// zero: an organization on no one else's shortest path bridges no one, whatever its rank).
    pub bridging_rank: Option<usize>,
    /// Its bridging rank is in the network's top tenth (`joint::cultivate::bridge_ranks`): it
    /// is said to bridge between others only then.
    pub bridges: bool,
    /// Removing it splits its component.
    pub cut_vertex: bool,
    /// Its community (from 0).
    pub community: usize,
    /// Organizations in its community.
    pub community_size: usize,
}

/// One of its partners in a network.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// Node index.
    pub node: usize,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The organization names this partner.
    pub named: bool,
    /// This partner names the organization.
    pub named_by: bool,
}

impl OrgPage {
    /// The page of the organization with this id (a respondent or a partner named by one).
    pub fn new(report: &Report, id: &str) -> Option<OrgPage> {
        let cap = &report.capacity;
        let row = cap.organizations.iter().position(|o| o.id == id);
        let rels = &report.network.relations;
        let name = match row {
            Some(i) => cap.organizations[i].name.clone(),
            None => rels.iter().find_map(|r| r.nodes.iter().find(|n| n.id == id))?.name.clone(),
        };
        let (scores, group_shown) = row.map(|i| scores(report, i)).unwrap_or_default();
        let positions = rels.iter().enumerate().map(|(k, r)| position(r, k, id)).collect();
        Some(OrgPage { id: id.to_string(), name, capacity: row, scores, group_shown, positions })
    }
}

/// How many organizations, in any relation, are suggested to meet the organization `id` (it
/// is the partner their introduction names): its page lists only its own introductions, while
/// the cultivate view's filter also finds these (a walkthrough read 2 there against 56).
pub fn suggested_to_others(report: &Report, id: &str) -> usize {
    // Introductions are for respondents, which are the first nodes of every relation in the
    // organizations' order: one flag per organization counts each once across relations.
    let mut who = vec![false; report.capacity.organizations.len()];
    for rel in &report.network.relations {
        let Some(s) = &rel.suggestions else { continue };
        let Some(v) = rel.nodes.iter().position(|n| n.id == id) else { continue };
        for i in s.introductions.iter().filter(|i| i.to == v) {
            if let Some(w) = who.get_mut(i.node) {
                *w = true;
            }
        }
    }
    who.iter().filter(|w| **w).count()
}

/// True when `o` has scores on two or more dimensions, all equal once rescaled: it has no
/// strength nor gap of its own, and the page says "all level" rather than leave the cells
/// blank (a walkthrough read a blank as missing data). Only dimensions whose scale spans more
/// than one point count, as for strengths and gaps (`capacity::strengths_and_gaps`).
pub fn all_level(report: &Report, o: &crate::report::OrgCapacity) -> bool {
    let dims = &report.capacity.dimensions;
    let spans = |k: &crate::report::Key| dims.iter().any(|d| *k == d.key && d.scale_max > d.scale_min);
    o.gaps.is_empty() && o.scores.iter().filter(|(k, v)| v.is_some() && spans(k)).count() >= 2
}

/// True when `o`'s strongest dimensions (its `strengths`: its own highest, whatever the others
/// score) are all below the sample's median: its best is still below most organizations', and
/// the page says so rather than let "strongest" read as strong.
pub fn strengths_below_median(report: &Report, o: &crate::report::OrgCapacity) -> bool {
    let cap = &report.capacity;
    let below = |k: &crate::report::Key| {
        let of = |x: &crate::report::OrgCapacity| x.scores.get(k).copied().flatten();
        let all: Vec<f64> = cap.organizations.iter().filter_map(of).collect();
        matches!((of(o), median(&all)), (Some(own), Some(m)) if own < m)
    };
    !o.strengths.is_empty() && o.strengths.iter().all(below)
}

fn scores(report: &Report, row: usize) -> (Vec<ScoreRow>, bool) {
    let cap = &report.capacity;
    let o = &cap.organizations[row];
    let members: Vec<_> = match &o.group {
        Some(g) => cap.organizations.iter().filter(|x| x.group.as_ref() == Some(g)).collect(),
        None => Vec::new(),
    };
    let group_shown = members.iter().filter(|x| x.index.is_some()).count() >= MIN_GROUP_FOR_MEDIAN;
    let med = |values: &mut dyn Iterator<Item = Option<f64>>| {
        let xs: Vec<f64> = values.flatten().collect();
        median(&xs)
    };
    let mut out: Vec<ScoreRow> = cap
        .dimensions
        .iter()
        .map(|d| {
            let of = |x: &crate::report::OrgCapacity| x.scores.get(&d.key).copied().flatten();
            ScoreRow {
                key: d.key.clone(),
                own: of(o),
                sample: med(&mut cap.organizations.iter().map(of)),
                group: if group_shown { med(&mut members.iter().map(|x| of(x))) } else { None },
            }
        })
        .collect();
    out.push(ScoreRow {
        key: "index".into(),
        own: o.index,
        sample: med(&mut cap.organizations.iter().map(|x| x.index)),
        group: if group_shown { med(&mut members.iter().map(|x| x.index)) } else { None },
    });
    (out, group_shown)
}

fn position(rel: &RelationReport, k: usize, id: &str) -> Position {
    let nodes = &rel.nodes;
    let Some(v) = nodes.iter().position(|n| n.id == id) else {
        return Position {
            relation: k,
            node: None,
            in_degree: 0,
            out_degree: 0,
            named_rank: 0,
            nodes: nodes.len(),
            bridging_rank: None,
            bridges: false,
            cut_vertex: false,
            community: 0,
            community_size: 0,
        };
    };
    let n = &nodes[v];
    let bridging_rank = n
        .betweenness
        .filter(|b| *b > 0.0)
        .map(|b| 1 + nodes.iter().filter(|x| x.betweenness.is_some_and(|y| y > b)).count());
    Position {
        relation: k,
        node: Some(v),
        in_degree: n.in_degree,
        out_degree: n.out_degree,
        named_rank: 1 + nodes.iter().filter(|x| x.in_degree > n.in_degree).count(),
        nodes: nodes.len(),
        bridging_rank,
        bridges: bridging_rank.is_some_and(|r| r <= crate::joint::cultivate::bridge_ranks(nodes.len())),
        cut_vertex: n.cut_vertex,
        community: n.community,
        community_size: nodes.iter().filter(|x| x.community == n.community).count(),
    }
}

/// The partners of node `v` in a relation (named by it or naming it), most tied first (both
/// ways before one way), then by name.
pub fn partners(graph: &Graph, rel: &RelationReport, v: usize) -> Vec<Partner> {
    if v >= graph.node_count() {
        return Vec::new();
    }
    let mut out: Vec<Partner> = ego_network(graph, v)
        .alters
        .into_iter()
        .filter_map(|a| {
            let n = rel.nodes.get(a.node)?;
            Some(Partner {
                node: a.node,
                id: n.id.clone(),
                name: n.name.clone(),
                named: a.named,
                named_by: a.named_by,
            })
        })
        .collect();
    out.sort_by(|a, b| (b.named && b.named_by).cmp(&(a.named && a.named_by)).then(a.name.cmp(&b.name)));
    out
}

/// The introductions a relation suggests to node `v`.
pub fn introductions(rel: &RelationReport, v: usize) -> Vec<&Introduction> {
    rel.suggestions
        .as_ref()
        .map_or_else(Vec::new, |s| s.introductions.iter().filter(|i| i.node == v).collect())
}

/// One organization suggested to be introduced to this one, in any network: the
/// introductions of the relations that suggest it, so that the page names it once.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedPartner<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Each relation that suggests it (index in the report) with its introduction there, in
    /// the report's order.
    pub by_relation: Vec<(usize, &'a Introduction)>,
}

/// The partners suggested for the organization of `page` across its networks, one entry each,
/// in the order first suggested (relations in the report's order, each's best first).
pub fn suggested_partners<'a>(report: &'a Report, page: &OrgPage) -> Vec<SuggestedPartner<'a>> {
    let mut out: Vec<SuggestedPartner<'a>> = Vec::new();
    for pos in &page.positions {
        let (Some(rel), Some(v)) = (report.network.relations.get(pos.relation), pos.node) else { continue };
        for i in introductions(rel, v) {
            match out.iter_mut().find(|s| s.id == i.to_id) {
                Some(s) => s.by_relation.push((pos.relation, i)),
                None => out.push(SuggestedPartner {
                    id: &i.to_id,
                    name: &i.to_name,
                    by_relation: vec![(pos.relation, i)],
                }),
            }
        }
    }
    out
}

/// This organization across survey rounds: the first round compared with the last, in the
/// rounds' own numbers (report `waves`; nothing recomputed here).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnChange<'a> {
    /// The round labels, in round order.
    pub labels: &'a [String],
    /// The compared rounds (indices into `labels`).
    pub from: usize,
    pub to: usize,
    /// It answered both compared rounds (else only the later one).
    pub in_both: bool,
    /// Its capacity change (when it answered both and was scored).
    pub capacity: Option<&'a crate::report::rounds::OrgChange>,
    /// Per relation compared: its change there.
    pub relations: Vec<OwnTies<'a>>,
}

/// An organization's ties in one relation, first round against last.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnTies<'a> {
    /// Relation key.
    pub relation: &'a str,
    /// Its in-degree in each compared round and the change (when a node in the relation).
    pub node: Option<&'a crate::report::rounds::NodeChange>,
    /// The tie changes are known (the change diagram was made; absent above its size limit).
    pub ties_known: bool,
    /// Partners with a tie (either way) in the later round only, among organizations that
    /// answered both rounds.
    pub added: Vec<&'a str>,
    /// Partners with a tie in the earlier round only, among the same organizations.
    pub dropped: Vec<&'a str>,
}

/// The change of the respondent named `name` (as in the latest round) across the report's
/// rounds; `None` with one round, or when it answered none of the compared rounds.
pub fn own_change<'a>(report: &'a Report, name: &str) -> Option<OwnChange<'a>> {
    let w = report.waves.as_ref()?;
    let c = &w.comparison;
    let in_both = c.organizations.stayed.iter().any(|n| n == name);
    if !in_both && !c.organizations.joined.iter().any(|n| n == name) {
        return None;
    }
    let capacity = c.capacity.organizations.iter().find(|o| o.name == name);
    let relations = c
        .network
        .iter()
        .map(|rel| {
            let node = rel.nodes.iter().find(|n| n.name == name);
            let (mut added, mut dropped) = (Vec::new(), Vec::new());
            if let Some(d) = &rel.diagram
                && let Some(v) = d.names.iter().position(|n| n == name)
            {
                for (a, b, status) in &d.ties {
                    let other = match (*a as usize == v, *b as usize == v) {
                        (true, false) => *b as usize,
                        (false, true) => *a as usize,
                        _ => continue,
                    };
                    let list = match status.as_str() {
                        "added" => &mut added,
                        "dropped" => &mut dropped,
                        _ => continue,
                    };
                    if let Some(n) = d.names.get(other).map(String::as_str)
                        && !list.contains(&n)
                    {
                        list.push(n);
                    }
                }
            }
            OwnTies { relation: &rel.relation, node, ties_known: rel.diagram.is_some(), added, dropped }
        })
        .collect();
    Some(OwnChange { labels: &w.labels, from: c.from, to: c.to, in_both, capacity, relations })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organization_is_all_level_when_its_scores_have_no_gap() {
        let a = crate::pipeline::run(&crate::demo::files(), &crate::pipeline::Options::default(), &|| 0.0)
            .unwrap();
        let mut o = a.report.capacity.organizations.iter().find(|o| !o.gaps.is_empty()).unwrap().clone();
        let r = &a.report;
        // The demo's most suggested partner is suggested to many, each counted once.
        let combined = r.network.relations.iter().find(|x| x.key == "combined").unwrap();
        let hub = combined.suggestions.as_ref().unwrap().most_suggested[0];
        let by = |rel: &crate::report::RelationReport| {
            let v = rel.nodes.iter().position(|n| n.id == combined.nodes[hub.node].id);
            rel.suggestions.as_ref().map_or(0, |s| s.introductions.iter().filter(|i| Some(i.to) == v).count())
        };
        let n = suggested_to_others(r, &combined.nodes[hub.node].id);
        assert!(n >= by(combined) && n <= r.network.relations.iter().map(by).sum::<usize>(), "{n}");
        assert!(!all_level(r, &o));
        o.gaps.clear();
        assert!(all_level(r, &o), "two or more scores, no gap");
        // A dimension whose scale is one point has no strength nor gap: it does not count.
        let mut flat = r.clone();
        let keys: Vec<_> = o.scores.iter().filter(|(_, v)| v.is_some()).map(|(k, _)| k.clone()).collect();
        for d in flat.capacity.dimensions.iter_mut().filter(|d| keys[1..].iter().any(|k| *k == d.key)) {
            d.scale_max = d.scale_min;
        }
        assert!(!all_level(&flat, &o), "one score on a scale that spans, the others on one point");
        let mut one = crate::report::Scores::with_capacity(1);
        one.insert(o.scores.iter().next().unwrap().0.clone(), Some(3.0));
        o.scores = one;
        assert!(!all_level(r, &o), "one score has nothing to be level with");
    }

    #[test]
    fn only_the_top_tenth_by_betweenness_bridges_between_others() {
        assert_eq!(
            [1, 10, 11, 143].map(crate::joint::cultivate::bridge_ranks),
            [1, 1, 2, 15],
            "ceil(n / 10), at least 1"
        );
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let r = &a.report;
        let pos: Vec<Position> =
            r.capacity.organizations.iter().map(|o| position(&r.network.relations[0], 0, &o.id)).collect();
        let bridges = pos.iter().filter(|p| p.bridges).count();
        let minor = pos.iter().filter(|p| !p.bridges && p.bridging_rank.is_some()).count();
        // 143 organizations: at most 15 bridge (more only with ties in betweenness), and the
        // many on a few shortest paths are not said to.
        assert!((1..=15).contains(&bridges) && minor > 50, "{bridges} {minor}");
        assert!(pos.iter().filter(|p| p.bridges).all(|p| p.bridging_rank.is_some_and(|k| k <= 15)));
    }

    /// An organization's strongest dimension can still be below the sample median (the demo's
    /// 成都阳光空间教育发展中心: 可预期性与透明度 2.33 against 3.33): the page says so.
    #[test]
    fn a_strongest_dimension_below_the_sample_median_is_flagged() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let r = &a.report;
        let mut flagged = 0;
        for o in &r.capacity.organizations {
            let p = OrgPage::new(r, &o.id).unwrap();
            // Independently: every strongest dimension's own score under its row's sample median.
            let below = !o.strengths.is_empty()
                && o.strengths.iter().all(|k| {
                    let row = p.scores.iter().find(|s| s.key == k.as_str()).unwrap();
                    row.own.unwrap() < row.sample.unwrap()
                });
            assert_eq!(strengths_below_median(r, o), below, "{}", o.name);
            flagged += usize::from(below);
        }
        let o = r.capacity.organizations.iter().find(|o| o.name == "成都阳光空间教育发展中心").unwrap();
        assert_eq!(o.strengths.iter().map(|k| k.as_str()).collect::<Vec<_>>(), ["predictability"]);
        assert!(strengths_below_median(r, o));
        assert!(flagged > 0 && flagged < r.capacity.organizations.len(), "{flagged}");
        // The organization with the highest index is strong where it is strongest.
        let top =
            r.capacity.organizations.iter().max_by(|a, b| a.index.partial_cmp(&b.index).unwrap()).unwrap();
        assert!(!strengths_below_median(r, top));
    }

    #[test]
    fn a_respondents_page_has_its_scores_medians_and_positions() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let r = &a.report;
        let o = &r.capacity.organizations[0];
        let p = OrgPage::new(r, &o.id).unwrap();
        assert_eq!((p.name.as_str(), p.capacity), (o.name.as_str(), Some(0)));
        assert_eq!(p.scores.len(), r.capacity.dimensions.len() + 1);
        let index = p.scores.last().unwrap();
        assert_eq!((index.key.as_str(), index.own), ("index", o.index));
        // The sample median of the index, computed independently.
        let mut xs: Vec<f64> = r.capacity.organizations.iter().filter_map(|o| o.index).collect();
        xs.sort_by(f64::total_cmp);
        let m = if xs.len() % 2 == 1 {
            xs[xs.len() / 2]
        } else {
            (xs[xs.len() / 2 - 1] + xs[xs.len() / 2]) / 2.0
        };
        assert!((index.sample.unwrap() - m).abs() < 1e-9);
        assert!(p.group_shown && index.group.is_some(), "Beijing has 38 organizations");
        assert_eq!(p.positions.len(), r.network.relations.len());
        for (pos, rel) in p.positions.iter().zip(&r.network.relations) {
            let v = pos.node.unwrap();
            let n = &rel.nodes[v];
            assert_eq!((pos.in_degree, pos.out_degree), (n.in_degree, n.out_degree));
            let above = rel.nodes.iter().filter(|x| x.in_degree > n.in_degree).count();
            assert_eq!(pos.named_rank, above + 1);
            assert!(pos.community_size >= 1 && pos.named_rank <= pos.nodes);
            // A bridging rank only for an organization on others' shortest paths.
            assert_eq!(pos.bridging_rank.is_some(), n.betweenness.is_some_and(|b| b > 0.0));
            // Said to bridge only in the top tenth: 143 nodes → ranks 1 to 15.
            let top = rel.nodes.len().div_ceil(10);
            assert_eq!(pos.bridges, pos.bridging_rank.is_some_and(|r| r <= top), "{pos:?}");
        }
        // Its partners are its ego network's, and its introductions are its own.
        let (rel, g) = (&r.network.relations[0], &a.graphs[0]);
        let v = p.positions[0].node.unwrap();
        let partners = partners(g, rel, v);
        assert_eq!(partners.len(), g.und(v).len());
        assert!(partners.iter().all(|x| x.named || x.named_by));
        let intros = introductions(rel, v);
        assert!(!intros.is_empty() && intros.iter().all(|i| i.id == o.id));
    }

    #[test]
    fn the_ends_are_said_as_lowest_and_highest_of_n_not_as_0_or_100_percent() {
        let v = [1.0, 2.0, 2.0, 3.0, 5.0];
        let st = |x: f64| {
            let pct = crate::stats::percentile_rank(&v, x);
            Standing::new(v.iter().copied(), Some(x), pct).unwrap()
        };
        assert_eq!(st(1.0), Standing::Lowest { n: 5, tied: false });
        assert_eq!(st(5.0), Standing::Highest { n: 5, tied: false });
        // 2.0: one below, two equal of five → (1 + 0.5 · 2) / 5 = 40%.
        assert_eq!(st(2.0), Standing::Share(40.0));
        let tied = [1.0, 1.0, 4.0, 4.0];
        let at = |x| Standing::new(tied.iter().copied(), Some(x), Some(50.0)).unwrap();
        assert_eq!(at(1.0), Standing::Lowest { n: 4, tied: true });
        assert_eq!(at(4.0), Standing::Highest { n: 4, tied: true });
        assert_eq!(Standing::new([3.0].into_iter(), Some(3.0), Some(50.0)), Some(Standing::Only));
        assert_eq!(Standing::new([3.0].into_iter(), None, None), None);
        // Between the ends a share that would round to 0 or 100 is shown as 1 or 99.
        let l = crate::i18n::Lang::En;
        assert_eq!(Standing::Share(0.3).text(false, l), "higher than about 1% of the organizations surveyed");
        assert_eq!(
            Standing::Share(99.7).text(true, l),
            "higher than about 99% of the organizations in the group"
        );

        // The demo's lowest and highest organizations, found independently.
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let r = &a.report;
        let scored: Vec<_> = r.capacity.organizations.iter().filter(|o| o.index.is_some()).collect();
        let n = scored.len();
        let low = scored.iter().min_by(|a, b| a.index.partial_cmp(&b.index).unwrap()).unwrap();
        let high = scored.iter().max_by(|a, b| a.index.partial_cmp(&b.index).unwrap()).unwrap();
        assert!(low.percentile.unwrap() < 0.5, "it read “higher than about 0%”");
        let zh = crate::i18n::Lang::Zh;
        assert_eq!(index_standing(r, low, zh).0, format!("在 {n} 家受访机构中最低"));
        assert_eq!(index_standing(r, high, l).0, format!("the highest of the {n} organizations surveyed"));
        let mid = scored.iter().find(|o| o.percentile.is_some_and(|p| (30.0..70.0).contains(&p))).unwrap();
        let pct = format!("{:.0}", mid.percentile.unwrap());
        assert_eq!(index_standing(r, mid, zh).0, format!("高于约 {pct}% 的受访机构"));
        // Its group's lowest, among the group's scored organizations.
        let g = low.group.clone().unwrap();
        let members: Vec<_> = scored.iter().filter(|o| o.group.as_ref() == Some(&g)).collect();
        let glow = members.iter().min_by(|a, b| a.index.partial_cmp(&b.index).unwrap()).unwrap();
        let text = index_standing(r, glow, zh).1.unwrap();
        assert_eq!(text, format!("在 {} 家本组机构中最低", members.len()));
    }

    #[test]
    fn a_partner_who_did_not_answer_has_only_its_networks() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let rel = &a.report.network.relations[0];
        let outsider = rel.nodes.iter().find(|n| !n.respondent).unwrap();
        let p = OrgPage::new(&a.report, &outsider.id).unwrap();
        assert_eq!((p.capacity, p.scores.len(), p.group_shown), (None, 0, false));
        assert!(p.positions[0].node.is_some());
        assert!(OrgPage::new(&a.report, "no such id").is_none());
    }
}
