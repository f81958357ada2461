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
    # Quotation marks as Taiwan and Hong Kong print them.
    ("“", "「"),
    ("”", "」"),
]
# Keys whose text names a programming object (JSON) keep s2twp's word.
KEEP = {"error.json"}
# Hand corrections: key -> Traditional text (kept when the file is regenerated).
OVERRIDES = {
    "action.language": "English",
    "action.script": "简体",
    "action.script_label": "切換為簡體中文",
    # A column is 欄 and a row 列 in Taiwan (列 is a column on the mainland); the other row and
    # column sentences still need a translator's pass.
    "table.columns": "顯示的欄：{shown} / {total}",
    "warn.wave_empty": "這一列的輪次欄是空的，因此未分析。",
    "models.advanced": "進階：以公式文字編輯模型",
}


def convert(cc: OpenCC, key: str, text: str) -> str:
    out = cc.convert(text)
    if key not in KEEP:
        for wrong, right in FIXES:
            out = out.replace(wrong, right)
    return out


def main() -> None:
    cc = OpenCC("s2twp")
    zh = json.loads((ROOT / "locales" / "zh.json").read_text(encoding="utf-8"))
    out = {k: OVERRIDES.get(k, convert(cc, k, v)) for k, v in zh.items()}
    path = ROOT / "locales" / "zh-Hant.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(out)} keys)")


if __name__ == "__main__":
    main()
