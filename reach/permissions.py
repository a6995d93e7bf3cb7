"""Who may curate a story collection: the Django model permissions (the Moderators group,
administrators) for every collection, and a verified organisation's representatives for its own.

The admin's snippet views, the members' collection pages (reach.curation) and their services ask
this one policy."""

from wagtail.permission_policies.base import ModelPermissionPolicy

from community.models import Organization

from .models import StoryCollection

REPRESENTATIVE_ACTIONS = {"add", "view", "change", "delete"}


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


class CollectionPermissionPolicy(ModelPermissionPolicy):
    def organizations_represented(self, user):
        """The organisations whose collections ``user`` curates as its representative: those
        they act for, once a moderator has verified them."""
        if not _active(user):
            return Organization.objects.none()
        return Organization.objects.represented_by(user).filter(verified=True)

    def _represents(self, user, organization_id) -> bool:
        if not organization_id:
            return False
        return self.organizations_represented(user).filter(pk=organization_id).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if self.user_has_permission(user, action):
            return True
        return action in REPRESENTATIVE_ACTIONS and self._represents(user, instance.organization_id)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        collections = StoryCollection.objects.all()
        if self.user_has_any_permission(user, actions):
            return collections
        if not _active(user) or not (REPRESENTATIVE_ACTIONS & set(actions)):
            return collections.none()
        return collections.filter(organization__in=self.organizations_represented(user))

    def may_curate_for(self, user, organization) -> bool:
        """Whether ``user`` may make, change and delete ``organization``'s collections."""
        return self.user_has_permission_for_instance(
            user, "add", StoryCollection(organization=organization)
        )


collection_policy = CollectionPermissionPolicy(StoryCollection)
