"""What an LCSD programme is: ordered rules over its titles (both languages) and category
codes, the first that matches wins, and its disciplines. Derived from the 1,019 programmes of
the feed (README, *The LCSD mapping*). The category codes mix kinds (inc4sc1 holds concerts and
guzheng classes, inc4sc8 sport, inc7sc8 book displays and four art exhibitions), so the kind
comes from the title and the code is the fallback.

Kinds: the events schema's kinds, "exhibition", and two left out: LIBRARY (library activities:
book displays, storytelling, e-reading) and NOT_ARTS (sport, ceremonies, fitness classes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from importer.records import Event
from importer.text import clean

LIBRARY = "library"
NOT_ARTS = "not-arts"
EXHIBITION = "exhibition"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


BOOK_DISPLAY = _rx(
    r"Book Display|^(?:Adult|Children[’']s|Young Adult|Reference|Basic Law|Adult Lending) Library"
    r"|\b\d/F (?:Reference Library|Cultural and Historical Resources)|Arts Resource Centre"
    r"|Book Exhibition|Further Reading|Periodicals|Magazine|Quality Reading Culture"
    r"|書籍介紹|圖書館\s*[－–-]|期刊|雜誌|延伸閱讀|書籍巡迴展覽"
)
STORY = _rx(r"Storytelling|故事時間|故事會|故事工作坊|故事時光")
EREAD = _rx(r"e-Reading|Self-services?|e\s*閱讀|自助服務")
LIBRARY_TOUR = _rx(r"Library Guided Tour|圖書館參觀")
HEALTH = _rx(r"Health Talk|Dementia|Caring Eyes|職業健康|腦退化|護視")
SPORT = _rx(r"Muaythai|Boxing|WTT|Table Tenn|泰拳|拳擊|乒乓")
CEREMONY = _rx(r"Lighting Switch-on|Fight Crime|Awards Presentation|亮燈|滅罪")
SEMINAR = _rx(r"Trade Single Window|貿易單一窗口")
RELIGION = _rx(r"Buddhis[mt] (?:Sutra )?(?:Speech )?Class|佛學(?:解行)?班")
FITNESS = _rx(
    r"Karate|Taekwondo|Tai Chi|Martial Arts|Wing Chun|Yoga|空手道|跆拳道|太極|武術|詠春|瑜伽"
)
NON_ARTS_SUBJECT = _rx(
    r"IAQ|Phone Scams|Dongjiang|Newly Emerged Sports|Racial Harmony|Endangered Species"
    r"|Green Turtle|Treasure of the Ocean|Heritage Fiesta|Hong Kong Print Awards|Reading Supernova"
    r"|People’s Republic of China in Its 75|War of Resistance|Sports : Past"
)
EXHIBITION_WORDS = _rx(
    r"Exhibition|展覽|作品展|畫展|書畫展|精品展|聯展|會展|\bBiennial\b|雙年展|(?<!開)展(?:$|\W)"
)
INSTALLATION = _rx(r"installation|projection mapping|interact with")
MASTERCLASS = _rx(r"Master\s?class|大師班")
WORKSHOP = _rx(r"Workshop|工作坊|體驗活動")
COURSE = _rx(
    r"Class(?:es)?\b|Course|Training|Teach|Study Class|Lesson|(?<!西)(?<!唱家)班(?!牙)|課程|訓練"
    r"|教授|研習|常年練習|Interest Courses"
)
ZH_COURSE = re.compile(r"(?<!西)(?<!唱家)班(?!牙)|課程|訓練班")
CONCERT = _rx(r"Concert|Show|Interflow|演唱會|音樂會|匯演|晚會")
TALK = _rx(
    r"Lecture|\bTalks?\b|Seminar|Sharing Session|Demonstration and Talk|Backstage Tour|講座|導賞"
)
CHINESE_CLASSICS = _rx(r"Talk on Chinese|國學")
SCREENING = _rx(r"^Food for Thought - A Cinematic Feast:")
FESTIVAL = _rx(r"Festival|\bFest\b|Carnival|Fun Day|藝術節|音樂節|文化節|嘉年華|同樂日")
FESTIVAL_ITEM = _rx(
    r"Festival 2026 ?[-–:]|Fun Day:|Fun Day Opening|Celebration Programme|Variety Show"
)
WEEKLY = _rx(r"Every\s+\w+|逢星期")
# The film programmes of the Film Archive: the programme itself is a series.
FILM_PROGRAMMES = frozenset({176366, 176367})
EXHIBITION_CODES = frozenset({"inc4sc4", "inc6sc1", "inc4sc10"})
FILM_CODE = "inc4sc5"
HIRERS_CLASSES = "inc4sc14"
LIBRARIES = "inc7"
VENUES = "inc4"
WEEKLY_SEASON = 8  # dates in eventDates.xml that make a weekly programme a season of classes


def _programme(event: Event) -> str:
    """cat1 ('inc4', 'inc7'), else the start of cat2 ('inc7sc3' is under 'inc7')."""
    found = re.match(r"inc\d+", event.category)
    return event.programme or (found.group(0) if found else "")


def _titles(event: Event) -> str:
    return f"{event.title_en} || {event.title_zh}"


def _weekly(event: Event) -> bool:
    return bool(WEEKLY.search(event.predate_en + event.predate_zh))


@dataclass(frozen=True)
class Rule:
    name: str  # what it catches, as counted in the import's summary
    kind: str
    test: Callable[[Event], object]


RULES = (
    Rule("library: book display", LIBRARY,
         lambda e: _programme(e) == LIBRARIES and BOOK_DISPLAY.search(_titles(e))),
    Rule("library: storytelling", LIBRARY,
         lambda e: STORY.search(_titles(e))
         and (_programme(e) == LIBRARIES or "Library" in e.title_en)),
    Rule("library: e-reading and self-service", LIBRARY, lambda e: EREAD.search(_titles(e))),
    Rule("library: guided tour", LIBRARY, lambda e: LIBRARY_TOUR.search(_titles(e))),
    Rule("library: health talk", LIBRARY, lambda e: HEALTH.search(_titles(e))),
    Rule("not arts: sport", NOT_ARTS, lambda e: SPORT.search(_titles(e))),
    Rule("not arts: ceremony", NOT_ARTS, lambda e: CEREMONY.search(_titles(e))),
    Rule("not arts: trade seminar", NOT_ARTS, lambda e: SEMINAR.search(_titles(e))),
    Rule("not arts: religion class", NOT_ARTS, lambda e: RELIGION.search(_titles(e))),
    Rule("not arts: martial arts or fitness class", NOT_ARTS,
         lambda e: FITNESS.search(_titles(e))),
    Rule("library: display on a subject other than the arts", LIBRARY,
         lambda e: EXHIBITION_WORDS.search(_titles(e)) and NON_ARTS_SUBJECT.search(_titles(e))),
    Rule("exhibition: exhibition code", EXHIBITION, lambda e: e.category in EXHIBITION_CODES),
    Rule("exhibition: the title says so", EXHIBITION,
         lambda e: EXHIBITION_WORDS.search(_titles(e))),
    Rule("exhibition: an installation open for many days", EXHIBITION,
         lambda e: INSTALLATION.search(clean(e.description_en)) and len(e.dates) > 20
         and "Each session" not in e.duration_en),
    Rule("library: other library programme", LIBRARY,
         lambda e: _programme(e) == LIBRARIES and not CHINESE_CLASSICS.search(_titles(e))),
    Rule("series: film programme", "series", lambda e: e.id in FILM_PROGRAMMES),
    Rule("screening: a film of a programme", "screening",
         lambda e: e.category == FILM_CODE and SCREENING.search(e.title_en)),
    Rule("talk: film programme activity", "talk", lambda e: e.category == FILM_CODE),
    Rule("performance: concert, show or interflow", "performance",
         lambda e: CONCERT.search(_titles(e)) and e.category != HIRERS_CLASSES),
    Rule("course: the Chinese title says 班, 課程 or 訓練班", "course",
         lambda e: ZH_COURSE.search(e.title_zh) and _programme(e) == VENUES),
    Rule("masterclass: a one-off masterclass", "masterclass",
         lambda e: MASTERCLASS.search(_titles(e)) and not _weekly(e)),
    Rule("workshop: a one-off workshop", "workshop",
         lambda e: WORKSHOP.search(_titles(e)) and not _weekly(e)),
    Rule("course: a weekly workshop", "course",
         lambda e: WORKSHOP.search(_titles(e)) and _weekly(e)),
    Rule("course: class, course or training", "course", lambda e: COURSE.search(_titles(e))),
    Rule("course: hirers' classes or a weekly season", "course",
         lambda e: e.category == HIRERS_CLASSES or (_weekly(e) and len(e.dates) >= WEEKLY_SEASON)),
    Rule("talk: lecture, talk or guided appreciation", "talk", lambda e: TALK.search(_titles(e))),
    Rule("festival: the festival itself", "festival",
         lambda e: FESTIVAL.search(e.title_en) and not FESTIVAL_ITEM.search(e.title_en)),
    Rule("performance: any other arts programme", "performance", lambda e: True),
)  # fmt: skip


def classify(event: Event) -> tuple[str, str]:
    """(kind, the rule that gave it)."""
    rule = next(r for r in RULES if r.test(event))
    return rule.kind, rule.name


# Disciplines -------------------------------------------------------------------------------

DISCIPLINE_WORDS = (
    ("xiqu", _rx(r"Cantonese Opera|Operatic|Xiqu|Chinese Opera"
                 r"|粵劇|粵曲|粤曲|戲曲|曲藝|鑼鈸|折子戲|中篇劇")),
    ("dance", _rx(r"\bDanc|Ballet|Latin|Ballroom|Jazz Dance|Jazz and Hip Hop|Jazz/|K-?Pop|Belly"
                  r"|Flo Fest|(?<!鼓)舞(?!台)")),
    ("theatre", _rx(r"Theat|Drama|Musical(?! Fireworks| Dialogue| Journey| Hints)|Mask|Puppet"
                    r"|音樂劇|劇團|舞台劇|戲劇|話劇|偶")),
    ("circus", _rx(r"Circus|Cirque|Juggl|雜耍|間藝工場")),
    ("music", _rx(r"Music|Concert|Choir|Choral|Chorus|Singing|Sing\b|Orchestra|Ensemble"
                  r"|Gu ?Zheng|Guzheng|Song|Vocal|Recital|Drum|Percussion|Harmonica|Huqin"
                  r"|Opera(?!tic)|Band\b|Strings|Piano|Oldies|Busking|合唱|歌|音樂|樂團|樂隊|古箏"
                  r"|二胡|單簧管|鼓|口琴|演唱|金曲|管樂|弦樂|中樂|樂韻|演奏")),
    ("film", _rx(r"Film|Cinema|Cinematic|Matinee|電影|影畫")),
    ("visual-art", _rx(r"\bArt Class|Art Course|Painting|Drawing|Calligraphy|\bInk\b|Porcelain"
                       r"|Photo|Comic|畫|書法|美術|陶藝|水墨|攝影|漫畫|港漫")),
    ("literature", _rx(r"Chinese Classics|Talk on Chinese|Poetry|Creative Writing|Story Writing"
                       r"|國學|詩詞|文學|書寫故事")),
    ("media-art", _rx(r"projection|multi-media|installation|audio-visual")),
)  # fmt: skip
MUSICAL = _rx(r"Musical(?! Fireworks| Dialogue| Journey| Hints)|音樂劇")
CODE_DISCIPLINE = {
    "inc4sc1": "music", "inc4sc2": "xiqu", "inc4sc3": "dance", "inc4sc4": "visual-art",
    "inc4sc5": "film", "inc4sc6": "theatre", "inc4sc7": "multi-arts", "inc4sc9": "music",
    "inc4sc10": "visual-art", "inc4sc11": "theatre", "inc4sc12": "multi-arts",
    "inc4sc13": "multi-arts", "inc6sc1": "film",
}  # fmt: skip
FILM_CODES = frozenset({"inc4sc5", "inc6sc1"})
MULTI_ARTS = "multi-arts"


def disciplines(event: Event, kind: str) -> list[str]:
    """The event's disciplines (events schema values): its code's own first, then those its
    titles name; operatic songs are xiqu, not also music; a musical is theatre and musical."""
    titles = _titles(event)
    found = [name for name, pattern in DISCIPLINE_WORDS if pattern.search(titles)]
    base = CODE_DISCIPLINE.get(event.category)
    if base and base != MULTI_ARTS:
        found = [base, *found]
    if "xiqu" in found and "music" in found:
        found.remove("music")
    if event.category in FILM_CODES:
        found = [d for d in found if d in ("film", "visual-art")]
    if kind == EXHIBITION and INSTALLATION.search(clean(event.description_en)):
        found.append("media-art")
    if MUSICAL.search(titles) and "theatre" in found:
        found.append("musical")
    if not found and base:
        found = [base]
    return list(dict.fromkeys(found)) or [MULTI_ARTS]
