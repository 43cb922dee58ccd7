"""Apps are floors and import only downward (STYLE.md rule 2, DESIGN §3):

    accounts → core → nominations → reviews → selection → demo → bench

Every import statement of every module is read, function-local ones included, so a
module cannot reach a floor above its own by importing inside a function.
`awards_site/` is the wiring above them all, and `tests/` may import anything.
"""

import ast
from pathlib import Path

import pytest

FLOORS = (
    "accounts",
    "core",
    "nominations",
    "reviews",
    "selection",
    "records",
    "people",
    "demo",
    "bench",
)
ROOT = Path(__file__).resolve().parents[2]


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) for every absolute import in `source`, wherever it sits."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def upward_imports(app: str, source: str) -> list[str]:
    """The imports in a module of `app` that reach a floor above it."""
    floor = FLOORS.index(app)
    return [
        f"line {line}: {module}"
        for line, module in imported_modules(source)
        if module.split(".")[0] in FLOORS and FLOORS.index(module.split(".")[0]) > floor
    ]


def modules_of(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


def test_every_floor_is_a_package_with_modules():
    for app in FLOORS:
        assert (ROOT / app / "__init__.py").is_file(), app
        assert len(modules_of(app)) > 1, app


@pytest.mark.parametrize("app", FLOORS)
def test_no_module_imports_a_floor_above_its_own(app):
    offences = {
        str(path.relative_to(ROOT)): found
        for path in modules_of(app)
        if (found := upward_imports(app, path.read_text()))
    }
    assert offences == {}


def test_installed_apps_list_the_floors_in_order():
    from django.conf import settings

    ours = [app for app in settings.INSTALLED_APPS if app in FLOORS]
    assert ours == [app for app in FLOORS if app != "bench"]


def test_core_imports_no_domain_app():
    domain = {"nominations", "reviews", "selection", "demo", "bench"}
    offences = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in modules_of("core")
        for _, module in imported_modules(path.read_text())
        if module.split(".")[0] in domain
    ]
    assert offences == []


def test_the_check_sees_imports_at_module_level_and_inside_functions():
    source = (
        "from accounts.roles import Role\n"
        "import reviews.models\n"
        "def f():\n"
        "    from selection.services import announce\n"
        "    import core.links\n"
        "class C:\n"
        "    def m(self):\n"
        "        from .local import thing\n"
    )

    assert upward_imports("nominations", source) == [
        "line 2: reviews.models",
        "line 4: selection.services",
    ]
    assert upward_imports("selection", source) == []
    assert upward_imports("accounts", source) == [
        "line 2: reviews.models",
        "line 4: selection.services",
        "line 5: core.links",
    ]


def test_no_model_is_looked_up_by_name_to_dodge_the_floors():
    """`apps.get_model` outside migrations is how a lower floor reached a higher one."""
    offences = [
        str(path.relative_to(ROOT))
        for app in FLOORS
        for path in modules_of(app)
        if "migrations" not in path.parts and "get_model(" in path.read_text()
    ]
    assert offences == []
