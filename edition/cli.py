"""The command line: python build.py [ingest|build|serve|check]. Exit 0 ok, 1 content problem, 2 usage."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from edition.config import ConfigError, SiteConfig, load_config

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors, as the contract wants
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build.py", description="Build the digital edition: ingest raw articles, then build the site.")
    parser.add_argument("--config", default="site.yaml", help="settings file (default: site.yaml)")
    parser.add_argument("--base-url", help="with no command: the absolute URL the site is published at")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    common = _Parser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help="settings file (default: site.yaml)")

    ingest = sub.add_parser("ingest", parents=[common], help="raw articles -> content/ (keeps editors' changes)")
    ingest.add_argument("--seeds", help="folder of raw articles (default: paths.seeds)")
    ingest.add_argument("--content", help="content folder (default: paths.content)")
    ingest.add_argument("--force", action="store_true", help="rewrite files editors changed, keeping a backup in content/.backup/")
    ingest.add_argument("--dry-run", action="store_true", help="write nothing; show what ingest would write")

    build = sub.add_parser("build", parents=[common], help="content/ -> site/")
    build.add_argument("--content")
    build.add_argument("--out")
    build.add_argument("--base-url", help="absolute URL the site is published at (sitemap, feed, citations)")

    serve = sub.add_parser("serve", parents=[common], help="build, then preview with live reload")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--content")
    serve.add_argument("--out")
    serve.add_argument("--seeds", help="folder of raw articles to watch; a new one is ingested")

    check = sub.add_parser("check", parents=[common], help="check content and the built site strictly")
    check.add_argument("--content")
    check.add_argument("--out")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE if not Path(args.config).exists() else EXIT_CONTENT
    command = args.command or "all"
    return COMMANDS[command](args, config)


def _dir(value: str | None, default: str) -> Path:
    return Path(value or default)


def run_ingest(args, config: SiteConfig) -> int:
    from edition.ingest import ingest

    seeds = _dir(getattr(args, "seeds", None), config.paths.seeds)
    content = _dir(getattr(args, "content", None), config.paths.content)
    result = ingest(seeds, content, force=getattr(args, "force", False), dry_run=getattr(args, "dry_run", False))
    for path in result.written:
        print(f"wrote {path}")
    if result.unchanged:
        print(f"{len(result.unchanged)} content file(s) already up to date")
    for path in result.kept:
        print(f"kept {path}: changed by an editor since ingest wrote it (use --force to rewrite it, with a backup)")
    if getattr(args, "dry_run", False):
        for path, diff in result.would_write.items():
            print(diff or f"(no change to {path})")
    for raw, original in result.duplicates:
        print(f"{raw}: duplicate of {original}; not ingested again")
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return EXIT_CONTENT if result.problems else EXIT_OK


def run_build(args, config: SiteConfig) -> int:
    from edition.site.build import build_site, input_digest, is_up_to_date, load_state, record_inputs, save_state

    content = _dir(getattr(args, "content", None), config.paths.content)
    out = _dir(getattr(args, "out", None), config.paths.output)
    if getattr(args, "base_url", None):
        config = replace_base_url(config, args.base_url)
    inputs = input_digest(content, config)
    if is_up_to_date(out, inputs):
        print(f"built {out}: up to date, 0 file(s) written")
        return EXIT_OK
    result = build_site(content, out, config, load_state(out))
    if result.built:
        save_state(out, result.state)
        record_inputs(out, inputs)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.built:
        print(f"built {out}: {result.page_count} pages, {len(result.written)} file(s) written, "
              f"{len(result.removed)} removed, in {result.seconds:.2f} s"
              + (f" (search index {result.search_seconds:.2f} s, beside the pages)" if result.search_seconds else ""))
    else:
        print(f"build failed; {out} left as it was", file=sys.stderr)
    return EXIT_CONTENT if result.problems and any(p.severity == "error" for p in result.problems) else EXIT_OK


def replace_base_url(config: SiteConfig, base_url: str) -> SiteConfig:
    from dataclasses import replace

    if not base_url.startswith(("http://", "https://")):
        raise SystemExit(f"error: --base-url must be an absolute http(s) URL, got {base_url!r}")
    return replace(config, base_url=base_url)


def run_all(args, config: SiteConfig) -> int:
    status = run_ingest(args, config)
    build_status = run_build(args, config)
    return max(status, build_status)


def run_serve(args, config: SiteConfig) -> int:
    from edition.serve import serve

    return serve(config, host=args.host, port=args.port, content=_dir(args.content, config.paths.content),
                 out=_dir(args.out, config.paths.output), seeds=_dir(args.seeds, config.paths.seeds))


def run_check(args, config: SiteConfig) -> int:
    from edition.check import check_site

    content = _dir(getattr(args, "content", None), config.paths.content)
    out = _dir(getattr(args, "out", None), config.paths.output)
    problems = check_site(content, out, config)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    print(f"check: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
    return EXIT_CONTENT if errors else EXIT_OK


COMMANDS = {"ingest": run_ingest, "build": run_build, "serve": run_serve, "check": run_check, "all": run_all}
