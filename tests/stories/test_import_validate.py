"""stories.importing.validate: one import line in, a record or its field errors out, no database."""

from datetime import date

import pytest
from django.utils import translation

from stories.importing import ClaimRecord, FieldError, StoryRecord, validate_story
from tests.factories import import_line


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


story = import_line


def without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


def test_validate_story__good_object__gives_a_typed_record():
    record = validate_story(
        story(
            title="  Judul  ",
            claims=[
                {"kind": "income", "statement": "Rp 3 juta", "evidence": "Slip gaji"},
                {"kind": "other", "statement": "Tanpa bukti"},
                {"kind": "time", "statement": "Dua tahun", "evidence": None},
            ],
            published_at="2024-02-29",
            unknown_field="ignored",
        )
    )
    assert record == StoryRecord(
        external_id="legacy-1",
        title="Judul",
        subject_kind="person",
        subject_name="Siti Rahma",
        organization=None,
        industries=("food-beverage",),
        language="id",
        summary="Dari dapur rumah ke tiga puluh pelanggan tetap.",
        paragraphs=("Siti mulai memasak untuk tetangga.", "Sekarang ia punya dapur\nsendiri."),
        claims=(
            ClaimRecord("income", "Rp 3 juta", "Slip gaji"),
            ClaimRecord("other", "Tanpa bukti", ""),
            ClaimRecord("time", "Dua tahun", ""),
        ),
        published_at=date(2024, 2, 29),
    )


def test_validate_story__organisation_story__is_linked_to_its_own_name():
    record = validate_story(story(subject={"kind": "organization", "name": "PT Maju"}))
    assert record.organization == "PT Maju"


def test_validate_story__optional_fields__may_be_null():
    record = validate_story(story(claims=None, published_at=None))
    assert (record.claims, record.published_at) == ((), None)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], [FieldError("json", "a line must be a JSON object, not an array")]),
        (None, [FieldError("json", "a line must be a JSON object, not null")]),
        (without(story(), "title"), [FieldError("title", "is required")]),
        (story(title=None), [FieldError("title", "must be a string, not null")]),
        (story(title=True), [FieldError("title", "must be a string, not a boolean")]),
        (story(title=""), [FieldError("title", "must not be empty")]),
        (
            story(title="t" * 201),
            [FieldError("title", "must be at most 200 characters long (it is 201)")],
        ),
        (
            story(summary="s" * 501),
            [FieldError("summary", "must be at most 500 characters long (it is 501)")],
        ),
        (story(title="a\x00b"), [FieldError("title", "must not contain NUL characters")]),
        (
            story(title="a\ud800"),
            [FieldError("title", "contains an invalid character (an unpaired surrogate)")],
        ),
        (story(subject=[]), [FieldError("subject", "must be an object, not an array")]),
        (
            story(subject={"kind": "robot", "name": "X"}),
            [FieldError("subject.kind", "must be one of 'person', 'organization'")],
        ),
        (
            story(subject={"kind": "person", "name": "X", "organization": 3}),
            [FieldError("subject.organization", "must be a string, not a number")],
        ),
        (
            story(subject={"kind": "person", "name": "X", "organization": "o" * 201}),
            [FieldError("subject.organization", "must be at most 200 characters long (it is 201)")],
        ),
        (
            story(industries="food-beverage"),
            [FieldError("industries", "must be a list of strings, not a string")],
        ),
        (story(industries=[]), [FieldError("industries", "must name at least one industry")]),
        (
            story(industries=["technology"] * 11),
            [FieldError("industries", "may name at most 10 industries")],
        ),
        (story(industries=[""]), [FieldError("industries[0]", "must not be empty")]),
        (story(language="fr"), [FieldError("language", "must be one of 'id', 'en'")]),
        (story(language=1), [FieldError("language", "must be one of 'id', 'en'")]),
        (story(claims="x"), [FieldError("claims", "must be a list of objects, not a string")]),
        (
            story(claims=[{"kind": "income", "statement": "x"}] * 21),
            [FieldError("claims", "may hold at most 20 claims")],
        ),
        (
            story(claims=[{"kind": "income"}]),
            [FieldError("claims[0].statement", "is required")],
        ),
        (
            story(claims=[{"kind": "income", "statement": ""}]),
            [FieldError("claims[0].statement", "must not be empty")],
        ),
        (
            story(claims=[{"kind": "income", "statement": "s" * 1001}]),
            [
                FieldError(
                    "claims[0].statement", "must be at most 1000 characters long (it is 1001)"
                )
            ],
        ),
        (
            story(claims=[{"kind": "income", "statement": "x", "evidence": "e" * 1001}]),
            [FieldError("claims[0].evidence", "must be at most 1000 characters long (it is 1001)")],
        ),
        (
            story(claims=[{"kind": "gift", "statement": "x"}]),
            [FieldError("claims[0].kind", "must be one of 'income', 'product', 'time', 'other'")],
        ),
        (
            story(published_at="2024-5-1"),
            [FieldError("published_at", "must be a date written YYYY-MM-DD")],
        ),
        (
            story(published_at="2026-02-30"),
            [FieldError("published_at", "2026-02-30 is not a real calendar date")],
        ),
        (
            story(published_at="2023-02-29"),
            [FieldError("published_at", "2023-02-29 is not a real calendar date")],
        ),
    ],
)
def test_validate_story__each_rule(data, expected):
    assert validate_story(data) == expected


def test_validate_story__reports_every_problem_in_field_order():
    errors = validate_story({"title": 5, "language": "xx"})
    assert [error.field for error in errors] == [
        "external_id",
        "title",
        "subject",
        "industries",
        "language",
        "summary",
        "body",
    ]
