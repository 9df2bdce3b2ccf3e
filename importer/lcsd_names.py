"""The names in LCSD programme records: presenters (their wording stripped, several split, the
funders told apart), visiting companies named with their country in a title, and the series and
festivals a title's prefix names. Pure text functions; the rules and their counts on the feed
are in README, *The LCSD mapping*."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from importer.text import english_only, has_han

# Presenters -----------------------------------------------------------------------------------

EN_PREFIX = re.compile(
    r"^(?:Jointly\s+)?(?:Presented|Organi[sz]ed|Co-presented)\s+(?:by|with)\s+(?:the\s+)?"
    r"|^Jointly organi[sz]ed with\s+(?:the\s+)?|^In Association with\s+(?:the\s+)?",
    re.I,
)
EN_ORGANISED = re.compile(r"^(?:Jointly\s+)?Organi[sz]ed|^In Association", re.I)
ZH_PREFIX = re.compile(r"^(?:聯合主辦|主辦機構|主辦|合辦)\s*[：:]\s*|^與(?=.+合辦$)")
ZH_SUFFIX = re.compile(r"\s*(?:聯合主辦|主辦|合辦|協辦)$")
ZH_ORGANISED = re.compile(r"合辦|協辦")
PARTS = re.compile(r"\s*[;；]\s*")
FUNDER = re.compile(r"^(?:Sub[vs]e[nr]ted|Sponsored|Supported) by\s+|資助$|贊助$|支持$", re.I)
ORGANISATION_END = re.compile(
    r"(?:Troupe|Centre|Center|Institute|Association|Society|Committee|Limited|Ltd\.?|Department"
    r"|Federation|Music|Orchestra|Ensemble|Club|Group|Theatre|Company|World|Office|Bureau"
    r"|Academy|College)$"
)
EN_SEPARATOR = re.compile(r",\s+|\s+and\s+(?:the\s+)?|\s+&\s+")
ZH_COMPOUNDS = re.compile(r"康樂及文化|商務及經濟|抗戰及海防|檔案及歷史|音樂及藝術|書畫及|及青少年")
# An LCSD office code, not a name: the department itself.
LCSD_OFFICE = re.compile(r"^PVO\b|^康文署\s*[-－]")
LCSD_NAME = {"en": "Leisure and Cultural Services Department", "zh": "康樂及文化事務署"}
PRESENTER = "presenter"
ORGANISER = "organiser"


@dataclass(frozen=True)
class Presenter:
    en: str
    zh: str
    role: str  # presenter, or organiser for a partner ("Jointly organised with", 合辦)


def strip_presenter(en: str, zh: str) -> tuple[str, str]:
    """A presenter field without its wording ('Presented by', 'Jointly organised with',
    主辦, 與…合辦), for exhibitions' presenter text."""
    return EN_PREFIX.sub("", en).strip(), ZH_SUFFIX.sub("", ZH_PREFIX.sub("", zh)).strip()


def presenters(en: str, zh: str, title_en: str = "") -> tuple[list[Presenter], int]:
    """The organisations presenting a programme, in order, and how many funders ('Subvented
    by', 資助) were left out. English that is only Chinese, or repeats the title (the feed's
    '(Concert)'), is dropped; an LCSD office code is the department."""
    found: list[Presenter] = []
    funders = 0
    english, chinese = PARTS.split(en) if en else [""], PARTS.split(zh) if zh else [""]
    for index in range(max(len(english), len(chinese))):
        part_en = english[index] if index < len(english) else ""
        part_zh = chinese[index] if index < len(chinese) else ""
        if FUNDER.search(part_en) or FUNDER.search(part_zh):
            funders += 1
            continue
        organised = bool(EN_ORGANISED.search(part_en) or ZH_ORGANISED.search(part_zh))
        name_en, name_zh = strip_presenter(part_en, part_zh)
        name_en = english_only(name_en)
        if name_en and title_en and name_en == title_en:
            name_en = ""
        if LCSD_OFFICE.search(name_en) or LCSD_OFFICE.search(name_zh):
            name_en, name_zh = LCSD_NAME["en"], LCSD_NAME["zh"]
        role = ORGANISER if organised else PRESENTER
        found += [Presenter(e, z, role) for e, z in _split(name_en, name_zh) if e or z]
    unique = {(p.en, p.zh): p for p in reversed(found)}
    return [p for p in found if unique[(p.en, p.zh)] is p], funders


def _split(en: str, zh: str) -> list[tuple[str, str]]:
    """Several organisations in one field: the English split at ', ', ' and ', ' & ' only after
    an organisation word, the Chinese at 、 or 及 (not inside known compound names) into as many
    parts; otherwise the field stays whole."""
    cuts, last = [], 0
    for match in EN_SEPARATOR.finditer(en):
        left = en[last : match.start()]
        if ORGANISATION_END.search(left) and en[match.end() : match.end() + 1].isupper():
            cuts.append((last, match.start()))
            last = match.end()
    english = [en[a:b] for a, b in cuts] + [en[last:]] if cuts else [en]
    chinese = [zh]
    if len(english) > 1 and zh:
        masked = ZH_COMPOUNDS.sub(lambda m: m.group(0).replace("及", "\0"), zh)
        parts = [p.replace("\0", "及") for p in re.split(r"、|及", masked)]
        if len(parts) == len(english):
            chinese = parts
    if len(chinese) != len(english):
        return [(en, zh)]
    return [(a.strip(), b.strip()) for a, b in zip(english, chinese, strict=True)]


def name_key(text: str) -> str:
    """A name folded for matching: case, width, punctuation, 'the' and 'Limited' ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"\b(?:the|limited|ltd|co)\b\.?", "", folded)
    return re.sub(r"[\s\W_]+", "", folded)


HONG_KONG_NAMES = re.compile(
    r"Leisure and Cultural Services|\bLCSD\b|Hong Kong|康樂及文化事務署|康文署|香港"
    r"|Central and Western|Wan Chai|Eastern District|Southern District|Yau Tsim Mong|Sham Shui Po"
    r"|Kowloon City|Wong Tai Sin|Kwun Tong|Kwai Tsing|Tsuen Wan|Tuen Mun|Yuen Long|North District"
    r"|Tai Po|Sai Kung|Sha Tin|Islands District|Ma On Shan|Tseung Kwan O|Tin Shui Wai"
    r"|中西區|灣仔|東區|南區|油尖旺|深水埗|九龍城|黃大仙|觀塘|葵青|荃灣|屯門|元朗|北區|大埔|西貢|沙田"
    r"|離島|馬鞍山|將軍澳|天水圍"
)


def in_hong_kong(presenter: Presenter) -> bool:
    """Whether a presenter's name places it in Hong Kong: the LCSD and its offices, 'Hong Kong'
    or 香港, or a district of Hong Kong in its name."""
    return bool(HONG_KONG_NAMES.search(f"{presenter.en} {presenter.zh}"))


# Visiting companies ---------------------------------------------------------------------------

# As LCSD writes them, in both languages. Hong Kong is not here: "(Hong Kong)" in a title is a
# stop of a touring exhibition, not where its artist comes from.
COUNTRIES = {
    "Japan": "日本", "Spain": "西班牙", "Poland": "波蘭", "Canada": "加拿大", "Austria": "奧地利",
    "UK": "英國", "Australia": "澳洲", "France": "法國", "Germany": "德國", "USA": "美國",
    "US": "美國", "Korea": "韓國", "Italy": "意大利", "Netherlands": "荷蘭", "Denmark": "丹麥",
    "Taiwan": "台灣", "Mainland China": "內地", "China": "中國", "Singapore": "新加坡",
    "Belgium": "比利時", "Switzerland": "瑞士",
}  # fmt: skip
COUNTRY_EN = "|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True))
COUNTRY_ZH = "|".join(sorted(set(map(re.escape, COUNTRIES.values())), key=len, reverse=True))
VISITOR_EN = re.compile(rf"\bby\s+(?P<company>[^()“”\"]+?)\s*\((?P<country>{COUNTRY_EN})\)")
VISITOR_EN_ANY = re.compile(rf"(?P<company>[A-Z][^()“”\":：]+?)\s*\((?P<country>{COUNTRY_EN})\)")
VISITOR_ZH = re.compile(
    rf"(?P<company>[^：:「」《》()（）]+?)\s*[：:]?\s*(?:《[^》]+》)?\s*[（(](?P<country>{COUNTRY_ZH})[)）]"
    rf"|(?P<company2>[^：:「」《》()（）]+?)[（(](?P<country2>{COUNTRY_ZH})[)）]\s*《"
    rf"|(?P<country3>{COUNTRY_ZH})(?P<company3>[^：:「」《》()（）]+?)《"
)


@dataclass(frozen=True)
class Visitor:
    """A company (or artist) from abroad that a title names with its country."""

    en: str
    zh: str
    country_en: str
    country_zh: str


def visitor(title_en: str, title_zh: str) -> Visitor | None:
    english = VISITOR_EN.search(title_en) or VISITOR_EN_ANY.search(title_en)
    chinese = VISITOR_ZH.search(title_zh)
    company_zh = country_zh = ""
    if chinese:
        country_zh = chinese.group("country") or chinese.group("country2") or ""
        country_zh = country_zh or chinese.group("country3") or ""
        company = chinese.group("company") or chinese.group("company2")
        company = (company or chinese.group("company3") or "").strip(" :：")
        company_zh = re.sub(r"^.*[：:]\s*", "", company)
    if not (english or (company_zh and country_zh)):
        return None
    country_en = english.group("country") if english else ""
    if not country_en:
        country_en = next((en for en, zh in COUNTRIES.items() if zh == country_zh), "")
    return Visitor(
        english.group("company").strip() if english else "",
        company_zh,
        country_en,
        country_zh or COUNTRIES.get(country_en, ""),
    )


# Series and festivals -------------------------------------------------------------------------

QUOTE = "[\"'‘’“”]?"


@dataclass(frozen=True)
class Series:
    """A series or festival that LCSD titles name by a prefix (the feed has no parent ids)."""

    key: str  # its slug
    kind: str  # series or festival
    en: str  # its title
    zh: str
    prefix_en: re.Pattern[str]
    prefix_zh: re.Pattern[str]


SERIES = tuple(
    Series(key, kind, en, zh, re.compile(prefix_en), re.compile(prefix_zh))
    for key, kind, en, zh, prefix_en, prefix_zh in (
        ("cheers-series-2025-26", "series", "'Cheers!' Series", "「冬日開懷集」系列",
         rf"^{QUOTE}Cheers!{QUOTE}\s*Series\s*:\s*", r"^「冬日開懷集」系列\s*[:：]\s*"),
        ("ekcc-opening-season", "series", "EKCC Opening Season", "東九開幕季",
         r"^EKCC Opening Season\s*:\s*", r"^東九開幕季\s*[:：]\s*"),
        ("food-for-thought-a-cinematic-feast", "series", "Food for Thought - A Cinematic Feast",
         "心間盛筵—人間煙火映百味", r"^Food for Thought\s*-\s*A Cinematic Feast(?:\s*:\s*|$)",
         r"^心間盛筵—人間煙火映百味(?:[:：]|$)"),
        ("beares-premiere-music-festival-2026", "festival", "Beare's Premiere Music Festival 2026",
         "比爾斯飛躍演奏音樂節2026",
         rf"^{QUOTE}Beare['’]s Premiere Music Festival 2026\s*(?:-|:)\s*",
         r"比爾斯飛躍演奏音樂節2026\s*[–:：]\s*"),
        ("tai-po-civic-centre-fun-day", "festival", "Tai Po Civic Centre Fun Day",
         "大埔文娛中心同樂日",
         r"^Tai Po Civic Centre (?:Fun Day|Celebration Programme)(?: Opening Performance)?\s*:\s*",
         r"^大埔文娛中心(?:同樂日|誌慶節目)(?:開幕演出)?\s*[:：]\s*"),
        ("18dart-2025-26", "series", '2025-26 "18dART"', "2025-26年度「十八有藝」",
         r"^2025-26 \"18dART\s*[–—]\s*", r"^2025-26年度「十八有藝\s*──\s*"),
        ("community-cultural-ambassador-scheme-2025", "series",
         "Community Cultural Ambassador Scheme 2025", "2025社區文化大使計劃",
         r"Community Cultural Ambassadors? (?:Scheme )?2025\s*[:\-–]\s*|CCAS 2025\s*:\s*",
         r"2025(?:年度)?社區文化大使(?:計劃)?\s*[:：\-—]\s*"),
        ("hong-kong-youth-music-interflows-2025", "festival",
         "2025 Hong Kong Youth Music Interflows",
         "2025 香港青年音樂匯演", r"^2025 Hong Kong Youth Music Interflows\s*-\s*",
         r"^2025 香港青年音樂匯演—"),
        ("hong-kong-pop-culture-festival-2025", "festival", "Hong Kong Pop Culture Festival 2025",
         "香港流行文化節2025", r"^Hong Kong Pop Culture Festival 2025\s*:\s*",
         r"^香港流行文化節2025\s*[:：]\s*"),
        ("national-ballet-of-china-in-hong-kong-2026", "series", "National Ballet of China",
         "「國風國韻飄香江」", r"^National Ballet of China ", r"^「國風國韻飄香江」"),
        ("talks-on-chinese-classics", "series", "Talks on Chinese Classics", "國學講座",
         r"^Talk on Chinese(?: Classics)?\s*[:\-]\s*", r"^國學講座\s*[-–︰:：]\s*"),
        ("dance-on-series", "series", "'Dance On' Series", "「續．舞」系列",
         rf"^{QUOTE}Dance On{QUOTE} Series\s*:\s*", r"^「續．舞」系列\s*[:：]\s*"),
        ("swire-maestro-series", "series", "Swire Maestro Series", "太古音樂大師系列",
         r"Swire Maestro Series", r"太古音樂大師系列"),
        ("morning-matinee", "series", "Morning Matinee", "影畫早晨",
         r"^Morning Matinee\s*:\s*", r"^影畫早晨\s*[:：]\s*"),
        ("flo-fest", "festival", "Flo Fest", "Flo Fest", r"^Flo Fest\b", r"^Flo Fest"),
    )
)  # fmt: skip
VENUE_PARTNER = re.compile(
    r"^(?P<venue>.+?) Venue Partnership Scheme\s*[:—–-]\s*"
    r"|^(?P<zh>.+?)場地(?:伙伴|夥伴)計劃\s*[:：—]\s*"
)


def series_of(title_en: str, title_zh: str) -> tuple[Series | None, str, str]:
    """The series a title's prefix names, and the titles without it (and without a Venue
    Partnership Scheme prefix); a title that is only the prefix is the series' own record."""
    title_en = VENUE_PARTNER.sub("", title_en, count=1).strip()
    title_zh = VENUE_PARTNER.sub("", title_zh, count=1).strip()
    for series in SERIES:
        if series.prefix_en.search(title_en) or series.prefix_zh.search(title_zh):
            en = series.prefix_en.sub("", title_en, count=1).strip()
            zh = series.prefix_zh.sub("", title_zh, count=1).strip()
            return series, en, zh
    return None, title_en, title_zh


def core_title(title_zh: str) -> str:
    """The Chinese title reduced to its show (a duplicate listing of a show has the same one):
    the series and partnership prefixes, and what precedes 《, dropped."""
    _, _, zh = series_of("", title_zh)
    start = zh.find("《")
    if start >= 0:
        zh = zh[start:]
    return re.sub(r"[\s\W_]+", "", zh)


def is_chinese(text: str) -> bool:
    return has_han(text)
