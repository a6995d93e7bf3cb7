"""A verified organisation's representative replies under a story about it (stories.replies)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stories.forms import ReplyForm
from stories.models import OrganizationReply, StoryPage
from stories.replies import ReplyRefused, may_reply, submit_reply


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_reply(request, pk):
    story = get_object_or_404(StoryPage.objects.live().select_related("organization"), pk=pk)
    if not may_reply(request.user, story):
        raise Http404
    reply = OrganizationReply.objects.filter(story=story).first()
    form = ReplyForm(request.POST or None, initial={"text": reply.text if reply else ""})
    if request.method == "POST" and form.is_valid():
        try:
            submit_reply(story=story, author=request.user, text=form.cleaned_data["text"])
        except ReplyRefused as refusal:
            form.add_error(None, str(refusal.args[0]))
        else:
            messages.success(
                request, _("Your reply is sent. A moderator checks it before it shows.")
            )
            return redirect(reverse("community:dashboard"))
    return TemplateResponse(
        request, "community/story_reply.html", {"story": story, "reply": reply, "form": form}
    )
