"""An organisation's representative curates its collections from the members' pages (they have
no way into the Wagtail admin): make one, change its title, slug, language and description, put
in, take out and reorder its stories, delete it.

Each service asks the one policy (reach.permissions.collection_policy, which the admin's snippet
views ask too) and saves through ``full_clean()``, so the model's rules hold on every path: a
collection of an organisation holds only that organisation's stories, a story put in must be live
and reviewed, at most ``MAX_STORIES``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.models import Organization, User

from .models import StoryCollection, StoryCollectionItem, pickable_stories
from .permissions import collection_policy

FIELDS = ("title", "slug", "language", "description")


def collections_of(user: User, organization: Organization):
    """The organisation's collections, for someone who may curate them; refused to anyone else."""
    if not collection_policy.may_curate_for(user, organization):
        raise PermissionDenied
    return (
        collection_policy.instances_user_has_permission_for(user, "change")
        .filter(organization=organization)
        .prefetch_related("items")
        .order_by("title", "pk")
    )


def stories_to_add(collection: StoryCollection):
    """The stories that may still go into ``collection``: its organisation's live, reviewed
    stories that it does not hold yet, newest first."""
    return (
        pickable_stories(collection.organization_id)
        .exclude(pk__in=collection.items.values("story_id"))
        .defer_streamfields()
        .order_by("-first_published_at", "-pk")
    )


def _check(user: User, action: str, collection: StoryCollection) -> None:
    if not collection_policy.user_has_permission_for_instance(user, action, collection):
        raise PermissionDenied


def _fresh(collection: StoryCollection) -> StoryCollection:
    """The collection as stored, locked for this change: the caller's copy stays as it was when
    a rule refuses the change."""
    return StoryCollection.objects.select_for_update().get(pk=collection.pk)


def _save(collection: StoryCollection, stories: list | None = None) -> StoryCollection:
    """Save the collection, and its stories in the order given, once every rule holds."""
    if stories is not None:
        collection.items.set(
            [
                StoryCollectionItem(story_id=story_id, sort_order=position)
                for position, story_id in enumerate(stories)
            ]
        )
    collection.full_clean()
    collection.save()
    return collection


@transaction.atomic
def collection_create(
    *,
    member: User,
    organization: Organization,
    title: str,
    slug: str = "",
    language: str = "id",
    description: str = "",
) -> StoryCollection:
    collection = StoryCollection(
        organization=organization,
        title=title.strip(),
        slug=slug or slugify(title)[:80].strip("-"),
        language=language,
        description=description.strip(),
        created_by=member,
    )
    _check(member, "add", collection)
    return _save(collection)


@transaction.atomic
def collection_update(*, member: User, collection: StoryCollection, **fields) -> StoryCollection:
    _check(member, "change", collection)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"collection_update() cannot change {sorted(unknown)}")
    collection = _fresh(collection)
    for name, value in fields.items():
        setattr(collection, name, value.strip() if isinstance(value, str) else value)
    return _save(collection)


def _story_ids(collection: StoryCollection) -> list[int]:
    return list(collection.items.order_by("sort_order", "pk").values_list("story_id", flat=True))


@transaction.atomic
def collection_add_story(*, member: User, collection: StoryCollection, story_id: int):
    """Put a story at the end of the collection; refused (ValidationError) unless it is one of
    the organisation's live, reviewed stories, not in yet, within the limit."""
    _check(member, "change", collection)
    collection = _fresh(collection)
    stories = _story_ids(collection)
    if story_id in stories:
        raise ValidationError(_("That story is in the collection already."), code="duplicate")
    return _save(collection, [*stories, story_id])


@transaction.atomic
def collection_remove_story(*, member: User, collection: StoryCollection, story_id: int) -> bool:
    """Take a story out; False when it was not in."""
    _check(member, "change", collection)
    collection = _fresh(collection)
    stories = _story_ids(collection)
    if story_id not in stories:
        return False
    stories.remove(story_id)
    _save(collection, stories)
    return True


@transaction.atomic
def collection_move_story(
    *, member: User, collection: StoryCollection, story_id: int, offset: int
) -> bool:
    """Move a story ``offset`` places (-1: up, 1: down); False when it cannot move so."""
    _check(member, "change", collection)
    collection = _fresh(collection)
    stories = _story_ids(collection)
    if story_id not in stories:
        return False
    old = stories.index(story_id)
    new = old + offset
    if not 0 <= new < len(stories) or new == old:
        return False
    stories.insert(new, stories.pop(old))
    _save(collection, stories)
    return True


@transaction.atomic
def collection_delete(*, member: User, collection: StoryCollection) -> None:
    _check(member, "delete", collection)
    collection.delete()
