"""`grader batch SUBMISSIONS --exercise NAME --out OUTDIR`: grade a whole class."""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from grader.commands.grade import add_grading_options


def add_parser(subparsers):
    p = subparsers.add_parser(
        "batch", help="grade a class's submissions in parallel; write HTML reports, CSV, gradebook",
        description="Grade every submission under SUBMISSIONS (one file or folder per student, "
                    "or LMS download names such as Canvas's doejane_12345_67890_train.ipynb). "
                    "Rerunning skips submissions already graded with the same content, exercise, "
                    "device and grader version.")
    p.add_argument("submissions", type=Path, metavar="SUBMISSIONS", help="folder of submissions (or a single file)")
    add_grading_options(p)
    p.add_argument("--out", required=True, type=Path, help="output folder (reports, grades.csv, gradebook.db)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                   help="submissions graded at once (default: the machine's cores, %(default)s)")
    p.add_argument("--force", action="store_true", help="regrade submissions already in the gradebook")
    p.add_argument("--allow-unconfined", action="store_true",
                   help="DANGEROUS: grade even where this machine cannot confine submissions (no working "
                        "bubblewrap / user namespaces); every submission then runs as you, with your "
                        "files, network and processes. See docs/security.md")
    p.add_argument("--student-view", action="store_true",
                   help="write each student's files as students may see them: hidden checks folded "
                        "into one line (the gradebook, index.html and grades.csv keep everything)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="grade on a Dask cluster: a scheduler address (tcp://host:8786) or local:N "
                        "for N worker processes on this machine; needs pip install 'loopgrader[dask]'. "
                        "See docs/scale.md")
    p.add_argument("--deadline", metavar="WHEN",
                   help="the deadline (2024-03-01T23:59, or a date: its end), for --late-penalty with "
                        "the submission times LMS download names carry (Blackboard, Brightspace)")
    p.add_argument("--late-penalty", metavar="SPEC",
                   help="late policy: 10%%/day or 1/day (per started day after --deadline), 20%% or 2 "
                        "(flat), from the download names' late flags and times; kept in the gradebook "
                        "for later runs; 'none' removes it. Shown in the reports and grades.csv")
    p.add_argument("--junit", type=Path, metavar="FILE",
                   help="also write the class's JUnit XML here (always written to OUT/junit.xml)")
    p.add_argument("--shard", metavar="K/N",
                   help="grade only shard K of N (split by content hash) into OUT/shard-K-of-N/, for "
                        "job arrays; combine with `grader gradebook merge`. See docs/scale.md")
    return p


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _scale_options(args, settings):
    """(pool, select) for run_batch from --scheduler and --shard; --shard moves settings.out to
    the shard's own folder. ImportError (no Dask) or ValueError: a one-line usage error."""
    pool = select = None
    if getattr(args, "scheduler", None):
        from grader.batch.dask_pool import DaskPool   # ImportError names the extra to install
        pool = DaskPool(args.scheduler)
    if getattr(args, "shard", None):
        from grader.batch.shard import parse_shard
        shard = parse_shard(args.shard)
        settings.out, select = shard.out_folder(settings.out), shard.selects
    return pool, select


def run(args) -> int:
    from grader.batch.discover import NoSubmissions
    from grader.batch.run import BatchSettings, run_batch
    from grader.sandbox.confine import ConfinementUnavailable
    from grader.engine import DeviceUnavailable
    from grader.exercise import UnknownExercise
    from grader.errors import EXIT_USAGE

    from grader.course import CourseConfigError, apply_course

    if not args.submissions.exists():
        print(f"grader batch: no such file or folder: {args.submissions}", file=sys.stderr)
        return 2
    try:   # --exercise by name or folder, options the command line left out from the course config
        apply_course(args)
    except (UnknownExercise, CourseConfigError) as e:
        print(f"grader batch: {e}", file=sys.stderr)
        return 2
    settings = BatchSettings(exercise=args.exercise, out=args.out, jobs=max(1, args.jobs),
                             device=args.device, timeout=args.timeout, memory=args.memory,
                             force=args.force, student_view=args.student_view,
                             allow_unconfined=args.allow_unconfined)
    try:   # --scheduler, --shard and the late policy: usage errors before any work
        from grader.late import parse_policy
        settings.late_policy = parse_policy(args.deadline, args.late_penalty)
        pool, select = _scale_options(args, settings)
    except (ImportError, ValueError) as e:
        print(f"grader batch: {e}", file=sys.stderr)
        return EXIT_USAGE
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        outcomes = run_batch(args.submissions, settings, pool=pool, select=select)
    except UnknownExercise as e:
        print(f"grader batch: {e}", file=sys.stderr)
        return 2
    except ConfinementUnavailable as e:
        print(f"grader batch: {e}", file=sys.stderr)
        return 2
    except NoSubmissions as e:      # an empty folder is a mistake, not an empty class
        print(f"grader batch: {e}", file=sys.stderr)
        return EXIT_USAGE
    except DeviceUnavailable as e:
        print(f"grader batch: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"grader batch: stopped; everything graded so far is kept in {args.out}. "
              "Run the same command again to finish.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)

    graded = [o for o in outcomes if o.result is not None]
    errors = [o for o in outcomes if o.error]
    reused = sum(o.reused for o in outcomes)
    if args.junit:
        args.junit.parent.mkdir(parents=True, exist_ok=True)
        args.junit.write_text((settings.out / "junit.xml").read_text(encoding="utf-8"), encoding="utf-8")
    print(f"{len(graded)} graded ({reused} unchanged since the last run), "
          f"{len(errors)} grader errors. Class summary: {settings.out / 'index.html'}")
    from grader.reporters.escape import terminal_text
    for o in errors:   # the path and the traceback can hold anything a submission chose
        print(terminal_text(f"grader error on {o.submission.path}:\n{o.error}", indent=4), file=sys.stderr)
    return 1 if errors else 0
