"""Structured data in the pages' heads: schema.org JSON-LD on entry pages, Open Graph, Twitter
card and the meta description on every page, in every language."""

from __future__ import annotations

import json
import re

import pytest

from plugins.directory.model import load_model
from tests.support import SMALL_DIRECTORY, build, image_bytes, tags, write_tree

SITEURL = "https://example.org/hk-arts"
EVIL_TITLE = 'Night </script><script>alert(1)</script> <!-- & "quotes"'
EXTRA = {
    "images/doyle.jpg": image_bytes(64, 48),
    "artists/christopher-doyle.md": """
        ---
        name: {en: Christopher Doyle, zh: 杜可風}
        kind: person
        origin: international
        nationality: {en: Australian, zh: 澳洲籍}
        born: 1952
        links:
          - https://en.wikipedia.org/wiki/Christopher_Doyle
          - mailto:doyle@example.org
        image: {src: doyle.jpg, alt: {en: Doyle at work, zh: 杜可風在工作}}
        ---
        Cinematographer who shot most of Wong Kar-wai's films.
        """,
    "artists/jet-tone.yaml": """
        name: {en: Jet Tone Films, zh: 澤東電影}
        kind: organisation
        origin: local
        founded: 1991
        """,
    "artists/the-band.yaml": """
        name: {en: The Band, zh: 樂隊}
        kind: group
        disciplines: [music]
        """,
    "artists/evil.yaml": f"""
        name: {{en: '{EVIL_TITLE}', zh: 夜}}
        kind: person
        bio: {{en: "Made <b>bold</b> work, then **more**."}}
        """,
    "venues/hong-kong-museum-of-art.yaml": """
        name: {en: Hong Kong Museum of Art, zh: 香港藝術館}
        district: {en: Tsim Sha Tsui, zh: 尖沙咀}
        address: {en: 10 Salisbury Road, zh: 梳士巴利道10號}
        """,
    "exhibitions/moods.yaml": """
        title: {en: Moods, zh: 花樣}
        venue: hong-kong-museum-of-art
        start: 2024-03-01
        end: 2024-05-01
        artists:
          - wong-kar-wai
          - {artist: christopher-doyle, role: {en: Cinematographer, zh: 攝影指導}}
        curators: [tsang-tsou-choi]
        presenter: {en: Leisure and Cultural Services Department, zh: 康樂及文化事務署}
        """,
    "films/in-the-mood-for-love.yaml": """
        title: {en: In the Mood for Love, zh: 花樣年華}
        year: 2000
        directors: [wong-kar-wai]
        production: [jet-tone]
        credits:
          - {artist: christopher-doyle, role: {en: Cinematographer, zh: 攝影指導}}
        synopsis: {en: "Hong Kong, 1962: two neighbours."}
        """,
    "works/poster.yaml": """
        title: {en: Poster for 'In the Mood for Love', zh: 《花樣年華》海報}
        year: 2000
        category: {en: Poster, zh: 海報}
        medium: {en: offset lithograph, zh: 柯式印刷}
        film: in-the-mood-for-love
        credits:
          - {artist: wong-kar-wai, role: {en: Artist, zh: 藝術家}}
          - {artist: jet-tone, role: {en: Publisher, zh: 出版者}}
        """,
    "works/book.yaml": """
        title: {en: A Book, zh: 一本書}
        year: 1990
        category: {en: Book/Periodical, zh: 書籍/期刊}
        medium: {en: paper, zh: 紙}
        credits: [{artist: tsang-tsou-choi}]
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("structured")
    files = {**SMALL_DIRECTORY, **EXTRA}
    files.pop("artists/christopher-doyle.zh.md")
    return build(write_tree(root / "content", files), root / "output", SITEURL=SITEURL)


def json_ld(html: str) -> tuple[dict, dict]:
    """(the WebPage node, the entity node) of the page's only JSON-LD script."""
    (text,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(text)
    assert data["@context"] == "https://schema.org"
    page, entity = data["@graph"]
    return page, entity


def meta(html: str) -> dict[str, str | list[str]]:
    """{property or name: content} of the page's <meta> tags (a list when repeated)."""
    found: dict = {}
    for tag in tags(html, "meta"):
        key = tag.get("property") or tag.get("name")
        if key and "content" in tag:
            if key not in found:
                found[key] = tag["content"]
            else:
                before = found[key] if isinstance(found[key], list) else [found[key]]
                found[key] = [*before, tag["content"]]
    return found


@pytest.mark.parametrize(
    ("path", "schema_type"),
    [
        ("artists/wong-kar-wai", "Person"),
        ("artists/jet-tone", "Organization"),
        ("artists/the-band", "PerformingGroup"),
        ("exhibitions/moods", "ExhibitionEvent"),
        ("films/in-the-mood-for-love", "Movie"),
        ("works/poster", "VisualArtwork"),
        ("works/book", "CreativeWork"),
        ("venues/hong-kong-museum-of-art", "Place"),
    ],
)
def test_every_entry_page_has_its_schema_org_type_in_every_language(site, path, schema_type):
    ids = set()
    for prefix, lang in (("en", "en"), ("tc", "zh-Hant-HK"), ("sc", "zh-Hans")):
        page, entity = json_ld(site.page(f"/{prefix}/{path}/"))
        assert entity["@type"] == schema_type
        assert page["@type"] == "WebPage"
        assert page["inLanguage"] == lang
        assert page["url"] == entity["url"] == f"{SITEURL}/{prefix}/{path}/"
        assert page["mainEntity"] == {"@id": entity["@id"]}
        ids.add(entity["@id"])
    # One entity, described by every page.
    assert ids == {f"{SITEURL}/en/{path}/#{path.split('/')[0][:-1]}"}


def test_names_are_in_the_page_language_with_the_other_as_alternate_name(site):
    _, english = json_ld(site.page("/en/artists/wong-kar-wai/"))
    _, chinese = json_ld(site.page("/tc/artists/wong-kar-wai/"))
    assert (english["name"], english["alternateName"]) == ("Wong Kar-wai", "王家衛")
    assert (chinese["name"], chinese["alternateName"]) == ("王家衛", "Wong Kar-wai")
    assert english["description"] == "Director of In the Mood for Love."
    assert chinese["description"] == "香港電影導演。"
    assert (english["birthDate"], english["knowsAbout"]) == ("1958-07-17", ["Film"])
    assert chinese["knowsAbout"] == ["電影"]


def test_a_simplified_page_names_the_entity_in_simplified_with_the_written_names_beside(site):
    page, simplified = json_ld(site.page("/sc/artists/wong-kar-wai/"))
    assert (page["inLanguage"], page["name"], page["isPartOf"]["name"]) == (
        "zh-Hans",
        "王家卫",
        "港艺交汇",
    )
    assert simplified["name"] == "王家卫"
    assert simplified["alternateName"] == ["Wong Kar-wai", "王家衛"]
    assert (simplified["description"], simplified["knowsAbout"]) == ("香港电影导演。", ["电影"])
    _, company = json_ld(site.page("/sc/artists/jet-tone/"))
    assert company["name"] == "泽东电影"
    assert company["alternateName"] == ["Jet Tone Films", "澤東電影"]
    # A name the conversion leaves as it is (夜) is not given twice.
    _, evil = json_ld(site.page("/sc/artists/evil/"))
    assert (evil["name"], evil.get("alternateName")) == ("夜", EVIL_TITLE)
    _, film = json_ld(site.page("/sc/films/in-the-mood-for-love/"))
    assert film["director"][0] == {
        "@type": "Person",
        "@id": f"{SITEURL}/en/artists/wong-kar-wai/#artist",
        "name": "王家卫",
        "url": f"{SITEURL}/sc/artists/wong-kar-wai/",
    }
    assert film["contributor"][0]["roleName"] == "摄影指导"


def test_film_refers_to_its_director_and_crew_by_their_pages_ids(site):
    _, film = json_ld(site.page("/en/films/in-the-mood-for-love/"))
    _, director = json_ld(site.page("/en/artists/wong-kar-wai/"))
    _, company = json_ld(site.page("/en/artists/jet-tone/"))
    assert film["director"][0]["@id"] == director["@id"]
    assert film["productionCompany"][0]["@id"] == company["@id"]
    assert film == {
        "@type": "Movie",
        "@id": f"{SITEURL}/en/films/in-the-mood-for-love/#film",
        "name": "In the Mood for Love",
        "url": f"{SITEURL}/en/films/in-the-mood-for-love/",
        "alternateName": "花樣年華",
        "description": "Hong Kong, 1962: two neighbours.",
        "dateCreated": "2000",
        "director": [
            {
                "@type": "Person",
                "@id": f"{SITEURL}/en/artists/wong-kar-wai/#artist",
                "name": "Wong Kar-wai",
                "url": f"{SITEURL}/en/artists/wong-kar-wai/",
            }
        ],
        "productionCompany": [
            {
                "@type": "Organization",
                "@id": f"{SITEURL}/en/artists/jet-tone/#artist",
                "name": "Jet Tone Films",
                "url": f"{SITEURL}/en/artists/jet-tone/",
            }
        ],
        "contributor": [
            {
                "@type": "Role",
                "roleName": "Cinematographer",
                "contributor": {
                    "@type": "Person",
                    "@id": f"{SITEURL}/en/artists/christopher-doyle/#artist",
                    "name": "Christopher Doyle",
                    "url": f"{SITEURL}/en/artists/christopher-doyle/",
                },
            }
        ],
    }
    # On the Chinese page the same ids, with Chinese names and Chinese page URLs.
    _, chinese = json_ld(site.page("/tc/films/in-the-mood-for-love/"))
    assert chinese["director"] == [
        {
            "@type": "Person",
            "@id": f"{SITEURL}/en/artists/wong-kar-wai/#artist",
            "name": "王家衛",
            "url": f"{SITEURL}/tc/artists/wong-kar-wai/",
        }
    ]
    assert chinese["contributor"][0]["roleName"] == "攝影指導"
    assert "description" not in chinese  # the synopsis has no Chinese text


def test_exhibition_has_its_venue_dates_performers_and_organisers(site):
    _, exhibition = json_ld(site.page("/tc/exhibitions/moods/"))
    _, venue = json_ld(site.page("/tc/venues/hong-kong-museum-of-art/"))
    assert (exhibition["startDate"], exhibition["endDate"]) == ("2024-03-01", "2024-05-01")
    assert exhibition["location"] == {
        "@type": "Place",
        "@id": venue["@id"],
        "name": "香港藝術館",
        "url": f"{SITEURL}/tc/venues/hong-kong-museum-of-art/",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "梳士巴利道10號",
            "addressLocality": "尖沙咀",
            "addressCountry": "HK",
        },
    }
    assert venue["address"] == exhibition["location"]["address"]
    assert [p.get("name") or p["performer"]["name"] for p in exhibition["performer"]] == [
        "王家衛",
        "杜可風",
    ]
    assert exhibition["performer"][1]["roleName"] == "攝影指導"
    assert [o["name"] for o in exhibition["organizer"]] == ["曾灶財", "康樂及文化事務署"]
    assert exhibition["organizer"][1] == {"@type": "Organization", "name": "康樂及文化事務署"}


def test_works_have_creators_contributors_medium_and_their_film(site):
    _, poster = json_ld(site.page("/en/works/poster/"))
    _, film = json_ld(site.page("/en/films/in-the-mood-for-love/"))
    assert (poster["artform"], poster["artMedium"]) == ("Poster", "offset lithograph")
    assert poster["about"]["@id"] == film["@id"]
    assert [(c["roleName"], c["creator"]["name"]) for c in poster["creator"]] == [
        ("Artist", "Wong Kar-wai")
    ]
    assert [(c["roleName"], c["contributor"]["name"]) for c in poster["contributor"]] == [
        ("Publisher", "Jet Tone Films")
    ]
    _, book = json_ld(site.page("/tc/works/book/"))
    assert (book["genre"], book["material"]) == ("書籍/期刊", "紙")
    assert "artMedium" not in book and book["dateCreated"] == "1990"
    assert [c["name"] for c in book["creator"]] == ["曾灶財"]


def test_links_become_same_as_and_the_image_an_absolute_url(site):
    _, doyle = json_ld(site.page("/en/artists/christopher-doyle/"))
    assert doyle["sameAs"] == ["https://en.wikipedia.org/wiki/Christopher_Doyle"]
    assert doyle["image"] == f"{SITEURL}/images/doyle.jpg"
    assert doyle["nationality"] == "Australian"


def test_a_title_holding_script_tags_cannot_leave_the_json_ld(site):
    html = site.page("/en/artists/evil/")
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script and "&" not in script
    page, entity = json_ld(html)
    assert entity["name"] == page["name"] == EVIL_TITLE
    assert entity["description"] == "Made bold work, then more."
    # (Python's HTML parser, unlike browsers, reads tags inside <title>: skip past it.)
    head = html.split("</title>", 1)[1].split("</head>", 1)[0]
    assert meta(head)["og:title"] == EVIL_TITLE
    assert 'content="Night &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;' in head


def test_open_graph_and_twitter_tags_on_an_entry_page_in_both_languages(site):
    english = meta(site.page("/en/artists/christopher-doyle/"))
    assert english == {
        "viewport": "width=device-width, initial-scale=1",
        "description": "Cinematographer who shot most of Wong Kar-wai's films.",
        "og:site_name": "Harbour Crossings",
        "og:title": "Christopher Doyle",
        "og:type": "profile",
        "og:url": f"{SITEURL}/en/artists/christopher-doyle/",
        "og:description": "Cinematographer who shot most of Wong Kar-wai's films.",
        "og:locale": "en_HK",
        "og:locale:alternate": ["zh_HK", "zh_CN"],
        "og:image": f"{SITEURL}/images/doyle.jpg",
        "og:image:alt": "Doyle at work",
        "twitter:card": "summary",
    }
    chinese = meta(site.page("/tc/artists/christopher-doyle/"))
    assert (chinese["og:locale"], chinese["og:locale:alternate"]) == ("zh_HK", ["en_HK", "zh_CN"])
    assert (chinese["og:title"], chinese["og:site_name"]) == ("杜可風", "港藝交匯")
    assert chinese["og:image:alt"] == "杜可風在工作"
    # No Chinese biography: the description says what the entry is, in Chinese.
    assert chinese["description"] == "藝術家：杜可風。港藝交匯：香港藝術合作名錄。"
    assert chinese["og:description"] == chinese["description"]
    simplified = meta(site.page("/sc/artists/christopher-doyle/"))
    assert (simplified["og:locale"], simplified["og:locale:alternate"]) == (
        "zh_CN",
        ["en_HK", "zh_HK"],
    )
    assert (simplified["og:title"], simplified["og:site_name"]) == ("杜可风", "港艺交汇")
    assert simplified["og:image:alt"] == "杜可风在工作"
    assert simplified["description"] == "艺术家：杜可风。港艺交汇：香港艺术合作名录。"


def test_films_are_movies_and_entries_without_images_have_no_og_image(site):
    film = meta(site.page("/en/films/in-the-mood-for-love/"))
    assert film["og:type"] == "video.movie" and "og:image" not in film
    assert meta(site.page("/en/artists/jet-tone/"))["og:type"] == "website"


OTHER_PAGES = ["", "about", *load_model().names]


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_other_pages_have_open_graph_twitter_and_a_description_but_no_json_ld(site, path):
    for prefix, locale, others in (
        ("en", "en_HK", ["zh_HK", "zh_CN"]),
        ("tc", "zh_HK", ["en_HK", "zh_CN"]),
        ("sc", "zh_CN", ["en_HK", "zh_HK"]),
    ):
        url = f"/{prefix}/{path}/".replace("//", "/")
        html = site.page(url)
        found = meta(html)
        assert found["og:url"] == SITEURL + url
        assert (found["og:locale"], found["og:locale:alternate"]) == (locale, others)
        assert found["og:type"] == "website" and found["twitter:card"] == "summary"
        assert found["description"] == found["og:description"] != ""
        assert "application/ld+json" not in html


def test_listing_descriptions_are_in_the_page_language(site):
    english = meta(site.page("/en/venues/"))
    chinese = meta(site.page("/tc/venues/"))
    assert english["og:title"] == "Venues"
    assert english["description"].startswith("Venues in Harbour Crossings, a directory of")
    assert chinese["description"].startswith("港藝交匯的場地。")
    assert meta(site.page("/tc/"))["og:title"] == "港藝交匯"


def test_a_long_text_is_cut_at_a_word_for_the_description(tmp_path):
    words = " ".join(f"word{i}" for i in range(60))
    files = {"artists/a.yaml": f"name: A\nbio: {{en: '{words}', zh: '{'長' * 300}'}}\n"}
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    english = meta(site.page("/en/artists/a/"))["description"]
    assert english == " ".join(f"word{i}" for i in range(24)) + "…"
    assert meta(site.page("/tc/artists/a/"))["description"] == "長" * 159 + "…"
