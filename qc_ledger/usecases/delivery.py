"""Delivering reminders: e-mail over SMTP (STARTTLS or SSL) and posts to group bots, configured by value.

The CLI reads the configuration from the environment; nothing here reads it, and no secret is ever
put in a message: the SMTP password and the webhook paths (which carry the bots' keys) are masked.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit, urlunsplit

from ..errors import Problem, UsageError
from ..reports.reminder_messages import STYLE_NAMES, Mail, group_payloads, mails
from ..reports.reminders import RemindersReport
from ..vocabulary import os_reason

# Group-bot hosts whose message style is known; any other URL names its style as #wecom, #dingtalk or #feishu.
_HOST_STYLES = {
    "qyapi.weixin.qq.com": "wecom",
    "oapi.dingtalk.com": "dingtalk",
    "open.feishu.cn": "feishu",
    "open.larksuite.com": "feishu",
}
_ENV_HINT = "见 docs/commands.md 的 ledger reminders 一节：LEDGER_SMTP_URL、LEDGER_MAIL_FROM、LEDGER_WEBHOOK_URL"


def _config_error(message: str) -> UsageError:
    return UsageError([Problem(message, hint=_ENV_HINT, code="send_config")])


@dataclass(frozen=True)
class SmtpConfig:
    """Where and as whom to send mail."""

    ssl: bool  # smtps:// (TLS from the start); smtp:// upgrades with STARTTLS
    host: str
    port: int
    user: str | None
    password: str | None
    sender: str

    def shown(self) -> str:
        """The server as it may be printed: the password masked."""
        who = f"{self.user}:***@" if self.user else ""
        return f"{'smtps' if self.ssl else 'smtp'}://{who}{self.host}:{self.port}"


@dataclass(frozen=True)
class Webhook:
    """One group bot's address and the style of message it takes."""

    url: str
    style: str

    def shown(self) -> str:
        """The bot as it may be printed: its path and key masked."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}/…（{STYLE_NAMES[self.style]}）"


@dataclass(frozen=True)
class DeliveryConfig:
    """Everything `reminders --send` needs, as values."""

    smtp: SmtpConfig | None = None
    webhooks: tuple[Webhook, ...] = ()


def smtp_config(url: str, sender: str | None) -> SmtpConfig:
    """Read `smtp://user:password@host:port` (STARTTLS) or `smtps://…` (SSL)."""
    parts = urlsplit(url.strip())
    masked = urlunsplit((parts.scheme, parts.hostname or "", "", "", ""))
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise _config_error(
            f"LEDGER_SMTP_URL 应为 smtp://用户:密码@主机:端口 或 smtps://…，现为 {masked}"
        )
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError:
        raise _config_error(f"LEDGER_SMTP_URL 的端口不是数字：{masked}") from None
    if not sender or "@" not in sender:
        raise _config_error(
            "发送邮件需要发件人地址：设置 LEDGER_MAIL_FROM（如 dudu@example.gov.cn）"
        )
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return SmtpConfig(parts.scheme == "smtps", parts.hostname, port, user, password, sender.strip())


def webhooks(text: str) -> tuple[Webhook, ...]:
    """Read the comma-separated group-bot URLs, each with its style."""
    found = []
    for raw in (part.strip() for part in text.split(",")):
        if not raw:
            continue
        parts = urlsplit(raw)
        style = parts.fragment or _HOST_STYLES.get(parts.hostname or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _config_error(
                f"LEDGER_WEBHOOK_URL 中有不是 http(s) 地址的一项：{parts.scheme}://…"
            )
        if style not in STYLE_NAMES:
            raise _config_error(
                f"不知道 {parts.hostname} 的群机器人是哪一种：在地址后加 #wecom、#dingtalk 或 #feishu"
            )
        found.append(Webhook(urlunsplit(parts._replace(fragment="")), style))
    return tuple(found)


def delivery_config(
    smtp_url: str | None, sender: str | None, webhook_urls: str | None
) -> DeliveryConfig:
    """The configuration from its raw texts; at least one way to deliver is required."""
    smtp = smtp_config(smtp_url, sender) if smtp_url and smtp_url.strip() else None
    bots = webhooks(webhook_urls or "")
    if smtp is None and not bots:
        raise _config_error(
            "没有设置发送方式：设置 LEDGER_SMTP_URL（邮件）或 LEDGER_WEBHOOK_URL（群机器人）"
        )
    return DeliveryConfig(smtp, bots)


@dataclass(frozen=True)
class Sending:
    """Exactly what `reminders --send` delivers: shown by a dry run, sent otherwise."""

    mails: list[Mail] = field(default_factory=list)
    posts: list[tuple[Webhook, dict]] = field(default_factory=list)
    without_address: list[str] = field(default_factory=list)  # units no e-mail reaches
    units: list[str] = field(default_factory=list)  # units some message reaches


def prepare(report: RemindersReport, config: DeliveryConfig) -> Sending:
    """The messages for the configured ways of delivery."""
    found, missing = mails(report) if config.smtp else ([], [])
    posts = [(bot, body) for bot in config.webhooks for body in group_payloads(report, bot.style)]
    reached = [unit.unit for unit in report.units] if posts else [mail.unit for mail in found]
    return Sending(found, posts, missing, reached)


@dataclass(frozen=True)
class Attempt:
    """One message sent, or not: to whom, for which units, and why it failed."""

    what: str
    units: tuple[str, ...]
    error: str | None = None
    bot: Webhook | None = None  # the group bot posted to; None for an e-mail


def _why(failure: BaseException) -> str:
    """Why a connection failed, in Chinese where the system's reason has a translation."""
    import socket

    reason = (
        getattr(failure, "reason", None) if isinstance(failure, urllib.error.URLError) else None
    )
    reason = reason if isinstance(reason, BaseException) else failure
    if isinstance(reason, socket.gaierror):
        return "找不到这个主机名（检查地址拼写或网络的域名解析）"
    if isinstance(reason, TimeoutError):
        return "连接超时"
    if isinstance(reason, OSError) and getattr(reason, "errno", None):
        return os_reason(reason)
    return str(failure)


def _mask(text: str, config: DeliveryConfig) -> str:
    """Text about a delivery without its secrets: the mail password, the bots' keys."""
    if config.smtp and config.smtp.password:
        # Only where a URL carries it: a short password replaced everywhere would mangle the text
        # and show where it occurs.
        text = text.replace(f":{config.smtp.password}@", ":***@")
    secrets = [urlsplit(bot.url).path for bot in config.webhooks if len(urlsplit(bot.url).path) > 1]
    secrets += [urlsplit(bot.url).query for bot in config.webhooks if urlsplit(bot.url).query]
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _email(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message.set_content(mail.body)
    return message


def _open_smtp(smtp: SmtpConfig, timeout: float, context: ssl.SSLContext) -> smtplib.SMTP:
    if smtp.ssl:
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=timeout, context=context
        )
    else:
        server = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        server.ehlo()
        if server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
        elif smtp.user:
            server.close()
            raise smtplib.SMTPNotSupportedError("邮件服务器不支持 STARTTLS，不以明文发送密码")
    if smtp.user:
        server.login(smtp.user, smtp.password or "")
    return server


def _send_mails(
    sending: Sending, config: DeliveryConfig, timeout: float, context: ssl.SSLContext
) -> list[Attempt]:
    smtp = config.smtp
    if smtp is None or not sending.mails:
        return []
    label = [(mail, f"邮件 → {mail.unit} <{mail.to}>") for mail in sending.mails]
    try:
        server = _open_smtp(smtp, timeout, context)
    except (OSError, smtplib.SMTPException) as error:
        reason = _mask(f"{smtp.shown()}：{_why(error)}", config)
        return [Attempt(what, (mail.unit,), reason) for mail, what in label]
    attempts = []
    with server:
        for mail, what in label:
            try:
                server.send_message(_email(mail, smtp.sender))
                attempts.append(Attempt(what, (mail.unit,)))
            except (OSError, smtplib.SMTPException) as error:
                attempts.append(Attempt(what, (mail.unit,), _mask(_why(error), config)))
    return attempts


def _post(bot: Webhook, body: dict, timeout: float, context: ssl.SSLContext) -> str | None:
    """Post one message; the bot's complaint, or None when it took it."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        bot.url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
        answer = response.read()
    try:
        reply = json.loads(answer or b"{}")
    except ValueError:
        return None  # a bot that answers 2xx without JSON took the message
    if not isinstance(reply, dict):
        return None
    # WeCom and DingTalk answer errcode, Feishu code (0 when the message was taken).
    status = reply.get("errcode", reply.get("code", reply.get("StatusCode", 0)))
    if status in (0, None):
        return None
    return f"{status} {reply.get('errmsg') or reply.get('msg') or reply.get('StatusMessage') or ''}".strip()


def deliver(
    sending: Sending,
    config: DeliveryConfig,
    *,
    timeout: float = 30,
    context: ssl.SSLContext | None = None,
) -> list[Attempt]:
    """Send every prepared message; a failure is noted and the others are still sent."""
    context = context or ssl.create_default_context()
    attempts = _send_mails(sending, config, timeout, context)
    everyone = tuple(sending.units)
    counts: dict[Webhook, int] = {}
    for bot, _body in sending.posts:
        counts[bot] = counts.get(bot, 0) + 1
    seen: dict[Webhook, int] = {}
    for bot, body in sending.posts:
        seen[bot] = seen.get(bot, 0) + 1
        what = f"群消息 → {bot.shown()} 第 {seen[bot]}/{counts[bot]} 条"
        try:
            error = _post(bot, body, timeout, context)
        except (OSError, urllib.error.URLError, ValueError) as failure:
            error = _mask(_why(failure), config)
        attempts.append(Attempt(what, everyone, error, bot))
    return attempts


def reached(sending: Sending, attempts: list[Attempt]) -> list[str]:
    """Units some message reached: by their own e-mail, or by every part of one group bot's message."""
    units = {unit for a in attempts if a.bot is None and a.error is None for unit in a.units}
    bots: dict[Webhook, bool] = {}
    for attempt in attempts:
        if attempt.bot is not None:
            bots[attempt.bot] = bots.get(attempt.bot, True) and attempt.error is None
    if any(bots.values()):
        units.update(sending.units)
    return [unit for unit in sending.units if unit in units]
