//! Matching organizations across rounds: by id when both rounds have an id column, else by
//! name with the partner-name normalization and the aliases; doubtful matches are listed.

use std::collections::HashMap;

use crate::ingest::names::{normalize, suggest};
use crate::report::Report;
use crate::report::rounds::UncertainMatch;

/// Which organization of which round is which, across rounds.
#[derive(Debug, Clone, Default)]
pub struct Identities {
    /// Per round: identity of each organization (aligned with `capacity.organizations`).
    pub orgs: Vec<Vec<usize>>,
    /// Name of each identity (as in the latest round it appears in).
    pub names: Vec<String>,
    /// Per round: organization id → identity.
    by_id: Vec<HashMap<String, usize>>,
    /// Normalized (alias-resolved) name → identity, every round.
    by_key: HashMap<String, usize>,
    /// Normalized alias → normalized name.
    aliases: HashMap<String, String>,
    /// Doubtful matches.
    pub uncertain: Vec<UncertainMatch>,
}

/// True when the report's organizations were identified by an id column (not row numbers).
fn has_id(r: &Report) -> bool {
    r.input.codebook.iter().any(|c| c.role == "id")
}

impl Identities {
    /// Matches the organizations of every round (`reports` in round order).
    pub fn new(reports: &[&Report], labels: &[String]) -> Identities {
        let mut ids = Identities::default();
        for r in reports {
            for a in &r.network.aliases {
                let (alias, name) = (normalize(&a.alias), normalize(&a.name));
                if !alias.is_empty() && !name.is_empty() {
                    ids.aliases.insert(alias, name);
                }
            }
        }
        // Id → identity over every earlier round with an id column.
        let mut by_id_all: HashMap<String, usize> = HashMap::new();
        for (w, r) in reports.iter().enumerate() {
            let with_id = has_id(r);
            let mut taken: Vec<bool> = vec![false; ids.names.len()];
            let mut round = Vec::with_capacity(r.capacity.organizations.len());
            let mut round_ids = HashMap::new();
            for o in &r.capacity.organizations {
                let key = ids.key(&o.name);
                let by_id = if with_id { by_id_all.get(o.id.trim()).copied() } else { None };
                let by_name = ids.by_key.get(&key).copied();
                let found = by_id.or(by_name).filter(|i| !taken.get(*i).copied().unwrap_or(true));
                let identity = match found {
                    Some(i) => {
                        if by_id.is_some() && normalize(&ids.names[i]) != normalize(&o.name) {
                            ids.uncertain.push(UncertainMatch {
                                earlier: ids.names[i].clone(),
                                later: o.name.clone(),
                                rounds: (labels[w.saturating_sub(1)].clone(), labels[w].clone()),
                                reason: "same_id".into(),
                            });
                        }
                        ids.names[i] = o.name.clone();
                        i
                    }
                    None => {
                        ids.names.push(o.name.clone());
                        taken.push(false);
                        ids.names.len() - 1
                    }
                };
                taken[identity] = true;
                ids.by_key.entry(key).or_insert(identity);
                if with_id {
                    by_id_all.insert(o.id.trim().to_string(), identity);
                }
                round_ids.insert(o.id.clone(), identity);
                round.push(identity);
            }
            ids.orgs.push(round);
            ids.by_id.push(round_ids);
        }
        ids.similar_names(labels);
        ids
    }

    /// The comparison key of a name: normalized, through the aliases.
    fn key(&self, name: &str) -> String {
        let key = normalize(name);
        self.aliases.get(&key).cloned().unwrap_or(key)
    }

    /// Lists organizations new in a round whose name is close to one that left it, as doubts.
    fn similar_names(&mut self, labels: &[String]) {
        for w in 1..self.orgs.len() {
            let before: Vec<usize> = self.orgs[w - 1].clone();
            let now: Vec<usize> = self.orgs[w].clone();
            let left: Vec<(String, String)> = before
                .iter()
                .filter(|i| !now.contains(i))
                .map(|i| (normalize(&self.names[*i]), self.names[*i].clone()))
                .collect();
            for i in now.iter().filter(|i| !before.contains(i)) {
                let name = &self.names[*i];
                let known = left.iter().map(|(k, d)| (k.as_str(), d.as_str()));
                if let Some(close) = suggest(name, known) {
                    self.uncertain.push(UncertainMatch {
                        earlier: close,
                        later: name.clone(),
                        rounds: (labels[w - 1].clone(), labels[w].clone()),
                        reason: "similar_name".into(),
                    });
                }
            }
        }
    }

    /// The identity of a network node of round `w`: its organization for a respondent, else
    /// the organization of that (alias-resolved) name if any round has one, else a key of
    /// its own (`None` for a blank name).
    pub fn node(&self, w: usize, id: &str, name: &str, respondent: bool) -> Option<NodeKey> {
        if respondent && let Some(i) = self.by_id.get(w).and_then(|m| m.get(id)) {
            return Some(NodeKey::Org(*i));
        }
        let key = self.key(name);
        if key.is_empty() {
            return None;
        }
        Some(self.by_key.get(&key).map_or(NodeKey::Named(key), |i| NodeKey::Org(*i)))
    }
}

/// A network node's identity across rounds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKey {
    /// A responding organization (in some round).
    Org(usize),
    /// A partner that never responded, by normalized name.
    Named(String),
}
