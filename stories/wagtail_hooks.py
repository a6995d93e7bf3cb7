from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Industry, StoryPage


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    menu_label = _("Industries")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "name_id", "slug"]
    search_fields = ["name", "name_id", "slug"]


register_snippet(IndustryViewSet)


@hooks.register("before_publish_page")
def refuse_publishing_unreviewed_stories(request, page):
    """Stories go live through the review workflow; nobody publishes an unreviewed one by hand."""
    if isinstance(page.specific, StoryPage) and not page.specific.verification:
        messages.error(
            request,
            _(
                "This story has not passed its transparency review. Submit it to the "
                "“Story review” workflow instead of publishing it directly."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        "terang.review.approved",
        _("Transparency review: approve"),
        _("Transparency review approved"),
    )
    actions.register_action(
        "terang.review.changes_requested",
        _("Transparency review: request changes"),
        _("Transparency review asked for changes"),
    )
    actions.register_action(
        "terang.review.rejected",
        _("Transparency review: reject"),
        _("Transparency review rejected"),
    )


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("terang.import")
    class ImportFormatter(LogFormatter):
        label = _("Import")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            values = {
                "source": data.get("source", ""),
                "external_id": data.get("external_id", ""),
            }
            if data.get("published"):
                return (
                    _(
                        "Imported from “%(source)s” (record %(external_id)s) and published as "
                        "verified elsewhere"
                    )
                    % values
                )
            return (
                _("Imported from “%(source)s” (record %(external_id)s) and submitted for review")
                % values
            )
