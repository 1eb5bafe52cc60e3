"""Collaborative commissioning: outcomes first, then every resource in the place, then methods."""
