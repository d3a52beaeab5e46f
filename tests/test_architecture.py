"""The floor plan holds: imports follow the arrows of ARCHITECTURE.md (import-linter's
contracts in pyproject.toml), every module of crm is spine or composition root, and no
module takes part in an import cycle, not even through an import inside a function."""

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
APPS = ("crm", "agents", "projects", "regional_assessments", "cms")
COMPOSITION_ROOT = {"crm.settings", "crm.urls", "crm.asgi", "crm.routing", "crm.celery", "crm.wsgi"}

# Cycles another change removes (calendar: crm.calendar's recompute task and the code that
# queues it, reworked by the clock's change). Each entry is the exact set of modules of one
# cycle; any other cycle, or this one grown, fails.
KNOWN_CYCLES: list[frozenset[str]] = []


# Imports through an app's model registry (``projects.models``, ``regional_assessments.models``)
# that go against the topics' layers, known today: (importing module, model name). The hand-over
# of a project follows its cases (investment reads ProxyCase).
KNOWN_REGISTRY_IMPORTS = {
    ("projects.investment.selectors", "ProxyCase"),
    # The catalogue's admin offers the project types (an enterprise topic's choices) as the
    # checkboxes of "通常需要的项目类型"; the catalogue's model stores their values only.
    ("projects.catalogue.admin", "ProjectType"),
}
TOPIC_CONTRACTS = {"projects": "projects-topics", "regional_assessments": "regional-assessments-topics"}


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def test_imports_follow_the_dependency_direction():
    """`lint-imports` keeps every contract (imports inside functions included)."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"


def test_every_module_of_crm_is_spine_or_composition_root():
    """A new module of crm must say which it is: the spine contract lists the spine."""
    crm = ROOT / "crm"
    children = {
        f"crm.{path.stem}"
        for path in crm.iterdir()
        if (path.suffix == ".py" and path.name != "__init__.py") or (path / "__init__.py").exists()
    }
    contracts = _contracts()
    spine = set(contracts["spine"]["source_modules"])
    assert children == spine | COMPOSITION_ROOT
    assert not spine & COMPOSITION_ROOT
    assert set(contracts["root"]["forbidden_modules"]) == COMPOSITION_ROOT
    assert set(contracts["root"]["source_modules"]) == spine | set(APPS[1:])


def _top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def test_imports_through_the_model_registry_follow_the_topics_layers():
    """``from projects.models import X`` hides which topic X belongs to from lint-imports
    (the registry imports every topic); here each name is traced to its topic's models."""
    wrong = []
    for app, contract_id in TOPIC_CONTRACTS.items():
        layers = [[topic.strip() for topic in layer.split("|")] for layer in _contracts()[contract_id]["layers"]]
        level = {topic: index for index, layer in enumerate(layers) for topic in layer}  # 0: the top
        home = {}
        for topic in level:
            for models in sorted((ROOT / app / topic).rglob("models.py")):
                home.update(dict.fromkeys(_top_level_names(models), topic))
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT / app).parts
            if len(parts) < 2 or parts[0] not in level:
                continue
            topic, module = parts[0], ".".join((app, *path.relative_to(ROOT / app).with_suffix("").parts))
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == f"{app}.models"):
                    continue
                for alias in node.names:
                    other = home.get(alias.name)
                    if other is None or other == topic or level[topic] < level[other]:
                        continue
                    if (module.removesuffix(".__init__"), alias.name) not in KNOWN_REGISTRY_IMPORTS:
                        wrong.append(f"{module} (line {node.lineno}) imports {alias.name} of {app}.{other}")
    assert not wrong, "imports against the topics' layers:\n" + "\n".join(wrong)


def _cycles(graph: grimp.ImportGraph) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan), leaving out
    the edges from a package to its own submodules (a package's __init__ importing what
    it holds is how Python packages load)."""

    def imported_by(module: str) -> list[str]:
        return sorted(
            other for other in graph.find_modules_directly_imported_by(module) if not other.startswith(module + ".")
        )

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        # Iterative depth-first walk: (module, its imports, next position).
        work = [(start, imported_by(start), 0)]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, targets, position = work[-1]
            if position < len(targets):
                work[-1] = (module, targets, position + 1)
                target = targets[position]
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, imported_by(target), 0))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_no_import_cycle_between_modules():
    sys.path.insert(0, str(ROOT))
    try:
        graph = grimp.build_graph(*APPS, cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))
    cycles = [cycle for cycle in _cycles(graph) if frozenset(cycle) not in KNOWN_CYCLES]
    lines = []
    for cycle in cycles:
        lines.append(" <-> ".join(sorted(cycle)))
        for module in sorted(cycle):
            for other in sorted(graph.find_modules_directly_imported_by(module) & cycle):
                details = graph.get_import_details(importer=module, imported=other)
                lines.append(f"    {module} -> {other} (line {', '.join(str(d['line_number']) for d in details)})")
    assert not cycles, "import cycles:\n" + "\n".join(lines)


def test_the_cycle_check_finds_a_cycle_hidden_in_a_function(tmp_path):
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("from cyclic import a\n")  # package -> own submodule: not a cycle
    (package / "a.py").write_text("import cyclic.b\n")
    (package / "b.py").write_text("def later():\n    from cyclic import a\n")
    (package / "c.py").write_text("import cyclic\n")
    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("cyclic", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path))
    assert _cycles(graph) == [{"cyclic.a", "cyclic.b"}]
