"""The `facilitator` command.

    facilitator run [--host 0.0.0.0] [--port 5050] [--async eventlet|gevent]
    facilitator init [--passcode-stdin]
    facilitator new TITLE [--template KEY] [--question TEXT] [--date YYYY-MM-DD] [--venue TEXT] [--port N]
    facilitator templates
    facilitator export CODE [--format pdf|handout|md|csv|json] [--out PATH] [--lang ar]
    facilitator import FILE
    facilitator purge [--days N] [--dry-run]
    facilitator --version

Every command uses the same data home (config.default_data_dir), wherever it is started.
A problem a person can fix (a bad setting, a port in use, an unreachable database, a
broken template) is printed as one or two lines and exits with code 1, never a traceback.

Only light modules are imported here at first: `run` hands over to the server's entry
point, which must monkey-patch before Flask is imported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap

COMMANDS = ("run", "init", "new", "templates", "export", "import", "purge", "impact")
# The formats of reports/exports.py's FORMATS, in the order --help lists them. Written out
# because this module imports nothing of ours at the top (`facilitator --help` stays quick:
# reports/exports.py brings SQLAlchemy); tests/unit/test_cli_formats.py keeps the two alike.
EXPORT_FORMATS = ("pdf", "handout", "md", "csv", "json", "responses-csv")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("facilitator")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: use a whole number from 1 to 65535, such as 5050")
    return int(text)


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        cores = os.cpu_count() or 1
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of server processes: use a whole number from 1 to 64 (this computer has {cores} cores)"
        )
    return int(text)


def _port_list(text: str) -> list[int]:
    return [_port(part) for part in text.split(",")]


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days: use a whole number, at least 1")
    return int(text)


def _template_keys() -> str:
    """The session templates' keys, for help texts (never fails: help must always show)."""
    try:
        from facilitator.core.config import template_search_path
        from facilitator.workshops.session_templates import check_templates

        good, bad = check_templates(template_search_path())
        keys = ", ".join(t.key for t in good) or "none found"
        return keys + (f" ({len(bad)} broken: see `facilitator templates`)" if bad else "")
    except Exception as exc:  # a bad FACILITATOR_TEMPLATES_DIR: say so, still show help
        return f"unknown ({exc})"


def _epilog() -> str:
    from facilitator.core.config import SETTINGS, default_data_dir

    try:
        home = str(default_data_dir())
    except Exception as exc:
        home = f"unknown ({exc})"
    lines = [
        f"Data folder (workshops, passcode, secret key): {home}",
        "  (FACILITATOR_DATA_DIR if set; the checkout's instance/ when run from a checkout; else the per-user data folder)",
        f"Session templates: {_template_keys()}",
        "",
        "Settings (environment variables, all optional):",
    ]
    for setting in SETTINGS:
        text = f"{setting.help.replace('`', '')} (default: {setting.default.replace('`', '')})"
        lines.append(f"  {setting.name}")
        lines += textwrap.wrap(text, 88, initial_indent="      ", subsequent_indent="      ")
    return "\n".join(lines)


# The settings each command reads (every one of them is described in `facilitator --help`).
STORAGE = ("FACILITATOR_DATA_DIR", "DATABASE_URL")
COMMAND_SETTINGS = {
    "run": None,  # all of them
    "init": STORAGE,
    "new": STORAGE + ("FACILITATOR_TEMPLATES_DIR", "PUBLIC_URL"),
    "templates": ("FACILITATOR_TEMPLATES_DIR",),
    "export": STORAGE + ("FACILITATOR_EXPORT_DIR", "FACILITATOR_TEMPLATES_DIR"),
    "import": STORAGE + ("FACILITATOR_TEMPLATES_DIR",),
    "purge": STORAGE + ("FACILITATOR_RETENTION_DAYS", "FACILITATOR_EXPORT_DIR"),
    "impact": STORAGE + ("FACILITATOR_TEMPLATES_DIR",),
}


def _command_epilog(command: str) -> str:
    from facilitator.core.config import SETTINGS

    names = COMMAND_SETTINGS[command]
    chosen = [s for s in SETTINGS if names is None or s.name in names]
    lines = ["Settings that apply (environment variables; see `facilitator --help`):"]
    for setting in chosen:
        lines += textwrap.wrap(f"{setting.name}: {setting.help.replace('`', '')}", 88, initial_indent="  ", subsequent_indent="      ")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    from facilitator.core.config import DEFAULT_PORT

    parser = argparse.ArgumentParser(
        prog="facilitator",
        description="Live What? / So what? / Now what? boards for Adaptive Action workshops, and reports for commissioners.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"facilitator {version()}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, **options) -> argparse.ArgumentParser:
        """A command whose help ends with the settings that apply to it."""
        return subparsers.add_parser(
            name, epilog=_command_epilog(name), formatter_class=argparse.RawDescriptionHelpFormatter, **options
        )

    run = command("run", help="start the server for a workshop", description="Start the server; Ctrl+C stops it.")
    run.add_argument("--host", default="0.0.0.0", help="address to listen on (default: 0.0.0.0, every network, so phones can join; 127.0.0.1: this computer only)")
    run.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port to listen on (default: {DEFAULT_PORT})")
    run.add_argument("--workers", type=_workers, default=1,
                     help="server processes, one per core (default: 1). More than 1 needs MESSAGE_QUEUE (Redis) and a "
                          "PostgreSQL DATABASE_URL; process i listens on --port + i, and phones joining through --port are "
                          "shared out between them")
    run.add_argument("--worker-ports", type=_port_list, default=None, help=argparse.SUPPRESS)  # set by --workers for its processes
    run.add_argument("--async", dest="async_mode", choices=["eventlet", "gevent"], default=None,
                     help="the server's async library (default: FACILITATOR_ASYNC, else eventlet)")

    init = command("init", help="set the facilitator passcode", description="Set or change the facilitator passcode.")
    init.add_argument("--passcode-stdin", action="store_true", help="read the passcode from standard input instead of asking twice")

    new = command("new", help="create a workshop and print its links as JSON",
                              description="Create a workshop; print one JSON object with its code and links.")
    new.add_argument("title", help="the workshop's title, as participants and the report will see it")
    new.add_argument("--template", default="adaptive-action", help=f"the session template's key (default: adaptive-action; available: {_template_keys()})")
    new.add_argument("--question", default="", help="the question the workshop explores")
    new.add_argument("--date", default="", help="the workshop's date, YYYY-MM-DD")
    new.add_argument("--venue", default="", help="where it takes place")
    new.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"the port the server runs on, for the links (default: {DEFAULT_PORT})")

    command("templates", help="list the session templates and check them",
                        description="List every session template (built-in and FACILITATOR_TEMPLATES_DIR); exit 1 if any is broken.")

    export = command("export", help="write a workshop's report or data to a file",
                                 description="Write a workshop's report or data to a file and print where it went.")
    export.add_argument("code", help="the workshop's join code")
    export.add_argument("--format", dest="fmt", choices=EXPORT_FORMATS, default="pdf",
                        help="pdf: report for commissioners; handout: easy-read PDF for participants; md, csv, json (default: pdf)")
    export.add_argument("--out", default=None, help="where to write it (default: a clear name in the exports folder)")
    export.add_argument("--lang", default="en", help="the handout's language, e.g. ar, fa, uk (default: en)")

    restore = command("import", help="restore a workshop from a JSON export",
                                  description="Restore a workshop from a JSON export, as a new, standalone workshop: "
                                              "it gets a new join code and new links, and is not linked to an earlier cycle. "
                                              "The file is checked first; a file that is refused saves nothing (exit status 1).")
    restore.add_argument("file", help="a file written by `facilitator export CODE --format json`")

    impact = command("impact", help="list every decision commissioners recorded as influenced by a workshop",
                                 description="The impact log: every commissioners' response across workshops, with the workshop, "
                                             "the recommendation, the response and the date.")
    impact.add_argument("--format", dest="fmt", choices=("md", "csv"), default="md", help="md (default) or csv")
    impact.add_argument("--out", default=None, help="write it to this file instead of printing it")

    purge = command("purge", help="delete workshops older than the retention period",
                                description="Delete every workshop (not live) created more than N days ago, with its files.")
    purge.add_argument("--days", type=_days, default=None, help="keep this many days (default: FACILITATOR_RETENTION_DAYS)")
    purge.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    return parser


_opened: list = []  # the apps this command opened; their databases are closed when it ends


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from facilitator.core.private_files import keep_private

    keep_private()  # issue 12: the data folder and its files are this account's only, from the first write
    try:
        if args.command == "run":
            from facilitator.serve import main as serve
            from facilitator.serve import run_workers

            if args.workers > 1:
                return run_workers(args.host, args.port, args.workers, args.async_mode)
            return serve(args.host, args.port, args.async_mode, worker_ports=args.worker_ports)
        return {
            "init": init_command,
            "new": new_command,
            "templates": templates_command,
            "export": export_command,
            "import": import_command,
            "purge": purge_command,
            "impact": impact_command,
        }[args.command](args)
    except Exception as exc:
        message = problem_in_words(exc)
        if message is None:
            raise
        print(f"facilitator: {message}", file=sys.stderr)
        return 1
    finally:
        while _opened:  # closed, not left to the garbage collector (Python 3.13 warns)
            _opened.pop().extensions["db"].dispose()


def problem_in_words(exc: Exception) -> str | None:
    """One or two lines for a problem the person can fix; None for a bug (shown in full)."""
    from facilitator.core.config import SettingError
    from facilitator.workshops.session_templates import TemplateError

    if isinstance(exc, SettingError):
        return str(exc)
    if isinstance(exc, TemplateError):
        return f"No usable session template: {exc}"
    if type(exc).__name__ == "StartError":
        return str(exc)
    return database_problem(exc)


def database_problem(exc: Exception) -> str | None:
    """An unreachable or unusable database, in words; None if `exc` is something else."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy import exc as sa

    url = _shown_url()
    if isinstance(exc, ModuleNotFoundError) and exc.name in ("psycopg", "psycopg2"):
        return f"DATABASE_URL names PostgreSQL, but its driver is not installed: pip install 'facilitator[postgres]'."
    if isinstance(exc, sa.ArgumentError):
        return f"DATABASE_URL={url} cannot be used: {exc}. Use an SQLAlchemy URL such as postgresql+psycopg://user@host/db."
    if isinstance(exc, (sa.OperationalError, sa.InterfaceError)):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"Could not reach the database {url}: {reason}. Check DATABASE_URL, and that the database server is running."
    return None


def _shown_url() -> str:
    """The database URL in use, with its password hidden."""
    from sqlalchemy import make_url

    from facilitator.core.config import default_data_dir, env

    url = env("DATABASE_URL") or f"sqlite:///{default_data_dir() / 'facilitator.sqlite3'}"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def open_app(**overrides):
    """The app for a command (threading mode: the CLI serves no one). Every command uses
    the same data home, so it finds the workshops the server holds."""
    from facilitator import create_app

    app = create_app({"async_mode": "threading", **overrides})
    _opened.append(app)
    return app


def init_command(args) -> int:
    """Set (or change) the facilitator passcode."""
    import getpass

    from facilitator.workshops.errors import WorkshopError

    if args.passcode_stdin:
        passcode = sys.stdin.readline().rstrip("\n")
    else:
        passcode = getpass.getpass("Choose a facilitator passcode (at least 8 characters): ")
        if getpass.getpass("Type it again: ") != passcode:
            print("The two passcodes are different. Nothing was changed.", file=sys.stderr)
            return 1
    app = open_app()
    try:
        app.extensions["facilitation"].set_passcode(passcode)
    except WorkshopError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"Passcode saved in {app.config['SETTINGS'].data_dir}. Start the server with `facilitator run` and sign in with it.")
    return 0


def new_command(args) -> int:
    """Create a workshop; print one JSON object with its code and links."""
    from facilitator.web.urls import board_path, cofacilitator_path, console_path, join_path, lan_base_url
    from facilitator.workshops.errors import WorkshopError

    app = open_app()
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
    from facilitator.core.config import Settings
    from facilitator.workshops.session_templates import check_templates, template_folders

    directory = Settings.from_env({"async_mode": "threading"}).templates_dir
    good, bad = check_templates(directory)
    for template in good:
        phases = " / ".join(p.title for p in template.phases)
        print(f"ok      {template.key:24} {template.name}  [{phases}]")
    for error in bad:
        print(f"BROKEN  {error}", file=sys.stderr)
    if not good and not bad:
        folders = ", ".join(str(f) for f in template_folders(directory))
        print(f"No session templates found in {folders}", file=sys.stderr)
        return 1
    return 1 if bad else 0


def _exporter():
    from facilitator.reports.exports import Exporter

    app = open_app()
    settings = app.config["SETTINGS"]
    service = app.extensions["facilitation"]
    return Exporter(app.extensions["db"], service.templates, settings.templates_dir, settings.export_dir)


def export_command(args) -> int:
    """Write one export; print where it went. Warns first about scripts no font can show."""
    from pathlib import Path

    from facilitator.workshops.errors import WorkshopError

    exporter = _exporter()
    try:
        language = args.lang
        if args.fmt in ("pdf", "handout"):
            from facilitator.reports.fonts import workshop_font_warnings

            for warning in workshop_font_warnings(exporter.db, args.code):
                print(f"warning: {warning}", file=sys.stderr)
            path = with_progress(
                "Making the PDF",
                lambda: exporter.export(args.code, args.fmt, Path(args.out) if args.out else None, language=language),
            )
        else:
            path = exporter.export(args.code, args.fmt, Path(args.out) if args.out else None)
    except WorkshopError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Could not write the file: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


def with_progress(what: str, work, stream=None, interval: float = 1.0):
    """Run `work()` while showing that something is happening: a counting line on a
    terminal, or one line when the output goes to a file. Returns what `work` returns."""
    import threading
    import time

    stream = stream or sys.stderr
    done = threading.Event()
    started = time.monotonic()
    tty = hasattr(stream, "isatty") and stream.isatty()

    def show():
        if not tty:
            print(f"{what}…", file=stream, flush=True)
            return
        while not done.wait(interval):
            print(f"\r{what}… {time.monotonic() - started:.0f} s", end="", file=stream, flush=True)

    shower = threading.Thread(target=show, daemon=True)
    shower.start()
    try:
        return work()
    finally:
        done.set()
        shower.join()
        if tty:
            print(f"\r{what}… done in {time.monotonic() - started:.1f} s", file=stream, flush=True)


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
    print(
        f"Restored as a new workshop with the join code {workshop.code}. An import always gets a new join code "
        "and new board and co-facilitator links, and is not linked to any earlier cycle.",
        file=sys.stderr,
    )
    return 0


def purge_command(args) -> int:
    """Delete every workshop (not live) created more than N days ago, with its files."""
    from facilitator.core.config import Settings
    from facilitator.workshops import lifecycle
    from facilitator.workshops.errors import WorkshopError

    days = args.days if args.days is not None else Settings.from_env({"async_mode": "threading"}).retention_days
    # Retention is applied here, not by the app factory, so --dry-run deletes nothing.
    app = open_app(retention_days=None)
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


def impact_command(args) -> int:
    """Print (or write) the impact log across every workshop, as Markdown or CSV."""
    from pathlib import Path

    from facilitator.reports.responses_export import impact_csv, impact_markdown

    entries = open_app().extensions["facilitation"].impact_log()
    text = impact_csv(entries) if args.fmt == "csv" else impact_markdown(entries)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8-sig" if args.fmt == "csv" else "utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0
