"""A member's rights over their data: withdrawing a story or consent, the export, deletion."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stories.models import StoryPage
from stories.review import story_status

from .. import services
from ..forms import AccountDeleteForm
from ..services import (
    consent_withdraw,
)
from .submission import _own_story


@login_required
@require_http_methods(["GET", "POST"])
def story_withdraw(request, pk):
    story = get_object_or_404(StoryPage, pk=pk, owner=request.user)
    if request.method == "POST":
        was_public = story.live or story.current_workflow_state is not None
        story = services.story_withdraw(member=request.user, story=story)
        if was_public:
            messages.success(
                request,
                _("“%(title)s” is withdrawn: it is no longer on the site or in review.")
                % {"title": story.draft_title},
            )
        else:
            messages.info(
                request,
                _("“%(title)s” was already withdrawn.") % {"title": story.draft_title},
            )
        return redirect("community:dashboard")
    return TemplateResponse(
        request,
        "community/dashboard_story_withdraw.html",
        {
            "story": story,
            "status": story_status(story),
            "in_review": story.current_workflow_state is not None,
        },
    )


@login_required
@require_POST
def story_consent_withdraw(request, pk: int):
    story = _own_story(request, pk)
    consent_withdraw(member=request.user, story=story)
    messages.success(
        request,
        _(
            "You withdrew your consent. The story is not public and will not be reviewed. To "
            "publish it again, agree to publication and submit it."
        ),
    )
    return redirect(reverse("community:story_edit", kwargs={"pk": story.pk}))


@login_required
@require_safe
def data_export(request):
    """A ZIP archive: data.json and the images and evidence files the member uploaded."""
    archive = services.member_export_archive(member=request.user)
    filename = f"terang-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = StreamingHttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    if request.user.is_superuser:
        messages.error(
            request, _("An administrator's account is deleted by another administrator.")
        )
        return redirect("community:dashboard")
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.member_delete(member=request.user)
        logout(request)
        messages.success(
            request,
            _("Your account is deleted and your stories are no longer published. Goodbye."),
        )
        return redirect("/")
    live_stories = StoryPage.objects.filter(owner=request.user).live().count()
    return TemplateResponse(
        request, "community/account_delete.html", {"form": form, "live_stories": live_stories}
    )
