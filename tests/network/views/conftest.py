import pytest

from tests.factories import MemberFactory, match_profile


@pytest.fixture
def pair():
    """A commissioner seeking lived experience and a provider offering it: each other's match."""
    commissioner = MemberFactory(commissioner=True)
    provider = MemberFactory(provider=True)
    match_profile(commissioner, seeks=("lived-experience",))
    match_profile(provider, offers=("lived-experience",))
    return commissioner, provider
