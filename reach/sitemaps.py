"""``/sitemap.xml``: every live, public page (wagtail.contrib.sitemaps), each industry's and each
organisation's page that lists a public story, with the date each last changed. Addresses start
with ``SITE_URL``. A page told in both languages lists both versions as ``hreflang``
alternates (reach.languages). Drafts, previews, private pages, members' pages and the admin are never in it.
"""

from urllib.parse import urlsplit

from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap

from community.models import Organization
from stories.models import Industry, StoryIndexPage, StoryPage, public_story_q

from .languages import sitemap_alternates
from .seo import absolute


class SiteSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        linked = sitemap_alternates()
        for url in urls:
            url["location"] = absolute(urlsplit(url["location"]).path)
            if url["location"] in linked:
                url["alternates"] = linked[url["location"]]
        if page == 1 or str(page) == "1":
            urls.extend(self.listing_urls())
        return urls

    def listing_urls(self) -> list[dict]:
        public = StoryPage.objects.filter(public_story_q())
        urls = []
        index = StoryIndexPage.objects.live().public().first()
        if index is not None and index.url:
            latest = dict(
                public.order_by()
                .values_list("industries__slug")
                .annotate(latest=Max("last_published_at"))
            )
            for slug in Industry.objects.order_by("slug").values_list("slug", flat=True):
                if latest.get(slug):
                    path = index.url + index.reverse_subpage("industry", kwargs={"slug": slug})
                    urls.append(self.entry(absolute(path), latest[slug]))
        latest = dict(
            public.exclude(organization=None)
            .order_by()
            .values_list("organization_id")
            .annotate(latest=Max("last_published_at"))
        )
        for organization in Organization.objects.filter(pk__in=latest).order_by("slug"):
            urls.append(
                self.entry(absolute(organization.get_absolute_url()), latest[organization.pk])
            )
        return urls

    @staticmethod
    def entry(location: str, lastmod) -> dict:
        return {"item": None, "location": location, "lastmod": lastmod}
