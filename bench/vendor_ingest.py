#!/usr/bin/env python3
"""Benchmark of the FortiGate and Cisco Umbrella ingest paths, and of a vendor CSV read
through a log profile (NextDNS's export, `--source dns-log --profile nextdns`), against the
Squid path (issue 23: each at no less than half the Squid path's lines per second, under
512 MB). Not a test: it prints figures for docs/benchmarks.md.

    .venv/bin/python bench/vendor_ingest.py --lines 1000000 --runs 3 --work /tmp/cg-vendor
    .venv/bin/python bench/vendor_ingest.py --only squid nextdns
    .venv/bin/python bench/vendor_ingest.py --lines 1000000 --repeat 10 --only squid fortigate

It writes one generated working week of browsing (450 people, a few hundred sites) three
ways: a Squid native log, a FortiGate web filter log (key=value with a syslog prefix, every
field FortiOS 7 writes for a web filter entry, half the lines with eventtime) and an Umbrella
DNS export (header row, the newer fifteen columns), and a fourth, NextDNS's CSV export (header
row, its sixteen columns, the device name as the user). It prepares a council (people holding the
user names, proxy and DNS sources governed, the vendor categories given meanings, no category
list), then for each run copies the prepared database and times whole `councilguard ingest`
processes, peak memory by GNU time. On a shared machine compare the CPU seconds (user +
system) as well as the wall time.

    .venv/bin/python bench/vendor_ingest.py --only squid fortigate --baseline 61a3f82

With ``--baseline REV`` the chosen formats other than Squid are also timed as that commit's
sources read them (``fortigate@REV``: its src/ tree on PYTHONPATH ahead of the working tree,
with its own scanners built from its C sources), in the same runs, side by side.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from timing import cpu_seconds, run

BIN = Path(sys.executable).parent
LONDON = ZoneInfo("Europe/London")
CATEGORIES = [
    "Social Networking",
    "News and Media",
    "Shopping",
    "Information Technology",
    "Business",
    "Gambling",
    "Streaming Media and Download",
    "Search Engines and Portals",
]
MEANINGS = {
    "prohibited": ["Gambling"],
    "social": ["Social Networking"],
    "personal": ["Shopping", "Streaming Media and Download"],
}
# The formats timed, and the arguments that name each to `councilguard ingest`.
FORMATS = {
    "squid": ["--source", "squid"],
    "fortigate": ["--source", "fortigate"],
    "umbrella": ["--source", "umbrella"],
    "nextdns": ["--source", "dns-log", "--profile", "nextdns"],
}
NEXTDNS_HEADER = (
    "timestamp,domain,query_type,dnssec,protocol,client_ip,status,reasons,destination_country,"
    "root_domain,device_id,device_name,device_model,device_local_ip,matched_name,client_name"
)
UMBRELLA_HEADER = (
    '"Timestamp","Most Granular Identity","Identities","InternalIp","ExternalIp","Action",'
    '"QueryType","ResponseCode","Domain","Categories","Most Granular Identity Type",'
    '"Identity Types","Blocked Categories","Rule ID","Destination Countries"'
)


def generate(work: Path, lines: int) -> dict[str, Path]:
    paths = {name: work / f"{name}-{lines}.log" for name in FORMATS}
    if all(p.exists() for p in paths.values()):
        return paths
    rng = random.Random(1)
    users = [f"user{i:03d}" for i in range(450)]
    sites = [(f"site{i}.example", rng.choice(CATEGORIES)) for i in range(600)]
    start = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)
    span = 5 * 24 * 3600
    step = span / lines
    with (
        paths["squid"].open("w") as squid,
        paths["fortigate"].open("w") as forti,
        paths["umbrella"].open("w") as umb,
        paths["nextdns"].open("w") as nextdns,
    ):
        umb.write(UMBRELLA_HEADER + "\n")
        nextdns.write(NEXTDNS_HEADER + "\n")
        for i in range(lines):
            at = start + timedelta(seconds=i * step)
            n = rng.randrange(450)
            user, address = users[n], f"10.1.{n // 250}.{n % 250 + 1}"
            host, category = sites[int(rng.paretovariate(1.2)) % len(sites)]
            blocked = category == "Gambling"
            squid.write(
                f"{at.timestamp():.3f}    120 {address} "
                f"{'TCP_DENIED/403' if blocked else 'TCP_MISS/200'} 2048 GET "
                f"http://{host}/page {user} HIER_DIRECT/203.0.113.9 text/html\n"
            )
            local = at.astimezone(LONDON)
            stamp = f" eventtime={int(at.timestamp() * 1e9)}" if i % 2 else ""
            forti.write(
                f"<189>{local:%b %d %H:%M:%S} fgt-office date={local:%Y-%m-%d} "
                f'time={local:%H:%M:%S} devname="FGT-Office" devid="FGT60E0000000001"{stamp} '
                f'tz="+0000" logid="0316013057" type="utm" subtype="webfilter" '
                f'eventtype="ftgd_allow" level="notice" vd="root" policyid=1 sessionid={i} '
                f'srcip={address} srcport=50856 srcintf="port2" srcintfrole="lan" '
                f'dstip=203.0.113.9 dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 '
                f'service="HTTPS" user="{user}" group="Staff" hostname="{host}" '
                f'profile="default" action="{"blocked" if blocked else "passthrough"}" '
                f'reqtype="direct" url="/page" sentbyte=1171 rcvdbyte=2048 '
                f'direction="outgoing" msg="URL belongs to a category in policy" '
                f'method="domain" cat=37 catdesc="{category}"\n'
            )
            umb.write(
                f'"{at:%Y-%m-%d %H:%M:%S}","{user}","{user},Office","{address}",'
                f'"203.0.113.5","{"Blocked" if blocked else "Allowed"}","1 (A)","NOERROR",'
                f'"{host}.","{category},Application","AD Users","AD Users,Networks","","",""\n'
            )
            nextdns.write(
                f"{at:%Y-%m-%dT%H:%M:%S.%f}Z,{host},A,false,DNS-over-HTTPS,203.0.113.5,"
                f'{"blocked" if blocked else "default"},"{category}",GB,{host},AB12CD,{user},'
                f"Windows 11,{address},,\n"
            )
    return paths


def repeated(paths: dict[str, Path], times: int, names: list[str]) -> dict[str, Path]:
    """The generated files of ``names``, each written ``times`` times over into one file (the
    same lines in the same order; a CSV export's header only once): ten million lines from the
    one million without generating them again."""
    out = {}
    for name in names:
        path = paths[name]
        target = path.with_name(f"{path.stem}x{times}.log")
        if not target.exists():
            partial = target.with_suffix(".partial")
            with path.open("rb") as source, partial.open("wb") as sink:
                header = source.readline() if name in ("umbrella", "nextdns") else b""
                sink.write(header)
                for _ in range(times):
                    source.seek(len(header))
                    shutil.copyfileobj(source, sink, 8 << 20)
            partial.rename(target)
        out[name] = target
    return out


def cg(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "councilguard"), *args], env=env, check=True)


def prepare(work: Path, env: dict) -> None:
    base = work / "prepared"
    if (base / "ready").exists():
        return
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    env = {**env, "COUNCILGUARD_VAR_DIR": str(base), "COUNCILGUARD_DATA_DIR": str(base / "data")}
    cg(env, "migrate", "-v", "0")
    cg(env, "createcachetable")
    cg(env, "council", "create", "Bench Town Council", "--slug", "bench", "--clerk",
       "clerk@bench.example")  # fmt: skip
    people, ids = base / "people.csv", base / "identities.csv"
    with people.open("w", newline="") as out, ids.open("w", newline="") as out2:
        w, w2 = csv.writer(out), csv.writer(out2)
        w.writerow(["full_name", "role", "email", "working_pattern"])
        w2.writerow(["kind", "value", "person_email", "valid_from"])
        for i in range(450):
            email = f"user{i:03d}@bench.example"
            w.writerow([f"User {i:03d}", "staff", email, "Mon-Fri 09:00-17:00"])
            w2.writerow(["proxy_user", f"user{i:03d}", email, "2020-01-01"])
    cg(env, "people", "import", "--council", "bench", str(people))
    cg(env, "identities", "import", "--council", "bench", str(ids))
    for kind in ("proxy", "dns"):
        cg(env, "sources", "set", "--council", "bench", "--kind", kind, "--purpose",
           "Keep the network safe and check use against the policy", "--basis",
           "Legitimate interests", "--dpia", "DPIA-1", "--clause", "9.1", "--retention-days",
           "90", "--owner", "clerk@bench.example")  # fmt: skip
    for meaning, names in MEANINGS.items():
        cg(env, "categories", "meaning", "--council", "bench", meaning, *names)
    (base / "ready").touch()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="time files made of the --lines files repeated N times (10 with --lines 1000000: "
        "ten million lines)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-vendor"))
    parser.add_argument("--only", nargs="+", choices=list(FORMATS), default=list(FORMATS))
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also time the chosen formats (not Squid) as this commit's sources read them",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    paths = generate(args.work, args.lines)
    paths = {name: path for name, path in paths.items() if name in [*args.only, "squid"]}
    if args.repeat > 1:
        paths = repeated(paths, args.repeat, list(paths))
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILGUARD_")}
    prepare(args.work, env)
    # Each timed variant: (format, PYTHONPATH or None for the working tree).
    variants = {name: (name, None) for name in paths}
    if args.baseline:
        source = baseline(args.work, args.baseline)
        for name in paths:
            if name != "squid":
                variants[f"{name}@{args.baseline}"] = (name, source)
    results: dict[str, list[tuple[float, float, int, dict]]] = {name: [] for name in variants}
    for n in range(args.runs):
        for label, (name, source) in variants.items():
            path = paths[name]
            subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)
            var = args.work / f"run-{name}"
            shutil.rmtree(var, ignore_errors=True)
            shutil.copytree(args.work / "prepared", var)
            renv = {
                **env,
                "COUNCILGUARD_VAR_DIR": str(var),
                "COUNCILGUARD_DATA_DIR": str(var / "data"),
            }
            if source:
                renv["PYTHONPATH"] = str(source)
            print(f" {label}:", end="", flush=True)
            seconds, rss, out = run(
                [
                    str(BIN / "councilguard"),
                    "ingest",
                    "--council",
                    "bench",
                    *FORMATS[name],
                    "--json",
                    str(path),
                ],  # fmt: skip
                renv,
                say=True,
            )
            results[label].append((seconds, cpu_seconds(renv), rss, json.loads(out)))
            shutil.rmtree(var, ignore_errors=True)
        print(f"run {n + 1} done", flush=True)
    squid = statistics.median(s for s, _, _, _ in results["squid"])
    squid_cpu = statistics.median(c for _, c, _, _ in results["squid"])
    for label, runs in results.items():
        seconds = statistics.median(s for s, _, _, _ in runs)
        cpu = statistics.median(c for _, c, _, _ in runs)
        receipt = runs[-1][3]
        rate = receipt["lines"] / seconds
        size = paths[variants[label][0]].stat().st_size
        print(
            f"{label}: median {seconds:.2f} s ({', '.join(f'{s:.2f}' for s, _, _, _ in runs)}), "
            f"CPU {cpu:.2f} s ({', '.join(f'{c:.2f}' for _, c, _, _ in runs)}), "
            f"{rate / 1e6:.2f} M lines/s, {size / seconds / 1e6:.0f} MB/s of {size / 1e6:.0f} MB, "
            f"{squid / seconds:.2f} of Squid's rate ({squid_cpu / cpu:.2f} by CPU), peak "
            f"{max(r for _, _, r, _ in runs) // 1024} MB; {receipt['lines']:,} lines, "
            f"{receipt['events']:,} events, {receipt['rejected']} rejected, "
            f"{receipt['unattributed']} unattributed"
        )


def baseline(work: Path, rev: str) -> Path:
    """The src/ tree of commit ``rev`` with its own compiled scanners, built from its C sources
    (so a change to a scanner is timed against the scanner it replaces); a commit from before
    the scanners' setup.py gets this checkout's."""
    repo = Path(__file__).resolve().parent.parent
    target = work / f"baseline-{rev}"
    monitoring = "councilguard/monitoring"
    if not (target / "ready").exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(repo), "archive", rev, "src", "setup.py", "pyproject.toml"],
            capture_output=True,
        ).stdout
        if not archive:  # no setup.py at that commit
            archive = subprocess.run(
                ["git", "-C", str(repo), "archive", rev, "src"], capture_output=True, check=True
            ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        if (target / "setup.py").exists():
            subprocess.run(
                [sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
                cwd=target,
                check=True,
            )
        (target / "ready").touch()
    if not (target / "setup.py").exists():
        for built in (repo / "src" / monitoring).glob("*.so"):
            shutil.copy2(built, target / "src" / monitoring / built.name)
    return target / "src"


if __name__ == "__main__":
    main()
