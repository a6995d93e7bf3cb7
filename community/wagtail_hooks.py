from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organization


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "business_licence_number", "verified"]
    list_filter = ["verified"]
    search_fields = ["name", "business_licence_number"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("website"),
        MultiFieldPanel(
            [
                FieldPanel("business_licence_number"),
                FieldPanel("association_membership"),
                FieldPanel("regulator_list_note"),
                FieldPanel("verified"),
            ],
            heading=_("Verification"),
        ),
    ]


register_snippet(OrganizationViewSet)
