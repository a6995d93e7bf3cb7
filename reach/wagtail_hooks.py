from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StoryCollection
from .permissions import collection_policy


class StoryCollectionForm(WagtailAdminModelForm):
    """The admin's form applies the collection's rules to the stories in its inline forms."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("items")
        if formset is None or not formset.is_valid():
            return cleaned_data
        story_ids = [
            form.cleaned_data["story"].pk
            for form in formset.forms
            if form.cleaned_data.get("story") and not form.cleaned_data.get("DELETE")
        ]
        self.instance.organization = cleaned_data.get("organization")
        try:
            self.instance.check_stories(story_ids)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned_data


class StoryCollectionViewSet(SnippetViewSet):
    model = StoryCollection
    icon = "list-ul"
    menu_label = _("Story collections")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["title", "organization", "updated_at"]
    list_filter = ["organization"]
    search_fields = ["title"]
    edit_handler = ObjectList(StoryCollection.panels, base_form_class=StoryCollectionForm)


register_permission_policy(StoryCollection, collection_policy)
register_snippet(StoryCollectionViewSet)
