"""Text messages: the interface a provider's adapter implements, and the logging adapter used until the office
connects the city's provider (none is available yet, issue 16). SMS_BACKEND chooses the adapter."""
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class SmsAdapter(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Deliver `text` to `phone`, or raise (the sender then retries with backoff)."""


class LoggingSmsAdapter:
    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


ADAPTERS = {"log": LoggingSmsAdapter}


def sms_adapter(config) -> SmsAdapter:
    name = config["SMS_BACKEND"]
    if name not in ADAPTERS:
        raise ValueError(f"SMS_BACKEND must be one of {', '.join(ADAPTERS)}, not {name!r}")
    return ADAPTERS[name]()
