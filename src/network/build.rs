//! From survey answers to graphs: roster cells and tie lists become directed ties between
//! matched organizations, one graph per relation.
//!
//! Names are matched by their normalized key (see [`crate::ingest::names`]), through the
//! aliases table when given, or by id. Partners that match no respondent become non-respondent
//! nodes and are listed with a near-match suggestion; self-nominations are reported and
//! skipped. Nothing is dropped silently.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::diag::{Arg, Args, Warning, args};
use crate::ingest::Table;
use crate::ingest::names::{normalize, split_roster_str, suggest};
use crate::report::{AliasEntry, UnmatchedName};
use crate::survey::values::parse_number;
use crate::survey::{Role, Survey};

use super::ratings::{Rating, TieDimension, TieItems};

/// A node of the network universe (respondents first, then non-respondents).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Respondent id, or `NR-001`… for non-respondents.
    pub id: String,
    /// Display name.
    pub name: String,
    /// True for responding organizations.
    pub respondent: bool,
}

/// Ties of one relation, on node indices of the shared universe.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationTies {
    /// Relation key.
    pub key: String,
    /// `(source, target, weight)` with parallel nominations merged by adding weights later.
    pub ties: Vec<(u32, u32, f64)>,
    /// Non-respondent nodes that appear in this relation.
    pub non_respondents: Vec<usize>,
    /// Ratings of its ties (see [`super::ratings`]); empty without tie items.
    pub ratings: Vec<Rating>,
}

/// All relations and the node universe.
#[derive(Debug, Clone, Default)]
pub struct Networks {
    /// Respondents (in row order) then non-respondents (in order of first mention).
    pub nodes: Vec<Node>,
    /// Number of respondents (the first nodes).
    pub respondents: usize,
    /// Relations in order of first appearance.
    pub relations: Vec<RelationTies>,
    /// Names that matched no respondent.
    pub unmatched: Vec<UnmatchedName>,
    /// The aliases applied, as written, one per normalized alias.
    pub aliases: Vec<AliasEntry>,
    /// Tie dimensions rated (in order of first appearance); [`Rating::scores`] follow it.
    pub tie_dimensions: Vec<TieDimension>,
}

/// Borrows the organizations' keys, ids and names from the survey: copying them cost 300,000
/// allocations (and as many frees) at 100,000 organizations.
struct Matcher<'a> {
    by_key: HashMap<&'a str, usize>,
    by_id: HashMap<&'a str, usize>,
    /// Normalized alias → (normalized name, name as written in the aliases table).
    aliases: HashMap<String, (String, String)>,
    /// The aliases as written, in order of first appearance; `alias_at` finds an alias's row.
    alias_rows: Vec<AliasEntry>,
    alias_at: HashMap<String, usize>,
    known: Vec<(&'a str, &'a str)>,
}

impl Matcher<'_> {
    fn resolve(&self, name: &str) -> Option<usize> {
        let key = normalize(name);
        // An alias's organization, else a respondent written that way (in survey rounds an
        // alias names an organization of another round, which this one may spell as the alias).
        let aliased = self.aliases.get(&key).and_then(|a| self.by_key.get(a.0.as_str()));
        aliased.or_else(|| self.by_key.get(key.as_str())).or_else(|| self.by_id.get(name.trim())).copied()
    }
}

/// Builds the relations from roster columns and an optional ties table.
pub fn build<'a>(
    survey: &'a Survey,
    ties: Option<&'a Table>,
    aliases: &[Table],
    warnings: &mut Vec<Warning>,
) -> Networks {
    // Without roster columns, a ties table or aliases there is no network to build: skip
    // indexing every organization's name (a million-row survey spent seconds on it).
    if ties.is_none() && aliases.is_empty() && survey.columns_with_role(Role::Roster).is_empty() {
        return Networks {
            nodes: Vec::new(),
            respondents: 0,
            relations: Vec::new(),
            unmatched: Vec::new(),
            aliases: Vec::new(),
            tie_dimensions: Vec::new(),
        };
    }
    let nodes: Vec<Node> = survey
        .orgs
        .iter()
        .map(|o| Node { id: o.id.clone(), name: o.name.clone(), respondent: true })
        .collect();
    let respondents = nodes.len();
    let n = survey.orgs.len();
    let mut m = Matcher {
        by_key: HashMap::with_capacity_and_hasher(n, Default::default()),
        by_id: HashMap::with_capacity_and_hasher(n, Default::default()),
        aliases: HashMap::default(),
        alias_rows: Vec::new(),
        alias_at: HashMap::default(),
        known: Vec::with_capacity(n),
    };
    for (i, o) in survey.orgs.iter().enumerate() {
        m.by_key.entry(o.key.as_str()).or_insert(i);
        m.by_id.entry(o.id.as_str()).or_insert(i);
        m.known.push((o.key.as_str(), o.name.as_str()));
    }
    // Several aliases tables (the user's file, the page's merges) are read in turn.
    for a in aliases {
        read_aliases(a, &mut m, warnings);
    }
    let mut b = Builder {
        m,
        nodes,
        respondents,
        nr_index: HashMap::default(),
        relations: Vec::new(),
        unmatched: BTreeMap::new(),
        resolved: Resolved::with_capacity(n),
        nr_seen: Default::default(),
        tie_dimensions: Vec::new(),
    };
    // Ratings of partner slots (`partner_1_trust`): the tie items of the responses.
    let headers = &survey.table.headers;
    let roles: Vec<Role> = survey.codebook.columns.iter().map(|c| c.role).collect();
    let tie_specs: Vec<(usize, crate::survey::ColumnSpec)> = survey
        .columns_with_role(Role::TieItem)
        .into_iter()
        .map(|c| (c, survey.codebook.columns[c].clone()))
        .collect();
    let slot_items = TieItems::new(&survey.table, tie_specs, &mut b.tie_dimensions);
    let rated_by = |roster: usize| -> Vec<usize> {
        slot_items
            .columns()
            .map(|(c, _)| c)
            .filter(|&c| crate::survey::slots::slot_column(headers, &roles, c) == Some(roster))
            .collect()
    };
    for c in survey.columns_with_role(Role::Roster) {
        let spec = &survey.codebook.columns[c];
        let rel = spec.relation.clone().unwrap_or_else(|| "tie".into());
        let ri = b.relation(&rel);
        let ratings = rated_by(c);
        let mut named: Vec<u32> = Vec::new();
        for (oi, org) in survey.orgs.iter().enumerate() {
            // Several respondents' rosters merge: a partner named by any of them, its weight
            // the number of respondents who named it.
            let several = org.rows.len() > 1;
            named.clear();
            for &row in &org.rows {
                let first = named.len();
                for partner in split_roster_str(survey.table.cell(row, c)) {
                    let Some(target) = b.node(ri, partner) else { continue };
                    if target == oi {
                        let at = survey.table.source_row(row);
                        warnings.push(self_tie(&survey.table.name, at, &spec.column, partner));
                        continue;
                    }
                    if !ratings.is_empty() {
                        let scores = slot_items.score(&survey.table, row, Some(&ratings), warnings);
                        if scores.iter().any(Option::is_some) {
                            b.relations[ri].ratings.push(Rating {
                                source: oi as u32,
                                target: target as u32,
                                scores,
                            });
                        }
                    }
                    if several && named[first..].contains(&(target as u32)) {
                        continue;
                    }
                    named.push(target as u32);
                }
            }
            b.relations[ri].ties.extend(named.iter().map(|t| (oi as u32, *t, 1.0)));
        }
    }
    if let Some(t) = ties {
        read_ties(t, &survey.codebook.tie_columns, &mut b, warnings);
    }
    // Every rating has a score per dimension (dimensions of the ties table came later).
    let width = b.tie_dimensions.len();
    for r in b.relations.iter_mut().flat_map(|r| r.ratings.iter_mut()) {
        r.scores.resize(width, None);
    }
    let Builder { m, nodes, relations, unmatched, tie_dimensions, .. } = b;
    let unmatched = unmatched_names(unmatched, &m.known, warnings);
    Networks { nodes, respondents, relations, unmatched, aliases: m.alias_rows, tie_dimensions }
}

/// The names no organization matched, each with a near match when there is one; a warning per
/// likely typo and one summary per relation of the other non-respondents.
fn unmatched_names(
    unmatched: BTreeMap<(String, String), (String, usize)>,
    known: &[(&str, &str)],
    warnings: &mut Vec<Warning>,
) -> Vec<UnmatchedName> {
    let unmatched: Vec<UnmatchedName> = unmatched
        .into_iter()
        .map(|((relation, _), (name, mentions))| UnmatchedName {
            relation,
            suggestion: suggest(&name, known.iter().copied()),
            name,
            mentions,
        })
        .collect();
    // Likely typos get a warning each; the other non-respondents one summary per relation.
    let mut plain: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for u in &unmatched {
        match &u.suggestion {
            Some(s) => warnings.push(Warning::general(
                "warn.unmatched_suggestion",
                args([
                    ("relation", Arg::Relation(u.relation.clone())),
                    ("name", Arg::Name(u.name.clone())),
                    ("mentions", u.mentions.into()),
                    ("suggestion", Arg::Name(s.clone())),
                ]),
            )),
            None => plain.entry(u.relation.as_str()).or_default().push(u.name.as_str()),
        }
    }
    for (rel, names) in plain {
        // Each a name, so anonymization can replace it (see `report::anonymize`).
        let quoted: Vec<Arg> = names.iter().map(|n| Arg::Name(n.to_string())).collect();
        warnings.push(Warning::general(
            "warn.non_respondents",
            args([
                ("relation", Arg::Relation(rel.to_string())),
                ("n", names.len().into()),
                ("names", Arg::List(quoted)),
            ]),
        ));
    }
    unmatched
}

/// A name of at most [`SHORT`] bytes, kept inside the memo's table: comparing it reads no
/// other memory (a borrowed key's text lies anywhere in a table of a million rows, and that
/// cache miss per look-up was most of the build).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ShortName {
    len: u8,
    bytes: [u8; SHORT],
}

/// The longest name kept inline: with its length 24 bytes, a table slot of 32.
const SHORT: usize = 23;

impl ShortName {
    fn new(name: &str) -> Option<ShortName> {
        let len = name.len();
        if len > SHORT {
            return None;
        }
        let mut bytes = [0; SHORT];
        bytes[..len].copy_from_slice(name.as_bytes());
        Some(ShortName { len: len as u8, bytes })
    }
}

/// The memo of names as written → the respondent they match (or none): short names inline,
/// longer ones borrowed from the tables.
struct Resolved<'a> {
    short: HashMap<ShortName, Option<u32>>,
    long: HashMap<&'a str, Option<u32>>,
}

impl<'a> Resolved<'a> {
    /// Room for `n` short names: each organization is usually named by its own spelling.
    fn with_capacity(n: usize) -> Self {
        Resolved { short: HashMap::with_capacity_and_hasher(n, Default::default()), long: HashMap::default() }
    }

    /// The match remembered for `name`, if it was looked up before.
    fn get(&self, name: &str) -> Option<Option<usize>> {
        let hit = match ShortName::new(name) {
            Some(short) => self.short.get(&short),
            None => self.long.get(name),
        };
        hit.map(|h| h.map(|i| i as usize))
    }

    fn insert(&mut self, name: &'a str, hit: Option<usize>) {
        // Node indices are u32 in the ties; a larger one is not remembered (never met).
        let Ok(hit) = hit.map(u32::try_from).transpose() else { return };
        match ShortName::new(name) {
            Some(short) => self.short.insert(short, hit),
            None => self.long.insert(name, hit),
        };
    }

    #[cfg(test)]
    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// Accumulates nodes and ties while matching names (borrowed from the tables for `'a`).
struct Builder<'a> {
    m: Matcher<'a>,
    nodes: Vec<Node>,
    respondents: usize,
    nr_index: HashMap<String, usize>,
    relations: Vec<RelationTies>,
    unmatched: BTreeMap<(String, String), (String, usize)>,
    /// Names as written → the respondent they match (or none): a million ties name far
    /// fewer distinct organizations, so each distinct spelling is normalized once.
    resolved: Resolved<'a>,
    /// (relation, node) pairs already listed as non-respondents of that relation.
    nr_seen: std::collections::HashSet<(usize, usize)>,
    /// Tie dimensions met so far.
    tie_dimensions: Vec<TieDimension>,
}

impl<'a> Builder<'a> {
    /// Index of a relation, created on first use.
    fn relation(&mut self, key: &str) -> usize {
        if let Some(i) = self.relations.iter().position(|r| r.key == key) {
            return i;
        }
        self.relations.push(RelationTies {
            key: key.to_string(),
            ties: Vec::new(),
            non_respondents: Vec::new(),
            ratings: Vec::new(),
        });
        self.relations.len() - 1
    }

    /// The node for a name in relation `ri`: a respondent, or a (new) non-respondent node.
    fn node(&mut self, ri: usize, name: &'a str) -> Option<usize> {
        let hit = match self.resolved.get(name) {
            Some(hit) => hit,
            None => {
                let hit = self.m.resolve(name);
                self.resolved.insert(name, hit);
                hit
            }
        };
        if let Some(i) = hit {
            return Some(i);
        }
        let key = normalize(name);
        // An aliased partner is shown under its registered name, not the variant used here.
        let (key, display) = match self.m.aliases.get(&key) {
            Some((k, d)) => (k.clone(), d.clone()),
            None => (key, name.trim().to_string()),
        };
        if key.is_empty() {
            return None;
        }
        let nodes = &mut self.nodes;
        let respondents = self.respondents;
        let idx = *self.nr_index.entry(key.clone()).or_insert_with(|| {
            let id = format!("NR-{:03}", nodes.len() - respondents + 1);
            nodes.push(Node { id, name: display.clone(), respondent: false });
            nodes.len() - 1
        });
        let rel = self.relations[ri].key.clone();
        self.unmatched.entry((rel, key)).or_insert_with(|| (display, 0)).1 += 1;
        if self.nr_seen.insert((ri, idx)) {
            self.relations[ri].non_respondents.push(idx);
        }
        Some(idx)
    }
}

fn self_tie(file: &str, row: usize, column: &str, name: &str) -> Warning {
    Warning::at(file, Some(row), Some(column), "warn.self_tie", args([("name", Arg::Name(name.to_string()))]))
}

/// The tie items of a ties table: its columns described as `tie_item` by the codebook, and
/// (inferred) the other columns whose answers are numbers or that name the intensity.
fn tie_table_items(
    t: &Table,
    described: &[crate::survey::ColumnSpec],
    known: &[Option<usize>],
) -> Vec<(usize, crate::survey::ColumnSpec)> {
    let mut out = Vec::new();
    for (c, header) in t.headers.iter().enumerate() {
        if known.contains(&Some(c)) {
            continue;
        }
        if let Some(spec) = described.iter().find(|s| s.column == *header) {
            out.push((c, spec.clone()));
            continue;
        }
        let cells: Vec<&str> =
            (0..t.n_rows()).map(|r| t.cell(r, c).trim()).filter(|x| !x.is_empty()).take(5000).collect();
        let numbers = cells.iter().filter(|x| parse_number(x).is_some()).count();
        if super::ratings::is_intensity(header) || (!cells.is_empty() && numbers * 10 >= cells.len() * 9) {
            let mut spec = crate::survey::ColumnSpec::new(header, Role::TieItem);
            spec.inferred = true;
            // Named here so that the column mapping shows the dimension it was read into.
            spec.dimension = Some(super::ratings::inferred_dimension(header));
            out.push((c, spec));
        }
    }
    out
}

/// The ties table's `source`, `target`, `relation` and `weight` columns.
fn ties_columns(t: &Table) -> [Option<usize>; 4] {
    [
        t.find_column(&["source", "from", "来源机构"]),
        t.find_column(&["target", "to", "目标机构"]),
        t.find_column(&["relation", "关系类型"]),
        t.find_column(&["weight", "权重"]),
    ]
}

/// The tie items of a ties table as they are read (described by the codebook's `described`
/// rows, or inferred): the report lists them in its codebook, so that the column mapping
/// shows and edits them like the responses' columns.
pub fn tie_table_specs(t: &Table, described: &[crate::survey::ColumnSpec]) -> Vec<crate::survey::ColumnSpec> {
    tie_table_items(t, described, &ties_columns(t)).into_iter().map(|(_, spec)| spec).collect()
}

/// Reads an edge list (`source`, `target`, optional `relation` and `weight`, and tie ratings).
fn read_ties<'a>(
    t: &'a Table,
    described: &[crate::survey::ColumnSpec],
    b: &mut Builder<'a>,
    warnings: &mut Vec<Warning>,
) {
    let [src_c, dst_c, rel_c, w_c] = ties_columns(t);
    let (Some(sc), Some(dc)) = (src_c, dst_c) else {
        warnings.push(Warning::at(&t.name, Some(1), None, "warn.ties_columns", Args::new()));
        return;
    };
    let items =
        TieItems::new(t, tie_table_items(t, described, &[src_c, dst_c, rel_c, w_c]), &mut b.tie_dimensions);
    // Each relation's pairs (source, target) with their rows, to say which rows repeat one.
    let mut pairs: Vec<Vec<(u64, usize)>> = Vec::new();
    for r in 0..t.n_rows() {
        let row = t.source_row(r);
        let s_name = t.cell(r, sc).trim();
        let d_name = t.cell(r, dc).trim();
        if s_name.is_empty() || d_name.is_empty() {
            warnings.push(Warning::at(&t.name, Some(row), None, "warn.tie_empty", Args::new()));
            continue;
        }
        // Borrowed, not copied: an allocation and a free per tie otherwise.
        let rel = rel_c.map(|c| t.cell(r, c).trim()).filter(|s| !s.is_empty()).unwrap_or("tie");
        let weight = match w_c.map(|c| t.cell(r, c).trim()).filter(|s| !s.is_empty()) {
            None => 1.0,
            Some(w) => match parse_number(w) {
                Some(v) if v > 0.0 => v,
                _ => {
                    warnings.push(Warning::at(
                        &t.name,
                        Some(row),
                        Some("weight"),
                        "warn.weight",
                        args([("value", w.into())]),
                    ));
                    1.0
                }
            },
        };
        let ri = b.relation(rel);
        let (Some(src), Some(dst)) = (b.node(ri, s_name), b.node(ri, d_name)) else { continue };
        if src == dst {
            warnings.push(self_tie(&t.name, row, "target", d_name));
            continue;
        }
        b.relations[ri].ties.push((src as u32, dst as u32, weight));
        if pairs.len() <= ri {
            pairs.resize_with(ri + 1, Vec::new);
        }
        pairs[ri].push(((src as u64) << 32 | dst as u64, row));
        if !items.is_empty() {
            // Items tied to another relation by the codebook do not rate this one.
            let only: Vec<usize> =
                items.columns().filter(|(_, r)| r.is_none_or(|r| r == rel)).map(|(c, _)| c).collect();
            let scores = items.score(t, r, Some(&only), warnings);
            if scores.iter().any(Option::is_some) {
                b.relations[ri].ratings.push(Rating { source: src as u32, target: dst as u32, scores });
            }
        }
    }
    for (ri, pairs) in pairs.into_iter().enumerate() {
        repeated_pairs(t, &b.relations[ri].key, pairs, warnings);
    }
}

/// Says how many rows of a ties table repeat a pair (source, target) of the relation listed on
/// an earlier row, at the first of them: each pair is one tie, the rows' weights added (the
/// graph merges them), so 50,000 rows could make 46,688 ties with nothing said.
fn repeated_pairs(t: &Table, relation: &str, pairs: Vec<(u64, usize)>, warnings: &mut Vec<Warning>) {
    let (count, first) = count_repeats(&pairs);
    if count > 0 {
        let args =
            args([("count", Arg::Text(count.to_string())), ("relation", Arg::Relation(relation.into()))]);
        warnings.push(Warning::at(&t.name, Some(first), None, "warn.ties_repeated", args));
    }
}

/// How many of `pairs` ((source << 32 | target, row)) repeat an earlier row's pair, and the
/// first row that does. Grouped by source with a counting sort, as `graph::csr` groups ties,
/// then each source's few targets sorted: a sort of every tie by (source, target) cost a
/// million-tie table about 80 ms.
fn count_repeats(pairs: &[(u64, usize)]) -> (usize, usize) {
    let sources = pairs.iter().map(|&(key, _)| (key >> 32) as usize + 1).max().unwrap_or(0);
    let mut start = vec![0usize; sources + 1];
    for &(key, _) in pairs {
        start[(key >> 32) as usize + 1] += 1;
    }
    for i in 0..sources {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut grouped = vec![(0u32, 0usize); pairs.len()];
    for &(key, row) in pairs {
        let s = (key >> 32) as usize;
        grouped[next[s]] = (key as u32, row);
        next[s] += 1;
    }
    let (mut count, mut first) = (0usize, usize::MAX);
    for s in 0..sources {
        let group = &mut grouped[start[s]..start[s + 1]];
        group.sort_unstable();
        for w in group.windows(2).filter(|w| w[0].0 == w[1].0) {
            count += 1;
            first = first.min(w[1].1);
        }
    }
    (count, first)
}

fn read_aliases(a: &Table, m: &mut Matcher<'_>, warnings: &mut Vec<Warning>) {
    let (Some(ac), Some(nc)) =
        (a.find_column(&["alias", "别名"]), a.find_column(&["name", "名称", "机构名称"]))
    else {
        warnings.push(Warning::at(&a.name, Some(1), None, "warn.aliases_columns", Args::new()));
        return;
    };
    for r in 0..a.n_rows() {
        let alias = normalize(a.cell(r, ac));
        let name = normalize(a.cell(r, nc));
        if alias.is_empty() || name.is_empty() {
            continue;
        }
        let entry =
            AliasEntry { alias: a.cell(r, ac).trim().to_string(), name: a.cell(r, nc).trim().to_string() };
        if let Some((before, written)) = m.aliases.get(&alias)
            && *before != name
        {
            warnings.push(Warning::at(
                &a.name,
                Some(a.source_row(r)),
                Some(&a.headers[nc]),
                "warn.alias_repeated",
                args([
                    ("alias", Arg::Name(entry.alias.clone())),
                    ("before", Arg::Name(written.clone())),
                    ("now", Arg::Name(entry.name.clone())),
                ]),
            ));
        }
        match m.alias_at.get(&alias) {
            Some(&i) => m.alias_rows[i] = entry,
            None => {
                m.alias_at.insert(alias.clone(), m.alias_rows.len());
                m.alias_rows.push(entry);
            }
        }
        // An alias may name a non-respondent: it then merges that partner's spellings.
        m.aliases.insert(alias, (name, a.cell(r, nc).trim().to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_counted_by_pair_with_the_first_later_row() {
        let key = |s: u64, d: u64| s << 32 | d;
        // (0,1) on rows 2, 9, 5; (1,0) is another pair; (2,1) on rows 7 and 3.
        let pairs =
            [(key(0, 1), 2), (key(1, 0), 4), (key(0, 1), 9), (key(2, 1), 7), (key(0, 1), 5), (key(2, 1), 3)];
        assert_eq!(count_repeats(&pairs), (3, 5));
        assert_eq!(count_repeats(&[(key(0, 1), 1), (key(1, 0), 2)]).0, 0);
        assert_eq!(count_repeats(&[]), (0, usize::MAX));
    }

    /// A builder as [`build`] makes it, over organizations `(key, id, name)` and aliases
    /// `(alias, name)` as written.
    fn builder<'a>(orgs: &'a [(String, String, String)], aliases: &[(&str, &str)]) -> Builder<'a> {
        let mut m = Matcher {
            by_key: HashMap::default(),
            by_id: HashMap::default(),
            aliases: HashMap::default(),
            alias_rows: Vec::new(),
            alias_at: HashMap::default(),
            known: Vec::new(),
        };
        for (i, (key, id, name)) in orgs.iter().enumerate() {
            m.by_key.entry(key.as_str()).or_insert(i);
            m.by_id.entry(id.as_str()).or_insert(i);
            m.known.push((key.as_str(), name.as_str()));
        }
        for (alias, name) in aliases {
            m.aliases.insert(normalize(alias), (normalize(name), name.trim().to_string()));
        }
        let nodes: Vec<Node> = orgs
            .iter()
            .map(|(_, id, name)| Node { id: id.clone(), name: name.clone(), respondent: true })
            .collect();
        Builder {
            m,
            respondents: nodes.len(),
            nodes,
            nr_index: HashMap::default(),
            relations: Vec::new(),
            unmatched: BTreeMap::new(),
            resolved: Resolved::with_capacity(0),
            nr_seen: Default::default(),
            tie_dimensions: Vec::new(),
        }
    }

    /// Generated spellings: organizations' names, ids, keys, variants (case, full width,
    /// spaces, punctuation), aliases, names of no one, blanks — each many times.
    fn spellings(orgs: &[(String, String, String)], n: usize) -> Vec<String> {
        let mut rng = crate::rng::Rng::new(11);
        let odd = ["", " ", "（", "）", "·", "\u{3000}", "Ａ", "a", "\u{301}"];
        (0..n)
            .map(|_| {
                let (key, id, name) = &orgs[rng.below(orgs.len())];
                match rng.below(8) {
                    0 => id.clone(),
                    1 => key.clone(),
                    2 => format!(" {} ", name.to_uppercase()),
                    3 => format!("{}{}", odd[rng.below(odd.len())], name),
                    4 => format!("{}{}", name, odd[rng.below(odd.len())]),
                    5 => ["Green Alias", "绿色别名", "Other Alias", "ghost"][rng.below(4)].to_string(),
                    6 => format!("外部机构{}", rng.below(30)),
                    _ => name.clone(),
                }
            })
            .collect()
    }

    #[test]
    fn memoized_matching_equals_matching_each_name_afresh() {
        let orgs: Vec<(String, String, String)> = (0..300)
            .map(|i| {
                // Names around the inline length (23 bytes) and longer.
                let name = match i % 4 {
                    0 => format!("北京绿色{i}中心"),
                    1 => format!("北京市朝阳区绿色未来环境研究中心{i}"),
                    _ => format!("Green Future {i:03}, Inc."),
                };
                (normalize(&name), format!("R{i:04}"), name)
            })
            .collect();
        let aliases = [
            ("Green Alias", "Green Future 1, Inc."),
            ("绿色别名", "北京绿色3中心"),
            ("Other Alias", "Elsewhere"),
        ];
        let names = spellings(&orgs, 20_000);
        let mut fast = builder(&orgs, &aliases);
        let mut plain = builder(&orgs, &aliases);
        for (i, name) in names.iter().enumerate() {
            let ri = fast.relation(["tie", "share"][i % 2]);
            assert_eq!(ri, plain.relation(["tie", "share"][i % 2]));
            // Without the memo: every name normalized and looked up afresh.
            plain.resolved.clear();
            assert_eq!(fast.node(ri, name), plain.node(ri, name), "{name:?}");
        }
        assert_eq!(fast.nodes, plain.nodes);
        assert_eq!(fast.unmatched, plain.unmatched);
        assert_eq!(fast.relations, plain.relations);
        assert!(fast.nodes.len() > orgs.len() && !fast.unmatched.is_empty());
    }
}
