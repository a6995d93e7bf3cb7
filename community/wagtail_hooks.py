from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Organization, OrganizationMembership


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organisations")
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


class OrganizationMembershipViewSet(SnippetViewSet):
    model = OrganizationMembership
    icon = "user"
    menu_label = _("Representatives")
    list_display = ["organization", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["organization__name", "user__email"]
    panels = [FieldPanel("organization"), FieldPanel("user"), FieldPanel("role")]


class OrganizationGroup(SnippetViewSetGroup):
    items = (OrganizationViewSet, OrganizationMembershipViewSet)
    menu_icon = "group"
    menu_label = _("Organisations")
    menu_order = 210


register_snippet(OrganizationGroup)


@hooks.register("register_log_actions")
def register_consent_log_actions(actions):
    actions.register_action(
        "terang.consent.withdraw", _("Withdraw consent"), _("Consent to publish withdrawn")
    )
