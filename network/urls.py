from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("welcome/", views.onboarding, name="onboarding"),
    path("members/", views.member_directory, name="member_directory"),
    path("members/me/", views.member_me, name="member_me"),
    path("members/me/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
]
