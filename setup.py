"""The one compiled part: the Squid log scanner (monitoring/_squidscan.c). Everything else is in
pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "councilguard.monitoring._squidscan",
            sources=["src/councilguard/monitoring/_squidscan.c"],
            extra_compile_args=["-O3", "-std=c99", "-Wall", "-Wextra", "-Wno-unused-parameter"],
        )
    ]
)
