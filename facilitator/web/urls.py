"""The addresses people use: phones on the venue network, the projector, the console."""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
from flask import current_app, request

from facilitator.core.config import lan_address


def public_base_url() -> str:
    """Where phones reach this server: PUBLIC_URL, else this machine's LAN address.

    Never 127.0.0.1 while another address exists: a phone cannot reach the laptop there.
    """
    configured = current_app.config["SETTINGS"].public_url
    if configured:
        return configured
    port = urlsplit(f"//{request.host}").port
    scheme = request.scheme
    default_port = {"http": 80, "https": 443}[scheme]
    suffix = f":{port}" if port and port != default_port else ""
    return f"{scheme}://{lan_address()}{suffix}"


def join_url(code: str) -> str:
    return public_base_url() + join_path(code)


def qr_svg(url: str) -> str:
    """An inline SVG QR code for `url`, drawn dark on light for projectors and old cameras."""
    return segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr")


# ---- paths, for places with no request to hand (the command line, the server's banner) ----


def lan_base_url(port: int) -> str:
    """PUBLIC_URL if set, else this machine's LAN address and `port`."""
    import os

    configured = os.environ.get("PUBLIC_URL")
    return configured.rstrip("/") if configured else f"http://{lan_address()}:{port}"


def join_path(code: str) -> str:
    return f"/j/{code}"


def board_path(code: str, secret: str) -> str:
    return f"/board/{code}/{secret}"


def console_path(code: str) -> str:
    return f"/facilitator/w/{code}"


def cofacilitator_path(code: str, token: str) -> str:
    return f"/facilitator/co/{code}/{token}"
