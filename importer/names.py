"""People's names as Hong Kong writes them, checked against their Chinese characters.

M+ writes some Hong Kong people in Western order with a romanised Chinese given name ("Kar
Wai Wong" for 王家衛), and a few sort names the wrong way round ("Clarence, Fok" for 霍耀良).
Whether a romanised word spells a character is read from the Hong Kong Government Cantonese
romanisation (cantonese-romanisation) and Hanyu Pinyin with Wade-Giles (pypinyin), with the
usual variant spellings (Ts/Ch, Kar/Ka) and Korean surnames. "Alan Chan" is not in Western
order by this test: Alan spells no character of 陳幼堅, so it stays as Hong Kong writes it.
"""

from __future__ import annotations

import re
from functools import cache

from cantoroman import Cantonese
from pypinyin import Style, pinyin

COMPOUND_SURNAMES = frozenset(
    ("歐陽", "司徒", "上官", "諸葛", "司馬", "夏侯", "公孫", "端木", "尉遲", "令狐", "皇甫",
     "東方", "慕容", "長孫", "宇文")
)  # fmt: skip
# Spellings of initials that Hong Kong, Pinyin and Wade-Giles write differently, compared as one.
INITIALS = (("ts", "ch"), ("tz", "ch"), ("j", "ch"), ("z", "ch"), ("g", "k"), ("d", "t"),
            ("b", "p"), ("x", "hs"), ("q", "ch"))  # fmt: skip
# Korean readings of common surnames, which neither table gives (Kim for 金, Yang for 梁).
KOREAN_SURNAMES = {
    "金": "kim gim", "朴": "park pak bak", "李": "lee yi rhee", "崔": "choi choe",
    "鄭": "jung chung jeong", "姜": "kang gang", "趙": "cho jo", "尹": "yoon yun",
    "張": "jang chang", "林": "lim im", "韓": "han", "吳": "oh o", "徐": "suh seo",
    "申": "shin sin", "權": "kwon gwon", "黃": "hwang", "安": "ahn an", "柳": "yoo ryu yu",
    "全": "jeon chun", "高": "ko koh go", "文": "moon mun", "梁": "yang", "孫": "son",
    "白": "baek paik", "許": "heo huh", "盧": "roh noh", "郭": "kwak", "成": "sung seong",
}  # fmt: skip
CHINESE_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")


@cache
def _cantonese() -> Cantonese:
    return Cantonese()


@cache
def readings(char: str) -> frozenset[str]:
    """Every romanisation of a character, normalised (see _norm)."""
    found = set(KOREAN_SURNAMES.get(char, "").split())
    for group in _cantonese().getRoman(char):
        found.update(group)
    for style in (Style.NORMAL, Style.WADEGILES):
        for group in pinyin(char, style=style, heteronym=True):
            found.update(group)
    return frozenset(_norm(r) for r in found if r)


def _norm(word: str) -> str:
    text = word.lower().replace("'", "").replace("\u2019", "")
    for written, same in INITIALS:
        if text.startswith(written):
            text = same + text[len(written) :]
            break
    return re.sub(r"(?<=[aeiou])[rh]$", "", text)  # Kar -> ka, Yeoh -> yeo


def spells(word: str, chars: str) -> bool:
    """Does one romanised word spell these characters ('Kar' 家, 'Auyeung' 歐陽)?"""
    token = _norm(word)
    if len(chars) == 1:
        return token in readings(chars)
    first, second = readings(chars[0]), readings(chars[1])
    return any(token in (a + b, _norm(a + b)) for a in first for b in second)


def split_chinese(name_zh: str) -> tuple[str, str] | None:
    """(surname, given name) of a 2-4 character Chinese personal name, else None."""
    name = re.split(r"[（(]", name_zh)[0].strip()
    if not CHINESE_NAME.match(name):
        return None
    cut = 2 if name[:2] in COMPOUND_SURNAMES and len(name) >= 3 else 1
    return name[:cut], name[cut:]


def syllables(text: str) -> list[str]:
    return [part for part in re.split(r"[\s-]+", text) if part]


def surname_first(name_en: str, name_zh: str, sort_name: str) -> str | None:
    """'Wong Kar Wai' for 'Kar Wai Wong' (王家衛, sorted 'Wong, Kar Wai'): the name in Western
    order whose given words spell the Chinese given name, turned round as written (spaces and
    hyphens kept, none added); None when the name is not such a name."""
    chinese = split_chinese(name_zh)
    surname, _, given = (part.strip() for part in sort_name.partition(","))
    if chinese is None or not given or name_en != f"{given} {surname}":
        return None
    words = syllables(given)
    if not spells(surname.replace(" ", ""), chinese[0]) or len(words) != len(chinese[1]):
        return None
    if all(spells(word, char) for word, char in zip(words, chinese[1], strict=True)):
        return f"{surname} {given}"
    return None


def checked_sort_name(sort_name: str, name_en: str, name_zh: str) -> str:
    """M+'s 'Surname, Given' with the two turned round where the words after the comma hold
    the Chinese surname and those before it do not ('Clarence, Fok' -> 'Fok, Clarence' for
    霍耀良; 'Seung, Choon Yang' -> 'Yang, Seung Choon' for 梁承椿)."""
    chinese = split_chinese(name_zh)
    before, comma, after = (part.strip() for part in sort_name.partition(","))
    if chinese is None or not comma or not after:
        return sort_name
    surname = chinese[0]
    if any(spells(word, surname) for word in syllables(before)):
        return sort_name
    found = next((word for word in after.split() if spells(word, surname)), None)
    if found is None:
        return sort_name
    rest = [word for word in name_en.split() if word != found]
    return f"{found}, {' '.join(rest)}" if rest else sort_name
