"""The submission form, in steps: each step at its own address saves its part of the draft, then
the red-flag check (the last step) and sending the story for review."""

import uuid
from dataclasses import dataclass

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stories.models import StoryPage
from stories.review import member_may_edit, story_status
from stories.scanner.story import scan_story
from stories.storage import files_removed_unless_committed

from ..forms.submission import STEP_FORMS, AboutStep, SubmissionStep
from ..models import ConsentKind, RequestLink, RequestLinkState, User
from ..services import (
    DeclarationsMissing,
    NothingToSubmit,
    StoryInReview,
    request_links,
    story_declarations,
    story_save_draft,
    story_submit,
)

FORM_TOKENS_SESSION_KEY = "community.story_form_tokens"
FORM_TOKENS_KEPT = 20


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    url_name: str


STEPS = (
    Step("story", gettext_lazy("Your story"), "community:story_edit"),
    Step("claims", gettext_lazy("Claims and evidence"), "community:story_claims"),
    Step("images", gettext_lazy("Images"), "community:story_images"),
    Step("declarations", gettext_lazy("Declarations"), "community:story_declarations"),
    Step("check", gettext_lazy("Check and submit"), "community:story_check"),
)
STEP_KEYS = [step.key for step in STEPS]


def _own_story(request, pk: int) -> StoryPage:
    """The member's own story; anyone else's (or none) is a 404, never a hint that it exists."""
    return get_object_or_404(StoryPage, pk=pk, owner=request.user)


def _step_url(key: str, story: StoryPage) -> str:
    return reverse(STEPS[STEP_KEYS.index(key)].url_name, args=[story.pk])


def _progress(story: StoryPage | None, current: str) -> list[dict]:
    """The steps for the progress indicator; each is a link once the story exists."""
    return [
        {
            "number": number,
            "title": step.title,
            "current": step.key == current,
            "url": _step_url(step.key, story) if story is not None else None,
        }
        for number, step in enumerate(STEPS, start=1)
    ]


def _step_context(story: StoryPage | None, key: str) -> dict:
    index = STEP_KEYS.index(key)
    context = {
        "story": story,
        "step_key": key,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "step_title": STEPS[index].title,
        "progress": _progress(story, key),
        "previous_url": _step_url(STEP_KEYS[index - 1], story) if story and index else None,
    }
    if story is not None:
        context["status"] = story_status(story)
        context["decision"] = story.review_decisions.order_by("-created_at", "-pk").first()
    return context


def _step_response(request, step: SubmissionStep, *, story=None, status=200, **extra):
    context = {**_step_context(story, step.key), "step": step, **extra}
    return TemplateResponse(
        request, f"community/story_step_{step.key}.html", context, status=status
    )


def _not_saved(request, step: SubmissionStep, reason: str | None = None) -> None:
    if reason:
        messages.error(request, reason)
    messages.error(
        request,
        _(
            "This step was not saved. Correct the marked fields below; everything you typed is "
            "still here."
        ),
    )
    if step.had_files:
        messages.warning(
            request,
            _(
                "Browsers cannot keep chosen files after an error, so the files you just chose "
                "were not uploaded: choose them again. Files saved earlier are still attached."
            ),
        )


def _after_save(request, story: StoryPage, key: str):
    """Where a saved step leads: the next step, the one before (“Back”), or itself (“Save”)."""
    index = STEP_KEYS.index(key)
    action = request.POST.get("action")
    if action == "save":
        messages.success(request, _("Your draft is saved. Nobody else can see it."))
        return redirect(_step_url(key, story))
    if action == "back" and index > 0:
        return redirect(_step_url(STEP_KEYS[index - 1], story))
    return redirect(_step_url(STEP_KEYS[index + 1], story))


def _save_allowed(request, step: SubmissionStep) -> bool:
    """Count one save (per member and per address, ACCOUNT_RATE_LIMITS "story_save"); over the
    limit the step says so and keeps everything typed."""
    if ratelimit.consume(request, action="story_save", user=request.user):
        return True
    step.add_error(
        _(
            "You saved very often in the last hour, so this save was refused. Wait a few minutes, "
            "then save again: everything you typed is still here."
        )
    )
    return False


def _save(request, step: SubmissionStep, story: StoryPage | None) -> StoryPage | None:
    try:
        return story_save_draft(member=request.user, story=story, data=step.to_part())
    except ValidationError as error:
        for message in error.messages:
            step.add_error(message)
    except StoryInReview:
        step.add_error(_("This story is now in review."))
    return None


def _form_token(value) -> str | None:
    try:
        return uuid.UUID(str(value)).hex
    except ValueError:
        return None


def _create_once(request, step: AboutStep, token: str | None):
    """Create the story unless this very form was already saved (a double click, a resent POST)."""
    with files_removed_unless_committed():
        # Serialise one member's creations, then read the session again from its store: a twin
        # request may have finished while this one waited.
        User.objects.select_for_update().filter(pk=request.user.pk).first()
        session_key = request.session.session_key
        stored = type(request.session)(session_key) if session_key else request.session
        tokens = dict(stored.get(FORM_TOKENS_SESSION_KEY, {}))
        if token and token in tokens:
            story = StoryPage.objects.filter(pk=tokens[token], owner=request.user).first()
            if story is not None:
                return story, False
        story = _save(request, step, None)
        if story is not None and token:
            tokens[token] = story.pk
            request.session[FORM_TOKENS_SESSION_KEY] = dict(
                list(tokens.items())[-FORM_TOKENS_KEPT:]
            )
            request.session.save()
        return story, True


def _invitation_start(request, step: AboutStep):
    """The form started from an organisation's request link (``?invitation=<token>``): its
    organisation and industry set, or where the link leads instead: the link's own page when it
    is closed, the member's story when they already started one through it."""
    token = request.GET["invitation"]
    if not request_links.is_token(token):
        return None, HttpResponseBadRequest(
            _("This invitation link is not valid."), content_type="text/plain; charset=utf-8"
        )
    link = get_object_or_404(
        RequestLink.objects.select_related("organization", "industry"), token=token
    )
    if request_links.state_of(link) != RequestLinkState.OPEN:
        return None, redirect(link.get_absolute_url())
    started = request_links.story_begun_through(request.user, link)
    if started is not None:
        messages.info(request, _("You already started a story through this link; here it is."))
        return None, redirect(_step_url("story", started))
    step.form.initial.update(invitation=token, organization_name=link.organization.name)
    if link.industry_id:
        step.form.initial["industries"] = [link.industry_id]
    return link, None


@login_required
def story_create(request):
    """The first step for a new story; saving it creates the member's private draft."""
    if request.method != "POST":
        step = AboutStep(member=request.user)
        step.form.initial["form_token"] = uuid.uuid4().hex
        invitation = None
        if "invitation" in request.GET:
            invitation, elsewhere = _invitation_start(request, step)
            if elsewhere is not None:
                return elsewhere
        return _step_response(request, step, invitation=invitation)

    step = AboutStep(member=request.user, data=request.POST, files=request.FILES)
    if step.is_valid() and _save_allowed(request, step):
        story, created = _create_once(
            request, step, _form_token(step.form.cleaned_data["form_token"])
        )
        if story is not None:
            if not created:
                messages.info(request, _("This story was already saved; here is your draft."))
            return _after_save(request, story, step.key)
    _not_saved(request, step)
    return _step_response(
        request, step, invitation=getattr(step.form, "cleaned_data", {}).get("invitation")
    )


@login_required
def story_step(request, pk: int, step: str):
    """One step of the form (``step`` is a key of STEP_FORMS) for the member's own story."""
    story = _own_story(request, pk)
    if step not in STEP_FORMS:
        raise Http404
    step_form = STEP_FORMS[step]
    if request.method != "POST":
        if not member_may_edit(story):
            return _in_review_response(request, story)
        return _step_response(request, step_form(member=request.user, story=story), story=story)

    submitted = step_form(member=request.user, story=story, data=request.POST, files=request.FILES)
    if not member_may_edit(story):
        _not_saved(
            request,
            submitted,
            _(
                "This story is now in review, so it cannot change until the moderators answer. "
                "Copy any changes you want to keep."
            ),
        )
        return _step_response(request, submitted, story=story, status=409)
    if submitted.is_valid() and _save_allowed(request, submitted):
        saved = _save(request, submitted, story)
        if saved is not None:
            return _after_save(request, saved, submitted.key)
    _not_saved(request, submitted)
    return _step_response(request, submitted, story=story)


def _in_review_response(request, story: StoryPage):
    return TemplateResponse(
        request,
        "community/story_in_review.html",
        {
            "story": story,
            "draft": story.get_latest_revision_as_object(),
            "consent": story_declarations(story=story)[ConsentKind.PUBLISH],
        },
    )


@login_required
def story_check(request, pk: int):
    story = _own_story(request, pk)
    draft = story.get_latest_revision_as_object()
    parts = scan_story(draft)
    declarations = story_declarations(story=story)
    declarations_ok = declarations[ConsentKind.PUBLISH] is not None and all(
        consent is None or consent.is_current for consent in declarations.values()
    )
    return TemplateResponse(
        request,
        "community/story_check.html",
        {
            **_step_context(story, "check"),
            "draft": draft,
            "parts": [part for part in parts if part.flags],
            "flag_count": sum(len(part.flags) for part in parts),
            "in_review": not member_may_edit(story),
            "declarations_ok": declarations_ok,
            "nothing_to_submit": story.live and not story.has_unpublished_changes,
        },
    )


@login_required
@require_POST
def story_submit_view(request, pk: int):
    story = _own_story(request, pk)
    if not ratelimit.consume(request, action="story_submit", user=request.user):
        messages.error(
            request,
            _(
                "You sent stories for review very often in the last hour, so this one was not "
                "sent. Your story is saved: wait a few minutes, then submit it again from this "
                "page."
            ),
        )
        return redirect("community:story_check", pk=story.pk)
    if request.POST.get("revision") != str(story.latest_revision_id) and member_may_edit(story):
        messages.warning(
            request,
            _("Your story changed since you checked it. Look at the check again, then submit."),
        )
        return redirect("community:story_check", pk=story.pk)
    try:
        story_submit(member=request.user, story=story)
    except DeclarationsMissing:
        messages.error(
            request,
            _("Before your story can be reviewed, agree to the current declarations on this page."),
        )
        return redirect("community:story_declarations", pk=story.pk)
    except NothingToSubmit:
        messages.info(
            request,
            _("Nothing changed since the published version, so there is nothing to review."),
        )
        return redirect("community:story_check", pk=story.pk)
    messages.success(
        request,
        _("Your story was sent for review. We will e-mail you when a moderator has looked at it."),
    )
    return redirect("community:story_edit", pk=story.pk)
