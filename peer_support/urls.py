from django.urls import path

from peer_support import views

app_name = "peer_support"

urlpatterns = [
    path("circles/", views.circle_list, name="circle_list"),
    path("circles/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("circles/<slug:slug>/", views.circle_detail, name="circle_detail"),
    path("circles/<slug:slug>/agreement/", views.circle_agreement, name="circle_agreement"),
    path("circles/<slug:slug>/join/", views.circle_join, name="circle_join"),
    path("circles/<slug:slug>/leave/", views.circle_leave, name="circle_leave"),
    path("circles/<slug:slug>/close/", views.circle_close, name="circle_close"),
    path("circles/<slug:slug>/invite/", views.circle_invite, name="circle_invite"),
    path("circles/<slug:slug>/meeting/", views.meeting_edit, name="meeting_edit"),
    path("circles/<slug:slug>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("circles/<slug:slug>/moderation/", views.moderation, name="moderation"),
    path(
        "circles/<slug:slug>/requests/<int:pk>/", views.join_request_decide, name="request_decide"
    ),
    path(
        "circles/<slug:slug>/members/<int:member_pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("circles/<slug:slug>/threads/new/", views.thread_create, name="thread_create"),
    path("circles/<slug:slug>/threads/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("circles/<slug:slug>/threads/<int:pk>/notify/", views.thread_notify, name="thread_notify"),
    path("circles/<slug:slug>/messages/<int:pk>/edit/", views.message_edit, name="message_edit"),
    path(
        "circles/<slug:slug>/messages/<int:pk>/delete/",
        views.message_delete,
        name="message_delete",
    ),
    path(
        "circles/<slug:slug>/messages/<int:pk>/report/",
        views.message_report,
        name="message_report",
    ),
    path("circles/<slug:slug>/messages/<int:pk>/hide/", views.message_hide, name="message_hide"),
    path(
        "circles/<slug:slug>/reports/<int:pk>/dismiss/",
        views.report_dismiss,
        name="report_dismiss",
    ),
]
