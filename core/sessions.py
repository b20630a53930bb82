"""Django's database sessions, read with one fixed statement instead of a query built per request.

Every authenticated request reads its session. `django.contrib.sessions.backends.db` builds that
read with the ORM each time, and building it costs several times what running it does (see
`core.permissions.RoleBackend` for the same reasoning about permissions). Writing, expiry, cycling
and clearing are Django's own; only the read is replaced, with the same meaning: the row with this
key whose expiry is still ahead.
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        meta, quote = model._meta, connection.ops.quote_name
        sql = (
            f"SELECT {quote(meta.get_field('session_data').column)} FROM {quote(meta.db_table)} "  # noqa: S608 - names from the model
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
        # `load` reads only the data; the expiry it needs comes from the data itself.
        return model(session_key=self.session_key, session_data=row[0])
