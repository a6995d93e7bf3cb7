from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LexiconPair


class LexiconPairViewSet(SnippetViewSet):
    """Editors add a translation pair to the search, or take out one of the dictionary's."""

    model = LexiconPair
    icon = "doc-full"
    menu_label = _("Search lexicon")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["english", "indonesian", "action", "changed_at"]
    list_filter = ["action"]
    search_fields = ["english", "indonesian", "note"]


register_snippet(LexiconPairViewSet)
