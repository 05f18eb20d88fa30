"""What the terminal shows when the server starts: the addresses and a QR code."""

from __future__ import annotations

import segno

from facilitator.accounts import auth
from facilitator.web.urls import lan_base_url


def print_banner(app, host: str, port: int) -> None:
    """Print where the facilitator, the projector and the phones should go."""
    local = f"http://127.0.0.1:{port}"
    public = lan_base_url(port) if host not in ("127.0.0.1", "localhost") else local
    with app.extensions["db"].reading() as session:
        first_run = not auth.has_passcode(session)
    lines = [
        "",
        "facilitator is running.",
        f"  Facilitator (open on this laptop): {local}/facilitator/",
        f"  Phones join at:                    {public}/",
        "  Each workshop's board and QR code are linked from its console.",
        f"  Data folder (workshops, passcode):  {app.config['SETTINGS'].data_dir}",
    ]
    if first_run:
        lines.append("  First time? Open the facilitator address to choose a passcode (or run `facilitator init`).")
    if public.startswith("http://127."):
        lines.append("  Only this computer can reach it: start with --host 0.0.0.0 so phones can join.")
    lines += ["", "Scan to join from a phone on the same Wi-Fi:"]
    print("\n".join(lines), flush=True)
    segno.make(f"{public}/", error="m").terminal(compact=True)
    print("Press Ctrl+C to stop.", flush=True)
