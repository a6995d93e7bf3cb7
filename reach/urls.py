from django.urls import path

from . import badge, curation_views, embeds, feeds, oembed, verification, views

app_name = "reach"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("feeds/stories.rss", feeds.stories_rss, name="feed_rss"),
    path("feeds/stories.atom", feeds.stories_atom, name="feed_atom"),
    path(
        "share/stories/<int:pk>/<int:revision>.png",
        views.story_share_image,
        name="share_image",
    ),
    path("share/site/<str:language>.png", views.site_share_image, name="site_image"),
    # Embeds (reach.embeds, reach.badge, reach.oembed). The wall itself, the one route other
    # sites may frame, is mounted in terang.urls with terang.security.allow_framing.
    path("embed/wall.js", embeds.wall_script, name="embed_script"),
    path("embed/badge.svg", badge.badge, name="badge"),
    path("oembed/", oembed.oembed, name="oembed"),
    path("verify/stories/<int:pk>/", verification.story_verification, name="verification"),
    # An organisation's representative curates its collections (reach.curation).
    path(
        "me/organisations/<slug:slug>/collections/",
        curation_views.collection_list,
        name="collections",
    ),
    path(
        "me/organisations/<slug:slug>/collections/<int:pk>/",
        curation_views.collection_edit,
        name="collection",
    ),
    path(
        "me/organisations/<slug:slug>/collections/<int:pk>/delete/",
        curation_views.collection_delete,
        name="collection_delete",
    ),
]
