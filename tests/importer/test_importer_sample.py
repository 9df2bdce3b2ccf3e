"""The curated sample: chosen by rules from the whole catalogue, the same every time."""

from importer.sample import select_sample as select
from plugins.directory.model import load_model

MODEL = load_model()


def select_sample(catalogue: dict) -> dict:
    return select(catalogue, MODEL)


def artist(origin: str, name: str = "Someone", **more) -> dict:
    return {"name": name, "origin": origin, **more}


def work(record: int, *artists: str, title="A Work", year=2000, film=None, role=None) -> dict:
    """A work crediting artists with no role (the maker's, creative), or all in one role."""
    credits = [{"artist": a, "role": role} if role else {"artist": a} for a in artists]
    entry = {"title": title, "credits": credits, "source": {"record": record}}
    if year:
        entry["year"] = year
    if film:
        entry["film"] = film
    return entry


def catalogue(**given: dict) -> dict:
    """A catalogue of every type of the model, empty but for the entries given by type."""
    return {name: given.get(name) or {} for name in load_model().names}


ARTISTS = {
    "hk-1": artist("local"),
    "hk-2": artist("local"),
    "hk-3": artist("local"),
    "paris-1": artist("international"),
    "tokyo-1": artist("international"),
    "tokyo-2": artist("international"),
    # German, based in Hong Kong: local by the one rule (importer/mplus.py origin_of)
    "wolf": artist("local", based_in={"en": "Hong Kong", "zh": "香港"}),
}


def test_works_pairing_hong_kong_with_international_artists_come_first_capped_per_team():
    works = {f"pair-{n}": work(n, "hk-1", "paris-1") for n in range(1, 6)}
    works["solo-paris"] = work(10, "paris-1")
    works["solo-tokyo"] = work(11, "tokyo-1")
    works["wolf-and-tokyo"] = work(12, "wolf", "tokyo-2")
    sample = select_sample(catalogue(works=works, artists=ARTISTS))
    assert list(sample["works"]) == ["pair-1", "pair-2", "pair-3", "wolf-and-tokyo"]
    assert list(sample["artists"]) == ["hk-1", "paris-1", "tokyo-2", "wolf"]


def test_only_works_made_together_pair_hong_kong_with_international_artists():
    publisher = {"en": "Publisher", "zh": "出版社"}
    works = {
        "published": work(1, "hk-1", "tokyo-1", role=publisher),
        "solo-hk-2": work(2, "hk-2", title={"en": "Harbour", "zh": "海港"}),
        "made-together": work(3, "hk-2", "paris-1"),
    }
    sample = select_sample(catalogue(works=works, artists=ARTISTS))
    # the published one comes in only as hk-1's own best work, after the pairs
    assert list(sample["works"]) == ["made-together", "published"]


def test_each_hong_kong_artist_gets_their_best_works():
    works = {
        "untitled": work(1, "hk-2", title={"en": "Untitled", "zh": "無題"}),
        "no-year": work(2, "hk-2", year=None),
        "english-only": work(3, "hk-2", title={"en": "Harbour"}),
        "harbour": work(4, "hk-2", title={"en": "Harbour", "zh": "海港"}),
    }
    sample = select_sample(catalogue(works=works, artists=ARTISTS))
    assert list(sample["works"]) == ["harbour", "no-year"]  # both languages first, then a year
    assert list(sample["artists"]) == ["hk-2"]


def test_films_with_a_hong_kong_artist_bring_some_of_their_stills():
    films = {
        "mermaid-story": {"title": "Mermaid Story", "directors": ["tokyo-1"],
                          "production": ["hk-3"], "source": {"record": 32499}},
        "far-away": {"title": "Far Away", "directors": ["tokyo-2"], "source": {"record": 9}},
    }  # fmt: skip
    works = {f"still-{n}": work(n, "tokyo-1", film="mermaid-story") for n in range(1, 6)}
    sample = select_sample(catalogue(works=works, artists=ARTISTS, films=films))
    assert list(sample["films"]) == ["mermaid-story"]
    assert list(sample["works"]) == ["still-1", "still-2", "still-3"]
    assert list(sample["artists"]) == ["hk-3", "tokyo-1"]


def test_every_exhibition_and_only_the_venues_they_use():
    exhibitions = {"show": {"title": "Show", "venue": "hall"}, "talk": {"title": "Talk"}}
    venues = {"hall": {"name": "Hall"}, "library": {"name": "Library"}}
    sample = select_sample(catalogue(artists=ARTISTS, exhibitions=exhibitions, venues=venues))
    assert list(sample["exhibitions"]) == ["show", "talk"]
    assert list(sample["venues"]) == ["hall"]


def test_the_sample_does_not_depend_on_the_order_of_the_catalogue():
    works = {f"w{n}": work(n, "hk-1", "paris-1" if n % 2 else "tokyo-1") for n in range(1, 9)}
    reordered = dict(reversed(list(works.items())))
    assert select_sample(catalogue(works=works, artists=ARTISTS)) == select_sample(
        catalogue(works=reordered, artists=ARTISTS)
    )
