from django.apps import AppConfig


class SitewideConfig(AppConfig):
    name = "sitewide"
    verbose_name = "Site-wide: navigation, search, and the legal and help pages"
    demo_loader = "sitewide.demo.loader.load"  # see core/demo.py
    demo_requires = ("masterclasses",)
