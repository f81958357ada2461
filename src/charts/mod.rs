//! Charts: report data → SVG strings through plotters' SVG backend.
//!
//! The same functions run in the page and in the CLI; they draw on [`backend::Svg`], which
//! measures text without a font or a DOM, so each chart is the same SVG everywhere. The backend
//! escapes every text, so organization names cannot inject markup.
//!
//! **Display rule.** The page shows a chart at its own width and never wider (the `<img>`'s
//! `width` is the SVG's, CSS `max-width: 100%`), narrowed to its column when that is narrower;
//! its text is then `font-size × min(1, column / width)` CSS pixels. Charts are drawn at most
//! [`WIDTH`] wide with fonts of [`Column::min_font`], so that text is at least
//! [`MIN_TEXT_DESKTOP`] px in the narrowest column that holds a chart on a desktop and
//! [`MIN_TEXT_PHONE`] px on a 390 px phone ([`GALLERY`], [`PANEL`]).

pub mod backend;
pub mod capacity;
pub mod communities;
mod draw;
pub mod explorer;
pub mod gallery;
pub mod netcharts;
pub mod network;
pub mod paths;
pub mod raster;
pub mod rounds;
pub mod tie_style;
mod words;

use plotters::coord::Shift;
use plotters::prelude::*;
use thiserror::Error;

use crate::i18n::Lang;
use crate::report::format::num;
use backend::{Svg, text_extent};

/// Font stack for chart text: system fonts that cover Chinese on every major platform, so no
/// font is fetched from anywhere.
pub const FONT: &str = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, Heiti SC, sans-serif";

/// Okabe–Ito colour-blind-safe palette (without black), for categories such as communities.
pub const PALETTE: [(u8, u8, u8); 7] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
];

/// Smallest chart text on a desktop, in CSS pixels, at the size the chart is shown.
pub const MIN_TEXT_DESKTOP: f64 = 11.0;
/// Smallest chart text on a 390 px phone, in CSS pixels, at the size the chart is shown.
pub const MIN_TEXT_PHONE: f64 = 10.0;
/// Width of most charts (SVG pixels): fits a gallery column on a desktop without shrinking.
pub const WIDTH: u32 = 480;

/// The narrowest width (CSS pixels) of the column that shows a chart, on a desktop (1280 px
/// window) and on a 390 px phone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// On a desktop.
    pub desktop: f64,
    /// On a 390 px phone.
    pub phone: f64,
}

/// The chart gallery and the full-width sections: the gallery's smallest column on a desktop
/// (`minmax(min(100%, 520px), 1fr)`, style/main.css) and a 390 px phone less the page's two
/// 16 px paddings.
pub const GALLERY: Column = Column { desktop: 520.0, phone: 358.0 };

/// An organization's panel (its radar beside its scores): at most 400 px on a desktop, and the
/// phone's column less the panel's padding and border (17 px a side).
pub const PANEL: Column = Column { desktop: 400.0, phone: 324.0 };

impl Column {
    /// The factors by which a chart `width` pixels wide is shown (desktop, phone): never
    /// enlarged, narrowed to the column.
    pub fn scale(&self, width: f64) -> (f64, f64) {
        ((self.desktop / width).min(1.0), (self.phone / width).min(1.0))
    }

    /// The smallest font size (SVG pixels, whole) readable in this column in a chart `width`
    /// pixels wide.
    pub fn min_font(&self, width: f64) -> f64 {
        let (d, p) = self.scale(width);
        (MIN_TEXT_DESKTOP / d).max(MIN_TEXT_PHONE / p).ceil()
    }

    /// The column that shows a chart of this id: the organization radar is shown in its
    /// panel, every other chart in the gallery or a full-width section.
    pub fn of(id: &str) -> Column {
        if id == "radar-organization" { PANEL } else { GALLERY }
    }
}

/// The numbers behind a chart: column titles and formatted rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TableData {
    /// Column titles.
    pub headers: Vec<String>,
    /// Rows, formatted as shown.
    pub rows: Vec<Vec<String>>,
}

/// A drawing area on the SVG backend.
pub(crate) type Area<'a> = DrawingArea<Svg<'a>, Shift>;

/// Draws into an SVG string of `w` × `h` pixels.
pub(crate) fn svg(
    w: u32,
    h: u32,
    draw: impl FnOnce(&Area) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = Svg::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(out)
}

/// Pixels a label at `size` needs (see [`text_extent`]).
pub(crate) fn text_width(s: &str, size: u32) -> u32 {
    text_extent(s, f64::from(size)).ceil() as u32
}

/// The i-th colour of the Okabe–Ito palette (cycling).
pub(crate) fn colour(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

/// A number for a data table: `digits` decimals, or "not defined".
pub(crate) fn cell(x: Option<f64>, digits: usize, lang: Lang) -> String {
    num(x, digits, lang)
}

/// A chart could not be drawn.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("chart drawing failed: {0}")]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}
