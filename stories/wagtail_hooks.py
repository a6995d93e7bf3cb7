from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .choices import ReviewStep
from .models import Industry, StoryPage
from .permissions import story_permissions, two_person_review
from .review_queue import RejectBulkAction, RequestChangesBulkAction
from .scanner.feedback import ScanFeedbackViewSet


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    menu_label = _("Industries")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "name_id", "slug"]
    search_fields = ["name", "name_id", "slug"]


register_snippet(IndustryViewSet)
register_snippet(ScanFeedbackViewSet)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    class StepFormatter(LogFormatter):
        """ "Transparency review approved", "Editorial approval asked for changes", ..."""

        message = ""

        def format_message(self, log_entry):
            step = (log_entry.data or {}).get("step", ReviewStep.TRANSPARENCY)
            label = ReviewStep(step).label if step in ReviewStep.values else step
            return self.message % {"step": label}

    outcomes = {
        "terang.review.approved": (_("Review step: approve"), _("%(step)s approved")),
        "terang.review.changes_requested": (
            _("Review step: request changes"),
            _("%(step)s asked for changes"),
        ),
        "terang.review.rejected": (_("Review step: reject"), _("%(step)s rejected")),
    }
    for action, (label, message) in outcomes.items():
        actions.register_action(action)(
            type("ReviewStepFormatter", (StepFormatter,), {"label": label, "message": message})
        )

    @actions.register_action("terang.review.completed")
    class CompletedFormatter(LogFormatter):
        label = _("Review completed")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _(
                "Review completed: transparency review by %(transparency)s, editorial approval "
                "by %(editorial)s"
            ) % {
                "transparency": data.get("transparency_by", {}).get("name", "?"),
                "editorial": data.get("editorial_by", {}).get("name", "?"),
            }


@hooks.register("construct_homepage_panels")
def warn_when_one_person_may_review(request, panels):
    if not two_person_review():
        panels.insert(0, OnePersonReviewPanel())


class OnePersonReviewPanel(Component):
    name = "terang_one_person_review"
    order = 10
    template_name = "stories/admin/one_person_review_panel.html"


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


class StoryListingView(IndexView):
    """Every story, for whoever the story policy lets edit stories.

    Wagtail's own page listings show only what tree grants make explorable; stories take their
    rights from the story policy instead, so moderators find them here.
    """

    def get_base_queryset(self):
        user = self.request.user
        if not (user.is_superuser or "change" in story_permissions(user)):
            return self.model.objects.none()
        return self.annotate_queryset(self.model.objects.all())


class StoryListingViewSet(PageListingViewSet):
    model = StoryPage
    name = "story_listing"
    icon = "doc-full-inverse"
    menu_label = _("Stories")
    menu_order = 190
    add_to_admin_menu = True
    index_view_class = StoryListingView


@hooks.register("register_admin_viewset")
def register_story_listing():
    return StoryListingViewSet()


@hooks.register("register_admin_viewset")
def register_report_queue():
    from .report_queue import ReportQueueViewSet

    return ReportQueueViewSet()


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    from .choices import ReportReason

    def reason_labels(data) -> str:
        reasons = data.get("reasons") or [data.get("reason", "")]
        return ", ".join(
            str(ReportReason(reason).label) if reason in ReportReason.values else reason
            for reason in reasons
        )

    @actions.register_action("terang.report.received")
    class ReceivedFormatter(LogFormatter):
        label = _("Report received")

        def format_message(self, log_entry):
            return _("A reader reported the story: %(reason)s") % {
                "reason": reason_labels(log_entry.data or {})
            }

    messages = {
        "terang.report.dismiss": (
            _("Reports dismissed"),
            _("%(count)s report(s) dismissed (%(reasons)s): %(note)s"),
        ),
        "terang.report.rereview": (
            _("Sent back to review after reports"),
            _("%(count)s report(s) (%(reasons)s): sent back to review: %(note)s"),
        ),
        "terang.report.unpublish": (
            _("Taken off the site after reports"),
            _("%(count)s report(s) (%(reasons)s): taken off the site: %(note)s"),
        ),
    }

    class DecisionFormatter(LogFormatter):
        message = ""

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return self.message % {
                "count": len(data.get("reports", [])),
                "reasons": reason_labels(data),
                "note": data.get("note", ""),
            }

    for action, (label, message) in messages.items():
        actions.register_action(action)(
            type(
                "ReportDecisionFormatter",
                (DecisionFormatter,),
                {"label": label, "message": message},
            )
        )


@hooks.register("register_log_actions")
def register_retention_log_action(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("terang.retention.evidence_erased")
    class EvidenceErasedFormatter(LogFormatter):
        label = _("Evidence erased (retention)")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return ngettext(
                "%(files)d evidence file erased: the story was offline and idle for %(days)d days",
                "%(files)d evidence files erased: the story was offline and idle for %(days)d days",
                data.get("files", 0),
            ) % {"files": data.get("files", 0), "days": data.get("days", 0)}


@hooks.register("register_admin_viewset")
def register_due_rereviews():
    from .renewal_queue import DueRereviewsViewSet

    return DueRereviewsViewSet()


@hooks.register("register_log_actions")
def register_rereview_log_action(actions):
    actions.register_action(
        "terang.rereview.start",
        _("Re-review started"),
        _("Re-review started: the review was due again"),
    )


@hooks.register("register_admin_viewset")
def register_appeal_queue():
    from .appeal_queue import AppealQueueViewSet

    return AppealQueueViewSet()


@hooks.register("register_log_actions")
def register_appeal_log_actions(actions):
    actions.register_action(
        "terang.appeal.received", _("Appeal received"), _("The member appealed the rejection")
    )
    actions.register_action(
        "terang.appeal.upheld",
        _("Appeal: rejection upheld"),
        _("Appeal decided: the rejection stands"),
    )
    actions.register_action(
        "terang.appeal.reopened",
        _("Appeal: back to review"),
        _("Appeal decided: the story is back in review"),
    )


@hooks.register("register_admin_viewset")
def register_reply_queue():
    from .reply_queue import ReplyQueueViewSet

    return ReplyQueueViewSet()


@hooks.register("register_log_actions")
def register_reply_log_actions(actions):
    actions.register_action(
        "terang.reply.submitted", _("Reply submitted"), _("The organisation submitted a reply")
    )
    actions.register_action(
        "terang.reply.approved", _("Reply approved"), _("The organisation's reply is shown")
    )
    actions.register_action(
        "terang.reply.declined", _("Reply declined"), _("The organisation's reply was declined")
    )


@hooks.register("register_admin_viewset")
def register_review_queue():
    from .review_queue import ReviewQueueViewSet

    return ReviewQueueViewSet()


# Sending back and rejecting several stories at once; there is no bulk approval.
hooks.register("register_bulk_action", RequestChangesBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)
