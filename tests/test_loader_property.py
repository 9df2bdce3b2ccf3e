"""Whatever an editor writes, the loader reports; it never crashes with a traceback."""

from __future__ import annotations

import dataclasses
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.directory.diagnostics import Diagnostic
from plugins.directory.model import load_model
from plugins.directory.pipeline import build_directory
from plugins.directory.textpolicy import MAX_DEPTH, NEVER_RE
from tests.support import write_tree

MODEL = load_model()
TYPES = MODEL.names
FIELDS = sorted({f for t in MODEL for f in t.fields} | {*MODEL.languages, "artist", "role"})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2024-02-30", "1999", "local", "film", "wong-kar-wai", "", "{en: x}"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), children, max_size=4
        ),
    ),
    max_leaves=12,
)
entries = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
yaml_noise = st.text(alphabet=string.printable + "：《》王家衛\t\x00\ufeff", max_size=200)


def check(tmp_path, files):
    content = write_tree(tmp_path / "content", files)
    result = build_directory(content, tmp_path)
    for problem in result.problems:
        assert isinstance(problem, Diagnostic)
        assert problem.line >= 1 and problem.path.startswith("content/")
        assert str(problem).startswith(f"{problem.path}:{problem.line}: ")
    return result


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entry_type=st.sampled_from(TYPES), data=entries)
def test_random_field_values_are_reported_never_crash(tmp_path_factory, entry_type, data):
    tmp_path = tmp_path_factory.mktemp("p")
    text = yaml.safe_dump(data, allow_unicode=True)
    result = check(tmp_path, {f"{entry_type}/x.yaml": text})
    if not result.problems:
        assert (entry_type, "x") in result.directory.entries


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entry_type=st.sampled_from(TYPES), text=yaml_noise, markdown=st.booleans())
def test_random_text_is_reported_never_crash(tmp_path_factory, entry_type, text, markdown):
    tmp_path = tmp_path_factory.mktemp("p")
    name = "x.md" if markdown else "x.yaml"
    check(tmp_path, {f"{entry_type}/{name}": text.encode("utf-8", "surrogatepass")})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=120))
def test_random_bytes_are_reported_never_crash(tmp_path_factory, raw):
    check(tmp_path_factory.mktemp("p"), {"artists/x.yaml": raw})


def test_yaml_aliases_that_nest_deeply_are_refused_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    result = check(tmp_path, {"artists/x.yaml": bomb})
    assert result.problems


@st.composite
def nested_values(draw):
    """(levels, value): a leaf full of brackets, quotes and comment signs, in `levels` lists and
    maps."""
    levels = draw(st.integers(min_value=1, max_value=80))
    value = draw(st.text(alphabet="[]{}\"'#:, -x\\", max_size=12))
    for _ in range(levels):
        value = [value] if draw(st.booleans()) else {draw(st.sampled_from(["en", "[k"])): value}
    return levels, value


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(nested=nested_values(), flow=st.sampled_from([True, False, None]))
def test_nesting_is_refused_exactly_past_the_limit(tmp_path_factory, nested, flow):
    levels, value = nested
    text = yaml.safe_dump({"name": value}, default_flow_style=flow, allow_unicode=True)
    result = check(tmp_path_factory.mktemp("p"), {"artists/x.yaml": text})
    too_deep = [p for p in result.problems if "levels deep" in p.message]
    # The entry's own fields are the first level.
    assert bool(too_deep) == (1 + levels > MAX_DEPTH), text


# Pieces of YAML structure, escapes and raw characters the text policy refuses or allows.
hostile = st.lists(
    st.sampled_from(
        [
            *"ab: -[]{},#'\"\n\t\\王",
            *("\\x1b", "\\e", "\\0", "\\u202e", "\\N", "\\L"),
            *("\x85", "\u2028", "\u2029", "\u202e", "\u200b", "\u200d", "\u00ad", "\ufeff"),
            *("\x1b", "\r", "!!binary ", "!!set ", "!x ", "&a ", "*a", "? "),
        ]
    ),
    max_size=40,
).map("".join)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entry_type=st.sampled_from(TYPES), text=hostile, markdown=st.booleans())
def test_hostile_text_is_one_printable_line_a_problem(tmp_path_factory, entry_type, text, markdown):
    name = "x.md" if markdown else "x.yaml"
    fields = f"{MODEL[entry_type].title_field}: {text}"
    body = f"---\n{fields}\n---\n{text}\n" if markdown else fields
    result = check(tmp_path_factory.mktemp("p"), {f"{entry_type}/{name}": body.encode()})
    for problem in result.problems:
        assert "\n" not in str(problem) and not NEVER_RE.search(str(problem))
    for entry in result.directory.entries.values():
        assert not any(NEVER_RE.search(text) for text in strings(entry.fields))


def strings(value):
    """Every string in an entry's fields."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        yield from strings(dataclasses.asdict(value))
    elif isinstance(value, dict | list | tuple):
        for item in value.values() if isinstance(value, dict) else value:
            yield from strings(item)
