//! Anonymization: organization names and ids replaced by stable codes (`ORG-001`, …) in the
//! report, so every view, chart and export made from it shows codes only.
//!
//! Codes follow the responses' row order, then partners who did not respond in the order the
//! network first met them, so the same files give the same codes on every run and the key file
//! (code → id → name) can be kept apart from what is shared. Organization names quoted in
//! warnings (“…”) are replaced too. Small attribute groups are coarsened before the analysis
//! (see [`crate::survey::Survey::coarsen`]), not here.

use std::collections::HashMap;

use crate::diag::Arg;
use crate::ingest::Table;
use crate::ingest::names::normalize;
use crate::report::{CapacityReport, Report};

/// One row of the key file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeyEntry {
    /// The code shown instead of the organization.
    pub code: String,
    /// Original id.
    pub id: String,
    /// Original name.
    pub name: String,
    /// Answered the survey.
    pub respondent: bool,
}

/// Assigns codes and rewrites reports.
#[derive(Debug, Clone, Default)]
pub struct Anonymizer {
    key: Vec<KeyEntry>,
    by_id: HashMap<String, usize>,
    /// Normalized names and ids → key index, for text in warnings.
    by_text: HashMap<String, usize>,
}

impl Anonymizer {
    /// Codes for the respondents of a capacity report, in row order.
    pub fn from_capacity(cap: &CapacityReport) -> Anonymizer {
        let mut a = Anonymizer::default();
        for o in &cap.organizations {
            a.add(&o.id, &o.name, true);
        }
        a
    }

    /// Adds the network's other organizations (partners who did not respond).
    pub fn extend_network(&mut self, report: &Report) {
        for rel in &report.network.relations {
            for n in &rel.nodes {
                self.add(&n.id, &n.name, n.respondent);
            }
        }
    }

    /// Adds the organizations of an earlier survey round's report not yet coded (by name);
    /// their ids in the key are prefixed with the round, `round:id`, as ids may be row numbers.
    pub fn extend_round(&mut self, round: &str, report: &Report) {
        let orgs = report.capacity.organizations.iter().map(|o| (&o.id, &o.name, true));
        let nodes =
            report.network.relations.iter().flat_map(|r| &r.nodes).map(|n| (&n.id, &n.name, n.respondent));
        for (id, name, respondent) in orgs.chain(nodes) {
            if !self.by_text.contains_key(&normalize(name)) {
                self.add(&format!("{round}:{id}"), name, respondent);
            }
        }
    }

    /// The code of an organization named `name` (`ORG-?` when unknown).
    pub fn name_code(&self, name: &str) -> String {
        self.by_text.get(&normalize(name)).map_or_else(|| "ORG-?".to_string(), |&i| self.key[i].code.clone())
    }

    fn add(&mut self, id: &str, name: &str, respondent: bool) -> usize {
        if let Some(&i) = self.by_id.get(id) {
            return i;
        }
        let i = self.key.len();
        let code = format!("ORG-{:03}", i + 1);
        self.key.push(KeyEntry { code, id: id.to_string(), name: name.to_string(), respondent });
        self.by_id.insert(id.to_string(), i);
        for text in [id, name] {
            let k = normalize(text);
            if !k.is_empty() {
                self.by_text.entry(k).or_insert(i);
            }
        }
        i
    }

    /// The key: every code with the id and name it stands for.
    pub fn key(&self) -> &[KeyEntry] {
        &self.key
    }

    /// The code of an organization id (`None` when unknown).
    pub fn code(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(|&i| self.key[i].code.as_str())
    }

    fn code_or(&self, id: &str, name: &str) -> String {
        self.by_id
            .get(id)
            .or_else(|| self.by_text.get(&normalize(name)))
            .map(|&i| self.key[i].code.clone())
            .unwrap_or_else(|| "ORG-?".to_string())
    }

    fn swap(&self, id: &mut String, name: &mut String) {
        let code = self.code_or(id, name);
        id.clone_from(&code);
        *name = code;
    }

    /// Replaces names and ids in a capacity report.
    pub fn capacity(&self, cap: &mut CapacityReport) {
        for o in cap.organizations.iter_mut() {
            self.swap(&mut o.id, &mut o.name);
        }
    }

    /// Replaces names and ids everywhere in a report: organizations, nodes, suggestions,
    /// unmatched partner names and quoted names in warnings.
    pub fn report(&self, r: &mut Report) {
        self.capacity(&mut r.capacity);
        for rel in r.network.relations.iter_mut() {
            for n in rel.nodes.iter_mut() {
                self.swap(&mut n.id, &mut n.name);
            }
            if let Some(s) = rel.suggestions.as_mut() {
                for i in s.introductions.iter_mut() {
                    self.swap(&mut i.id, &mut i.name);
                    self.swap(&mut i.to_id, &mut i.to_name);
                }
                for t in s.new_ties.iter_mut() {
                    self.swap(&mut t.a_id, &mut t.a_name);
                    self.swap(&mut t.b_id, &mut t.b_name);
                }
                for b in s.critical_brokers.iter_mut() {
                    self.swap(&mut b.id, &mut b.name);
                }
            }
        }
        // Aliases pair names with spellings; neither can be coded meaningfully.
        r.network.aliases.clear();
        for u in r.network.unmatched.iter_mut() {
            u.name = self.quoted_or_code(&u.name);
            u.suggestion = u.suggestion.as_deref().map(|s| self.quoted_or_code(s));
        }
        for w in r.input.warnings.iter_mut() {
            w.args.values_mut().for_each(|a| self.arg(a));
            w.render_messages(&|_, _| None);
        }
    }

    /// Codes for the names in a message's argument: a name (or id) is replaced whole, quoted
    /// names inside text (cells a warning quotes) one by one.
    fn arg(&self, a: &mut Arg) {
        match a {
            Arg::Name(n) => {
                *n = match self.by_id.get(n.as_str()) {
                    Some(&i) => self.key[i].code.clone(),
                    None => self.quoted_or_code(n),
                }
            }
            Arg::Text(s) => *s = self.replace_quoted(s),
            Arg::List(items) | Arg::Cross(items) => items.iter_mut().for_each(|a| self.arg(a)),
            Arg::Message(_, args) => args.values_mut().for_each(|a| self.arg(a)),
            _ => {}
        }
    }

    fn quoted_or_code(&self, name: &str) -> String {
        self.by_text
            .get(&normalize(name))
            .map(|&i| self.key[i].code.clone())
            .unwrap_or_else(|| "ORG-?".into())
    }

    /// Replaces every “quoted” span that names a known organization (by id or normalized
    /// name) with its code; other quoted text (a bad weight, a column) stays.
    pub fn replace_quoted(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('“') {
            let after = &rest[open + '“'.len_utf8()..];
            let Some(close) = after.find('”') else { break };
            let inner = &after[..close];
            out.push_str(&rest[..open]);
            out.push('“');
            match self.by_id.get(inner).or_else(|| self.by_text.get(&normalize(inner))) {
                Some(&i) => out.push_str(&self.key[i].code),
                None => out.push_str(inner),
            }
            out.push('”');
            rest = &after[close + '”'.len_utf8()..];
        }
        out.push_str(rest);
        out
    }
}

/// The key as a table (`code`, `id`, `name`, `respondent`) for a CSV download.
pub fn key_table(key: &[KeyEntry]) -> Table {
    let rows = key
        .iter()
        .map(|k| vec![k.code.clone(), k.id.clone(), k.name.clone(), k.respondent.to_string()])
        .collect();
    Table::new("anonymization_key", &["code", "id", "name", "respondent"], rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_quoted_names_are_replaced() {
        let mut a = Anonymizer::default();
        assert_eq!(a.add("7", "Green River 绿河", true), 0);
        assert_eq!(a.add("8", "Ｂｌｕｅ Sky", true), 1);
        assert_eq!(a.add("7", "another spelling", true), 0, "an id keeps its first code");
        assert_eq!(a.code("8"), Some("ORG-002"));
        assert_eq!(
            a.replace_quoted("“blue sky” also appears; weight “x” ignored; “7” twice"),
            "“ORG-002” also appears; weight “x” ignored; “ORG-001” twice"
        );
        assert_eq!(a.replace_quoted("unclosed “Green River 绿河"), "unclosed “Green River 绿河");
        let t = key_table(a.key());
        assert_eq!(t.row(1), vec!["ORG-002", "8", "Ｂｌｕｅ Sky", "true"]);
    }
}
