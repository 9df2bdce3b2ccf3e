"""The built site, as visitors get it: pages in every language, linked both ways."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image

from plugins.directory.model import load_model
from tests.support import (
    BUILD_DAY,
    ROOT,
    SMALL_DIRECTORY,
    build,
    image_bytes,
    tags,
    text_of,
    write_tree,
)

ENTRY_PAGES = [
    "artists/wong-kar-wai",
    "artists/christopher-doyle",
    "artists/tsang-tsou-choi",
    "venues/hong-kong-museum-of-art",
    "exhibitions/moods",
    "films/in-the-mood-for-love",
    "works/poster",
]
# Every type's listing, and some of their filter and decade pages.
OTHER_PAGES = ["", "about", "collaborations", *load_model().names]
OTHER_PAGES += ["artists/origin/local", "works/2000s"]
# The languages, by URL prefix: lang attribute.
LANGS = {"en": "en", "tc": "zh-Hant-HK", "sc": "zh-Hans"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    return build(write_tree(root / "content", SMALL_DIRECTORY), root / "output")


@pytest.mark.parametrize("path", ENTRY_PAGES + OTHER_PAGES)
def test_every_page_exists_in_every_language_with_its_lang(site, path):
    for prefix, lang in LANGS.items():
        assert f'<html lang="{lang}">' in site.page(f"/{prefix}/{path}/")


@pytest.mark.parametrize("path", ENTRY_PAGES + OTHER_PAGES)
def test_alternates_are_reciprocal_and_the_switcher_leads_to_the_same_page(site, path):
    urls = {prefix: f"/{prefix}/{path}/".replace("//", "/") for prefix in LANGS}
    expected = {LANGS[prefix]: url for prefix, url in urls.items()}
    expected["x-default"] = "/" if not path else urls["en"]
    for own, own_url in urls.items():
        html = site.page(own_url)
        links = tags(html, "link", rel="alternate")
        assert {a["hreflang"]: a["href"] for a in links if "hreflang" in a} == expected
        # Every language, in the same order on every page; the page's own is marked, not linked.
        switcher = html.split('class="language-switcher"')[1].split(">", 1)[1].split("</nav>")[0]
        links = [(a["lang"], a["href"]) for a in tags(switcher, "a", rel="alternate")]
        assert links == [(LANGS[p], url) for p, url in urls.items() if p != own]
        assert tags(switcher, "span", **{"aria-current": "true"}) == [
            {"lang": LANGS[own], "aria-current": "true"}
        ]
        assert text_of(switcher).split() == ["English", "繁體中文", "简体中文"]


def test_landing_page_is_trilingual_x_default_and_offers_every_language(site):
    html = site.page("/")
    alternates = {a["hreflang"]: a["href"] for a in tags(html, "link", rel="alternate")}
    assert alternates == {"en": "/en/", "zh-Hant-HK": "/tc/", "zh-Hans": "/sc/", "x-default": "/"}
    links = {a["href"]: a["lang"] for a in tags(html, "a") if a.get("hreflang")}
    assert links == {"/en/": "en", "/tc/": "zh-Hant-HK", "/sc/": "zh-Hans"}
    assert [span["lang"] for span in tags(html.split("<h1>")[1], "span")][:3] == list(
        LANGS.values()
    )
    assert "Harbour Crossings 港藝交匯 港艺交汇" in text_of(html)
    assert "香港艺术家与国际创作人合作的名录。" in text_of(html)


def test_interface_strings_and_dates_follow_the_page_language(site):
    english = text_of(site.page("/en/artists/wong-kar-wai/"))
    chinese = text_of(site.page("/tc/artists/wong-kar-wai/"))
    assert "Born 17 July 1958" in english
    assert "出生 1958年7月17日" in chinese
    assert "Disciplines Film" in english and "範疇 電影" in chinese
    assert "Skip to content" in english and "跳至內容" in chinese


def test_artist_page_lists_exhibitions_films_and_works_with_roles(site):
    english = site.page("/en/artists/wong-kar-wai/")
    text = text_of(english)
    assert "Exhibitions Moods 1 March 2024 Artist" in text
    assert "Films In the Mood for Love 2000 Director" in text
    assert "Works Poster for 'In the Mood for Love' 2000 Director" in text
    hrefs = [a["href"] for a in tags(english, "a")]
    for target in (
        "/en/exhibitions/moods/",
        "/en/films/in-the-mood-for-love/",
        "/en/works/poster/",
    ):
        assert target in hrefs


def test_collaborators_are_listed_with_what_they_made_together_and_crossings_marked(site):
    html = site.page("/en/artists/wong-kar-wai/")
    section = html.split('<ul class="collaborators">')[1].split("</section>")[0]
    assert text_of(section) == (
        "Christopher Doyle International Local and international : Moods , In the Mood for Love"
    )
    assert 'class="crossing"' in section
    chinese = site.page("/tc/artists/christopher-doyle/")
    section = chinese.split('id="collaborators-heading"')[1].split("</section>")[0]
    assert "王家衛" in text_of(section) and "《花樣年華》" in text_of(section)


def test_two_local_artists_working_together_are_not_a_crossing(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "works/ink.yaml": """
            title: Ink
            credits: [{artist: tsang-tsou-choi}, {artist: wong-kar-wai}]
            """,
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    html = site.page("/en/artists/tsang-tsou-choi/")
    section = html.split('<ul class="collaborators">')[1].split("</section>")[0]
    assert "Wong Kar-wai" in text_of(section)
    assert "crossing" not in section and "Local and international" not in text_of(section)
    rows = text_of(site.page("/en/collaborations/").split("<tbody>")[1])
    assert "Tsang Tsou-choi" not in rows and "Ink" not in rows


def test_an_exhibition_ending_on_the_build_day_is_current(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "exhibitions/last-day.yaml": f"title: Last day\nstart: 2026-01-01\nend: {BUILD_DAY}\n",
        "exhibitions/ended.yaml": "title: Ended\nstart: 2026-01-01\nend: 2026-11-28\n",
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    html = site.page("/en/exhibitions/")
    current = html.split('id="current-heading"')[1].split("</section>")[0]
    past = html.split('id="past-heading"')[1].split("</section>")[0]
    assert "Last day" in text_of(current) and "Last day" not in text_of(past)
    assert "Ended" in text_of(past) and "Ended" not in text_of(current)


def test_an_artist_with_no_collaborations_has_no_collaborators_section(site):
    assert "collaborators-heading" not in site.page("/en/artists/tsang-tsou-choi/")


def test_exhibition_links_its_venue_and_artists_with_roles(site):
    html = site.page("/en/exhibitions/moods/")
    hrefs = [a["href"] for a in tags(html, "a")]
    assert "/en/venues/hong-kong-museum-of-art/" in hrefs
    assert "/en/artists/wong-kar-wai/" in hrefs
    assert "Christopher Doyle International Cinematographer" in text_of(html)
    assert "Dates 1 March 2024 – 1 May 2024" in text_of(html)


def test_venue_lists_its_exhibitions_and_film_lists_its_works(site):
    venue = text_of(site.page("/tc/venues/hong-kong-museum-of-art/"))
    assert "展覽 《花樣》 2024年3月1日" in venue
    film = site.page("/en/films/in-the-mood-for-love/")
    assert "/en/works/poster/" in [a["href"] for a in tags(film, "a")]
    assert "Directed by Wong Kar-wai" in text_of(film)


def test_chinese_titles_of_works_are_in_book_title_marks(site):
    assert "<h1>《花樣年華》</h1>" in site.page("/tc/films/in-the-mood-for-love/")
    assert "<h1>王家衛</h1>" in site.page("/tc/artists/wong-kar-wai/")
    # A title that holds its own marks is not wrapped again.
    assert "<h1>《花樣年華》海報</h1>" in site.page("/tc/works/poster/")


def test_missing_translation_falls_back_marked_with_lang_and_a_note(site):
    venue = site.page("/tc/venues/hong-kong-museum-of-art/")
    assert (
        '<span lang="en">Tsim Sha Tsui</span> <small class="untranslated">(尚未翻譯)</small>'
        in venue
    )
    film = site.page("/tc/films/in-the-mood-for-love/")
    assert (
        '<p class="untranslated">此段文字尚未翻譯。</p><div lang="en"><p>Hong Kong, 1962: two '
        "neighbours.</p></div>" in film
    )
    # Where the text exists in the page's language there is no note.
    assert "untranslated" not in site.page("/en/films/in-the-mood-for-love/")


def test_markdown_entry_takes_its_chinese_body_from_the_zh_sibling(site):
    assert "<p>攝影師。</p>" in site.page("/tc/artists/christopher-doyle/")
    assert "<p>Cinematographer who shot most" in site.page("/en/artists/christopher-doyle/")


def headings_and_links(html: str) -> list[tuple[str, list[str]]]:
    """A grouped listing as [(heading, [entry hrefs])]."""
    groups = []
    for section in html.split('<section class="group"')[1:]:
        heading = text_of(section.split("<h2")[1].split("</h2>")[0].split(">", 1)[1])
        links = [a["href"] for a in tags(section.split("</section>")[0], "a")]
        groups.append((heading, links))
    return groups


def test_artists_are_listed_a_to_z_in_english_and_by_stroke_count_in_chinese(site):
    assert headings_and_links(site.page("/en/artists/")) == [
        ("C", ["/en/artists/christopher-doyle/"]),
        ("T", ["/en/artists/tsang-tsou-choi/"]),
        ("W", ["/en/artists/wong-kar-wai/"]),
    ]
    # 王 has 4 strokes, 杜 7, 曾 12: Hong Kong stroke order, with its headings.
    assert headings_and_links(site.page("/tc/artists/")) == [
        ("4劃", ["/tc/artists/wong-kar-wai/"]),
        ("7劃", ["/tc/artists/christopher-doyle/"]),
        ("12劃", ["/tc/artists/tsang-tsou-choi/"]),
    ]
    assert "3 entries" in text_of(site.page("/en/artists/"))
    assert "3 項" in text_of(site.page("/tc/artists/"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("discipline/film", ["wong-kar-wai"]),
        ("discipline/ink-art", ["tsang-tsou-choi"]),
        ("origin/international", ["christopher-doyle"]),
        ("origin/local", ["tsang-tsou-choi", "wong-kar-wai"]),
        ("decade/1950s", ["christopher-doyle", "wong-kar-wai"]),
    ],
)
def test_each_filter_has_its_own_page_that_works_without_javascript(site, path, expected):
    html = site.page(f"/en/artists/{path}/")
    links = [link for _, hrefs in headings_and_links(html) for link in hrefs]
    assert links == [f"/en/artists/{slug}/" for slug in expected]
    current = tags(
        html.split("data-filters")[1].split("</nav>")[0], "a", **{"aria-current": "page"}
    )
    assert [a["href"] for a in current] == [f"/en/artists/{path}/"]


def test_the_filter_bar_offers_every_discipline_origin_and_decade_present(site):
    bar = site.page("/tc/artists/").split("data-filters")[1].split("</nav>")[0]
    assert [a["href"] for a in tags(bar, "a")] == [
        "/tc/artists/",
        "/tc/artists/discipline/ink-art/",
        "/tc/artists/discipline/film/",
        "/tc/artists/origin/local/",
        "/tc/artists/origin/international/",
        "/tc/artists/decade/1950s/",
    ]
    assert "水墨 1" in text_of(bar) and "國際 1" in text_of(bar)


def test_films_are_listed_by_year_and_works_by_decade_then_year(site):
    assert headings_and_links(site.page("/en/films/")) == [
        ("2000", ["/en/films/in-the-mood-for-love/"])
    ]
    decades = site.page("/en/works/")
    cards = decades.split("<main")[1].split("</main>")[0]
    assert [a["href"] for a in tags(cards, "a")] == ["/en/works/2000s/"]
    assert headings_and_links(site.page("/tc/works/2000s/")) == [("2000", ["/tc/works/poster/"])]


def test_undated_works_have_their_own_page_after_the_decades(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "works/sketch.yaml": "title: {en: Sketch, zh: 草圖}\n",
        "works/early.yaml": "title: Early\nyear: 1965\n",
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    cards = site.page("/en/works/").split("<main")[1].split("</main>")[0]
    assert [a["href"] for a in tags(cards, "a")] == [
        "/en/works/2000s/",
        "/en/works/1960s/",
        "/en/works/undated/",
    ]
    assert "Undated 1" in text_of(cards)
    assert headings_and_links(site.page("/tc/works/undated/")) == [
        ("未有日期", ["/tc/works/sketch/"])
    ]


def test_the_collaborations_page_lists_local_and_international_pairs(site):
    html = site.page("/en/collaborations/")
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert [text_of(row) for row in rows] == [
        "Wong Kar-wai Christopher Doyle Moods 1 March 2024 , In the Mood for Love 2000"
    ]
    assert "《花樣年華》" in text_of(site.page("/tc/collaborations/"))


def test_an_artists_network_is_an_svg_image_described_in_words(site):
    html = site.page("/tc/artists/wong-kar-wai/")
    (svg,) = tags(html, "svg")
    assert (svg["role"], svg["aria-labelledby"]) == ("img", "network-title network-desc")
    assert '<title id="network-title">王家衛的合作網絡</title>' in html
    assert '<desc id="network-desc">王家衛曾與 1 位藝術家合作：杜可風。</desc>' in html
    assert tags(html.split("<svg")[1].split("</svg>")[0], "a") == []  # no links of its own


def test_about_page_credits_each_source_with_its_licence(tmp_path):
    files = dict(SMALL_DIRECTORY)
    files["artists/tsang-tsou-choi.yaml"] = """
        name: {en: Tsang Tsou-choi, zh: 曾灶財}
        origin: local
        source:
          name: {en: "M+ Museum, Hong Kong", zh: 香港M+博物館}
          record: 1234
          licence: CC0-1.0
        """
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    assert "Source: M+ Museum, Hong Kong (CC0-1.0): 1 entry" in text_of(site.page("/en/about/"))
    assert "資料來源： 香港M+博物館 (CC0-1.0)" in text_of(site.page("/tc/about/"))
    entry = text_of(site.page("/en/artists/tsang-tsou-choi/"))
    assert "Source: M+ Museum, Hong Kong (record 1234). Licence: CC0-1.0" in entry


def test_about_page_names_a_source_as_the_first_entry_citing_it_gives_it(tmp_path):
    """Two entries cite one source (the same English name and licence), the second without
    its Chinese name: the about page counts them together under the first entry's names."""
    files = {
        **SMALL_DIRECTORY,
        "artists/tsang-tsou-choi.yaml": """
            name: {en: Tsang Tsou-choi, zh: 曾灶財}
            origin: local
            source: {name: {en: LCSD, zh: 康文署}, licence: DATA.GOV.HK}
            """,
        "artists/zhou-xiaoyu.yaml": """
            name: {en: Zhou Xiaoyu, zh: 周小玉}
            origin: local
            source: {name: {en: LCSD}, licence: DATA.GOV.HK}
            """,
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    assert "資料來源： 康文署 (DATA.GOV.HK)" in text_of(site.page("/tc/about/"))
    assert "Source: LCSD (DATA.GOV.HK): 2 entries" in text_of(site.page("/en/about/"))


def test_entry_text_cannot_inject_markup_anywhere_on_the_page(tmp_path):
    evil = '"><script>alert(1)</script><b x="'
    files = {
        **SMALL_DIRECTORY,
        "images/a.jpg": image_bytes(40, 30),
        "artists/wong-kar-wai.yaml": f"""
            name: {{en: 'Wong {evil}', zh: '王{evil}'}}
            origin: local
            aliases: ['{evil}']
            nationality: {{en: '{evil}'}}
            image: {{src: a.jpg, alt: '{evil}'}}
            """,
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    pages = [
        "/en/artists/wong-kar-wai/",
        "/tc/artists/wong-kar-wai/",
        "/en/artists/",
        "/tc/artists/",
        "/en/films/in-the-mood-for-love/",
        "/en/collaborations/",
        "/tc/artists/christopher-doyle/",
    ]
    for path in pages:
        html = site.page(path)
        assert "<script>alert" not in html, path
        assert '<b x="' not in html, path
    assert [t["alt"] for t in tags(site.page("/en/artists/wong-kar-wai/"), "img")] == [evil]


def test_entry_markdown_and_html_are_sanitised(tmp_path):
    files = {
        "artists/a.yaml": """
            name: A
            origin: local
            bio: |
              Hello <script>alert(1)</script> <img src=x onerror=alert(2)>
              [bad](javascript:alert(3)) [rel](/en/) [good](https://example.org)
              <a href="data:text/html,x">data</a> <b onclick="alert(4)">bold</b>
              <a href="https://example.org/x" onclick="alert(5)" onmouseover="alert(6)">x</a>
            """
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    html = site.page("/en/artists/a/")
    body = html.split('<div class="entry-text">')[1].split("</div>")[0]
    assert "<script" not in body and "alert" not in body and "<img" not in body
    assert "onclick" not in body and "onerror" not in body
    hrefs = [a.get("href") for a in tags(body, "a")]
    assert hrefs == [None, None, "https://example.org", None, "https://example.org/x"]
    assert "onmouseover" not in body


def test_an_image_is_shown_sized_with_alt_text_in_the_page_language(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "images/portraits/wong.jpg": image_bytes(1200, 800),
        "artists/tsang-tsou-choi.yaml": """
            name: {en: Tsang Tsou-choi, zh: 曾灶財}
            origin: local
            image:
              src: portraits/wong.jpg
              alt: {en: The King of Kowloon writing on a wall, zh: 九龍皇帝在牆上寫字}
            """,
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    for lang, alt in (
        ("en", "The King of Kowloon writing on a wall"),
        ("tc", "九龍皇帝在牆上寫字"),
    ):
        (img,) = tags(site.page(f"/{lang}/artists/tsang-tsou-choi/"), "img")
        assert (img["src"], img["alt"], img["width"], img["height"]) == (
            "/images/portraits/wong.jpg",
            alt,
            "1200",
            "800",
        )
        assert img["srcset"] == (
            "/images/portraits/wong-480w.jpg 480w, /images/portraits/wong-960w.jpg 960w, "
            "/images/portraits/wong.jpg 1200w"
        )
    for name, size in (("wong-480w.jpg", (480, 320)), ("wong-960w.jpg", (960, 640))):
        with Image.open(site.output / "images/portraits" / name) as copy:
            assert (copy.format, copy.size) == ("JPEG", size)
    assert (site.output / "images/portraits/wong.jpg").read_bytes() == files[
        "images/portraits/wong.jpg"
    ]


def test_theme_files_are_linked_with_a_hash_of_their_content(site):
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_bytes()
    version = hashlib.sha256(css).hexdigest()[:12]
    html = site.page("/en/artists/")
    assert [a["href"] for a in tags(html, "link", rel="stylesheet")] == [
        f"/theme/css/site.css?v={version}"
    ]
    # browse.js is only on listings with filters; search.js is on every page.
    scripts = [s["src"].split("?")[0] for s in tags(html, "script") if s.get("src")]
    assert scripts == ["/theme/js/search.js", "/theme/js/browse.js"]
    scripts = [s["src"].split("?")[0] for s in tags(site.page("/en/films/"), "script")]
    assert scripts == ["/theme/js/search.js"]
