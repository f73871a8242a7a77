"""The `site-builder` command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from site_builder import __version__
from site_builder.build import BuildOptions, build
from site_builder.preview import PreviewError, PreviewOptions, serve
from site_builder.problems import SiteError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder",
        description="Build a chronological timeline website from YAML-fronted Markdown events.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_parser = commands.add_parser(
        "build",
        help="check the content and build the site",
        description="Check every event file, then build the site into the output folder. "
        "The previous output is replaced only when the whole build succeeds.",
    )
    add_site_arguments(build_parser)
    build_parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="output folder (default: build/ in the site)",
    )
    build_parser.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site is published at, overriding site.yaml",
    )
    build_parser.add_argument(
        "--drafts", action="store_true", help="include events marked draft: true"
    )
    build_parser.set_defaults(run=run_build)

    serve_parser = commands.add_parser(
        "serve",
        help="preview the site, rebuilding and reloading the browser on every edit",
        description="Build the site, serve it, and rebuild it whenever a file in content/, "
        "templates/, static/ or site.yaml changes; open pages reload by themselves. "
        "Drafts are shown. The site is served at the root whatever base_url says.",
    )
    add_site_arguments(serve_parser)
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
    return parser


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s",
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the site's root, the folder with site.yaml (default: the current folder)",
    )


def run_build(args: argparse.Namespace) -> int:
    result = build(
        BuildOptions(root=args.site, output=args.output, base_url=args.base_url, drafts=args.drafts)
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    events = f"{result.events} event" + ("" if result.events == 1 else "s")
    print(
        f"Built {events} into {result.pages} pages ({result.files} files)"
        f" in {result.seconds:.2f} s: {result.output}"
    )
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    options = PreviewOptions(
        build=BuildOptions(root=args.site, drafts=not args.no_drafts),
        host=args.host,
        port=args.port,
        open_browser=args.open,
    )
    try:
        asyncio.run(serve(options))
    except PreviewError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("Preview stopped.")
    return EXIT_OK


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
