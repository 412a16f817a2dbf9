#!/usr/bin/env python3
"""Protobuf and JSON Schema interop with Confluent's Python client (confluent-kafka[protobuf,json,
schemaregistry] from PyPI) against `evctl dev up`. Run by tests/cli/python_interop.rs:
argv = evctl binary, bootstrap servers, registry URL, a scratch folder, a topic prefix.

The message classes are built at run time from descriptors (no protoc): the .proto text is
registered with evctl's registry, read back with ?format=serialized (a FileDescriptorProto) and
loaded into Python's descriptor pool.

1. Python's ProtobufSerializer writes the first, second and nested messages of a file that imports
   another file and google.protobuf.Timestamp; `evctl consume` reads each to the expected JSON;
2. `evctl produce --value-format protobuf` writes them; ProtobufDeserializer reads each back equal;
3. the same both ways for JSON Schema (JSONSerializer / JSONDeserializer), and a value evctl
   refuses to produce because it fails the schema;
4. the header framing: Python's serializers with `header_schema_id_serializer` put 0x01 + the
   schema's GUID (+ the index array) in `__value_schema_id` and write a bare payload; evctl reads
   Protobuf (a nested message), JSON Schema and Avro values framed that way;
5. a schema importing google/type/money.proto and confluent/meta.proto (built in, never
   references): evctl registers and writes it, reads it back, and Python's deserializer reads it.
"""
import base64
import json
import os
import subprocess
import sys
import urllib.request

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient, header_schema_id_serializer
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf import timestamp_pb2  # noqa: F401  (puts Timestamp in the default pool)
from google.type import money_pb2  # noqa: F401  (google/type/money.proto, likewise)
from confluent_kafka.schema_registry.confluent import meta_pb2  # noqa: F401

evctl, bootstrap, registry_url, scratch, prefix = sys.argv[1:6]
client = SchemaRegistryClient({"url": registry_url})

MONEY = 'syntax = "proto3";\npackage common;\nmessage Money { int64 cents = 1; string currency = 2; }\n'
ORDER = ('syntax = "proto3";\npackage shop;\nimport "common/money.proto";\nimport "google/protobuf/timestamp.proto";\n'
         'message Order { string id = 1; common.Money total = 2; google.protobuf.Timestamp at = 3;\n'
         '  message Line { int32 qty = 1; string sku = 2; } repeated Line lines = 4; }\n'
         'message Refund { string id = 1; int64 cents = 2; }\n')
os.makedirs(f"{scratch}/common", exist_ok=True)
open(f"{scratch}/common/money.proto", "w").write(MONEY)
open(f"{scratch}/order.proto", "w").write(ORDER)


def http(method, path, body=None):
    req = urllib.request.Request(registry_url + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


# the message classes, from evctl's registry's serialized descriptors
money_id = http("POST", f"/subjects/{prefix}descr-money/versions", {"schemaType": "PROTOBUF", "schema": MONEY})["id"]
ref = [{"name": "common/money.proto", "subject": f"{prefix}descr-money", "version": 1}]
order_id = http("POST", f"/subjects/{prefix}descr-order/versions",
                {"schemaType": "PROTOBUF", "schema": ORDER, "references": ref})["id"]
pool = descriptor_pool.Default()
for sid, name in ((money_id, "common/money.proto"), (order_id, "shop/order.proto")):
    fdp = descriptor_pb2.FileDescriptorProto()
    fdp.ParseFromString(base64.b64decode(http("GET", f"/schemas/ids/{sid}?format=serialized")["schema"]))
    fdp.name = name
    pool.Add(fdp)
Order = message_factory.GetMessageClass(pool.FindMessageTypeByName("shop.Order"))
Line = message_factory.GetMessageClass(pool.FindMessageTypeByName("shop.Order.Line"))
Refund = message_factory.GetMessageClass(pool.FindMessageTypeByName("shop.Refund"))

ORDER_JSON = {"id": "o-1", "total": {"cents": "250", "currency": "EUR"}, "at": "2026-12-06T10:00:00Z",
              "lines": [{"qty": 2, "sku": "p-1"}]}
REFUND_JSON = {"id": "r-1", "cents": "99"}
LINE_JSON = {"qty": 3, "sku": "p-9"}
CASES = [(Order, ORDER_JSON), (Refund, REFUND_JSON), (Line, LINE_JSON)]


def consume(topic, n):
    out = subprocess.run([evctl, "consume", topic, "-b", bootstrap, "--schema-registry", registry_url, "-o", "jsonl"],
                         check=True, capture_output=True, text=True).stdout
    got = [json.loads(l) for l in out.splitlines()]
    assert len(got) == n, (topic, got)
    return sorted(got, key=lambda e: e["offset"])


def python_reads(topic, deserializers):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"py-{topic}", "auto.offset.reset": "earliest"})
    c.subscribe([topic])
    got = []
    for _ in range(200):
        m = c.poll(0.2)
        if m is None or m.error():
            if len(got) == len(deserializers):
                break
            continue
        d = deserializers[len(got)]
        got.append(d(m.value(), SerializationContext(topic, MessageField.VALUE)))
        if len(got) == len(deserializers):
            break
    c.close()
    return got


# 1. Python writes Protobuf, evctl reads
p = Producer({"bootstrap.servers": bootstrap})
for cls, value in CASES:
    ser = ProtobufSerializer(cls, client, {"use.deprecated.format": False})
    msg = json_format.ParseDict(value, cls())
    p.produce(f"{prefix}py.pb", key=b"k", value=ser(msg, SerializationContext(f"{prefix}py.pb", MessageField.VALUE)))
assert p.flush(15) == 0
got = consume(f"{prefix}py.pb", 3)
assert [e["value"] for e in got] == [v for _, v in CASES], got
# the Python client registered its imports as references under their import paths
latest = http("GET", f"/subjects/{prefix}py.pb-value/versions/latest")
assert latest["schemaType"] == "PROTOBUF", latest
assert [r["name"] for r in latest["references"]] == ["common/money.proto"], latest

# 2. evctl writes Protobuf, Python reads
for name, (cls, value) in zip(["shop.Order", "shop.Refund", "shop.Order.Line"], CASES):
    subprocess.run([evctl, "produce", f"{prefix}ev.pb", "-b", bootstrap, "--schema-registry", registry_url, "--input", "json",
                    "-k", "k",
                    "--value-format", "protobuf", "--value-schema", f"{scratch}/order.proto", "--proto-type", name,
                    "--register"], input=json.dumps(value) + "\n", check=True, capture_output=True, text=True)
read = python_reads(f"{prefix}ev.pb", [ProtobufDeserializer(cls, {"use.deprecated.format": False}) for cls, _ in CASES])
assert [json_format.MessageToDict(m) for m in read] == [v for _, v in CASES], read
refs = http("GET", f"/subjects/{prefix}ev.pb-value/versions/latest")["references"]
# (Python registered the import first, as a descriptor: evctl's .proto text is its next version)
assert [(r["name"], r["subject"]) for r in refs] == [("common/money.proto", "common/money.proto")], refs

# 3. JSON Schema both ways
PAY = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "title": "Payment", "type": "object",
                  "properties": {"id": {"type": "string"}, "cents": {"type": "integer", "minimum": 1}},
                  "required": ["id"]})
open(f"{scratch}/pay.json", "w").write(PAY)
jser = JSONSerializer(PAY, client)
pays = [{"id": "p-1", "cents": 5}, {"id": "p-2"}]
for v in pays:
    p.produce(f"{prefix}py.json", key=b"k", value=jser(v, SerializationContext(f"{prefix}py.json", MessageField.VALUE)))
assert p.flush(15) == 0
assert [e["value"] for e in consume(f"{prefix}py.json", 2)] == pays
lines = "".join(json.dumps(v) + "\n" for v in pays)
subprocess.run([evctl, "produce", f"{prefix}ev.json", "-b", bootstrap, "--schema-registry", registry_url, "--input", "json",
                "-k", "k", "--value-format", "json-schema", "--value-schema", f"{scratch}/pay.json", "--register"],
               input=lines, check=True, capture_output=True, text=True)
jdes = JSONDeserializer(PAY)
assert python_reads(f"{prefix}ev.json", [jdes, jdes]) == pays
bad = subprocess.run([evctl, "produce", f"{prefix}ev.json", "-b", bootstrap, "--schema-registry", registry_url,
                      "--input", "json", "--value-format", "json-schema", "--value-schema", f"{scratch}/pay.json"],
                     input='{"id": "p-3"}\n{"id": "p-4", "cents": 0}\n', capture_output=True, text=True)
assert bad.returncode == 2 and "line 2" in bad.stderr and "minimum at /cents" in bad.stderr, bad.stderr
assert "produced 1 record" in bad.stderr, bad.stderr

# 4. the header framing, all three formats
HEADER = {"schema.id.serializer": header_schema_id_serializer}
AVRO = json.dumps({"type": "record", "name": "Shipment", "fields": [{"name": "id", "type": "string"}]})
framed = [
    (ProtobufSerializer(Line, client, {"use.deprecated.format": False, **HEADER}),
     json_format.ParseDict(LINE_JSON, Line()), LINE_JSON),
    (JSONSerializer(PAY, client, conf=HEADER), pays[0], pays[0]),
    (AvroSerializer(client, AVRO, conf=HEADER), {"id": "s-1"}, {"id": "s-1"}),
]
for i, (ser, value, _) in enumerate(framed):
    topic = f"{prefix}py.hdr{i}"
    headers = []
    payload = ser(value, SerializationContext(topic, MessageField.VALUE, headers))
    assert [k for k, _ in headers] == ["__value_schema_id"] and headers[0][1][0] == 1, headers
    p.produce(topic, key=b"k", value=payload, headers=headers)
assert p.flush(15) == 0
for i, (_, _, expected) in enumerate(framed):
    got = consume(f"{prefix}py.hdr{i}", 1)
    assert got[0]["value"] == expected, got

# 5. built-in imports beyond google/protobuf
PRICED = ('syntax = "proto3";\npackage shop;\nimport "google/type/money.proto";\nimport "confluent/meta.proto";\n'
          'message Priced { string id = 1 [(confluent.field_meta).doc = "the order id"]; google.type.Money price = 2; }\n')
open(f"{scratch}/priced.proto", "w").write(PRICED)
PRICED_JSON = {"id": "o-7", "price": {"currencyCode": "EUR", "units": "3", "nanos": 500000000}}
subprocess.run([evctl, "produce", f"{prefix}ev.priced", "-b", bootstrap, "--schema-registry", registry_url, "--input", "json",
                "-k", "k", "--value-format", "protobuf", "--value-schema", f"{scratch}/priced.proto", "--register"],
               input=json.dumps(PRICED_JSON) + "\n", check=True, capture_output=True, text=True)
latest = http("GET", f"/subjects/{prefix}ev.priced-value/versions/latest")
assert "references" not in latest, latest
assert consume(f"{prefix}ev.priced", 1)[0]["value"] == PRICED_JSON
fdp = descriptor_pb2.FileDescriptorProto()
fdp.ParseFromString(base64.b64decode(http("GET", f"/schemas/ids/{latest['id']}?format=serialized")["schema"]))
fdp.name = "shop/priced.proto"
pool.Add(fdp)
Priced = message_factory.GetMessageClass(pool.FindMessageTypeByName("shop.Priced"))
read = python_reads(f"{prefix}ev.priced", [ProtobufDeserializer(Priced, {"use.deprecated.format": False})])
assert [json_format.MessageToDict(m) for m in read] == [PRICED_JSON], read
print("ok")
