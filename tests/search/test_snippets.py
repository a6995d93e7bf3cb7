"""A story's snippet reads the same from both engines: paragraphs joined by one space, whether
the cluster's highlighter found the words or its fallback built the excerpt (search.text)."""

import pytest
from wagtail.rich_text import RichText

from search.query import StoryQuery
from search.services import search_stories
from tests.factories import StoryPageFactory, publish_reviewed

pytestmark = pytest.mark.django_db

SUMMARY = "Warung di pinggir jalan."
PARAGRAPHS = (
    "Kami mulai berjualan nasi uduk pada tahun 2019.",
    "Sekarang pelanggan datang dari tiga kampung.",
)


@pytest.fixture
def story(story_index):
    story = StoryPageFactory(
        title="Bu Tini dan warungnya", summary=SUMMARY, industries=["food-beverage"]
    )
    story.body = [("paragraph", RichText(f"<p>{text}</p>")) for text in PARAGRAPHS]
    publish_reviewed(story)
    return story


def _snippets(settings, node_url: str, words: str) -> dict[str, str]:
    """The snippet of the one hit for ``words``, from each engine in turn."""
    found = {}
    for engine, url in (("database", ""), ("opensearch", node_url)):
        settings.SEARCH_URL = url
        results = search_stories(StoryQuery(text=words))
        assert results.engine == engine
        [hit] = results.hits
        found[engine] = hit.snippet
    return found


def test_snippet__title_match__same_excerpt_from_both_engines(cluster_engine, settings, story):
    snippets = _snippets(settings, cluster_engine.url, "Tini")
    expected = " ".join((SUMMARY, *PARAGRAPHS))
    assert snippets == {"database": expected, "opensearch": expected}


def test_snippet__match_before_a_paragraph_break__one_space_on_both_engines(
    cluster_engine, settings, story
):
    snippets = _snippets(settings, cluster_engine.url, "uduk")
    for engine, snippet in snippets.items():
        assert "\n" not in snippet, engine
        assert "tahun 2019. Sekarang pelanggan" in snippet, engine
