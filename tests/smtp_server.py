"""A real SMTP server (aiosmtpd) for the tests that send mail: what it received, addresses it
refuses, logins it saw, and a limit after which it refuses every message."""

from __future__ import annotations

import asyncio
import email
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from conftest import Cli

PASSWORD = "s3cret-Pa55-for-the-test"


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage


@dataclass
class Inbox:
    """What the SMTP server received, and how it was set up."""

    port: int
    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    logins: list[tuple[str, str]] = field(default_factory=list)
    limit: int | None = None  # accept this many messages, then fail every other one
    hold: int = 0  # hold each message until this many connections have each begun one (20 s)
    connections: set[int] = field(default_factory=set)

    def to(self, address: str) -> list[EmailMessage]:
        return [m.message for m in self.messages if address in m.envelope_to]


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.inbox.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        self.inbox.connections.add(id(session))
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        deadline = time.monotonic() + 20
        while len(self.inbox.connections) < self.inbox.hold and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if self.inbox.limit is not None and len(self.inbox.messages) >= self.inbox.limit:
            return "451 4.3.0 Mail server temporarily out of service"
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        self.inbox.messages.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(auth: bool, stall: float = 0) -> Iterator[Inbox]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    inbox = Inbox(free_port())

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        login, password = data.login.decode(), data.password.decode()
        if stall and inbox.logins:  # a second try after a refusal: the server stalls it
            time.sleep(stall)
        inbox.logins.append((login, password))
        ok = (login, password) == ("ngocell", PASSWORD)
        return AuthResult(success=ok, handled=False)

    kwargs: dict[str, Any] = {}
    if auth:
        kwargs = {
            "authenticator": authenticator,
            "auth_required": True,
            "auth_require_tls": False,
        }
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=inbox.port, **kwargs)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def use_server(cli: Cli, inbox: Inbox) -> None:
    cli("config", "set", "smtp.host", "127.0.0.1")
    cli("config", "set", "smtp.port", str(inbox.port))
    cli("config", "set", "smtp.sender", "ngocell@dinajpur.gov.bd")
    cli("config", "set", "smtp.tls", "false")
