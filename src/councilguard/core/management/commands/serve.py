"""``councilguard serve``: the web server (gunicorn), and with ``--with-worker`` the worker too."""

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web application (and optionally run the worker beside it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="web worker processes")
        parser.add_argument("--with-worker", action="store_true", help="also run the job worker")

    def handle(self, *args, host: str, port: int, workers: int, with_worker: bool, **options):
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        commands = [
            [
                sys.executable,
                "-m",
                "gunicorn",
                "councilguard.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ]
        ]
        if with_worker:
            commands.append([sys.executable, "-m", "councilguard.cli", "worker"])
        processes = [subprocess.Popen(command) for command in commands]  # noqa: S603

        def stop(signum, frame) -> None:
            for process in processes:
                process.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"councilguard is serving on http://{host}:{port}/")
        codes = [process.wait() for process in processes]
        if any(code not in (0, -signal.SIGTERM) for code in codes):
            sys.exit(1)
