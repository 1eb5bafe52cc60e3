from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published

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
