"""Checks that must run under eventlet, each in a process of its own (never inside pytest's)."""
