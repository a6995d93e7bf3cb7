"""The member's story submission form, in steps: the story, its claims with evidence, its images,
the declarations (the last step, the red-flag check, is a page of its own: views.submission).

Each step is one object (``AboutStep``, ``ClaimsStep``, ``ImagesStep``, ``DeclarationsStep``) with
the forms it shows, filled from the story's latest draft; valid, it gives its part of the story
(``to_part``) for ``story_save_draft``.

A field marks itself required or optional from its own ``required``; a field needed only in some
case (the description of an image, once there is an image) says which in ``required_when``.
templates/community/story_field.html shows that marker, for every field of every step.
"""

from .fields import (
    EVIDENCE_ACCEPT,
    IMAGE_ACCEPT,
    MAX_BODY_IMAGES,
    MAX_CLAIMS,
    MAX_INDUSTRIES,
    SECTION_MAX_CHARS,
)
from .steps import STEP_FORMS, AboutStep, ClaimsStep, DeclarationsStep, ImagesStep, SubmissionStep

__all__ = [
    "EVIDENCE_ACCEPT",
    "IMAGE_ACCEPT",
    "MAX_BODY_IMAGES",
    "MAX_CLAIMS",
    "MAX_INDUSTRIES",
    "SECTION_MAX_CHARS",
    "STEP_FORMS",
    "AboutStep",
    "ClaimsStep",
    "DeclarationsStep",
    "ImagesStep",
    "SubmissionStep",
]
