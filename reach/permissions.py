"""Who may curate a story collection: the Django model permissions (the Moderators group,
administrators) for every collection, and an organisation's representatives for its own.

The admin's snippet views and the members' collection pages ask this one policy."""

from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import StoryCollection

REPRESENTATIVE_ACTIONS = {"view", "change", "delete"}


class CollectionPermissionPolicy(ModelPermissionPolicy):
    def _represents(self, user, instance) -> bool:
        if not (user.is_authenticated and user.is_active and instance.organization_id):
            return False
        return instance.organization.memberships.filter(user=user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if self.user_has_permission(user, action):
            return True
        return action in REPRESENTATIVE_ACTIONS and self._represents(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        collections = StoryCollection.objects.all()
        if self.user_has_any_permission(user, actions):
            return collections
        if not (user.is_authenticated and user.is_active) or not (
            REPRESENTATIVE_ACTIONS & set(actions)
        ):
            return collections.none()
        return collections.filter(organization__memberships__user=user).distinct()


collection_policy = CollectionPermissionPolicy(StoryCollection)
