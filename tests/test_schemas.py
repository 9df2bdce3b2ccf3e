"""The JSON Schema files editors' IDEs use are valid schemas and agree with the validator."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from plugins.directory.model import DEFAULT_SCHEMA_DIR as SCHEMA_DIR
from plugins.directory.model import load_model
from tests.support import ROOT


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")))
def test_schema_files_are_valid_json_schema(name):
    Draft202012Validator.check_schema(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


def test_every_entry_type_has_a_schema_mapped_for_editors():
    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {glob.split("/")[1]: path for path, glob in mapping["yaml.schemas"].items()}
    model = load_model()
    assert sorted(mapped) == sorted(model.names)
    for entry_type, path in mapped.items():
        assert (ROOT / path).exists()
        assert model[entry_type].schema == json.loads((ROOT / path).read_text("utf-8"))
