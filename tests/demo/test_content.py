"""The demo's prose lives in data files that translators and editors change without Python."""

import pytest

from demo import content


@pytest.fixture
def content_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(content, "CONTENT", tmp_path)
    (tmp_path / "guides").mkdir()
    for reader in (content.stories, content.guides, content.submissions):
        reader.cache_clear()
    yield tmp_path
    for reader in (content.stories, content.guides, content.submissions):
        reader.cache_clear()


GUIDE = """
language = "en"
title = "A guide"
summary = "Short."
translation = "panduan"
published = 2026-01-05

[[body]]
heading = "First"

[[body]]
paragraph = "Tom & Jerry <script>"

[[body]]
bullets = ["one", "two"]
"""


def test_guide_file__read_into_blocks_with_the_text_escaped(content_dir):
    (content_dir / "guides" / "a-guide.toml").write_text(GUIDE, encoding="utf-8")
    (guide,) = content.guides()
    assert guide.slug == "a-guide"
    assert [block.type for block in guide.body] == ["heading", "paragraph", "paragraph"]
    assert "Tom &amp; Jerry &lt;script&gt;" in guide.body[1].value
    assert guide.body[2].value == "<ul><li>one</li><li>two</li></ul>"


def test_body_entry_with_two_kinds__refused_with_the_file_named(content_dir):
    text = GUIDE + '\n[[body]]\nheading = "x"\nparagraph = "y"\n'
    (content_dir / "guides" / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(content.ContentFileError, match="guides/bad.toml"):
        content.guides()


def test_malformed_file__refused_with_the_file_named(content_dir):
    (content_dir / "guides" / "broken.toml").write_text('title = "no end\n', encoding="utf-8")
    with pytest.raises(content.ContentFileError, match="guides/broken.toml"):
        content.guides()


def test_shipped_content__every_story_and_guide_reads():
    assert len(content.stories()) >= 20
    assert {guide.language for guide in content.guides()} == {"id", "en"}
    assert all(story.body and story.claims for story in content.stories())


def test_story_sent_back_with_an_unpublished_reason__refused_with_the_file_named(content_dir):
    shipped = content.CONTENT.__class__(content.__file__).parent / "content" / "stories"
    text = (shipped / "budi-maths-tutoring-network.toml").read_text(encoding="utf-8")
    (content_dir / "stories").mkdir()
    bad = text.replace('sent_back = "atypical_income"', 'sent_back = "looked_odd"')
    (content_dir / "stories" / "budi.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(content.ContentFileError, match="stories/budi.toml.*looked_odd"):
        content.stories()
