//! Where a line may break inside Chinese text that has no spaces: between the parts of an
//! organization's name. Chinese names are written as a place, a proper name, then what the
//! organization does and what kind it is (上海 · 启明之家 · 社区发展 · 志愿团队); a label
//! broken between any two characters splits a word ("上海启明之家社 / 区发展志愿团队"),
//! one broken at these parts does not. The words listed are the places and the field and
//! type words common in the names of Chinese social organizations (in both scripts); text
//! with none of them (a question, a dimension's name) is one word, broken between characters
//! only when it is longer than a line.

/// The words, `|` between them, are language data kept in the locale files and read from
/// Simplified Chinese's whatever the UI language (the table every build has at hand: the page
/// and the fast worker embed it, the quick worker receives the page's copy before any job —
/// compiled in, the 1 KB of words were sent twice on a first visit):
/// - `chart.name_places`: places a name often starts with (provinces and large cities as
///   written in the mainland, and Hong Kong, Macao and Taiwan's in both scripts); a line may
///   break after them;
/// - `chart.name_fields`: words of a name's field and kind; a line may break before them.
fn listed(key: &str) -> String {
    crate::i18n::t(crate::i18n::Lang::Zh, key)
}

/// `run` (characters of a CJK script only) cut into words: after a place it starts with, and
/// before each field or kind word (the longest listed word that starts there).
pub(crate) fn cjk_words(run: &str) -> Vec<&str> {
    let (places, fields) = (listed("chart.name_places"), listed("chart.name_fields"));
    let mut cuts = vec![0];
    if let Some(p) = places.split('|').filter(|p| run.starts_with(p)).map(str::len).max() {
        cuts.push(p);
    }
    let mut i = cuts[cuts.len() - 1];
    while i < run.len() {
        let here = &run[i..];
        match fields.split('|').filter(|w| here.starts_with(w)).map(str::len).max() {
            Some(len) => {
                cuts.push(i);
                i += len;
                cuts.push(i);
            }
            None => i += here.chars().next().map_or(1, char::len_utf8),
        }
    }
    cuts.push(run.len());
    cuts.dedup();
    cuts.windows(2).map(|w| &run[w[0]..w[1]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_after_their_place_and_before_their_field_and_kind() {
        assert_eq!(
            cjk_words("上海启明之家社区发展志愿团队"),
            ["上海", "启明之家", "社区", "发展", "志愿", "团队"]
        );
        assert_eq!(cjk_words("北京益友之家社区发展协会"), ["北京", "益友之家", "社区", "发展", "协会"]);
        assert_eq!(cjk_words("南京守望未來兒童關愛中心"), ["南京", "守望未來", "兒童", "關愛", "中心"]);
        assert_eq!(
            cjk_words("香港聖雅各福群會青年服務中心"),
            ["香港", "聖雅各福群會", "青年", "服務", "中心"]
        );
        // What the organization serves: 为老 (the elderly), a phone walkthrough's "青禾社为老 / 服务中心".
        assert_eq!(cjk_words("北京青禾社为老服务中心"), ["北京", "青禾社", "为老", "服务", "中心"]);
        // The longest word that starts there: 社会企业, not 社会 then 企业.
        assert_eq!(cjk_words("昆明守望伙伴社会企业"), ["昆明", "守望伙伴", "社会企业"]);
        // Text with no listed word stays whole (broken between characters only if too long).
        assert_eq!(cjk_words("与政府的关系"), ["与政府的关系"]);
        assert_eq!(cjk_words("资金来源多样性与可持续性"), ["资金来源多样性与可持续性"]);
        assert_eq!(cjk_words("中心"), ["中心"]);
        assert!(cjk_words("").is_empty());
    }
}
