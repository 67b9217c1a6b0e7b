"""Devices pages, one module per area."""
