from django.apps import AppConfig


class MasterclassesConfig(AppConfig):
    name = "masterclasses"
    verbose_name = "Masterclasses and guidance"
    demo_loader = "masterclasses.demo.loader.load"  # see core/demo.py
    demo_requires = ("network", "peer_support")  # everyone registers, the facilitator too

    def ready(self) -> None:
        from masterclasses import signals  # noqa: F401
