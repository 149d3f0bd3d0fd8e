"""The ``familycase`` command line: thin; parse arguments, call the API, print.

Errors are one clear message on standard error (JSON for ``evaluate --format json``) and a
non-zero exit (2 for bad input or usage, 3 for an internal error), never a traceback.
``check`` exits 1 when it finds errors (it prints them on standard output), and on warnings
too with ``--strict``; ``coverage --strict`` exits 1 when a rule has no firing test.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from familycase import __version__
from familycase._text import Lang, fill_map
from familycase._yaml import load_yaml
from familycase.case.model import Case, case_from_data
from familycase.engine.choice import describe as describe_engines
from familycase.errors import (
    ContentError,
    FamilycaseError,
    ProblemsError,
    UsageError,
    without_excerpts,
)

if TYPE_CHECKING:
    from familycase.render.player import PhaseView
    from familycase.rules.vocabulary import Vocabularies


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="familycase",
        description="Decision support for Nav social workers following up families. "
        "familycase suggests; the caseworker decides.",
    )
    parser.add_argument(
        "--version", action="version", version=f"familycase {__version__} ({describe_engines()})"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    show = sub.add_parser("show", help="show a case as it stands in a phase")
    show.add_argument("file", type=Path, help="a scenario or case file (YAML or JSON)")
    show.add_argument("--phase", help="phase id (scenarios; default: the last phase)")
    show.add_argument("--lang", choices=["nb", "nn", "en"], default="nb")

    ev = sub.add_parser("evaluate", help="evaluate a case and print the suggestions")
    ev.add_argument("file", type=Path, help="a scenario or case file (YAML or JSON)")
    ev.add_argument("--phase", help="phase id (scenarios; default: the last phase)")
    ev.add_argument("--as-of", type=_date, help="evaluate on this date (YYYY-MM-DD)")
    ev.add_argument("--lang", choices=["nb", "nn", "en"], default="nb")
    ev.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text")
    ev.add_argument("--rules", type=Path, help="a rules folder or file (default: shipped rules)")

    eco = sub.add_parser("ecomap", help="draw the ecomap of a case as SVG")
    eco.add_argument("file", type=Path, help="a scenario or case file (YAML or JSON)")
    eco.add_argument("--phase", help="phase id (scenarios; default: the last phase)")
    eco.add_argument("--lang", choices=["nb", "nn", "en"], default="nb")
    eco.add_argument("-o", "--output", type=Path, help="write the SVG here (default: stdout)")
    eco.add_argument("--force", action="store_true", help="overwrite an existing --output file")
    eco.add_argument("--plain", action="store_true", help="do not evaluate (no duty marks)")

    pl = sub.add_parser("play", help="play a scenario phase by phase in the terminal")
    pl.add_argument("file", type=Path, help="a scenario file (YAML)")
    pl.add_argument("--lang", choices=["nb", "nn", "en"], default="nb")
    pl.add_argument(
        "--exercise",
        action="store_true",
        help="ask before telling: each phase's story and discussion questions first, "
        "familycase's assessment only after Enter (or, when not in a terminal, after the "
        "questions under its own heading)",
    )

    cd = sub.add_parser(
        "card",
        help="printable case cards: one A4 page per scenario phase (HTML)",
        description="Write a case card per phase (the phase, its duties, what to clarify now, "
        "who coordinates, a compact ecomap and the responsibility grid), one A4 page each "
        "when printed from a browser.",
    )
    cd.add_argument("file", type=Path, help="a scenario file (YAML)")
    cd.add_argument("--phase", help="phase id (default: every phase, one page each)")
    cd.add_argument("--lang", choices=["nb", "nn", "en"], default="nb")
    cd.add_argument("-o", "--output", type=Path, help="write the HTML here (default: stdout)")
    cd.add_argument("--force", action="store_true", help="overwrite an existing --output file")

    ex = sub.add_parser(
        "explain",
        help="why a measure is not suggested (--why-not), or what changed since an earlier "
        "phase and why (--since)",
        description="Explain an assessment. --why-not MEASURE lists every rule that could "
        "suggest the measure (for --person), with the first condition it misses and what it "
        "looked at, nearest miss first. --since PHASE lists each duty, suggestion and "
        "question that appeared, disappeared or changed since that phase, with why.",
    )
    ex.add_argument("file", type=Path, help="a scenario or case file (YAML or JSON)")
    ex.add_argument("--phase", help="phase id (scenarios; default: the last phase)")
    ex.add_argument("--as-of", type=_date, help="evaluate on this date (YYYY-MM-DD)")
    what = ex.add_mutually_exclusive_group(required=True)
    what.add_argument("--why-not", metavar="MEASURE", help="a measure id (measures.yaml)")
    what.add_argument("--since", metavar="PHASE", help="an earlier phase id of the scenario")
    ex.add_argument("--person", help="a person id (with --why-not)")
    ex.add_argument("--lang", choices=["nb", "nn", "en"], default="nb")
    ex.add_argument("--format", choices=["text", "json"], default="text")
    ex.add_argument("--rules", type=Path, help="a rules folder or file (default: shipped rules)")

    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of a case, an assessment, a rule file, or explain's output",
    )
    sc.add_argument("which", choices=["case", "assessment", "rule-file", "why-not", "comparison"])

    ck = sub.add_parser(
        "check",
        help="check rule, vocabulary, scenario, case and feature files; exit 1 on an error "
        "(or, with --strict, a warning)",
    )
    ck.add_argument("paths", type=Path, nargs="*", help="files or folders (default: shipped)")
    ck.add_argument("--format", choices=["text", "json"], default="text")
    ck.add_argument("--rules", type=Path, help="rules folder for scenarios, cases and features")
    ck.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings (FC8xx) too, not only on errors"
    )

    cov = sub.add_parser("coverage", help="which tests make each rule fire, by legal provision")
    cov.add_argument("--format", choices=["text", "json"], default="text")
    cov.add_argument(
        "--record",
        type=Path,
        action="append",
        help="a recording from 'pytest -p familycase.coverage --familycase-coverage=FILE' "
        "(repeatable; default: .familycase-coverage.json if present)",
    )
    cov.add_argument("--rules", type=Path, help="a rules folder (default: shipped rules)")
    cov.add_argument("--scenarios", type=Path, help="scenarios folder (default: shipped)")
    cov.add_argument("--features", type=Path, help="features folder (default: features/)")
    cov.add_argument("--lang", choices=["nb", "nn", "en"], default="nb")
    cov.add_argument("--strict", action="store_true", help="exit 1 if a rule has no firing test")

    sv = sub.add_parser(
        "serve",
        help="serve the HTTP API (docs/service.md; needs familycase[service])",
        description="Serve familycase over HTTP: POST /v1/evaluate, /v1/validate; GET "
        "/v1/schemas/{name}, /v1/vocabulary, /v1/rulebook, /healthz, /readyz, /metrics; the "
        "OpenAPI document at /openapi.json. Logs are JSON lines on standard error.",
    )
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    sv.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    sv.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default: 10)")
    sv.add_argument(
        "--max-body-bytes", type=int, default=1_000_000, help="largest body (default: 1000000)"
    )
    sv.add_argument(
        "--names",
        action="store_true",
        help="return display names unless a request asks names=false (default: ids only)",
    )
    sv.add_argument("--rules", type=Path, help="a rules folder (default: shipped rules)")

    rv = sub.add_parser(
        "review",
        help="the review table of the rules for domain reviewers (Markdown)",
        description="Write the rules as a Markdown table a domain reviewer signs: per rule, "
        "what it does, its legal basis with verification status, whether it lifts "
        "confidentiality, the reading chosen (its note), its firing and not-firing scenarios "
        "and a blank 'reviewed by / date'. Regenerate the shipped table with: "
        "familycase review --output docs/domain-review.md",
    )
    rv.add_argument("--rules", type=Path, help="a rules folder (default: shipped rules)")
    rv.add_argument("--features", type=Path, help="features folder (default: features/)")
    rv.add_argument(
        "-o",
        "--output",
        type=Path,
        help="write the table here (default: stdout); a file that is not a generated review "
        "table is overwritten only with --force",
    )
    rv.add_argument("--force", action="store_true", help="overwrite any existing --output file")
    return parser


def _check(args: argparse.Namespace) -> tuple[int, str]:
    from familycase.check import check, problems_to_json  # noqa: PLC0415

    problems = check(args.paths or None, rules=args.rules)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    code = 1 if errors or (args.strict and warnings) else 0
    if args.format == "json":
        return code, problems_to_json(problems) + "\n"
    if not problems:
        return 0, "No problems found.\n"

    def counted(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 else ''}"

    files = counted(len({p.file for p in problems}), "file")
    text = "\n".join(p.format() for p in problems)
    if not warnings:
        return code, f"{text}\n{counted(errors, 'problem')} in {files}.\n"
    summary = f"{counted(errors, 'error')} and {counted(warnings, 'warning')} in {files}."
    if not errors:
        summary = f"No errors; {counted(warnings, 'warning')} in {files}."
    if not args.strict:
        summary += " Warnings do not fail the check; --strict makes them fail it."
    return code, f"{text}\n{summary}\n"


def _coverage(args: argparse.Namespace) -> tuple[int, str]:
    from familycase.coverage import DEFAULT_RECORD, compute_coverage, render_text  # noqa: PLC0415
    from familycase.rules.rulebook import load_rulebook  # noqa: PLC0415

    records = args.record or ([Path(DEFAULT_RECORD)] if Path(DEFAULT_RECORD).is_file() else [])
    book = load_rulebook(args.rules)
    lang = cast(Lang, args.lang)
    coverage = compute_coverage(
        book,
        records=records,
        scenarios=args.scenarios,
        features=args.features,
        lang=lang,
    )
    if args.format == "json":
        return (1 if args.strict and coverage.uncovered else 0), coverage.to_json()
    output = render_text(coverage, lang=lang, vocabularies=book.vocabularies)
    return (1 if args.strict and coverage.uncovered else 0), output


def _review(args: argparse.Namespace) -> tuple[int, str]:
    """``familycase review``: the review table on stdout, or in ``--output``."""
    from familycase.review import review_markdown, write_review  # noqa: PLC0415

    text = review_markdown(args.rules, features=args.features)
    if args.output is None:
        return 0, text
    write_review(args.output, text, force=args.force)
    return 0, ""


def _schema(args: argparse.Namespace) -> tuple[int, str]:
    """``familycase schema``: the JSON Schema the docs ship, from the installed models."""
    from familycase._docs import (  # noqa: PLC0415
        assessment_schema,
        case_schema,
        comparison_schema,
        rule_file_schema,
        why_not_schema,
    )

    make = {
        "case": case_schema,
        "assessment": assessment_schema,
        "rule-file": rule_file_schema,
        "why-not": why_not_schema,
        "comparison": comparison_schema,
    }
    return 0, make[args.which]()


def _serve(args: argparse.Namespace) -> tuple[int, str]:
    """``familycase serve``: until interrupted."""
    try:
        from familycase.service.server import serve  # noqa: PLC0415
        from familycase.service.settings import Settings  # noqa: PLC0415
    except ImportError as exc:
        raise UsageError(
            f"'familycase serve' needs the service extra ({exc.name} is missing): "
            "pip install 'familycase[service]'."
        ) from None
    settings = Settings(
        max_body_bytes=args.max_body_bytes,
        timeout_seconds=args.timeout,
        ids_only_default=not args.names,
        rules=str(args.rules) if args.rules else None,
    )
    serve(settings, host=args.host, port=args.port, workers=args.workers)
    return 0, ""


def _explain(args: argparse.Namespace) -> tuple[int, str]:
    """``familycase explain``: why not (``--why-not``) or what changed (``--since``)."""
    from familycase.assess.compare import compare  # noqa: PLC0415
    from familycase.assess.evaluation import evaluate  # noqa: PLC0415
    from familycase.render.explain import change_lines, why_not_text  # noqa: PLC0415
    from familycase.rules.rulebook import load_rulebook  # noqa: PLC0415
    from familycase.rules.vocabulary import load_vocabularies  # noqa: PLC0415

    lang = cast(Lang, args.lang)
    if args.person is not None and args.why_not is None:
        raise UsageError("--person goes with --why-not MEASURE.")
    rulebook = load_rulebook(args.rules) if args.rules else None
    vocabularies = rulebook.vocabularies if rulebook else load_vocabularies()
    case = load_case_file(args.file, args.phase)
    assessment = evaluate(case, rulebook=rulebook, as_of=args.as_of)
    if args.why_not is not None:
        why = assessment.why_not(args.why_not, args.person)
        if args.format == "json":
            return 0, why.model_dump_json(indent=2) + "\n"
        return 0, why_not_text(why, assessment, lang, vocabularies)
    doc = load_yaml(args.file)
    if not (isinstance(doc.data, dict) and "phases" in doc.data):
        raise UsageError(
            f"{args.file}: --since compares two phases of a scenario; this is a case file. "
            "Use --why-not MEASURE, or compare two assessments with familycase.compare."
        )
    before_case = load_case_file(args.file, args.since)
    before = evaluate(before_case, rulebook=rulebook)
    comparison = compare(before, assessment)
    if args.format == "json":
        return 0, comparison.model_dump_json(indent=2) + "\n"
    t = vocabularies.texts(lang)
    head = f"{t('changes_since')}: {before.as_of.isoformat()} → {assessment.as_of.isoformat()}"
    lines = change_lines(comparison, assessment.names, lang, vocabularies)
    return 0, "\n".join([head, *(lines or [f"  {t('no_changes')}"])]) + "\n"


def load_case_file(path: Path, phase: str | None) -> Case:
    """A case from a scenario file (at ``phase``) or a case file."""
    from familycase.case.scenario import load_scenario  # noqa: PLC0415

    try:
        doc = load_yaml(path)
    except ContentError as exc:  # it may be a case file: show no line of it
        raise ContentError(without_excerpts(exc.problems), exc.summary) from None
    if isinstance(doc.data, dict) and "phases" in doc.data:
        return load_scenario(path).case_at(phase)
    if phase is not None:
        raise UsageError(f"{path}: --phase applies to scenario files; this is a case file.")
    return case_from_data(doc.data, source=doc.file, document=doc)


def _ecomap(args: argparse.Namespace, lang: Lang) -> str:
    """``familycase ecomap``: the SVG on stdout, or in ``--output`` (never overwritten
    unless ``--force``)."""
    from familycase.assess.evaluation import evaluate  # noqa: PLC0415
    from familycase.render.ecomap import ecomap_svg  # noqa: PLC0415

    out: Path | None = args.output
    _output(out, (".svg",), "the ecomap is an SVG picture", args.force)
    case = load_case_file(args.file, args.phase)
    title = _phase_title(args.file, args.phase, lang)
    assessment = None if args.plain else evaluate(case)
    svg = ecomap_svg(case, lang, assessment=assessment, title=title)
    return svg if out is None else _write_file(out, svg)


def _output(out: Path | None, suffixes: tuple[str, ...], what: str, force: bool) -> None:
    """Refuse an ``--output`` that would overwrite a file (without ``force``), lies in a
    folder that does not exist, or has the wrong suffix."""
    if out is None:
        return
    if out.suffix.lower() not in suffixes:
        raise UsageError(f"{out}: {what}; give a file name ending in {' or '.join(suffixes)}.")
    if (out.exists() or out.is_symlink()) and not force:
        raise UsageError(f"{out} exists; use --force to overwrite it.")
    if not out.parent.is_dir():
        raise UsageError(f"{out}: the folder {out.parent} does not exist; create it first.")


def _write_file(out: Path, text: str) -> str:
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{out}: cannot write the file ({exc.strerror or exc}).") from None
    return ""


def _card(args: argparse.Namespace, lang: Lang) -> str:
    """``familycase card``: one A4 case card per phase, as an HTML page."""
    from familycase.case.scenario import load_scenario  # noqa: PLC0415
    from familycase.render.card import cards_document  # noqa: PLC0415

    _output(args.output, (".html", ".htm"), "a case card is an HTML page", args.force)
    doc = load_yaml(args.file)
    if not (isinstance(doc.data, dict) and "phases" in doc.data):
        raise UsageError(
            f"{args.file} is not a scenario; 'familycase card' draws the phases of a scenario "
            "file. For a case file use 'familycase evaluate FILE --format html'."
        )
    scenario = load_scenario(args.file)
    if args.phase is not None:
        scenario.phase(args.phase)  # an unknown phase is a clear error
    views = [v for v in scenario.play(lang) if args.phase in (None, v.phase.id)]
    page = cards_document(views)
    return page if args.output is None else _write_file(args.output, page)


def _phase_title(path: Path, phase: str | None, lang: Lang) -> str | None:
    """The title of the scenario phase shown (``phase``, else the last), or None for a case
    file."""
    from familycase.case.scenario import load_scenario  # noqa: PLC0415

    doc = load_yaml(path)
    if not (isinstance(doc.data, dict) and "phases" in doc.data):
        return None
    scenario = load_scenario(path)
    return (scenario.phase(phase) if phase else scenario.phases[-1]).title.get(lang)


def _play(args: argparse.Namespace, lang: Lang) -> str:
    """``familycase play``: every phase at once, or one at a time when run in a terminal."""
    from familycase.case.scenario import load_scenario  # noqa: PLC0415
    from familycase.rules.vocabulary import load_vocabularies  # noqa: PLC0415

    try:
        doc = load_yaml(args.file)
    except ContentError as exc:  # it may be a case file: show no line of it
        raise ContentError(without_excerpts(exc.problems), exc.summary) from None
    if isinstance(doc.data, dict) and "phases" not in doc.data and "persons" in doc.data:
        raise UsageError(
            f"{args.file} is a case file; 'familycase play' plays scenario files (with "
            f"phases). Use 'familycase evaluate {args.file}' or 'familycase show {args.file}'."
        )
    views = load_scenario(args.file).play(lang)
    v = load_vocabularies()
    pages: Iterator[list[str]] = (
        _exercise(view, args.file, v) if args.exercise else [view.text()] for view in views
    )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return "\n".join("\n".join(parts) for parts in pages)
    prompts = [v.text("press_enter").get(lang) + " ", v.text("exercise_reveal").get(lang) + " "]
    for index, parts in enumerate(pages):
        for step, part in enumerate(parts):
            if index or step:
                try:
                    if input(prompts[step]).strip().lower().startswith("q"):
                        return ""
                except EOFError:
                    return ""
            sys.stdout.write(part)
            sys.stdout.flush()
    return ""


def _exercise(view: PhaseView, path: Path, v: Vocabularies) -> list[str]:
    """A phase as an exercise: what to discuss (with how to draw the phase's ecomap, without
    duty marks), then familycase's assessment."""
    ask, tell = view.exercise()
    command = f"familycase ecomap {path} --phase {view.phase.id} --plain -o {view.phase.id}.svg"
    hint = fill_map(v.text("exercise_ecomap").get(view.lang), {"command": command})
    return [f"{ask}\n{hint}\n", tell]


def _run(args: argparse.Namespace) -> str:
    lang = cast(Lang, args.lang)
    if args.command == "ecomap":
        return _ecomap(args, lang)
    if args.command == "play":
        return _play(args, lang)
    if args.command == "card":
        return _card(args, lang)
    case = load_case_file(args.file, args.phase)
    if args.command == "show":
        from familycase.render.text import render_case  # noqa: PLC0415

        return render_case(case, lang)
    from familycase.assess.evaluation import evaluate  # noqa: PLC0415
    from familycase.render.text import render_assessment  # noqa: PLC0415
    from familycase.rules.rulebook import load_rulebook  # noqa: PLC0415

    rulebook = load_rulebook(args.rules) if args.rules else None
    assessment = evaluate(case, rulebook=rulebook, as_of=args.as_of)
    if args.format == "json":
        return assessment.model_dump_json(indent=2) + "\n"
    vocabularies = rulebook.vocabularies if rulebook else None
    if args.format == "markdown":
        from familycase.render.markdown import assessment_markdown  # noqa: PLC0415

        return assessment_markdown(assessment, lang, vocabularies=vocabularies)
    if args.format == "html":
        from familycase.render.html import assessment_html, document  # noqa: PLC0415

        heading = _phase_title(args.file, args.phase, lang)
        title = f"familycase · {heading or assessment.case_id} · {assessment.as_of.isoformat()}"
        report = assessment_html(
            assessment, lang, vocabularies=vocabularies, title=heading, case=case
        )
        return document(report, title, lang)
    return render_assessment(assessment, lang, vocabularies)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    commands = {
        "check": _check,
        "coverage": _coverage,
        "review": _review,
        "schema": _schema,
        "serve": _serve,
        "explain": _explain,
    }
    as_json = args.command in ("evaluate", "explain") and args.format == "json"
    try:
        code, output = commands[args.command](args) if args.command in commands else (0, _run(args))
    except FamilycaseError as exc:
        if as_json:
            print(_error_json(exc), file=sys.stderr)
        elif isinstance(exc, ProblemsError):
            print(str(exc), file=sys.stderr)
        else:
            print(f"familycase: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for a user
        print(
            f"familycase: internal error ({type(exc).__name__}). Please report it with the "
            "command you ran (no case data needed).",
            file=sys.stderr,
        )
        return 3
    return _write(output, code)


def _error_json(exc: FamilycaseError) -> str:
    """An error as JSON, for ``evaluate --format json``: ``error`` (the exception's type),
    ``message`` and ``problems`` (as ``check --format json`` gives them; empty if none)."""
    import json  # noqa: PLC0415

    from familycase.check import problems_to_json  # noqa: PLC0415

    problems = exc.problems if isinstance(exc, ProblemsError) else ()
    message = exc.summary if isinstance(exc, ProblemsError) else str(exc)
    return json.dumps(
        {
            "error": type(exc).__name__,
            "message": message,
            "problems": json.loads(problems_to_json(problems)),
        },
        indent=2,
        ensure_ascii=False,
    )


def _write(output: str, code: int) -> int:
    """Write ``output`` to standard output; a closed pipe ends quietly, a full disk with a
    message."""
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head: what was wanted has been read
        _silence_stdout()
        return code
    except OSError as exc:
        _silence_stdout()
        print(f"familycase: cannot write the output ({exc.strerror or exc}).", file=sys.stderr)
        return 2
    return code


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit cannot fail again."""
    import os  # noqa: PLC0415

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
