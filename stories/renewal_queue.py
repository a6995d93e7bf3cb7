"""The admin's "Due re-reviews": published stories whose review is overdue (stories.renewal), oldest
first, each with a button that starts its re-review. Built on Wagtail's generic listing view; the
people who handle readers' reports (the Moderators group, administrators) see it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .models import StoryPage
from .moderation_queues import QueueListing, QueueViewSet, moderation_policy
from .renewal import NotDue, due_stories, start_rereview


class DueRereviewsView(QueueListing):
    model = StoryPage
    page_title = _("Due re-reviews")
    header_icon = "history"
    index_url_name = "due_rereviews:index"
    index_results_url_name = "due_rereviews:index_results"

    def get_base_queryset(self):
        return due_stories().select_related("organization")

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Story"),
                get_url=lambda story: reverse("wagtailadmin_pages:history", args=(story.pk,)),
            ),
            DateColumn("reviewed_at", label=_("Reviewed on")),
            DateColumn("rereview_due_on", label=_("Due since")),
            Column("verification", label=_("Tier"), accessor="get_verification_display"),
            StartColumn("start", label=_("Re-review")),
        ]


class StartColumn(Column):
    """A button that starts the row's re-review (a POST, with the listing's CSRF token)."""

    cell_template_name = "stories/admin/start_rereview_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = parent_context.get("csrf_token")
        context["start_url"] = reverse("due_rereviews:start", args=(instance.pk,))
        return context


class StartRereviewView(PermissionCheckedMixin, View):
    permission_policy = moderation_policy
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        story = get_object_or_404(StoryPage, pk=pk)
        try:
            start_rereview(story, moderator=request.user)
        except NotDue:
            messages.error(
                request,
                gettext("“%(title)s” is not due for re-review, or its re-review has begun.")
                % {"title": story.title},
            )
        else:
            messages.success(
                request,
                gettext(
                    "Re-review of “%(title)s” started: it stays up, marked “under re-review”, "
                    "and waits in the “Story review” workflow."
                )
                % {"title": story.title},
            )
        return redirect("due_rereviews:index")


class DueRereviewsViewSet(QueueViewSet):
    name = "due_rereviews"
    url_prefix = "reviews/due"
    icon = "history"
    menu_label = _("Due re-reviews")
    menu_order = 196
    listing_class = DueRereviewsView
    item_view_class = StartRereviewView
    item_path = "start/"
    item_url_name = "start"
