#!/usr/bin/env python3
"""Generates tests/compat/corpus.json: schema pairs with the verdict of the reference
implementation, the official Python `avro` package's `avro.compatibility` (a port of Java's
SchemaCompatibility). Verdicts are never written by hand.

Where the Python port and Java disagree, the generator avoids the case and the Rust tests
follow Java (see tests/compat.rs):
  - Python compares a reader alias as written with the writer's full name; Java qualifies an
    unqualified alias with the reader type's namespace. Aliases here are either in the null
    namespace or fully qualified, where both agree.
  - Python's NamedSchema.name is the name as written; Java's getName() is the simple name.
    Names here are never dotted (namespaces go in "namespace").

Run: pip install avro==1.12.* && python3 tests/compat/gen_corpus.py > tests/compat/corpus.json
"""
import itertools
import json
import sys

import avro
import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

PRIMS = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]


def rec(name, fields, **extra):
    d = {"type": "record", "name": name, "fields": fields}
    d.update(extra)
    return d


def field(name, ty, **extra):
    d = {"name": name, "type": ty}
    d.update(extra)
    return d


def enum(name, symbols, **extra):
    d = {"type": "enum", "name": name, "symbols": symbols}
    d.update(extra)
    return d


def fixed(name, size, **extra):
    d = {"type": "fixed", "name": name, "size": size}
    d.update(extra)
    return d


cases = []


def add(group, reader, writer):
    cases.append((group, reader, writer))


# primitives, bare and inside a record field
for r, w in itertools.product(PRIMS, PRIMS):
    add("primitive", r, w)
    add("field-primitive", rec("R", [field("f", r)]), rec("R", [field("f", w)]))

# unions, bare and in fields
UNIONS = [["null", "int"], ["int", "null"], ["null", "long"], ["int", "string"],
          ["null", "string", "int"], ["string"], "int", "long", "string", "null", ["null", "double"]]
for r, w in itertools.product(UNIONS, UNIONS):
    add("union", r, w)
for r, w in itertools.product(UNIONS[:6], UNIONS[:6]):
    add("field-union", rec("R", [field("f", r)]), rec("R", [field("f", w)]))

# arrays and maps
ITEMS = ["int", "long", "float", "double", "string", "bytes"]
for r, w in itertools.product(ITEMS, ITEMS):
    add("array", {"type": "array", "items": r}, {"type": "array", "items": w})
    add("map", {"type": "map", "values": r}, {"type": "map", "values": w})
for a, b in itertools.permutations([{"type": "array", "items": "int"}, {"type": "map", "values": "int"}, "int", ["null", {"type": "array", "items": "int"}]], 2):
    add("container-kind", a, b)

# enums: symbols, defaults, names and aliases
ENUMS = [enum("E", ["A", "B"]), enum("E", ["A", "B", "C"]), enum("E", ["B", "A"]), enum("E", ["A"]),
         enum("E", ["A", "B"], default="A"), enum("E", ["A"], default="A"), enum("F", ["A", "B"]),
         enum("F", ["A", "B"], aliases=["E"]), enum("E", ["A", "B"], namespace="x.y"),
         enum("G", ["A", "B"], namespace="x.y", aliases=["x.y.E"])]
for r, w in itertools.product(ENUMS, ENUMS):
    add("enum", r, w)

# fixed: size, names, aliases
FIXED = [fixed("F", 4), fixed("F", 8), fixed("G", 4), fixed("G", 4, aliases=["F"]),
         fixed("F", 4, namespace="n"), fixed("H", 4, namespace="n", aliases=["n.F"])]
for r, w in itertools.product(FIXED, FIXED):
    add("fixed", r, w)
add("fixed-vs-bytes", fixed("F", 4), "bytes")
add("fixed-vs-bytes", "bytes", fixed("F", 4))

# records: added, removed, renamed fields; defaults; names; nesting
RECORDS = [
    rec("R", [field("a", "int")]),
    rec("R", [field("a", "int"), field("b", "string")]),
    rec("R", [field("a", "int"), field("b", "string", default="x")]),
    rec("R", [field("a", "int"), field("b", ["null", "string"], default=None)]),
    rec("R", [field("b", "string")]),
    rec("R", [field("a2", "int", aliases=["a"])]),
    rec("R", [field("a", "long")]),
    rec("R", []),
    rec("S", [field("a", "int")]),
    rec("S", [field("a", "int")], aliases=["R"]),
    rec("R", [field("a", "int")], namespace="com.example"),
    rec("T", [field("a", "int")], namespace="com.example", aliases=["com.example.R"]),
    rec("R", [field("a", "int"), field("e", enum("E", ["A", "B"], default="A"))]),
    rec("R", [field("a", "int"), field("n", rec("N", [field("x", "int")]))]),
    rec("R", [field("a", "int"), field("n", rec("N", [field("x", "long")]))]),
    rec("R", [field("a", "int"), field("n", rec("N", [field("x", "int"), field("y", "int", default=0)]))]),
    rec("R", [field("a", "int"), field("n", rec("N", [field("x", "int"), field("y", "int")]))]),
    rec("R", [field("a", "int"), field("items", {"type": "array", "items": rec("I", [field("q", "int")])})]),
    rec("R", [field("a", "int"), field("items", {"type": "array", "items": rec("I", [field("q", "long")])})]),
]
for r, w in itertools.product(RECORDS, RECORDS):
    add("record", r, w)

# recursive types
LIST_INT = rec("L", [field("v", "int"), field("next", ["null", "L"], default=None)])
LIST_LONG = rec("L", [field("v", "long"), field("next", ["null", "L"], default=None)])
LIST_EXTRA = rec("L", [field("v", "int"), field("w", "int", default=0), field("next", ["null", "L"], default=None)])
TREE = rec("T", [field("v", "int"), field("kids", {"type": "array", "items": "T"})])
TREE_LONG = rec("T", [field("v", "long"), field("kids", {"type": "array", "items": "T"})])
for r, w in itertools.product([LIST_INT, LIST_LONG, LIST_EXTRA], [LIST_INT, LIST_LONG, LIST_EXTRA]):
    add("recursive-list", r, w)
for r, w in itertools.product([TREE, TREE_LONG], [TREE, TREE_LONG]):
    add("recursive-tree", r, w)

# a named type defined inline on one side and referenced on the other
ADDR = rec("Addr", [field("city", "string")])
ADDR2 = rec("Addr", [field("city", "string"), field("zip", "string")])
INLINE_FIRST = rec("P", [field("home", ADDR), field("work", "Addr")])
INLINE_SECOND = rec("P", [field("work", ADDR), field("home", "Addr")])
INLINE_FIRST2 = rec("P", [field("home", ADDR2), field("work", "Addr")])
for r, w in itertools.product([INLINE_FIRST, INLINE_SECOND, INLINE_FIRST2], [INLINE_FIRST, INLINE_SECOND, INLINE_FIRST2]):
    add("named-reference", r, w)

# logical types (ignored for compatibility, as in Java)
LOGICAL = [{"type": "long", "logicalType": "timestamp-millis"}, "long", {"type": "int", "logicalType": "date"},
           "int", {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2},
           {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 4}, "bytes",
           {"type": "string", "logicalType": "uuid"}, "string"]
for r, w in itertools.product(LOGICAL, LOGICAL):
    add("logical", rec("R", [field("f", r)]), rec("R", [field("f", w)]))

# the marketplace's OrderCreated and typical evolutions
ORDER = rec("OrderCreated", [
    field("eventId", "string"),
    field("correlationId", ["null", "string"], default=None),
    field("orderId", "string"),
    field("customerId", "string"),
    field("items", {"type": "array", "items": rec("Item", [field("productId", "string"), field("quantity", "int"), field("priceCents", "int")])}),
    field("totalCents", "int"),
    field("createdAt", {"type": "long", "logicalType": "timestamp-millis"}),
], namespace="com.example.events.order")


def evolve(f):
    d = json.loads(json.dumps(ORDER))
    f(d)
    return d


EVOLUTIONS = [
    ORDER,
    evolve(lambda d: d["fields"].append(field("channel", "string", default="web"))),
    evolve(lambda d: d["fields"].append(field("channel", "string"))),
    evolve(lambda d: d["fields"].pop(1)),
    evolve(lambda d: d["fields"].__setitem__(5, field("totalCents", "long"))),
    evolve(lambda d: d["fields"].__setitem__(5, field("totalCents", "string"))),
    evolve(lambda d: d["fields"][4]["type"]["items"]["fields"].__setitem__(1, field("quantity", "long"))),
    evolve(lambda d: d["fields"].__setitem__(3, field("buyerId", "string", aliases=["customerId"]))),
    evolve(lambda d: d.__setitem__("name", "OrderPlaced")),
    evolve(lambda d: d.update({"name": "OrderPlaced", "aliases": ["com.example.events.order.OrderCreated"]})),
]
for r, w in itertools.product(EVOLUTIONS, EVOLUTIONS):
    add("order-evolution", r, w)

checker_cls = ReaderWriterCompatibilityChecker
out = []
for i, (group, r, w) in enumerate(cases):
    rs = avro.schema.parse(json.dumps(r))
    ws = avro.schema.parse(json.dumps(w))
    res = checker_cls().get_compatibility(rs, ws)
    out.append({
        "id": i,
        "group": group,
        "reader": r,
        "writer": w,
        "compatible": res.compatibility is SchemaCompatibilityType.compatible,
        "incompatibilities": sorted(t.value for t in res.incompatibilities),
    })
json.dump({"reference": f"python avro {avro.__version__} avro.compatibility", "pairs": out}, sys.stdout, indent=1)
