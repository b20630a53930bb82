"""Answers kept between requests: an API question asked again about unchanged data is not computed again.

Contract data changes a few times a day and is read all day: the same discount lookups, entity
lookups, "the agreement as of" and release boards are asked again and again, and each costs
milliseconds of ORM and serializer work whatever the portfolio's size. An answer is a function of:

- the data's version (`core.chain.data_version`): the history chain's last link and the last migration
  applied. Every change to audited data writes a history row and its link in the transaction that
  makes it, so a change is a new key, visible exactly when the change is. Nothing is invalidated; old
  keys age out of the cache;
- today's date, which questions without a date default to; read with the version, before and after;
- the question: method, absolute URL (pagination links in answers are absolute), JSON body, media type;
- who asks: the set of their permissions (answers differ by role: buyers get no review notes), or the
  user themselves for a view that answers per user;
- the code that answers: `LEDGERLINE_RELEASE` (set it to the deployed commit when the store is shared
  between servers; otherwise each process keeps its own answers apart).

An answer is kept only when it is a 200 rendered as JSON, at most `MAX_BYTES`, asked in autocommit
(inside a transaction it may show rows that are then rolled back), and the version and date did not
move while it was computed. Nothing is kept before the chain has its first link. Data changed around
the app (SQL by hand, `loaddata`) writes no history: restart the app servers, or clear a shared store.

The store is the `answers` cache (`CACHES` in settings): memory local to each worker by default;
point it at a shared cache (memcached, Redis) to share answers between workers and servers. A store
that fails is skipped: the answer is computed. `LEDGERLINE_ANSWER_CACHE=off` turns keeping answers off.
Responses say what happened in an RFC 9211 `Cache-Status` header (`ledgerline; hit`,
`ledgerline; fwd=miss; stored`).
"""

import functools
import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.db import connections, router
from django.http import HttpResponse
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from core.chain import data_version, links_written, version_of
from core.models import HistoryLink

MAX_BYTES = 128 * 1024
KEY_VERSION = "2"  # bump when the meaning of a kept answer changes without a data or code change
CACHE_STATUS = "Cache-Status"

logger = logging.getLogger(__name__)
Handler = TypeVar("Handler", bound=Callable[..., Any])


@functools.cache
def _process_release() -> str:
    # Without a release name, answers kept by another process (another deploy) are never trusted.
    return "process:" + secrets.token_hex(8)


def _release() -> str:
    return getattr(settings, "LEDGERLINE_RELEASE", "") or _process_release()


def _store() -> BaseCache | None:
    alias = getattr(settings, "LEDGERLINE_ANSWER_CACHE", "answers")
    if not alias:
        return None
    try:
        return caches[alias]
    except InvalidCacheBackendError:
        return None


# Where a session store keeps the data version it read with the session (`read_version_with`).
_READ_WITH_SESSION = "_ledgerline_data_version"


@dataclass(frozen=True)
class _VersionRead:
    using: str
    data: str | None
    links_written: int  # through this connection, when it was read (`core.chain.links_written`)


def read_version_with(using: str) -> bool:
    """Whether a statement about to read a session from `using` should read the data version too
    (`VERSION_COLUMNS`): answers are kept, their data is read there, and it is read in autocommit."""
    return (
        bool(getattr(settings, "LEDGERLINE_ANSWER_CACHE", "answers"))
        and router.db_for_read(HistoryLink) == using
        and connections[using].get_autocommit()
    )


def remember_version(session: object, using: str, head: str | None, migration: object) -> None:
    """Keep the version read with this request's session, to key its answer without a statement of its own.

    The request is then answered as of the moment its session was read (a change committed after
    that moment is the next request's), unless it wrote history itself since: then it reads again.
    """
    setattr(session, _READ_WITH_SESSION, _VersionRead(using, version_of(head, migration), links_written(using)))


def _data_version(request: Request | None, using: str) -> str | None:
    session = getattr(request._request, "session", None) if request is not None else None
    kept = getattr(session, _READ_WITH_SESSION, None)
    if isinstance(kept, _VersionRead) and kept.using == using and kept.links_written == links_written(using):
        return kept.data
    return data_version(using)


def _version(using: str, request: Request | None = None) -> str | None:
    """The data version and today; with `request`, the version read with its session when there is one."""
    data = _data_version(request, using)
    return None if data is None else f"{data}|{timezone.localdate().isoformat()}"


def _who(request: Request, per_user: bool) -> str:
    user = request.user
    if per_user:
        return f"user:{user.pk}"
    if user.is_superuser:
        return "superuser"
    return "perms:" + ",".join(sorted(user.get_all_permissions()))


def answer_key(request: Request, version: str, *, per_user: bool = False) -> str | None:
    """None for a question that cannot be told apart from others reliably (a body that is not JSON)."""
    body = ""
    if request.method not in ("GET", "HEAD"):
        if request.content_type.split(";")[0].strip() != "application/json":
            return None
        # The parsed body, so the same question spaced or ordered differently is the same answer.
        body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    parts = [
        KEY_VERSION,
        _release(),
        version,
        request.method or "",
        request.build_absolute_uri(),
        request.accepted_media_type or "",
        _who(request, per_user),
        body,
    ]
    return "answer:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _kept(content: bytes, content_type: str, headers: dict[str, str], status: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    response[CACHE_STATUS] = status
    return response


def _get(store: BaseCache, key: str) -> Any:
    try:
        return store.get(key)
    except Exception:  # a store that is down costs the work of answering, never an error
        logger.warning("answers cache unavailable; computing the answer", exc_info=True)
        return None


def _set(store: BaseCache, key: str, value: object) -> bool:
    try:
        store.set(key, value)
    except Exception:  # as in _get
        logger.warning("answers cache unavailable; answer not kept", exc_info=True)
        return False
    return True


def keeps_answers(*, per_user: bool = False) -> Callable[[Handler], Handler]:
    """Decorate a DRF view's handler (`get`, `post`, an action) whose answer depends only on the request,
    the audited data, who asks and today. Runs after DRF's authentication, permissions and throttling."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def answer(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
            store = _store()
            using = router.db_for_read(HistoryLink)  # where the answer's data is read from
            renderer = getattr(request, "accepted_renderer", None)
            in_transaction = not connections[using].get_autocommit()
            if store is None or renderer is None or renderer.format != "json" or in_transaction:
                return handler(view, request, *args, **kwargs)
            version = _version(using, request)
            key = None if version is None else answer_key(request, version, per_user=per_user)
            if key is None:
                return handler(view, request, *args, **kwargs)
            kept = _get(store, key)
            if kept is not None:
                content, content_type, headers = kept
                return _kept(content, content_type, headers, status="ledgerline; hit")
            response = handler(view, request, *args, **kwargs)
            if not isinstance(response, Response) or response.status_code != 200 or response.exception:
                return response
            media_type = request.accepted_media_type
            content = renderer.render(response.data, media_type, view.get_renderer_context())
            headers = {name: value for name, value in response.items() if name.lower() != "content-type"}
            stored = (
                len(content) <= MAX_BYTES
                and _version(using) == version
                and _set(store, key, (content, media_type, headers))
            )
            return _kept(content, media_type, headers, "ledgerline; fwd=miss" + ("; stored" if stored else ""))

        return answer  # type: ignore[return-value]

    return decorate
