from django.urls import path

from . import feeds, views

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
]
