"""Native JSON: schema 2.0 has no diagram fields; schema 1.0 files (positions on the buses) still read, with the
positions handed out separately for the project's diagram."""

from __future__ import annotations

import json

import pytest

from gridsolve import io
from gridsolve.errors import InvalidNetworkError
from gridsolve.model import SCHEMA_VERSION, parse_network

V1 = {"schema_version": "1.0", "buses": [
    {"id": "a", "vn_kv": 20.0, "x": 1.5, "y": 2.5, "length": 90.0, "orientation": "vertical"},
    {"id": "b", "vn_kv": 20.0}],
    "external_grids": [{"id": "g", "bus": "a"}],
    "lines": [{"id": "l", "from_bus": "a", "to_bus": "b", "r_ohm_per_km": 0.1, "x_ohm_per_km": 0.3}]}


def test_v1_file_reads_and_keeps_its_coordinates():
    case = io.import_case(json.dumps(V1), "gridsolve")
    assert case.network.schema_version == SCHEMA_VERSION == "2.0"
    assert case.coordinates == {"a": (1.5, 2.5)}
    assert "x" not in case.network.buses[0].model_dump()


def test_v2_refuses_diagram_fields_on_buses():
    data = {**V1, "schema_version": "2.0"}
    with pytest.raises(InvalidNetworkError) as err:
        parse_network(data)
    assert err.value.field_errors[0].element_id == "a"


def test_round_trip_is_exact():
    net = io.loads(json.dumps(V1), "gridsolve")
    assert io.loads(io.dumps(net, "gridsolve"), "gridsolve") == net
