#!/usr/bin/env python3
"""Benchmark of e-mail and sign-in export ingestion and their rules (issue 19: one million
message-trace rows, and one million sign-in rows, each ingested in under 5 s whole process
and under 512 MB; the rules over them in under 3 s). Not a test: it prints figures for
docs/benchmarks.md.

    .venv/bin/python bench/mail_ingest.py --rows 1000000 --runs 3 --work /tmp/cg-mail-bench \
        [--squid-generator PATH/gen_squid_log.py] [--baseline REV]

It generates the two exports once (kept in --work): a ``Get-MessageTrace | Export-Csv``
file (PowerShell 5.1: the ``#TYPE`` line, every cell quoted, UK day-first times) and an Entra
portal "Interactive user sign-ins" CSV (the full 57-column header with its trailing-space,
double-space and twice-named columns, UTF-8 with a byte order mark as the portal writes it),
each with a few bad lines so the receipts list rejects. It prepares a council (60 people with
council addresses, governed e-mail, sign-in and proxy sources, the council's own domain as a
business contact), then for each run copies the prepared database and times whole processes
side by side: `councilguard ingest` of the trace, of the sign-ins and, given the shared
generator, of as many Squid native lines (the web path), then the e-mail and sign-in rules
over the two million records (in one process; the rules' own time and the whole analysis
with its findings are printed apart). Peak memory is the maximum resident set size of the
process (GNU time).

With ``--baseline REV`` each run also ingests the two exports with the sources of an earlier
commit (``git archive``, into --work) on its own copy of the database, just before the
current ones, so that before and after are measured side by side under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timing import run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

DOMAIN = "bench.example"
PEOPLE = 60
OUTSIDE = 600
WEEK = datetime(2025, 10, 13, 7, 0, tzinfo=UTC)  # a Monday, 08:00 in the UK
BAD_EVERY = 200_000  # one line in this many is broken (a time nobody writes, a blank sender)

RULES = """
import json, time
import django
django.setup()
from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.mail import services
council = Council.objects.get(slug="bench")
started, cpu = time.perf_counter(), time.process_time()
found, weeks, counts = services.run_rules(council)
rules, rules_cpu = time.perf_counter() - started, time.process_time() - cpu
started = time.perf_counter()
outcome = services.analyse_council(council, actor=Actor.system("bench"))
whole = time.perf_counter() - started
print(json.dumps({"rules": rules, "rules_cpu": rules_cpu, "findings": len(found), "analyse": whole,
                  "created": outcome.created, "records": counts}))
"""


def _people() -> list[str]:
    return [f"person{n:02d}@{DOMAIN}" for n in range(PEOPLE)]


def _outside(rng: random.Random) -> list[str]:
    domains = ["gmail.com", "outlook.com", "yahoo.co.uk", "supplier.example", "county.gov.uk",
               "mail.example", "charity.example", "school.example"]  # fmt: skip
    return [f"contact{n:03d}@{rng.choice(domains)}" for n in range(OUTSIDE)]


def _headers() -> tuple[list[str], list[str]]:
    """The documented headers the tests build exports from (their module needs Django)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.settings")
    django.setup()
    from councilguard.mail.testing import ENTRA_PORTAL_HEADER, PS_TRACE_HEADER

    return PS_TRACE_HEADER, ENTRA_PORTAL_HEADER


def generate_trace(path: Path, rows: int, seed: int = 19) -> None:
    """Get-MessageTrace | Export-Csv: a working week of messages between the people and
    outside contacts (one row per message and recipient)."""
    PS_TRACE_HEADER, _ = _headers()  # noqa: N806
    rng = random.Random(seed)  # noqa: S311 (test data)
    people, outside = _people(), _outside(rng)
    statuses = ["Delivered"] * 18 + ["Failed", "FilteredAsSpam"]
    subjects = ["Allotment waiting list", "Agenda for Tuesday", "Re: hall booking", "Invoice"]
    span = 5 * 24 * 3600
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n")
        out.write(",".join(f'"{h}"' for h in PS_TRACE_HEADER) + "\r\n")
        seconds = sorted(rng.randrange(span) for _ in range(rows))
        for n, offset in enumerate(seconds):
            at = (WEEK + timedelta(seconds=offset)).strftime("%d/%m/%Y %H:%M:%S")
            person, other = rng.choice(people), rng.choice(outside + people)
            sender, recipient = (person, other) if n % 2 else (other, person)
            if n % BAD_EVERY == BAD_EVERY // 2:
                at = "not recorded"
            elif n % BAD_EVERY == BAD_EVERY // 3:
                sender = ""
            out.write(
                f'"{at}","{sender}","{recipient}","{rng.choice(subjects)}",'
                f'"{rng.choice(statuses)}","10.0.0.{n % 250}","192.0.2.{n % 200}",'
                f'"{rng.randrange(2_000, 400_000)}","<{n:x}.{seed}@{DOMAIN}>",'
                f'"0f1e2d3c-0000-0000-0000-{n:012d}"\r\n'
            )


def generate_signins(path: Path, rows: int, seed: int = 20) -> None:
    """The Entra portal's interactive sign-ins CSV, every column of its header present."""
    _, ENTRA_PORTAL_HEADER = _headers()  # noqa: N806
    rng = random.Random(seed)  # noqa: S311 (test data)
    people = _people()
    apps = [("Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"),
            ("Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264"),
            ("OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca")]  # fmt: skip
    clients = (
        ["Browser"] * 12 + ["Mobile Apps and Desktop clients"] * 6 + ["IMAP4", "Other clients"]
    )
    places = ["Ringford, England, GB"] * 30 + ["Dublin, Dublin, IE", "Lisbon, Lisboa, PT"]
    index = {name: i for i, name in enumerate(ENTRA_PORTAL_HEADER)}
    span = 5 * 24 * 3600
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(",".join(ENTRA_PORTAL_HEADER) + "\r\n")
        seconds = sorted(rng.randrange(span) for _ in range(rows))
        for n, offset in enumerate(seconds):
            user = rng.choice(people)
            app, app_id = rng.choice(apps)
            ok = rng.random() > 0.05
            mfa = rng.random() > 0.1
            row = [""] * len(ENTRA_PORTAL_HEADER)
            row[index["Date (UTC)"]] = (WEEK + timedelta(seconds=offset)).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
            row[index["Request ID"]] = f"{n:08x}-1c2d-4e5f-8a9b-{seed:012x}"
            row[index["Correlation ID"]] = f"{n:08x}-aaaa-4bbb-8ccc-{seed:012x}"
            row[index["User ID"]] = f"{people.index(user):08x}-0000-4000-8000-000000000000"
            row[index["User"]] = user.split("@")[0]
            row[index["Username"]] = "" if n % BAD_EVERY == BAD_EVERY // 2 else user
            row[index["User type"]] = "Member"
            row[index["Incoming token type"]] = "none"
            row[index["Application"]] = app
            row[index["Application ID "]] = app_id
            row[index["Resource"]] = app
            row[index["IP address"]] = f"192.0.2.{n % 200}"
            row[index["Location"]] = rng.choice(places)
            row[index["Status"]] = "Success" if ok else "Failure"
            row[index["Sign-in error code"]] = "0" if ok else "50126"
            row[index["Failure reason"]] = "" if ok else "Invalid username or password."
            row[index["Client app"]] = rng.choice(clients)
            row[index["Browser"]] = "Edge 120.0.0"
            row[index["Operating System"]] = "Windows 10"
            row[index["Multifactor authentication result"]] = (
                "MFA completed in Azure AD" if mfa else ""
            )
            row[index["Multifactor authentication auth method"]] = (
                "Mobile app notification" if mfa else ""
            )
            row[index["Authentication requirement"]] = (
                "Multifactor authentication" if mfa else "Single-factor authentication"
            )
            row[index["Autonomous system  number"]] = "64500"
            row[index["Conditional Access"]] = "Not Applied"
            row[index["Latency"]] = str(rng.randrange(20, 400))
            out.write(",".join(f'"{c}"' if "," in c else c for c in row) + "\r\n")


def prepare(work: Path, env: dict, squid_truth: Path | None) -> None:
    """A council whose people hold the generated addresses, with its sources set up."""
    base = work / "prepared"
    if (base / "ready").exists():
        return
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    env = {**env, "COUNCILGUARD_VAR_DIR": str(base), "COUNCILGUARD_DATA_DIR": str(base / "data")}
    cg = [sys.executable, "-m", "councilguard.cli"]
    clerk = f"clerk@{DOMAIN}"
    subprocess.run([*cg, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([*cg, "createcachetable"], env=env, check=True)
    subprocess.run(
        [*cg, "council", "create", "Bench Town Council", "--slug", "bench", "--clerk", clerk],
        env=env,
        check=True,
    )
    people = base / "people.csv"
    lines = ["full_name,role,email,working_pattern"]
    lines += [f"Person {n:02d},staff,{a},Mon-Fri 09:00-17:00" for n, a in enumerate(_people())]
    squid_users = []
    if squid_truth is not None:
        squid_users = [line.split(",")[0] for line in squid_truth.read_text().splitlines()[1:]]
        lines += [f"{u.replace('.', ' ').title()},staff,{u}@proxy.{DOMAIN},Mon-Fri 09:00-17:00"
                  for u in squid_users]  # fmt: skip
    people.write_text("\n".join(lines) + "\n")
    subprocess.run(
        [*cg, "people", "import", "--council", "bench", str(people)], env=env, check=True
    )
    if squid_users:
        ids = base / "identities.csv"
        ids.write_text(
            "kind,value,person_email,valid_from\n"
            + "".join(f"proxy_user,{u},{u}@proxy.{DOMAIN},2020-01-01\n" for u in squid_users)
        )
        subprocess.run(
            [*cg, "identities", "import", "--council", "bench", str(ids)], env=env, check=True
        )
    for kind, clause in (("email", "7.1.4"), ("signin", "4.1.1"), ("proxy", "9.1")):
        subprocess.run(
            [*cg, "sources", "set", "--council", "bench", "--kind", kind,
             "--purpose", "Keep the council's accounts safe and check use against the policy",
             "--basis", "Legitimate interests", "--dpia", "DPIA-1", "--clause", clause,
             "--retention-days", "90", "--owner", clerk],
            env=env,
            check=True,
        )  # fmt: skip
    contact = (
        "import django; django.setup()\n"
        "from councilguard.audit.actors import Actor\n"
        "from councilguard.core.models import Council\n"
        "from councilguard.mail import services\n"
        "c = Council.objects.get(slug='bench')\n"
        f"services.add_contact(c, '{DOMAIN}', 'own', actor=Actor.system('bench'))\n"
        "services.add_contact(c, 'supplier.example', 'supplier', actor=Actor.system('bench'))\n"
    )
    subprocess.run([sys.executable, "-c", contact], env=env, check=True)
    (base / "ready").touch()


def _cpu(var: Path) -> float:
    """User and system CPU seconds of the process just timed (GNU time's file)."""
    user, system, _ = (var / "time.txt").read_text().split()[-3:]
    return float(user) + float(system)


def _baseline_sources(work: Path, rev: str) -> Path:
    """The ``src`` folder of commit ``rev``, unpacked once into ``work`` (with the compiled
    scanners of the current tree, which git does not hold: Squid's and FortiGate's)."""
    root = Path(__file__).resolve().parents[1]
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=root, check=True,
                         capture_output=True, text=True).stdout.strip()  # fmt: skip
    target = work / f"baseline-{sha}"
    if not (target / "src").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "src"], cwd=root, check=True,
                                 capture_output=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        for compiled in (root / "src/councilguard/monitoring").glob("_*scan*.so"):
            shutil.copy(compiled, target / "src/councilguard/monitoring" / compiled.name)
    return target / "src"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-mail-bench"))
    parser.add_argument(
        "--squid-generator", type=Path, help="the shared gen_squid_log.py, to time the web path"
    )
    parser.add_argument(
        "--baseline", help="a commit whose sources are timed beside the current ones"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    baseline = _baseline_sources(args.work, args.baseline) if args.baseline else None
    trace = args.work / f"trace-{args.rows}.csv"
    signins = args.work / f"signins-{args.rows}.csv"
    if not trace.exists():
        generate_trace(trace, args.rows)
    if not signins.exists():
        generate_signins(signins, args.rows)
    squid = None
    if args.squid_generator:
        squid = args.work / f"squid-{args.rows}.log"
        if not squid.exists():
            subprocess.run(
                [sys.executable, str(args.squid_generator), str(squid), str(args.rows), "1"],
                check=True,
            )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILGUARD_")}
    env["DJANGO_SETTINGS_MODULE"] = "councilguard.settings"
    env.pop("DATABASE_URL", None)  # SQLite in the run's own folder, like the web benchmark
    prepare(args.work, env, Path(f"{squid}.truth.csv") if squid else None)
    files = [("m365-trace", trace), ("entra-signin", signins)]
    if squid:
        files.append(("squid", squid))
    for _, path in files:
        subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)  # page cache
    print(
        f"files: {', '.join(f'{p.name} {p.stat().st_size / 1e6:.0f} MB' for _, p in files)}; "
        f"cores {os.cpu_count()}; load {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    results: dict[str, list[tuple[float, int]]] = {name: [] for name, _ in files}
    results["analysis"] = []
    if baseline:
        results.update({f"{fmt} (baseline)": [] for fmt, _ in files if fmt != "squid"})
    rules_seconds, receipts, baseline_rules = [], {}, []
    for n in range(args.runs):
        var = args.work / f"run{n}"
        shutil.rmtree(var, ignore_errors=True)
        shutil.copytree(args.work / "prepared", var)
        renv = {**env, "COUNCILGUARD_VAR_DIR": str(var), "COUNCILGUARD_DATA_DIR": str(var / "data")}
        if baseline:
            bvar = args.work / f"run{n}-baseline"
            shutil.rmtree(bvar, ignore_errors=True)
            shutil.copytree(args.work / "prepared", bvar)
            benv = {**renv, "COUNCILGUARD_VAR_DIR": str(bvar), "PYTHONPATH": str(baseline),
                    "COUNCILGUARD_DATA_DIR": str(bvar / "data")}  # fmt: skip
        for fmt, path in files:
            if baseline and fmt != "squid":
                seconds, rss, _ = run(
                    [sys.executable, "-m", "councilguard.cli", "ingest", "--council", "bench",
                     "--source", fmt, "--json", str(path)],
                    benv,
                    say=True,
                )  # fmt: skip
                results[f"{fmt} (baseline)"].append((seconds, rss, _cpu(bvar)))
            seconds, rss, out = run(
                [sys.executable, "-m", "councilguard.cli", "ingest", "--council", "bench",
                 "--source", fmt, "--json", str(path)],
                renv,
                say=True,
            )  # fmt: skip
            receipts[fmt] = json.loads(out)
            results[fmt].append((seconds, rss, _cpu(var)))
        if baseline:
            _, _, out = run([sys.executable, "-c", RULES], benv, say=True)
            outcome = json.loads(out.strip().splitlines()[-1])
            baseline_rules.append((outcome["rules"], outcome["rules_cpu"]))
        seconds, rss, out = run([sys.executable, "-c", RULES], renv, say=True)
        outcome = json.loads(out.strip().splitlines()[-1])
        results["analysis"].append((seconds, rss, _cpu(var)))
        rules_seconds.append((outcome["rules"], outcome["rules_cpu"]))
        print(f"run {n + 1}: {outcome}", flush=True)
        shutil.rmtree(var, ignore_errors=True)
        if baseline:
            shutil.rmtree(bvar, ignore_errors=True)
    for fmt, receipt in receipts.items():
        print(
            f"{fmt}: {receipt['lines']:,} lines, accepted {receipt['accepted']:,}, rejected "
            f"{receipt['rejected']:,} (first {receipt['rejected_lines'][:2]}), unattributed "
            f"{receipt['unattributed']:,}, inside the command {receipt['seconds']} s"
        )
    for name, runs in results.items():
        if not runs:
            continue
        secs = statistics.median(s for s, _, _ in runs)
        cpu = statistics.median(c for _, _, c in runs)
        rss = statistics.median(m for _, m, _ in runs) / 1024
        print(
            f"{name:26} median {secs:6.2f} s, CPU {cpu:5.2f} s, peak {rss:5.0f} MB; runs: "
            f"{', '.join(f'{s:.2f} (CPU {c:.2f}, {m / 1024:.0f} MB)' for s, m, c in runs)}"
        )
    print(
        f"rules alone  median {statistics.median(s for s, _ in rules_seconds):6.2f} s  "
        f"runs: {', '.join(f'{s:.2f} (CPU {c:.2f})' for s, c in rules_seconds)}"
    )
    if baseline_rules:
        print(
            f"rules alone, baseline  median "
            f"{statistics.median(s for s, _ in baseline_rules):6.2f} s  runs: "
            f"{', '.join(f'{s:.2f} (CPU {c:.2f})' for s, c in baseline_rules)}"
        )


if __name__ == "__main__":
    main()
