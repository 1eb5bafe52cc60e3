from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning: challenges, outcomes, resources, methods and lots"
    demo_loader = "commissioning.demo.loader.load"  # see core/demo.py
    demo_requires = ("network",)
