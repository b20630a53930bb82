"""Django's database sessions, read with one fixed statement instead of a query built per request.

Every authenticated request reads its session. `django.contrib.sessions.backends.db` builds that
read with the ORM each time, and building it costs several times what running it does (see
`core.permissions.RoleBackend` for the same reasoning about permissions). Writing, expiry, cycling
and clearing are Django's own; only the read is replaced, with the same meaning: the row with this
key whose expiry is still ahead.

The same statement reads the data version (`core.chain.VERSION_COLUMNS`) when answers are kept
(`core.answers.read_version_with`), so a request answered from a kept answer makes no round trip of
its own for it: on PostgreSQL each statement is one.

Decoding checks the data's signature (an HMAC) and unpacks it, on every request, for the same few
strings: a string once verified is remembered (`_verified`, per process, under the salt and keys that
verified it; short strings only, a bounded number) and only its JSON is parsed again, so each request
still gets its own dictionary.
"""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.core import signing
from django.db import connections, router
from django.utils import timezone

from core.answers import read_version_with, remember_version
from core.chain import VERSION_COLUMNS

VERIFIED_MAX = 1024  # session strings remembered; past that the memory starts over
# Longer strings (a session holding an uploaded file awaiting confirmation) are verified every time:
# remembered, a thousand of them would hold gigabytes.
VERIFIED_LENGTH_MAX = 4096
_verified: dict[tuple[object, ...], bytes] = {}


class _Unpacked(signing.JSONSerializer):
    """A `signing` serializer that returns the verified, unpacked bytes as they are."""

    def loads(self, data: bytes) -> Any:
        return data


class SessionStore(db.SessionStore):
    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        if not isinstance(session_data, str):  # the database column is text; anything else as Django reads it
            return super().decode(session_data)
        if len(session_data) > VERIFIED_LENGTH_MAX:
            return super().decode(session_data)
        key = (self.key_salt, settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS), session_data)
        unpacked = _verified.get(key)
        if unpacked is None:
            try:
                unpacked = signing.loads(session_data, salt=self.key_salt, serializer=_Unpacked)
            except Exception:  # Django's own decode says what went wrong (a bad signature is logged)
                return super().decode(session_data)
            if len(_verified) >= VERIFIED_MAX:
                _verified.clear()
            _verified[key] = unpacked
        try:
            return self.serializer().loads(unpacked)  # type: ignore[no-any-return]
        except Exception:  # as Django's decode: data that does not parse is an empty session
            return {}

    def _get_session_from_db(self) -> Any:
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        meta, quote = model._meta, connection.ops.quote_name
        with_version = read_version_with(using)
        sql = (
            f"SELECT {quote(meta.get_field('session_data').column)}"  # noqa: S608 - names from the model
            f"{', ' + VERSION_COLUMNS if with_version else ''} FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.get_field('session_key').column)} = %s "
            f"AND {quote(meta.get_field('expire_date').column)} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None or self.session_key is None:
            self._session_key = None
            return None
        if with_version:
            remember_version(self, using, row[1], row[2])
        # `load` reads only the data; the expiry it needs comes from the data itself.
        return model(session_key=self.session_key, session_data=row[0])
