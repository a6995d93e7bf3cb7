"""stories.body: the one writer and reader of story bodies, called by name."""

import json
import re

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.rich_text import RichText

from stories.body import (
    SECTION_BLOCK_ID,
    SECTION_KEYS,
    body_parts,
    body_text,
    compose_body,
    html_to_paragraphs,
    paragraph_html,
    paragraphs_to_html,
    split_paragraphs,
    story_text,
)
from tests.factories import StoryPageFactory


def without_keys(html: str) -> str:
    """Paragraph HTML without the block keys the rich-text editor's format adds."""
    return re.sub(r' data-block-key="[^"]*"', "", html)


def test_split_paragraphs__blank_lines_separate_and_single_newlines_stay():
    text = "Satu\r\nbaris dua\r\n\r\n  \n\nTiga  \n \n"
    assert split_paragraphs(text) == ["Satu\nbaris dua", "Tiga"]


def test_paragraph_html__escapes_markup_and_keeps_line_breaks():
    html = paragraph_html('<b>"A" & B</b>\nC')
    assert without_keys(html) == '<p>&lt;b&gt;"A" &amp; B&lt;/b&gt;<br/>C</p>'
    assert html == paragraph_html('<b>"A" & B</b>\nC')  # the same text, the same markup


def test_paragraphs_to_html__round_trips_through_html_to_paragraphs():
    text = "Pertama <i>kali</i> & lagi\nbaris baru\n\nKedua"
    paragraphs = [p for html in paragraphs_to_html(text) for p in html_to_paragraphs(html)]
    assert paragraphs == ["Pertama <i>kali</i> & lagi\nbaris baru", "Kedua"]


@pytest.mark.django_db
def test_compose_then_body_parts__gives_the_sections_back(story_index):
    sections = {"background": "Awal.\n\nLalu.", "actions": "Kerja", "results": "Hasil"}
    story = StoryPageFactory(verification="")
    story.body = json.dumps(compose_body(language="id", sections=sections), cls=DjangoJSONEncoder)
    parts = body_parts(story.body)
    assert parts.sections == {key: sections.get(key, "") for key in SECTION_KEYS}
    headings = [b for b in story.body.raw_data if b["type"] == "heading"]
    assert [b["id"] for b in headings] == [
        SECTION_BLOCK_ID.format(key=key) for key in ("background", "actions", "results")
    ]


@pytest.mark.django_db
def test_body_text_and_story_text__plain_text_without_entities(story_index):
    story = StoryPageFactory(
        verification="", summary="Ringkas", product_or_service="Kopi", product_description=""
    )
    story.body = [
        ("heading", "Awal"),
        ("paragraph", RichText("<p>Tom &amp; Jerry<br/>baris</p>")),
        ("testimonial", {"quote": "Bagus", "attribution": "Ani"}),
    ]
    assert body_text(story.body) == "Awal\n\nTom & Jerry baris\n\nBagus\n\nAni"
    fields = story_text(story)
    assert fields["summary"] == "Ringkas"
    assert fields["body"].endswith("\n\nKopi")
