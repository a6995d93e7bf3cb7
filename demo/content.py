"""The demo's prose, read from the data files in ``content/`` (TOML, one file per story or guide).

Translators and editors change the demo's words there without touching Python. A story's or
guide's key is its file name.
"""

import tomllib
from functools import cache
from pathlib import Path

from stories.body import SECTION_KEYS
from stories.choices import ReviewReason

from .records import (
    Block,
    Claim,
    DemoGuide,
    DemoOrganization,
    DemoStory,
    DemoSubmission,
    bullets,
    figure,
    heading,
    para,
    quote,
)

CONTENT = Path(__file__).resolve().parent / "content"


class ContentFileError(ValueError):
    """A content file does not have the shape the demo needs."""


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ContentFileError(f"{path.relative_to(CONTENT)}: {error}") from error


def _block(path: Path, entry: dict) -> Block:
    kinds = {"heading", "paragraph", "bullets", "quote", "figure"} & set(entry)
    if len(kinds) != 1:
        raise ContentFileError(
            f"{path.relative_to(CONTENT)}: each [[body]] entry needs exactly one of heading, "
            f"paragraph, bullets, quote or figure, not {sorted(entry)}"
        )
    kind = kinds.pop()
    if kind == "heading":
        return heading(entry["heading"], entry.get("section"))
    if kind == "paragraph":
        return para(entry["paragraph"])
    if kind == "bullets":
        return bullets(*entry["bullets"])
    if kind == "quote":
        return quote(entry["quote"], entry["by"])
    return figure(entry["figure"], label=entry["label"], motif=entry["motif"])


def _claims(data: dict) -> tuple[Claim, ...]:
    return tuple(
        Claim(claim["kind"], claim["statement"], claim.get("evidence", ""))
        for claim in data.pop("claims", [])
    )


def _tuples(data: dict, *names: str) -> dict:
    return {name: tuple(data[name]) for name in names if name in data}


def _files(folder: str) -> list[Path]:
    return sorted((CONTENT / folder).glob("*.toml"))


@cache
def stories() -> tuple[DemoStory, ...]:
    found = []
    for path in _files("stories"):
        data = _read(path)
        blocks = tuple(_block(path, entry) for entry in data.pop("body", []))
        unplaced = [
            b.value for b in blocks if b.type == "heading" and b.section not in SECTION_KEYS
        ]
        if unplaced:
            raise ContentFileError(
                f"{path.relative_to(CONTENT)}: each story heading needs section = one of "
                f"{', '.join(SECTION_KEYS)}; these have none: {unplaced}"
            )
        if data.get("sent_back", "") not in ("", *ReviewReason.values):
            raise ContentFileError(
                f"{path.relative_to(CONTENT)}: sent_back = {data['sent_back']!r} is not one of "
                f"the published reasons: {', '.join(ReviewReason.values)}"
            )
        claims = _claims(data)
        data.update(_tuples(data, "industries", "not_seen"))
        found.append(DemoStory(key=path.stem, claims=claims, body=blocks, **data))
    # Indonesian stories first, as the site's default language; then by publication date.
    return tuple(sorted(found, key=lambda story: (story.language != "id", story.published)))


@cache
def guides() -> tuple[DemoGuide, ...]:
    found = []
    for path in _files("guides"):
        data = _read(path)
        blocks = tuple(_block(path, entry) for entry in data.pop("body", []))
        found.append(DemoGuide(slug=path.stem, body=blocks, **data))
    return tuple(sorted(found, key=lambda guide: (guide.language != "id", guide.published)))


@cache
def submissions() -> tuple[DemoSubmission, ...]:
    found = []
    for path in _files("submissions"):
        data = _read(path)
        claims = _claims(data)
        data.update(_tuples(data, "industries"))
        found.append(DemoSubmission(key=path.stem, claims=claims, **data))
    return tuple(found)


@cache
def organizations() -> tuple[DemoOrganization, ...]:
    entries = _read(CONTENT / "organizations.toml").get("organization", [])
    return tuple(DemoOrganization(**entry) for entry in entries)


@cache
def home() -> dict[str, str]:
    return _read(CONTENT / "home.toml")


@cache
def reports() -> tuple[dict, ...]:
    """Readers' reports for the moderators' queue: story key, reason, language, details."""
    return tuple(_read(CONTENT / "reports.toml").get("report", []))


@cache
def replies() -> tuple[dict, ...]:
    """Organisations' replies under demo stories: story key, representative, text."""
    return tuple(_read(CONTENT / "replies.toml").get("reply", []))


@cache
def request_links() -> tuple[dict, ...]:
    """Organisations' request links: organisation, representative, industry, uses, message."""
    return tuple(_read(CONTENT / "request_links.toml").get("request_link", []))


@cache
def collections() -> tuple[dict, ...]:
    """Story collections for walls of love: slug, title, optional organisation, story keys."""
    return tuple(_read(CONTENT / "collections.toml").get("collection", []))


@cache
def regulator_list_sample() -> bytes:
    """A sample regulator's list (invented entries) in the import's CSV format."""
    return (CONTENT / "regulator-list-sample.csv").read_bytes()
