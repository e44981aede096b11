# dlcourse: the single entry point. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)
export TF_CPP_MIN_LOG_LEVEL := 2
export MPLBACKEND := Agg
# numpy's OpenBLAS chooses its kernels by CPU, and AVX-512 ones round the last digits differently: one choice on
# every x86-64 machine with AVX2, so that stored outputs compare exactly (nbval) wherever they were made
ifeq ($(shell uname -m),x86_64)
export OPENBLAS_CORETYPE ?= Haswell
endif
CATS := datasets/train_catvnoncat.h5 datasets/test_catvnoncat.h5
HAPPY := datasets/train_happy.h5 datasets/test_happy.h5
SIGNS := datasets/train_signs.h5 datasets/test_signs.h5
# the held-out road scenes; make_roads.py also draws images/test.jpg and images/road_01-06.jpg (committed)
ROADS := datasets/roads_test.h5
# the held-out face identities of C4W4A; make_identities.py also draws images/danielle.png ... arnaud.jpg and
# camera_0-5.jpg (committed)
IDS := datasets/identities_test.h5
DATA := $(CATS) datasets/data.mat $(HAPPY) $(SIGNS) $(ROADS) $(IDS)
# trained here, never downloaded (each has a model card in models/); the ResNet-50 is too large to commit, the
# detector (1.4 MB) and the face encoder (1.1 MB) are committed, so that a fresh clone, CI and the grader have them
# without training
# C4W4B's VGG-19 is not trained: its random weights come from a seed, and models/vgg19_random.json (committed) holds
# the 16 scale factors measured on bundled photos and the figures of the example painting images/nst_generated.jpg
MODELS := models/resnet50_signs.keras models/yolo_roads.keras models/face_encoder.keras models/vgg19_random.json
STAMP := $(VENV)/.installed

.PHONY: help venv lab formgrader test release release-check outputs expected validate datasets images grade grade-hostile bench clean lint models hub-release hub-collect hub-feedback

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

venv: $(STAMP)  ## create/update the virtual environment (.venv) from requirements.txt

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade --quiet pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(CATS) &: datasets/make_catvnoncat.py datasets/h5_sets.py | $(STAMP)
	$(PY) datasets/make_catvnoncat.py

datasets/data.mat: datasets/make_goalkeeper.py | $(STAMP)
	$(PY) datasets/make_goalkeeper.py

$(HAPPY) &: datasets/make_happy.py datasets/faces.py datasets/h5_sets.py | $(STAMP)
	$(PY) datasets/make_happy.py

$(SIGNS) &: datasets/make_signs.py datasets/h5_sets.py | $(STAMP)
	$(PY) datasets/make_signs.py

$(ROADS): datasets/make_roads.py datasets/roads.py | $(STAMP)
	$(PY) datasets/make_roads.py

$(IDS): datasets/make_identities.py datasets/faces.py | $(STAMP)
	$(PY) datasets/make_identities.py

datasets: $(DATA)  ## generate the data files (deterministic; nothing is downloaded)

models: $(MODELS)  ## train the course's networks on its own data (ResNet-50 for C4W2B: 23 min on 2 cores; the YOLO detector; the face encoder; C4W4B's VGG-19 scales)

models/resnet50_signs.keras: models/train_resnet50_signs.py $(SIGNS) | $(STAMP)
	$(PY) models/train_resnet50_signs.py

# committed: built only when missing (a fresh clone's file times say nothing); to retrain, `rm models/yolo_roads.keras; make models`
models/yolo_roads.keras: | $(ROADS) $(STAMP)
	$(PY) models/train_yolo_roads.py

# committed as well: to retrain, `rm models/face_encoder.keras; make models`
models/face_encoder.keras: | $(IDS) $(STAMP)
	$(PY) models/train_face_encoder.py

# committed: measured (15 s) and the example painted (200 iterations, a few minutes) only when missing
models/vgg19_random.json: | $(STAMP)
	$(PY) models/calibrate_vgg19.py

images: | $(STAMP)  ## redraw the pictures the notebooks show
	$(PY) images/make_images.py
	$(PY) images/make_hand_image.py
	$(PY) images/make_happy_images.py
	$(PY) images/make_nst_images.py

lab: $(STAMP) $(DATA)  ## start JupyterLab on the student notebooks (a student's view: etc/jupyter-student)
	JUPYTER_CONFIG_PATH=$(CURDIR)/etc/jupyter-student $(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/release

release: $(STAMP)  ## regenerate notebooks/release from notebooks/source
	$(PY) -m autograder release

release-check: $(STAMP)  ## fail when a committed release is out of date
	$(PY) -m autograder release --check

outputs: $(STAMP) $(DATA)  ## re-run the source notebooks [A=ID] and store their outputs (nbval compares them)
	$(PY) -m autograder execute $(A)

expected: $(STAMP) $(DATA)  ## re-run the solutions and write each notebooks/source/<ID>/expected.json (the grader's answers)
	$(PY) -m autograder expected $(A)

validate: $(STAMP) $(DATA)  ## run every source notebook and compare with its stored outputs (nbval)
	$(PY) -m pytest -p no:cacheprovider --nbval notebooks/source --nbval-sanitize-with tests/nbval_sanitize.cfg -q

formgrader: $(STAMP)  ## the instructor's JupyterLab on the class graded by make grade: formgrader, manual grading, feedback
	@test -f grading/nbgrader_config.py || { echo "no graded class in grading/: run make grade first"; exit 1; }
	cd grading && $(CURDIR)/$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --LabApp.default_url=/formgrader

test: $(STAMP) $(DATA)  ## the whole test suite: lint, helpers, data, leak scan, release sync, nbval, grading gate
	$(BIN)/ruff check .
	$(PY) -m pytest -q --durations=25 tests
	$(MAKE) --no-print-directory validate

grade: $(STAMP) $(DATA)  ## grade a class: make grade [A=ID] [SUBMISSIONS=dir] (default: the demo class)
	$(PY) -m autograder grade $(if $(A),-a $(A)) $(if $(SUBMISSIONS),--submissions $(SUBMISSIONS))

# JupyterHub classroom (README: "Running a class on JupyterHub"): nbgrader's shared exchange, made by `hub setup`
HUB_EXCHANGE ?= /srv/nbgrader/exchange
need-assignment = $(if $(A),,$(error name the assignment: make $@ A=<ID>, e.g. A=C1W1_Python_Basics))

hub-release: | $(STAMP)  ## JupyterHub: release assignment A to the class (students fetch it in the Assignments tab)
	$(need-assignment)
	$(PY) -m nbgrader release_assignment $(A) --Exchange.root=$(HUB_EXCHANGE)

hub-collect: | $(STAMP)  ## JupyterHub: collect assignment A's submissions into notebooks/submitted/ (then make grade)
	$(need-assignment)
	$(PY) -m nbgrader collect $(A) --update --Exchange.root=$(HUB_EXCHANGE)

hub-feedback: | $(STAMP)  ## JupyterHub: release the feedback of assignment A, graded by make grade (students fetch it)
	$(need-assignment)
	cd grading && $(abspath $(PY)) -m nbgrader release_feedback $(A) --Exchange.root=$(HUB_EXCHANGE)

grade-hostile: $(STAMP) $(DATA)  ## grade the hostile corpus (47 submissions, sandbox needed) and check every verdict
	$(PY) -m autograder hostile

bench: $(STAMP) $(DATA)  ## benchmarks -> bench/results/: grading (ours vs plain nbgrader, 40 C1W2 and 20 C4W2A submissions), data generation
	$(PY) bench/grade_bench.py
	$(PY) bench/grade_bench.py --assignment C4W2A_Keras_Happy_House --students 20
	$(PY) bench/data_bench.py

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check .

clean:  ## remove generated data, grading output and caches (keeps .venv and the trained models: rm models/*.keras)
	rm -rf grading datasets/*.h5 datasets/data.mat .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
