"""Staff see circles' settings and membership; message bodies stay out of the admin lists."""

from django.contrib import admin

from peer_support.models import Circle, CircleMembership, Invitation, JoinRequest, Report


class MembershipInline(admin.TabularInline):
    model = CircleMembership
    extra = 0
    raw_id_fields = ["member"]
    fields = ["member", "role", "status", "agreement_accepted_at", "joined_at"]


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ["name", "facilitator", "admission", "size_limit", "closed_at"]
    list_filter = ["admission"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["facilitator"]
    inlines = [MembershipInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["circle", "member", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["member"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["circle", "email", "created_at", "accepted_at"]
    raw_id_fields = ["invited_by"]
    exclude = ["token"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["circle", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["message", "reporter"]
