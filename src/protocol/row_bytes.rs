//! The rows of a report's long lists as they travel from the worker to the page: a compact
//! binary form, attached to a [`super::WorkerMessage::AttachedRows`] message
//! ([`super::attached_rows`]) — organizations, each relation's nodes and introductions, and
//! each graph's ties.
//!
//! As JSON a million organizations were about 300 MB of field names and decimal numbers, which
//! the worker wrote and the page read in the seconds between the worker's last step and the
//! result shown; the 100,000/1,000,000 network's nodes, introductions and ties were another
//! 150 MB. Here an organization is about 120 bytes: strings as UTF-8 with their lengths,
//! numbers as their 8 bytes (every bit kept, where JSON text rounded some), counts as LEB128
//! varints, and every [`Key`] (dimension keys, groups, stages) as an index into the chunk's
//! table of keys, which the page interns once per chunk instead of once per use. Ties are
//! their ends as little-endian `u32` pairs, then their weights.
//!
//! Any malformed input is an error, never a panic or a huge allocation.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::Rows;
use crate::report::keys::{Key, Scores};
use crate::report::{Brokerage, Introduction, MeanN, NodeMetrics, OrgCapacity, RespondentScores};

/// First byte of every encoding: a page of another version of the form refuses it.
const VERSION: u8 = 2;

/// Which list the rows belong to (the byte after the key table).
const ORGANIZATIONS: u8 = 0;
const NODES: u8 = 1;
const INTRODUCTIONS: u8 = 2;
const TIES: u8 = 3;

/// The rows in the binary form: the version, the key table, the list (kind, relation), the
/// row count, the rows.
pub(super) fn encode(list: &Rows) -> Vec<u8> {
    let mut body = Writer::default();
    match list {
        Rows::Organizations(rows) => {
            body.bytes.push(ORGANIZATIONS);
            body.rows(rows);
        }
        Rows::Nodes { relation, rows } => {
            body.bytes.push(NODES);
            body.varint(*relation as u64);
            body.rows(rows);
        }
        Rows::Introductions { relation, rows } => {
            body.bytes.push(INTRODUCTIONS);
            body.varint(*relation as u64);
            body.rows(rows);
        }
        Rows::Ties { relation, edges, weights } => {
            body.bytes.push(TIES);
            body.varint(*relation as u64);
            body.ties(edges, weights);
        }
    }
    let mut out = Writer::default();
    out.bytes.push(VERSION);
    out.varint(body.keys.len() as u64);
    for key in &body.keys {
        out.str(key);
    }
    out.bytes.extend_from_slice(&body.bytes);
    out.bytes
}

/// Reads what [`encode`] wrote.
pub(super) fn decode(bytes: &[u8]) -> Result<Rows, &'static str> {
    let mut r = Reader { bytes, at: 0, keys: Vec::new() };
    if r.byte()? != VERSION {
        return Err("another version of the form");
    }
    let n_keys = r.count()?;
    let mut keys = Vec::with_capacity(n_keys);
    for _ in 0..n_keys {
        keys.push(Key::new(r.str()?));
    }
    r.keys = keys;
    let list = match r.byte()? {
        ORGANIZATIONS => Rows::Organizations(r.rows()?),
        NODES => Rows::Nodes { relation: r.usize()?, rows: r.rows()? },
        INTRODUCTIONS => Rows::Introductions { relation: r.usize()?, rows: r.rows()? },
        TIES => {
            let relation = r.usize()?;
            r.ties(relation)?
        }
        _ => return Err("not a list"),
    };
    if r.at != bytes.len() {
        return Err("bytes after the last row");
    }
    Ok(list)
}

/// A row that travels in the binary form: written field by field, read back in that order.
trait Travels: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader) -> Result<Self, &'static str>;
}

#[derive(Default)]
pub(super) struct Writer {
    pub(super) bytes: Vec<u8>,
    /// The keys met so far, in the order of their indexes.
    keys: Vec<Key>,
    /// A key's index by the address and length of its text: keys are interned, so one text is
    /// one address (a key made outside the interner only costs a second table entry), and
    /// hashing an address is cheaper than hashing the text eight times per row.
    index: FxHashMap<(usize, usize), u64>,
}

impl Writer {
    fn rows<T: Travels>(&mut self, rows: &[T]) {
        self.varint(rows.len() as u64);
        for row in rows {
            row.put(self);
        }
    }

    /// The count, whether weights follow, the ends' `u32` pairs, then the weights.
    fn ties(&mut self, edges: &[(u32, u32)], weights: &[f64]) {
        self.varint(edges.len() as u64);
        self.flag(!weights.is_empty());
        self.bytes.reserve(edges.len() * 8 + weights.len() * 8);
        for (a, b) in edges {
            self.bytes.extend_from_slice(&a.to_le_bytes());
            self.bytes.extend_from_slice(&b.to_le_bytes());
        }
        // Weights come with every tie or with none (`Rows::Ties`), so only the flag travels;
        // misaligned weights would not read back (cut short, or bytes after the last row).
        for w in weights {
            self.bytes.extend_from_slice(&w.to_le_bytes());
        }
    }

    pub(super) fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    pub(super) fn flag(&mut self, yes: bool) {
        self.bytes.push(u8::from(yes));
    }

    fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// `None` as one 0 byte; `Some` as 1 and the text.
    fn str_opt(&mut self, s: Option<&str>) {
        self.flag(s.is_some());
        if let Some(s) = s {
            self.str(s);
        }
    }

    /// A number's 8 bytes (every bit kept).
    pub(super) fn f64(&mut self, x: f64) {
        self.bytes.extend_from_slice(&x.to_le_bytes());
    }

    /// `None` as one 0 byte; `Some` as 1 and the number's 8 bytes.
    pub(super) fn number(&mut self, x: Option<f64>) {
        self.flag(x.is_some());
        if let Some(x) = x {
            self.f64(x);
        }
    }

    fn key(&mut self, key: &Key) {
        let text = key.as_str();
        let address = (text.as_ptr() as usize, text.len());
        let next = self.keys.len() as u64;
        let i = *self.index.entry(address).or_insert(next);
        if i == next {
            self.keys.push(key.clone());
        }
        self.varint(i);
    }

    /// `None` as one 0 byte; `Some` as 1 and the key's index.
    fn key_opt(&mut self, key: Option<&Key>) {
        self.flag(key.is_some());
        if let Some(k) = key {
            self.key(k);
        }
    }

    fn keys_list(&mut self, keys: &[Key]) {
        self.varint(keys.len() as u64);
        for k in keys {
            self.key(k);
        }
    }

    fn scores(&mut self, scores: &Scores) {
        self.varint(scores.len() as u64);
        for (k, v) in scores.iter() {
            self.key(k);
            self.number(*v);
        }
    }

    /// A mean rating per tie dimension: the count, then each dimension, mean and count.
    fn means(&mut self, means: &BTreeMap<String, MeanN>) {
        self.varint(means.len() as u64);
        for (dimension, MeanN { mean, n }) in means {
            self.str(dimension);
            self.number(*mean);
            self.varint(*n as u64);
        }
    }
}

pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
    keys: Vec<Key>,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`, with no key table.
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0, keys: Vec::new() }
    }

    fn rows<T: Travels>(&mut self) -> Result<Vec<T>, &'static str> {
        let n = self.count()?;
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            rows.push(T::get(self)?);
        }
        Ok(rows)
    }

    /// Relation `relation`'s ties, as [`Writer::ties`] wrote them.
    fn ties(&mut self, relation: usize) -> Result<Rows, &'static str> {
        let n = self.count()?;
        let weighted = self.flag()?;
        let word = |c: &[u8]| u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let ends = self.take(n.checked_mul(8).ok_or("cut short")?)?;
        let edges = ends.chunks_exact(8).map(|c| (word(&c[..4]), word(&c[4..]))).collect();
        let weights = if weighted {
            let bytes = self.take(n * 8)?;
            bytes.chunks_exact(8).map(|c| f64::from_le_bytes(eight(c))).collect()
        } else {
            Vec::new()
        };
        Ok(Rows::Ties { relation, edges, weights })
    }

    pub(super) fn byte(&mut self) -> Result<u8, &'static str> {
        let b = *self.bytes.get(self.at).ok_or("cut short")?;
        self.at += 1;
        Ok(b)
    }

    pub(super) fn flag(&mut self) -> Result<bool, &'static str> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err("not a yes or no"),
        }
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&[u8], &'static str> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len()).ok_or("cut short")?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    pub(super) fn varint(&mut self) -> Result<u64, &'static str> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("a number too long")
    }

    pub(super) fn usize(&mut self) -> Result<usize, &'static str> {
        usize::try_from(self.varint()?).map_err(|_| "a number out of range")
    }

    /// A count of items that follow: at most one per byte left, so that a broken count cannot
    /// make a huge allocation (every item takes at least one byte).
    pub(super) fn count(&mut self) -> Result<usize, &'static str> {
        let n = self.varint()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err("a count beyond the bytes left");
        }
        Ok(n as usize)
    }

    fn str(&mut self) -> Result<&str, &'static str> {
        let n = self.count()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| "text not UTF-8")
    }

    fn string(&mut self) -> Result<String, &'static str> {
        self.str().map(str::to_string)
    }

    fn string_opt(&mut self) -> Result<Option<String>, &'static str> {
        if self.flag()? { self.string().map(Some) } else { Ok(None) }
    }

    pub(super) fn f64(&mut self) -> Result<f64, &'static str> {
        self.take(8).map(|b| f64::from_le_bytes(eight(b)))
    }

    pub(super) fn number(&mut self) -> Result<Option<f64>, &'static str> {
        if self.flag()? { self.f64().map(Some) } else { Ok(None) }
    }

    fn key(&mut self) -> Result<Key, &'static str> {
        let i = self.varint()?;
        usize::try_from(i).ok().and_then(|i| self.keys.get(i)).cloned().ok_or("a key not in the table")
    }

    fn key_opt(&mut self) -> Result<Option<Key>, &'static str> {
        if self.flag()? { self.key().map(Some) } else { Ok(None) }
    }

    fn keys_list(&mut self) -> Result<Vec<Key>, &'static str> {
        let n = self.count()?;
        (0..n).map(|_| self.key()).collect()
    }

    fn scores(&mut self) -> Result<Scores, &'static str> {
        let n = self.count()?;
        // Written in key order, so each entry is appended: one allocation per organization's
        // scores (a million organizations' rows are decoded on the page's thread).
        let mut scores = Scores::with_capacity(n);
        for _ in 0..n {
            let key = self.key()?;
            scores.insert(key, self.number()?);
        }
        Ok(scores)
    }

    fn means(&mut self) -> Result<BTreeMap<String, MeanN>, &'static str> {
        let n = self.count()?;
        let mut means = BTreeMap::new();
        for _ in 0..n {
            let dimension = self.string()?;
            means.insert(dimension, MeanN { mean: self.number()?, n: self.usize()? });
        }
        Ok(means)
    }
}

/// The first 8 bytes of `b` (which has them: `take(8)` or `chunks_exact(8)`).
pub(super) fn eight(b: &[u8]) -> [u8; 8] {
    [b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]
}

impl Travels for OrgCapacity {
    fn put(&self, w: &mut Writer) {
        // Destructured, so that a field added to the row cannot be forgotten here.
        let OrgCapacity {
            id,
            name,
            scores,
            index,
            percentile,
            group,
            group_percentile,
            strengths,
            gaps,
            profile,
            stage,
            engagement,
            respondents,
            agreement,
            few_respondents,
            by_respondent,
        } = self;
        w.str(id);
        w.str(name);
        w.scores(scores);
        for x in [index, percentile, group_percentile, engagement] {
            w.number(*x);
        }
        w.key_opt(group.as_ref());
        w.keys_list(strengths);
        w.keys_list(gaps);
        w.flag(profile.is_some());
        if let Some(p) = profile {
            w.varint(*p as u64);
        }
        w.key_opt(stage.as_ref());
        w.varint(*respondents as u64);
        w.scores(agreement);
        w.flag(*few_respondents);
        w.varint(by_respondent.len() as u64);
        for RespondentScores { label, scores } in by_respondent {
            w.str_opt(label.as_deref());
            w.scores(scores);
        }
    }

    fn get(r: &mut Reader) -> Result<Self, &'static str> {
        let id = r.string()?;
        let name = r.string()?;
        let scores = r.scores()?;
        let [index, percentile, group_percentile, engagement] =
            [r.number()?, r.number()?, r.number()?, r.number()?];
        let group = r.key_opt()?;
        let strengths = r.keys_list()?;
        let gaps = r.keys_list()?;
        let profile = if r.flag()? { Some(r.usize()?) } else { None };
        let stage = r.key_opt()?;
        let respondents = r.usize()?;
        let agreement = r.scores()?;
        let few_respondents = r.flag()?;
        let n = r.count()?;
        let mut by_respondent = Vec::with_capacity(n);
        for _ in 0..n {
            by_respondent.push(RespondentScores { label: r.string_opt()?, scores: r.scores()? });
        }
        Ok(OrgCapacity {
            id,
            name,
            scores,
            index,
            percentile,
            group,
            group_percentile,
            strengths,
            gaps,
            profile,
            stage,
            engagement,
            respondents,
            agreement,
            few_respondents,
            by_respondent,
        })
    }
}

impl Travels for NodeMetrics {
    fn put(&self, w: &mut Writer) {
        // Destructured, so that a field added to the row cannot be forgotten here.
        let NodeMetrics {
            received,
            given,
            id,
            name,
            respondent,
            in_degree,
            out_degree,
            degree,
            in_strength,
            out_strength,
            betweenness,
            closeness,
            harmonic,
            eigenvector,
            pagerank,
            coreness,
            clustering,
            constraint,
            community,
            hub,
            authority,
            effective_size,
            cut_vertex,
            brokerage,
            core_score,
            in_core,
            weighted_clustering,
        } = self;
        w.means(received);
        w.means(given);
        w.str(id);
        w.str(name);
        for b in [respondent, cut_vertex, in_core] {
            w.flag(*b);
        }
        for n in [in_degree, out_degree, degree, coreness, community] {
            w.varint(*n as u64);
        }
        w.f64(*in_strength);
        w.f64(*out_strength);
        let numbers = [
            betweenness,
            closeness,
            harmonic,
            eigenvector,
            pagerank,
            clustering,
            constraint,
            hub,
            authority,
            effective_size,
            core_score,
            weighted_clustering,
        ];
        for x in numbers {
            w.number(*x);
        }
        w.flag(brokerage.is_some());
        if let Some(Brokerage { coordinator, itinerant, gatekeeper, representative, liaison }) = brokerage {
            for n in [coordinator, itinerant, gatekeeper, representative, liaison] {
                w.varint(*n as u64);
            }
        }
    }

    fn get(r: &mut Reader) -> Result<Self, &'static str> {
        let (received, given) = (r.means()?, r.means()?);
        let (id, name) = (r.string()?, r.string()?);
        let [respondent, cut_vertex, in_core] = [r.flag()?, r.flag()?, r.flag()?];
        let [in_degree, out_degree, degree, coreness, community] =
            [r.usize()?, r.usize()?, r.usize()?, r.usize()?, r.usize()?];
        let (in_strength, out_strength) = (r.f64()?, r.f64()?);
        let mut numbers = [None; 12];
        for x in &mut numbers {
            *x = r.number()?;
        }
        let [
            betweenness,
            closeness,
            harmonic,
            eigenvector,
            pagerank,
            clustering,
            constraint,
            hub,
            authority,
            effective_size,
            core_score,
            weighted_clustering,
        ] = numbers;
        let brokerage = if r.flag()? {
            let [coordinator, itinerant, gatekeeper, representative, liaison] =
                [r.usize()?, r.usize()?, r.usize()?, r.usize()?, r.usize()?];
            Some(Brokerage { coordinator, itinerant, gatekeeper, representative, liaison })
        } else {
            None
        };
        Ok(NodeMetrics {
            received,
            given,
            id,
            name,
            respondent,
            in_degree,
            out_degree,
            degree,
            in_strength,
            out_strength,
            betweenness,
            closeness,
            harmonic,
            eigenvector,
            pagerank,
            coreness,
            clustering,
            constraint,
            community,
            hub,
            authority,
            effective_size,
            cut_vertex,
            brokerage,
            core_score,
            in_core,
            weighted_clustering,
        })
    }
}

impl Travels for Introduction {
    fn put(&self, w: &mut Writer) {
        // Destructured, so that a field added to the row cannot be forgotten here.
        let Introduction {
            node,
            id,
            name,
            to,
            to_id,
            to_name,
            kind,
            dimension,
            own_score,
            their_score,
            shared_partners,
            community,
            community_size,
            also_structural_hole,
        } = self;
        for n in [node, to, shared_partners, community, community_size] {
            w.varint(*n as u64);
        }
        for s in [id, name, to_id, to_name] {
            w.str(s);
        }
        w.key(kind);
        w.key_opt(dimension.as_ref());
        w.number(*own_score);
        w.number(*their_score);
        w.flag(*also_structural_hole);
    }

    fn get(r: &mut Reader) -> Result<Self, &'static str> {
        let [node, to, shared_partners, community, community_size] =
            [r.usize()?, r.usize()?, r.usize()?, r.usize()?, r.usize()?];
        let [id, name, to_id, to_name] = [r.string()?, r.string()?, r.string()?, r.string()?];
        let kind = r.key()?;
        Ok(Introduction {
            node,
            id,
            name,
            to,
            to_id,
            to_name,
            kind,
            dimension: r.key_opt()?,
            own_score: r.number()?,
            their_score: r.number()?,
            shared_partners,
            community,
            community_size,
            also_structural_hole: r.flag()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Rows with every field in every state it can take: missing numbers, no group, several
    /// respondents with and without labels, text that JSON would escape, extreme numbers.
    fn rows(n: usize, seed: u64) -> Vec<OrgCapacity> {
        let mut rng = Rng::new(seed);
        let dims = ["gov", "ks", "pro", "知识分享"];
        let numbers = [0.0, -0.0, 1e-300, f64::MAX, f64::INFINITY, f64::NEG_INFINITY, 3.125];
        let number = |rng: &mut Rng| match rng.below(4) {
            0 => None,
            1 => Some(numbers[rng.below(numbers.len())]),
            _ => Some(rng.normal() * 100.0),
        };
        let texts = ["", "机构\"甲\"\n", "Org, \\ B", "\u{1F600}", "a\u{0}b"];
        (0..n)
            .map(|i| {
                let mut scores = Scores::default();
                for d in dims {
                    if rng.below(5) > 0 {
                        scores.insert(Key::new(d), number(&mut rng));
                    }
                }
                let several = rng.below(3) == 0;
                let group = match rng.below(3) {
                    0 => None,
                    1 => Some(Key::new(texts[rng.below(texts.len())])),
                    _ => Some(Key::from(format!("城市{}", rng.below(3)))),
                };
                OrgCapacity {
                    id: format!("{i}{}", texts[rng.below(texts.len())]),
                    name: texts[rng.below(texts.len())].repeat(rng.below(3)),
                    index: number(&mut rng),
                    percentile: number(&mut rng),
                    group,
                    group_percentile: number(&mut rng),
                    strengths: scores.iter().take(rng.below(3)).map(|(k, _)| k.clone()).collect(),
                    gaps: scores.iter().skip(1).take(rng.below(2)).map(|(k, _)| k.clone()).collect(),
                    profile: [None, Some(0), Some(200), Some(usize::MAX)][rng.below(4)],
                    stage: [None, Some(Key::new("maturing"))][rng.below(2)].clone(),
                    engagement: number(&mut rng),
                    respondents: if several { 2 + rng.below(300) } else { 1 },
                    agreement: if several { scores.clone() } else { Scores::default() },
                    few_respondents: rng.below(2) == 0,
                    by_respondent: if several {
                        (0..2)
                            .map(|r| RespondentScores {
                                label: (r == 0).then(|| texts[rng.below(texts.len())].to_string()),
                                scores: scores.clone(),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    scores,
                }
            })
            .collect()
    }

    /// Node rows with every field in every state: rated ties or none, missing numbers,
    /// brokerage or none, odd text.
    fn nodes(n: usize, seed: u64) -> Vec<NodeMetrics> {
        let mut rng = Rng::new(seed);
        let number = |rng: &mut Rng| match rng.below(4) {
            0 => None,
            1 => Some([0.0, -0.0, f64::MAX, f64::NAN][rng.below(4)]),
            _ => Some(rng.normal()),
        };
        let texts = ["", "机构\"甲\"\n", "Org, \\ B", "\u{1F600}"];
        let means = |rng: &mut Rng| {
            (0..rng.below(3))
                .map(|i| {
                    (format!("{}{i}", texts[rng.below(4)]), MeanN { mean: number(rng), n: rng.below(9) })
                })
                .collect::<BTreeMap<_, _>>()
        };
        (0..n)
            .map(|i| {
                let mut o = [0; 5];
                o.iter_mut().for_each(|x| *x = [0, 1, 200, usize::MAX][rng.below(4)]);
                let [coordinator, itinerant, gatekeeper, representative, liaison] = o;
                NodeMetrics {
                    received: means(&mut rng),
                    given: means(&mut rng),
                    id: format!("{i}{}", texts[rng.below(4)]),
                    name: texts[rng.below(4)].repeat(rng.below(3)),
                    respondent: rng.below(2) == 0,
                    in_degree: rng.below(5),
                    out_degree: usize::MAX - rng.below(2),
                    degree: 1 << rng.below(40),
                    in_strength: rng.normal(),
                    out_strength: -0.0,
                    betweenness: number(&mut rng),
                    closeness: number(&mut rng),
                    harmonic: number(&mut rng),
                    eigenvector: number(&mut rng),
                    pagerank: number(&mut rng),
                    coreness: rng.below(7),
                    clustering: number(&mut rng),
                    constraint: number(&mut rng),
                    community: rng.below(300),
                    hub: number(&mut rng),
                    authority: number(&mut rng),
                    effective_size: number(&mut rng),
                    cut_vertex: rng.below(2) == 0,
                    brokerage: (rng.below(2) == 0).then_some(Brokerage {
                        coordinator,
                        itinerant,
                        gatekeeper,
                        representative,
                        liaison,
                    }),
                    core_score: number(&mut rng),
                    in_core: rng.below(2) == 0,
                    weighted_clustering: number(&mut rng),
                }
            })
            .collect()
    }

    fn introductions(n: usize, seed: u64) -> Vec<Introduction> {
        let mut rng = Rng::new(seed);
        let texts = ["", "机构\"甲\"\n", "Org, \\ B", "\u{1F600}"];
        (0..n)
            .map(|i| Introduction {
                node: i,
                id: texts[rng.below(4)].into(),
                name: texts[rng.below(4)].into(),
                to: usize::MAX - i,
                to_id: format!("{i}"),
                to_name: texts[rng.below(4)].repeat(2),
                kind: ["capacity", "structural_hole"][rng.below(2)].into(),
                dimension: [None, Some(Key::new("知识分享"))][rng.below(2)].clone(),
                own_score: [None, Some(-0.0), Some(rng.normal())][rng.below(3)],
                their_score: [None, Some(f64::INFINITY), Some(rng.normal())][rng.below(3)],
                shared_partners: rng.below(40),
                community: rng.below(3),
                community_size: rng.below(100_000),
                also_structural_hole: rng.below(2) == 0,
            })
            .collect()
    }

    fn ties(n: usize, weighted: bool) -> Rows {
        let edges = (0..n as u32).map(|i| (i.wrapping_mul(2_654_435_761), u32::MAX - i)).collect();
        let weights = if weighted { (0..n).map(|i| i as f64 / 3.0 - 1.0).collect() } else { Vec::new() };
        Rows::Ties { relation: 2, edges, weights }
    }

    /// Every kind of list, with rows in every state.
    fn lists() -> Vec<Rows> {
        vec![
            Rows::Organizations(rows(40, 11)),
            Rows::Nodes { relation: 0, rows: nodes(40, 12) },
            Rows::Introductions { relation: 300, rows: introductions(40, 13) },
            ties(50, true),
            ties(7, false),
            Rows::Nodes { relation: 1, rows: Vec::new() },
        ]
    }

    /// The bits of every float a list holds, in order (−0 is not 0 and NaN is not NaN for
    /// `PartialEq`).
    fn float_bits(list: &Rows) -> Vec<Option<u64>> {
        let opt = |x: Option<f64>| x.map(f64::to_bits);
        match list {
            Rows::Organizations(rows) => {
                let scores = |s: &Scores| s.iter().map(|(_, v)| opt(*v)).collect::<Vec<_>>();
                rows.iter()
                    .flat_map(|r| {
                        let mut b: Vec<Option<u64>> =
                            [r.index, r.percentile, r.group_percentile, r.engagement].map(opt).to_vec();
                        b.extend(scores(&r.scores));
                        b.extend(scores(&r.agreement));
                        b.extend(r.by_respondent.iter().flat_map(|x| scores(&x.scores)));
                        b
                    })
                    .collect()
            }
            Rows::Nodes { rows, .. } => rows
                .iter()
                .flat_map(|r| {
                    let means = r.received.values().chain(r.given.values()).map(|m| opt(m.mean));
                    let fixed = [Some(r.in_strength), Some(r.out_strength), r.betweenness, r.closeness];
                    let more = [r.harmonic, r.eigenvector, r.pagerank, r.clustering, r.constraint, r.hub];
                    let last = [r.authority, r.effective_size, r.core_score, r.weighted_clustering];
                    means.chain(fixed.into_iter().chain(more).chain(last).map(opt)).collect::<Vec<_>>()
                })
                .collect(),
            Rows::Introductions { rows, .. } => {
                rows.iter().flat_map(|r| [opt(r.own_score), opt(r.their_score)]).collect()
            }
            Rows::Ties { weights, .. } => weights.iter().map(|w| Some(w.to_bits())).collect(),
        }
    }

    /// Same rows, every float with the same bits. NaN is not equal to itself, so the rows
    /// are compared through their text with floats left out of it.
    fn same_bits(a: &Rows, b: &Rows) -> bool {
        let text = |l: &Rows| format!("{l:?}").replace("NaN", "nan");
        text(a) == text(b) && float_bits(a) == float_bits(b)
    }

    #[test]
    fn rows_come_back_as_they_were_sent() {
        for (n, seed) in [(0, 1), (1, 2), (7, 3), (500, 4)] {
            let sent = Rows::Organizations(rows(n, seed));
            let back = decode(&encode(&sent)).unwrap();
            assert!(same_bits(&sent, &back), "{n} rows, seed {seed}");
        }
        for sent in lists() {
            let back = decode(&encode(&sent)).unwrap();
            assert!(same_bits(&sent, &back), "{sent:?}");
        }
    }

    #[test]
    fn rows_travel_attached_and_take_less_room_than_as_json() {
        use super::super::{WorkerMessage, attached_rows, with_attached_rows};
        let sent = Rows::Organizations(rows(300, 9));
        let msg = WorkerMessage::Rows { id: 4, start: 600, of: 1000, rows: sent.clone() };
        let (head, bytes) = attached_rows(&msg).unwrap();
        assert_eq!(head, WorkerMessage::AttachedRows { id: 4, start: 600, of: 1000 });
        let head: WorkerMessage = serde_json::from_str(&serde_json::to_string(&head).unwrap()).unwrap();
        let WorkerMessage::Rows { id: 4, start: 600, of: 1000, rows: back } =
            with_attached_rows(head.clone(), &bytes).unwrap()
        else {
            panic!("not the rows sent")
        };
        assert!(same_bits(&sent, &back));
        let Rows::Organizations(orgs) = &sent else { unreachable!() };
        let as_json = serde_json::to_string(orgs).unwrap();
        assert!(bytes.len() * 2 < as_json.len(), "{} bytes against {} as JSON", bytes.len(), as_json.len());
        let Rows::Nodes { rows: nodes, .. } = &lists()[1] else { unreachable!() };
        let node_bytes = encode(&lists()[1]).len();
        let as_json = serde_json::to_string(nodes).unwrap().len();
        assert!(node_bytes * 2 < as_json, "{node_bytes} node bytes against {as_json} as JSON");
        assert!(with_attached_rows(head, &bytes[1..]).is_err());
        assert!(with_attached_rows(WorkerMessage::Ready, &bytes).is_err());
    }

    #[test]
    fn keys_are_shared_by_the_rows_read_back() {
        let Ok(Rows::Organizations(back)) = decode(&encode(&Rows::Organizations(rows(50, 5)))) else {
            panic!("organizations")
        };
        let stages: Vec<&str> = back.iter().filter_map(|r| r.stage.as_deref()).collect();
        assert!(stages.len() > 1);
        assert!(stages.windows(2).all(|w| std::ptr::eq(w[0], w[1])), "one key, one allocation");
    }

    #[test]
    fn malformed_bytes_are_refused_without_a_panic() {
        let mut rng = Rng::new(7);
        for list in lists() {
            let bytes = encode(&list);
            // Every shorter prefix is cut short somewhere.
            for end in 0..bytes.len() {
                assert!(decode(&bytes[..end]).is_err(), "prefix of {end} bytes");
            }
            let mut longer = bytes.clone();
            longer.push(0);
            assert!(decode(&longer).is_err());
            let mut other = bytes.clone();
            other[0] = VERSION + 1;
            assert!(decode(&other).is_err());
            // Any byte changed: refused or read as some rows, never a panic or a huge
            // allocation.
            for _ in 0..500 {
                let mut b = bytes.clone();
                let i = rng.below(b.len());
                b[i] = rng.below(256) as u8;
                let _ = decode(&b);
            }
        }
        // A count of 2⁶³ rows is refused before anything is allocated for it.
        let mut huge = vec![VERSION, 0, ORGANIZATIONS];
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        assert_eq!(decode(&huge), Err("a count beyond the bytes left"));
        // Ties whose count times 8 overflows, or that claim weights they lack.
        let mut ties = vec![VERSION, 0, TIES, 0, 1, 1];
        ties.extend_from_slice(&[0; 8]);
        assert_eq!(decode(&ties), Err("cut short"));
        assert_eq!(decode(&[VERSION, 0, 9]), Err("not a list"));
    }
}
