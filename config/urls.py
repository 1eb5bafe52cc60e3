from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import page_routes
from core.urls import include_at_root

# The Django admin signs in through allauth, so staff get the same two-factor flow.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    include_at_root("network.urls"),
    include_at_root("masterclasses.urls"),
    include_at_root("peer_support.urls"),
    include_at_root("notifications.urls"),
    include_at_root("commissioning.urls"),
    include_at_root("privacy.urls"),
    include_at_root("insight.urls"),
    include_at_root("sitewide.urls"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree, so it comes last; its serve view is
# wrapped to keep each page's route in the cache (core/page_routes.py).
urlpatterns += [
    re_path(wagtail_urls.serve_pattern, page_routes.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
