from django.conf import settings
from django.urls import include, path
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import territory_views, views
from portal.api import api_router
from portal.hooks import SITE_URLS
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("membres/", include("portal.members.urls")),
    path("territoires/", territory_views.territory_index, name="territory_index"),
    path("territoires/<slug:slug>/", territory_views.territory_detail, name="territory_detail"),
    # the apps' own pages, contributed through the SITE_URLS hook (the core names no app)
    *(pattern for urls in hooks.get_hooks(SITE_URLS) for pattern in urls()),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
