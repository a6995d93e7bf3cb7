from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Industry


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    menu_label = _("Industries")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "name_id", "slug"]
    search_fields = ["name", "name_id", "slug"]


register_snippet(IndustryViewSet)
