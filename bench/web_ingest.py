#!/usr/bin/env python3
"""Benchmark of web-monitoring ingestion and analysis (issue: 1.5 M lines/s, 10 x GoAccess,
peak memory under 512 MB; analyse under 5 s). Not a test: it prints figures for
docs/benchmarks.md.

    .venv/bin/python bench/web_ingest.py --generator PATH/gen_squid_log.py \
        --lists PATH/ut1 --lines 10000000 --runs 3 --work /tmp/cg-bench

It generates the log once (kept in --work), prepares a council (people and proxy user names
from the generator's truth file, a governed proxy source, the full category lists), then for
each run copies the prepared database and times whole processes side by side:
`councilguard ingest`, GoAccess 1.7 on the same file (if installed), `councilguard analyse`.
Peak memory is the maximum resident set size of the process (GNU time).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from timing import run

BIN = Path(sys.executable).parent
GOACCESS_FORMAT = "%x.%^ %~%L %h %^/%s %b %m %U %e %^ %M"
# The bench council's reading of the lists (B 9.1.1 counts user-generated video as social).
MEANINGS = {
    "prohibited": ["adult", "agressif", "drogue", "warez", "hacking", "gambling"],
    "social": ["social_networks", "chat", "audio-video"],
    "personal": ["shopping", "games", "dating", "sports", "webmail", "press", "jobsearch"],
}
CATEGORY_OF_FILE = {
    "pi_blocklist_porn_top1m.list": "adult",
    "social-hosts": "social_networks",
}


def prepare(work: Path, log: Path, lists: list[Path], env: dict) -> None:
    """A council with the generator's users as people holding their proxy user names."""
    base = work / "prepared"
    if (base / "ready").exists():
        return
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    env = {**env, "COUNCILGUARD_VAR_DIR": str(base), "COUNCILGUARD_DATA_DIR": str(base / "data")}
    cg = str(BIN / "councilguard")
    subprocess.run([cg, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([cg, "createcachetable"], env=env, check=True)
    subprocess.run(
        [
            cg,
            "council",
            "create",
            "Bench Town Council",
            "--slug",
            "bench",
            "--clerk",
            "clerk@bench.example",
        ],
        env=env,
        check=True,
    )
    truth = list(csv.DictReader(Path(f"{log}.truth.csv").read_text().splitlines()))
    people, ids = base / "people.csv", base / "identities.csv"
    with people.open("w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["full_name", "role", "email", "working_pattern"])
        for row in truth:
            w.writerow(
                [
                    row["user"].replace(".", " ").title(),
                    "staff",
                    f"{row['user']}@bench.example",
                    "Mon-Fri 09:00-17:00",
                ]
            )
    with ids.open("w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["kind", "value", "person_email", "valid_from"])
        for row in truth:
            w.writerow(["proxy_user", row["user"], f"{row['user']}@bench.example", "2020-01-01"])
    subprocess.run([cg, "people", "import", "--council", "bench", str(people)], env=env, check=True)
    subprocess.run(
        [cg, "identities", "import", "--council", "bench", str(ids)], env=env, check=True
    )
    subprocess.run(
        [
            cg,
            "sources",
            "set",
            "--council",
            "bench",
            "--kind",
            "proxy",
            "--purpose",
            "Keep the network safe and check use against the policy",
            "--basis",
            "Legitimate interests",
            "--dpia",
            "DPIA-1",
            "--clause",
            "9.1",
            "--retention-days",
            "90",
            "--owner",
            "clerk@bench.example",
        ],
        env=env,
        check=True,
    )
    for path in lists:
        args = [cg, "categories", "import", str(path)]
        if path.is_file():
            args += ["--category", CATEGORY_OF_FILE.get(path.name, path.stem.split("-")[0])]
        subprocess.run(args, env=env, check=True)
    for meaning, names in MEANINGS.items():
        subprocess.run(
            [cg, "categories", "meaning", "--council", "bench", meaning, *names],
            env=env,
            check=True,
        )
    (base / "ready").touch()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", type=Path, required=True)
    parser.add_argument("--lists", type=Path, nargs="+", required=True)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-bench"))
    parser.add_argument("--no-goaccess", action="store_true", help="time councilguard only")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    log = args.work / f"squid-{args.lines}.log"
    if not log.exists():
        subprocess.run(
            [sys.executable, str(args.generator), str(log), str(args.lines), "1"], check=True
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILGUARD_")}
    prepare(args.work, log, args.lists, env)
    subprocess.run(["cat", str(log)], stdout=subprocess.DEVNULL, check=True)  # page cache
    results: dict[str, list[tuple[float, int]]] = {"ingest": [], "goaccess": [], "analyse": []}
    receipt = {}
    for n in range(args.runs):
        var = args.work / f"run{n}"
        shutil.rmtree(var, ignore_errors=True)
        shutil.copytree(args.work / "prepared", var)
        renv = {**env, "COUNCILGUARD_VAR_DIR": str(var), "COUNCILGUARD_DATA_DIR": str(var / "data")}
        seconds, rss, out = run(
            [
                str(BIN / "councilguard"),
                "ingest",
                "--council",
                "bench",
                "--source",
                "squid",
                "--json",
                str(log),
            ],
            renv,
            say=True,
        )
        receipt = json.loads(out)
        results["ingest"].append((seconds, rss))
        if shutil.which("goaccess") and not args.no_goaccess:
            seconds, rss, _ = run(
                [
                    "goaccess",
                    str(log),
                    f"--log-format={GOACCESS_FORMAT}",
                    "--date-format=%s",
                    "--time-format=%s",
                    "-o",
                    str(var / "goaccess.json"),
                ],
                renv,
                say=True,
            )
            results["goaccess"].append((seconds, rss))
        seconds, rss, out = run(
            [str(BIN / "councilguard"), "analyse", "--council", "bench"], renv, say=True
        )
        results["analyse"].append((seconds, rss))
        print(
            f"run {n + 1}: {receipt['lines']:,} lines, receipt {receipt['seconds']} s; "
            f"{out.strip()}",
            flush=True,
        )
        shutil.rmtree(var, ignore_errors=True)
    lines = receipt["lines"]
    print(
        f"lines: {lines:,}; accepted {receipt['accepted']:,}; rejected {receipt['rejected']:,}; "
        f"unattributed {receipt['unattributed']:,}"
    )
    for name, runs in results.items():
        if not runs:
            continue
        secs = statistics.median(s for s, _ in runs)
        rss = statistics.median(m for _, m in runs) / 1024
        rate = f"{lines / secs / 1e6:.2f} M lines/s" if name != "analyse" else ""
        print(
            f"{name:9} median {secs:6.2f} s  {rate:>16}  peak {rss:6.0f} MB  "
            f"runs: {', '.join(f'{s:.2f}' for s, _ in runs)}"
        )
    if results["goaccess"]:
        ratio = statistics.median(g for g, _ in results["goaccess"]) / statistics.median(
            s for s, _ in results["ingest"]
        )
        print(f"ingest is {ratio:.1f} times as fast as GoAccess on the same file")


if __name__ == "__main__":
    main()
