"""Who may see an image file, and when an image and its files are erased.

An image is **public** while the live content of a live page nobody restricted shows it (a story's
hero image or body image, a guide's image). Wagtail's reference index knows which page uses which
image: for a live page the page row holds its live content, and the index is kept from that row
(on every save, by a task; on publish also at once, see signal_handlers.index_published_page; on
delete at once). Drafts live in revisions, which the index does not read, so a draft's images
never count. Taking a page offline makes its images private at the next request, because the
page's ``live`` flag is read each time.

Every other image is **private**: only its uploader, moderators and administrators, and people
with Wagtail image permissions (editors choosing images in the admin) may see it. Everyone else
gets the same 404 as for a file that does not exist.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from .models import CustomImage, CustomRendition, StoryPage
from .permissions import is_moderator

ORIGINALS_FOLDER = "original_images/"


def image_for_file(name: str) -> CustomImage | None:
    """The image whose original or one of whose renditions is stored under ``name``."""
    if name.startswith(ORIGINALS_FOLDER):
        return CustomImage.objects.filter(file=name).first()
    rendition = CustomRendition.objects.select_related("image").filter(file=name).first()
    return rendition.image if rendition is not None else None


def _references_to(image_ids):
    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(CustomImage),
        to_object_id__in=[str(pk) for pk in image_ids],
    )


def _page_references_to(image_ids):
    return _references_to(image_ids).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )


def is_public(image: CustomImage) -> bool:
    """Whether a live page that nobody restricted shows the image in its live content."""
    pages = _page_references_to([image.pk]).annotate(page_id=Cast("object_id", BigIntegerField()))
    return Page.objects.live().public().filter(pk__in=pages.values("page_id")).exists()


def may_see_private_image(user, image: CustomImage) -> bool:
    """The uploader, moderators and administrators, and whoever may choose or edit images."""
    if not (user.is_authenticated and user.is_active):
        return False
    if image.uploaded_by_user_id == user.pk or is_moderator(user):
        return True
    policy = policy_registry.get_by_type(CustomImage)
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], image)


def images_on_live_pages(image_ids) -> set[int]:
    """Those of ``image_ids`` that the live content of a live page (restricted or not) shows."""
    pairs = list(_page_references_to(image_ids).values_list("to_object_id", "object_id"))
    live = set(
        Page.objects.live()
        .filter(pk__in={int(page_id) for _image, page_id in pairs})
        .values_list("pk", flat=True)
    )
    return {int(image_id) for image_id, page_id in pairs if int(page_id) in live}


def story_image_ids(story: StoryPage) -> set[int]:
    """Every image the story shows in its page row or in any of its revisions (its drafts)."""
    ids = _images_in(story)
    for revision in story.revisions.all():
        ids |= _images_in(revision.as_object())
    return ids


def _images_in(story: StoryPage) -> set[int]:
    ids = {story.hero_image_id}
    for block in story.body.raw_data if story.body else []:
        value = block.get("value")
        if block.get("type") == "image" and isinstance(value, dict):
            ids.add(value.get("image"))
    return {int(pk) for pk in ids if pk not in (None, "")}


def delete_unused_images(image_ids) -> list[int]:
    """Delete those of ``image_ids`` that nothing in the reference index uses any more.

    Wagtail deletes each image's file and its renditions' files after the transaction commits
    (wagtail.images.signal_handlers, through the task queue).
    """
    used = {int(pk) for pk in _references_to(image_ids).values_list("to_object_id", flat=True)}
    deleted = []
    for image in CustomImage.objects.filter(pk__in=set(image_ids) - used):
        deleted.append(image.pk)
        image.delete()
    return deleted


def erase_member_images(member) -> list[int]:
    """Delete the images ``member`` uploaded, except those another live page still shows.

    Called once the member's own stories are offline, so only other people's live pages count.
    """
    ids = set(CustomImage.objects.filter(uploaded_by_user=member).values_list("pk", flat=True))
    deleted = []
    for image in CustomImage.objects.filter(pk__in=ids - images_on_live_pages(ids)):
        deleted.append(image.pk)
        image.delete()
    return deleted
