"""The launcher's process (application environment): `make run` and `make run-prod`
start every service from here (bot/launcher/stack.py, production.py), read their output
into the log files, spread the production profile's work (load_balancer.py) and run the
nightly and periodic jobs (schedule.py)."""
