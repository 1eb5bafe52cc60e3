from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.page_cache import purge_on_commit
from masterclasses import services
from masterclasses.models import MasterclassPage, Session


@receiver(page_published, sender=MasterclassPage)
def masterclass_published(sender, instance: MasterclassPage, **kwargs) -> None:
    for session in Session.objects.filter(page=instance):
        services.session_published(session=session)


@receiver(pre_delete, sender=Session)
def session_deleted(sender, instance: Session, **kwargs) -> None:
    """A session taken off its page (or deleted with it) is cancelled for everyone in it."""
    services.session_cancelled(session=instance)


# The anonymous page cache (core/page_cache.py) starts afresh when a page, or anything the
# cached pages show, changes: the page itself, its listings and the home page all show it.
page_published.connect(purge_on_commit, dispatch_uid="page_cache_published")
page_unpublished.connect(purge_on_commit, dispatch_uid="page_cache_unpublished")
post_page_move.connect(purge_on_commit, dispatch_uid="page_cache_moved")


@receiver(post_delete, dispatch_uid="page_cache_page_deleted")
def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        purge_on_commit()


SHOWN_ON_PAGES = [
    "masterclasses.Session",  # dates, places left
    "masterclasses.Registration",  # places left, waiting list
    "masterclasses.Topic",
    "masterclasses.Speaker",
    "network.Place",
    "wagtailcore.PageViewRestriction",  # page routes keep the restrictions that apply
    "wagtailcore.Site",  # and the site
]
for model in SHOWN_ON_PAGES:
    post_save.connect(purge_on_commit, sender=model, dispatch_uid=f"page_cache_save_{model}")
    post_delete.connect(purge_on_commit, sender=model, dispatch_uid=f"page_cache_delete_{model}")
