"""schemathesis against the OpenAPI schema: no 500, no response that breaks the schema.

Bounded: a fixed number of generated examples per operation, so CI time stays predictable. The
schema is the one `/api/schema/` serves, generated in-process; requests go to the real WSGI app.
"""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from core.tokens import issue_token

EXAMPLES_PER_OPERATION = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))

schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
)


@pytest.fixture
def wsgi_app():
    """The real WSGI app, minus closing the database around each request (as Django's test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_token(seed, admin_user):
    return issue_token(admin_user, days=7)[1]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    # CI explores the same examples every run (a red CI must mean a regression, not luck); developers
    # get fresh examples each run, and SCHEMATHESIS_EXAMPLES=200 for a longer hunt.
    derandomize=bool(os.environ.get("CI")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case, api_token, wsgi_app):
    case.call_and_validate(
        app=wsgi_app,
        headers={"Authorization": f"Token {api_token}"},
        checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
    )


def test_schema_is_valid():
    """drf-spectacular's own validation: every endpoint is described, no warnings."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
