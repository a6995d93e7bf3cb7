"""The prefilter tries a rule's expression only where a match can start: it must find exactly the
matches that searching the whole text finds."""

import re

import hypothesis
import pytest
from hypothesis import strategies as st

from stories.scanner import engine, normalise, prefilter
from stories.scanner.evaluation import load_corpus

WORD_CHAR = re.compile(r"\w")


def searched_word_starts(regex: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """What the engine did before the prefilter: search on from each match's start + 1."""
    spans = []
    position = 0
    while (found := regex.search(text, position)) is not None:
        position = found.start() + 1
        if found.start() == 0 or WORD_CHAR.match(text, found.start() - 1) is None:
            spans.append(found.span())
    return spans


def rule_patterns(language: str) -> list[tuple[prefilter.Pattern, bool]]:
    """Every compiled pattern of the language's rules, and whether it is an exception."""
    found = []
    for rule in engine.load_ruleset(language).rules:
        found += [(alternative.pattern, False) for alternative in rule.alternatives]
        if rule.exceptions is not None:
            found.append((rule.exceptions, True))
    return found


def assert_same_matches(text: str, language: str) -> None:
    starts = prefilter.Index(text)
    for pattern, is_exception in rule_patterns(language):
        if not is_exception:
            found = [match.span() for match in starts.word_start_matches(pattern)]
            assert found == searched_word_starts(pattern.regex, text), pattern.regex.pattern
            continue
        for low, high in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
            for start, end in ((low, high), (low + 5, low + 40), (high - 30, high - 2)):
                expected = any(
                    found.start() < end and found.end() > start
                    for found in pattern.regex.finditer(text, low, high)
                )
                assert starts.overlaps(pattern, low, high, start, end) == expected


def test_prefilter__reads_where_the_rules_can_start():
    # Every rule of both languages starts with words, digits or symbols it can list.
    for language in ("id", "en"):
        for pattern, _ in rule_patterns(language):
            assert pattern.prefixes is not None, pattern.regex.pattern


@pytest.mark.parametrize(
    ("source", "prefixes"),
    [
        (r"(?:profit|untung)\s+harian", ("prof", "untu")),
        (r"(?<![\d.])\d++%", ("0%", "00%", "000%", "0000")),  # every digit is "0"
        (r"bonus(?:nya)?\s", ("bonu",)),
        (r"(?:rp|\$)\d+", ("$0", "rp0")),  # "$0" will do: not "$00" too
        (r"di\s+(?:sini|situ)", ("di  ", "di s")),  # every white space character is " "
    ],
)
def test_prefilter__prefixes_of_an_expression(source, prefixes):
    pattern = prefilter.compile_pattern(re.compile(source))

    assert pattern.prefixes == prefixes


@pytest.mark.parametrize(
    "source",
    [
        r"\w+ bonus",  # a class of letters: any word may start it
        r"(?:kaya)?\w+",  # an optional start, then anything
        r"\s+bonus",  # starts with white space, which is never a word's start
        r"(?i)bonus",  # case-insensitive
    ],
)
def test_prefilter__expressions_without_known_start_are_searched(source):
    pattern = prefilter.compile_pattern(re.compile(source))
    text = "Ada Bonus: bonus bonus-nya xbonus"

    assert pattern.prefixes is None
    found = [match.span() for match in prefilter.Index(text).word_start_matches(pattern)]
    assert found == searched_word_starts(pattern.regex, text)


def test_prefilter__finds_what_searching_finds_on_dev():
    for item in load_corpus("dev"):
        assert_same_matches(normalise.normalise(item.text, item.lang).text, item.lang)


def test_prefilter__any_digit_counts_as_a_digit():
    # Arabic-Indic and full-width digits are digits to the regex engine (\d): to the index too.
    pattern = prefilter.compile_pattern(re.compile(r"(?<![\d.])\d++% per bulan(?!\w)"))
    text = "profit ٣% per bulan, ３% per bulan, 3% per bulan"

    found = [match.group() for match in prefilter.Index(text).word_start_matches(pattern)]

    assert found == ["٣% per bulan", "３% per bulan", "3% per bulan"]


_PIECES = st.sampled_from(
    [
        "bonus",
        "profit",
        "10%",
        "٣%",
        "rp5000000",
        "$3000",
        "per bulan",
        "per month",
        "tiap",
        "hari",
        "pasti",
        "untung",
        "guaranteed",
        "income",
        "member-get-member",
        "x",
        "-",
        ",",
        ".",
        "\n",
        "'",
        "2",
        "jual",
        "tanpa",
        "no selling",
        "slot",
        "terbatas",
        "balik modal",
        "3 bulan",
        "join",
        "sekarang",
    ]
)


@hypothesis.given(
    pieces=st.lists(_PIECES, max_size=30),
    joiners=st.lists(st.sampled_from([" ", "", "  ", "-"]), max_size=30),
    language=st.sampled_from(["id", "en"]),
)
def test_prefilter__finds_what_searching_finds_on_any_text(pieces, joiners, language):
    text = "".join(
        piece + (joiners[index] if index < len(joiners) else " ")
        for index, piece in enumerate(pieces)
    )

    assert_same_matches(text, language)


def test_prefilter__overlaps_sees_the_matches_finditer_sees():
    # finditer's matches do not overlap one another: "b c d" hides behind "a b c", as before.
    pattern = prefilter.compile_pattern(re.compile(r"(?<!\w)(?:a b c|b c d)(?!\w)"))
    starts = prefilter.Index("a b c d")

    assert starts.overlaps(pattern, 0, 7, 4, 5)
    assert not starts.overlaps(pattern, 0, 7, 6, 7)
    assert starts.overlaps(pattern, 1, 7, 6, 7)  # searched from "b" on, "b c d" is found


def test_prefilter__any_white_space_counts_as_white_space():
    pattern = prefilter.compile_pattern(re.compile(r"di\s+sini(?!\w)"))
    text = "di sini, di\u00a0sini, di\tsini, di\u3000sini"

    found = [match.group() for match in prefilter.Index(text).word_start_matches(pattern)]

    assert found == ["di sini", "di\u00a0sini", "di\tsini", "di\u3000sini"]
