"""Slugs: romanised from the English name, clashes resolved the same way on every run."""

from importer.slugs import SlugRequest, assign_slugs, slugify


def test_slugify_romanises_the_english_name():
    assert slugify("Lee Sun Fung") == "lee-sun-fung"
    assert slugify("Vincent René-Lortie") == "vincent-rene-lortie"
    assert slugify("Who's the Real Murderer") == "whos-the-real-murderer"
    assert slugify("Wong & Ouyang (HK) Ltd.") == "wong-and-ouyang-hk-ltd"
    assert slugify("Film still, ''Mermaid Story''") == "film-still-mermaid-story"


def test_slugify_never_guesses_pinyin_for_chinese_characters():
    assert slugify("NIPPON 日本 1") == "nippon-1"
    assert slugify("北京市宣武區中學教材編寫組") == ""


def test_slugify_shortens_long_names_at_a_word_boundary():
    slug = slugify(
        "Poster, 'The World of Shigeo Fukuda in U.S.A.' exhibition (1971), M. H. de Young"
    )
    assert slug == "poster-the-world-of-shigeo-fukuda-in-u-s-a-exhibition-1971-m"
    assert len(slug) <= 60


def test_the_lowest_record_keeps_the_bare_slug_the_other_takes_its_birth_year():
    slugs, qualified = assign_slugs(
        [
            SlugRequest("liu-1972", "liu-wei", ("1972",), 311),
            SlugRequest("liu-1965", "liu-wei", ("1965",), 310),
            SlugRequest("alessi", "alessi", ("1921",), 14),
        ]
    )
    assert slugs == {"liu-1965": "liu-wei", "liu-1972": "liu-wei-1972", "alessi": "alessi"}
    assert [request.record for request in qualified] == [311]


def test_a_shared_qualifier_falls_back_to_the_record_id():
    slugs, _ = assign_slugs(
        [
            SlugRequest("a", "film-still-mermaid-story", ("1965",), 33196),
            SlugRequest("b", "film-still-mermaid-story", ("1965",), 33197),
            SlugRequest("c", "film-still-mermaid-story", ("1965",), 33198),
            SlugRequest("d", "film-still-mermaid-story", (), 33199),
        ]
    )
    assert slugs == {
        "a": "film-still-mermaid-story",
        "b": "film-still-mermaid-story-33197",
        "c": "film-still-mermaid-story-33198",
        "d": "film-still-mermaid-story-33199",
    }


def test_a_qualified_slug_never_takes_another_records_name():
    slugs, _ = assign_slugs(
        [
            SlugRequest("first", "untitled", ("1998",), 1),
            SlugRequest("second", "untitled", ("1998",), 2),
            SlugRequest("titled", "untitled-1998", (), 3),
        ]
    )
    assert slugs == {"first": "untitled", "second": "untitled-2", "titled": "untitled-1998"}


def test_slugs_do_not_depend_on_the_order_of_the_records():
    requests = [
        SlugRequest(n, "untitled", (f"artist-{n % 3}", str(1990 + n % 2)), n) for n in range(1, 9)
    ]
    forward, _ = assign_slugs(requests)
    backward, _ = assign_slugs(list(reversed(requests)))
    assert forward == backward
    assert len(set(forward.values())) == len(requests)
