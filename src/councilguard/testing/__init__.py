"""Test groundwork shared by every app: named people per role, the permission matrix, and a
check that a change wrote its audit entry."""
