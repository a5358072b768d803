# Rehab Scribe: every target sets up what it needs on a fresh machine (Debian + Python 3.11).
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK=1
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1

.PHONY: help setup system-deps demo test test-fast lint serve worker bench clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

system-deps: ## Debian packages the tests and demo use (espeak-ng, sox, ffmpeg, chromium)
	@missing=""; for b in espeak-ng sox ffmpeg chromium; do command -v $$b >/dev/null || missing="$$missing $$b"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    espeak-ng sox libsox-fmt-all ffmpeg chromium >/dev/null; \
	fi

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PY) >/dev/null || { echo "need $(PY)"; exit 1; }
	@[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e . --config-settings editable_mode=compat
	@touch $(STAMP)

setup: system-deps $(STAMP) ## Create .venv and install everything
	@mkdir -p var

demo: setup ## Draft a note from the bundled session recording
	$(BIN)/rehab-scribe db upgrade
	$(BIN)/rehab-scribe seed-demo
	$(BIN)/rehab-scribe draft demo/pt_knee_session.wav --discipline pt

test: setup ## Lint, type-check and run the whole suite (SQLite and PostgreSQL, embedded broker and Redis)
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/pytest -q -p no:cacheprovider

test-fast: setup ## The suite without the slow model tests
	$(BIN)/pytest -q -m "not slow"

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check . ; $(BIN)/mypy .

serve: setup ## API + tablet app + embedded worker on http://127.0.0.1:8000
	$(BIN)/rehab-scribe db upgrade
	$(BIN)/rehab-scribe serve

worker: setup ## A Celery worker (for REHAB_SCRIBE_BROKER_URL=redis://... deployments)
	$(BIN)/rehab-scribe worker

bench: setup ## Benchmarks vs the plain libraries; writes docs/benchmarks.md
	$(BIN)/python -m bench.run

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
