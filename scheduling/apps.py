from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    """Holds no code: its migrations create the periodic jobs the worker runs, so a fresh
    site has them. Each job's function lives in its own app's `tasks.py`."""

    name = "scheduling"
    verbose_name = "Scheduling: the periodic jobs the worker runs"
