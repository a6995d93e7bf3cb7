from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("organisations/<slug:slug>/", views.organization_detail, name="organization"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/stories/<int:pk>/withdraw/", views.story_withdraw, name="story_withdraw"),
    path("me/stories/<int:pk>/readers/", views.story_readers, name="story_readers"),
    path("me/stories/<int:pk>/appeal/", views.story_appeal, name="story_appeal"),
    path("me/stories/<int:pk>/reply/", views.story_reply, name="story_reply"),
    path("me/data/", views.data_export, name="data_export"),
    path("me/emails/", views.email_preferences, name="email_preferences"),
    path("me/emails/unsubscribe/<str:token>/", views.email_unsubscribe, name="email_unsubscribe"),
    path("me/delete/", views.account_delete, name="account_delete"),
    path("me/organisations/new/", views.organization_create, name="organization_create"),
    path("me/organisations/<slug:slug>/edit/", views.organization_edit, name="organization_edit"),
    path(
        "me/organisations/<slug:slug>/request-links/",
        views.request_link_list,
        name="request_links",
    ),
    path(
        "me/organisations/<slug:slug>/request-links/<int:pk>/close/",
        views.request_link_revoke,
        name="request_link_revoke",
    ),
    path("invite/<str:token>/", views.request_link_open, name="request_link_open"),
    path("submit/", views.story_create, name="story_create"),
    # The form's steps: your story, claims and evidence, images, declarations, then the check.
    path("submit/<int:pk>/", views.story_step, {"step": "story"}, name="story_edit"),
    path("submit/<int:pk>/claims/", views.story_step, {"step": "claims"}, name="story_claims"),
    path("submit/<int:pk>/images/", views.story_step, {"step": "images"}, name="story_images"),
    path(
        "submit/<int:pk>/declarations/",
        views.story_step,
        {"step": "declarations"},
        name="story_declarations",
    ),
    path("submit/<int:pk>/check/", views.story_check, name="story_check"),
    path("submit/<int:pk>/submit/", views.story_submit_view, name="story_submit"),
    path(
        "submit/<int:pk>/consent/withdraw/",
        views.story_consent_withdraw,
        name="story_consent_withdraw",
    ),
]
