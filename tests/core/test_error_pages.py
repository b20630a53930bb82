"""The app's own error pages, under the test settings (DEBUG off) and the development settings (DEBUG on)."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import include, path
from django.views.defaults import server_error

from config import urls as project_urls


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


# The project's URLs plus three views that fail on purpose (ROOT_URLCONF points here in those tests).
urlpatterns = [
    path("test-errors/boom/", _boom),
    path("test-errors/suspicious/", _suspicious),
    path("test-errors/forbidden/", _forbidden),
    path("", include(project_urls)),
]
FAILING_URLS = "tests.core.test_error_pages"

DEBUG_ON = [False, True]  # test settings (pytest-django turns DEBUG off), then DEBUG on as under `make run`


def _templates(response):
    return [t.name for t in response.templates]


@pytest.mark.django_db
@pytest.mark.parametrize("debug", DEBUG_ON)
def test_unknown_address_shows_the_apps_404_with_navigation(client_as, debug):
    client = client_as("buyer")
    with override_settings(DEBUG=debug):
        response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "404.html" in _templates(response)
    html = response.content.decode()
    assert "<h1>Not found</h1>" in html
    assert 'href="/contracts/"' in html  # the signed-in user's navigation, as on every page
    assert "Skip to content" in html
    assert "URLconf" not in html  # not Django's technical page


@pytest.mark.django_db
@pytest.mark.parametrize("debug", DEBUG_ON)
def test_missing_record_shows_the_apps_404(client_as, debug):
    client = client_as("buyer")
    with override_settings(DEBUG=debug):
        response = client.get("/contracts/999999/")
    assert response.status_code == 404
    assert "404.html" in _templates(response)
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", DEBUG_ON)
def test_anonymous_unknown_address_is_a_404_as_in_production(client, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "404.html" in _templates(response)


@pytest.mark.django_db
@pytest.mark.parametrize("debug", DEBUG_ON)
def test_a_missing_slash_still_redirects(client_as, debug):
    client = client_as("buyer")
    with override_settings(DEBUG=debug):
        response = client.get("/contracts")
    assert response.status_code == 301
    assert response["Location"] == "/contracts/"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", DEBUG_ON)
def test_refused_page_shows_the_apps_403(client_as, debug):
    client = client_as("buyer")  # buyers never see the audit log
    with override_settings(DEBUG=debug):
        response = client.get("/history/")
    assert response.status_code == 403
    assert "403.html" in _templates(response)
    assert "<h1>Not allowed</h1>" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", DEBUG_ON)
def test_permission_denied_anywhere_shows_the_apps_403(client_as, debug):
    client = client_as("auditor")
    with override_settings(DEBUG=debug, ROOT_URLCONF=FAILING_URLS):
        response = client.get("/test-errors/forbidden/")
    assert response.status_code == 403
    assert "403.html" in _templates(response)


@pytest.mark.django_db
def test_bad_request_shows_the_apps_400(client_as):
    client = client_as("auditor")
    with override_settings(ROOT_URLCONF=FAILING_URLS):
        response = client.get("/test-errors/suspicious/")
    assert response.status_code == 400
    assert "400.html" in _templates(response)
    assert "<h1>Bad request</h1>" in response.content.decode()


@pytest.mark.django_db
def test_server_error_shows_the_apps_500(client_as):
    client = client_as("auditor")
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=FAILING_URLS):
        response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert 'class="topbar"' in html and 'id="content"' in html  # styled like the app
    assert "a bug" not in html  # nothing internal leaks


def test_the_500_page_needs_no_database_and_no_context_processors():
    """Without the django_db mark any query raises: the page must render from nothing."""
    response = server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_development_settings_install_the_404_page_middleware(settings):
    # config.settings.test inherits config.settings.dev; production never installs it.
    assert "core.error_pages.AppNotFoundPageMiddleware" in settings.MIDDLEWARE
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
