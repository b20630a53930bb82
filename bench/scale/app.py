"""The app as `config.wsgi` serves it, with the API's per-user rate limits off.

The throughput runs send hundreds of requests a second as a few users: the limits (`REST_FRAMEWORK`
`DEFAULT_THROTTLE_RATES`, a policy per client, not the server's capacity) would answer 429 and measure
the policy. They are off here as in the test settings; everything else is production.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from django.conf import settings  # noqa: E402 - the settings are changed before Django and DRF read them

settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None}}

from config.wsgi import application  # noqa: E402

__all__ = ["application"]
