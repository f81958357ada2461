//! What the organizations table, the capacity view and the overview need from every
//! organization before they show anything: the row order by the index, which of the index and
//! percentile columns have gaps, whether any organization has several respondents, and how many
//! organizations are weak on the weakest dimension (the overview's finding).
//!
//! For a million organizations each of these is a pass over a million report rows, and the
//! order a sort of them: together 0.1–0.2 s of the tasks that first showed the overview and the
//! table. They are gathered in bounded steps ([`OrgFactsSteps`]), which the page runs in short
//! tasks before it shows a result (`ui::bridge`); a result not prepared so (the warm-up's, an
//! early capacity result) gathers them in one go when first asked ([`OrgFacts::of`]).

use crate::report::Report;
use crate::stats::SortSteps;

/// Facts about a report's organizations, each a pass over all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgFacts {
    /// Rows by index, lowest first, undefined last (`stats::sort_order` of the index).
    pub by_index: Vec<u32>,
    /// Some organization's index, percentile or group percentile is missing (or not finite),
    /// in that order: the table's "not defined" notes for those columns.
    pub gaps: [bool; 3],
    /// Some organization has several respondents (the ICC and agreement columns).
    pub several: bool,
    /// The weakest dimensions (`findings::weakest_dimensions`) and how many organizations are
    /// weak on any of them (`findings::weak_count`).
    pub weak: (Vec<usize>, usize),
}

impl OrgFacts {
    /// The facts of `report`'s organizations, gathered in one go.
    pub fn of(report: &Report) -> OrgFacts {
        let mut steps = OrgFactsSteps::new(report);
        while !steps.step(report, usize::MAX) {}
        steps.finish()
    }

    /// How many organizations are weak on any of `dims`: counted ahead for the weakest
    /// dimensions, else now ([`crate::findings::weak_count`]).
    pub fn weak_count(&self, report: &Report, dims: &[usize]) -> usize {
        match &self.weak {
            (weakest, count) if weakest.as_slice() == dims => *count,
            _ => crate::findings::weak_count(report, dims),
        }
    }
}

/// [`OrgFacts`] gathered a bounded piece at a time: each [`OrgFactsSteps::step`] reads at most
/// `rows` organizations or makes one pass of the sort.
#[derive(Debug, Clone)]
pub struct OrgFactsSteps {
    sort: SortSteps,
    /// Organizations whose gaps, respondents and weakness have been read (their index by `sort`).
    read: usize,
    gaps: [bool; 3],
    several: bool,
    weakest: Vec<usize>,
    weak: usize,
}

impl OrgFactsSteps {
    /// Facts about `report`'s organizations, not yet gathered.
    pub fn new(report: &Report) -> OrgFactsSteps {
        OrgFactsSteps {
            sort: SortSteps::new(report.capacity.organizations.len(), true),
            read: 0,
            gaps: [false; 3],
            several: false,
            weakest: crate::findings::weakest_dimensions(report),
            weak: 0,
        }
    }

    /// The next piece of work over `report`'s organizations (the same report every step); true
    /// once every fact is gathered ([`OrgFactsSteps::finish`]).
    pub fn step(&mut self, report: &Report, rows: usize) -> bool {
        let orgs = &report.capacity.organizations;
        // The rows the sort reads in this step are read here too, while they are in the cache.
        let end = orgs.len().min(self.read.saturating_add(rows.max(1)));
        for o in orgs.get(self.read..end).unwrap_or_default() {
            for (gap, v) in self.gaps.iter_mut().zip([o.index, o.percentile, o.group_percentile]) {
                *gap |= v.is_none_or(|v| !v.is_finite());
            }
            self.several |= o.respondents > 1;
        }
        if !self.weakest.is_empty() && self.read < end {
            self.weak += crate::findings::weak_count_in(report, &self.weakest, self.read..end);
        }
        self.read = self.read.max(end);
        self.sort.step(rows, |i| orgs.get(i).and_then(|o| o.index))
    }

    /// The facts (once [`OrgFactsSteps::step`] has returned true).
    pub fn finish(self) -> OrgFacts {
        OrgFacts {
            by_index: self.sort.into_order(),
            gaps: self.gaps,
            several: self.several,
            weak: (self.weakest, self.weak),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's report with its organizations repeated to `n`.
    fn report(n: usize) -> Report {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let mut report = a.report;
        let one = std::mem::take(&mut report.capacity.organizations);
        report.capacity.organizations = one.iter().cycle().take(n).cloned().collect();
        report
    }

    /// Gathered in steps of any size, the facts are those of whole passes: the order of
    /// `sort_order` by index, each gap and "several" as a scan of every row finds them, and the
    /// weakest dimensions' count as `findings` gives it.
    #[test]
    fn facts_in_steps_equal_whole_passes() {
        let mut r = report(6_000);
        let all = &mut r.capacity.organizations;
        // Gaps and several respondents only late in the list, so no early stop can find them.
        for o in all.iter_mut() {
            o.respondents = 1;
        }
        all[5_990].percentile = None;
        all[5_991].respondents = 3;
        all[100].index = None;
        let all = &r.capacity.organizations;
        let keys: Vec<Option<f64>> = all.iter().map(|o| o.index).collect();
        let whole = OrgFacts::of(&r);
        assert_eq!(whole.by_index, crate::stats::sort_order(&keys, true));
        assert_eq!(whole.gaps, [true, true, all.iter().any(|o| o.group_percentile.is_none())]);
        assert!(whole.several);
        let weakest = crate::findings::weakest_dimensions(&r);
        assert!(!weakest.is_empty());
        let count = crate::findings::weak_count(&r, &weakest);
        assert!(count > 0 && count < all.len(), "{count}");
        assert_eq!(whole.weak, (weakest.clone(), count));
        assert_eq!(whole.weak_count(&r, &weakest), count);
        assert_eq!(whole.weak_count(&r, &[0, 1]), crate::findings::weak_count(&r, &[0, 1]));
        for rows in [1usize, 999, 4_096, 10_000] {
            let mut steps = OrgFactsSteps::new(&r);
            let mut n = 0;
            while !steps.step(&r, rows) {
                n += 1;
            }
            assert!(n <= all.len().div_ceil(rows) + 5, "{rows}: {n} steps");
            assert_eq!(steps.finish(), whole, "steps of {rows}");
        }
        // The overview's findings with the count made ahead are the findings.
        let ahead = crate::findings::findings_counting(&r, &|d| whole.weak_count(&r, d));
        assert_eq!(ahead, crate::findings::findings(&r));
        // Without gaps or several respondents.
        let mut clean = report(300);
        for o in &mut clean.capacity.organizations {
            o.respondents = 1;
            o.index = o.index.or(Some(50.0));
            o.percentile = Some(50.0);
            o.group_percentile = Some(50.0);
        }
        let facts = OrgFacts::of(&clean);
        assert_eq!((facts.gaps, facts.several), ([false; 3], false));
        assert_eq!(OrgFacts::of(&report(0)).by_index, Vec::<u32>::new());
    }
}
