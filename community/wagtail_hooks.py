from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Organization, OrganizationMembership


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organisations")
    list_display = [
        "name",
        "business_licence_number",
        "verified",
        Column("regulator_match_count", label=_("Regulator list matches")),
    ]
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
                HelpPanel(template="community/admin/regulator_matches_panel.html"),
                FieldPanel("regulator_list_note"),
                FieldPanel("verified"),
            ],
            heading=_("Verification"),
        ),
    ]

    def get_queryset(self, request):
        return Organization.objects.annotate(regulator_match_count=Count("regulator_matches"))


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
def register_regulator_log_actions(actions):
    actions.register_action(
        "terang.regulator.match",
        _("Regulator list match"),
        _("Matches an entry of a regulator's list of illegal investments"),
    )
    actions.register_action(
        "terang.regulator.cleared",
        _("Regulator list match cleared"),
        _("No longer matches an entry of a regulator's list"),
    )


@hooks.register("register_log_actions")
def register_consent_log_actions(actions):
    actions.register_action(
        "terang.consent.withdraw", _("Withdraw consent"), _("Consent to publish withdrawn")
    )


@hooks.register("register_admin_viewset")
def register_request_links_admin():
    from .request_link_admin import RequestLinkViewSet

    return RequestLinkViewSet()


@hooks.register("register_log_actions")
def register_request_link_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("terang.request_link.closed")
    class ClosedFormatter(LogFormatter):
        label = _("Request link closed by a moderator")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Closed by a moderator: %(reason)s") % {"reason": data.get("reason", "")}
