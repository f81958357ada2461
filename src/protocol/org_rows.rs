//! Organization rows as they travel from the worker to the page: a compact binary form,
//! attached to a [`super::WorkerMessage::OrgRows`] message ([`super::attached_rows`]).
//!
//! As JSON a million organizations were about 300 MB of field names and decimal numbers, which
//! the worker wrote and the page read in the seconds between the worker's last step and the
//! result shown. Here a row is about 120 bytes: its strings as UTF-8 with their lengths,
//! numbers as their 8 bytes (every bit kept), counts as LEB128 varints, and every [`Key`]
//! (dimension keys, groups, stages) as an index into the chunk's table of keys, which the page
//! interns once per chunk instead of once per use.
//!
//! Any malformed input is an error, never a panic or a huge allocation.

use rustc_hash::FxHashMap;

use crate::report::keys::{Key, Scores};
use crate::report::{OrgCapacity, RespondentScores};

/// First byte of every encoding: a page of another version of the form refuses it.
const VERSION: u8 = 1;

/// The rows in the binary form: the version, the key table, the row count, the rows.
pub(super) fn encode(rows: &[OrgCapacity]) -> Vec<u8> {
    let mut body = Writer::default();
    body.varint(rows.len() as u64);
    for row in rows {
        body.row(row);
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
pub(super) fn decode(bytes: &[u8]) -> Result<Vec<OrgCapacity>, &'static str> {
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
    let n = r.count()?;
    let mut rows = Vec::with_capacity(n);
    for _ in 0..n {
        rows.push(r.row()?);
    }
    if r.at != bytes.len() {
        return Err("bytes after the last row");
    }
    Ok(rows)
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
    /// The keys met so far, in the order of their indexes.
    keys: Vec<Key>,
    /// A key's index by the address and length of its text: keys are interned, so one text is
    /// one address (a key made outside the interner only costs a second table entry), and
    /// hashing an address is cheaper than hashing the text eight times per row.
    index: FxHashMap<(usize, usize), u64>,
}

impl Writer {
    fn row(&mut self, row: &OrgCapacity) {
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
        } = row;
        self.str(id);
        self.str(name);
        self.scores(scores);
        for x in [index, percentile, group_percentile, engagement] {
            self.number(*x);
        }
        self.key_opt(group.as_ref());
        self.keys_list(strengths);
        self.keys_list(gaps);
        match profile {
            Some(p) => {
                self.bytes.push(1);
                self.varint(*p as u64);
            }
            None => self.bytes.push(0),
        }
        self.key_opt(stage.as_ref());
        self.varint(*respondents as u64);
        self.scores(agreement);
        self.bytes.push(u8::from(*few_respondents));
        self.varint(by_respondent.len() as u64);
        for RespondentScores { label, scores } in by_respondent {
            match label {
                Some(l) => {
                    self.bytes.push(1);
                    self.str(l);
                }
                None => self.bytes.push(0),
            }
            self.scores(scores);
        }
    }

    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// `None` as one 0 byte; `Some` as 1 and the number's 8 bytes (every bit kept).
    fn number(&mut self, x: Option<f64>) {
        match x {
            Some(x) => {
                self.bytes.push(1);
                self.bytes.extend_from_slice(&x.to_le_bytes());
            }
            None => self.bytes.push(0),
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
        match key {
            Some(k) => {
                self.bytes.push(1);
                self.key(k);
            }
            None => self.bytes.push(0),
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
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    keys: Vec<Key>,
}

impl Reader<'_> {
    fn row(&mut self) -> Result<OrgCapacity, &'static str> {
        let id = self.str()?.to_string();
        let name = self.str()?.to_string();
        let scores = self.scores()?;
        let [index, percentile, group_percentile, engagement] =
            [self.number()?, self.number()?, self.number()?, self.number()?];
        let group = self.key_opt()?;
        let strengths = self.keys_list()?;
        let gaps = self.keys_list()?;
        let profile = match self.byte()? {
            0 => None,
            1 => Some(usize::try_from(self.varint()?).map_err(|_| "profile out of range")?),
            _ => return Err("not a profile or none"),
        };
        let stage = self.key_opt()?;
        let respondents = usize::try_from(self.varint()?).map_err(|_| "respondents out of range")?;
        let agreement = self.scores()?;
        let few_respondents = match self.byte()? {
            0 => false,
            1 => true,
            _ => return Err("not a yes or no"),
        };
        let n = self.count()?;
        let mut by_respondent = Vec::with_capacity(n);
        for _ in 0..n {
            let label = match self.byte()? {
                0 => None,
                1 => Some(self.str()?.to_string()),
                _ => return Err("not a label or none"),
            };
            by_respondent.push(RespondentScores { label, scores: self.scores()? });
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

    fn byte(&mut self) -> Result<u8, &'static str> {
        let b = *self.bytes.get(self.at).ok_or("cut short")?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], &'static str> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len()).ok_or("cut short")?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn varint(&mut self) -> Result<u64, &'static str> {
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

    /// A count of items that follow: at most one per byte left, so that a broken count cannot
    /// make a huge allocation (every item takes at least one byte).
    fn count(&mut self) -> Result<usize, &'static str> {
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

    fn number(&mut self) -> Result<Option<f64>, &'static str> {
        match self.byte()? {
            0 => Ok(None),
            1 => {
                let b = self.take(8)?;
                Ok(Some(f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])))
            }
            _ => Err("not a number or none"),
        }
    }

    fn key(&mut self) -> Result<Key, &'static str> {
        let i = self.varint()?;
        usize::try_from(i).ok().and_then(|i| self.keys.get(i)).cloned().ok_or("a key not in the table")
    }

    fn key_opt(&mut self) -> Result<Option<Key>, &'static str> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.key().map(Some),
            _ => Err("not a key or none"),
        }
    }

    fn keys_list(&mut self) -> Result<Vec<Key>, &'static str> {
        let n = self.count()?;
        (0..n).map(|_| self.key()).collect()
    }

    fn scores(&mut self) -> Result<Scores, &'static str> {
        let n = self.count()?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            entries.push((self.key()?, self.number()?));
        }
        // Written in key order, so collecting appends each entry in turn.
        Ok(entries.into_iter().collect())
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

    /// Equal, with every number's bits equal (−0 is not 0; `PartialEq` would not tell).
    fn same_bits(a: &[OrgCapacity], b: &[OrgCapacity]) -> bool {
        let bits = |rows: &[OrgCapacity]| {
            let opt = |x: Option<f64>| x.map(f64::to_bits);
            let scores = |s: &Scores| s.iter().map(|(_, v)| opt(*v)).collect::<Vec<_>>();
            rows.iter()
                .map(|r| {
                    (
                        [r.index, r.percentile, r.group_percentile, r.engagement].map(opt),
                        scores(&r.scores),
                        scores(&r.agreement),
                        r.by_respondent.iter().map(|b| scores(&b.scores)).collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        };
        a == b && bits(a) == bits(b)
    }

    #[test]
    fn rows_come_back_as_they_were_sent() {
        for (n, seed) in [(0, 1), (1, 2), (7, 3), (500, 4)] {
            let sent = rows(n, seed);
            let back = decode(&encode(&sent)).unwrap();
            assert!(same_bits(&sent, &back), "{n} rows, seed {seed}");
        }
    }

    #[test]
    fn rows_travel_attached_and_take_less_room_than_as_json() {
        use super::super::{Rows, WorkerMessage, attached_rows, with_attached_rows};
        let sent = rows(300, 9);
        let msg =
            WorkerMessage::Rows { id: 4, start: 600, of: 1000, rows: Rows::Organizations(sent.clone()) };
        let (head, bytes) = attached_rows(&msg).unwrap();
        assert_eq!(head, WorkerMessage::OrgRows { id: 4, start: 600, of: 1000 });
        let head: WorkerMessage = serde_json::from_str(&serde_json::to_string(&head).unwrap()).unwrap();
        let WorkerMessage::Rows { rows: Rows::Organizations(back), .. } =
            with_attached_rows(head.clone(), &bytes).unwrap()
        else {
            panic!("not organization rows")
        };
        assert!(same_bits(&sent, &back));
        let as_json = serde_json::to_string(&sent).unwrap();
        assert!(bytes.len() * 2 < as_json.len(), "{} bytes against {} as JSON", bytes.len(), as_json.len());
        assert!(with_attached_rows(head, &bytes[1..]).is_err());
        assert!(with_attached_rows(WorkerMessage::Ready, &bytes).is_err());
        let other = WorkerMessage::Rows {
            id: 4,
            start: 0,
            of: 1,
            rows: Rows::Nodes { relation: 0, rows: Vec::new() },
        };
        assert!(attached_rows(&other).is_none(), "only organization rows travel attached");
    }

    #[test]
    fn keys_are_shared_by_the_rows_read_back() {
        let back = decode(&encode(&rows(50, 5))).unwrap();
        let stages: Vec<&str> = back.iter().filter_map(|r| r.stage.as_deref()).collect();
        assert!(stages.len() > 1);
        assert!(stages.windows(2).all(|w| std::ptr::eq(w[0], w[1])), "one key, one allocation");
    }

    #[test]
    fn malformed_bytes_are_refused_without_a_panic() {
        let bytes = encode(&rows(20, 6));
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
        // Any byte changed: refused or read as some rows, never a panic or a huge allocation.
        let mut rng = Rng::new(7);
        for _ in 0..2000 {
            let mut b = bytes.clone();
            let i = rng.below(b.len());
            b[i] = rng.below(256) as u8;
            let _ = decode(&b);
        }
        // A count of 2⁶³ rows is refused before anything is allocated for it.
        let mut huge = vec![VERSION, 0];
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        assert_eq!(decode(&huge), Err("a count beyond the bytes left"));
    }
}
