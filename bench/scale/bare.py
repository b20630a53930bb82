"""The throughput baseline: the project's settings and middleware, one view, one indexed query.

Served by gunicorn exactly like the app (`bench.scale.servers`), so the ratio app / bare measures what
the app's pages cost beyond Django itself answering a request with one primary-key-indexed query.
"""

import os

from django.contrib.auth.decorators import login_not_required
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()


@login_not_required  # no session or user to read: Django answering, and the one query
def one_indexed_query(request: HttpRequest) -> HttpResponse:
    from contracts.models import Agreement

    found = Agreement.objects.filter(contract_number="LNM970313MP").values_list("pk", flat=True).first()
    return HttpResponse(f"agreement {found}", content_type="text/plain")


urlpatterns = [path("bare/", one_indexed_query)]

from django.conf import settings  # noqa: E402 - after setup: this module is the URL conf of this server

settings.ROOT_URLCONF = __name__
