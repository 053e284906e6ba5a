"""E-mail through the office's SMTP server: the settings, the password (never stored), one
connection reopened if the server drops it, a message with its attachments, and errors the
clerk can act on. The one way ngocoord sends mail: reminders (`remind --send`) and the minutes
(`meeting send`).

- The SMTP password is read from NGOCOORD_SMTP_PASSWORD or the OS keyring, used for the
  login and nothing else: never stored, logged or audited.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.errors import Invalid, NgocoordError
from ngocoord.store import settings

if TYPE_CHECKING:
    import smtplib
    from email.message import EmailMessage

    from sqlmodel import Session

PASSWORD_ENV = "NGOCOORD_SMTP_PASSWORD"
KEYRING_SERVICE = "ngocoord"
MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
}


@dataclass
class SmtpConfig:
    host: str
    port: int
    user: str | None
    sender: str
    tls: bool
    password: str | None = field(default=None, repr=False)


def smtp_password(user: str) -> str | None:
    """The SMTP password: the environment first, then the OS keyring if installed."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        import keyring  # optional: not a dependency of ngocoord
    except ImportError:
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # no usable keyring backend on this machine
        return None
    return str(found) if found else None


def smtp_config(session: Session) -> SmtpConfig:
    """The SMTP settings, complete enough to send, or an error that says what to set."""

    host = settings.get(session, "smtp.host")
    sender = settings.get(session, "smtp.sender")
    missing = [k for k, v in (("smtp.host", host), ("smtp.sender", sender)) if not v]
    if missing or host is None or sender is None:
        raise Invalid(
            f"Cannot send e-mail: {' and '.join(missing)} not set; nothing was sent.",
            "Set them first, e.g. `ngocoord config set smtp.host mail.example.gov.bd` and "
            "`ngocoord config set smtp.sender ngo.cell@example.gov.bd` "
            "(also smtp.port, smtp.user, smtp.tls).",
        )
    user = settings.get(session, "smtp.user")
    password = None
    if user:
        password = smtp_password(user)
        if not password:
            raise Invalid(
                f"No password for the SMTP login {user}; nothing was sent.",
                f"Set the environment variable {PASSWORD_ENV}, or keep it in the OS keyring "
                f"(keyring set {KEYRING_SERVICE} {user}). It is never stored in the register.",
            )
    return SmtpConfig(
        host=host,
        port=int(settings.get(session, "smtp.port") or 587),
        user=user,
        sender=sender,
        tls=settings.get(session, "smtp.tls") != "false",
        password=password,
    )


class Mailer:
    """One SMTP connection, opened on first use and reopened if the server drops it."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self.smtp: smtplib.SMTP | None = None
        self.connected = False  # once: a later reconnection failing fails one message only

    def connect(self) -> smtplib.SMTP:
        import smtplib
        import ssl

        c = self.config
        if c.port == 465:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                c.host, c.port, timeout=60, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(c.host, c.port, timeout=60)
        try:
            if c.tls and c.port != 465:
                smtp.starttls(context=ssl.create_default_context())
            if c.user and c.password:
                _login(smtp, c.user, c.password)
        except BaseException:
            smtp.close()
            raise
        self.smtp = smtp
        return smtp

    def send(self, message: EmailMessage) -> None:
        import smtplib

        smtp = self.smtp or self.connect()
        try:
            smtp.send_message(message)
        except smtplib.SMTPServerDisconnected:
            self.smtp = None
            raise

    def open(self) -> None:
        """The first connection, once: failing (server unreachable, login refused), an error
        for the whole run, which a caller can meet before it records anything."""
        if not self.connected:
            try:
                self.connect()
            except Exception as exc:
                raise _connection_error(self.config, exc) from None
            self.connected = True

    def deliver(self, message: EmailMessage) -> str | None:
        """Send one message: None when the server took it, else why not (for that message
        alone). The first connection failing (server unreachable, login refused) is an error
        for the whole run, raised before anything was sent."""
        self.open()
        try:
            self.send(message)
        except Exception as exc:
            return _describe(exc)
        return None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except Exception:
                self.smtp.close()
            self.smtp = None


# The mechanisms tried, best first; smtplib's own login() tries each in turn after a refusal,
# and a server that stalls a second attempt after refusing the first makes that a timeout
# ("cannot reach the server", a minute later) instead of the refusal it was.
_MECHANISMS = ("CRAM-MD5", "PLAIN", "LOGIN")


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in once, with the best mechanism the server offers: a refusal is final."""
    import smtplib

    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    offered = smtp.esmtp_features["auth"].upper().split()
    mechanism = next((m for m in _MECHANISMS if m in offered), None)
    if mechanism is None:
        raise smtplib.SMTPNotSupportedError(f"no login mechanism ngocoord knows ({offered})")
    smtp.user, smtp.password = user, password
    try:
        smtp.auth(mechanism, getattr(smtp, "auth_" + mechanism.lower().replace("-", "_")))
    finally:
        smtp.password = ""  # not kept on the connection once used


def _connection_error(config: SmtpConfig, exc: BaseException) -> NgocoordError:
    import smtplib

    where = f"{config.host}:{config.port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return NgocoordError(
            f"SMTP login refused: the server {where} refused the login {config.user} "
            f"({_describe(exc)}); nothing was sent.",
            f"Check the password in {PASSWORD_ENV} or the OS keyring, and smtp.user.",
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return NgocoordError(
            f"The SMTP server {where} does not offer what was asked ({exc}); nothing was sent.",
            "If it does not support STARTTLS: `ngocoord config set smtp.tls false`.",
        )
    return NgocoordError(
        f"Cannot reach the SMTP server {where}: {_describe(exc)}; nothing was sent.",
        "Check smtp.host and smtp.port (`ngocoord config list`) and the network.",
    )


def _describe(exc: BaseException) -> str:
    import smtplib

    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
        return f"recipient refused ({codes})"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        message = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{exc.smtp_code} {message}"
    return str(exc) or type(exc).__name__


def message(
    config: SmtpConfig,
    office: dict[str, Any],
    *,
    subject: str,
    text: str,
    to: str,
    attachments: Sequence[Path] = (),
    tag: str = "reminder",
) -> EmailMessage:
    """A message from the office (`office`: the letterhead context) to `to`: the text, and
    each file attached."""
    import mimetypes
    from email.message import EmailMessage
    from email.utils import format_datetime, formataddr, make_msgid

    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = (
        formataddr((office["name"], config.sender)) if office["name"] else (config.sender)
    )
    message["To"] = to
    if office["email"] and office["email"] != config.sender:
        message["Reply-To"] = office["email"]
    message["Date"] = format_datetime(periods.now())
    message["Message-ID"] = make_msgid(tag, domain=config.sender.rsplit("@", 1)[-1])
    message.set_content(text)
    for attachment in attachments:
        mime = MIME_TYPES.get(attachment.suffix) or mimetypes.guess_type(attachment.name)[0]
        maintype, _, subtype = (mime or "application/octet-stream").partition("/")
        if maintype == "text":
            message.add_attachment(
                attachment.read_text(encoding="utf-8"), subtype=subtype, filename=attachment.name
            )
        else:
            message.add_attachment(
                attachment.read_bytes(),
                maintype=maintype,
                subtype=subtype,
                filename=attachment.name,
            )
    return message
