#!/usr/bin/env python3
"""Interop with Confluent's Python client (confluent-kafka from PyPI) against `evctl dev up`.
Run by tests/python_interop.rs: argv = evctl binary, bootstrap servers, registry URL, schema file.

1. its SchemaRegistryClient registers, looks up and checks compatibility against evctl's registry;
2. records its AvroSerializer produces are decoded by `evctl consume`;
3. records `evctl produce --value-format avro` writes are decoded by its AvroDeserializer.
"""
import json
import subprocess
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

evctl, bootstrap, registry_url, schema_file = sys.argv[1:5]
schema_str = open(schema_file).read()
client = SchemaRegistryClient({"url": registry_url})


def order(i):
    return {"eventId": f"e-{i}", "correlationId": f"o-{i}", "timestamp": 1795341600000 + i, "source": "python",
            "orderId": f"o-{i}", "customerId": "c-1",
            "items": [{"productId": "p-1", "quantity": i, "priceCents": 150}], "totalCents": 150 * i,
            "createdAt": 1795341600000 + i}


# 1. registry client
sid = client.register_schema("py.orders-value", Schema(schema_str, "AVRO"))
found = client.lookup_schema("py.orders-value", Schema(schema_str, "AVRO"))
assert found.schema_id == sid, (found.schema_id, sid)
assert client.register_schema("py.orders-value", Schema(schema_str, "AVRO")) == sid, "same schema, same id"
broken = json.loads(schema_str)
broken["fields"].append({"name": "mandatory", "type": "string"})
assert client.test_compatibility("py.orders-value", Schema(json.dumps(broken), "AVRO")) is False
compatible = json.loads(schema_str)
compatible["fields"].append({"name": "optional", "type": "string", "default": "x"})
assert client.test_compatibility("py.orders-value", Schema(json.dumps(compatible), "AVRO")) is True
latest = client.get_latest_version("py.orders-value")
assert latest.schema_id == sid and latest.version == 1

# 2. Python produces, evctl consumes
ser = AvroSerializer(client, schema_str)
p = Producer({"bootstrap.servers": bootstrap})
for i in range(1, 6):
    p.produce("py.orders", key=f"o-{i}".encode(),
              value=ser(order(i), SerializationContext("py.orders", MessageField.VALUE)))
assert p.flush(15) == 0, "python producer did not deliver"
out = subprocess.run([evctl, "consume", "py.orders", "-b", bootstrap, "--schema-registry", registry_url, "-o", "jsonl"],
                     check=True, capture_output=True, text=True).stdout
got = sorted((json.loads(l) for l in out.splitlines()), key=lambda e: e["value"]["eventId"])
assert [e["value"] for e in got] == [order(i) for i in range(1, 6)], got
assert [e["key"] for e in got] == [f"o-{i}" for i in range(1, 6)]

# 3. evctl produces, Python consumes
lines = "".join(json.dumps(order(i)) + "\n" for i in range(10, 15))
subprocess.run([evctl, "produce", "evctl.orders", "-b", bootstrap, "--schema-registry", registry_url, "--input", "json",
                "--key-field", "orderId", "--value-format", "avro", "--value-schema", schema_file, "--register", "-q"],
               input=lines, check=True, text=True)
de = AvroDeserializer(client)
c = Consumer({"bootstrap.servers": bootstrap, "group.id": "py-interop", "enable.auto.commit": False})
md = c.list_topics("evctl.orders", timeout=10)
c.assign([TopicPartition("evctl.orders", p, 0) for p in md.topics["evctl.orders"].partitions])
seen = []
deadline = time.time() + 20
while len(seen) < 5 and time.time() < deadline:
    m = c.poll(0.5)
    if m is None or m.error():
        continue
    seen.append(de(m.value(), SerializationContext("evctl.orders", MessageField.VALUE)))
c.close()
def millis(v):
    # fastavro turns timestamp-millis into datetimes; compare as epoch milliseconds
    return {k: (round(x.timestamp() * 1000) if hasattr(x, "timestamp") else x) for k, x in v.items()}


assert sorted((millis(v) for v in seen), key=lambda v: v["eventId"]) == [order(i) for i in range(10, 15)], seen
print("python interop ok")
