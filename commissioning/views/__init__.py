"""Pages for commissioning, one module per concern."""
