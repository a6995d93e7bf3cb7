"""The submission form: writing a story, checking it for red flags, sending it for review."""

import uuid

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stories.models import StoryPage
from stories.review import member_may_edit, story_status
from stories.scanner.story import scan_story

from ..forms.submission import StorySubmission
from ..models import ConsentKind, User
from ..services import (
    DeclarationsMissing,
    NothingToSubmit,
    StoryInReview,
    story_declarations,
    story_save_draft,
    story_submit,
)

FORM_TOKENS_SESSION_KEY = "community.story_form_tokens"


FORM_TOKENS_KEPT = 20


def _own_story(request, pk: int) -> StoryPage:
    """The member's own story; anyone else's (or none) is a 404, never a hint that it exists."""
    return get_object_or_404(StoryPage, pk=pk, owner=request.user)


def _form_response(request, submission: StorySubmission, *, story=None, status=200):
    context = {
        "story": story,
        "form": submission.form,
        "claims": submission.claims,
        "images": submission.images,
    }
    if story is not None:
        context["status"] = story_status(story)
        context["decision"] = story.review_decisions.order_by("-created_at", "-pk").first()
    return TemplateResponse(request, "community/story_form.html", context, status=status)


def _not_saved(request, submission: StorySubmission, reason: str | None = None) -> None:
    if reason:
        messages.error(request, reason)
    messages.error(
        request,
        _(
            "Your story was not saved. Correct the marked fields below; everything you typed is "
            "still here."
        ),
    )
    if submission.had_files:
        messages.warning(
            request,
            _(
                "Browsers cannot keep chosen files after an error, so the files you just chose "
                "were not uploaded: choose them again. Files saved earlier are still attached."
            ),
        )


def _after_save(request, story: StoryPage):
    if request.POST.get("action") == "check":
        return redirect("community:story_check", pk=story.pk)
    messages.success(request, _("Your draft is saved. Nobody else can see it."))
    return redirect("community:story_edit", pk=story.pk)


def _save_allowed(request, submission: StorySubmission) -> bool:
    """Count one save (per member and per address, ACCOUNT_RATE_LIMITS "story_save"); over the
    limit the form says so and keeps everything typed."""
    if ratelimit.consume(request, action="story_save", user=request.user):
        return True
    submission.form.add_error(
        None,
        _(
            "You saved very often in the last hour, so this save was refused. Wait a few minutes, "
            "then save again: everything you typed is still here."
        ),
    )
    return False


def _save(request, submission: StorySubmission, story: StoryPage | None) -> StoryPage | None:
    try:
        return story_save_draft(member=request.user, story=story, data=submission.to_draft())
    except ValidationError as error:
        for message in error.messages:
            submission.form.add_error(None, message)
    except DeclarationsMissing:
        submission.form.add_error(
            "consent_to_publish",
            _("Your story can only be saved if you agree to its publication after review."),
        )
    return None


def _form_token(value) -> str | None:
    try:
        return uuid.UUID(str(value)).hex
    except ValueError:
        return None


def _create_once(request, submission: StorySubmission, token: str | None):
    """Create the story unless this very form was already saved (a double click, a resent POST)."""
    with transaction.atomic():
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
        story = _save(request, submission, None)
        if story is not None and token:
            tokens[token] = story.pk
            request.session[FORM_TOKENS_SESSION_KEY] = dict(
                list(tokens.items())[-FORM_TOKENS_KEPT:]
            )
            request.session.save()
        return story, True


@login_required
def story_create(request):
    if request.method != "POST":
        submission = StorySubmission(member=request.user)
        submission.form.initial["form_token"] = uuid.uuid4().hex
        return _form_response(request, submission)

    submission = StorySubmission(member=request.user, data=request.POST, files=request.FILES)
    if submission.is_valid() and _save_allowed(request, submission):
        story, created = _create_once(
            request, submission, _form_token(submission.form.cleaned_data["form_token"])
        )
        if story is not None:
            if not created:
                messages.info(request, _("This story was already saved; here is your draft."))
            return _after_save(request, story)
    _not_saved(request, submission)
    return _form_response(request, submission)


@login_required
def story_edit(request, pk: int):
    story = _own_story(request, pk)
    if request.method != "POST":
        if not member_may_edit(story):
            return _in_review_response(request, story)
        return _form_response(
            request, StorySubmission(member=request.user, story=story), story=story
        )

    submission = StorySubmission(
        member=request.user, story=story, data=request.POST, files=request.FILES
    )
    if not member_may_edit(story):
        _not_saved(
            request,
            submission,
            _(
                "This story is now in review, so it cannot change until the moderators answer. "
                "Copy any changes you want to keep."
            ),
        )
        return _form_response(request, submission, story=story, status=409)
    if submission.is_valid() and _save_allowed(request, submission):
        try:
            saved = _save(request, submission, story)
        except StoryInReview:
            saved = None
            submission.form.add_error(None, _("This story is now in review."))
        if saved is not None:
            return _after_save(request, saved)
    _not_saved(request, submission)
    return _form_response(request, submission, story=story)


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
            "story": story,
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
        return redirect("community:story_edit", pk=story.pk)
    except NothingToSubmit:
        messages.info(
            request,
            _("Nothing changed since the published version, so there is nothing to review."),
        )
        return redirect("community:story_edit", pk=story.pk)
    messages.success(
        request,
        _("Your story was sent for review. We will e-mail you when a moderator has looked at it."),
    )
    return redirect("community:story_edit", pk=story.pk)
