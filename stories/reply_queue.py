"""The admin's "Replies": organisations' replies waiting for a moderator, oldest first."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from .forms import ReplyDecisionForm
from .models import OrganizationReply, ReplyStatus
from .moderation_queues import QueueDecisionView, QueueListing, QueueViewSet
from .replies import ReplyRefused, decide_reply


class ReplyQueueView(QueueListing):
    model = OrganizationReply
    page_title = _("Organisations' replies")
    header_icon = "comment"
    index_url_name = "org_replies:index"
    index_results_url_name = "org_replies:index_results"

    def get_base_queryset(self):
        return (
            OrganizationReply.objects.filter(status=ReplyStatus.PENDING)
            .select_related("story", "organization")
            .order_by("submitted_at", "pk")
        )

    @property
    def columns(self):
        return [
            TitleColumn(
                "story",
                label=_("Story"),
                accessor=lambda reply: reply.story.title,
                get_url=lambda reply: reply_url(reply),
            ),
            Column("organization", label=_("Organisation")),
            DateColumn("submitted_at", label=_("Submitted")),
            Column(
                "edit",
                label=_("Edit of a shown reply"),
                accessor=lambda r: "✓" if r.published_at else "",
            ),
        ]


def reply_url(reply) -> str:
    return reverse("org_replies:decide", args=(reply.pk,))


class ReplyDecisionView(QueueDecisionView):
    template_name = "stories/admin/reply_decision.html"
    form_class = ReplyDecisionForm
    header_icon = "comment"
    queue_index_url_name = "org_replies:index"
    queue_label = _("Organisations' replies")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.reply = get_object_or_404(
            OrganizationReply.objects.select_related("story", "organization", "author"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return gettext("Reply under “%(title)s”") % {"title": self.reply.story.title}

    def item_title(self):
        return self.reply.story.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(reply=self.reply, story=self.reply.story, **kwargs)

    def form_valid(self, form):
        try:
            decide_reply(
                reply=self.reply,
                moderator=self.request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ReplyRefused as refusal:
            form.add_error(None, str(refusal.args[0]))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Reply decided."))
        return redirect("org_replies:index")


class ReplyQueueViewSet(QueueViewSet):
    name = "org_replies"
    url_prefix = "replies"
    icon = "comment"
    menu_label = _("Organisations' replies")
    menu_order = 198
    listing_class = ReplyQueueView
    item_view_class = ReplyDecisionView
