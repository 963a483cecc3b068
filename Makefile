# The placement assistant. `make help` lists the targets.
# Two Python 3.10 environments: the Rasa server's (rasa's old pins) and the application's
# (action server, database, staff console, CLI, tests; current libraries).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENVS ?= .venv
RASA_VENV := $(VENVS)/rasa
APP_VENV := $(VENVS)/app
RASA := $(RASA_VENV)/bin/rasa
RASA_PY := $(RASA_VENV)/bin/python
APP_PY := $(APP_VENV)/bin/python
SPACY_MODEL := models/spacy-nl
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help run run-prod shell test test-future check setup envs spacy-model train db benchmarks lint format lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: setup ## Set up what is missing, then start the whole stack on localhost
	@$(APP_PY) -m bot.launcher.stack run --rasa-venv $(RASA_VENV)

run-prod: setup ## Production profile here: 2 Rasa + 2 action servers behind nginx, PostgreSQL, Redis
	@$(APP_PY) -m bot.launcher.stack run --profile production --rasa-venv $(RASA_VENV)

shell: setup ## Chat with the assistant in the terminal (rasa shell)
	@$(APP_PY) -m bot.launcher.stack shell --rasa-venv $(RASA_VENV)

# The Rasa-side checks (stories, Rasa-environment tests) run while the application's tests
# wait on their stacks: one after the other they took 30 minutes from a fresh clone.
# Their output follows the application's, each part's exit status counts.
test: setup lint ## Set up, then run every check: lint, rasa data validate, all tests of every tier
	$(RASA) data validate --fail-on-warnings --quiet
	@mkdir -p var
	@( $(RASA) test core --model models/current.tar.gz --stories tests/test_conversations.yml \
		--fail-on-prediction-errors --out var/test-results --quiet && \
	  $(RASA_PY) -m pytest --confcutdir=tests/rasa_side tests/rasa_side ) > var/rasa-side-tests.log 2>&1 & \
	rasa_side=$$!; \
	$(APP_PY) -m pytest --ignore=tests/rasa_side; app=$$?; \
	wait $$rasa_side; side=$$?; \
	echo "==> Rasa side: rasa test core and tests/rasa_side (var/rasa-side-tests.log)"; \
	cat var/rasa-side-tests.log; \
	echo "==> application tests exit $$app, Rasa side exit $$side"; \
	test $$app -eq 0 && test $$side -eq 0

# The calendar moves: every test must pass on any day. CLOCK_SHIFT_DAYS moves the clock of
# every process the suite starts (bot/shared/clock.py); its own var/ keeps the shifted demo data
# and the purge it runs away from the developer's var/.
FUTURE_DAYS ?= 400
test-future: ## Run `make test` with the clock FUTURE_DAYS (400) days ahead
	CLOCK_SHIFT_DAYS=$(FUTURE_DAYS) VAR_DIR=$(CURDIR)/var/future $(MAKE) test

# the unit tests in a random order (tests/support/shuffle.py); the seed is in the header,
# TEST_ORDER_SEED=<seed> repeats an order. `make test` keeps the collected order.
check: export TEST_ORDER_SEED ?= random
check: envs lint ## The fast tier (about a minute): lint, data validation and the unit tests
	$(RASA) data validate --fail-on-warnings --quiet
	$(RASA_PY) -m pytest --confcutdir=tests/rasa_side tests/rasa_side -m unit -q
	$(APP_PY) -m pytest --ignore=tests/rasa_side -m unit -q

setup: envs spacy-model db train ## Create environments, database, demo data and model as needed

envs: ## Create or update both environments from their lock files
	@scripts/ensure-venv $(RASA_VENV) requirements/rasa.lock
	@scripts/ensure-venv $(APP_VENV) requirements/app.lock

spacy-model: envs ## Build the Dutch spaCy pipeline (blank nl + lookup lemmatizer)
	@scripts/if-changed $(SPACY_MODEL)/.fingerprint bot/nlu/spacy_pipeline.py requirements/rasa.lock -- \
		$(RASA_PY) -m bot.nlu.spacy_pipeline $(SPACY_MODEL)

db: envs ## Migrate, load demo data when the database is empty, purge expired conversations
	@$(APP_PY) -m bot migrate
	@$(APP_PY) -m bot demo-data --if-empty
	@$(APP_PY) -m bot reestimate --if-stale
	@$(APP_PY) -m bot purge

# One TensorFlow thread, deterministic ops and a fixed hash seed: with the seeds in
# config.yml the same data gives the same model on a machine (with TensorFlow's default
# threads two trainings differed by up to 2 points of intent accuracy on the held-out sets)
TRAIN_ENV := TF_DETERMINISTIC_OPS=1 TF_INTER_OP_PARALLELISM_THREADS=1 \
	TF_INTRA_OP_PARALLELISM_THREADS=1 OMP_NUM_THREADS=1 PYTHONHASHSEED=0

train: envs spacy-model ## Train the model when data/, config.yml, domain.yml, bot/nlu or its date parsing changed
	@scripts/if-changed models/.fingerprint data config.yml domain.yml bot/nlu bot/shared/dutch_dates.py $(SPACY_MODEL)/.fingerprint -- \
		env $(TRAIN_ENV) $(RASA) train --quiet --out models --fixed-model-name current

benchmarks: setup ## Run the benchmarks; results go in docs/benchmarks.md
	$(APP_PY) -m benchmarks.waitlist
	nice -n 10 $(APP_PY) -m benchmarks.million
	$(APP_PY) -m benchmarks.turn_latency --train
	$(APP_PY) -m benchmarks.turn_cost
	$(APP_PY) -m benchmarks.turn_profile
	$(APP_PY) -m benchmarks.turn_length
	$(APP_PY) -m benchmarks.load_test --seconds 30

lint: envs ## Lint, check formatting and the import rules (pyproject.toml)
	$(APP_VENV)/bin/ruff check .
	$(APP_VENV)/bin/ruff format --check .
	$(APP_VENV)/bin/lint-imports --no-logo --no-cache

format: envs ## Fix lint findings and format the code
	$(APP_VENV)/bin/ruff check --fix .
	$(APP_VENV)/bin/ruff format .

lock: ## Re-resolve requirements/*.in into the lock files (needs the package index)
	scripts/lock requirements/rasa.in requirements/rasa.lock
	scripts/lock requirements/app.in requirements/app.lock

clean: ## Remove environments, models and runtime data (var/)
	rm -rf $(VENVS) var models/spacy-nl models/*.tar.gz models/.fingerprint
