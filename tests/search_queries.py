"""What the search tests share: a story told in one language, and a search as a reader's query
string makes it (through StoryQuery.from_params and search_stories, so the service's guards run)."""

from django.http import QueryDict

from search.query import StoryQuery
from search.services import search_stories
from tests.factories import StoryPageFactory


def story_told(title, summary, language="id"):
    """A live story with this title and summary, read back as the database holds it."""
    story = StoryPageFactory(title=title, summary=summary, language=language)
    story.refresh_from_db()
    return story


def search_for(text, **params):
    """The results of ``/search/?q=text&…`` for these parameters."""
    query = QueryDict(mutable=True)
    query.update({"q": text, **params})
    return search_stories(StoryQuery.from_params(query))
