//! The SVG backend every chart draws on: plotters' SVG backend with text measured by an
//! estimate instead of by a font.
//!
//! plotters measures text (axis labels, captions, legends) through its font module, which in
//! a browser build appends a hidden element to the page and reads its size: a forced layout per
//! label (the demo's charts spent most of their 60 ms there), a main-thread-only API (a Web
//! Worker has no document, so the charts could not be drawn there) and a result that depends
//! on the user's fonts. Natively the same call guesses 0.7 em per UTF-8 byte, twice too wide for
//! Chinese. This backend answers every measurement from [`text_extent`] instead, so a chart is
//! the same SVG in the page, a worker and the CLI, and drawing it touches no DOM.

use plotters::prelude::SVGBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// plotters' SVG backend writes `font-size` as the style's size divided by this.
const SVG_FONT_SCALE: f64 = 1.24;

/// Estimated width in pixels of `s` set at `px` pixels: wide (CJK, full-width) characters take
/// one em, others about 0.6 em (the average advance of Latin sans-serif text, digits included).
pub fn text_extent(s: &str, px: f64) -> f64 {
    s.chars().map(|c| if is_wide(c) { px } else { 0.6 * px }).sum()
}

/// Characters set one em wide: CJK ideographs and punctuation, kana, Hangul and full-width
/// forms (the East Asian Wide/Full-width blocks that survey text uses).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// An SVG string being drawn (see the module documentation).
pub struct Svg<'a>(SVGBackend<'a>);

impl<'a> Svg<'a> {
    /// Draws into `buf`, an SVG of `size` (width, height) pixels.
    pub fn with_string(buf: &'a mut String, size: (u32, u32)) -> Self {
        Svg(SVGBackend::with_string(buf, size))
    }
}

type Drawn = Result<(), DrawingErrorKind<std::io::Error>>;

impl DrawingBackend for Svg<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Drawn {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Drawn {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Drawn {
        self.0.draw_text(text, style, pos)
    }

    /// The estimate of [`text_extent`] at the font size the SVG will declare; the height is
    /// one line of that size.
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<std::io::Error>> {
        let px = style.size() / SVG_FONT_SCALE;
        Ok((text_extent(text, px).round() as u32, px.round() as u32))
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Drawn {
        self.0.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn chinese_is_one_em_latin_six_tenths() {
        assert_eq!(text_extent("能力", 10.0), 20.0);
        assert_eq!(text_extent("ab", 10.0), 12.0);
        assert_eq!(text_extent("（Ａ）", 10.0), 30.0);
        assert_eq!(text_extent("", 10.0), 0.0);
    }

    /// plotters asks the backend for text sizes; the answer is the estimate at the size the
    /// SVG declares (24.8 / 1.24 = 20 px): two ideographs and two letters, one line high.
    #[test]
    fn measures_with_the_estimate() {
        let mut out = String::new();
        let svg = Svg::with_string(&mut out, (200, 100));
        let font: TextStyle = ("sans-serif", 24.8).into();
        assert_eq!(svg.estimate_text_size("能力ab", &font).expect("size"), (64, 20));
    }

    /// A titled area is placed below the title's measured height (20 px) and its padding
    /// (plotters: half the height, at most 5 px, above and below): a circle at y = 5 of the
    /// area lands at 5 + 20 + 2 × 5 = 35; and the SVG is what plotters' own backend writes.
    #[test]
    fn titled_area_is_placed_by_the_estimate() {
        let mut out = String::new();
        {
            let root = Svg::with_string(&mut out, (200, 100)).into_drawing_area();
            root.fill(&WHITE).expect("fill");
            let root = root.titled("能力", ("sans-serif", 24.8)).expect("title");
            root.draw(&Circle::new((5, 5), 2, BLACK.filled())).expect("circle");
            root.present().expect("present");
        }
        assert!(out.starts_with("<svg") && out.contains("能力"), "{out}");
        assert!(out.contains(r#"<circle cx="5" cy="35""#), "{out}");
    }
}
