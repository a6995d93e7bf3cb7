"""The shapes of the demo content (read from content/ by content.py), and the helpers that turn
its prose into StreamField blocks."""

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.utils.html import escape

from stories.blocks import editor_html
from stories.choices import SubjectKind


@dataclass(frozen=True)
class Claim:
    kind: str
    statement: str
    evidence: str = ""


@dataclass(frozen=True)
class Figure:
    """An image block drawn for the story; ``motif`` makes it differ from the hero image."""

    caption: str
    label: str
    motif: str


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    description: str
    business_licence_number: str = ""
    association_membership: str = ""
    regulator_list_note: str = ""
    verified_on: date | None = None


@dataclass(frozen=True)
class DemoStory:
    key: str
    language: str
    title: str
    subject_name: str
    industries: tuple[str, ...]
    summary: str
    product_or_service: str
    product_description: str
    claims: tuple[Claim, ...]
    body: tuple
    published: date
    reviewed: date
    place: str
    material_connection: str
    subject_kind: str = SubjectKind.PERSON
    organization: str | None = None
    # Checklist items whose evidence the moderator could not see: the story is then "reviewed".
    not_seen: tuple[str, ...] = ()
    report_note: str = ""
    owner: str | None = None


@dataclass(frozen=True)
class DemoGuide:
    slug: str
    language: str
    title: str
    summary: str
    body: tuple
    translation: str
    published: date


# Story section headings, by the submission form's section key. The loader gives each heading
# block the id "section-<key>", which is how the member's edit form finds its sections again.
STORY_SECTION_HEADINGS = {
    "background": ("Latar belakang", "Background"),
    "challenge": ("Tantangan", "The challenge"),
    "actions": (
        "Apa yang ia lakukan",
        "Apa yang mereka lakukan",
        "Apa yang akhirnya ia ubah",
        "What she did",
        "What he did",
        "What they did",
        "What she does now",
    ),
    "results": ("Hasil", "Results"),
    "lessons": ("Yang tidak berhasil", "What did not work"),
}
SECTION_FOR_HEADING = {
    heading: key for key, headings in STORY_SECTION_HEADINGS.items() for heading in headings
}


class Block(NamedTuple):
    type: str
    value: Any


def heading(text: str) -> Block:
    return Block("heading", text)


def para(text: str) -> Block:
    return Block("paragraph", editor_html(f"<p>{escape(text)}</p>"))


def bullets(*items: str) -> Block:
    return Block("paragraph", "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")


def quote(text: str, attribution: str) -> Block:
    return Block("testimonial", {"quote": text, "attribution": attribution})


def figure(caption: str, *, label: str, motif: str) -> Block:
    return Block("image", Figure(caption=caption, label=label, motif=motif))


@dataclass(frozen=True)
class DemoSubmission:
    """A member's story sent to the review workflow; ``sections`` uses the submission form's keys."""

    key: str
    owner: str
    language: str
    title: str
    subject_kind: str
    subject_name: str
    place: str
    industries: tuple[str, ...]
    summary: str
    product_or_service: str
    product_description: str
    material_connection: str
    sections: dict[str, str]
    claims: tuple[Claim, ...]
    hero_label: str
