"""Films: from the stills, posters and papers that name them, and single-channel works."""

from importer.catalogue import build_catalogue
from importer.films import FilmTitle, film_title, group_film_material, is_screen_work
from importer.notes import Notes
from importer.records import Constituent, Credit, MplusObject, Sources
from plugins.directory.model import load_model

MODEL = load_model()

BIAN_SING = Credit(6964, "Bian Sing Motion Picture Company Limited", "萬聲電影有限公司",
                   "Production Company", "製作公司")  # fmt: skip
LEE = Credit(6872, "Lee Sun Fung", "李晨風", "Film Director", "電影導演")
KO = Credit(7211, "Ko Kuo", "高歌", "Film Director", "電影導演")
WORLD_THEATRE = Credit(5000, "World Theatre", "世界戲院", "Publisher", "出版社")


def still(
    object_id: int, title_en: str, title_zh: str, date: str, year: int, *credits
) -> MplusObject:
    return MplusObject(
        id=object_id, title_en=title_en, title_zh=title_zh, date=date, year=year,
        areas=("Moving Image", "Visual Art"), categories_en=("Photography",),
        categories_zh=("攝影",), medium_en="gelatin silver print", medium_zh="銀鹽照片",
        credits=credits or (BIAN_SING, LEE, KO),
    )  # fmt: skip


def person(constituent_id: int, name_en: str, name_zh: str, nationality: str = "") -> Constituent:
    return Constituent(
        id=constituent_id, name_en=name_en, name_zh=name_zh, type="Individual", roles=(),
        bio_en="", bio_zh="", begin=None, end=None, nationality_en=nationality,
        nationality_zh="",
    )  # fmt: skip


MERMAID_STORY = [
    still(33195, "Film stills and synopses, 'Mermaid Story'", "《真假金牡丹》電影劇照及本事",
          "1965", 1965),
    still(33198, "Film still, ''Mermaid Story''", "《真假金牡丹》電影劇照", "1965", 1965),
    still(33205, "Synopses, 'Mermaid Story'", "《真假金牡丹》本事", "[1960s]", 1960,
          WORLD_THEATRE, BIAN_SING, LEE, KO),
    still(32499, "Film still, 'Mermaid Story'", "《真假金牡丹》電影劇照", "1965", 1965),
]  # fmt: skip


def test_the_film_a_title_names():
    assert film_title(MERMAID_STORY[0]) == FilmTitle("Mermaid Story", "真假金牡丹")
    assert film_title(MERMAID_STORY[1]) == FilmTitle("Mermaid Story", "真假金牡丹")
    whos = still(
        33313, "Film still, 'Who's the Real Murderer'", "《真假兇手》電影劇照", "1966", 1966
    )
    assert film_title(whos) == FilmTitle("Who's the Real Murderer", "真假兇手")
    assert (
        film_title(still(33181, "Envelope, Shaw Studio", "邵氏製片廠宣傳部信封", "[1960s]", 1960))
        is None
    )


def test_stills_and_papers_of_one_film_make_one_group():
    [group] = group_film_material(MERMAID_STORY)
    assert group.record == 32499
    assert [obj.id for obj in group.objects] == [32499, 33195, 33198, 33205]
    assert group.year == 1965  # the synopses' "[1960s]" does not count
    assert group.constituents("Film Director") == (6872, 7211)


def test_material_without_a_film_director_is_not_a_film():
    poster = still(40, "Poster, 'Life'", "「Life」海報", "1965", 1965,
                   Credit(1, "Someone", "某人", "Designer", "設計師"))  # fmt: skip
    assert group_film_material([poster]) == []


def test_mermaid_story_becomes_one_film_and_each_still_links_to_it():
    sources = Sources(
        constituents=[
            person(6872, "Lee Sun Fung", "李晨風"),
            person(7211, "Ko Kuo", "高歌"),
            person(
                6964, "Bian Sing Motion Picture Company Limited", "萬聲電影有限公司", "Hong Kong"
            ),
            person(5000, "World Theatre", "世界戲院"),
        ],
        objects=MERMAID_STORY,
        venues=[],
        events=[],
    )
    catalogue = build_catalogue(sources, Notes(), MODEL)
    assert catalogue["films"] == {
        "mermaid-story": {
            "title": {"en": "Mermaid Story", "zh": "真假金牡丹"},
            "year": 1965,
            "directors": ["lee-sun-fung", "ko-kuo"],
            "production": ["bian-sing-motion-picture-company-limited"],
            "source": {
                "name": {"en": "M+ Museum, Hong Kong", "zh": "香港M+博物館"},
                "url": "https://github.com/mplusmuseum/collection-data",
                "record": 32499,
                "licence": "CC0-1.0",
            },
        }
    }
    assert {slug: work["film"] for slug, work in catalogue["works"].items()} == {
        "film-still-mermaid-story": "mermaid-story",
        "film-still-mermaid-story-1965": "mermaid-story",
        "film-stills-and-synopses-mermaid-story": "mermaid-story",
        "synopses-mermaid-story": "mermaid-story",
    }
    credits = catalogue["works"]["film-still-mermaid-story"]["credits"]
    assert credits[1] == {
        "artist": "lee-sun-fung",
        "role": {"en": "Film Director", "zh": "電影導演"},
    }


def test_a_single_channel_video_is_a_film_by_its_artists():
    video = MplusObject(
        id=15316, title_en="Paddling Home", title_zh="漂流家室", date="2010", year=2010,
        areas=("Moving Image",), categories_en=("Video",), categories_zh=("錄像",),
        medium_en="single-channel digital video (colour, sound)", medium_zh="單頻道數碼錄像",
        credits=(Credit(3001, "Kacey Wong", "黃國才", "Artist", "藝術家"),
                 Credit(3002, "David Attali", "David Attali", "Filmmaker", "導演"),
                 Credit(3003, "Music Maker", "音樂人", "Music by", "音樂")),
    )  # fmt: skip
    installation = MplusObject(
        **{**video.__dict__, "id": 2, "medium_en": "two-channel video installation"}
    )
    assert is_screen_work(video) and not is_screen_work(installation)
    sources = Sources(constituents=[], objects=[video], venues=[], events=[])
    catalogue = build_catalogue(sources, Notes(), MODEL)
    assert catalogue["works"] == {}
    film = catalogue["films"]["paddling-home"]
    assert (film["title"], film["year"]) == ({"en": "Paddling Home", "zh": "漂流家室"}, 2010)
    assert film["directors"] == ["kacey-wong", "david-attali"]
    assert film["credits"] == [{"artist": "music-maker", "role": {"en": "Music by", "zh": "音樂"}}]


def test_a_film_director_credit_without_a_film_title_stays_a_work():
    envelope = still(33181, "Envelope, Shaw Studio", "邵氏製片廠宣傳部信封", "[1960s]", 1960)
    notes = Notes()
    catalogue = build_catalogue(Sources([], [envelope], [], []), notes, MODEL)
    assert catalogue["films"] == {}
    assert "film" not in catalogue["works"]["envelope-shaw-studio"]
    assert notes.oddities["credits a film director but names no film (a work only)"] == 1
    assert notes.oddities["constituent missing from constituents.csv (made from a credit)"] == 3
