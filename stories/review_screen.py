"""One screen per story in the review queue: the story's text with the scanner's flags marked in
place, each checklist item with the flags and evidence that bear on it, corrections of the
scanner, and the decision, taken through the workflow task's own actions. The second step of a
two-person review gets the same screen. After a decision, the next story in the queue."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .checklist import CHECKS, Check
from .choices import CheckResult, ReviewOutcome, ReviewStep
from .forms import ApprovalForm, ChecklistForm, ReasonForm, ScanCorrectionForm
from .models import ReviewDecision, ScanFeedback, ScanFlagCode, StoryPage
from .permissions import two_person_review
from .review_locks import release, take, taken_by_other
from .review_queue import next_story, review_policy
from .scanner import LANGUAGES, engine
from .scanner.stored import revision_parts
from .scanner.story import ScannedPart

# Which checklist items each of the scanner's flags bears on.
CHECK_FLAGS = {
    "real_product": ("no_selling_needed",),
    "income_claims": ("income_claim", "guaranteed_income", "unrealistic_timeframe"),
    "no_recruitment_earnings": (
        "recruitment_earnings",
        "no_selling_needed",
        "upfront_fee",
        "pressure_tactics",
    ),
    "no_guaranteed_returns": ("guaranteed_income", "fixed_return"),
    "material_connection": (),
    "consent": (),
    "identity": (),
}

DECISIONS = {
    # The screen's name for a decision -> (the task's action, the form's prefix)
    "approve": "approve",
    "changes": "reject",
    "reject": "decline",
}

PASSAGE_LIMIT = 5000


@dataclass(frozen=True)
class ShownFlag:
    number: int
    part: int
    code: str
    label: Promise
    severity: str
    match: str
    start: int
    end: int
    explanation: str
    guide_url: str


@dataclass
class ShownPart:
    index: int
    label: str
    text: str
    html: SafeString
    flags: list[ShownFlag] = field(default_factory=list)


@dataclass
class ShownCheck:
    check: Check
    flags: list[ShownFlag]
    field: object = None
    earlier_result: str = ""


def result_label(value: str) -> str:
    return str(CheckResult(value).label) if value in CheckResult.values else value


def admin_language() -> str:
    language = (get_language() or "en")[:2]
    return language if language in LANGUAGES else "en"


def shown_parts(story, revision=None) -> list[ShownPart]:
    """The story's parts, each with its flags numbered through the story, in the admin user's
    language (explanation and guide), and its text with the flags marked in place. The flags are
    those stored with ``revision`` (the story's content) when it has a scan by this scanner, else
    the story is scanned now (and the scan stored with the revision)."""
    language = admin_language()
    catalogue = engine.load_catalogue()
    labels = dict(ScanFlagCode.choices)
    parts: list[ShownPart] = []
    number = 0
    for index, part in enumerate(revision_parts(revision, story)):
        shown = ShownPart(index=index, label=part.label, text=part.text, html=SafeString(""))
        for found in part.flags:
            number += 1
            flag = found.flag
            shown.flags.append(
                ShownFlag(
                    number=number,
                    part=index,
                    code=flag.code,
                    label=labels.get(flag.code, flag.code),
                    severity=flag.severity,
                    match=flag.match,
                    start=flag.start,
                    end=flag.end,
                    explanation=catalogue.flags[flag.code].explanations.get(
                        language, flag.explanation
                    ),
                    guide_url=catalogue.guide_url(flag.code, language),
                )
            )
        shown.html = highlighted(part, shown.flags)
        parts.append(shown)
    return parts


def highlighted(part: ScannedPart, flags: list[ShownFlag]) -> SafeString:
    """The part's text, escaped, each flag in a ``<mark>`` (a flag inside another is listed but
    not marked twice)."""
    pieces, position = [], 0
    for flag in flags:
        if flag.start < position:
            continue
        pieces.append(escape(part.text[position : flag.start]))
        pieces.append(
            format_html(
                '<mark class="review-flag review-flag--{}" id="flag-{}" title="{}">{}'
                '<sup aria-hidden="true">{}</sup></mark>',
                flag.severity,
                flag.number,
                flag.label,
                part.text[flag.start : flag.end],
                flag.number,
            )
        )
        position = flag.end
    pieces.append(escape(part.text[position:]))
    return format_html("{}" * len(pieces), *pieces)


def passage_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The paragraph of ``text`` holding ``start:end`` (at most PASSAGE_LIMIT characters) and
    where it begins in ``text``."""
    begin = text.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    finish = text.find("\n\n", end)
    finish = len(text) if finish < 0 else finish
    if finish - begin > PASSAGE_LIMIT:
        begin = max(begin, min(start, end - PASSAGE_LIMIT // 2) - PASSAGE_LIMIT // 4)
        finish = min(finish, begin + PASSAGE_LIMIT)
    return text[begin:finish], begin


def record_correction(*, story, revision, moderator, parts: list[ShownPart], data) -> ScanFeedback:
    """Store a correction of the scanner (``ScanFeedback``) from the screen's form, taking the
    passage from the story itself, never from what the browser sent."""
    if data["part"] >= len(parts):
        raise ValidationError(gettext("That part of the story no longer exists."))
    text = parts[data["part"]].text
    if data["verdict"] == ScanFeedback.Verdict.WRONG:
        start, end = data.get("start"), data.get("end")
        if start is None or end is None or not 0 <= start < end <= len(text):
            raise ValidationError(gettext("That flag is no longer in the story."))
    else:
        phrase = (data.get("phrase") or "").strip()
        if not phrase:
            raise ValidationError(gettext("Copy the words the scanner missed."))
        start = text.find(phrase)
        if start < 0:
            raise ValidationError(
                gettext("Those words are not in that part of the story: copy them exactly.")
            )
        end = start + len(phrase)
    passage, offset = passage_around(text, start, end)
    feedback = ScanFeedback(
        story=story,
        revision=revision,
        moderator=moderator,
        code=data["code"],
        verdict=data["verdict"],
        language=story.language,
        passage=passage,
        phrase=text[start:end],
        start=start - offset,
        end=end - offset,
        reason=data["reason"].strip(),
    )
    feedback.full_clean()
    feedback.save()
    return feedback


class ReviewScreenView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = review_policy
    permission_required = "review"
    template_name = "stories/admin/review_screen.html"
    header_icon = "clipboard-list"
    _show_breadcrumbs = True

    def get(self, request, *args, **kwargs):
        self.load(kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def load(self, pk):
        """Read the story once the permission check let the request through, so that whoever
        may not review learns nothing, not even whether a story exists."""
        self.page = get_object_or_404(StoryPage, pk=pk)
        self.task_state = self.page.current_workflow_task_state
        self.task = self.task_state.task.specific if self.task_state else None
        revision = self.task_state.revision if self.task_state else None
        self.revision = revision or self.page.get_latest_revision()
        self.story = self.revision.as_object() if self.revision else self.page

    def get_page_title(self):
        return self.story.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": gettext("Home")},
            {"url": reverse("review_queue:index"), "label": gettext("Review queue")},
            {"url": "", "label": self.story.title},
        ]

    # What the moderator may do here now.

    def step(self) -> str:
        return getattr(self.task, "step", "")

    def actions(self) -> set[str]:
        if self.task is None:
            return set()
        return {
            name for name, _label, _modal in self.task.get_actions(self.page, self.request.user)
        }

    def holds(self) -> bool:
        user = self.request.user
        return self.page.locked and self.page.locked_by_id == user.pk

    def why_not(self) -> str:
        """Why this moderator cannot decide on this step now, or ""."""
        if self.task is None:
            return gettext("This story is not waiting for a review step.")
        user = self.request.user
        return (
            taken_by_other(self.page.pk, user)
            or self.task.refusal(self.page, user, self.task_state)
            or ("" if self.actions() else gettext("You are not one of this step's reviewers."))
        )

    def forms(self, data=None, bound: str = ""):
        approval_form = ChecklistForm if self.step() == ReviewStep.TRANSPARENCY else ApprovalForm
        classes = {"approve": approval_form, "changes": ReasonForm, "reject": ReasonForm}
        return {
            name: form_class(data if name == bound else None, prefix=name)
            for name, form_class in classes.items()
        }

    def get_context_data(self, forms=None, correction_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = forms or self.forms()
        parts = shown_parts(self.story, self.revision)
        flags = [flag for part in parts for flag in part.flags]
        earlier = self.transparency_approval()
        checks = []
        for check in CHECKS:
            bearing = [flag for flag in flags if flag.code in CHECK_FLAGS[check.code]]
            checks.append(
                ShownCheck(
                    check=check,
                    flags=bearing,
                    field=forms["approve"][f"check_{check.code}"]
                    if f"check_{check.code}" in forms["approve"].fields
                    else None,
                    earlier_result=result_label(
                        earlier.checks.get(check.code, "") if earlier else ""
                    ),
                )
            )
        why_not = self.why_not()
        context.update(
            page=self.page,
            story=self.story,
            task_state=self.task_state,
            step_label=self.task.name if self.task else "",
            is_transparency=self.step() == ReviewStep.TRANSPARENCY,
            parts=parts,
            flags=flags,
            checks=checks,
            evidence=self.evidence(),
            earlier=earlier,
            holds=self.holds(),
            why_not=why_not,
            may_take=not why_not and not self.holds() and not self.page.locked,
            approve_form=forms["approve"],
            changes_form=forms["changes"],
            reject_form=forms["reject"],
            correction_form=correction_form or ScanCorrectionForm(),
            flag_codes=ScanFlagCode.choices,
            two_people=two_person_review(),
            queue_url=reverse("review_queue:index"),
            invited_by=self.inviter(),
            history_url=reverse("wagtailadmin_pages:history", args=(self.page.pk,)),
            compare_url=self.compare_url(),
        )
        return context

    def inviter(self):
        """The organisation whose request link the story was started from (a material
        connection), or None."""
        link = self.page.request_link
        return link.organization if link else None

    def transparency_approval(self):
        if self.task_state is None or self.step() != ReviewStep.EDITORIAL:
            return None
        return (
            ReviewDecision.objects.filter(
                task_state__workflow_state_id=self.task_state.workflow_state_id,
                revision_id=self.task_state.revision_id,
                step=ReviewStep.TRANSPARENCY,
                outcome=ReviewOutcome.APPROVED,
            )
            .select_related("moderator")
            .first()
        )

    def evidence(self) -> dict:
        from .templatetags.review_tags import _regulator_matches

        story = self.story
        return {
            "claims": list(story.claims.all()),
            "files": list(self.page.evidence_files.all()),
            "consents": list(self.page.consents.select_related("user").order_by("-agreed_at")),
            "regulator_matches": _regulator_matches(story),
        }

    def compare_url(self) -> str:
        previous = (
            self.page.revisions.filter(created_at__lt=self.revision.created_at)
            .order_by("-created_at")
            .values_list("pk", flat=True)
            .first()
            if self.revision
            else None
        )
        if previous is None:
            return ""
        return reverse(
            "wagtailadmin_pages:revisions_compare",
            args=(self.page.pk, previous, self.revision.pk),
        )

    # What the moderator does.

    def post(self, request, *args, **kwargs):
        self.load(kwargs["pk"])
        action = request.POST.get("action", "")
        if action == "take":
            return self.take()
        if action == "release":
            release(self.page.pk, request.user)
            messages.success(request, gettext("You released “%(title)s”.") % self._title())
            return redirect("review_queue:index")
        if action == "correction":
            return self.correct()
        if action in DECISIONS:
            return self.decide(action)
        messages.error(request, gettext("Choose what to do with the story."))
        return redirect("review_queue:story", pk=self.page.pk)

    def _title(self) -> dict:
        return {"title": self.story.title}

    def take(self):
        why_not = self.why_not()
        if why_not:
            messages.error(self.request, why_not)
        elif not take(self.page, self.request.user):
            messages.error(self.request, taken_by_other(self.page.pk, self.request.user))
        return redirect("review_queue:story", pk=self.page.pk)

    def decide(self, name: str):
        request = self.request
        posted_state = request.POST.get("task_state", "")
        if self.task_state is None or str(self.task_state.pk) != posted_state:
            messages.error(
                request,
                gettext("This step of “%(title)s” was decided meanwhile; nothing was changed.")
                % self._title(),
            )
            return redirect("review_queue:story", pk=self.page.pk)
        if not self.holds():
            messages.error(
                request,
                self.why_not() or gettext("Take the story first: then nobody else reviews it."),
            )
            return redirect("review_queue:story", pk=self.page.pk)
        forms = self.forms(request.POST, bound=name)
        form = forms[name]
        task_action = DECISIONS[name]
        if task_action not in self.actions():
            raise PermissionDenied(self.why_not())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(forms=forms), status=400)
        try:
            with transaction.atomic():
                self.task.on_action(self.task_state, request.user, task_action, **form.cleaned_data)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal) or gettext("You may not decide on this story."))
            return redirect("review_queue:story", pk=self.page.pk)
        messages.success(request, self.decided_message(name))
        following = next_story(request.user, after=self.page.pk)
        if following is None:
            messages.info(request, gettext("Nothing else in the queue is waiting for you."))
            return redirect("review_queue:index")
        return redirect("review_queue:story", pk=following.pk)

    def decided_message(self, name: str) -> str:
        if name == "approve" and self.step() == ReviewStep.TRANSPARENCY:
            if two_person_review():
                message = gettext(
                    "“%(title)s”: checklist complete. A second moderator gives the editorial "
                    "approval."
                )
            else:
                message = gettext("“%(title)s”: checklist complete; editorial approval is next.")
        elif name == "approve":
            message = gettext("“%(title)s” approved and published.")
        elif name == "changes":
            message = gettext("“%(title)s” sent back to its member with your reason.")
        else:
            message = gettext("“%(title)s” rejected.")
        return message % self._title()

    def correct(self):
        request = self.request
        form = ScanCorrectionForm(request.POST)
        if form.is_valid():
            try:
                record_correction(
                    story=self.page,
                    revision=self.revision,
                    moderator=request.user,
                    parts=shown_parts(self.story, self.revision),
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(correction_form=form), status=400)
        messages.success(
            request,
            gettext("Thank you: the correction is kept for the scanner's next training."),
        )
        return redirect("review_queue:story", pk=self.page.pk)
