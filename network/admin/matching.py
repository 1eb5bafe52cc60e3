"""Django admin for matching and booking: reference data, opportunities, bookings."""

from django.contrib import admin

from network.models import (
    Asset,
    Availability,
    AvailabilityWindow,
    Booking,
    Connection,
    MatchProfile,
    Opportunity,
    OutcomeArea,
)


@admin.register(OutcomeArea, Asset)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MatchProfile)
class MatchProfileAdmin(admin.ModelAdmin):
    list_display = ["member", "size_band", "monthly_connection_cap", "opted_out"]
    list_filter = ["opted_out", "size_band"]
    raw_id_fields = ["member"]
    filter_horizontal = ["outcome_areas", "places", "assets_offered", "assets_sought"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "commissioner", "outcome_area", "place", "closes_on", "status"]
    list_filter = ["status", "outcome_area", "value_band"]
    raw_id_fields = ["commissioner"]


class WindowInline(admin.TabularInline):
    model = AvailabilityWindow
    extra = 0


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["member", "session_minutes", "notice_hours", "accepting"]
    raw_id_fields = ["member"]
    inlines = [WindowInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: bookings change through the services, which email both people."""

    list_display = ["purpose", "provider", "requester", "starts_at", "status"]
    list_filter = ["status"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["first", "second", "created_at"]
    raw_id_fields = ["first", "second"]
