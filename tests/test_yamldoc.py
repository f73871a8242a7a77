"""Safe YAML with line numbers: the layer under config and front matter."""

from __future__ import annotations

import pytest
import yaml

from site_builder.problems import SiteError
from site_builder.reading import yamldoc
from site_builder.reading.yamldoc import MAX_DEPTH, _indicators, field_name, load_yaml


def problems_of(text: str) -> list[str]:
    with pytest.raises(SiteError) as caught:
        load_yaml(text, "f.md", first_line=2)
    return [str(problem) for problem in caught.value.problems]


def test_lines_are_file_lines_for_every_field() -> None:
    doc = load_yaml("title: x\nsources:\n  - outlet: A\n    url: b\n", "f.md", first_line=2)
    assert doc.lines[("title",)] == 2
    assert doc.lines[("sources",)] == 3
    assert doc.lines[("sources", 0, "url")] == 5
    assert doc.line_of(("sources", 0, "missing")) == 4


def test_dates_stay_text_so_the_validator_can_judge_them() -> None:
    doc = load_yaml("date: 2023-02-30\n", "f.md")
    assert doc.data == {"date": "2023-02-30"}


def test_syntax_error_names_the_line() -> None:
    assert problems_of("title: x\ntopics: [a,\nkind: y\n") == [
        "f.md:5: invalid YAML: did not find expected ',' or ']'"
        " (while parsing a flow sequence, line 3)"
    ]


def test_python_tags_are_refused() -> None:
    (message,) = problems_of("title: !!python/object/apply:os.system ['echo hi']\n")
    assert message.startswith("f.md:2: invalid YAML: could not determine a constructor")


def test_aliases_are_refused_which_defuses_alias_bombs() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    messages = problems_of(bomb)
    assert messages[0] == (
        "f.md:3: b[0]: YAML anchors and aliases (&name, *name) are not allowed; write the value out"
    )


def test_duplicate_and_non_text_keys_are_refused() -> None:
    assert problems_of("title: a\ntitle: b\n1: x\n") == [
        "f.md:3: title: appears twice; keep one",
        "f.md:4: field names must be text, not '1'",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb:\n  c: x\n  c: y\n", "f.md:5: b.c: appears twice; keep one"),
        (
            "a: 1\n<<: {b: 2}\n",
            "f.md:3: YAML merge keys (<<) are not allowed; write the fields out",
        ),
        ("a: [1, {2: x}]\n", "f.md:2: a[1]: field names must be text, not '2'"),
        (
            f"n: {'9' * 101}\n",
            "f.md:2: n: is a number of 101 digits; put it in quotes if it is text",
        ),
        ('t: "a\\x07b"\n', "f.md:2: t: holds the character U+0007"),
    ],
)
def test_what_a_plain_looking_text_hides_is_found_with_its_line(text: str, message: str) -> None:
    """Texts without anchors, tags or raw control characters are read without walking every
    field; what only the walk reports is still reported, at its line."""
    assert problems_of(text)[0].startswith(message)


def test_a_plain_text_gives_each_fields_line_when_asked() -> None:
    doc = load_yaml("title: A\nplaces:\n  - x\n  - y\n", "f.md", 2)
    assert doc.data == {"title": "A", "places": ["x", "y"]}
    assert (doc.line_of(("places", 1)), doc.line_of(("title",))) == (5, 2)


def test_field_name_reads_like_yaml() -> None:
    assert field_name(("sources", 1, "url")) == "sources[1].url"


@pytest.mark.parametrize(
    "nested",
    [
        "a:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 40)) + "  " * 40 + "x",
        "- " * 40 + "x",
        "[" * 40 + "]" * 40,
        "a: " + "{b: " * 40 + "c" + "}" * 40,
    ],
)
def test_nesting_too_deep_is_refused_however_it_is_written(nested: str) -> None:
    with pytest.raises(SiteError) as raised:
        load_yaml(nested, "x.md")
    assert f"nested more than {MAX_DEPTH} deep" in str(raised.value)


def test_shallow_front_matter_skips_the_depth_scan_and_loads() -> None:
    assert _indicators("title: A\nlist: [1, 2]\n") <= MAX_DEPTH
    assert load_yaml("title: A\nlist: [1, 2]\n", "x.md").data == {"title": "A", "list": [1, 2]}


class _RefusingLoader(yamldoc._Loader):  # type: ignore[misc]
    """A YAML library that refuses deep nesting itself, at a depth and in words of its own."""

    def check_event(self, *choices: object) -> bool:
        raise yaml.YAMLError("some future wording")


@pytest.mark.parametrize("depth", [40, 100_000])
def test_nesting_refused_by_the_library_itself_gets_our_message(
    depth: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML 6.0.4's C parser refuses deep nesting with its own message: ours must not change."""
    monkeypatch.setattr(yamldoc, "_Loader", _RefusingLoader)
    assert problems_of("title: x\nextra: " + "[" * depth + "]" * depth + "\n") == [
        f"f.md:3: invalid YAML: lists and mappings nested more than {MAX_DEPTH} deep;"
        " no field needs more than a few levels"
    ]


def test_a_syntax_error_in_deep_looking_text_is_reported_as_a_syntax_error() -> None:
    """The text has more than MAX_DEPTH brackets but nests only two deep."""
    (message,) = problems_of("title: x\nlist: " + "[1], " * 40 + "[\nkind: y\n")
    assert message.startswith("f.md:") and "invalid YAML" in message
    assert "nested more than" not in message
