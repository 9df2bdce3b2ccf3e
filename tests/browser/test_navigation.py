"""What a visitor does in a real browser: switch language, follow links, use the keyboard."""

from __future__ import annotations

import pytest

# The same page in each language: {lang: (path, h1)}.
SAME_PAGE_IN_EVERY_LANGUAGE = [
    {
        "en": ("/en/artists/wong-kar-wai/", "Wong Kar-wai"),
        "zh-Hant-HK": ("/tc/artists/wong-kar-wai/", "王家衛"),
        "zh-Hans": ("/sc/artists/wong-kar-wai/", "王家卫"),
    },
    {
        "en": ("/en/artists/", "Artists"),
        "zh-Hant-HK": ("/tc/artists/", "藝術家"),
        "zh-Hans": ("/sc/artists/", "艺术家"),
    },
    {
        "en": ("/en/", "Harbour Crossings"),
        "zh-Hant-HK": ("/tc/", "港藝交匯"),
        "zh-Hans": ("/sc/", "港艺交汇"),
    },
]


@pytest.mark.parametrize("pages", SAME_PAGE_IN_EVERY_LANGUAGE)
def test_the_language_switcher_leads_to_the_same_page_in_every_language(visit, pages):
    """English, then Simplified, then Traditional, then English again, by the switcher."""
    page = visit.page
    visit.goto(pages["en"][0])
    for lang in ("zh-Hans", "zh-Hant-HK", "en"):
        switcher = page.locator("nav.language-switcher")
        assert switcher.inner_text().split() == ["English", "繁體中文", "简体中文"]
        switcher.locator(f"a[hreflang={lang}]").click()
        path, h1 = pages[lang]
        page.wait_for_url(visit.base_url + path)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text() == h1
        # The page's own language is shown as the current one, not as a link.
        current = page.locator("nav.language-switcher [aria-current=true]")
        assert current.get_attribute("lang") == lang
        assert page.locator(f"nav.language-switcher a[hreflang={lang}]").count() == 0


@pytest.mark.parametrize(
    ("artist", "film_link", "film", "film_h1", "director"),
    [
        (
            "/en/artists/wong-kar-wai/",
            "In the Mood for Love",
            "/en/films/in-the-mood-for-love/",
            "In the Mood for Love",
            "Wong Kar-wai",
        ),
        (
            "/tc/artists/wong-kar-wai/",
            "花樣年華",
            "/tc/films/in-the-mood-for-love/",
            "《花樣年華》",
            "王家衛",
        ),
        (
            "/sc/artists/wong-kar-wai/",
            "花样年华",
            "/sc/films/in-the-mood-for-love/",
            "《花样年华》",
            "王家卫",
        ),
    ],
)
def test_an_artist_links_to_their_film_which_links_back(
    visit, artist, film_link, film, film_h1, director
):
    page = visit.page
    visit.goto(artist)
    page.locator("section[aria-labelledby=from-films] a", has_text=film_link).click()
    page.wait_for_url(visit.base_url + film)
    assert page.locator("h1").inner_text() == film_h1

    directed_by = page.locator("dl.facts dd a")
    assert directed_by.all_inner_texts() == [director]
    directed_by.click()
    page.wait_for_url(visit.base_url + artist)
    assert page.locator("h1").inner_text() == director


def test_the_landing_page_offers_every_language(visit):
    page = visit.page
    visit.goto("/")
    links = page.locator("ul.choose-language a")
    assert links.all_inner_texts() == ["English", "繁體中文", "简体中文"]

    for name, home, lang, h1 in [
        ("English", "/en/", "en", "Harbour Crossings"),
        ("繁體中文", "/tc/", "zh-Hant-HK", "港藝交匯"),
        ("简体中文", "/sc/", "zh-Hans", "港艺交汇"),
    ]:
        visit.goto("/")
        page.locator("ul.choose-language a", has_text=name).click()
        page.wait_for_url(visit.base_url + home)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text() == h1


def focused(page) -> str:
    """The focused element, e.g. '<a class="skip-link" href="#main">Skip to content</a>'."""
    return page.evaluate("document.activeElement.outerHTML")


@pytest.mark.parametrize(
    ("path", "skip_text", "switcher"),
    [
        ("/en/artists/wong-kar-wai/", "Skip to content", "/tc/artists/wong-kar-wai/"),
        ("/tc/artists/wong-kar-wai/", "跳至內容", "/en/artists/wong-kar-wai/"),
        ("/sc/artists/wong-kar-wai/", "跳至内容", "/en/artists/wong-kar-wai/"),
    ],
)
def test_the_keyboard_skips_to_content_and_reaches_the_language_switcher(
    visit, path, skip_text, switcher
):
    page = visit.page
    visit.goto(path)

    page.keyboard.press("Tab")
    assert focused(page) == f'<a class="skip-link" href="#main">{skip_text}</a>'
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0, (
        "the skip link is off screen when focused"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement === document.querySelector('main')")
    # The next Tab continues from main: its first link, not the header's.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.querySelector('main a')")

    visit.goto(path)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('nav.language-switcher')"):
            break
    else:
        pytest.fail("30 presses of Tab never reached the language switcher")
    page.keyboard.press("Enter")
    page.wait_for_url(visit.base_url + switcher)
