"""The job side of the process boundary: everything that runs inside the confined job process
(the fork server's job half, the lock-down it applies, the child that runs a submission's train()
under observation). Nothing here imports the parent's modules, nor they these (tests/test_layout.py):
the parent starts the job by module name and reads only what it writes."""
