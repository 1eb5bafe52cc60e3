from django.urls import path

from network import views, views_bookings, views_matching

app_name = "network"

urlpatterns = [
    path("welcome/", views.onboarding, name="onboarding"),
    path("members/", views.member_directory, name="member_directory"),
    path("members/me/", views.member_me, name="member_me"),
    path("members/me/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    # Matching (issue 5)
    path("matches/", views_matching.suggestions, name="suggestions"),
    path("matches/profile/", views_matching.match_profile_edit, name="match_profile_edit"),
    path("matches/connections/", views_matching.connections, name="connections"),
    path("matches/<int:pk>/interest/", views_matching.interest, name="interest"),
    path("matches/<int:pk>/decline/", views_matching.decline, name="decline"),
    path("opportunities/", views_matching.opportunity_list, name="opportunity_list"),
    path("opportunities/new/", views_matching.opportunity_edit, name="opportunity_create"),
    path("opportunities/<int:pk>/", views_matching.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", views_matching.opportunity_edit, name="opportunity_edit"),
    # Booking (issue 5)
    path("bookings/", views_bookings.my_bookings, name="my_bookings"),
    path("bookings/availability/", views_bookings.availability_edit, name="availability_edit"),
    path("bookings/feed/reset/", views_bookings.feed_reset, name="booking_feed_reset"),
    path("bookings/feed/<str:token>.ics", views_bookings.booking_feed, name="booking_feed"),
    path("bookings/<int:pk>/", views_bookings.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/confirm/", views_bookings.booking_confirm, name="booking_confirm"),
    path("bookings/<int:pk>/decline/", views_bookings.booking_decline, name="booking_decline"),
    path("bookings/<int:pk>/cancel/", views_bookings.booking_cancel, name="booking_cancel"),
    path(
        "bookings/<int:pk>/reschedule/",
        views_bookings.booking_reschedule,
        name="booking_reschedule",
    ),
    path("members/<int:pk>/book/", views_bookings.booking_create, name="booking_create"),
]
