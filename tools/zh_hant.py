"""Writes locales/zh-Hant.json (Traditional Chinese, Taiwan usage) from locales/zh.json with
OpenCC's Simplified→Traditional conversion with Taiwan phrases (s2twp: 网络→網路, 数据→資料,
文件→檔案, 设置→設定, 默认→預設…), keeping {placeholders} intact, then FIXES (where s2twp's
phrase table reads this app's words wrongly) and OVERRIDES (hand translations).

Run after editing zh.json:  pip install opencc-python-reimplemented && python3 tools/zh_hant.py
Then read the diff: a translator may correct any entry by hand; put it in OVERRIDES so it
survives regeneration.
"""
import json
import pathlib

from opencc import OpenCC

ROOT = pathlib.Path(__file__).resolve().parent.parent
# s2twp's phrase table is for software text; here 代码 is an anonymization code (代碼, not
# 程式碼), 对象 a person or organization one is introduced to (對象, not 物件), 连接 a tie
# (連接, not 連線), and 个中/发送 are read as 箇中/髮送.
FIXES = [
    ("程式碼", "代碼"),
    ("物件", "對象"),
    ("連線", "連接"),
    ("箇中", "個中"),
    ("髮送", "傳送"),
    ("單元格", "儲存格"),
    # Quotation marks as Taiwan and Hong Kong print them.
    ("“", "「"),
    ("”", "」"),
]
# A table's row is 列 and its column 欄 (欄位 for a data field) in Taiwan, where the mainland
# writes 行 and 列; a cell is 儲存格. s2twp keeps the mainland characters, and 行/列 also
# stand in words that stay (列出, 列表, 執行, 命令列, 每行 of a text box), so each key that
# speaks of a table's rows or columns names its own replacements, applied in order after the
# conversion (列 → 欄 before 行 → 列).
TABLE_WORDS = {
    "summary.rows": [("行數", "列數")],
    "summary.columns": [("列數", "欄數")],
    "guide.1": [("的列中", "的欄中"), ("每行", "每列"), ("第一行", "第一列")],
    "chart.mixing_desc": [("列所屬", "欄所屬"), ("行所屬", "列所屬")],
    "chart.mixing_rows": [("列：", "欄："), ("行：", "列：")],
    "chart.items_rows": [("列：", "欄："), ("行：", "列：")],
    "why.crosstab.v": [("兩行兩列", "兩列兩欄")],
    "mapping.title": [("與列", "與欄位")],
    "mapping.open": [("列的角色", "欄位的角色"), ("每一列", "每一欄")],
    "mapping.caption": [("列對映", "欄位對映")],
    "mapping.column": [("列", "欄位")],
    "mapping.remembered": [("這些列", "這些欄位")],
    "warn.at_row": [("行", "列")],
    "warn.at_column": [("列", "欄")],
    "capacity.orgs_order_dimension": [("點選該列", "點選該欄")],
    "warn.ragged_short": [("{header} 列", "{header} 欄"), ("該行", "該列")],
    "warn.ragged_long": [("{header} 列", "{header} 欄"), ("該行", "該列")],
    "warn.header_missing": [("列", "欄")],
    "warn.header_duplicate": [("此列", "此欄"), ("列名", "欄名")],
    "warn.ties_columns": [("」列", "」欄")],
    "warn.aliases_columns": [("」列", "」欄")],
    "warn.alias_repeated": [("一行", "一列")],
    "warn.codebook_no_column": [("」列", "」欄"), ("的列", "的欄")],
    "warn.codebook_column_missing": [("這一列", "這一欄")],
    "warn.inferred_roles": [("的列", "的欄")],
    "warn.wenjuanxing": [("資料列", "資料欄")],
    "warn.no_name_column": [("名稱列", "名稱欄"), ("按行", "按列")],
    "warn.name_duplicate": [("行", "列")],
    "warn.id_name_conflict": [("行", "列")],
    "warn.respondents_combined": [("{rows} 行", "{rows} 列")],
    "warn.intensity_missing": [("的列", "的欄")],
    "error.empty": [("表頭行", "表頭列")],
    "error.too_large": [("的列", "的欄")],
    "error.csv": [("行", "列")],
    "error.no_responses": [("每行", "每列")],
    "error.no_responses_none": [("每行", "每列")],
    "model.note.unknown_variable": [("、列或", "、欄或")],
    "models.syntax": [("列名", "欄名"), ("列角色", "欄位角色")],
    "change.empty": [("一列", "一欄")],
    "change.uncertain_note": [("一行", "一列")],
    "change.pairs_note": [("每一行", "每一列")],
    "change.flow_note": [("列：", "欄："), ("行：", "列：")],
    "change.flow_rows": [("列：", "欄："), ("行：", "列：")],
    "workbook.header": [("列標題", "欄標題")],
    "workbook.items_list": [("（列）", "（欄）")],
    "workbook.row": [("行", "列")],
    "summary.labels_missing": [("label_zh 列（題目和其他列）", "label_zh 欄（題目和其他欄）"), ("dimension_label_zh 列", "dimension_label_zh 欄")],
}
# Keys whose text names a programming object (JSON) keep s2twp's word.
KEEP = {"error.json"}
# Copied unchanged: the words organizations' names are cut at, in both scripts already
# (`src/charts/words.rs` reads them from Simplified Chinese's file whatever the language).
AS_IS = {"chart.name_places", "chart.name_fields"}
# Hand corrections: key -> Traditional text (kept when the file is regenerated).
OVERRIDES = {
    "action.language": "English",
    "action.script": "简体",
    "action.script_label": "切換為簡體中文",
    # A column is 欄 and a row 列 in Taiwan (列 is a column on the mainland; see TABLE_WORDS).
    "table.columns": "顯示的欄：{shown} / {total}",
    "warn.wave_empty": "這一列的輪次欄是空的，因此未分析。",
    "models.advanced": "進階：以公式文字編輯模型",
    # 夥伴 as elsewhere in this file (s2twp keeps 伙伴 in 合作伙伴).
    "relation.unnamed": "合作夥伴",
    "relation.unnamed_n": "合作夥伴 {n}",
    # Data that support a claim 支持 it (s2twp writes 支援, assistance).
    "model.verdict.holds": "簡而言之：資料支持這條鏈——「{x}」經由「{through}」與「{y}」相關（整條鏈的間接效應大於零，其 95% 區間不含零）。",
    "model.verdict.holds_negative": "簡而言之：資料支持這條鏈，但方向相反——「{x}」越高，經由「{through}」，「{y}」越低（整條鏈的間接效應小於零，其 95% 區間不含零）。",
}


def convert(cc: OpenCC, key: str, text: str) -> str:
    out = cc.convert(text)
    if key not in KEEP:
        for wrong, right in FIXES:
            out = out.replace(wrong, right)
    for wrong, right in TABLE_WORDS.get(key, []):
        if wrong not in out:
            raise SystemExit(f"{key}: {wrong!r} not in {out!r} (update TABLE_WORDS)")
        out = out.replace(wrong, right)
    return out


def main() -> None:
    cc = OpenCC("s2twp")
    zh = json.loads((ROOT / "locales" / "zh.json").read_text(encoding="utf-8"))
    out = {k: OVERRIDES.get(k, v if k in AS_IS else convert(cc, k, v)) for k, v in zh.items()}
    path = ROOT / "locales" / "zh-Hant.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(out)} keys)")


if __name__ == "__main__":
    main()
