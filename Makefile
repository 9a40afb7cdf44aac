# Set-up and main commands. `make demo` and `make test` work on a fresh machine:
# they find a working Python >= 3.12, create .venv, install the project, then run.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8765
JOBS   ?= auto

.PHONY: help install demo test test-cluster test-fast lint app calibration bench validate quasi sensitivity results browser clean

help:
	@echo "make demo       baseline + each policy + all combined on eastern_drc, 8 seeds: table and figures"
	@echo "make test       full test suite (what CI runs)"
	@echo "make test-fast  inner-loop tests (skips slow end-to-end and browser tests)"
	@echo "make test-cluster  sweeps on a Ray cluster equal the default launcher's (installs ray)"
	@echo "make app        workshop page on http://127.0.0.1:$(PORT)"
	@echo "make calibration  baseline over 10 seeds against the calibration ranges -> docs/calibration.md"
	@echo "make bench      performance benchmarks (benchmarks/bench.py)"
	@echo "make validate   regenerate docs/validation.md against the IPIS data (20 seeds x 2 starts, ~1 min)"
	@echo "make quasi      regenerate docs/quasi-experiments.md: natural experiments (Dodd-Frank, price booms) re-run, ~2 min"
	@echo "make sensitivity  Morris + Sobol sensitivity of the baseline (~12 min) -> docs/sensitivity.md"
	@echo "make results    after a change that moves outputs: every run a document quotes (~45 min; docs/experiments.md)"

$(STAMP): pyproject.toml
	@if ! { [ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }; then \
	  rm -rf $(VENV); py=$$(.ci/find-python) || exit 1; \
	  echo "creating $(VENV) with $$py"; $$py -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# The main job: baseline, each policy and all four combined on eastern_drc, 5 years x 8 seeds (48 runs, a few
# minutes on 2 cores; a rerun only completes missing runs), then the summary table and figures.
demo: $(STAMP)
	$(PY) -m sim -m +experiment=policy_comparison
	$(PY) -m analysis sweeps/policy_comparison

# Debian's Chromium for the workshop-page browser tests (Playwright's own browser download cannot run here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser
	$(PY) -m pytest -n $(JOBS) -q

# Sweeps on a Ray cluster (a local instance and a one-node cluster on 127.0.0.1) against the default launcher.
test-cluster: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,ray]'
	SIM_TEST_CLUSTER=1 $(PY) -m pytest -q tests/test_cluster.py

test-fast: $(STAMP)
	$(PY) -m pytest -n $(JOBS) -q -m "not slow and not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check sim analysis tests benchmarks workshop

app: $(STAMP)
	SOLARA_TELEMETRY_MIXPANEL_ENABLE=False $(VENV)/bin/solara run workshop/app.py --production --no-check-version --host 127.0.0.1 --port $(PORT) --no-open

calibration: $(STAMP)
	$(PY) -m sim -m +experiment=baseline_calibration
	$(PY) -m analysis.calibration sweeps/baseline_calibration --write docs/calibration.md

bench: $(STAMP)
	$(PY) benchmarks/bench.py

validate: $(STAMP)
	$(PY) -m analysis.validate

# Natural experiments from the literature (Dodd-Frank, price booms) re-run under the defaults and the structural
# alternatives: docs/quasi-experiments.md, about 3 minutes.
QUASI_ALTS = --alt "looting from savings: armed_groups.looting=cash" \
	--alt "credit: armed_groups.attack_financing=credit armed_groups.expansion_prob_week=0.25" \
	--alt "near the army, 5 km: state_forces.offensive_reach_km=5" \
	--alt "anywhere in the province: state_forces.offensive_reach_km=0"
quasi: $(STAMP)
	$(PY) -m analysis.quasi_experiments --docs docs $(QUASI_ALTS)

sensitivity: $(STAMP)
	$(PY) -m analysis.sensitivity --docs docs --out sweeps/sensitivity

# After a change that moves model outputs: rerun everything a document quotes (about 30 minutes on 2 cores).
# Generated documents are rewritten; the hand-written figures listed in docs/experiments.md ("Regenerating the
# documents") are then updated from the sweeps/ folders this writes.
results: $(STAMP)
	$(PY) -m tests.golden
	$(PY) -m analysis.parameter_table
	$(MAKE) --no-print-directory validate quasi demo
	-$(MAKE) --no-print-directory calibration  # exits 1 while a row is outside its range; the table is written anyway
	$(PY) -m analysis.long_runs --out sweeps/long_runs/changes.csv
	$(PY) -m sim -m +experiment=dmz_selection
	$(PY) -m analysis sweeps/dmz_selection
	$(PY) -m sim -m +experiment=border_range
	$(PY) -m analysis sweeps/border_range
	$(PY) -m sim -m +experiment=price_shock shock.mineral=gold shock.factor=0.5,1.0,2.0 steps=156 'seed=range(1,4)' hydra.sweep.dir=sweeps/supply_gold
	$(PY) -m analysis sweeps/supply_gold
	$(PY) -m sim -m +experiment=policy_robustness ensemble.samples=32 world=eastern_drc steps=208 'seed=range(3)' hydra.sweep.dir=sweeps/robustness
	$(PY) -m analysis sweeps/robustness --discover "ddr:fighters>=0" --discover "dmz:armed_revenue_usd>=0" --discover "border:smuggled_share_gold>=-0.01"
	$(PY) -m sim -m +experiment=policy_robustness scenario=baseline,ddr ensemble.samples=24 'ensemble.params=[policies.ddr,armed_groups]' world=eastern_drc steps=156 'seed=range(1)' hydra.sweep.dir=sweeps/example_ddr
	$(PY) -m analysis sweeps/example_ddr --discover "ddr:fighters>=0"
	$(PY) -m sim -m +experiment=policy_search world=eastern_drc steps=156 hydra.sweeper.n_trials=12 search.samples=2 search.seeds=1 'ensemble.params=[policies.ddr,armed_groups]' hydra.sweep.dir=sweeps/example_search
	$(PY) -m analysis sweeps/example_search
	$(MAKE) --no-print-directory sensitivity

clean:
	rm -rf outputs multirun sweeps demo_output .pytest_cache .hypothesis
	find . -name '*.nbi' -o -name '*.nbc' | xargs rm -f
