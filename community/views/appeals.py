"""A member appeals the rejection of their story (stories.appeals): once, with a statement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stories.appeals import AppealRefused, appeal_rejection, appealable_rejection
from stories.forms import AppealForm

from .submission import _own_story


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_appeal(request, pk):
    story = _own_story(request, pk)
    rejection = appealable_rejection(story, request.user)
    if rejection is None:
        raise Http404
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal_rejection(
                story=story, member=request.user, statement=form.cleaned_data["statement"]
            )
        except AppealRefused as refusal:
            form.add_error(None, str(refusal.args[0]))
        else:
            messages.success(
                request,
                _("Your appeal is sent. A moderator other than the one who decided will answer."),
            )
            return redirect(reverse("community:dashboard") + f"#story-{story.pk}")
    return TemplateResponse(
        request,
        "community/story_appeal.html",
        {"story": story, "rejection": rejection, "form": form},
    )
