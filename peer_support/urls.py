"""Circle pages, grouped like the views: each circle's own pages live under
`circles/<slug>/`."""

from django.urls import include, path

from peer_support.views import (
    action_learning,
    circles,
    meetings,
    messages,
    moderation,
    read_state,
    retention,
)

app_name = "peer_support"

circle_urls = [
    path("", circles.circle_detail, name="circle_detail"),
    path("agreement/", circles.circle_agreement, name="circle_agreement"),
    path("join/", circles.circle_join, name="circle_join"),
    path("leave/", circles.circle_leave, name="circle_leave"),
    path("meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path("sets/<int:pk>/", action_learning.set_detail, name="action_set"),
    path("sets/<int:pk>/advance/", action_learning.set_advance, name="action_set_advance"),
    path("sets/<int:pk>/question/", action_learning.question_ask, name="action_set_question"),
    path("sets/<int:pk>/action/", action_learning.action_record, name="action_set_action"),
    path(
        "sets/<int:pk>/actions/<int:action_pk>/review/",
        action_learning.action_review,
        name="action_review",
    ),
]

discussion_urls = [
    path("threads/new/", messages.thread_create, name="thread_create"),
    path("threads/<int:pk>/", messages.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/read/", read_state.thread_mark_read, name="thread_mark_read"),
    path("threads/<int:pk>/notify/", read_state.thread_notify, name="thread_notify"),
    path("messages/<int:pk>/edit/", messages.message_edit, name="message_edit"),
    path("messages/<int:pk>/delete/", messages.message_delete, name="message_delete"),
    path("messages/<int:pk>/report/", moderation.message_report, name="message_report"),
]

facilitator_urls = [
    path("invite/", circles.circle_invite, name="circle_invite"),
    path("requests/<int:pk>/", circles.join_request_decide, name="request_decide"),
    path("members/<int:member_pk>/remove/", circles.member_remove, name="member_remove"),
    path("close/", circles.circle_close, name="circle_close"),
    path("meeting/", meetings.meeting_edit, name="meeting_edit"),
    path("moderation/", moderation.moderation_queue, name="moderation"),
    path("retention/", retention.retention_edit, name="retention_edit"),
    path("sets/new/", action_learning.set_create, name="action_set_create"),
    path("messages/<int:pk>/hide/", moderation.message_hide, name="message_hide"),
    path("reports/<int:pk>/dismiss/", moderation.report_dismiss, name="report_dismiss"),
]

urlpatterns = [
    path("circles/", circles.circle_list, name="circle_list"),
    path("circles/new/", circles.circle_new, name="circle_new"),
    path("circles/invitations/<str:token>/", circles.invitation_accept, name="invitation_accept"),
    path("circles/<slug:slug>/", include([*circle_urls, *discussion_urls, *facilitator_urls])),
]
