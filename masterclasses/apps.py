from django.apps import AppConfig


class MasterclassesConfig(AppConfig):
    name = "masterclasses"
    verbose_name = "Masterclasses and guidance"

    def ready(self) -> None:
        from masterclasses import signals  # noqa: F401
