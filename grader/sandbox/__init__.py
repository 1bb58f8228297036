"""The parent's side of running untrusted code: confining a job (confine.py), starting it
(launch.py, zygote.py) and reading what it sends (channels.py). What runs inside the job is
grader/job/."""
