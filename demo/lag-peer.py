# The peer of `evctl lag` in demo/bench-top.sh and demo/bench-exporter.sh: what a Python
# confluent-kafka script does for the same numbers (every group's committed offsets, each
# partition's end; no seconds-behind). Prints the rows it read.
import sys
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka import ConsumerGroupTopicPartitions
b = sys.argv[1]
a = AdminClient({"bootstrap.servers": b})
groups = [g.group_id for g in a.list_consumer_groups().result().valid]
c = Consumer({"bootstrap.servers": b, "group.id": "bench-top-peer"})
ends = {}
rows = 0
for g in groups:
    res = a.list_consumer_group_offsets([ConsumerGroupTopicPartitions(g)])
    for _, f in res.items():
        for tp in f.result().topic_partitions:
            if tp.offset < 0:
                continue
            key = (tp.topic, tp.partition)
            if key not in ends:
                ends[key] = c.get_watermark_offsets(TopicPartition(tp.topic, tp.partition))[1]
            rows += 1
print(rows)
