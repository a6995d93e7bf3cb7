from django import template
from django.core.exceptions import ObjectDoesNotExist

from stories.permissions import two_person_review
from stories.scanner.stored import revision_parts

register = template.Library()


@register.inclusion_tag("stories/admin/review_context.html")
def review_context(task_state):
    """What the moderator sees beside the checklist: the scanner's flags, claims, evidence, consent."""
    story = task_state.revision.as_object() if task_state.revision else None
    if story is None:
        return {"story": None}
    return {
        "story": story,
        # The scan stored with the revision under review (scanned now if it has none).
        "flags": [
            (part, found)
            for part in revision_parts(task_state.revision, story)
            for found in part.flags
        ],
        "claims": list(story.claims.all()),
        "evidence_files": list(story.evidence_files.all()),
        "consents": list(story.consents.select_related("user").order_by("-agreed_at")),
        "two_people": two_person_review(),
        # The organisation's matches with regulators' lists (community.services.regulator).
        "regulator_matches": _regulator_matches(story),
    }


def _regulator_matches(story) -> list:
    if not story.organization_id:
        return []
    try:
        organization = story.organization
    except ObjectDoesNotExist:  # deleted since this version was saved
        return []
    return list(organization.regulator_matches.select_related("entry"))
