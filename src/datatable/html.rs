//! The markup of a result table (the page's `DataTable`)'s header and rows, written as one string each
//! (set as `innerHTML`), and the text of a cell in a download.
//!
//! Every cell carries its column's title as `data-label`, so that on a phone the style sheet
//! shows each row as a card (the name as its heading, then "label: value" lines). A name too
//! long for its column is cut with an ellipsis; the whole name is its `title` (hover) and it
//! can be focused (`tabindex`), which shows it whole (see `style/main.css`).

use std::fmt::Write as _;

use super::{Cell, Column, RowSource, default_shown};
use crate::markup::escape;

/// Names wider than this (in em, estimated) are cut on a desktop: `tbody th .name` is at most
/// 16em wide in the style sheet; the estimate errs towards marking a name as cut.
const NAME_EM: f64 = 15.0;

/// The width of `text` in em, estimated: a wide (CJK, full-width) character is 1em, any other
/// about 0.56em.
pub fn text_em(text: &str) -> f64 {
    text.chars().map(|c| if is_wide(c) { 1.0 } else { 0.56 }).sum()
}

/// East Asian wide and full-width characters (CJK ideographs, kana, Hangul, full-width forms).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Whether column `i` is left out of a phone's cards: marked [`Column::off_card`] and shown
/// by default. One the reader ticked in the column chooser is on the cards (a walkthrough
/// ticked two dimensions on a phone and the cards did not change).
fn off_card(columns: &[Column], defaults: &[bool], i: usize) -> bool {
    columns[i].off_card && defaults.get(i).copied().unwrap_or(true)
}

/// The `class` attribute of a header or body cell: a header's title mark (`long`, `kept`, or
/// none), right-aligned numbers, and columns a phone's card leaves out; empty with no class.
fn class_attr(mark: &str, numeric: bool, off_card: bool) -> String {
    let classes: Vec<&str> = [(mark, !mark.is_empty()), ("num", numeric), ("off-card", off_card)]
        .into_iter()
        .filter_map(|(class, on)| on.then_some(class))
        .collect();
    if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", classes.join(" ")) }
}

/// Longest column title, in characters without a space (a Chinese title), that the style keeps
/// on one line ("本机构", "资金来源多样性", "指数（0–100）": marked `kept`, it breaks neither
/// inside a word nor at a bracket or dash, where "指数（0–" / "100）" broke at 1280 px); a
/// longer one (a survey question) is marked `long` and breaks into lines of even length.
pub const KEPT_TITLE: usize = 10;

/// Whether a column's title is too long to keep whole: more than [`KEPT_TITLE`] characters
/// and no space to break at.
fn long_title(title: &str) -> bool {
    title.chars().count() > KEPT_TITLE && !title.contains(char::is_whitespace)
}

/// The header row's cells for the shown columns (`shown[i]` for column `i`): sort buttons
/// carrying the column's index, with the current sort as `aria-sort`; a column that is not
/// [`Column::sortable`] has its title only.
pub fn head_html(columns: &[Column], shown: &[bool], sort: Option<(usize, bool)>) -> String {
    let mut html = String::new();
    let defaults = default_shown(columns);
    for (i, c) in columns.iter().enumerate().filter(|(i, _)| shown.get(*i).copied().unwrap_or(true)) {
        // A title too long to keep whole (a question) may break inside its words, a short
        // one without a space not at all (the style).
        let mark = match (long_title(&c.title), c.title.contains(char::is_whitespace)) {
            (true, _) => "long",
            (false, false) => "kept",
            (false, true) => "",
        };
        // An off-card column's sort button goes with its cells on a phone's cards.
        let class = class_attr(mark, c.numeric, off_card(columns, &defaults, i));
        // A column explained in words has a button that opens its explanation (`ui::views::table`);
        // its "?" is drawn by the style, so the header's text stays the column's title.
        let help = c.help.as_ref().map_or(String::new(), |(_, label)| {
            format!(
                "<button class=\"help-link\" data-help=\"{i}\" aria-label=\"{}\"></button>",
                escape(label)
            )
        });
        if !c.sortable {
            let _ = write!(html, "<th scope=\"col\"{class}>{}{help}</th>", escape(&c.title));
            continue;
        }
        let aria = match sort {
            Some((k, true)) if k == i => "ascending",
            Some((k, false)) if k == i => "descending",
            _ => "none",
        };
        let _ = write!(
            html,
            "<th scope=\"col\" aria-sort=\"{aria}\"{class}><button class=\"sort\" data-col=\"{i}\">{}</button>{help}</th>",
            escape(&c.title)
        );
    }
    html
}

/// The rows of one page of a table (`order`, at most `page_rows`) as HTML, for the shown
/// columns (the first column, the row's name, always). Every cell's text and attribute is
/// escaped.
pub fn body_html(
    rows: &dyn RowSource,
    columns: &[Column],
    shown: &[bool],
    order: impl Iterator<Item = usize>,
    row_testid: Option<&str>,
    page_rows: usize,
) -> String {
    let testid =
        |id: Option<&str>| id.map(|id| format!(" data-testid=\"{}\"", escape(id))).unwrap_or_default();
    let row_attr = testid(row_testid);
    let defaults = default_shown(columns);
    let cell_attrs: Vec<(usize, String)> = columns
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || shown.get(*i).copied().unwrap_or(true))
        .map(|(i, c)| {
            let class = class_attr("", i > 0 && c.numeric, off_card(columns, &defaults, i));
            let scope = if i == 0 { " scope=\"row\"" } else { "" };
            let label = if i == 0 { String::new() } else { format!(" data-label=\"{}\"", escape(&c.title)) };
            (i, format!("{scope}{class}{label}{}", testid(c.testid)))
        })
        .collect();
    let mut html = String::new();
    for r in order.take(page_rows) {
        let _ = write!(html, "<tr{row_attr}>");
        for (i, attrs) in &cell_attrs {
            let cell = rows.cell(r, *i);
            match (*i, &cell.org) {
                (0, _) => {
                    let _ = write!(html, "<th{attrs}>{}</th>", name_html(&cell));
                }
                // Another organization named in the row (a suggested partner) opens its page too.
                (_, Some(id)) => {
                    let _ = write!(
                        html,
                        "<td{attrs}><button type=\"button\" class=\"link org-link\" data-org=\"{}\">{}</button></td>",
                        escape(id),
                        escape(&cell.text)
                    );
                }
                (_, None) => {
                    let title = cell.title.as_deref().map(|t| format!(" title=\"{}\"", escape(t)));
                    let _ =
                        write!(html, "<td{attrs}{}>{}</td>", title.unwrap_or_default(), escape(&cell.text));
                }
            }
        }
        html.push_str("</tr>");
    }
    html
}

/// The first cell's content: the name (a button opening the organization's page when it names
/// one), cut on a desktop when long, with the whole name on hover and focus.
fn name_html(cell: &Cell) -> String {
    let text = escape(&cell.text);
    let long = text_em(&cell.text) > NAME_EM;
    let title = if long { format!(" title=\"{text}\"") } else { String::new() };
    match &cell.org {
        Some(id) => format!(
            "<button type=\"button\" class=\"link org-link name\" data-org=\"{}\"{title}>{text}</button>",
            escape(id)
        ),
        None if long => format!("<span class=\"name\" tabindex=\"0\"{title}>{text}</span>"),
        None => format!("<span class=\"name\">{text}</span>"),
    }
}

/// A cell's text in a download: a number shown rounded is written in full (shortest form that
/// reads back as the same number); any other text as shown.
pub fn download_text(cell: &Cell, numeric: bool) -> String {
    match (numeric, cell.sort) {
        (true, Some(v)) if v.is_finite() && shows_rounded(&cell.text, v) => {
            if v == 0.0 {
                "0".to_string()
            } else {
                format!("{v}")
            }
        }
        _ => cell.text.clone(),
    }
}

/// Whether `text` is `v` rounded to the decimals `text` has (a plain number, no unit).
fn shows_rounded(text: &str, v: f64) -> bool {
    let Ok(shown) = text.trim().parse::<f64>() else { return false };
    let decimals = text.trim().split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    (shown - v).abs() <= 0.5 * 10f64.powi(-decimals) * (1.0 + 1e-9) + f64::EPSILON * v.abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column> {
        vec![Column::text("Name"), Column::num("Index <b>"), Column::num("Extra")]
    }

    #[test]
    fn rows_carry_labels_and_only_the_shown_columns() {
        let rows: Vec<Vec<Cell>> = vec![
            vec![Cell::org("A&B", "o1"), Cell::num("1.50", Some(1.5)), Cell::org("C", "o2")],
            vec![
                Cell::text("北京益友之家社区发展协会北京益友之家"),
                Cell::num("0.25 (weak on 2)", Some(0.25)).with_title("weak: <a>, b"),
                Cell::text(""),
            ],
        ];
        let html = body_html(&rows, &cols(), &[true, true, false], 0..2, Some("r"), 25);
        assert_eq!(html.matches("<tr data-testid=\"r\">").count(), 2);
        assert!(html.contains("<td class=\"num\" data-label=\"Index &lt;b&gt;\">1.50</td>"), "{html}");
        assert!(!html.contains("Extra") && !html.contains("o2"), "hidden column left out: {html}");
        // What a compact cell leaves out, on hover (escaped).
        assert!(
            html.contains("<td class=\"num\" data-label=\"Index &lt;b&gt;\" title=\"weak: &lt;a&gt;, b\">0.25 (weak on 2)</td>"),
            "{html}"
        );
        let all = body_html(&rows, &cols(), &[true, true, true], 0..1, None, 25);
        assert!(all.ends_with("<td class=\"num\" data-label=\"Extra\"><button type=\"button\" class=\"link org-link\" data-org=\"o2\">C</button></td></tr>"), "{all}");
        assert!(html.contains("data-org=\"o1\">A&amp;B</button>"), "{html}");
        // A long name is cut on screen, whole on hover and focus; a short one is not marked.
        assert!(
            html.contains(
                "<span class=\"name\" tabindex=\"0\" title=\"北京益友之家社区发展协会北京益友之家\">"
            )
        );
        assert!(!html.contains("title=\"A&amp;B\""));
        // A column left out of the phone cards is marked so.
        let html = body_html(
            &rows,
            &[cols()[0].clone(), Column::text("Group").off_card()],
            &[true, true],
            0..1,
            None,
            25,
        );
        assert!(html.contains("<td class=\"off-card\" data-label=\"Group\">"), "{html}");
        let head = head_html(&[cols()[0].clone(), Column::text("Group").off_card()], &[true, true], None);
        assert!(
            head.contains("<th scope=\"col\" aria-sort=\"none\" class=\"kept off-card\"><button"),
            "{head}"
        );
        // A column ticked in the chooser (not shown by default: one past the default count,
        // or marked extra) is on the cards.
        let mut wide: Vec<Column> =
            (0..crate::datatable::DEFAULT_COLUMNS).map(|i| Column::num(format!("c{i}"))).collect();
        wide.push(Column::num("Ticked").extra().off_card());
        let mut shown = vec![true; wide.len()];
        shown[1] = false;
        let html = body_html(&rows, &wide, &shown, 0..1, None, 25);
        assert!(html.contains("<td class=\"num\" data-label=\"Ticked\">"), "{html}");
        assert!(!html.contains("off-card"), "{html}");
        assert!(!head_html(&wide, &shown, None).contains("off-card"));
        // The name column is always there, even if a caller hid it.
        let html = body_html(&rows, &cols(), &[false, false, false], 0..1, None, 25);
        assert_eq!(
            html,
            "<tr><th scope=\"row\"><button type=\"button\" class=\"link org-link name\" data-org=\"o1\">A&amp;B</button></th></tr>"
        );
    }

    #[test]
    fn head_marks_the_sort_and_skips_hidden_columns() {
        let head = head_html(&cols(), &[true, false, true], Some((2, true)));
        assert_eq!(head.matches("<th").count(), 2);
        assert!(head.contains(
            "aria-sort=\"ascending\" class=\"kept num\"><button class=\"sort\" data-col=\"2\">Extra"
        ));
        assert!(
            head.contains("aria-sort=\"none\" class=\"kept\"><button class=\"sort\" data-col=\"0\">Name")
        );
        // A free-text column (a reason) offers no sort: a plain header, no button.
        let cols = [Column::text("Name"), Column::text("Reason").unsorted()];
        let head = head_html(&cols, &[true, true], None);
        assert_eq!(head.matches("<button").count(), 1, "{head}");
        assert!(head.ends_with("<th scope=\"col\" class=\"kept\">Reason</th>"), "{head}");
    }

    #[test]
    fn downloads_keep_full_precision_of_rounded_numbers_only() {
        let v = 0.123_456_789;
        assert_eq!(download_text(&Cell::num("0.123", Some(v)), true), "0.123456789");
        assert_eq!(download_text(&Cell::num("0.000", Some(-0.000_04)), true), "-0.00004");
        assert_eq!(download_text(&Cell::num("12", Some(12.0)), true), "12");
        assert_eq!(download_text(&Cell::num("0", Some(-0.0)), true), "0");
        // Text that is not the number rounded stays as shown: percentages, intervals, words.
        assert_eq!(download_text(&Cell::num("12.3%", Some(0.123)), true), "12.3%");
        assert_eq!(download_text(&Cell::num("3.2 (2.9–3.5)", Some(3.2)), true), "3.2 (2.9–3.5)");
        assert_eq!(download_text(&Cell::num("无定义", None), true), "无定义");
        assert_eq!(download_text(&Cell::num("7", Some(0.7)), true), "7");
        assert_eq!(download_text(&Cell::text("0.5"), false), "0.5");
    }

    #[test]
    fn width_estimate_counts_wide_characters_as_one_em() {
        assert_eq!(text_em("北京"), 2.0);
        assert!((text_em("ab") - 1.12).abs() < 1e-9);
        assert!(text_em("北京益友之家社区发展协会") < NAME_EM);
        assert!(text_em("Beijing Friends of the Community Development Association") > NAME_EM);
    }

    #[test]
    fn a_title_too_long_to_keep_whole_is_marked() {
        let cols = vec![
            Column::text("机构"),
            Column::num("本机构"),
            Column::num("资金来源多样性").off_card(),
            Column::num("机构会整理并复用经验教训"),
            Column::text("We regularly share lessons with peer organizations"),
            Column::num("指数（0–100）"),
            Column::num("Index (0–100)"),
        ];
        let head = head_html(&cols, &[true; 7], None);
        let classes: Vec<&str> =
            head.split("<th").skip(1).map(|th| th.split('>').next().unwrap_or("")).collect();
        assert_eq!(
            classes,
            vec![
                " scope=\"col\" aria-sort=\"none\" class=\"kept\"",
                " scope=\"col\" aria-sort=\"none\" class=\"kept num\"",
                " scope=\"col\" aria-sort=\"none\" class=\"kept num off-card\"",
                " scope=\"col\" aria-sort=\"none\" class=\"long num\"",
                " scope=\"col\" aria-sort=\"none\"",
                // Kept whole, not broken at its bracket or dash ("指数（0–" / "100）").
                " scope=\"col\" aria-sort=\"none\" class=\"kept num\"",
                " scope=\"col\" aria-sort=\"none\" class=\"num\"",
            ]
        );
    }

    #[test]
    fn an_explained_column_has_a_button_to_its_explanation() {
        let cols = vec![
            Column::text("Organization"),
            Column::text("Stage <b>").explained(crate::i18n::Lang::En, "Potential … Transformation"),
        ];
        let head = head_html(&cols, &[true, true], None);
        assert!(
            head.contains("<button class=\"sort\" data-col=\"1\">Stage &lt;b&gt;</button><button class=\"help-link\" data-help=\"1\" aria-label=\"What does “Stage &lt;b&gt;” mean?\"></button>"),
            "{head}"
        );
        assert_eq!(head.matches("help-link").count(), 1);
    }
}
