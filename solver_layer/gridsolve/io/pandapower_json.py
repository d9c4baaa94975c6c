"""Read pandapower's JSON (`pandapower.to_json`) into a Network, without importing pandapower.

The file is a "pandapowerNet" object whose element tables are pandas DataFrames serialized
with `orient="split"` (a JSON string holding "columns", "index" and "data") plus a "dtype"
map. Each row becomes one element with a readable, stable id built from the pandapower index
(`bus_3`, `line_12`, `trafo_0`, `trafo3w_1`, `load_5`, `sgen_2`, `gen_0`, `ext_grid_0`,
`shunt_0`, `switch_7`); the pandapower name is kept in `name`.

Mapping (pandapower -> GridSolve):
- bus, line, trafo, trafo3w, ext_grid, shunt: one to one, field names are pandapower's.
  Lines: `max_i_ka` is multiplied by the derating factor `df`; transformers fold `df` into
  `max_loading_percent`. Tap changers: `tap_changer_type` Ratio/Symmetrical/Ideal; a
  missing type means pandapower ignores the tap (so do we).
- load: ZIP shares per load. pandapower 3 has separate P and Q shares; when they differ the
  load is split into an active part (`load_<i>`) and a reactive part (`load_<i>.q`), which
  is exact.
- gen -> Generator(kind="synchronous", voltage_control=True, slack=gen.slack).
- sgen -> Generator(kind="static", voltage_control=False); asymmetric_sgen likewise with the
  three phase powers summed.
- motor -> Motor (asynchronous motor: a load in a power flow, P = pn_mech / efficiency * loading and Q from
  cos_phi; a short-circuit source with its rated data lrc_pu, rx, vn_kv, cos_phi_n, efficiency_n_percent).
- storage, asymmetric_load -> Load.
- ward -> Load (`ward_<i>`, ps/qs) + Shunt (`ward_<i>.z`, pz/qz at 1 pu).
- xward -> the same plus its internal voltage source: an auxiliary bus `xward_<i>.aux`, a
  branch `xward_<i>.x` (r_ohm + j x_ohm) and a voltage-controlling generator `xward_<i>.v`
  with P = 0 at vm_pu (pandapower's own decomposition).
- impedance -> ImpedanceBranch (symmetric series impedance; from-end shunt as magnetizing
  admittance; asymmetric ones raise ParseError).
- switch: bus-bus, bus-line, bus-trafo, bus-trafo3w, open or closed. A closed bus-bus switch
  with z_ohm > 0 is, as in pandapower, an impedance (switch_rx_ratio = 2): it becomes a Line
  `switch_<i>` of that impedance instead of a Switch. z_ohm of branch switches is ignored
  (pandapower ignores it too).
- Tables with rows that cannot be represented (dcline, svc, ssc, tcsc, vsc, DC grids,
  characteristic-table taps, a second tap changer in use...) raise ParseError naming the table.
  Result tables, costs, measurements, controllers and std_types are ignored; bus geodata is returned by
  `coordinates()` for the project's diagram (no study reads it).
"""

from __future__ import annotations

import json
import math
from typing import Any

from pydantic import ValidationError

from ..errors import ParseError, pydantic_message
from ..model import (
    Bus,
    ExternalGrid,
    Generator,
    ImpedanceBranch,
    Line,
    Load,
    Motor,
    Network,
    Shunt,
    Switch,
    Transformer,
    Transformer3W,
)

# Tables read into the model.
HANDLED = {
    "bus", "line", "trafo", "trafo3w", "load", "sgen", "gen", "ext_grid", "shunt", "switch",
    "storage", "motor", "ward", "xward", "impedance", "asymmetric_load", "asymmetric_sgen",
}
# Tables that do not change a power flow (or are not network data at all).
IGNORED_PREFIXES = ("res_", "_")
IGNORED = {
    "measurement", "pwl_cost", "poly_cost", "controller", "group", "bus_geodata", "line_geodata",
    "trafo_characteristic_table", "shunt_characteristic_table", "characteristic", "q_capability_characteristic",
    "q_capability_curve_table", "std_types", "user_pf_options", "profiles",
}


def read_pandapower(text: str, source: str = "<pandapower>") -> Network:
    """Parse pandapower JSON text into a validated Network; malformed input raises ParseError."""
    return _Reader(text, source).read()


class _Table:
    """One DataFrame: rows as dicts, with typed getters that raise ParseError naming table.column."""

    def __init__(self, name: str, columns: list[str], index: list[Any], data: list[list[Any]],
                 dtype: dict[str, str], source: str) -> None:
        self.name, self.columns, self.index, self.dtype, self.source = name, columns, index, dtype, source
        self.rows = [dict(zip(columns, row, strict=True)) for row in data]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(zip(self.index, self.rows, strict=True))

    def error(self, message: str, column: str | None = None, idx: Any = None) -> ParseError:
        field = f"{self.name}.{column}" if column else self.name
        element_id = f"{self.name}_{idx}" if idx is not None else None
        return ParseError(message, file=self.source, field=field, element_id=element_id)

    def has(self, column: str) -> bool:
        return column in self.columns

    def float(self, idx, row, column, default: float | None = None, required: bool = False) -> float | None:
        value = row.get(column)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            if required:
                raise self.error("missing value", column, idx)
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                try:
                    value = float(value)
                except ValueError:
                    raise self.error(f"not a number: {value!r}", column, idx) from None
            else:
                raise self.error(f"not a number: {value!r}", column, idx)
        value = float(value)
        if math.isinf(value) and required:
            raise self.error("must be finite", column, idx)
        return value

    def req(self, idx, row, column) -> float:
        value = self.float(idx, row, column, required=True)
        assert value is not None
        return value

    def finite(self, idx, row, column) -> float | None:
        value = self.float(idx, row, column)
        return value if value is not None and math.isfinite(value) else None

    def positive(self, idx, row, column) -> float | None:
        value = self.finite(idx, row, column)
        return value if value is not None and value > 0 else None

    def int(self, idx, row, column, default: int | None = None, required: bool = False) -> int | None:
        value = self.float(idx, row, column, None, required)
        if value is None:
            return default
        if not math.isfinite(value) or value != int(value):
            raise self.error(f"must be a whole number, got {value!r}", column, idx)
        return int(value)

    def ref(self, idx, row, column) -> int:
        value = self.int(idx, row, column, required=True)
        assert value is not None
        return value

    def bool(self, idx, row, column, default: bool) -> bool:
        value = row.get(column)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise self.error(f"not a boolean: {value!r}", column, idx)

    def str(self, row, column) -> str | None:
        value = row.get(column)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return str(value)


def _is_nan(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.text, self.source = text, source
        self.tables: dict[str, _Table] = {}
        self.scalars: dict[str, Any] = {}
        self.elements: dict[str, list] = {k: [] for k in (
            "buses", "lines", "transformers", "transformers3w", "generators", "external_grids", "loads", "motors",
            "shunts", "switches", "impedance_branches")}

    # ---- container -------------------------------------------------------------------------
    def error(self, message: str, field: str | None = None, element_id: str | None = None) -> ParseError:
        return ParseError(message, file=self.source, field=field, element_id=element_id)

    def read(self) -> Network:
        try:
            doc = json.loads(self.text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg}", file=self.source, line=exc.lineno,
                             field=f"column {exc.colno}") from None
        if not isinstance(doc, dict):
            raise self.error("a pandapower JSON file holds an object")
        if "_object" in doc:
            if doc.get("_class") != "pandapowerNet":
                raise self.error(f"expected a pandapowerNet, found '{doc.get('_class')}'", field="_class")
            obj = doc["_object"]
            if isinstance(obj, str):
                try:
                    obj = json.loads(obj)
                except json.JSONDecodeError as exc:
                    raise self.error(f"invalid JSON in the net object: {exc.msg}", field="_object") from None
        else:
            obj = doc
        if not isinstance(obj, dict) or "bus" not in obj:
            raise self.error("not a pandapower network: no 'bus' table", field="bus")
        for key, value in obj.items():
            if isinstance(value, dict) and value.get("_class") == "DataFrame":
                self.tables[key] = self._frame(key, value)
            elif isinstance(value, dict) and value.get("_class") in ("Series", "GeoDataFrame", "DataFrame"):
                continue
            else:
                self.scalars[key] = value
        self._check_tables()
        base_mva = self._scalar_float("sn_mva", 1.0)
        f_hz = self._scalar_float("f_hz", 50.0)
        self.base_mva = base_mva
        self._buses()
        self._lines()
        self._trafos()
        self._trafos3w()
        self._impedances()
        self._loads()
        self._sgens()
        self._gens()
        self._ext_grids()
        self._shunts()
        self._wards()
        self._switches()
        self._warm_start()
        name = self.scalars.get("name")
        data = {"name": name if isinstance(name, str) else "", "base_mva": base_mva, "f_hz": f_hz,
                "source_format": "pandapower", **self.elements}
        try:
            net = Network.model_validate(data)
        except ValidationError as exc:  # pragma: no cover - elements are validated one by one below
            raise self.error(str(exc.errors()[0].get("msg"))) from None
        try:
            net.check_references()
        except Exception as exc:  # InvalidNetworkError -> ParseError with the same detail
            raise ParseError(getattr(exc, "message", str(exc)), file=self.source,
                             element_id=getattr(exc, "element_id", None), field=getattr(exc, "field", None)) from None
        return net

    def _scalar_float(self, key: str, default: float) -> float:
        value = self.scalars.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            raise self.error(f"must be a positive number, got {value!r}", field=key)
        return float(value)

    def _frame(self, name: str, value: dict) -> _Table:
        obj = value.get("_object")
        if isinstance(obj, str):
            try:
                obj = json.loads(obj)
            except json.JSONDecodeError as exc:
                raise self.error(f"table is not valid JSON: {exc.msg}", field=name) from None
        if not isinstance(obj, dict):
            raise self.error("table is not a split-orient DataFrame object", field=name)
        columns, index, data = obj.get("columns"), obj.get("index", []), obj.get("data")
        if not isinstance(columns, list) or not isinstance(data, list) or not isinstance(index, list):
            raise self.error("table needs 'columns', 'index' and 'data' lists", field=name)
        if len(index) != len(data):
            raise self.error(f"table has {len(index)} index entries but {len(data)} rows", field=name)
        for k, row in enumerate(data):
            if not isinstance(row, list) or len(row) != len(columns):
                raise self.error(f"row {k} has {len(row) if isinstance(row, list) else 'no'} values for "
                                 f"{len(columns)} columns", field=name, element_id=f"{name}_{index[k]}")
        for k, idx in enumerate(index):
            if isinstance(idx, bool) or not isinstance(idx, int | str):
                raise self.error(f"index entry {k} ({idx!r}) is not an integer", field=f"{name}.index")
        if len(set(index)) != len(index):
            raise self.error("duplicate index entries", field=f"{name}.index")
        dtype = value.get("dtype") if isinstance(value.get("dtype"), dict) else {}
        return _Table(name, [str(c) for c in columns], index, data, dtype, self.source)

    def _check_tables(self) -> None:
        for name, table in self.tables.items():
            if name in HANDLED or name in IGNORED or name.startswith(IGNORED_PREFIXES) or len(table) == 0:
                continue
            if name.endswith("_est") or name.endswith("_characteristic") or "geodata" in name:
                continue
            raise self.error(f"pandapower table '{name}' has {len(table)} row(s) and is not supported by the "
                             f"GridSolve importer", field=name)

    def table(self, name: str) -> _Table | None:
        table = self.tables.get(name)
        return table if table is not None and len(table) else None

    def add(self, list_name: str, cls, table: _Table, idx, fields: dict[str, Any]) -> None:
        try:
            element = cls(**fields)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err.get("loc", ()))
            msg = pydantic_message(err)
            raise ParseError(f"{msg} (GridSolve field '{loc}')", file=self.source, field=f"{table.name}.{loc}",
                             element_id=fields.get("id")) from None
        self.elements[list_name].append(element)

    def bus_ref(self, table: _Table, idx, row, column: str) -> str:
        b = table.ref(idx, row, column)
        if b not in self.bus_kv:
            raise table.error(f"unknown bus {b}", column, idx)
        return f"bus_{b}"

    @staticmethod
    def name(table: _Table, row) -> str:
        return table.str(row, "name") or ""

    # ---- elements ----------------------------------------------------------------------------
    def _buses(self) -> None:
        self.bus_kv: dict[int, float] = {}
        t = self.tables.get("bus")
        if t is None:
            raise self.error("no 'bus' table", field="bus")
        for idx, row in t:
            vn = t.req(idx, row, "vn_kv")
            fields = {"id": f"bus_{idx}", "name": self.name(t, row), "vn_kv": vn,
                      "in_service": t.bool(idx, row, "in_service", True)}
            zone = t.str(row, "zone")
            if zone is not None:
                fields["zone"] = zone
            lo, hi = t.positive(idx, row, "min_vm_pu"), t.positive(idx, row, "max_vm_pu")
            if lo is not None and hi is not None and lo <= hi:
                fields["min_vm_pu"], fields["max_vm_pu"] = lo, hi
            self.add("buses", Bus, t, idx, fields)
            if isinstance(idx, str):
                raise t.error("bus index must be an integer", "index", idx)
            self.bus_kv[idx] = vn

    def _lines(self) -> None:
        t = self.table("line")
        if t is None:
            return
        for idx, row in t:
            df = t.float(idx, row, "df", 1.0)
            max_i = t.positive(idx, row, "max_i_ka")
            kind = "cable" if (t.str(row, "type") or "").lower() in ("cs", "cable") else "overhead"
            fields = {
                "id": f"line_{idx}", "name": self.name(t, row), "in_service": t.bool(idx, row, "in_service", True),
                "from_bus": self.bus_ref(t, idx, row, "from_bus"), "to_bus": self.bus_ref(t, idx, row, "to_bus"),
                "length_km": t.req(idx, row, "length_km"), "r_ohm_per_km": t.req(idx, row, "r_ohm_per_km"),
                "x_ohm_per_km": t.req(idx, row, "x_ohm_per_km"),
                "c_nf_per_km": t.float(idx, row, "c_nf_per_km", 0.0),
                "g_us_per_km": t.float(idx, row, "g_us_per_km", 0.0),
                "max_i_ka": max_i * df if max_i is not None and df and df > 0 else max_i,
                "parallel": t.int(idx, row, "parallel", 1), "kind": kind,
                "r0_ohm_per_km": t.finite(idx, row, "r0_ohm_per_km"),
                "x0_ohm_per_km": t.finite(idx, row, "x0_ohm_per_km"),
                "c0_nf_per_km": t.finite(idx, row, "c0_nf_per_km"),
                "endtemp_degree": t.finite(idx, row, "endtemp_degree"),
            }
            self.add("lines", Line, t, idx, fields)

    def _tap(self, t: _Table, idx, row, sides: tuple[str, ...]) -> dict[str, Any]:
        """Tap changer fields; pandapower applies a tap only when tap_changer_type is set."""
        for col in ("tap_dependency_table", "tap2_dependency_table"):
            if t.bool(idx, row, col, False):
                raise t.error("tap-dependent impedance from a characteristic table is not supported", col, idx)
        if t.has("tap2_pos"):
            pos2, neutral2 = t.finite(idx, row, "tap2_pos"), t.finite(idx, row, "tap2_neutral")
            if (t.str(row, "tap2_changer_type") and pos2 is not None and neutral2 is not None
                    and pos2 != neutral2 and t.str(row, "tap2_side")):
                raise t.error("a second tap changer in use is not supported", "tap2_pos", idx)
        side = t.str(row, "tap_side")
        ctype = t.str(row, "tap_changer_type")
        if t.has("tap_changer_type"):
            active = ctype is not None
        else:  # pandapower 2.x: tap_phase_shifter
            active = True
            ctype = "Ideal" if t.bool(idx, row, "tap_phase_shifter", False) else "Ratio"
        neutral = t.float(idx, row, "tap_neutral")
        pos = t.float(idx, row, "tap_pos")
        fields: dict[str, Any] = {}
        for col, value in (("tap_min", t.float(idx, row, "tap_min")), ("tap_max", t.float(idx, row, "tap_max"))):
            if value is not None and math.isfinite(value) and value == int(value):
                fields[col] = int(value)
        if not active or side is None or pos is None or neutral is None:
            return fields
        if side not in sides:
            raise t.error(f"tap_side must be one of {', '.join(sides)}, got {side!r}", "tap_side", idx)
        if ctype not in ("Ratio", "Symmetrical", "Ideal"):
            raise t.error(f"tap_changer_type {ctype!r} is not supported (Ratio, Symmetrical, Ideal)",
                          "tap_changer_type", idx)
        for col, value in (("tap_pos", pos), ("tap_neutral", neutral)):
            if value != int(value):
                raise t.error(f"continuous tap positions are not supported ({value})", col, idx)
        fields.update({
            "tap_side": side, "tap_pos": int(pos), "tap_neutral": int(neutral),
            "tap_step_percent": t.float(idx, row, "tap_step_percent", 0.0),
            "tap_step_degree": t.float(idx, row, "tap_step_degree", 0.0),
            "tap_changer_type": ctype.lower(),
        })
        if fields["tap_step_percent"] < 0:
            raise t.error("negative tap_step_percent is not supported", "tap_step_percent", idx)
        fields.setdefault("tap_min", min(int(pos), int(neutral)))
        fields.setdefault("tap_max", max(int(pos), int(neutral)))
        return fields

    def _trafos(self) -> None:
        t = self.table("trafo")
        if t is None:
            return
        for idx, row in t:
            for col in ("leakage_resistance_ratio_hv", "leakage_reactance_ratio_hv"):
                ratio = t.finite(idx, row, col)
                if ratio is not None and ratio != 0.5:
                    raise t.error("only the symmetric T model (ratio 0.5) is supported", col, idx)
            df = t.float(idx, row, "df", 1.0) or 1.0
            fields = {
                "id": f"trafo_{idx}", "name": self.name(t, row), "in_service": t.bool(idx, row, "in_service", True),
                "hv_bus": self.bus_ref(t, idx, row, "hv_bus"), "lv_bus": self.bus_ref(t, idx, row, "lv_bus"),
                "sn_mva": t.req(idx, row, "sn_mva"), "vn_hv_kv": t.req(idx, row, "vn_hv_kv"),
                "vn_lv_kv": t.req(idx, row, "vn_lv_kv"), "vk_percent": t.req(idx, row, "vk_percent"),
                "vkr_percent": t.float(idx, row, "vkr_percent", 0.0), "pfe_kw": t.float(idx, row, "pfe_kw", 0.0),
                "i0_percent": t.float(idx, row, "i0_percent", 0.0),
                "shift_degree": t.float(idx, row, "shift_degree", 0.0),
                "parallel": t.int(idx, row, "parallel", 1),
                "max_loading_percent": t.float(idx, row, "max_loading_percent", 100.0) * df,
                "oltc": t.bool(idx, row, "oltc", False),
                "power_station_unit": t.bool(idx, row, "power_station_unit", False),
                "pt_percent": t.finite(idx, row, "pt_percent"),
                **self._tap(t, idx, row, ("hv", "lv")),
            }
            vg = t.str(row, "vector_group")
            if vg:
                fields["vector_group"] = vg
            for col in ("vk0_percent", "mag0_percent"):
                fields[col] = t.positive(idx, row, col)
            for col in ("vkr0_percent", "mag0_rx", "xn_ohm", "rn_ohm"):
                fields[col] = t.finite(idx, row, col)
            si0 = t.finite(idx, row, "si0_hv_partial")
            fields["si0_hv_partial"] = si0
            self.add("transformers", Transformer, t, idx, fields)

    def _trafos3w(self) -> None:
        t = self.table("trafo3w")
        if t is None:
            return
        for idx, row in t:
            loss_side = t.str(row, "loss_side")
            if loss_side is not None and loss_side.lower() != "hv":
                raise t.error("only no-load losses at the HV side (pandapower's default) are supported",
                              "loss_side", idx)
            tap = self._tap(t, idx, row, ("hv", "mv", "lv"))
            if tap.pop("tap_changer_type", "ratio") == "ideal":
                raise t.error("ideal tap changers on 3-winding transformers are not supported",
                              "tap_changer_type", idx)
            fields = {
                "id": f"trafo3w_{idx}", "name": self.name(t, row),
                "in_service": t.bool(idx, row, "in_service", True),
                "hv_bus": self.bus_ref(t, idx, row, "hv_bus"), "mv_bus": self.bus_ref(t, idx, row, "mv_bus"),
                "lv_bus": self.bus_ref(t, idx, row, "lv_bus"),
                "pfe_kw": t.float(idx, row, "pfe_kw", 0.0), "i0_percent": t.float(idx, row, "i0_percent", 0.0),
                "shift_mv_degree": t.float(idx, row, "shift_mv_degree", 0.0),
                "shift_lv_degree": t.float(idx, row, "shift_lv_degree", 0.0),
                "tap_at_star_point": t.bool(idx, row, "tap_at_star_point", False),
                "max_loading_percent": t.float(idx, row, "max_loading_percent", 100.0),
                **tap,
            }
            for side in ("hv", "mv", "lv"):
                fields[f"sn_{side}_mva"] = t.req(idx, row, f"sn_{side}_mva")
                fields[f"vn_{side}_kv"] = t.req(idx, row, f"vn_{side}_kv")
                fields[f"vk_{side}_percent"] = t.req(idx, row, f"vk_{side}_percent")
                fields[f"vkr_{side}_percent"] = t.float(idx, row, f"vkr_{side}_percent", 0.0)
                fields[f"vk0_{side}_percent"] = t.positive(idx, row, f"vk0_{side}_percent")
                fields[f"vkr0_{side}_percent"] = t.finite(idx, row, f"vkr0_{side}_percent")
            vg = t.str(row, "vector_group")
            if vg:
                fields["vector_group"] = vg
            self.add("transformers3w", Transformer3W, t, idx, fields)

    def _impedances(self) -> None:
        t = self.table("impedance")
        if t is None:
            return
        for idx, row in t:
            f = self.base_mva / t.req(idx, row, "sn_mva")
            rft, xft = t.req(idx, row, "rft_pu"), t.req(idx, row, "xft_pu")
            rtf, xtf = t.float(idx, row, "rtf_pu", rft), t.float(idx, row, "xtf_pu", xft)
            if rtf != rft or xtf != xft:
                raise t.error("asymmetric impedances (rft != rtf or xft != xtf) are not supported", "rtf_pu", idx)
            gf, bf = t.float(idx, row, "gf_pu", 0.0), t.float(idx, row, "bf_pu", 0.0)
            gt, bt = t.float(idx, row, "gt_pu", 0.0), t.float(idx, row, "bt_pu", 0.0)
            if gt != 0:
                raise t.error("a conductance at the to end is not supported", "gt_pu", idx)
            self.add("impedance_branches", ImpedanceBranch, t, idx, {
                "id": f"impedance_{idx}", "name": self.name(t, row),
                "in_service": t.bool(idx, row, "in_service", True),
                "from_bus": self.bus_ref(t, idx, row, "from_bus"), "to_bus": self.bus_ref(t, idx, row, "to_bus"),
                "r_pu": rft * f, "x_pu": xft * f, "b_pu": 2 * bt / f, "g_mag_pu": gf / f,
                "b_mag_pu": (bf - bt) / f,
            })

    def _add_load(self, t: _Table, idx, row, lid: str, p: float, q: float, zip_shares: tuple | None = None) -> None:
        base = {"name": self.name(t, row), "in_service": t.bool(idx, row, "in_service", True),
                "bus": self.bus_ref(t, idx, row, "bus"), "scaling": t.float(idx, row, "scaling", 1.0)}
        if zip_shares is None:
            self.add("loads", Load, t, idx, {"id": lid, "p_mw": p, "q_mvar": q, **base})
            return
        zp, ip, zq, iq = zip_shares
        if (zp, ip) == (zq, iq):
            self.add("loads", Load, t, idx, {"id": lid, "p_mw": p, "q_mvar": q, "const_z_percent": zp,
                                             "const_i_percent": ip, **base})
            return
        self.add("loads", Load, t, idx, {"id": lid, "p_mw": p, "q_mvar": 0.0, "const_z_percent": zp,
                                         "const_i_percent": ip, **base})
        self.add("loads", Load, t, idx, {"id": f"{lid}.q", "p_mw": 0.0, "q_mvar": q, "const_z_percent": zq,
                                         "const_i_percent": iq, **base})

    def _loads(self) -> None:
        t = self.table("load")
        if t is not None:
            for idx, row in t:
                z = t.float(idx, row, "const_z_percent", 0.0)
                i = t.float(idx, row, "const_i_percent", 0.0)
                shares = (t.float(idx, row, "const_z_p_percent", z), t.float(idx, row, "const_i_p_percent", i),
                          t.float(idx, row, "const_z_q_percent", z), t.float(idx, row, "const_i_q_percent", i))
                self._add_load(t, idx, row, f"load_{idx}", t.req(idx, row, "p_mw"),
                               t.float(idx, row, "q_mvar", 0.0), shares)
        t = self.table("storage")
        if t is not None:
            for idx, row in t:
                self._add_load(t, idx, row, f"storage_{idx}", t.req(idx, row, "p_mw"), t.float(idx, row, "q_mvar", 0.0))
        t = self.table("asymmetric_load")
        if t is not None:
            for idx, row in t:
                p = sum(t.float(idx, row, f"p_{ph}_mw", 0.0) for ph in "abc")
                q = sum(t.float(idx, row, f"q_{ph}_mvar", 0.0) for ph in "abc")
                self._add_load(t, idx, row, f"asymmetric_load_{idx}", p, q)
        self._motors()

    def _motors(self) -> None:
        t = self.table("motor")
        if t is None:
            return
        for idx, row in t:
            eff = t.req(idx, row, "efficiency_percent")
            cos_phi = t.req(idx, row, "cos_phi")
            if eff <= 0 or not 0 < cos_phi <= 1:
                raise t.error("efficiency_percent must be > 0 and 0 < cos_phi <= 1", "cos_phi", idx)
            fields = {
                "id": f"motor_{idx}", "name": self.name(t, row), "in_service": t.bool(idx, row, "in_service", True),
                "bus": self.bus_ref(t, idx, row, "bus"), "pn_mech_mw": t.req(idx, row, "pn_mech_mw"),
                "cos_phi": cos_phi, "efficiency_percent": eff,
                "loading_percent": t.float(idx, row, "loading_percent", 100.0),
                "scaling": t.float(idx, row, "scaling", 1.0),
            }
            for col in ("cos_phi_n", "efficiency_n_percent", "vn_kv", "lrc_pu"):
                fields[col] = t.positive(idx, row, col)
            fields["rx"] = t.finite(idx, row, "rx")
            self.add("motors", Motor, t, idx, fields)

    def _sgens(self) -> None:
        for name in ("sgen", "asymmetric_sgen"):
            t = self.table(name)
            if t is None:
                continue
            for idx, row in t:
                if name == "sgen":
                    p, q = t.req(idx, row, "p_mw"), t.float(idx, row, "q_mvar", 0.0)
                else:
                    p = sum(t.float(idx, row, f"p_{ph}_mw", 0.0) for ph in "abc")
                    q = sum(t.float(idx, row, f"q_{ph}_mvar", 0.0) for ph in "abc")
                fields = {
                    "id": f"{name}_{idx}", "name": self.name(t, row),
                    "in_service": t.bool(idx, row, "in_service", True), "bus": self.bus_ref(t, idx, row, "bus"),
                    "p_mw": p, "q_mvar": q, "voltage_control": False,
                    "kind": "static", "scaling": t.float(idx, row, "scaling", 1.0),
                    "sn_mva": t.positive(idx, row, "sn_mva"), "k": t.positive(idx, row, "k"),
                    **self._limits(t, idx, row),
                }
                self.add("generators", Generator, t, idx, fields)

    @staticmethod
    def _limits(t: _Table, idx, row) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for lo, hi in (("min_q_mvar", "max_q_mvar"), ("min_p_mw", "max_p_mw")):
            a, b = t.finite(idx, row, lo), t.finite(idx, row, hi)
            if a is not None and b is not None and a > b:
                raise t.error(f"{lo} exceeds {hi}", lo, idx)
            out[lo], out[hi] = a, b
        return out

    def _gens(self) -> None:
        t = self.table("gen")
        if t is None:
            return
        trafo_ids = set(self.tables["trafo"].index) if "trafo" in self.tables else set()
        for idx, row in t:
            pst = t.int(idx, row, "power_station_trafo")
            if pst is not None and pst not in trafo_ids:
                raise t.error(f"unknown transformer {pst}", "power_station_trafo", idx)
            cos_phi = t.finite(idx, row, "cos_phi")
            fields = {
                "id": f"gen_{idx}", "name": self.name(t, row), "in_service": t.bool(idx, row, "in_service", True),
                "bus": self.bus_ref(t, idx, row, "bus"), "p_mw": t.req(idx, row, "p_mw"),
                "vm_pu": t.float(idx, row, "vm_pu", 1.0), "va_degree": t.float(idx, row, "va_degree", 0.0),
                "voltage_control": True, "slack": t.bool(idx, row, "slack", False), "kind": "synchronous",
                "scaling": t.float(idx, row, "scaling", 1.0), "sn_mva": t.positive(idx, row, "sn_mva"),
                "vn_kv": t.positive(idx, row, "vn_kv"), "xdss_pu": t.positive(idx, row, "xdss_pu"),
                "rdss_ohm": t.finite(idx, row, "rdss_ohm"), "cos_phi": cos_phi if cos_phi and cos_phi > 0 else None,
                "pg_percent": t.float(idx, row, "pg_percent", 0.0),
                "power_station_trafo": f"trafo_{pst}" if pst is not None else None,
                **self._limits(t, idx, row),
            }
            self.add("generators", Generator, t, idx, fields)

    def _ext_grids(self) -> None:
        t = self.table("ext_grid")
        if t is None:
            return
        for idx, row in t:
            fields = {
                "id": f"ext_grid_{idx}", "name": self.name(t, row),
                "in_service": t.bool(idx, row, "in_service", True), "bus": self.bus_ref(t, idx, row, "bus"),
                "vm_pu": t.float(idx, row, "vm_pu", 1.0), "va_degree": t.float(idx, row, "va_degree", 0.0),
            }
            for col in ("s_sc_max_mva", "s_sc_min_mva"):
                fields[col] = t.positive(idx, row, col)
            for col in ("rx_max", "rx_min", "x0x_max", "x0x_min", "r0x0_max", "r0x0_min"):
                fields[col] = t.finite(idx, row, col)
            self.add("external_grids", ExternalGrid, t, idx, fields)

    def _shunts(self) -> None:
        t = self.table("shunt")
        if t is None:
            return
        for idx, row in t:
            if t.bool(idx, row, "step_dependency_table", False):
                raise t.error("step-dependent shunt values from a characteristic table are not supported",
                              "step_dependency_table", idx)
            step = t.int(idx, row, "step", 1)
            fields = {
                "id": f"shunt_{idx}", "name": self.name(t, row), "in_service": t.bool(idx, row, "in_service", True),
                "bus": self.bus_ref(t, idx, row, "bus"), "p_mw": t.float(idx, row, "p_mw", 0.0),
                "q_mvar": t.req(idx, row, "q_mvar"), "vn_kv": t.positive(idx, row, "vn_kv"), "step": step,
                "max_step": max(t.int(idx, row, "max_step", 1) or 1, step or 1),
            }
            self.add("shunts", Shunt, t, idx, fields)

    def _wards(self) -> None:
        for name in ("ward", "xward"):
            t = self.table(name)
            if t is None:
                continue
            for idx, row in t:
                bus = self.bus_ref(t, idx, row, "bus")
                on = t.bool(idx, row, "in_service", True)
                label = self.name(t, row)
                self._add_load(t, idx, row, f"{name}_{idx}", t.float(idx, row, "ps_mw", 0.0),
                               t.float(idx, row, "qs_mvar", 0.0))
                self.add("shunts", Shunt, t, idx, {
                    "id": f"{name}_{idx}.z", "name": label, "in_service": on, "bus": bus,
                    "p_mw": t.float(idx, row, "pz_mw", 0.0), "q_mvar": t.float(idx, row, "qz_mvar", 0.0)})
                if name == "ward":
                    continue
                aux = f"{name}_{idx}.aux"
                self.add("buses", Bus, t, idx, {"id": aux, "name": label, "in_service": on,
                                                "vn_kv": self.bus_kv[t.ref(idx, row, "bus")]})
                self.add("lines", Line, t, idx, {
                    "id": f"{name}_{idx}.x", "name": label, "in_service": on, "from_bus": bus, "to_bus": aux,
                    "length_km": 1.0, "r_ohm_per_km": t.float(idx, row, "r_ohm", 0.0),
                    "x_ohm_per_km": t.req(idx, row, "x_ohm")})
                self.add("generators", Generator, t, idx, {
                    "id": f"{name}_{idx}.v", "name": label, "in_service": on, "bus": aux, "p_mw": 0.0,
                    "vm_pu": t.req(idx, row, "vm_pu"), "voltage_control": True})

    def _warm_start(self) -> None:
        """Store start voltages on the buses for `run_power_flow(init="warm")`.

        pandapower's stored results (res_bus, when the net was solved before saving) are used as
        they are. Otherwise each bus gets the angle of its source plus the phase shifts of the
        transformers on the way (vm unset = 1 pu), like pandapower's "dc"/"auto" start: a plain
        flat start does not converge (or finds another solution) behind a Dyn5 transformer's 150°.
        """
        buses = self.elements["buses"]
        res = self.tables.get("res_bus")
        if res is not None and len(res) and {r for r, _ in res} >= set(self.bus_kv):
            values = dict(iter(res))
            for b in buses:
                row = values.get(int(b.id[4:])) if b.id[4:].isdigit() else None
                if row is None:
                    continue
                vm, va = res.finite(None, row, "vm_pu"), res.finite(None, row, "va_degree")
                if vm is not None and vm > 0 and va is not None:
                    b.vm_init_pu, b.va_init_degree = vm, va
            if all(b.va_init_degree is not None for b in buses if b.id.startswith("bus_")):
                return
        edges: dict[str, list[tuple[str, float]]] = {b.id: [] for b in buses}
        open_ends = {(s.element, s.bus) for s in self.elements["switches"] if not s.closed and s.et != "bus"}

        def link(a: str, b: str, shift: float, eid: str) -> None:
            if (eid, a) not in open_ends and (eid, b) not in open_ends:
                edges[a].append((b, -shift))
                edges[b].append((a, shift))

        for sw in self.elements["switches"]:
            if sw.et == "bus" and sw.closed:
                link(sw.bus, sw.element, 0.0, sw.id)
        for ln in self.elements["lines"]:
            if ln.in_service:
                link(ln.from_bus, ln.to_bus, 0.0, ln.id)
        for br in self.elements["impedance_branches"]:
            if br.in_service:
                link(br.from_bus, br.to_bus, br.shift_degree, br.id)
        for tr in self.elements["transformers"]:
            if tr.in_service:
                link(tr.hv_bus, tr.lv_bus, tr.shift_degree, tr.id)
        for t3 in self.elements["transformers3w"]:
            if t3.in_service:
                link(t3.hv_bus, t3.mv_bus, t3.shift_mv_degree, t3.id)
                link(t3.hv_bus, t3.lv_bus, t3.shift_lv_degree, t3.id)
        angle: dict[str, float] = {}
        sources = [(e.bus, e.va_degree) for e in self.elements["external_grids"] if e.in_service]
        sources += [(g.bus, g.va_degree) for g in self.elements["generators"] if g.in_service and g.slack]
        for start, va in sources:
            if start in angle:
                continue
            angle[start] = va
            stack = [start]
            while stack:
                a = stack.pop()
                for b, shift in edges[a]:
                    if b not in angle:
                        angle[b] = angle[a] + shift
                        stack.append(b)
        if not any(abs(v) > 0 for v in angle.values()):
            return  # nothing to gain over a flat start
        for b in buses:
            if b.id in angle:
                b.va_init_degree = angle[b.id]

    def _switches(self) -> None:
        t = self.table("switch")
        if t is None:
            return
        et_map = {"b": ("bus", "bus"), "l": ("line", "line"), "t": ("transformer", "trafo"),
                  "t3": ("transformer3w", "trafo3w")}
        ends = {"line": ("from_bus", "to_bus"), "trafo": ("hv_bus", "lv_bus"),
                "trafo3w": ("hv_bus", "mv_bus", "lv_bus")}
        rows_by_table = {name: dict(iter(self.tables[name])) for name in ends if name in self.tables}
        rx = 2.0  # pandapower's switch_rx_ratio default
        for idx, row in t:
            bus = self.bus_ref(t, idx, row, "bus")
            et = t.str(row, "et")
            if et not in et_map:
                raise t.error(f"unknown switch element type {et!r} (b, l, t, t3)", "et", idx)
            kind_name, table_name = et_map[et]
            element = t.ref(idx, row, "element")
            closed = t.bool(idx, row, "closed", True)
            if et == "b":
                if element not in self.bus_kv:
                    raise t.error(f"unknown bus {element}", "element", idx)
                z = t.float(idx, row, "z_ohm", 0.0) or 0.0
                if closed and z > 0:
                    self.add("lines", Line, t, idx, {
                        "id": f"switch_{idx}", "name": self.name(t, row), "from_bus": bus, "to_bus": f"bus_{element}",
                        "length_km": 1.0, "r_ohm_per_km": z * rx / math.sqrt(1 + rx**2),
                        "x_ohm_per_km": z / math.sqrt(1 + rx**2)})
                    continue
                target = f"bus_{element}"
            else:
                target_row = rows_by_table.get(table_name, {}).get(element)
                if target_row is None:
                    raise t.error(f"unknown {table_name} {element}", "element", idx)
                if t.ref(idx, row, "bus") not in [target_row.get(c) for c in ends[table_name]]:
                    raise t.error(f"bus {row.get('bus')} is not an end of {table_name} {element}", "bus", idx)
                target = f"{table_name}_{element}"
            kind = t.str(row, "type")
            fields = {"id": f"switch_{idx}", "name": self.name(t, row), "bus": bus, "element": target,
                      "et": kind_name, "closed": closed, "kind": kind if kind in ("CB", "LBS", "DS", "LS") else "CB",
                      "rated_ka": t.positive(idx, row, "in_ka")}
            self.add("switches", Switch, t, idx, fields)


def coordinates(text: str, source: str = "<pandapower>") -> dict[str, tuple[float, float]]:
    """Bus positions from the file's geodata (pandapower 3's `bus.geo` GeoJSON points, or 2.x's `bus_geodata`
    table), by GridSolve bus id; empty when the file has none. Diagram data only: no study reads it."""
    reader = _Reader(text, source)
    doc = json.loads(text)
    obj = doc.get("_object", doc) if isinstance(doc, dict) else {}
    if isinstance(obj, str):
        obj = json.loads(obj)
    out: dict[str, tuple[float, float]] = {}
    for name in ("bus", "bus_geodata"):
        value = obj.get(name) if isinstance(obj, dict) else None
        if not (isinstance(value, dict) and value.get("_class") == "DataFrame"):
            continue
        table = reader._frame(name, value)
        for idx, row in table:
            point = _point(table, row)
            if point is not None:
                out[f"bus_{idx}"] = point
    return out


def _point(table: _Table, row) -> tuple[float, float] | None:
    if table.has("x") and table.has("y"):
        x, y = row["x"], row["y"]
    elif table.has("geo"):
        geo = row["geo"]
        try:
            geo = json.loads(geo) if isinstance(geo, str) else geo
            x, y = geo["coordinates"][:2]
        except (TypeError, KeyError, ValueError, json.JSONDecodeError):
            return None
    else:
        return None
    if isinstance(x, int | float) and isinstance(y, int | float) and math.isfinite(x) and math.isfinite(y):
        return float(x), float(y)
    return None
