"""Exceptions raised by chat_platform.

Every error is a :class:`ChatPlatformError`; catch a subclass to handle one
kind. Invalid input is also a :class:`ValueError`. No message, ``str`` or
``repr`` of these exceptions ever contains the client secret, a token or a
password.
"""

from __future__ import annotations

__all__ = [
    "ChatPlatformError",
    "InvalidInputError",
    "ConfigurationError",
    "UnauthorizedError",
    "NotFoundError",
    "ConflictError",
    "LimitExceededError",
    "RateLimitedError",
    "ServerError",
    "TransportError",
    "DecodeError",
]


class ChatPlatformError(Exception):
    """Base class of every error of this package.

    Attributes:
        kind: the stable error code (``"NOT_FOUND"``, ``"RATE_LIMITED"``, ...).
        status: the HTTP status when the service answered, else ``None``.
        server_code: the service's ``error`` string (``"service_resource_not_found"``, ...);
            also ``code``.
        server_description: the service's ``error_description``; also ``description``.
        retry_after: seconds the service asked to wait (``Retry-After``), if any.
        retryable: whether the same call may succeed later.
        field: for invalid input, the argument that broke a rule (``"username"``).
        operation: the operation that failed (``"get_user"``, ...).
        timeout: True when the call timed out.
        uncertain: True when the call may have taken effect although it failed
            (an attempt got no answer): a ``ConflictError`` from ``register_user``
            with it means "exists; this call may have created it".
        presences, report: on an error of ``users_status`` / ``register_users``,
            what was answered before it (set only there).
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "INTERNAL",
        status: int | None = None,
        code: str | None = None,
        description: str | None = None,
        retry_after: float | None = None,
        retryable: bool = False,
        field: str | None = None,
        operation: str | None = None,
        timeout: bool = False,
        uncertain: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        """The whole message (also ``str(e)``), naming the operation."""
        self.kind = kind
        """The stable error code (``"NOT_FOUND"``, ``"RATE_LIMITED"``, ...)."""
        self.status = status
        """The HTTP status when the service answered, else ``None``."""
        self.code = code
        """The service's ``error`` string (``"service_resource_not_found"``, ...)."""
        self.description = description
        """The service's ``error_description``."""
        self.retry_after = retry_after
        """Seconds the service asked to wait (``Retry-After``), if any."""
        self.retryable = retryable
        """Whether the same call may succeed later."""
        self.field = field
        """For invalid input, the argument that broke a rule (``"username"``)."""
        self.operation = operation
        """The operation that failed (``"get_user"``, ...)."""
        self.timeout = timeout
        """True when the call timed out."""
        self.uncertain = uncertain
        """True when the call may have taken effect although it failed (an
        attempt got no answer)."""

    @property
    def server_code(self) -> str | None:
        """The service's ``error`` string (the same as ``code``)."""
        return self.code

    @property
    def server_description(self) -> str | None:
        """The service's ``error_description`` (the same as ``description``)."""
        return self.description

    def __repr__(self) -> str:
        parts = [repr(self.message), f"kind={self.kind!r}"]
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.code is not None:
            parts.append(f"code={self.code!r}")
        if self.field is not None:
            parts.append(f"field={self.field!r}")
        if self.uncertain:
            parts.append("uncertain=True")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self):  # keep attributes when pickled (multiprocessing)
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls, message, state):
    e = cls.__new__(cls)
    Exception.__init__(e, message)
    e.__dict__.update(state)
    return e


class InvalidInputError(ChatPlatformError, ValueError):
    """An argument broke a documented rule (nothing was sent), or the service
    rejected the request as malformed. ``field`` names the argument."""


class ConfigurationError(ChatPlatformError, ValueError):
    """The client configuration is unusable: bad base URL or app key, unknown
    app, missing credentials, or a closed client."""


class UnauthorizedError(ChatPlatformError):
    """Bad client id or secret, a token rejected even after one refresh, or
    registration without a token while open registration is off."""


class NotFoundError(ChatPlatformError):
    """The user (or contact, or blocked user) does not exist."""


class ConflictError(ChatPlatformError):
    """The username already exists (usernames are unique ignoring case)."""


class LimitExceededError(ChatPlatformError):
    """A plan quota or list limit was reached; retrying does not help."""


class RateLimitedError(ChatPlatformError):
    """The service throttled the call (HTTP 429) and retries ran out."""


class ServerError(ChatPlatformError):
    """The service failed (HTTP 5xx) and retries ran out or were not safe."""


class TransportError(ChatPlatformError):
    """The call did not complete: connection refused or dropped, or timeout
    (``timeout`` is True)."""


class DecodeError(ChatPlatformError):
    """The service's answer could not be understood."""
