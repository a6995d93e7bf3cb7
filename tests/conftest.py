import pytest

from stories.services import ensure_site_tree


@pytest.fixture
def home(db):
    return ensure_site_tree()


@pytest.fixture
def story_index(home):
    from stories.models import StoryIndexPage

    return StoryIndexPage.objects.get()


@pytest.fixture
def guide_index(home):
    from stories.models import GuideIndexPage

    return GuideIndexPage.objects.get()
