from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from masterclasses import admin_views
from masterclasses.models import MasterclassPage


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("masterclass-sessions/", admin_views.session_list, name="masterclass_sessions"),
        path(
            "masterclass-sessions/<int:pk>/",
            admin_views.session_attendees,
            name="masterclass_session_attendees",
        ),
        path(
            "masterclass-sessions/<int:pk>/attendees.csv",
            admin_views.session_attendees_csv,
            name="masterclass_session_attendees_csv",
        ),
    ]


class SessionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_sessions_menu_item():
    return SessionsMenuItem(
        "Registrations",
        reverse("masterclass_sessions"),
        icon_name="group",
        order=250,
    )


@hooks.register("register_page_header_buttons")
def attendees_button(page, user, view_name=None, next_url=None):
    from wagtail.admin.widgets import Button

    specific_class = page.specific_class
    if (
        specific_class
        and issubclass(specific_class, MasterclassPage)
        and user.has_perm(admin_views.PERMISSION)
    ):
        yield Button(
            "Registrations",
            reverse("masterclass_sessions") + f"?page={page.pk}",
            icon_name="group",
            priority=60,
        )
