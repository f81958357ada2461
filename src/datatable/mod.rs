//! The model of the page's result tables: columns, cells, where rows come from, which columns a
//! wide table shows at first, and the row order of a sort. Plain Rust (the page's `DataTable`
//! shows it, [`html`] writes its markup), so it is tested natively.

pub mod html;
pub mod orgs;

use crate::i18n::t;

/// Most columns a table shows at first: wider tables get a column chooser (see
/// [`default_shown`]).
pub const DEFAULT_COLUMNS: usize = 7;

/// A column of a result table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Right-aligned, numeric sorting.
    pub numeric: bool,
    /// `data-testid` given to each cell of this column.
    pub testid: Option<&'static str>,
    /// Label key of the metric, for the reason shown when a cell is "not defined".
    pub metric: Option<&'static str>,
    /// Hidden at first in a table of more than [`DEFAULT_COLUMNS`] columns (the column
    /// chooser shows it).
    pub extra: bool,
    /// Left out of a row's phone card (shown in the table on a wider screen): a card keeps
    /// the few key columns, the rest is on the organization's page.
    pub off_card: bool,
    /// Offered as a sort (a header button); not for free text such as a reason, which has
    /// no order worth sorting by.
    pub sortable: bool,
    /// What the column means, in words, and the name of the header's button that opens it
    /// (the table's list of explanations, see [`Column::explained`]).
    pub help: Option<(String, String)>,
    /// A short plain explanation shown in place, folded under the table's header (the
    /// header's "?" opens it there; the table's list of explanations keeps the full one).
    pub note: Option<String>,
}

impl Column {
    /// A text column.
    pub fn text(title: impl Into<String>) -> Self {
        Column {
            title: title.into(),
            numeric: false,
            testid: None,
            metric: None,
            extra: false,
            off_card: false,
            sortable: true,
            help: None,
            note: None,
        }
    }
    /// A numeric column.
    pub fn num(title: impl Into<String>) -> Self {
        Column {
            title: title.into(),
            numeric: true,
            testid: None,
            metric: None,
            extra: false,
            off_card: false,
            sortable: true,
            help: None,
            note: None,
        }
    }
    /// A numeric column for the metric with label key `key`: its "not defined" cells are
    /// explained under the table (see [`crate::report::format::undefined_reason`]).
    pub fn metric(l: crate::i18n::Lang, key: &'static str) -> Self {
        Column {
            title: t(l, key),
            numeric: true,
            testid: None,
            metric: Some(key),
            extra: false,
            off_card: false,
            sortable: true,
            help: None,
            note: None,
        }
    }
    /// Explains the column (`text`): under the table with the metrics' explanations, and
    /// opened from a "?" button in its header.
    pub fn explained(mut self, l: crate::i18n::Lang, text: impl Into<String>) -> Self {
        let label = crate::i18n::tf(l, "table.explain", &[("column", self.title.clone())]);
        self.help = Some((text.into(), label));
        self
    }
    /// Explains the column in place too, in a few plain words (`text`), folded above the rows
    /// where its header's "?" opens it; needs [`Column::explained`] (the button and the list).
    pub fn noted(mut self, text: impl Into<String>) -> Self {
        self.note = Some(text.into());
        self
    }
    /// Adds a `data-testid` to the column's cells.
    pub fn id(mut self, testid: &'static str) -> Self {
        self.testid = Some(testid);
        self
    }
    /// Hides the column at first in a wide table.
    pub fn extra(mut self) -> Self {
        self.extra = true;
        self
    }
    /// Offers no sort on the column: free text (a reason, a sentence) has no useful order.
    pub fn unsorted(mut self) -> Self {
        self.sortable = false;
        self
    }
    /// Leaves the column out of the phone cards.
    pub fn off_card(mut self) -> Self {
        self.off_card = true;
        self
    }
}

/// The columns a table shows at first: all of them up to [`DEFAULT_COLUMNS`]; else the name
/// and the first columns not marked [`Column::extra`], at most [`DEFAULT_COLUMNS`].
pub fn default_shown(columns: &[Column]) -> Vec<bool> {
    if columns.len() <= DEFAULT_COLUMNS {
        return vec![true; columns.len()];
    }
    let mut left = DEFAULT_COLUMNS;
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let show = left > 0 && (i == 0 || !c.extra);
            left -= usize::from(show);
            show
        })
        .collect()
}

/// A cell: what is shown, and the number it sorts by.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Display text.
    pub text: String,
    /// Sort key for numeric columns (`None` sorts last).
    pub sort: Option<f64>,
    /// The id of the organization the cell names: the name opens its page (see `ui::nav`).
    pub org: Option<String>,
    /// More than the cell shows, on hover (the dimensions a compact "weak on 2" names).
    pub title: Option<String>,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Cell { text: s.into(), sort: None, org: None, title: None }
    }
    /// A numeric cell with its display text.
    pub fn num(text: impl Into<String>, value: Option<f64>) -> Self {
        Cell { text: text.into(), sort: value, org: None, title: None }
    }
    /// An organization's name, which opens its page when clicked.
    pub fn org(name: impl Into<String>, id: impl Into<String>) -> Self {
        Cell { text: name.into(), sort: None, org: Some(id.into()), title: None }
    }
    /// The cell with `title` shown on hover.
    pub fn with_title(self, title: impl Into<String>) -> Self {
        Cell { title: Some(title.into()), ..self }
    }
}

/// Where a table's rows come from. Small tables hand over their cells ready-made (a
/// `Vec<Vec<Cell>>`); a table of a million organizations formats a row only when it is on the
/// shown page, so building the table costs nothing per row and memory stays with the report.
pub trait RowSource: Send + Sync {
    /// Number of rows.
    fn len(&self) -> usize;
    /// No rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The cell in row `row`, column `col`.
    fn cell(&self, row: usize, col: usize) -> Cell;
    /// The number a numeric column sorts row `row` by. Sources with many rows override it to
    /// read the number without formatting the cell.
    fn sort_key(&self, row: usize, col: usize) -> Option<f64> {
        self.cell(row, col).sort
    }
    /// For each of `columns` columns: does any cell read "not defined" (`undefined` holds the
    /// words in both languages)? Reads every cell unless a source knows better.
    fn undefined_columns(&self, columns: usize, undefined: &[String]) -> Vec<bool> {
        (0..columns).map(|c| (0..self.len()).any(|r| undefined.contains(&self.cell(r, c).text))).collect()
    }
}

impl RowSource for Vec<Vec<Cell>> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn cell(&self, row: usize, col: usize) -> Cell {
        self.get(row).and_then(|r| r.get(col)).cloned().unwrap_or_else(|| Cell::text(""))
    }
    /// Compares the cells in place (the default would copy each one).
    fn undefined_columns(&self, columns: usize, undefined: &[String]) -> Vec<bool> {
        (0..columns)
            .map(|c| self.iter().any(|r| r.get(c).is_some_and(|cell| undefined.contains(&cell.text))))
            .collect()
    }
}

/// The columns a wide table shows and what of it is the reader's own choice: the column its
/// rows come sorted by shows even when the reader hid it (the order says what it is), but only
/// for that sort — it is not remembered as chosen, so the table opened in its own order
/// shows the reader's columns again.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChoice {
    /// The columns shown.
    pub shown: Vec<bool>,
    /// The column shown only because the rows are sorted by it (the reader had it hidden).
    pub for_sort: Option<usize>,
}

impl ColumnChoice {
    /// The reader's columns (`chosen`: remembered, else [`default_shown`]) and the column the
    /// rows come sorted by, if any.
    pub fn new(chosen: Vec<bool>, sorted: Option<usize>) -> ColumnChoice {
        let mut shown = chosen;
        let for_sort = sorted.filter(|&c| shown.get(c) == Some(&false));
        if let Some(c) = for_sort {
            shown[c] = true;
        }
        ColumnChoice { shown, for_sort }
    }

    /// The reader set the shown columns to `now`: ticking or unticking the sort's column makes
    /// it theirs.
    pub fn change(&mut self, now: Vec<bool>) {
        if self.for_sort.is_some_and(|c| now.get(c) != self.shown.get(c)) {
            self.for_sort = None;
        }
        self.shown = now;
    }

    /// The columns to remember as the reader's choice: those shown, but the one shown for the
    /// sort.
    pub fn remembered(&self) -> Vec<bool> {
        let mut v = self.shown.clone();
        if let Some(s) = self.for_sort.and_then(|c| v.get_mut(c)) {
            *s = false;
        }
        v
    }
}

/// Row order for sorting by column `col`: numbers numerically with undefined last (a radix
/// sort, [`crate::stats::sort_order`]), text by its characters; ties keep the source order.
/// Reads each row's sort key once (not once per comparison).
pub fn sorted_order(rows: &dyn RowSource, col: usize, numeric: bool, ascending: bool) -> Vec<u32> {
    if numeric {
        let keys: Vec<Option<f64>> = (0..rows.len()).map(|r| rows.sort_key(r, col)).collect();
        return crate::stats::sort_order(&keys, ascending);
    }
    let keys: Vec<String> = (0..rows.len()).map(|r| rows.cell(r, col).text).collect();
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (p, q) = (&keys[a as usize], &keys[b as usize]);
        if ascending { p.cmp(q) } else { q.cmp(p) }
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_tables_show_the_name_and_the_first_columns_not_marked_extra() {
        let narrow: Vec<Column> = (0..DEFAULT_COLUMNS).map(|i| Column::num(i.to_string()).extra()).collect();
        assert_eq!(default_shown(&narrow), vec![true; DEFAULT_COLUMNS]);
        let mut wide = vec![Column::text("name").extra()];
        wide.extend((1..12).map(|i| {
            if i % 2 == 1 { Column::num(i.to_string()).extra() } else { Column::num(i.to_string()) }
        }));
        let shown = default_shown(&wide);
        assert_eq!(shown, vec![true, false, true, false, true, false, true, false, true, false, true, false]);
        let plain: Vec<Column> = (0..20).map(|i| Column::num(i.to_string())).collect();
        let shown = default_shown(&plain);
        assert_eq!(shown.iter().filter(|s| **s).count(), DEFAULT_COLUMNS);
        assert!(shown[..DEFAULT_COLUMNS].iter().all(|s| *s));
    }

    #[test]
    fn a_column_shown_for_a_sort_is_not_remembered_as_chosen() {
        let chosen = vec![true, true, false, false, true];
        // Sorted by a hidden column: it shows, but the choice to remember is the reader's.
        let mut c = ColumnChoice::new(chosen.clone(), Some(3));
        assert_eq!(c.shown, vec![true, true, false, true, true]);
        assert_eq!(c.remembered(), chosen);
        // Another column ticked: remembered, the sort's column still not.
        c.change(vec![true, true, true, true, true]);
        assert_eq!(c.remembered(), vec![true, true, true, false, true]);
        // Opened again in its own order, the table shows the reader's columns.
        let again = ColumnChoice::new(c.remembered(), None);
        assert_eq!((again.shown.clone(), again.for_sort), (vec![true, true, true, false, true], None));
        // Unticked and ticked again, the sort's column is the reader's own.
        c.change(vec![true, true, true, false, true]);
        c.change(vec![true, true, true, true, true]);
        assert_eq!(c.remembered(), vec![true; 5]);
        // Sorted by a column the reader shows: nothing is added, nothing taken away.
        let mine = ColumnChoice::new(chosen.clone(), Some(1));
        assert_eq!((mine.shown.clone(), mine.for_sort, mine.remembered()), (chosen.clone(), None, chosen));
    }
}
