"""Reads for commissioning pages, one module per concern."""
