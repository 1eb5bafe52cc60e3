"""Load sitewide/demo/data.yaml: the legal and help pages and the sitemap, published under the
home page. Creates only what is missing, so an editor's changes survive a second run."""

from wagtail.models import Page

from core.demo import Demo, read_data
from masterclasses.models import HomePage
from sitewide.models import InformationPage, SitemapPage


def load(demo: Demo) -> None:
    data = read_data("sitewide")
    home = HomePage.objects.first()
    if home is None:
        raise LookupError("No home page: run migrations first.")
    contacts = {"contact_email": data["contact_email"], "privacy_email": data["privacy_email"]}
    for spec in data["pages"]:
        _child_or_publish(
            home,
            InformationPage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                body=spec["body"].format(**contacts),
                show_in_menus=True,
            ),
        )
    _child_or_publish(home, SitemapPage(**data["sitemap"]))
    demo.log.append(f"Site pages: {len(data['pages'])} legal and help pages and the sitemap")


def _child_or_publish(parent: Page, page: Page) -> Page:
    existing = type(page).objects.child_of(parent).filter(slug=page.slug).first()
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
