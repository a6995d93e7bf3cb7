from django import template
from django.utils.html import strip_tags

from stories.models import StoryPage

register = template.Library()


def story_text(story: StoryPage) -> str:
    """The text a reader sees, in reading order: what the scanner and the moderator look at."""
    parts = [story.title, story.summary, story.product_or_service, story.product_description]
    for block in story.body:
        if block.block_type in ("heading", "paragraph"):
            parts.append(str(getattr(block.value, "source", block.value)))
        elif block.block_type == "testimonial":
            parts.append(block.value["quote"])
    parts.extend(claim.statement for claim in story.claims.all())
    return "\n\n".join(p for p in parts if p)


@register.inclusion_tag("stories/admin/review_context.html")
def review_context(task_state):
    story = task_state.revision.as_object() if task_state.revision else None
    if story is None:
        return {"story": None}
    from stories.scanner import scan

    text = strip_tags(story_text(story))
    return {
        "story": story,
        "flags": scan(text, story.language if story.language in ("id", "en") else "auto").flags,
        "claims": list(story.claims.all()),
        "evidence_files": list(story.evidence_files.all()),
        "consents": list(story.consents.select_related("user").order_by("-agreed_at")),
    }
