//! Where a line may break inside Chinese text that has no spaces: between the parts of an
//! organization's name. Chinese names are written as a place, a proper name, then what the
//! organization does and what kind it is (上海 · 启明之家 · 社区发展 · 志愿团队); a label
//! broken between any two characters splits a word ("上海启明之家社 / 区发展志愿团队"),
//! one broken at these parts does not. The words listed are the places and the field and
//! type words common in the names of Chinese social organizations (in both scripts); text
//! with none of them (a question, a dimension's name) is one word, broken between characters
//! only when it is longer than a line.

/// Places a name often starts with: a line may break after them.
const PLACES: &[&str] = &[
    "北京",
    "上海",
    "天津",
    "重庆",
    "广州",
    "廣州",
    "深圳",
    "成都",
    "昆明",
    "南京",
    "武汉",
    "武漢",
    "西安",
    "杭州",
    "长沙",
    "長沙",
    "郑州",
    "鄭州",
    "贵阳",
    "貴陽",
    "南宁",
    "南寧",
    "兰州",
    "蘭州",
    "西宁",
    "西寧",
    "拉萨",
    "拉薩",
    "银川",
    "銀川",
    "太原",
    "济南",
    "濟南",
    "合肥",
    "南昌",
    "福州",
    "厦门",
    "廈門",
    "海口",
    "沈阳",
    "瀋陽",
    "长春",
    "長春",
    "哈尔滨",
    "哈爾濱",
    "大连",
    "大連",
    "青岛",
    "青島",
    "苏州",
    "蘇州",
    "宁波",
    "寧波",
    "无锡",
    "無錫",
    "香港",
    "澳门",
    "澳門",
    "台北",
    "臺北",
    "云南",
    "雲南",
    "四川",
    "广东",
    "廣東",
    "广西",
    "廣西",
    "贵州",
    "貴州",
    "甘肃",
    "甘肅",
    "青海",
    "河南",
    "河北",
    "湖南",
    "湖北",
    "山东",
    "山東",
    "山西",
    "陕西",
    "陝西",
    "江苏",
    "江蘇",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "海南",
    "辽宁",
    "遼寧",
    "吉林",
    "黑龙江",
    "黑龍江",
    "内蒙古",
    "內蒙古",
    "宁夏",
    "寧夏",
    "新疆",
    "西藏",
    "石家庄",
    "石家莊",
    "呼和浩特",
    "乌鲁木齐",
    "烏魯木齊",
];

/// Words of a name's field and kind: a line may break before them.
const FIELDS: &[&str] = &[
    "社区",
    "社區",
    "社会",
    "社會",
    "服务",
    "服務",
    "发展",
    "發展",
    "志愿",
    "志願",
    "公益",
    "慈善",
    "环境",
    "環境",
    "环保",
    "環保",
    "生态",
    "生態",
    "儿童",
    "兒童",
    "青少年",
    "青年",
    "妇女",
    "婦女",
    "老年",
    "长者",
    "長者",
    "助残",
    "助殘",
    "残障",
    "殘障",
    "教育",
    "文化",
    "健康",
    "研究",
    "促进",
    "促進",
    "协会",
    "協會",
    "学会",
    "學會",
    "中心",
    "基金会",
    "基金會",
    "团队",
    "團隊",
    "小组",
    "小組",
    "联合会",
    "聯合會",
    "联盟",
    "聯盟",
    "网络",
    "網絡",
    "網路",
    "工作室",
    "工作站",
    "合作社",
    "行动",
    "行動",
    "关爱",
    "關愛",
    "救助",
    "心理",
    "法律",
    "乡村",
    "鄉村",
    "农村",
    "農村",
    "咨询",
    "諮詢",
    "培训",
    "培訓",
    "互助",
    "社工",
    "义工",
    "義工",
    "研究院",
    "研究所",
    "事务所",
    "事務所",
    "俱乐部",
    "俱樂部",
    "社会企业",
    "社會企業",
    "民办非企业",
    "民辦非企業",
];

/// `run` (characters of a CJK script only) cut into words: after a place it starts with, and
/// before each field or kind word (the longest listed word that starts there).
pub(crate) fn cjk_words(run: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    if let Some(p) = PLACES.iter().filter(|p| run.starts_with(**p)).map(|p| p.len()).max() {
        cuts.push(p);
    }
    let mut i = cuts[cuts.len() - 1];
    while i < run.len() {
        let here = &run[i..];
        match FIELDS.iter().filter(|w| here.starts_with(**w)).map(|w| w.len()).max() {
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
        // The longest word that starts there: 社会企业, not 社会 then 企业.
        assert_eq!(cjk_words("昆明守望伙伴社会企业"), ["昆明", "守望伙伴", "社会企业"]);
        // Text with no listed word stays whole (broken between characters only if too long).
        assert_eq!(cjk_words("与政府的关系"), ["与政府的关系"]);
        assert_eq!(cjk_words("资金来源多样性与可持续性"), ["资金来源多样性与可持续性"]);
        assert_eq!(cjk_words("中心"), ["中心"]);
        assert!(cjk_words("").is_empty());
    }
}
