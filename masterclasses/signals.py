from django.dispatch import receiver
from wagtail.signals import page_published

from masterclasses import services
from masterclasses.models import MasterclassPage, Session


@receiver(page_published, sender=MasterclassPage)
def masterclass_published(sender, instance: MasterclassPage, **kwargs) -> None:
    for session in Session.objects.filter(page=instance):
        services.session_published(session=session)
