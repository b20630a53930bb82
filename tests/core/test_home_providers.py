"""The home page through the real hook: every installed app that names an `attention` module."""

import pytest

from tests.core.test_home import ON, build_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(admin_user):
    return build_portfolio(admin_user)


@pytest.mark.parametrize("role", ["admin", "buyer", "auditor"])
def test_every_installed_provider_answers_for_every_role(client_as, portfolio, role):
    """The real hook: every app naming an `attention` module, as installed."""
    from core.attention import provider_modules

    assert {"contracts.attention", "releases.attention"} <= {m.__name__ for m in provider_modules()}
    response = client_as(role).get("/", {"on": ON.isoformat()})
    assert response.status_code == 200
    for found in response.context["lists"]:
        assert len(found.rows) <= 8 and found.attention.total >= len(found.rows)
