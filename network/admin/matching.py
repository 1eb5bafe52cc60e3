"""Django admin for matching: its reference data (outcomes, assets), profiles, opportunities
and connections."""

from django.contrib import admin

from network.models import Asset, Connection, MatchProfile, Opportunity, OutcomeArea


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


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["first", "second", "created_at"]
    raw_id_fields = ["first", "second"]
