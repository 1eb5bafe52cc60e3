from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: errors, calendars, forms and demo loading shared by every app"
