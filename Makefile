# Two commands do all the set-up: `make lab` (the course) and `make test` (every test and lint).
# Windows without make: see README.md for the plain commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LAB_ARGS ?=
# JupyterLab refuses to start as root (containers, some VMs) unless told it is intended.
ROOT_ARG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

.PHONY: install lab test lint bench demo check doctor slides clean ru execute

# Re-install only when the requirements change; `.venv` is created on first use.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

install: $(STAMP)
	@command -v bwrap >/dev/null 2>&1 || [ "$$(uname -s)" != Linux ] || echo "Note: grading a class \
	needs bubblewrap (the sandbox): Debian/Ubuntu 'sudo apt install bubblewrap', Fedora 'sudo dnf \
	install bubblewrap', Arch 'sudo pacman -S bubblewrap'. The lessons and the self-check do not."

# Rooted at the course folder, opening on the lessons, `python` in its terminals the course's:
# see .jupyter/jupyter_lab_config.py.
lab: install
	JUPYTER_CONFIG_DIR=.jupyter $(BIN)/jupyter lab $(ROOT_ARG) $(LAB_ARGS)

lint: install
	$(BIN)/ruff check .

# Four workers on any machine: most of the suite waits (on labs, browsers, sandboxes), and a
# file's tests always run together on one worker (see conftest.py). JOBS=0: one process.
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set (some CI images): the suite
# starts hundreds of Python processes (workers, kernels, graders, bots), and without the cache
# each one compiles the course's modules, and each worker rewrites every test file, again.
# The course is compiled first, once: on a fresh clone the graded bots, in read-only sandboxes,
# would otherwise each compile it until some process outside wrote the cache.
JOBS ?= 4
test: lint
	$(BIN)/python -m compileall -q course_lib homework/*.py homework/grading
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder

bench: install
	$(BIN)/python -m benchmarks

# The Russian lessons, made from the English ones and notebooks/ru/translations/*.md.
ru: install
	$(BIN)/python notebooks/ru/translations/build.py $(LESSONS)

# Re-run English lessons in place, as nbval will compare them: offline, and with none of your own
# checked code (your_code/) loaded. make execute NB="notebooks/01-http-basics.ipynb …"
NB ?= notebooks/[0-9]*.ipynb
execute: install
	$(BIN)/python tests/execute_lessons.py $(NB)

demo: install
	$(BIN)/python -m course_lib bot --console

# The homework self-check (another copy: make check ARGS=path/to/it) and the set-up doctor,
# run with the course's Python whichever `python` this terminal has.
check: install
	$(BIN)/python -m homework.check $(ARGS)

doctor: install
	$(BIN)/python -m course_lib doctor

# The decks load reveal.js from slides/node_modules (pinned by package-lock.json), never a CDN.
slides/node_modules/.package-lock.json: slides/package-lock.json
	cd slides && npm ci --no-audit --no-fund

slides: install slides/node_modules/.package-lock.json
	$(BIN)/python slides/build.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis slides/build slides/node_modules
