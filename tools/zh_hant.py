"""Writes locales/zh-Hant.json (Traditional Chinese) from locales/zh.json with OpenCC's
standard Simplified→Traditional conversion (s2t), keeping {placeholders} intact.

Run after editing zh.json:  pip install opencc-python-reimplemented && python3 tools/zh_hant.py
Then read the diff: a translator may correct any entry by hand in zh-Hant.json; entries listed
in OVERRIDES below survive regeneration.
"""
import json
import pathlib

from opencc import OpenCC

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Hand corrections: key -> Traditional text (kept when the file is regenerated).
OVERRIDES = {
    "action.language": "English",
    "action.script": "简体",
    "action.script_label": "切換為簡體中文",
    # OpenCC reads 发 in 被发送 as 髮 (hair).
    "error.reload": "請刷新頁面重新開始。您的文件未被發送到任何地方。",
}

def main() -> None:
    cc = OpenCC("s2t")
    zh = json.loads((ROOT / "locales" / "zh.json").read_text(encoding="utf-8"))
    out = {k: OVERRIDES.get(k, cc.convert(v)) for k, v in zh.items()}
    path = ROOT / "locales" / "zh-Hant.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(out)} keys)")

if __name__ == "__main__":
    main()
