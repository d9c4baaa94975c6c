"""Read an OpenDSS script (.dss) into a three-phase `Feeder`.

Supported: what the IEEE test feeders use. Commands Clear, New, Edit, More/~, the
`Class.name.prop=value` edit form, Set (voltagebases, controlmode, tolerance, maxiterations,
maxcontroliter, defaultbasefrequency, loadmult, mode=snapshot, earthmodel, algorithm),
Redirect/Compile (paths relative to the file; Compile moves the base directory), CalcVoltageBases,
BusCoords, Solve. Classes Circuit/Vsource, LineCode, Line (Switch=yes lines too), WireData,
LineSpacing, LineGeometry, Transformer, RegControl, Capacitor, CapControl, Load. Show, Plot,
Export and other report commands, EnergyMeter and Monitor (which do not change a snapshot
solution) are skipped with a note. Anything else stops with a ParseError naming the file, the
line and the property. Each class applies its properties in the order written, with OpenDSS's
side effects (the active winding, `like=`, Switch=yes resetting the impedances, kVA of winding 1
propagating, %loadloss splitting over windings 1 and 2).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import GridSolveError, ParseError, pydantic_message
from ..unbalanced import model as m
from . import dss_syntax as sx
from .dss_elements import CLASSES, DssObject, Line, RegControl, earth_model
from .reader_errors import boundary

SKIPPED_COMMANDS = {"show", "plot", "export", "help", "visualize", "summary", "totals", "dump", "sample",
                    "select", "interpolate", "makebuslist", "cleanup", "fileedit", "_initsnap", "var",
                    "formedit", "closedi", "get", "reset", "zsc", "zsc10", "zscrefresh", "voltages", "currents",
                    "powers", "losses", "capacity", "alignfile", "rotate", "relcalc", "guids", "node",
                    "dofile"}
SKIPPED_CLASSES = {"energymeter", "monitor", "loadshape", "growthshape", "spectrum", "tcc_curve", "xycurve"}
SET_OPTIONS = {"voltagebases", "controlmode", "tolerance", "maxiterations", "maxiter", "maxcontroliter",
               "defaultbasefrequency", "loadmult", "mode", "earthmodel", "algorithm", "datapath", "casename",
               "normvminpu", "normvmaxpu", "emergvminpu", "emergvmaxpu", "editor", "showexport", "markcapacitors",
               "markregulators", "markswitches", "marktransformers", "trapezoidal", "cktmodel", "demandinterval",
               "overloadreport", "voltexceptionreport", "log", "keeplist", "basefrequency", "number", "hour",
               "sec", "year", "time", "stepsize", "h", "random", "loadmodel"}
ALIASES = {"circuit": "vsource", "xfmr": "transformer", "wire": "wiredata"}
BUILD_ORDER = [("vsource", "sources"), ("linecode", "line_codes"), ("wiredata", "wire_data"),
               ("linespacing", "line_spacings"), ("linegeometry", "line_geometries"), ("line", "lines"),
               ("transformer", "transformers"), ("regcontrol", "reg_controls"), ("capacitor", "capacitors"),
               ("capcontrol", "cap_controls"), ("load", "loads")]


class Script:
    """Executes script commands against the object store, then builds the Feeder."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.objects: dict[str, dict[str, DssObject]] = {k: {} for k in CLASSES}
        self.where: dict[tuple[str, str], tuple[str, int]] = {}
        self.created: dict[tuple[str, str], int] = {}  # definition order, across files
        self.active: DssObject | None = None
        self.name = "feeder"
        self.frequency = 60.0
        self.earth_model = "deri"
        self.voltage_bases: list[float] = []
        self.settings: dict = {}
        self.coordinates: dict[str, tuple[float, float]] = {}
        self.notes: list[str] = []

    # ----- files and lines
    def run_file(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ParseError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
        self.run_text(text, str(path), path.parent)

    def run_text(self, text: str, file: str, base: Path) -> None:
        state = {"base": base}
        for line_no, line in sx.logical_lines(text):
            try:
                self.command(line, file, line_no, state)
            except GridSolveError:
                raise
            except (ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
                raise sx.fail(str(exc).strip("'\""), file, line_no) from None

    def command(self, line: str, file: str, line_no: int, state: dict) -> None:
        if line.startswith("~"):
            return self._props(self._need_active(file, line_no), sx.tokens(line[1:]), file, line_no)
        head, _, rest = line.partition(" ")
        verb = head.lower()
        if "=" in head or ("." in head and verb not in ("redirect", "compile")):
            return self._dotted(line, file, line_no)
        toks = sx.tokens(rest)
        handler = COMMANDS.get(verb)
        if handler is not None:
            return handler(self, toks, file, line_no, state)
        if verb in SKIPPED_COMMANDS:
            self.notes.append(f"{Path(file).name}:{line_no}: '{head}' skipped (report command)")
            return None
        raise sx.fail(f"unsupported command '{head}'", file, line_no)

    def _more(self, toks: list, file: str, line_no: int, state: dict) -> None:
        self._props(self._need_active(file, line_no), toks, file, line_no)

    def _set_all(self, toks: list, file: str, line_no: int, state: dict) -> None:
        for name, value in toks:
            self._set(name, value, file, line_no)

    def _solve(self, toks: list, file: str, line_no: int, state: dict) -> None:
        """Solve: the solution itself runs once, on the final state (run_unbalanced); options are kept."""
        for name, value in toks:
            self._set(name or "mode", value, file, line_no)

    # ----- objects
    def _need_active(self, file: str, line_no: int) -> DssObject:
        if self.active is None:
            raise sx.fail("'~' continues no element", file, line_no)
        return self.active

    def _split_name(self, spec: str, file: str, line_no: int) -> tuple[str, str]:
        cls, _, name = spec.strip().partition(".")
        cls = ALIASES.get(cls.lower(), cls.lower())
        if not name:
            raise sx.fail(f"'{spec}': expected Class.name", file, line_no)
        return cls, name.lower()

    def _new(self, toks: list, file: str, line_no: int) -> None:
        if not toks:
            raise sx.fail("New needs Class.name", file, line_no)
        (key, spec), rest = toks[0], toks[1:]
        if key not in (None, "object"):
            raise sx.fail("New needs Class.name first", file, line_no, key)
        raw_cls = spec.partition(".")[0].lower()
        cls, name = self._split_name(spec, file, line_no)
        if cls in SKIPPED_CLASSES:
            self.active = None
            self.notes.append(f"{Path(file).name}:{line_no}: {raw_cls} '{name}' skipped (no effect on a snapshot)")
            return
        if cls not in CLASSES:
            raise sx.fail(f"unsupported element class '{raw_cls}'", file, line_no)
        if raw_cls == "circuit":
            self.name = name
            name = "source"
        obj = CLASSES[cls](name)
        if isinstance(obj, Line):
            obj.earth = self.earth_model  # OpenDSS: Set EarthModel applies to lines defined after it
        self.objects[cls][name] = obj
        self.where[(cls, name)] = (file, line_no)
        self.created.setdefault((cls, name), len(self.created))
        self.active = obj
        self._props(obj, rest, file, line_no)

    def _edit(self, toks: list, file: str, line_no: int) -> None:
        if not toks:
            raise sx.fail("Edit needs Class.name", file, line_no)
        cls, name = self._split_name(toks[0][1], file, line_no)
        obj = self._find(cls, name, file, line_no)
        if obj is not None:
            self._props(obj, toks[1:], file, line_no)

    def _find(self, cls: str, name: str, file: str, line_no: int) -> DssObject | None:
        if cls in SKIPPED_CLASSES:
            return None
        if cls == "circuit":
            cls, name = "vsource", "source"
        obj = self.objects.get(cls, {}).get(name)
        if obj is None:
            raise sx.fail(f"unknown element {cls}.{name}", file, line_no)
        self.active = obj
        return obj

    def _dotted(self, line: str, file: str, line_no: int) -> None:
        toks = sx.tokens(line)
        key, value = toks[0]
        if key is None:
            cls, name = self._split_name(value, file, line_no)
            obj = self._find(cls, name, file, line_no)
            rest = toks[1:]
        else:
            parts = key.split(".")
            if len(parts) != 3:
                raise sx.fail(f"'{key}': expected Class.name.property=value", file, line_no)
            obj = self._find(ALIASES.get(parts[0], parts[0]), parts[1], file, line_no)
            rest = [(parts[2], value)] + toks[1:]
        if obj is not None:
            self._props(obj, rest, file, line_no)

    def _props(self, obj: DssObject, toks: list, file: str, line_no: int) -> None:
        for name, value in toks:
            try:
                prop = obj.resolve(name)
            except KeyError:
                raise sx.fail(f"unknown property '{name}' of {obj.kind}.{obj.name}", file, line_no, name) from None
            except ValueError as exc:
                raise sx.fail(f"{obj.kind}.{obj.name}: {exc}", file, line_no, value) from None
            try:
                obj.set(prop, value, self)
            except KeyError:
                raise sx.fail(f"property '{prop}' of {obj.kind}.{obj.name} is not supported", file, line_no,
                              prop) from None
            except (ValueError, OverflowError, IndexError, ZeroDivisionError) as exc:
                raise sx.fail(f"{obj.kind}.{obj.name}: {exc}", file, line_no, prop) from None

    # ----- options and files
    def _set(self, name: str | None, value: str, file: str, line_no: int) -> None:
        key = (name or "").lower()
        try:
            if key in OPTIONS:
                OPTIONS[key](self, value)
            elif key in SET_OPTIONS:
                self.notes.append(f"{Path(file).name}:{line_no}: Set {key} ignored")
            else:
                raise KeyError(key)
        except KeyError:
            raise sx.fail(f"unsupported option '{name}'", file, line_no, name) from None
        except ValueError as exc:
            raise sx.fail(str(exc), file, line_no, name) from None

    def _path(self, toks: list, file: str, line_no: int, base: Path) -> Path:
        if not toks:
            raise sx.fail("a file name is required", file, line_no)
        raw = toks[0][1] if toks[0][0] is None else f"{toks[0][0]}={toks[0][1]}"
        path = Path(raw)
        return path if path.is_absolute() else base / path

    def _include(self, toks: list, file: str, line_no: int, state: dict, compile_: bool) -> None:
        path = self._path(toks, file, line_no, state["base"])
        if not path.exists():
            raise sx.fail(f"cannot find '{toks[0][1]}' (looked in {path.parent})", file, line_no)
        self.run_file(path)
        if compile_:
            state["base"] = path.parent

    def _buscoords(self, toks: list, file: str, line_no: int, state: dict) -> None:
        path = self._path(toks, file, line_no, state["base"])
        try:
            text = path.read_text(errors="replace")
        except OSError as exc:
            raise sx.fail(f"cannot read bus coordinates '{path}': {exc.strerror or exc}", file, line_no) from None
        for k, raw in enumerate(text.splitlines(), 1):
            row = sx.string_list(sx.strip_comment(raw))
            if not row:
                continue
            try:
                self.coordinates[row[0].lower()] = (float(row[1]), float(row[2]))
            except (IndexError, ValueError):
                raise sx.fail("expected 'bus, x, y'", str(path), k) from None

    # ----- build
    def terminal(self, spec: str | None, n_phases: int, extra: int, *, ground_default: bool = False,
                 transformer_conn: str | None = None, load_conn: str | None = None) -> m.Terminal:
        """Bus spec with OpenDSS's default nodes: phases 1..n, then 0 for further conductors."""
        if spec is None:
            raise ValueError("a bus is required")
        name, given = sx.bus_spec(spec)
        if load_conn == "delta":
            nconds = n_phases + 1 if n_phases < 3 else 3
        elif load_conn == "wye":
            nconds = n_phases + 1
        else:
            nconds = n_phases + extra
        defaults = [(j if j <= n_phases and not ground_default else 0) for j in range(1, nconds + 1)]
        if load_conn == "delta":
            defaults = list(range(1, nconds + 1))
        nodes = (given + defaults[len(given):])[:nconds]
        return m.Terminal(bus=name, nodes=nodes)

    def build(self) -> m.Feeder:
        data: dict = {}
        built: dict[tuple[str, str], object] = {}
        for kind, field in BUILD_ORDER:
            items = []
            for name, obj in self.objects[kind].items():
                file, line_no = self.where[(kind, name)]
                try:
                    items.append(obj.build(self))
                except GridSolveError:
                    raise
                except Exception as exc:  # pydantic ValidationError or ValueError: name the element
                    msg = _validation_message(exc)
                    raise ParseError(f"{kind}.{name}: {msg}", file=file, line=line_no) from None
                built[(kind, name)] = items[-1]
            data[field] = items
        if not data["sources"]:
            raise ParseError("the script defines no circuit (New Circuit.name)")
        trs = {t.id: t for t in data["transformers"]}
        for rc in self.objects["regcontrol"].values():
            assert isinstance(rc, RegControl)
            if rc.tapnum is not None and rc.values.get("transformer") in trs:
                tr = trs[rc.values["transformer"]]
                w = tr.windings[rc.values.get("winding", 1) - 1]
                inc = (w.max_tap_pu - w.min_tap_pu) / w.num_taps
                w.tap_pu = min(max(rc.tapnum * inc + (w.max_tap_pu + w.min_tap_pu) / 2, w.min_tap_pu), w.max_tap_pu)
        return m.Feeder(name=self.name, base_frequency_hz=self.frequency, voltage_bases_kv=self.voltage_bases,
                        bus_order=self._bus_order(built),
                        settings=m.SolveSettings(**self.settings), coordinates=self.coordinates, notes=self.notes,
                        **data)


    def _bus_order(self, built: dict) -> list[str]:
        """Buses in the order their elements were defined (OpenDSS's bus list order)."""
        order: dict[str, None] = {}
        for key in sorted(built, key=lambda k: self.created[k]):
            for term in _terminals(built[key]):
                order.setdefault(term.bus)
        return list(order)


def _terminals(el_model) -> list[m.Terminal]:
    if isinstance(el_model, m.Source):
        return [el_model.terminal]
    if isinstance(el_model, m.Line):
        return [el_model.bus1, el_model.bus2]
    if isinstance(el_model, m.Transformer):
        return [w.terminal for w in el_model.windings]
    if isinstance(el_model, m.Capacitor):
        return [el_model.bus1]
    if isinstance(el_model, m.Load):
        return [el_model.terminal]
    return []


def _control_mode(script: Script, value: str) -> None:
    mode = value.strip().lower()
    if mode not in ("static", "off", "event", "time"):
        raise ValueError(f"unknown control mode '{value}'")
    if mode in ("event", "time"):
        raise ValueError(f"control mode '{value}' is not supported (static or off)")
    script.settings["control_mode"] = mode


def _mode(script: Script, value: str) -> None:
    if value.strip().lower() not in ("snapshot", "snap", "s"):
        raise ValueError(f"solution mode '{value}' is not supported (snapshot only)")


def _setting(key: str, parse: Callable[[str], object]) -> Callable[[Script, str], None]:
    return lambda script, value: script.settings.__setitem__(key, parse(value))


def _frequency(script: Script, value: str) -> None:
    script.frequency = sx.number(value)


OPTIONS: dict[str, Callable[[Script, str], None]] = {
    "voltagebases": lambda script, value: setattr(script, "voltage_bases", sx.numbers(value)),
    "controlmode": _control_mode, "mode": _mode, "tolerance": _setting("tolerance_pu", sx.number),
    "maxiterations": _setting("max_iterations", sx.integer), "maxiter": _setting("max_iterations", sx.integer),
    "maxcontroliter": _setting("max_control_iterations", sx.integer), "loadmult": _setting("load_mult", sx.number),
    "defaultbasefrequency": _frequency, "basefrequency": _frequency,
    "earthmodel": lambda script, value: setattr(script, "earth_model", earth_model(value)),
    "algorithm": lambda script, value: None,
}
COMMANDS = {
    "more": Script._more, "m": Script._more, "new": lambda sc, t, f, n, st: sc._new(t, f, n),
    "edit": lambda sc, t, f, n, st: sc._edit(t, f, n), "clear": lambda sc, t, f, n, st: sc.clear(),
    "set": Script._set_all, "opt": Script._set_all, "option": Script._set_all,
    "redirect": lambda sc, t, f, n, st: sc._include(t, f, n, st, False),
    "compile": lambda sc, t, f, n, st: sc._include(t, f, n, st, True), "solve": Script._solve,
    # bases are computed at solve time from the final network (OpenDSS's no-load snapshot)
    "calcvoltagebases": lambda sc, t, f, n, st: None, "calcv": lambda sc, t, f, n, st: None,
    "buscoords": Script._buscoords,
}


def _validation_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        err = errors()[0]
        loc = ".".join(str(p) for p in err.get("loc", ()))
        return f"{loc}: {pydantic_message(err)}" if loc else pydantic_message(err)
    return str(exc)


def read_opendss(path_or_text: str | Path, base_dir: str | Path | None = None) -> m.Feeder:
    """Run an OpenDSS script (a path, or the script text with `base_dir` for its Redirects) into a Feeder."""
    script = Script()
    is_path = isinstance(path_or_text, Path) or ("\n" not in path_or_text and Path(path_or_text).suffix.lower()
                                                 in (".dss", ".txt") and Path(path_or_text).exists())
    with boundary(str(path_or_text) if is_path else "<text>"):
        if is_path:
            script.run_file(Path(path_or_text))
        else:
            script.run_text(str(path_or_text), "<text>", Path(base_dir) if base_dir else Path.cwd())
        return script.build()

