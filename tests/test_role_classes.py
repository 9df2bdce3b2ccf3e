"""Role classes: every credit role is creative, commission, production or context
(plugins/directory/schemas/role-classes.yaml); only two parties in creative roles on one entry
are collaborators, on artist pages, in the network picture and on the collaborations page."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from plugins.directory.errors import ConfigurationError
from plugins.directory.fields import Bi
from plugins.directory.model import DEFAULT_SCHEMA_DIR, load_model
from plugins.directory.pipeline import build_directory
from tests.support import SMALL_DIRECTORY, build, text_of, write_tree

# Hong Kong (local) parties credited with international ones on works, in every class of role.
CREDITS = {
    **SMALL_DIRECTORY,
    "artists/m-plus.yaml": "name: M+\norigin: local\nkind: organisation\n",
    "artists/michael-wolf.yaml": "name: {en: Michael Wolf, zh: 吳爾夫}\norigin: international\n",
    "artists/tao-ho.yaml": "name: {en: Tao Ho, zh: 何弢}\norigin: local\n",
    "artists/sumet-jumsai.yaml": "name: Sumet Jumsai\norigin: international\n",
    "artists/pedder-group.yaml": "name: Pedder Group\norigin: local\n",
    "artists/theseus-chan.yaml": "name: Theseus Chan\norigin: international\n",
    "works/architecture-of-density.yaml": """
        title: Architecture of Density
        year: 2005
        credits:
          - {artist: m-plus, role: {en: Commissioned by, zh: 委約方}}
          - {artist: michael-wolf, role: {en: Artist, zh: 藝術家}}
        """,
    "works/conference-photograph.yaml": """
        title: Conference photograph
        year: 1972
        credits:
          - {artist: tao-ho, role: {en: Subject, zh: 作品主體}}
          - {artist: sumet-jumsai, role: {en: Subject, zh: 作品主體}}
        """,
    "works/werk-magazine.yaml": """
        title: WERK Magazine
        year: 2010
        credits:
          - {artist: pedder-group, role: {en: Publisher, zh: 出版社}}
          - {artist: theseus-chan, role: {en: Art Director, zh: 藝術總監}}
        """,
    "works/reborn.yaml": """
        title: Reborn
        year: 2012
        credits:
          - {artist: tao-ho, role: {zh: 設計師}}
          - {artist: theseus-chan, role: {en: designer}}
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("roles")
    return build(write_tree(root / "content", CREDITS), root / "output")


def test_the_model_puts_every_role_in_one_class_in_any_language():
    model = load_model()
    role = model.bilingual().normalise
    assert model.role_class(role({"en": "Commissioned by", "zh": "委約方"})) == "commission"
    assert model.role_class(role({"zh": "作品主體"})) == "context"
    assert model.role_class(role("PUBLISHER")) == "production"
    assert model.role_class(None, "Director") == "creative"  # a field's default role
    assert model.role_class(role({"en": "Choreographer"})) == "creative"
    assert model.role_class(Bi(("en", "zh"), ("Pyrotechnician", None))) is None


def test_only_creative_parties_on_one_entry_are_collaborators(site):
    rows = site.page("/en/collaborations/").split("<tbody>")[1].split("</tbody>")[0]
    assert [text_of(row) for row in rows.split("<tr>")[1:]] == [
        "Wong Kar-wai Christopher Doyle Moods 1 March 2024 , In the Mood for Love 2000",
        "Tao Ho Theseus Chan Reborn 2012",
    ]
    tao_ho = site.page("/en/artists/tao-ho/")
    section = tao_ho.split('<ul class="collaborators">')[1].split("</section>")[0]
    assert text_of(section) == "Theseus Chan International Local and international : Reborn"
    for slug in ("pedder-group", "m-plus", "sumet-jumsai"):
        assert "collaborators-heading" not in site.page(f"/en/artists/{slug}/")


def test_the_network_picture_draws_creative_collaborators_only(site):
    html = site.page("/en/artists/tao-ho/")
    assert '<desc id="network-desc">Tao Ho has worked with 1 artist: Theseus Chan.</desc>' in html
    assert "Sumet Jumsai" not in html.split("<svg")[1].split("</svg>")[0]
    # the shared photograph is still on the page, with the role it credits
    assert "Conference photograph 1972 Subject" in text_of(html)


def test_a_commission_is_shown_as_a_commission_on_both_pages(site):
    wolf = site.page("/en/artists/michael-wolf/")
    assert "collaborators-heading" not in wolf
    section = wolf.split('id="commissioned-by-heading"')[1].split("</section>")[0]
    assert text_of(section) == ">Commissioned by M+ Hong Kong : Architecture of Density"
    museum = site.page("/tc/artists/m-plus/")
    section = museum.split('id="commissioned-heading"')[1].split("</section>")[0]
    assert text_of(section) == ">曾委約 吳爾夫 國際 ： 《Architecture of Density》"


def test_json_ld_splits_creators_funders_and_contributors_by_class(site):
    html = site.page("/en/works/architecture-of-density/")
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    work = json.loads(data)["@graph"][1]
    assert [c["creator"]["name"] for c in work["creator"]] == ["Michael Wolf"]
    assert [(c["roleName"], c["funder"]["name"]) for c in work["funder"]] == [
        ("Commissioned by", "M+")
    ]
    assert "contributor" not in work


def test_a_role_in_no_class_is_a_problem_with_a_hint(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "works/poster.yaml": """
            title: Poster
            credits:
              - {artist: wong-kar-wai, role: {en: Desginer}}
              - {artist: christopher-doyle, role: {en: Pyrotechnician, zh: 煙火師}}
            """,
    }
    content = write_tree(tmp_path / "content", files)
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        "content/works/poster.yaml:3: credits[0].role: 'Desginer' is a role in no class: did "
        "you mean 'Designer'? Or add it to role-classes.yaml under creative, commission, "
        "production or context",
        "content/works/poster.yaml:4: credits[1].role: 'Pyrotechnician' is a role in no class: "
        "add it to role-classes.yaml under creative, commission, production or context",
    ]


def test_a_default_role_in_no_class_stops_the_build(tmp_path):
    schemas = tmp_path / "schemas"
    shutil.copytree(DEFAULT_SCHEMA_DIR, schemas)
    films = schemas / "films.schema.json"
    films.write_text(films.read_text().replace('"Director"', '"Auteur"'), encoding="utf-8")
    with pytest.raises(ConfigurationError) as error:
        load_model(schemas)
    assert str(error.value) == (
        f"{films}: directors: x-credit 'Auteur' is a role in no class of role-classes.yaml: "
        "expected a role listed there"
    )


def test_a_role_in_two_classes_stops_the_build(tmp_path):
    schemas = tmp_path / "schemas"
    shutil.copytree(DEFAULT_SCHEMA_DIR, schemas)
    roles = schemas / "role-classes.yaml"
    roles.write_text(
        roles.read_text().replace("  context:\n", "  context:\n    - {en: Printer}\n"),
        encoding="utf-8",
    )
    with pytest.raises(ConfigurationError) as error:
        load_model(schemas)
    assert str(error.value) == (
        f"{roles}: 'Printer' is both production and context: expected one class"
    )


def test_a_maker_with_no_entry_is_credited_by_name(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "works/sign.yaml": """
            title: {en: Neon sign, zh: 霓虹招牌}
            credits:
              - {name: {en: Unknown (Hong Kong), zh: 佚名（香港）}, role: {en: Maker, zh: 創作者}}
              - {artist: tsang-tsou-choi, role: {en: Artist, zh: 藝術家}}
            """,
        "works/bad.yaml": """
            title: Bad
            credits:
              - {role: {en: Maker}}
            """,
    }
    content = write_tree(tmp_path / "content", files)
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        "content/works/bad.yaml:3: credits[0]: expected a map {artist: slug, role: {en, zh}}, "
        "or {name: {en, zh}, role} for a maker with no entry of their own, such as an anonymous "
        "one, got a map"
    ]
    del files["works/bad.yaml"]
    site = build(write_tree(tmp_path / "ok", files), tmp_path / "output")
    credits = site.page("/tc/works/sign/").split('id="credits-heading"')[1].split("</section>")[0]
    assert text_of(credits) == ">參與者 曾灶財 本地 藝術家 佚名（香港） 創作者"
    data = json.loads((site.output / "data" / "directory.json").read_text(encoding="utf-8"))
    (sign,) = [e for e in data["entries"] if e["slug"] == "sign"]
    assert sign["fields"]["credits"][0] == {
        "name": {"en": "Unknown (Hong Kong)", "zh": "佚名（香港）"},
        "role": {"en": "Maker", "zh": "創作者"},
        "class": "creative",
    }
