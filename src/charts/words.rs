//! Where a line may break inside Chinese text that has no spaces: between the parts of an
//! organization's name. Chinese names are written as a place, a proper name, then what the
//! organization does and what kind it is (上海 · 启明之家 · 社区发展 · 志愿团队); a label
//! broken between any two characters splits a word ("上海启明之家社 / 区发展志愿团队"),
//! one broken at these parts does not. The words listed are the places and the field and
//! type words common in the names of Chinese social organizations (in both scripts); text
//! with none of them (a question, a dimension's name) is one word, broken between characters
//! only when it is longer than a line.

/// Places a name often starts with (provinces and large cities as written in the mainland, and
/// Hong Kong, Macao and Taiwan's in both scripts), `|` between them (one string: a list of `&str` would add
/// a pointer and a length per word to the page): a line may break after them.
const PLACES: &str = concat!(
    "北京|上海|天津|重庆|广州|深圳|成都|昆明|南京|武汉|西安|",
    "杭州|长沙|郑州|贵阳|南宁|兰州|西宁|银川|济南|合肥|南昌|",
    "福州|厦门|沈阳|长春|哈尔滨|青岛|苏州|宁波|香港|澳门|澳門|",
    "台北|臺北|台中|高雄|云南|四川|广东|广西|贵州|甘肃|青海|",
    "河南|河北|湖南|湖北|山东|山西|陕西|江苏|浙江|安徽|福建|",
    "江西|海南|辽宁|吉林|黑龙江|内蒙古|宁夏|新疆|西藏",
);

/// Words of a name's field and kind, `|` between them: a line may break before them.
const FIELDS: &str = concat!(
    "社区|社區|社会|社會|服务|服務|发展|發展|志愿|志願|公益|",
    "慈善|环境|環境|环保|環保|生态|生態|儿童|兒童|青少年|青年|",
    "妇女|婦女|老年|助残|助殘|残障|殘障|教育|文化|健康|研究|",
    "促进|促進|协会|協會|学会|學會|中心|基金会|基金會|团队|",
    "團隊|小组|小組|联合会|聯合會|联盟|聯盟|网络|網絡|網路|",
    "工作室|合作社|行动|行動|关爱|關愛|救助|乡村|鄉村|农村|農村|",
    "互助|社工|社会企业|社會企業",
);

/// `run` (characters of a CJK script only) cut into words: after a place it starts with, and
/// before each field or kind word (the longest listed word that starts there).
pub(crate) fn cjk_words(run: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    if let Some(p) = PLACES.split('|').filter(|p| run.starts_with(p)).map(str::len).max() {
        cuts.push(p);
    }
    let mut i = cuts[cuts.len() - 1];
    while i < run.len() {
        let here = &run[i..];
        match FIELDS.split('|').filter(|w| here.starts_with(w)).map(str::len).max() {
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
        // The longest word that starts there: 社会企业, not 社会 then 企业.
        assert_eq!(cjk_words("昆明守望伙伴社会企业"), ["昆明", "守望伙伴", "社会企业"]);
        // Text with no listed word stays whole (broken between characters only if too long).
        assert_eq!(cjk_words("与政府的关系"), ["与政府的关系"]);
        assert_eq!(cjk_words("资金来源多样性与可持续性"), ["资金来源多样性与可持续性"]);
        assert_eq!(cjk_words("中心"), ["中心"]);
        assert!(cjk_words("").is_empty());
    }
}
