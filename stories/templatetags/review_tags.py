from django import template

from stories.body import story_text
from stories.permissions import two_person_review
from stories.scanner import LANGUAGES, scan

register = template.Library()


@register.inclusion_tag("stories/admin/review_context.html")
def review_context(task_state):
    """What the moderator sees beside the checklist: the scanner's flags, claims, evidence, consent."""
    story = task_state.revision.as_object() if task_state.revision else None
    if story is None:
        return {"story": None}
    claims = list(story.claims.all())
    fields = story_text(story)
    texts = [fields["title"], fields["summary"], fields["body"]]
    texts += [text for claim in claims for text in (claim.statement, claim.evidence_note)]
    language = story.language if story.language in LANGUAGES else "auto"
    return {
        "story": story,
        "flags": scan("\n\n".join(t for t in texts if t), language).flags,
        "claims": claims,
        "evidence_files": list(story.evidence_files.all()),
        "consents": list(story.consents.select_related("user").order_by("-agreed_at")),
        "two_people": two_person_review(),
    }
