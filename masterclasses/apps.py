from django.apps import AppConfig


class MasterclassesConfig(AppConfig):
    name = "masterclasses"
    verbose_name = "Masterclasses and guidance"
