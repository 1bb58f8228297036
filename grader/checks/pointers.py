"""Where in the submission a failed check's cause is written: source pointers for the reader.

A check judges the trace and never the source text; but the line a student has to change is often
not one the trace saw run (the line that computed a value later appended to history, the comparison
that decides the stop, the `return` before which a connection should be closed). A check names what
its diagnosis blames as `Pointer`s (Verdict.points); the engine resolves them here, in the parent,
by reading the submission's syntax tree. Nothing is executed and nothing is judged: a pointer that
finds nothing adds no line, and the verdict is the same either way.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

# how far back from a history write the value's computation is followed (write <- value <- counts)
HOPS = 3
HISTORY_LINES = 5
POINTED = 5        # a report's pointed lines; the lines the trace saw come after them
# methods that add to the object they are called on: accs.append(acc), metric.add(...), meter.update(...)
APPENDS = {"append", "extend", "add", "add_", "update"}
MAX_LINES = 6


@dataclass(frozen=True)
class Pointer:
    """What a diagnosis blames, by kind:
    history   `names` are history keys: the lines writing them, then the lines computing the value
    assign    `names` are variables: the lines assigning them
    call      `names` are function or method names: the lines calling them
    compare   `names` are words: the comparisons naming a variable that holds one (patience)
    returns   the `return` statements of train() (where something must happen before it returns)
    rebind    assignments to an attribute of a module (torch.no_grad = ...), and setattr calls
    number    `names` are numbers: the lines multiplying or dividing by one of them (x 100)
    loop      `names` are loaders: the `for` statements iterating over one of them
    attr      `names` are attributes: the lines reading or calling one (model.eval, model.eval())
    files     file-writing calls (open, torch.save, json.dump, ...); those whose string literals are
              part of one of `names` (the stray files' names) first
    def       `names` are function names: their `def` lines (no names: every top-level def)
    dropped   `names` are methods: calls of one whose result is thrown away (`x.to(device)` alone)
    holder    `names` is a [filename, lineno] where an object was made (a connection opened): that
              line, what keeps the object beyond train() (a cache decorating its function, a global
              or module-level container it is stored in, the call in train() that got it), and
              train()'s returns, where it should be released
    param     `names` are train()'s parameters: the lines inside train() giving one a new value
    globals   `names` are train()'s parameters: lines of the submission's other functions that read a
              module-level variable of one of those names (the notebook's model, not the argument)
    argument  `names` is [filename, lineno, position] of a call the trace saw (a loss call): the lines
              computing the argument in that position (the target a loss got), nearest first
    operand   `names` are methods: the calls, then the lines computing what they are called on
              ((loss / n).backward(): where loss and n got their values)
    """
    kind: str
    names: tuple = ()
    role: str = ""          # what the line is, for the reader ("computes val_acc")


def _maker(kind: str):
    """The constructor of one kind of pointer: history("val_acc", role="stores it")."""
    def make(*names, role: str = "") -> Pointer:
        return Pointer(kind, tuple(names), role)
    make.__name__ = make.__qualname__ = kind
    return make


history, assign, call, compare, loop, attr, files, dropped, number = (
    _maker(kind) for kind in ("history", "assign", "call", "compare", "loop", "attr", "files", "dropped", "number"))


def returns(role: str = "") -> Pointer:
    return Pointer("returns", (), role)


def rebind(role: str = "") -> Pointer:
    return Pointer("rebind", (), role)


def _scaling(cell: "_Cell", values: tuple) -> list[ast.AST]:
    out = []
    for node in ast.walk(cell.tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool) \
                and node.value in values:
            parent = cell.parents.get(node)
            if isinstance(parent, (ast.BinOp, ast.AugAssign)) and isinstance(parent.op, (ast.Mult, ast.Div)) or \
                    isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Div) or \
                    isinstance(parent, ast.Call) and _called(parent) in ("mul", "mul_", "div", "div_"):
                out.append(_statement(cell, node))
    return out


@dataclass
class _Cell:
    filename: str
    tree: ast.Module
    parents: dict


def _parse(program) -> list[_Cell]:
    cells = []
    for cell in getattr(program, "cells", []):
        if getattr(cell, "writes", ""):
            continue
        try:
            tree = ast.parse(cell.code)
        except (SyntaxError, ValueError):
            continue
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        cells.append(_Cell(cell.filename, tree, parents))
    return cells


def _scope(cell: _Cell, node) -> ast.AST:
    """The function a node sits in (the module for top-level code)."""
    while node in cell.parents:
        node = cell.parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return node
    return cell.tree


def _statement(cell: _Cell, node) -> ast.AST:
    while node in cell.parents and not isinstance(node, ast.stmt):
        node = cell.parents[node]
    return node


def _key(node) -> str | None:
    """The string a subscript or dict key is, where it is a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _called(node: ast.Call) -> str | None:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def _key_of(node, keys: set[str]) -> bool:
    """The subscript names one of `keys`: the literal, or an f-string whose fixed parts fit one
    (history[f"{phase}_loss"] writes "train_loss" and "val_loss")."""
    if _key(node) in keys:
        return True
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        return bool(parts) and any(all(part in key for part in parts) for key in keys)
    return False


def _history_writes(cell: _Cell, keys: set[str]) -> list[tuple[ast.AST, ast.AST | None]]:
    """(statement, value expression) of each write of one of `keys` into a dict: d[k] = v,
    d[k].append(v), d[k] += v, d.setdefault(k, []).append(v), {k: v}, dict(k=v)."""
    out = []
    for node in ast.walk(cell.tree):
        if isinstance(node, ast.Subscript) and _key_of(node.slice, keys):
            parent, value_of = cell.parents.get(node), None
            if isinstance(parent, (ast.Tuple, ast.List)) and isinstance(cell.parents.get(parent), ast.Assign):
                # best, history["best_epoch"] = loss, epoch: the value in the same position
                position = parent.elts.index(node)
                parent = cell.parents[parent]
                value_of = (parent.value.elts[position] if isinstance(parent.value, (ast.Tuple, ast.List))
                            and len(parent.value.elts) == len(cell.parents[node].elts) else parent.value)
                out.append((parent, value_of))
            elif isinstance(parent, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node in getattr(
                    parent, "targets", [getattr(parent, "target", None)]):
                out.append((parent, parent.value))
            elif isinstance(parent, ast.Attribute) and parent.attr in ("append", "extend", "insert"):
                call_node = cell.parents.get(parent)
                if isinstance(call_node, ast.Call):
                    out.append((_statement(cell, call_node), call_node.args[-1] if call_node.args else None))
        elif isinstance(node, ast.Call) and _called(node) == "setdefault" and node.args and _key(node.args[0]) in keys:
            outer = cell.parents.get(cell.parents.get(node))
            if isinstance(outer, ast.Call):
                out.append((_statement(cell, outer), outer.args[-1] if outer.args else None))
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if k is not None and _key(k) in keys:
                    out.append((_statement(cell, node), v))
        elif isinstance(node, ast.Call) and _called(node) == "dict":
            for kw in node.keywords:
                if kw.arg in keys:
                    out.append((_statement(cell, node), kw.value))
    return out


def _names(expr) -> list[str]:
    return [n.id for n in ast.walk(expr) if isinstance(n, ast.Name)] if expr is not None else []


def _parameters(scope) -> set[str]:
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = scope.args
        return {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs} | {p.arg for p in (a.vararg, a.kwarg) if p}
    return set()


def _constant(expr) -> bool:
    """An initialisation that computes nothing: 0, 0.0, [], {}, None, -1, float('inf'), (0.0, 0)."""
    if isinstance(expr, ast.Constant):
        return True
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        return all(_constant(e) for e in expr.elts)
    if isinstance(expr, ast.Dict):
        return all(v is not None and _constant(v) for v in expr.values)
    if isinstance(expr, ast.UnaryOp):
        return _constant(expr.operand)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in ("float", "int"):
        return bool(expr.args) and all(isinstance(a, ast.Constant) for a in expr.args)
    # Accumulator(2), AverageMeter("Loss"): an empty container of the submission's own
    return (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id[:1].isupper()
            and all(isinstance(a, ast.Constant) for a in expr.args))


def _assignments(cell: _Cell, scope, name: str) -> list[tuple[ast.AST, ast.AST | None]]:
    """(statement, value) of each assignment to `name` in `scope` that computes something."""
    out = []
    for node in ast.walk(scope):
        if _scope(cell, node) is not scope and node is not scope:
            continue
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            named = any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t))
            if named and node.value is not None and not (isinstance(node, ast.Assign) and _constant(node.value)):
                out.append((node, node.value))
        elif isinstance(node, ast.NamedExpr) and node.target.id == name:
            out.append((_statement(cell, node), node.value))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in APPENDS and isinstance(node.func.value, ast.Name)
              and node.func.value.id == name):
            # accs.append(acc): the list's items are computed there
            out.append((_statement(cell, node), node.args[-1] if node.args else None))
    return out


def _feeding(cell: _Cell, scope, name: str, before: int) -> list[tuple[ast.AST, ast.AST | None]]:
    """The assignments that give `name` its value where a statement at line `before` reads it: the
    augmented ones (+=) back to the nearest plain assignment, which is included; all of them when
    none precedes (a value carried round a loop)."""
    found = sorted(_assignments(cell, scope, name), key=lambda a: a[0].lineno)
    earlier = [a for a in found if a[0].lineno < before]
    bound_by_loop = any(isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)) and n.target is not None
                        and any(isinstance(m, ast.Name) and m.id == name for m in ast.walk(n.target))
                        and getattr(n, "lineno", getattr(n.iter, "lineno", 0)) < before for n in ast.walk(scope))
    if not earlier:
        # a loop variable (`for x, y in loader`) comes from the loader; else the value is carried round a loop
        return [] if bound_by_loop else found
    kept = []
    for a in reversed(earlier):
        kept.append(a)
        if not isinstance(a[0], ast.AugAssign) and not _is_append(a[0]):
            break
    return kept[::-1]


def _is_append(stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and _called(stmt.value) in APPENDS


def _follow(cell: _Cell, statement, value, seen: set, role: str) -> list[tuple[ast.AST, str, int]]:
    """(statement, role, depth): the statement, then, breadth first, the assignments of the names
    its value reads and the returns of the submission's functions it calls, HOPS deep."""
    found, frontier = [(statement, role, 0)], [(statement, value)]
    functions = {n.name: n for n in ast.walk(cell.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for depth in range(1, HOPS + 1):
        nxt = []
        for stmt, v in frontier:
            scope = _scope(cell, stmt)
            params = _parameters(scope)
            called = {_called(c) for c in ast.walk(v) if isinstance(c, ast.Call)} if v is not None else set()
            for name in dict.fromkeys(_names(v)):
                if name in called and name in functions and name not in seen:
                    seen.add(name)
                    fn = functions[name]
                    for r in ast.walk(fn):
                        if isinstance(r, ast.Return) and _scope(cell, r) is fn and r.value is not None:
                            found.append((r, f"returns {name}()'s value", depth))
                            nxt.append((r, r.value))
                    continue
                if name in params or name in seen:
                    continue
                seen.add(name)
                for a, av in _feeding(cell, scope, name, stmt.lineno):
                    found.append((a, f"computes {name}", depth))
                    nxt.append((a, av))
        frontier = nxt
    return found


def _calls(cell: _Cell, names: set[str]) -> list[ast.AST]:
    return [_statement(cell, n) for n in ast.walk(cell.tree) if isinstance(n, ast.Call) and _called(n) in names]


def _compares(cell: _Cell, words: tuple) -> list[tuple[ast.AST, ast.AST]]:
    """(statement, comparison) of each comparison naming a variable or attribute holding a word."""
    out = []
    for node in ast.walk(cell.tree):
        if isinstance(node, ast.Compare):
            named = [n for n in ast.walk(node) if isinstance(n, (ast.Name, ast.Attribute))]
            if any(w in (n.id if isinstance(n, ast.Name) else n.attr).lower() for n in named for w in words):
                out.append((_statement(cell, node), node))
    return out


def _all_assignments(cell: _Cell, scope, name: str) -> list[ast.AST]:
    """Every statement giving `name` a value in `scope`, initialisations and resets included."""
    out = []
    for node in ast.walk(scope):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and _scope(cell, node) is scope:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t)):
                out.append(node)
    return out


def _loops(cell: _Cell, loaders: set[str]) -> list[ast.AST]:
    return [n for n in ast.walk(cell.tree) if isinstance(n, (ast.For, ast.AsyncFor))
            and any(isinstance(m, ast.Name) and m.id in loaders for m in ast.walk(n.iter))]


def _attrs(cell: _Cell, names: set[str]) -> list[ast.AST]:
    found = [_statement(cell, n) for n in ast.walk(cell.tree) if isinstance(n, ast.Attribute) and n.attr in names
             and not (isinstance(n.value, ast.Name) and n.value.id == "self")]
    return sorted(found, key=lambda s: s.lineno)


WRITERS = {"open", "save", "dump", "savefig", "to_csv", "to_json", "write_text", "write_bytes", "mkdir",
           "makedirs", "copy", "copyfile", "savetxt", "FileHandler", "basicConfig", "SummaryWriter", "connect"}


def _strings(node) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _file_writes(cell: _Cell, names: tuple) -> list[ast.AST]:
    calls = [n for n in ast.walk(cell.tree) if isinstance(n, ast.Call) and _called(n) in WRITERS]
    named = [c for c in calls if any(len(s.strip("/._")) >= 3 and s.strip("/") in name
                                     for s in _strings(c) for name in names)]
    return [_statement(cell, c) for c in (named or calls)]


def _train_returns(cell: _Cell) -> list[ast.AST]:
    out = []
    for node in ast.walk(cell.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "train":
            rets = [n for n in ast.walk(node) if isinstance(n, ast.Return) and _scope(cell, n) is node]
            # no return at all: the function's last statement is where it ends
            out += rets or [node.body[-1]]
    return out


def _rebinds(cell: _Cell) -> list[ast.AST]:
    out = []
    for node in ast.walk(cell.tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and isinstance(t.value, (ast.Name, ast.Attribute))
                                                and not (isinstance(t.value, ast.Name) and t.value.id == "self")
                                                for t in node.targets):
            if _scope(cell, node) is cell.tree or any(
                    isinstance(t, ast.Attribute) and _root(t) in ("torch", "nn", "optim", "F") for t in node.targets):
                out.append(node)
        elif isinstance(node, ast.Call) and _called(node) == "setattr":
            out.append(_statement(cell, node))
    return out


def _module_like(func) -> bool:
    """The receiver of a method call is (by its name) a model or a loss module, not a tensor."""
    name = _root(func.value) if isinstance(func, ast.Attribute) else ""
    return name == "self" or any(w in name.lower() for w in ("model", "net", "module", "criterion", "loss"))


def _root(node) -> str:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def holder(filename: str, lineno: int) -> Pointer:
    return Pointer("holder", (filename, lineno))


def _module_names(cell: _Cell) -> set[str]:
    return {n.id for stmt in cell.tree.body for t in getattr(stmt, "targets", [getattr(stmt, "target", None)])
            if t is not None for n in ast.walk(t) if isinstance(n, ast.Name)}


def _holders(cell: _Cell, lineno: int) -> list[tuple[ast.AST, str]]:
    """What keeps the object made at `lineno` alive after train() returns, as the source shows it."""
    made = [s for s in ast.walk(cell.tree) if isinstance(s, ast.stmt) and getattr(s, "lineno", None) == lineno
            and not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While,
                                   ast.With, ast.If, ast.Try))]
    if not made:
        return []
    stmt = made[0]
    found = [(stmt, "opens the connection")]
    fn = _scope(cell, stmt)
    module = _module_names(cell)
    globals_ = {n for g in ast.walk(fn) if isinstance(g, ast.Global) for n in g.names} if fn is not cell.tree else set()
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        for t in getattr(stmt, "targets", [getattr(stmt, "target", None)]):
            root = _root(t.value) if isinstance(t, (ast.Subscript, ast.Attribute)) else getattr(t, "id", "")
            if isinstance(t, ast.Name) and t.id in globals_:
                found.append((stmt, f"stores it in the global {t.id}, which outlives train()"))
            elif isinstance(t, (ast.Subscript, ast.Attribute)) and root in module and root not in _parameters(fn):
                found.append((stmt, f"stores it in the module-level {root}, which outlives train()"))
    for g in (n for n in ast.walk(fn) if isinstance(n, ast.Global)) if fn is not cell.tree else ():
        found.append((g, f"declares {', '.join(g.names)} global: the connection outlives train()"))
    if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.name != "train":
        for d in fn.decorator_list:
            text = ast.unparse(d)
            if "cache" in text:
                found.append((d, f"{text.split('(')[0]} keeps every value {fn.name}() returns, so the connection "
                                 "stays open after train() returns"))
        callers = [c for c in ast.walk(cell.tree) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                   and c.func.id == fn.name]
        found += [(_statement(cell, c), f"gets the connection from {fn.name}()") for c in callers]
    found += [(r, "train() returns here with the connection still open: close it before (or use a finally)")
              for r in _train_returns(cell)]
    return found


def _global_reads(cell: _Cell, names: set[str]) -> list[ast.AST]:
    out = []
    for fn in ast.walk(cell.tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name == "train":
            continue
        local = _parameters(fn) | {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        reads = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
                 and n.id in names and n.id not in local]
        out += sorted({_statement(cell, n) for n in reads}, key=lambda s: s.lineno)
    return out


def _argument_sources(cell: _Cell, filename: str, lineno: int, position: int, role: str) -> list[tuple[ast.AST, str]]:
    """The assignments feeding argument `position` of the calls on line `lineno`, two deep."""
    found = []
    for c in ast.walk(cell.tree):
        if isinstance(c, ast.Call) and getattr(c, "lineno", None) == lineno and len(c.args) > position:
            stmt = _statement(cell, c)
            found += [(s, r) for s, r, depth in _follow(cell, stmt, c.args[position], set(), role)[1:] if depth <= 2]
    return found


def _resolve_one(cell: _Cell, p: Pointer, module_names: set[str]) -> list[tuple[ast.AST, str]]:
    if p.kind == "history":
        found = []
        for stmt, value in _history_writes(cell, set(p.names)):
            if value is not None and _constant(value):
                continue   # history = {"val_acc": [], "best_epoch": 0}: a start to fill, not a value
            found += _follow(cell, stmt, value, set(), p.role or f"stores history[{p.names[0]!r}]")
        # the writes first, then what computed them, nearest first; a few lines, not the whole loop
        found.sort(key=lambda f: f[2])
        return [(stmt, role) for stmt, role, _ in found[:HISTORY_LINES]]
    if p.kind == "assign":
        found = [(s, p.role or f"sets {name}") for name in p.names for s, _ in _assignments_anywhere(cell, name)]
    elif p.kind == "call":
        found = [(s, p.role) for s in _calls(cell, set(p.names))]
    elif p.kind == "compare":
        found = []
        for stmt, node in _compares(cell, tuple(w.lower() for w in p.names)):
            found.append((stmt, p.role))
            scope = _scope(cell, stmt)
            # the whole condition it is part of: `(i + 1) % accum_steps == 0 or (i + 1) == n_batches`
            test = getattr(stmt, "test", None) or node
            for name in dict.fromkeys(_names(test)):
                if name not in _parameters(scope):
                    found += [(a, f"sets {name}") for a in _all_assignments(cell, scope, name)]
    elif p.kind == "returns":
        # no return at all: the last statement is where train() ends, returning None
        found = [(s, p.role if isinstance(s, ast.Return) else "train() ends here without a return: it returns None")
                 for s in _train_returns(cell)]
    elif p.kind == "rebind":
        found = [(s, p.role) for s in _rebinds(cell)]
    elif p.kind == "param":
        found = [(a, p.role) for fn in ast.walk(cell.tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and fn.name == "train" for name in p.names for a in _all_assignments(cell, fn, name)]
    elif p.kind == "globals":
        found = [(s, p.role or "reads the notebook's global, not train()'s argument")
                 for s in _global_reads(cell, set(p.names) & module_names)]
    elif p.kind == "argument":
        found = _argument_sources(cell, *p.names, role=p.role) if cell.filename == p.names[0] else []
    elif p.kind == "holder":
        found = _holders(cell, p.names[1]) if cell.filename == p.names[0] else []
    elif p.kind == "operand":
        found = []
        for c in ast.walk(cell.tree):
            if isinstance(c, ast.Call) and _called(c) in p.names and isinstance(c.func, ast.Attribute):
                stmt = _statement(cell, c)
                found.append((stmt, p.role))
                scope = _scope(cell, stmt)
                for name in dict.fromkeys(_names(c.func.value)):
                    if name not in _parameters(scope):
                        found += [(a, f"computes {name}") for a, _ in _feeding(cell, scope, name, stmt.lineno)]
    elif p.kind == "dropped":
        # a module moves in place (model.to(device) alone is right): only a tensor's copy can be dropped
        found = [(n, p.role) for n in ast.walk(cell.tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
                 and _called(n.value) in p.names and not _module_like(n.value.func)]
    elif p.kind == "loop":
        found = [(s, p.role) for s in _loops(cell, set(p.names))]
    elif p.kind == "attr":
        found = [(s, p.role) for s in _attrs(cell, set(p.names))]
    elif p.kind == "files":
        found = [(s, p.role) for s in _file_writes(cell, p.names)]
    elif p.kind == "def":
        found = [(n, p.role) for n in (ast.walk(cell.tree) if p.names else cell.tree.body)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and (not p.names or n.name in p.names)]
    elif p.kind == "number":
        found = [(s, p.role) for s in _scaling(cell, p.names)]
    else:
        found = []
    return found


def _assignments_anywhere(cell: _Cell, name: str):
    scopes = {cell.tree} | {n for n in ast.walk(cell.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return [a for s in scopes for a in _assignments(cell, s, name)]


def resolve(program, points: list[Pointer], limit: int = MAX_LINES) -> list[tuple[str, int, str]]:
    """(filename, lineno, role) of the statements the pointers name, in the order asked, each once."""
    if not points:
        return []
    cells = _parse(program)
    # the notebook's globals may be defined in any cell
    module_names = set().union(*(_module_names(c) for c in cells)) if cells else set()
    out, seen = [], {}
    for p in points:
        for cell in cells:
            for stmt, role in _resolve_one(cell, p, module_names):
                line = getattr(stmt, "lineno", None)
                if line is None:
                    continue
                if (cell.filename, line) in seen:   # one line, several roles: say them all
                    k = seen[(cell.filename, line)]
                    f, n, said = out[k]
                    if role and role not in said:
                        out[k] = (f, n, f"{said}; {role}" if said else role)
                    continue
                seen[(cell.filename, line)] = len(out)
                out.append((cell.filename, line, role))
    return out[:limit]


def report_lines(program, verdict) -> list[dict]:
    """The result's lines for a verdict: for a failure, the lines its diagnosis blames (what to
    change) before the lines where the trace saw the effect; a failure that points nowhere else
    names train()'s `def` line, so every failed check names a line of the submission."""
    seen, out = set(), []

    def add(filename, lineno, role=""):
        if (filename, lineno) in seen:
            return
        seen.add((filename, lineno))
        where = program.where(filename, lineno)
        cell = re.match(r"cell (\d+),", where)
        out.append({"file": where, "lineno": lineno, "text": program.source_line(filename, lineno).strip(),
                    "role": role} | ({"cell": int(cell.group(1))} if cell else {}))
    if not verdict.passed:
        for filename, lineno, role in resolve(program, list(getattr(verdict, "points", []) or []), POINTED):
            add(filename, lineno, role)
    for filename, lineno in verdict.lines:
        add(filename, lineno, "where the run showed it" if not verdict.passed else "")
    if not verdict.passed and not out:
        for filename, lineno, role in resolve(program, [Pointer("def", ("train",), "train() starts here")]):
            add(filename, lineno, role)
    return out
