from django.core.management.base import BaseCommand

from councilguard.core.worker import run_worker


class Command(BaseCommand):
    help = "Run background jobs and fire schedules (reminders, nightly checks)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls")
        parser.add_argument(
            "--once", action="store_true", help="fire due schedules, run the queue, exit"
        )

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        run_worker(interval=interval, once=once)
