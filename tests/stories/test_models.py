import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from stories.choices import SubjectKind, Verification
from stories.models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    Industry,
    StoryIndexPage,
    StoryPage,
)
from stories.site_tree import ensure_site_tree
from tests.factories import GuidePageFactory, StoryPageFactory


class PageTreeRulesTests(WagtailPageTestCase):
    def test_stories_live_only_under_the_story_index(self):
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertAllowedSubpageTypes(StoryPage, set())

    def test_guides_live_only_under_the_guide_index(self):
        self.assertAllowedParentPageTypes(GuidePage, {GuideIndexPage})

    def test_home_page_holds_the_two_sections(self):
        self.assertCanCreateAt(HomePage, StoryIndexPage)
        self.assertCanCreateAt(HomePage, GuideIndexPage)
        self.assertCanNotCreateAt(HomePage, StoryPage)
        self.assertCanNotCreateAt(StoryIndexPage, GuidePage)

    def test_pages_render(self):
        ensure_site_tree()
        story = StoryPageFactory()
        guide = GuidePageFactory(parent=GuideIndexPage.objects.get())
        for page in (HomePage.objects.get(), StoryIndexPage.objects.get(), story, guide):
            self.assertPageIsRenderable(page)


@pytest.mark.django_db
def test_story__organisation_story_needs_a_name(story_index):
    story = StoryPageFactory()
    story.subject_kind = SubjectKind.ORGANIZATION
    story.subject_name = ""
    story.organization = None
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "organization" in error.value.message_dict


@pytest.mark.django_db
def test_story__summary_over_500_characters_is_refused(story_index):
    story = StoryPageFactory()
    story.summary = "x" * 501
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "summary" in error.value.message_dict


@pytest.mark.django_db
def test_story__industries_come_from_the_curated_list_only():
    assert Industry.free_tagging is False


@pytest.mark.django_db
def test_story__external_id_is_unique_per_source(story_index):
    from django.db import IntegrityError, transaction

    StoryPage.objects.filter(pk=StoryPageFactory().pk).update(
        import_source="partner", external_id="A-1"
    )
    second = StoryPageFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryPage.objects.filter(pk=second.pk).update(import_source="partner", external_id="A-1")
    StoryPage.objects.filter(pk=second.pk).update(import_source="other", external_id="A-1")


@pytest.mark.django_db
def test_industry__localized_name_follows_the_active_language():
    from django.utils import translation

    industry = Industry.objects.get(slug="food-beverage")
    with translation.override("id"):
        assert str(industry) == "Makanan & minuman"
    with translation.override("en"):
        assert str(industry) == "Food & beverage"


@pytest.mark.django_db
def test_verified_story__subject_display_names_the_organisation(story_index):
    from tests.factories import OrganizationFactory

    story = StoryPageFactory(subject_name="Jane", organization=OrganizationFactory(name="Sehat Co"))
    assert story.subject_display == "Jane (Sehat Co)"
    assert story.verification == Verification.VERIFIED
    assert Page.objects.type(StoryPage).live().count() == 1
