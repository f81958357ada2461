//! Escaping text for markup: one helper for every writer of HTML, SVG and XML — the printable
//! report and the profiles (`export::html`, `export::profile`), the charts' SVG backend
//! (`charts::backend`) and the explorer's SVG (`charts::explorer`), GEXF and GraphML
//! (`export::graph`) and the page's table and picker HTML.

/// Escapes text for HTML, SVG and XML content and attribute values (`&`, `<`, `>`, `"`, `'`);
/// drops the control characters that XML 1.0 forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_control_characters() {
        assert_eq!(
            escape("<b a=\"1\">R&D 'x'</b>"),
            "&lt;b a=&quot;1&quot;&gt;R&amp;D &apos;x&apos;&lt;/b&gt;"
        );
        assert_eq!(escape("a\u{1}b\tc\nd"), "ab\tc\nd");
        assert_eq!(escape("同行"), "同行");
    }
}
