"""Django admin for booking: providers' availability (with its windows) and bookings."""

from django.contrib import admin

from network.models import Availability, AvailabilityWindow, Booking


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
