"""Properties of the import line parser (``decode_line``, ``parse_json``, ``validate_story``).

Whatever a line holds, the pure part of the import either gives a ``StoryRecord`` or says what is
wrong as field errors: never any other exception. Every error names a field and reads as one line
(``line N: <field>: <reason>`` on stderr), and a valid line comes back exactly as it was written.
No database: these run in milliseconds per example.
"""

import json
import re
import unicodedata
from datetime import date
from typing import NamedTuple

import pytest
from django.utils import translation
from hypothesis import event, example, given
from hypothesis import strategies as st

from stories.choices import ClaimKind, Language, SubjectKind
from stories.importing import (
    MAX_BODY_LENGTH,
    MAX_CLAIM_TEXT_LENGTH,
    MAX_CLAIMS,
    MAX_EXTERNAL_ID_LENGTH,
    MAX_INDUSTRIES,
    MAX_INDUSTRY_LENGTH,
    MAX_LINE_BYTES,
    MAX_NAME_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    ClaimRecord,
    FieldError,
    LineRejected,
    StoryRecord,
    decode_line,
    parse_json,
    validate_story,
)
from tests.factories import import_line

# Every field an error may name: the contract's fields, a list item by position, or the line itself.
FIELD = re.compile(
    r"json|length|encoding|external_id|title|subject(\.(kind|name|organization))?"
    r"|industries(\[\d+\])?|language|summary|body|published_at"
    r"|claims(\[\d+\](\.(kind|statement|evidence))?)?"
)
# What must never reach a one-line message: line breaks of any kind, control and format characters
# (bidi overrides, zero-width), surrogates.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"}

VALID_LINE = import_line(
    claims=[{"kind": "income", "statement": "Rp 3 juta sebulan", "evidence": None}]
)

# --- strategies -------------------------------------------------------------------------------

NASTY_CHARACTERS = st.sampled_from(
    [
        "\x00",
        "\n",
        "\r",
        "\t",
        "\x0b",
        "\x0c",
        "\x1c",
        "\x1f",
        "\x7f",
        "\x85",
        "\u2028",
        "\u2029",
        "\u200b",
        "\u202e",
        "\ufeff",
        "\ufffd",
        '"',
        "\\",
        "<",
        ">",
        "&",
        "🙂",
    ]
)
SURROGATES = st.characters(categories=["Cs"])
ANY_CHARACTER = st.one_of(st.characters(), NASTY_CHARACTERS, SURROGATES)
hostile_text = st.text(ANY_CHARACTER, max_size=40)
# Past every limit (the longest is the body's 100,000) without making Hypothesis draw each character.
huge_text = st.builds(
    lambda unit, times: unit * times,
    st.text(ANY_CHARACTER, min_size=1, max_size=3),
    st.integers(min_value=150, max_value=MAX_BODY_LENGTH + 10),
)
hostile_strings = st.one_of(hostile_text, huge_text)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**40),
    st.floats(),
    hostile_strings,
)
junk = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text, children),
    max_leaves=12,
)

# Text a story may hold: anything but NUL and unpaired surrogates.
STORABLE = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
VISIBLE = STORABLE.filter(lambda ch: not ch.isspace())


def storable_text(max_length: int, alphabet=STORABLE) -> st.SearchStrategy[str]:
    """Text with something besides whitespace, at most ``max_length`` long once stripped."""
    half = (max_length - 1) // 2
    return st.builds(
        lambda before, visible, after: before + visible + after,
        st.text(alphabet, max_size=half),
        VISIBLE,
        st.text(alphabet, max_size=half),
    )


padding = st.text(st.sampled_from(" \t\n\r\u3000\u2028\x0b"), max_size=3)


@st.composite
def padded(draw, max_length: int) -> tuple[str, str]:
    """(as written, as the parser keeps it): surrounding whitespace is stripped."""
    core = draw(storable_text(max_length)).strip()
    return draw(padding) + core + draw(padding), core


# A body line: anything but a line break (\r becomes one), with something besides whitespace.
body_lines = storable_text(
    200, st.characters(exclude_categories=["Cs"], exclude_characters="\x00\r\n")
)
line_breaks = st.sampled_from(["\n", "\r\n", "\r"])
# A blank line between paragraphs, in the line endings of any system; its own whitespace may be any
# but a line break.
paragraph_breaks = st.sampled_from(
    ["\n\n", "\r\n\r\n", "\r\r", "\n\n\n", "\n \t\n", "\r\n\u3000\r\n", "\n\u2028\n", "\r\x0b\r"]
)


@st.composite
def bodies(draw) -> tuple[str, tuple[str, ...]]:
    """(a body as written, its paragraphs): lines kept in order, each stripped."""
    paragraphs = draw(
        st.lists(st.lists(body_lines, min_size=1, max_size=3), min_size=1, max_size=4)
    )
    written = ""
    for number, lines in enumerate(paragraphs):
        if number:
            written += draw(paragraph_breaks)
        written += lines[0]
        for line in lines[1:]:
            written += draw(line_breaks) + line
    expected = tuple("\n".join(line.strip() for line in lines) for lines in paragraphs)
    return draw(padding) + written + draw(padding), expected


@st.composite
def valid_lines(draw) -> tuple[dict, StoryRecord]:
    """A story line that follows the contract, and the record it must give."""
    external_id = draw(storable_text(MAX_EXTERNAL_ID_LENGTH))
    title, title_kept = draw(padded(MAX_TITLE_LENGTH))
    kind = draw(st.sampled_from(SubjectKind.values))
    name, name_kept = draw(padded(MAX_NAME_LENGTH))
    subject = {"kind": kind, "name": name}
    organization_kept = name_kept if kind == SubjectKind.ORGANIZATION else None
    match draw(st.sampled_from(["absent", "null", "blank", "named"])):
        case "null":
            subject["organization"] = None
        case "blank":
            subject["organization"] = draw(padding)
        case "named":
            subject["organization"], organization_kept = draw(padded(MAX_NAME_LENGTH))
    industries = draw(st.lists(padded(MAX_INDUSTRY_LENGTH), min_size=1, max_size=MAX_INDUSTRIES))
    language = draw(st.sampled_from(Language.values))
    summary, summary_kept = draw(padded(MAX_SUMMARY_LENGTH))
    body, paragraphs = draw(bodies())
    data = {
        "external_id": external_id,
        "title": title,
        "subject": subject,
        "industries": [written for written, _kept in industries],
        "language": language,
        "summary": summary,
        "body": body,
    }
    claims = []
    if draw(st.booleans()):
        data["claims"] = []
        for _number in range(draw(st.integers(min_value=0, max_value=3))):
            claim_kind = draw(st.sampled_from(ClaimKind.values))
            statement, statement_kept = draw(padded(MAX_CLAIM_TEXT_LENGTH))
            claim = {"kind": claim_kind, "statement": statement}
            evidence_kept = ""
            match draw(st.sampled_from(["absent", "null", "blank", "written"])):
                case "null":
                    claim["evidence"] = None
                case "blank":
                    claim["evidence"] = draw(padding)
                case "written":
                    claim["evidence"], evidence_kept = draw(padded(MAX_CLAIM_TEXT_LENGTH))
            data["claims"].append(claim)
            claims.append(ClaimRecord(claim_kind, statement_kept, evidence_kept))
    published_at = draw(st.none() | st.dates())
    if published_at is not None or draw(st.booleans()):
        data["published_at"] = published_at.isoformat() if published_at else None
    record = StoryRecord(
        external_id=external_id,
        title=title_kept,
        subject_kind=kind,
        subject_name=name_kept,
        organization=organization_kept,
        industries=tuple(kept for _written, kept in industries),
        language=language,
        summary=summary_kept,
        paragraphs=paragraphs,
        claims=tuple(claims),
        published_at=published_at,
    )
    return data, record


# Where a hostile value may go in a story line, down to the fields of the first claim.
PATHS = [
    ("external_id",),
    ("title",),
    ("subject",),
    ("subject", "kind"),
    ("subject", "name"),
    ("subject", "organization"),
    ("industries",),
    ("industries", 0),
    ("language",),
    ("summary",),
    ("body",),
    ("claims",),
    ("claims", 0),
    ("claims", 0, "kind"),
    ("claims", 0, "statement"),
    ("claims", 0, "evidence"),
    ("published_at",),
    ("unknown field",),
]
DELETE = object()
date_like = st.one_of(
    st.dates().map(date.isoformat),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.sampled_from(["2024-02-30", "0000-01-01", "٢٠٢٤-٠١-٠١", "2024-1-1", "2024-01-01\n"]),
)
hostile_values = st.one_of(
    junk,
    hostile_strings,
    date_like,
    st.sampled_from(list(Language.values) + list(SubjectKind.values) + list(ClaimKind.values)),
    st.lists(hostile_strings, max_size=MAX_INDUSTRIES + 2),
    st.lists(st.fixed_dictionaries({"kind": junk, "statement": junk}), max_size=MAX_CLAIMS + 2),
    st.just(DELETE),
)


@st.composite
def hostile_stories(draw) -> dict:
    """A valid story line with some of its fields (at any depth) replaced by junk or removed."""
    data, _record = draw(valid_lines())
    data.setdefault("claims", [{"kind": "income", "statement": "Rp 3 juta sebulan"}])
    if not data["claims"]:
        data["claims"].append({"kind": "other", "statement": "Tiga puluh pelanggan"})
    for path in draw(st.lists(st.sampled_from(PATHS), max_size=4, unique=True)):
        parent = data
        for step in path[:-1]:
            parent = parent[step] if _has(parent, step) else None
        key, value = path[-1], draw(st.one_of(hostile_strings, hostile_values))
        if isinstance(parent, dict) and value is DELETE:
            parent.pop(key, None)
        elif isinstance(parent, dict):
            parent[key] = value
        elif _has(parent, key) and value is DELETE:
            del parent[key]
        elif _has(parent, key):
            parent[key] = value
    return data


def _has(container, step) -> bool:
    if isinstance(container, dict):
        return step in container
    return isinstance(container, list) and isinstance(step, int) and step < len(container)


# --- what every answer must look like ---------------------------------------------------------


def assert_one_line(message: str) -> None:
    unsafe = [ch for ch in message if unicodedata.category(ch) in UNSAFE_CATEGORIES]
    assert not unsafe, f"{message!r} holds {unsafe!r}"


def assert_field_errors(errors) -> None:
    assert isinstance(errors, list) and errors
    event("rejected", errors[0].field.split("[")[0].split(".")[0])
    for error in errors:
        assert isinstance(error, FieldError)
        assert FIELD.fullmatch(error.field), error
        assert error.reason.strip(), error
        # As the command prints it.
        assert_one_line(f"line 1: {error.field}: {error.reason}")


def assert_storable(record: StoryRecord) -> None:
    """What a record holds fits the database: no NUL, no surrogate, within every limit."""
    event("a record")
    texts = [
        (record.external_id, MAX_EXTERNAL_ID_LENGTH),
        (record.title, MAX_TITLE_LENGTH),
        (record.subject_name, MAX_NAME_LENGTH),
        (record.organization or "x", MAX_NAME_LENGTH),
        (record.summary, MAX_SUMMARY_LENGTH),
        *((name, MAX_INDUSTRY_LENGTH) for name in record.industries),
        *((claim.statement, MAX_CLAIM_TEXT_LENGTH) for claim in record.claims),
        *((claim.evidence or "x", MAX_CLAIM_TEXT_LENGTH) for claim in record.claims),
        ("\n\n".join(record.paragraphs), MAX_BODY_LENGTH),
    ]
    for text, limit in texts:
        assert isinstance(text, str) and text.strip() and len(text) <= limit
        assert "\x00" not in text
        text.encode("utf-8")  # no unpaired surrogate
    assert record.subject_kind in SubjectKind.values
    assert record.language in Language.values
    assert 1 <= len(record.industries) <= MAX_INDUSTRIES
    assert len(record.claims) <= MAX_CLAIMS
    assert all(claim.kind in ClaimKind.values for claim in record.claims)
    assert record.paragraphs and all(p.strip() for p in record.paragraphs)
    assert record.published_at is None or isinstance(record.published_at, date)


def parse_line(raw) -> StoryRecord | list[FieldError]:
    """The pure part of importing one line, as ``import_line`` runs it before saving."""
    try:
        return validate_story(parse_json(decode_line(raw)))
    except LineRejected as rejected:
        assert str(rejected) == "; ".join(f"{e.field}: {e.reason}" for e in rejected.errors)
        return rejected.errors


languages = st.sampled_from(["en", "id"])


# --- decode_line ------------------------------------------------------------------------------


@given(raw=st.binary(max_size=300))
@example(raw=b"\xef\xbb\xbf{}")
@example(raw=b"\xed\xa0\x80")  # a surrogate, encoded as some tools wrongly do
@example(raw=b"\xff")
def test_decode_line__bytes__text_exactly_when_utf8(raw):
    try:
        expected = raw.decode("utf-8")
    except UnicodeDecodeError:
        expected = None
    try:
        text = decode_line(raw)
    except LineRejected as rejected:
        assert expected is None
        assert [error.field for error in rejected.errors] == ["encoding"]
        assert_field_errors(rejected.errors)
    else:
        assert text == expected


@given(size=st.integers(min_value=MAX_LINE_BYTES - 4, max_value=MAX_LINE_BYTES + 4), lang=languages)
def test_decode_line__longer_than_the_limit__rejected_as_length(size, lang):
    # (the line, its length in bytes): surrogates in text count as the three bytes they take.
    for raw, length in [
        (b"a" * size, size),
        ("a" * size, size),
        ("\ud800" * (size // 3), size // 3 * 3),
    ]:
        with translation.override(lang):
            try:
                decode_line(raw)
            except LineRejected as rejected:
                assert length > MAX_LINE_BYTES
                assert [error.field for error in rejected.errors] == ["length"]
                assert_field_errors(rejected.errors)
            else:
                assert length <= MAX_LINE_BYTES


def test_decode_line__a_line_the_reader_cut__rejected_as_length():
    with pytest.raises(LineRejected) as rejected:
        decode_line(None)
    assert [error.field for error in rejected.value.errors] == ["length"]


# --- parse_json -------------------------------------------------------------------------------

json_like_text = st.one_of(
    hostile_text,
    junk.map(lambda value: json.dumps(value, allow_nan=True)),
    junk.map(lambda value: json.dumps(value, ensure_ascii=False)),
    # Cut short, or with a stray syntax character spliced in.
    st.builds(
        lambda text, cut, splice: text[:cut] + splice + text[cut:],
        junk.map(json.dumps),
        st.integers(min_value=0, max_value=60),
        st.sampled_from(["", '"', "\\", "{", "]", ",", ":", "\x00", "\n", "\ud800", "NaN"]),
    ),
    # Deeper than any parser's stack, and numbers longer than Python converts.
    st.builds(
        lambda n, opening: opening * n, st.integers(1, 100_000), st.sampled_from(["[", '{"a":'])
    ),
    st.integers(min_value=4000, max_value=20_000).map(lambda n: "9" * n),
)


@given(text=json_like_text, lang=languages)
@example(text="[" * 100_000, lang="en")
@example(text='{"a": NaN}', lang="en")
@example(text="-Infinity", lang="id")
@example(text="9" * 5000, lang="en")
@example(text='"\\ud800"', lang="en")
def test_parse_json__any_text__the_value_or_a_json_error(text, lang):
    with translation.override(lang):
        try:
            value = parse_json(text)
        except LineRejected as rejected:
            assert [error.field for error in rejected.errors] == ["json"]
            assert_field_errors(rejected.errors)
        else:
            assert value == json.loads(text)


# --- validate_story ---------------------------------------------------------------------------


@given(data=junk, lang=languages)
def test_validate_story__any_json_value__a_record_or_field_errors(data, lang):
    with translation.override(lang):
        result = validate_story(data)
    if isinstance(result, StoryRecord):
        assert_storable(result)
    else:
        assert_field_errors(result)
        if not isinstance(data, dict):
            assert [error.field for error in result] == ["json"]


@given(data=hostile_stories(), lang=languages)
@example(data={"published_at": "٢٠٢٤-٠١-٠١"}, lang="en")
@example(data={"title": "a\u2028b", "summary": "\ud800", "body": "\x00"}, lang="id")
def test_validate_story__hostile_field_values__a_storable_record_or_field_errors(data, lang):
    with translation.override(lang):
        result = validate_story(data)
    if isinstance(result, StoryRecord):
        assert_storable(result)
    else:
        assert_field_errors(result)


@given(line=valid_lines(), ensure_ascii=st.booleans())
@example(
    line=(
        {
            "external_id": " legacy-1 ",
            "title": "\u3000Judul\u2028",
            "subject": {"kind": "organization", "name": "PT Maju", "organization": " "},
            "industries": [" Food "],
            "language": "id",
            "summary": "Ringkas",
            "body": "\r\n satu \rdua\n\u2028\nTiga ",
        },
        StoryRecord(
            external_id=" legacy-1 ",
            title="Judul",
            subject_kind="organization",
            subject_name="PT Maju",
            organization="PT Maju",
            industries=("Food",),
            language="id",
            summary="Ringkas",
            paragraphs=("satu\ndua", "Tiga"),
        ),
    ),
    ensure_ascii=False,
)
def test_valid_line__round_trips_to_a_record_of_its_own_values(line, ensure_ascii):
    data, expected = line
    raw = json.dumps(data, ensure_ascii=ensure_ascii).encode("utf-8")
    assert parse_line(raw) == expected


# One string field at a time: the answer is decided by that value alone.


class StringField(NamedTuple):
    path: tuple
    label: str
    limit: int
    strip: bool = True
    optional: bool = False


STRING_FIELDS = [
    StringField(("external_id",), "external_id", MAX_EXTERNAL_ID_LENGTH, strip=False),
    StringField(("title",), "title", MAX_TITLE_LENGTH),
    StringField(("subject", "name"), "subject.name", MAX_NAME_LENGTH),
    StringField(
        ("subject", "organization"), "subject.organization", MAX_NAME_LENGTH, optional=True
    ),
    StringField(("industries", 0), "industries[0]", MAX_INDUSTRY_LENGTH),
    StringField(("summary",), "summary", MAX_SUMMARY_LENGTH),
    StringField(("body",), "body", MAX_BODY_LENGTH),
    StringField(("claims", 0, "statement"), "claims[0].statement", MAX_CLAIM_TEXT_LENGTH),
    StringField(
        ("claims", 0, "evidence"), "claims[0].evidence", MAX_CLAIM_TEXT_LENGTH, optional=True
    ),
]
# Hostile text with NUL or an unpaired surrogate somewhere in it, besides the plain hostile kinds.
spiked_text = st.builds(
    lambda before, spike, after: before + spike + after,
    hostile_text,
    st.sampled_from(["\x00", "\ud800", "\udfff", "\udc80"]),
    hostile_text,
)


def acceptable(field: StringField, value: str) -> bool:
    """The contract for a string field, written out: the line is kept exactly when this holds."""
    kept = value.strip() if field.strip else value
    if not value.strip():
        return field.optional
    if "\x00" in kept or any(0xD800 <= ord(ch) <= 0xDFFF for ch in kept):
        return False
    return len(kept) <= field.limit


def kept_value(record: StoryRecord, field: StringField):
    match field.label:
        case "external_id":
            return record.external_id
        case "title":
            return record.title
        case "subject.name":
            return record.subject_name
        case "subject.organization":
            return record.organization
        case "industries[0]":
            return record.industries[0]
        case "summary":
            return record.summary
        case "body":
            return "\n\n".join(record.paragraphs)
        case "claims[0].statement":
            return record.claims[0].statement
        case "claims[0].evidence":
            return record.claims[0].evidence


def set_path(data: dict, path: tuple, value) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@given(
    line=valid_lines(),
    field=st.sampled_from(STRING_FIELDS),
    value=st.one_of(spiked_text, hostile_text, huge_text, storable_text(50)),
    lang=languages,
)
@example(line=None, field=STRING_FIELDS[1], value="Judul\x00jahat", lang="en")
@example(line=None, field=STRING_FIELDS[7], value="\ud800", lang="id")
@example(line=None, field=STRING_FIELDS[0], value="  ", lang="en")
@example(line=None, field=STRING_FIELDS[3], value="\u3000", lang="en")
def test_one_hostile_string__kept_if_the_contract_allows_it_else_that_fields_error(
    line, field, value, lang
):
    data, record = line or (VALID_LINE, None)
    data = json.loads(json.dumps(data))
    data.setdefault("claims", [{"kind": "income", "statement": "Rp 3 juta sebulan"}])
    data["claims"] = data["claims"] or [{"kind": "other", "statement": "Tiga puluh pelanggan"}]
    set_path(data, field.path, value)
    with translation.override(lang):
        result = validate_story(data)
    if not acceptable(field, value):
        assert_field_errors(result)
        assert [error.field for error in result] == [field.label]
        return
    assert isinstance(result, StoryRecord), result
    assert_storable(result)
    if field.label == "body":
        assert "".join(kept_value(result, field).split()) == "".join(value.split())
    elif value.strip() or not field.optional:
        assert kept_value(result, field) == (value.strip() if field.strip else value)


@given(value=st.one_of(date_like, hostile_text, junk), lang=languages)
@example(value="2024-02-29", lang="en")
@example(value="2023-02-29", lang="en")
@example(value="٢٠٢٤-٠١-٠١", lang="en")
@example(value="2024-01-01\n", lang="id")
def test_published_at__a_real_calendar_date_written_yyyy_mm_dd_or_its_error(value, lang):
    data = json.loads(json.dumps(VALID_LINE))
    data["published_at"] = value
    with translation.override(lang):
        result = validate_story(data)
    try:
        expected = (
            date.fromisoformat(value)
            if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
            else None
        )
    except ValueError:
        expected = None
    if value is None:
        assert result.published_at is None
    elif expected is None:
        assert_field_errors(result)
        assert [error.field for error in result] == ["published_at"]
    else:
        assert result.published_at == expected


# --- the whole line ---------------------------------------------------------------------------


def _encoded(value, ensure_ascii: bool) -> bytes:
    # ensure_ascii=False writes an unpaired surrogate raw, which is then not UTF-8: as broken tools do.
    return json.dumps(value, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")


any_line = st.one_of(
    st.binary(max_size=200),
    json_like_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.builds(_encoded, hostile_stories(), st.booleans()),
    st.builds(_encoded, junk, st.booleans()),
)


@pytest.mark.parametrize("lang", ["en", "id"])
@given(raw=any_line)
def test_any_line__a_record_or_field_errors_never_another_exception(raw, lang):
    with translation.override(lang):
        result = parse_line(raw)
    if isinstance(result, StoryRecord):
        assert_storable(result)
    else:
        assert_field_errors(result)
