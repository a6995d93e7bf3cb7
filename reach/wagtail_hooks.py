from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StoryCollection
from .permissions import collection_policy


class StoryCollectionViewSet(SnippetViewSet):
    model = StoryCollection
    icon = "list-ul"
    menu_label = _("Story collections")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["title", "organization", "updated_at"]
    list_filter = ["organization"]
    search_fields = ["title"]


register_permission_policy(StoryCollection, collection_policy)
register_snippet(StoryCollectionViewSet)
