"""Running untrusted code: the child process (child.py, execute.py), its limits (limits.py)
and how the parent starts, watches and ends it (launch.py)."""
