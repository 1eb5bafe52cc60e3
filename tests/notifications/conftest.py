import pytest


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each async test runs its own event loop; a Redis channel layer made in an earlier loop
    cannot be reused, so every test starts with a new one."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()
