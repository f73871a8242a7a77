"""The `site-builder` command line."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeAlias

from site_builder import __version__
from site_builder.build import BuildOptions, build
from site_builder.incremental.collector import paused_until_exit
from site_builder.problems import SiteError

# The modules of the other commands are imported by the command that needs them: the preview
# server, git and the importer's tables would add a fifth of a second to every `build`.

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class SharedOptions:
    """Options that several commands take, each written once (argparse's parent parsers)."""

    site: argparse.ArgumentParser
    base_url: argparse.ArgumentParser
    drafts: argparse.ArgumentParser


def shared_options() -> SharedOptions:
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument(
        "-s",
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the site's root, the folder with site.yaml (default: the current folder)",
    )
    base_url = argparse.ArgumentParser(add_help=False)
    base_url.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site is published at, overriding site.yaml",
    )
    drafts = argparse.ArgumentParser(add_help=False)
    drafts.add_argument("--drafts", action="store_true", help="include events marked draft: true")
    return SharedOptions(site, base_url, drafts)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder",
        description="Build a chronological timeline website from YAML-fronted Markdown events.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared = shared_options()
    add_build_command(commands, shared)
    add_serve_command(commands, shared)
    add_check_command(commands, shared)
    add_deploy_command(commands, shared)
    add_import_command(commands, shared)
    add_new_command(commands, shared)
    add_init_command(commands)
    add_theme_command(commands, shared)
    return parser


# What add_subparsers() returns, which argparse does not name publicly.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_build_command(commands: Commands, shared: SharedOptions) -> None:
    build_parser = commands.add_parser(
        "build",
        parents=[shared.site, shared.base_url, shared.drafts],
        help="check the content and build the site",
        description="Check every event file, then build the site into the output folder. "
        "The previous output is replaced only when the whole build succeeds.",
    )
    build_parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="output folder (default: build/ in the site)",
    )
    build_parser.add_argument(
        "--clean",
        action="store_true",
        help="remove whatever the output folder holds that the build does not make, "
        "even files site-builder did not write there",
    )
    build_parser.set_defaults(run=run_build)


def add_serve_command(commands: Commands, shared: SharedOptions) -> None:
    serve_parser = commands.add_parser(
        "serve",
        parents=[shared.site],
        help="preview the site, rebuilding and reloading the browser on every edit",
        description="Build the site, serve it, and rebuild it whenever a file in content/, "
        "templates/, static/ or site.yaml changes; open pages reload by themselves. "
        "Drafts are shown. The site is served at the root whatever base_url says.",
    )
    serve_parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve_parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on (default: 8000; 0 picks a free one)",
    )
    serve_parser.add_argument(
        "--open", action="store_true", help="open the site in the default browser"
    )
    serve_parser.add_argument(
        "--no-drafts", action="store_true", help="leave out events marked draft: true"
    )
    serve_parser.set_defaults(run=run_serve)


def add_check_command(commands: Commands, shared: SharedOptions) -> None:
    check_parser = commands.add_parser(
        "check",
        parents=[shared.site, shared.base_url, shared.drafts],
        help="check the content, then every link of the built site",
        description="Check the content as build does, build the site into a temporary folder, "
        "then check that every internal link, image, script and stylesheet resolves, that "
        "every #fragment names an element, and that no link leaves the base path.",
    )
    check_parser.set_defaults(run=run_check)


def add_deploy_command(commands: Commands, shared: SharedOptions) -> None:
    deploy_parser = commands.add_parser(
        "deploy",
        parents=[shared.site, shared.base_url],
        help="build without drafts and push the site to a branch (gh-pages)",
        description="Build the site without drafts into a temporary folder, commit it as the "
        "new state of a branch, and push the branch. Run it in a git repository.",
    )
    deploy_parser.add_argument(
        "--remote", default="origin", help="the remote to push to (default: origin)"
    )
    deploy_parser.add_argument(
        "--branch", default="gh-pages", help="the branch to publish to (default: gh-pages)"
    )
    deploy_parser.add_argument(
        "-m", "--message", help="the commit message (default names the source commit)"
    )
    deploy_parser.set_defaults(run=run_deploy)


def add_import_command(commands: Commands, shared: SharedOptions) -> None:
    import_parser = commands.add_parser(
        "import",
        parents=[shared.site],
        help="turn news articles or a TimelineJS timeline into draft event pages",
        description="Read news articles (plain text, or web pages saved as .html) and write "
        "one draft event page per event they report (draft: true), with the date, kind, place, "
        "participants, topics and sources found in them; an article about an event that already "
        "has a page is added to its sources, once. A TimelineJS spreadsheet (.csv) or JSON "
        "(.json) gives a draft per slide dated to the day. Existing text is never overwritten.",
    )
    import_parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="articles (.txt, .html) or TimelineJS timelines (.csv, .json)",
    )
    import_parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="where new pages go (default: content/meetings/)",
    )
    import_parser.add_argument(
        "--dry-run", action="store_true", help="say what would be written, write nothing"
    )
    import_parser.set_defaults(run=run_import)


def add_new_command(commands: Commands, shared: SharedOptions) -> None:
    new_parser = commands.add_parser(
        "new",
        parents=[shared.site],
        usage="%(prog)s [-h] [-s DIR] TITLE --date YYYY-MM-DD [--kind KIND] [--location PLACE] "
        "[--section SECTION]\n       %(prog)s [-h] [-s DIR] {person,forum} NAME",
        help="start a new event page, person or forum",
        description="Write a draft event page named DATE-title.md in the site's section, with "
        "every field present and the optional ones commented, from templates/new-event.md "
        "(the site's, else the default theme's). `new person NAME` and `new forum NAME` "
        "write content/people/NAME.md or content/forums/NAME.md (the name as a slug, in "
        "Latin letters) from templates/new-person.md or new-forum.md. An existing file is "
        "never overwritten.",
    )
    new_parser.add_argument(
        "title", metavar="TITLE", help="the event's title; or `person` or `forum`, then NAME"
    )
    new_parser.add_argument(
        "name", nargs="?", metavar="NAME", help="the name of the new person or forum"
    )
    new_parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="when the event took place (for an event): a day, a month (YYYY-MM), a year, "
        "or a day and time (YYYY-MM-DD HH:MM+03:00)",
    )
    new_parser.add_argument("--kind", help="one of the kinds in site.yaml (default: the first)")
    new_parser.add_argument(
        "--location", metavar="'City, Country'", help="where it took place (not for calls)"
    )
    new_parser.add_argument(
        "--section", help="the folder in content/ (default: the site's only one)"
    )
    new_parser.set_defaults(run=run_new, parser=new_parser)


def add_init_command(commands: Commands) -> None:
    init_parser = commands.add_parser(
        "init",
        help="create a new timeline site",
        description="Create a new, working timeline site in DIR: site.yaml and content/ with "
        "one example event and the example person it names. It uses the default theme; "
        "--templates copies the theme's templates and static files in, to change them.",
    )
    init_parser.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")
    init_parser.add_argument("--title", default="My timeline", help="the site's title")
    init_parser.add_argument(
        "--templates",
        action="store_true",
        help="copy the default theme's templates/ and static/ into the site",
    )
    init_parser.set_defaults(run=run_init)


def add_theme_command(commands: Commands, shared: SharedOptions) -> None:
    theme_parser = commands.add_parser(
        "theme",
        help="list the default theme's files, or copy one into the site to change it",
        description="A site's templates/ and static/ override the default theme file by "
        "file: a file the site has is used, the theme's fills in the rest.",
    )
    actions = theme_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    list_parser = actions.add_parser(
        "list",
        parents=[shared.site],
        help="list the theme's files, marking those the site overrides",
        description="List every file of the default theme, marking those the site has a "
        "file of its own for.",
    )
    list_parser.set_defaults(run=run_theme_list)
    copy_parser = actions.add_parser(
        "copy",
        parents=[shared.site],
        help="copy one file of the theme into the site, to change it there",
        description="Copy one file of the default theme into the site at the same path, where "
        "it overrides the theme's. An existing file is never overwritten.",
    )
    copy_parser.add_argument(
        "name",
        metavar="NAME",
        help="the file: templates/event.html, static/css/style.css, or just event.html",
    )
    copy_parser.set_defaults(run=run_theme_copy)


def run_build(args: argparse.Namespace) -> int:
    options = BuildOptions(
        root=args.site,
        output=args.output,
        base_url=args.base_url,
        drafts=args.drafts,
        clean=args.clean,
    )
    result = build(options)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    events = f"{result.events} event" + ("" if result.events == 1 else "s")
    print(
        f"Built {events} into {result.pages} pages "
        f"({result.files} files, {result.written} written)"
        f" in {result.seconds:.2f} s: {result.output}"
    )
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    import asyncio

    from site_builder.serve.preview import STOP_SECONDS, PreviewError, PreviewOptions, serve

    options = PreviewOptions(
        build=BuildOptions(root=args.site, drafts=not args.no_drafts),
        host=args.host,
        port=args.port,
        open_browser=args.open,
    )
    stop = functools.partial(_stop, last_resort=2 * STOP_SECONDS)
    signal.signal(signal.SIGTERM, stop)  # `kill`, a service manager: stop as Ctrl-C does
    # Ctrl-C stops the preview even when it was started where SIGINT is ignored (a background
    # job of a script), which Python would otherwise leave ignored.
    signal.signal(signal.SIGINT, stop)
    try:
        asyncio.run(serve(options))
    except PreviewError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("Preview stopped.")
    return EXIT_OK


def _stop(signal_number: int, frame: object, last_resort: float) -> None:
    """Stop as Ctrl-C does. The preview ends itself within its own deadline once its serving
    sees the interrupt; should the interrupt land where it cannot (in the event loop's own
    machinery, say), the process ends `last_resort` seconds from now all the same."""
    timer = threading.Timer(last_resort, os._exit, (EXIT_OK,))
    timer.daemon = True
    timer.start()
    raise KeyboardInterrupt


def run_check(args: argparse.Namespace) -> int:
    from site_builder.commands.check import check_site

    report = check_site(BuildOptions(root=args.site, base_url=args.base_url, drafts=args.drafts))
    for broken in report.broken:
        print(broken, file=sys.stderr)
    if report.broken:
        count = len(report.broken)
        print(
            f"{count} broken link{'' if count == 1 else 's'} in {report.pages} pages.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"Checked {report.links} links in {report.pages} pages: all resolve.")
    return EXIT_OK


def run_deploy(args: argparse.Namespace) -> int:
    from site_builder.commands.deploy import DeployError, DeployOptions, deploy

    options = DeployOptions(
        build=BuildOptions(root=args.site, base_url=args.base_url),
        remote=args.remote,
        branch=args.branch,
        message=args.message,
    )
    try:
        result = deploy(options)
    except DeployError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"Published {result.events} events ({result.files} files) to {args.remote}/{args.branch}."
    )
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from site_builder.importing.importer import ImportOptions, import_articles

    options = ImportOptions(
        root=args.site, files=tuple(args.files), output=args.output, dry_run=args.dry_run
    )
    import_articles(options, sys.stdout)
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from site_builder.commands.scaffold import RECORD_KINDS, NewEvent, new_event

    if args.name is not None:
        return run_new_record(args)
    if args.date is None and args.title in RECORD_KINDS:
        args.parser.error(f"the following arguments are required: NAME (new {args.title} NAME)")
    if args.date is None:
        args.parser.error("the following arguments are required: --date")
    event = NewEvent(args.title, args.date, args.kind, args.location, args.section)
    path = new_event(args.site, event)
    shown = path.relative_to(args.site).as_posix()
    print(f"Wrote {shown}: a draft; fill in its sources, then remove draft: true.")
    return EXIT_OK


def run_new_record(args: argparse.Namespace) -> int:
    """`new person NAME`, `new forum NAME`."""
    from site_builder.commands.scaffold import RECORD_KINDS, new_record

    if args.title not in RECORD_KINDS:
        args.parser.error(f"a second name follows only `person` or `forum`, not {args.title!r}")
    given = [option for option in ("date", "kind", "location", "section") if getattr(args, option)]
    if given:
        args.parser.error(f"--{given[0]} is for an event, not a {args.title}")
    path = new_record(args.site, args.title, args.name)
    shown = path.relative_to(args.site).as_posix()
    print(f"Wrote {shown}: events name this {args.title} by name, alias or file name.")
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from site_builder.commands.scaffold import init_site

    init_site(args.folder, args.title, dt.date.today(), templates=args.templates)
    print(f"Created a timeline site in {args.folder}. Next: cd {args.folder} && site-builder serve")
    return EXIT_OK


def run_theme_list(args: argparse.Namespace) -> int:
    from site_builder.commands.theme_files import list_theme

    for file in list_theme(args.site):
        print(f"{file.name}  (overridden by the site)" if file.overridden else file.name)
    return EXIT_OK


def run_theme_copy(args: argparse.Namespace) -> int:
    from site_builder.commands.theme_files import copy_theme_file

    copied = copy_theme_file(args.site, args.name)
    print(f"Copied {copied} from the default theme: change it there; the site's copy is used.")
    return EXIT_OK


def program() -> NoReturn:
    """The `site-builder` program (and `python -m site_builder`): `main`, in a process that
    ends with the command."""
    paused_until_exit()
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SiteError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'' if count == 1 else 's'}; nothing was written.", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
