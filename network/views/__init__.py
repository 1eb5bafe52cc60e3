"""Thin views: members and the directory, matching, bookings."""
