from django.urls import path

from network.views import bookings, matching, members

app_name = "network"

urlpatterns = [
    path("welcome/", members.onboarding, name="onboarding"),
    path("members/", members.member_directory, name="member_directory"),
    path("members/me/", members.member_me, name="member_me"),
    path("members/me/edit/", members.member_edit, name="member_edit"),
    path("members/me/photo/", members.member_photo, name="member_photo"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("organisations/search/", members.organisation_search, name="organisation_search"),
    # Matching (issue 5)
    path("matches/", matching.suggestions, name="suggestions"),
    path("matches/profile/", matching.match_profile_edit, name="match_profile_edit"),
    path("matches/connections/", matching.connections, name="connections"),
    path("matches/updates/read/", matching.updates_read, name="updates_read"),
    path("matches/<int:pk>/interest/", matching.interest, name="interest"),
    path("matches/<int:pk>/decline/", matching.decline, name="decline"),
    path("opportunities/", matching.opportunity_list, name="opportunity_list"),
    path("opportunities/new/", matching.opportunity_edit, name="opportunity_create"),
    path("opportunities/<int:pk>/", matching.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", matching.opportunity_edit, name="opportunity_edit"),
    # Booking (issue 5)
    path("bookings/", bookings.my_bookings, name="my_bookings"),
    path("bookings/availability/", bookings.availability_edit, name="availability_edit"),
    path("bookings/feed/", bookings.feed_create, name="booking_feed_create"),
    path("bookings/feed/reset/", bookings.feed_reset, name="booking_feed_reset"),
    path("bookings/feed/<str:token>.ics", bookings.booking_feed, name="booking_feed"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/calendar.ics", bookings.booking_calendar, name="booking_calendar"),
    path("bookings/<int:pk>/confirm/", bookings.booking_confirm, name="booking_confirm"),
    path("bookings/<int:pk>/decline/", bookings.booking_decline, name="booking_decline"),
    path("bookings/<int:pk>/cancel/", bookings.booking_cancel, name="booking_cancel"),
    path(
        "bookings/<int:pk>/reschedule/",
        bookings.booking_reschedule,
        name="booking_reschedule",
    ),
    path("members/<int:pk>/book/", bookings.booking_create, name="booking_create"),
]
