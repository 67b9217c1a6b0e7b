"""The compiled parts: the Squid and FortiGate log scanners (monitoring/_squidscan.c,
monitoring/_fortiscan.c, sharing monitoring/_scanbuf.h). Everything else is in pyproject.toml."""

from setuptools import Extension, setup

FLAGS = ["-O3", "-std=c99", "-Wall", "-Wextra", "-Wno-unused-parameter"]
HEADERS = ["src/councilguard/monitoring/_scanbuf.h"]

setup(
    ext_modules=[
        Extension(
            f"councilguard.monitoring.{name}",
            sources=[f"src/councilguard/monitoring/{name}.c"],
            depends=HEADERS,
            extra_compile_args=FLAGS,
        )
        for name in ("_squidscan", "_fortiscan")
    ]
)
