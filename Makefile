# GridSolve: the two commands a new user runs are `make run` and `make test`.
# Every install step is idempotent and guarded by a stamp file, so the second run is quick.

SHELL := /bin/bash
PY ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp

.PHONY: run demo test install install-py install-system install-web install-cdk build-web lambda-layers synth lint bench clean

run: install build-web
	$(VPY) -m chalicelib.http.local_server

# Solve a bundled sample on the command line (no server).
demo: install-py
	$(VPY) -m gridsolve solve solver_layer/gridsolve/samples/case14.m

test: install
	bash scripts/test.sh

install: install-py install-web install-cdk

install-py: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt solver_layer/pyproject.toml
	PY=$(PY) bash scripts/ensure_venv.sh
	bash scripts/install_system.sh engine
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q -r requirements-dev.txt
	$(VPY) -m pip install -q --no-deps -e solver_layer
	touch $(STAMP)

install-system:
	bash scripts/install_system.sh

install-web:
	@if [ -f web/package.json ]; then bash scripts/install_web.sh; fi

install-cdk:
	bash scripts/install_cdk.sh

# The two Lambda layers (engine, service libraries) for python3.11 on x86_64; rebuilt when their inputs change.
lambda-layers: install-py
	$(VPY) scripts/build_lambda_layers.py

# Synthesize the AWS deployment offline (no AWS account, no Docker) into cdk/cdk.out/; see cdk/README.md.
synth: install build-web lambda-layers
	cd cdk && AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} CDK_DISABLE_VERSION_CHECK=true \
	  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 node node_modules/.bin/cdk synth --no-notices \
	  --no-version-reporting -q

build-web: install-web
	@if [ -f web/package.json ]; then bash scripts/build_web.sh; fi

lint: install-py
	$(VENV)/bin/ruff check .

bench: install-py
	$(VPY) -m pip install -q -r requirements-bench.txt
	$(VPY) benchmarks/pf_vs_peers.py

clean:
	rm -rf $(VENV) web/node_modules web/dist cdk/node_modules cdk/cdk.out cdk/build cdk/chalice.out build
