"""The `facilitator` command.

    facilitator run [--host 0.0.0.0] [--port 5000] [--async eventlet|gevent]
    facilitator init [--passcode-stdin]
    facilitator new TITLE [--template KEY] [--question TEXT] [--date YYYY-MM-DD] [--venue TEXT]
    facilitator templates
    facilitator export CODE --format pdf|handout|md|csv|json [--out PATH] [--lang ar]
    facilitator import FILE
    facilitator purge [--days N] [--dry-run]

Only the standard library is imported here at first: `run` hands over to the server's
entry point, which must monkey-patch before Flask is imported.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="facilitator", description="Live What? / So what? / Now what? boards.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="start the server for a workshop")
    run.add_argument("--host", default="0.0.0.0", help="address to listen on (default: every network, so phones can join)")
    run.add_argument("--port", type=int, default=5000)
    run.add_argument("--async", dest="async_mode", choices=["eventlet", "gevent"], default=None)

    init = commands.add_parser("init", help="set the facilitator passcode")
    init.add_argument("--passcode-stdin", action="store_true", help="read the passcode from standard input")

    new = commands.add_parser("new", help="create a workshop and print its links as JSON")
    new.add_argument("title")
    new.add_argument("--template", default="adaptive-action")
    new.add_argument("--question", default="")
    new.add_argument("--date", default="")
    new.add_argument("--venue", default="")
    new.add_argument("--port", type=int, default=5000, help="the port the server runs on, for the links")

    commands.add_parser("templates", help="list the session templates and check them")

    export = commands.add_parser("export", help="write a workshop's report or data to a file")
    export.add_argument("code", help="the workshop's join code")
    export.add_argument("--format", dest="fmt", choices=["pdf", "handout", "md", "csv", "json"], default="pdf")
    export.add_argument("--out", default=None, help="where to write it (default: a clear name in the exports folder)")
    export.add_argument("--lang", default="en", help="the handout's language, e.g. ar, fa, uk (default: en)")

    restore = commands.add_parser("import", help="restore a workshop from a JSON export")
    restore.add_argument("file")

    purge = commands.add_parser("purge", help="delete workshops older than the retention period")
    purge.add_argument("--days", type=int, default=None, help="keep this many days (default: FACILITATOR_RETENTION_DAYS)")
    purge.add_argument("--dry-run", action="store_true", help="only list what would be deleted")

    args = parser.parse_args(argv)
    if args.command == "run":
        from facilitator.serve import main as serve

        serve(args.host, args.port, args.async_mode)
        return 0
    return {
        "init": init_command,
        "new": new_command,
        "templates": templates_command,
        "export": export_command,
        "import": import_command,
        "purge": purge_command,
    }[args.command](args)


def init_command(args) -> int:
    """Set (or change) the facilitator passcode."""
    import getpass

    from facilitator import auth, create_app
    from facilitator.workshops.errors import WorkshopError

    if args.passcode_stdin:
        passcode = sys.stdin.readline().rstrip("\n")
    else:
        passcode = getpass.getpass("Choose a facilitator passcode (at least 8 characters): ")
        if getpass.getpass("Type it again: ") != passcode:
            print("The two passcodes are different. Nothing was changed.", file=sys.stderr)
            return 1
    app = create_app({"async_mode": "threading"})
    try:
        with app.extensions["db"].session() as session:
            auth.set_passcode(session, passcode)
    except WorkshopError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print("Passcode saved. Start the server with `facilitator run` and sign in with it.")
    return 0


def new_command(args) -> int:
    """Create a workshop; print one JSON object with its code and links."""
    from facilitator import create_app
    from facilitator.urls import board_path, cofacilitator_path, console_path, join_path, lan_base_url
    from facilitator.workshops.errors import WorkshopError

    app = create_app({"async_mode": "threading"})
    try:
        workshop = app.extensions["facilitation"].create_workshop(
            args.template, title=args.title, question=args.question, date=args.date, venue=args.venue
        )
    except WorkshopError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    base = lan_base_url(args.port)
    print(
        json.dumps(
            {
                "code": workshop.code,
                "join_url": base + join_path(workshop.code),
                "board_url": base + board_path(workshop.code, workshop.board_secret),
                "facilitator_url": f"http://127.0.0.1:{args.port}" + console_path(workshop.code),
                "cofacilitator_url": base + cofacilitator_path(workshop.code, workshop.cofacilitator_token),
            }
        )
    )
    return 0


def templates_command(args) -> int:
    """List every session template; exit 1 if any is broken, naming the file and field."""
    from facilitator.config import Settings

    from facilitator.templates_lib import check_templates

    directory = Settings.from_env({"async_mode": "threading"}).templates_dir
    good, bad = check_templates(directory)
    for template in good:
        phases = " / ".join(p.title for p in template.phases)
        print(f"ok      {template.key:24} {template.name}  [{phases}]")
    for error in bad:
        print(f"BROKEN  {error}", file=sys.stderr)
    if not good and not bad:
        print(f"No session templates found in {directory}", file=sys.stderr)
        return 1
    return 1 if bad else 0


def _exporter():
    from facilitator import create_app
    from facilitator.reports.exports import Exporter

    app = create_app({"async_mode": "threading"})
    settings = app.config["SETTINGS"]
    service = app.extensions["facilitation"]
    return Exporter(app.extensions["db"], service.templates, settings.templates_dir, settings.export_dir)


def export_command(args) -> int:
    """Write one export; print where it went."""
    from pathlib import Path

    from facilitator.workshops.errors import WorkshopError

    try:
        path = _exporter().export(args.code, args.fmt, Path(args.out) if args.out else None, language=args.lang)
    except WorkshopError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Could not write the file: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


def import_command(args) -> int:
    """Restore a JSON export as a new workshop; print its join code as JSON."""
    from pathlib import Path

    from facilitator.workshops.errors import WorkshopError

    try:
        workshop = _exporter().import_file(Path(args.file))
    except WorkshopError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(json.dumps({"code": workshop.code, "title": workshop.title}, ensure_ascii=False))
    return 0


def purge_command(args) -> int:
    """Delete every workshop (not live) created more than N days ago, with its files."""
    from facilitator import create_app
    from facilitator.config import Settings
    from facilitator.workshops import lifecycle
    from facilitator.workshops.errors import WorkshopError

    days = args.days if args.days is not None else Settings.from_env({"async_mode": "threading"}).retention_days
    # Retention is applied here, not by the app factory, so --dry-run deletes nothing.
    app = create_app({"async_mode": "threading", "retention_days": None})
    if days is None:
        print("Say how long to keep workshops: --days N, or set FACILITATOR_RETENTION_DAYS.", file=sys.stderr)
        return 1
    service = app.extensions["facilitation"]
    try:
        with app.extensions["db"].reading() as session:
            expired = [(w.code, w.title) for w in lifecycle.expired_workshops(session, days)]
        for code, title in expired:
            if not args.dry_run:
                service.delete_workshop(code)
            print(f"{'would delete' if args.dry_run else 'deleted'}  {code}  {title}")
    except WorkshopError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if not expired:
        print(f"Nothing is older than {days} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
