
use builtin;
use str;

set edit:completion:arg-completer[evctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'evctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'evctl'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand produce 'Produce records from stdin or a file (lines, JSON, or JSONL envelopes)'
            cand consume 'Consume records from one or more topics, bounded or following'
            cand tail 'Follow one business transaction (a correlation id) across every topic, as a timeline'
            cand dlq 'Dead-letter queues: list them, show their records, replay them exactly once'
            cand lag 'Consumer lag per group and partition, in messages and in seconds, with a status'
            cand group 'Consumer groups: list, describe (members, lag), reset offsets (a plan first), delete'
            cand top 'A live dashboard: group lag and its trend, topics, DLQs and the order funnel'
            cand topics 'List, describe, create and delete topics'
            cand schema 'Schema tools for CI (Avro, Protobuf, JSON Schema): `schema check`, `schema push`'
            cand registry 'The Schema Registry: subjects, schemas, compatibility and mode (deletes are a dry run unless --execute)'
            cand simulate 'Run the simulated marketplace end to end (the embedded broker by default)'
            cand dev 'Local development services (the embedded broker)'
            cand config 'Show the connection settings a command would use, and where each comes from'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;produce'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand -f 'Read records from this file instead of stdin'
            cand --file 'Read records from this file instead of stdin'
            cand --input 'How input lines are read'
            cand -k 'Key for every record'
            cand --key 'Key for every record'
            cand --key-field 'Take each record''s key from this field of its JSON value (e.g. orderId, customer.id)'
            cand -H 'Header added to every record (repeatable)'
            cand --header 'Header added to every record (repeatable)'
            cand -p 'Send every record to this partition'
            cand --partition 'Send every record to this partition'
            cand --value-format 'Value encoding: as read (the default), or JSON in and avro, protobuf or json-schema out in the Confluent wire format (magic 0, 4-byte schema id, datum) with the writer schema from the registry (the subject''s latest, --value-schema FILE or --schema-id N)'
            cand --value-schema 'Writer schema file (.avsc, .proto, .json); looked up in the registry, or registered with --register'
            cand --proto-type '--value-format protobuf: the message to write, by full name (default: the file''s first message; nested ones as pkg.Outer.Inner)'
            cand --key-proto-type '--key-format protobuf: the key''s message by full name (default: the file''s first)'
            cand --proto-path 'A folder .proto imports and JSON Schema $refs are looked for in, after the schema file''s own folder (repeatable; the well-known types are built in)'
            cand --schema-id 'Use this registry schema id as the writer schema'
            cand --key-format 'Key encoding: string (as given), json, or avro, protobuf or json-schema (with --key-schema or the subject <topic>-key''s latest)'
            cand --key-schema 'Key writer schema file (.avsc, .proto, .json; registered with --register)'
            cand --subject-strategy 'Subject naming: topic (<topic>-value), record (<record full name>), topic-record'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --sign-key-file 'Sign every record with the key in FILE: an evctl-signature header, HMAC-SHA256 over key, value and the other headers, with the key''s id (consume --verify-key-file checks it)'
            cand -o 'Summary format (the summary goes to stderr as text, to stdout as JSON)'
            cand --output 'Summary format (the summary goes to stderr as text, to stdout as JSON)'
            cand --keep-partition 'With --input envelope: send each record to the envelope''s partition'
            cand --keep-timestamp 'With --input envelope: keep the envelope''s timestamp'
            cand --register 'Register --value-schema (and --key-schema) under the subject (same id if already registered); a .proto''s local imports and a JSON Schema''s local $refs are registered first, each under its import path, as references'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;consume'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --topic-regex 'Read every topic whose name matches this regex (anchored at both ends)'
            cand --from 'Where to start in each partition'
            cand --until 'Where to stop in each partition (exclusive); bounded reads stop at the end seen at start'
            cand -n 'Stop after this many records (after filters)'
            cand --count 'Stop after this many records (after filters)'
            cand -g 'Read as this consumer group; offsets are committed only after records are written'
            cand --group 'Read as this consumer group; offsets are committed only after records are written'
            cand --key 'Only records with exactly this key'
            cand --header 'Only records with this header (repeatable; all must match)'
            cand --match 'Only records whose JSON value has PATH equal to VALUE (repeatable), e.g. items[0].productId=p-1'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --schemas 'Decode framed values with the .avsc and .proto files in this directory: the file named after the topic (order.created.avsc, orders.proto), else the Avro one that decodes it'
            cand --timestamps 'Show Avro timestamp-millis/micros as RFC 3339 text instead of numbers'
            cand --format 'kcat-style template: %t topic, %p partition, %o offset, %k key, %s value, %h headers, %T timestamp'
            cand --verify-key-file 'Check each record''s evctl-signature (HMAC-SHA256) with the key in FILE (repeatable: several keys, e.g. during a rotation); each record is marked verified, unsigned or bad'
            cand -f 'Keep reading new records until interrupted'
            cand --follow 'Keep reading new records until interrupted'
            cand --skip-undecodable 'Skip values that cannot be decoded instead of showing them in base64 and exiting 2'
            cand --require-signature 'With --verify-key-file: an unsigned or badly signed record ends the read with exit 2, naming the record'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;tail'= {
            cand --correlation-id 'A correlation id to follow (repeatable: one timeline each)'
            cand --key 'Follow records with this key instead (repeatable)'
            cand --trace-id 'Follow the trace id inside W3C traceparent headers (repeatable)'
            cand --ids-from 'Read correlation ids from a file, one per line ("-": stdin)'
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --topics 'Only these topics (comma-separated; default: every topic not starting with _)'
            cand --topic-regex 'Only topics whose name matches this regex (anchored at both ends)'
            cand --header 'The header that carries the correlation id (repeatable; replaces the defaults)'
            cand --field 'The value field that carries the correlation id, e.g. meta.correlationId'
            cand --since 'Where to start: start | @<RFC3339> | @-<duration>'
            cand --until 'Where to stop: end (captured at start) | @<time>'
            cand --timeout 'With -f: stop after this long (e.g. 30s, 5m)'
            cand --terminal 'A topic where a flow is over (repeatable; default: order.shipped, order.cancelled)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --export 'Also write each timeline as a trace to FILE: otlp (OTLP/JSON, for an OpenTelemetry collector or POST /v1/traces) or jaeger (Jaeger UI''s "upload JSON"). One span per record'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --schemas 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)'
            cand --verify-key-file 'Check each record''s evctl-signature (HMAC-SHA256) with the key in FILE (repeatable: several keys, e.g. during a rotation); each record is marked verified, unsigned or bad'
            cand --id-is-key 'The correlation ids are also the records'' keys (the marketplace keys by orderId): read only the partitions they hash to, as with --key'
            cand --all-partitions 'Read every partition, not only the ones the keys hash to (after a topic''s partition count changed, or for records a custom partitioner placed)'
            cand -f 'Keep watching: print each new hop as it arrives, until Ctrl-C or --timeout'
            cand --follow 'Keep watching: print each new hop as it arrives, until Ctrl-C or --timeout'
            cand --require-signature 'With --verify-key-file: an unsigned or badly signed record ends the read with exit 2, naming the record'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;dlq'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every dead-letter topic with its depth, oldest and newest record and top errors'
            cand show 'A DLQ''s records, decoded, with where they came from and why they failed'
            cand replay 'Send a DLQ''s records back where they came from, once each (resumable)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;dlq;list'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --pattern 'Which topics are DLQs (default: names ending .dlq, .DLT, -dlt, .deadletter)'
            cand --fail-above 'Exit 1 when any DLQ holds more than N records not replayed yet (an alert)'
            cand -o 'Output format: a table, or JSON'
            cand --output 'Output format: a table, or JSON'
            cand --non-empty 'Leave out empty DLQs'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;dlq;show'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --since 'Only records dead-lettered at or after: @<RFC3339> or @-<duration>'
            cand --until 'Only records dead-lettered before: @<RFC3339> or @-<duration>'
            cand --error 'Only records whose recorded error matches this regex'
            cand --correlation-id 'Only records of this correlation id (headers or the value''s correlationId)'
            cand --key 'Only records with this key'
            cand --max 'At most this many records'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --schemas 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;dlq;replay'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --to 'Where records without provenance headers go (default: the DLQ''s name without its suffix)'
            cand --max-replays 'Refuse records already replayed this many times (their replay.count): the loop guard'
            cand --since 'Only records dead-lettered at or after: @<RFC3339> or @-<duration>'
            cand --until 'Only records dead-lettered before: @<RFC3339> or @-<duration>'
            cand --error 'Only records whose recorded error matches this regex'
            cand --correlation-id 'Only records of this correlation id (headers or the value''s correlationId)'
            cand --key 'Only records with this key'
            cand --max 'At most this many records'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --schemas 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)'
            cand --rate 'At most this many records per second (default: unlimited)'
            cand --group 'The consumer group that keeps the replay''s progress'
            cand --lookback 'Read the destinations back only this far (e.g. 24h; default: from their start)'
            cand -o 'Output format: the summary as text, or JSON'
            cand --output 'Output format: the summary as text, or JSON'
            cand --keep-partition 'Send each record to its original partition (default: by key, as the producer would)'
            cand --dry-run 'Print the plan (per destination, error and age, with samples) and write nothing'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;dlq;help'= {
            cand list 'Every dead-letter topic with its depth, oldest and newest record and top errors'
            cand show 'A DLQ''s records, decoded, with where they came from and why they failed'
            cand replay 'Send a DLQ''s records back where they came from, once each (resumable)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;dlq;help;list'= {
        }
        &'evctl;dlq;help;show'= {
        }
        &'evctl;dlq;help;replay'= {
        }
        &'evctl;dlq;help;help'= {
        }
        &'evctl;lag'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --interval 'Time between samples: with --watch (default 1s), with --serve (default 15s)'
            cand --window 'How many samples the status is judged over'
            cand --fail-above 'Exit 1 when any partition lags by more than N messages'
            cand --fail-above-seconds 'Exit 1 when any partition lags by more than S seconds'
            cand --serve 'Serve the lag as Prometheus metrics at http://HOST:PORT/metrics (a bare PORT binds 127.0.0.1) until Ctrl-C, collecting every --interval'
            cand --cluster-name 'With --serve: the cluster_name label (kafka-lag-exporter''s)'
            cand --granularity 'With --serve: a series per partition (kafka-lag-exporter''s), or only per group and topic'
            cand -o 'Output format: a table, or JSON (one array of group objects per sample); with --serve, the URL, or one JSON line with it'
            cand --output 'Output format: a table, or JSON (one array of group objects per sample); with --serve, the URL, or one JSON line with it'
            cand --watch 'Sample again every --interval until Ctrl-C, judging the status over --window samples'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;group'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the cluster''s consumer groups: state, assignor, members'
            cand describe 'A group''s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown'
            cand reset 'Move a group''s committed offsets: a dry run (the plan) unless --execute'
            cand delete 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;group;list'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand -o 'Output format: a table, or JSON'
            cand --output 'Output format: a table, or JSON'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;group;describe'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand -o 'Output format: tables, or JSON (one object per group)'
            cand --output 'Output format: tables, or JSON (one object per group)'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;group;reset'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --to 'Where to: earliest | latest | <offset> | +<n> (n after the start) | -<n> (n before the end) | @<RFC3339 time> | @-<duration> (e.g. @-1h)'
            cand --shift-by 'Move each partition''s committed offset by N (negative: back, to read again)'
            cand --from-file 'The offsets to set, from Kafka''s `topic,partition,offset` CSV or evctl''s JSON (a plan printed with -o json, or a backup); it names its own partitions'
            cand --topic 'A topic to reset, all its partitions or some: T or T:0,3 (repeatable)'
            cand --backup 'Where --execute writes the group''s current offsets (default: GROUP.offsets-<UTC time>.json)'
            cand --wait-empty 'With --execute: wait up to this long for the group''s members to leave, instead of refusing at once'
            cand -o 'Output format: a table, or JSON (which --from-file reads back)'
            cand --output 'Output format: a table, or JSON (which --from-file reads back)'
            cand --all-topics 'Every topic the group has committed offsets on'
            cand --execute 'Apply the plan (after writing the backup); without it nothing changes'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;group;delete'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --backup 'Where to write the group''s offsets first (default: GROUP.offsets-<UTC time>.json)'
            cand -o '`json`: print what was deleted on stdout'
            cand --output '`json`: print what was deleted on stdout'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;group;help'= {
            cand list 'List the cluster''s consumer groups: state, assignor, members'
            cand describe 'A group''s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown'
            cand reset 'Move a group''s committed offsets: a dry run (the plan) unless --execute'
            cand delete 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;group;help;list'= {
        }
        &'evctl;group;help;describe'= {
        }
        &'evctl;group;help;reset'= {
        }
        &'evctl;group;help;delete'= {
        }
        &'evctl;group;help;help'= {
        }
        &'evctl;top'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand -g 'Show this consumer group (repeatable); needed where the broker cannot list them'
            cand --group 'Show this consumer group (repeatable); needed where the broker cannot list them'
            cand --interval 'Time between samples'
            cand --window 'Samples a status is judged over (as evctl lag --window)'
            cand --stuck-after 'An order in one funnel step longer than this counts as stuck'
            cand --funnel 'The flow''s topics in order (2 to 32); default: the marketplace''s, when they exist'
            cand --since 'Where the funnel starts reading its topics: a time (@-1h, @2026-12-01T10:00:00Z) or start [default: @-1h; with --simulate: start, the run''s topics are new]'
            cand --orders 'Orders to send, as fast as the pipeline takes them [default: 10000; top --simulate: 300 per second for 2 minutes, the broker then stays up until you quit]'
            cand --rate 'Orders per second instead (with --duration)'
            cand --duration 'How long to send at --rate, e.g. 30s or 2m'
            cand --seed 'Seed of the order generator and of every decision (declines, failures, back-off)'
            cand --replicas 'Consumer group members per service'
            cand -p 'Partitions per topic (topics are created when missing)'
            cand --partitions 'Partitions per topic (topics are created when missing)'
            cand --decline-rate 'Share of payments declined (those orders are cancelled)'
            cand --failure-rate 'Share of payment attempts that time out and are retried with back-off'
            cand --poison-rate 'Share of malformed records the gateway sends (each must end in order.created.dlq)'
            cand --max-retries 'Retries before an event goes to its topic''s .dlq'
            cand --format 'The events'' format on the wire: avro, protobuf or json-schema (the contracts in schemas/ in that format, registered under <topic>-value)'
            cand --http 'The gateway also takes orders over HTTP: POST /orders with {customerId, items: [{productId, quantity}]} answers 202 {orderId, correlationId}; GET /orders/{id} answers from the read model; GET /healthz. With --orders 0 the run takes posted orders until Ctrl-C, then reports. A bare port listens on 127.0.0.1'
            cand --max-in-flight 'Back-pressure: the gateway (and POST /orders) holds new orders while N orders are unfinished (sent, not yet shipped, cancelled or dead-lettered); the report says how long it held'
            cand --breaker-failures 'payment-service calls its payment provider through a circuit breaker that opens after N consecutive failed calls; while it is open, events wait instead of using their retries (none is dead-lettered for a provider outage). 0: no breaker. [default: 3, or --max-retries + 1 when that is less]'
            cand --breaker-cooldown 'How long the breaker stays open before it lets one trial call through (half-open)'
            cand --canary 'Run a canary of this service (order, payment, inventory or shipping) in a shadow consumer group beside it: the same inputs, its own state, no outputs and no side effects; each of its decisions is compared with production''s for the same input. The report shows the agreement and the first disagreements'
            cand --canary-fault 'Plant a difference in the canary so the comparison is seen to fail: decline-all (its payment-service declines every payment; with --canary payment)'
            cand --simulate 'Run the marketplace in this process on the embedded broker and watch it (the simulation''s report is printed when you quit; quitting before it finished exits 130). Not with -b/--context; EVCTL_BROKERS and EVCTL_CONTEXT are ignored'
            cand --chaos 'Run a seeded fault plan: the broker down and back, failed requests (embedded broker only), a member crash with a rebalance, duplicate deliveries; all shown in the report'
            cand --exactly-once 'Transactions instead of commit-after-acknowledgement: each batch''s outputs and its input offsets are committed in one transaction, consumers read_committed. The embedded broker accepts the calls without their semantics; brokers that refuse transactions stop the run with exit 2. The report says which guarantee the run had'
            cand --evolve 'Halfway through, register OrderCreated v2 (a field added the compatible way, in the run''s --format) through the registry''s compatibility check; the gateway then writes v2 while the services keep v1''s reader. The report counts each version read per consumer'
            cand --evolve-breaking 'Halfway through, try a breaking OrderCreated v2 (totalCents becomes a string): the registry must refuse it (409) and the gateway keeps v1'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;topics'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List topics with their partition and replica counts'
            cand describe 'Show a topic''s partitions (leader, replicas, ISR, offsets) and configs'
            cand create 'Create a topic'
            cand skew 'How a topic''s recent writes spread over its partitions: each one''s records, rate and share, the hot ones (at least 2x the others'' mean), and the keys that dominate'
            cand delete 'Delete topics'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;topics;list'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand -o 'Output format: a table, or JSON'
            cand --output 'Output format: a table, or JSON'
            cand --all 'Include internal topics (names starting with __)'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;topics;describe'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand -o 'Output format: a table, or JSON'
            cand --output 'Output format: a table, or JSON'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;topics;create'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand -p 'Number of partitions'
            cand --partitions 'Number of partitions'
            cand -r 'Replication factor'
            cand --replication 'Replication factor'
            cand -c 'Topic config (repeatable), e.g. -c cleanup.policy=compact'
            cand --config 'Topic config (repeatable), e.g. -c cleanup.policy=compact'
            cand -o '`json`: print what was created on stdout'
            cand --output '`json`: print what was created on stdout'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;topics;skew'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --window 'How far back to look (records written since now minus this)'
            cand --sample 'How far back to look (records written since now minus this)'
            cand --keys 'How many of the most frequent keys to show'
            cand -o 'Output format: tables, or JSON'
            cand --output 'Output format: tables, or JSON'
            cand --fail-on-hot 'Exit 1 when a partition is hot (for CI or an alert)'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;topics;delete'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand -o '`json`: print what was deleted on stdout'
            cand --output '`json`: print what was deleted on stdout'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;topics;help'= {
            cand list 'List topics with their partition and replica counts'
            cand describe 'Show a topic''s partitions (leader, replicas, ISR, offsets) and configs'
            cand create 'Create a topic'
            cand skew 'How a topic''s recent writes spread over its partitions: each one''s records, rate and share, the hot ones (at least 2x the others'' mean), and the keys that dominate'
            cand delete 'Delete topics'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;topics;help;list'= {
        }
        &'evctl;topics;help;describe'= {
        }
        &'evctl;topics;help;create'= {
        }
        &'evctl;topics;help;skew'= {
        }
        &'evctl;topics;help;delete'= {
        }
        &'evctl;topics;help;help'= {
        }
        &'evctl;schema'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry''s own rules'
            cand push 'The CI step: check each file against its subject''s registered versions (at the subject''s level, as `schema check`) and register it only when compatible'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;schema;check'= {
            cand --against 'An earlier version (repeatable, oldest first)'
            cand --against-git 'Compare each file with its version at this git branch, tag or commit'
            cand --schema-registry 'Compare with the registered versions of each file''s subject. --against and --against-git take precedence (so an exported EVCTL_SCHEMA_REGISTRY does not get in their way)'
            cand --subject 'Registry subject (default: <file stem>-value, the topic strategy)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots)'
            cand --compatibility 'backward, backward_transitive, forward, forward_transitive, full, full_transitive, none (default: backward, or the registry subject''s setting)'
            cand --schema-type 'The schema type of every file: avro, protobuf or json (default: from the extension)'
            cand --proto-path 'A folder Protobuf imports (and JSON Schema `$ref`s) are looked for in, after the importing file''s own folder (repeatable; the well-known types are built in)'
            cand --compatibility-policy 'JSON Schema only: strict (the default) or lenient, as the registry''s compatibilityPolicy'
            cand --error-format 'How findings are reported (text for people; json, github annotations or junit for CI)'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;schema;push'= {
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand --subject-map 'A file of `FILE SUBJECT` lines (or FILE=SUBJECT): the subject of each file'
            cand --schema-type 'The schema type of every file: avro, protobuf or json (default: from the extension)'
            cand --proto-path 'A folder Protobuf imports (and JSON Schema `$ref`s) are looked for in, after the importing file''s own folder (repeatable; the well-known types are built in)'
            cand --compatibility-policy 'JSON Schema only: strict (the default) or lenient, as the registry''s compatibilityPolicy'
            cand --error-format 'How findings are reported (text for people; json, github annotations or junit for CI)'
            cand -o 'Output: a line per subject, or JSON ({subject, id, version, status} per subject)'
            cand --output 'Output: a line per subject, or JSON ({subject, id, version, status} per subject)'
            cand --dry-run 'Check and look up, register nothing'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;schema;help'= {
            cand check 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry''s own rules'
            cand push 'The CI step: check each file against its subject''s registered versions (at the subject''s level, as `schema check`) and register it only when compatible'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;schema;help;check'= {
        }
        &'evctl;schema;help;push'= {
        }
        &'evctl;schema;help;help'= {
        }
        &'evctl;registry'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand subjects 'List subjects (--deleted: soft-deleted ones too)'
            cand subject 'Subjects: delete'
            cand schema 'Schemas: get, versions, register, delete, references'
            cand compatibility 'The compatibility level of a subject or of the registry'
            cand mode 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;subjects'= {
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand --deleted 'Include soft-deleted subjects'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;subject'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand delete 'Delete a subject''s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;subject;delete'= {
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand --permanent 'Remove the soft-deleted versions for good'
            cand --execute 'Delete (without it, say what would go)'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;subject;help'= {
            cand delete 'Delete a subject''s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;subject;help;delete'= {
        }
        &'evctl;registry;subject;help;help'= {
        }
        &'evctl;registry;schema'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'A schema by id, or a subject''s version (default: latest), with its type and references'
            cand versions 'A subject''s versions'
            cand register 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references'
            cand delete 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute'
            cand references 'Which schemas reference a subject''s version (what a delete would break)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;schema;get'= {
            cand --subject 'The subject (with --version)'
            cand --version 'The version: a number or latest'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;schema;versions'= {
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand --deleted 'Include soft-deleted versions'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;schema;register'= {
            cand --subject 'The subject to register it under'
            cand --schema-type 'avro, protobuf or json (default: from the extension)'
            cand --proto-path 'A folder imports are looked for in, after the file''s own (repeatable)'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;schema;delete'= {
            cand --version 'The version: a number or latest'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand --permanent 'Remove the soft-deleted version for good'
            cand --execute 'Delete (without it, say what would go)'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;schema;references'= {
            cand --version 'The version: a number or latest'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;schema;help'= {
            cand get 'A schema by id, or a subject''s version (default: latest), with its type and references'
            cand versions 'A subject''s versions'
            cand register 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references'
            cand delete 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute'
            cand references 'Which schemas reference a subject''s version (what a delete would break)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;schema;help;get'= {
        }
        &'evctl;registry;schema;help;versions'= {
        }
        &'evctl;registry;schema;help;register'= {
        }
        &'evctl;registry;schema;help;delete'= {
        }
        &'evctl;registry;schema;help;references'= {
        }
        &'evctl;registry;schema;help;help'= {
        }
        &'evctl;registry;compatibility'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Show it: the subject''s own, else the global one (said so)'
            cand set 'Set it, for a subject or the registry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;compatibility;get'= {
            cand --subject 'A subject''s setting'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand --global 'The registry''s global setting'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;compatibility;set'= {
            cand --subject 'A subject''s setting'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand --global 'The registry''s global setting'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;compatibility;help'= {
            cand get 'Show it: the subject''s own, else the global one (said so)'
            cand set 'Set it, for a subject or the registry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;compatibility;help;get'= {
        }
        &'evctl;registry;compatibility;help;set'= {
        }
        &'evctl;registry;compatibility;help;help'= {
        }
        &'evctl;registry;mode'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Show it: the subject''s own, else the global one (said so)'
            cand set 'Set it, for a subject or the registry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;mode;get'= {
            cand --subject 'A subject''s setting'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand --global 'The registry''s global setting'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;mode;set'= {
            cand --subject 'A subject''s setting'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand --context 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)'
            cand -o 'Output format: text, or the registry''s answer as JSON'
            cand --output 'Output format: text, or the registry''s answer as JSON'
            cand --global 'The registry''s global setting'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;registry;mode;help'= {
            cand get 'Show it: the subject''s own, else the global one (said so)'
            cand set 'Set it, for a subject or the registry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;mode;help;get'= {
        }
        &'evctl;registry;mode;help;set'= {
        }
        &'evctl;registry;mode;help;help'= {
        }
        &'evctl;registry;help'= {
            cand subjects 'List subjects (--deleted: soft-deleted ones too)'
            cand subject 'Subjects: delete'
            cand schema 'Schemas: get, versions, register, delete, references'
            cand compatibility 'The compatibility level of a subject or of the registry'
            cand mode 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;registry;help;subjects'= {
        }
        &'evctl;registry;help;subject'= {
            cand delete 'Delete a subject''s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute'
        }
        &'evctl;registry;help;subject;delete'= {
        }
        &'evctl;registry;help;schema'= {
            cand get 'A schema by id, or a subject''s version (default: latest), with its type and references'
            cand versions 'A subject''s versions'
            cand register 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references'
            cand delete 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute'
            cand references 'Which schemas reference a subject''s version (what a delete would break)'
        }
        &'evctl;registry;help;schema;get'= {
        }
        &'evctl;registry;help;schema;versions'= {
        }
        &'evctl;registry;help;schema;register'= {
        }
        &'evctl;registry;help;schema;delete'= {
        }
        &'evctl;registry;help;schema;references'= {
        }
        &'evctl;registry;help;compatibility'= {
            cand get 'Show it: the subject''s own, else the global one (said so)'
            cand set 'Set it, for a subject or the registry'
        }
        &'evctl;registry;help;compatibility;get'= {
        }
        &'evctl;registry;help;compatibility;set'= {
        }
        &'evctl;registry;help;mode'= {
            cand get 'Show it: the subject''s own, else the global one (said so)'
            cand set 'Set it, for a subject or the registry'
        }
        &'evctl;registry;help;mode;get'= {
        }
        &'evctl;registry;help;mode;set'= {
        }
        &'evctl;registry;help;help'= {
        }
        &'evctl;simulate'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand marketplace 'Run the event-driven marketplace end to end and check its guarantees'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;simulate;marketplace'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --orders 'Orders to send, as fast as the pipeline takes them [default: 10000; top --simulate: 300 per second for 2 minutes, the broker then stays up until you quit]'
            cand --rate 'Orders per second instead (with --duration)'
            cand --duration 'How long to send at --rate, e.g. 30s or 2m'
            cand --seed 'Seed of the order generator and of every decision (declines, failures, back-off)'
            cand --replicas 'Consumer group members per service'
            cand -p 'Partitions per topic (topics are created when missing)'
            cand --partitions 'Partitions per topic (topics are created when missing)'
            cand --decline-rate 'Share of payments declined (those orders are cancelled)'
            cand --failure-rate 'Share of payment attempts that time out and are retried with back-off'
            cand --poison-rate 'Share of malformed records the gateway sends (each must end in order.created.dlq)'
            cand --max-retries 'Retries before an event goes to its topic''s .dlq'
            cand --format 'The events'' format on the wire: avro, protobuf or json-schema (the contracts in schemas/ in that format, registered under <topic>-value)'
            cand --http 'The gateway also takes orders over HTTP: POST /orders with {customerId, items: [{productId, quantity}]} answers 202 {orderId, correlationId}; GET /orders/{id} answers from the read model; GET /healthz. With --orders 0 the run takes posted orders until Ctrl-C, then reports. A bare port listens on 127.0.0.1'
            cand --max-in-flight 'Back-pressure: the gateway (and POST /orders) holds new orders while N orders are unfinished (sent, not yet shipped, cancelled or dead-lettered); the report says how long it held'
            cand --breaker-failures 'payment-service calls its payment provider through a circuit breaker that opens after N consecutive failed calls; while it is open, events wait instead of using their retries (none is dead-lettered for a provider outage). 0: no breaker. [default: 3, or --max-retries + 1 when that is less]'
            cand --breaker-cooldown 'How long the breaker stays open before it lets one trial call through (half-open)'
            cand --canary 'Run a canary of this service (order, payment, inventory or shipping) in a shadow consumer group beside it: the same inputs, its own state, no outputs and no side effects; each of its decisions is compared with production''s for the same input. The report shows the agreement and the first disagreements'
            cand --canary-fault 'Plant a difference in the canary so the comparison is seen to fail: decline-all (its payment-service declines every payment; with --canary payment)'
            cand --timeout 'How long to wait for the pipeline to drain after the last order'
            cand --metrics-addr 'Serve Prometheus metrics at http://HOST:PORT/metrics while it runs (events processed, duplicates, retries, DLQ, lag, side effects, orders by status, latency histogram)'
            cand --services 'Run only these parts here: gateway, order, payment, inventory, shipping, projection (comma-separated). Several evctl processes with the same -b, --schema-registry, --run-id and --seed then share each service''s consumer group. A process without the gateway runs until Ctrl-C; one without the projection reports its own services only'
            cand --run-id 'Names the run (consumer groups evctl-sim-<ID>.<service>, order ids o-<ID>-<n>); processes of one scaled-out run share it. Default: derived from --seed on the embedded broker (the same seed repeats a run), a new id per run on a cluster'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand -o 'Output format: the report as text, or one JSON object'
            cand --output 'Output format: the report as text, or one JSON object'
            cand --log-format 'Logs on stderr as text lines or JSON objects; each carries its correlationId, eventId and orderId where it concerns one'
            cand --log-level 'warn: dead letters, crashes, aborted transactions; info: + retries, chaos, members, the run; debug: + every event handled and every order finished. Default: info with --log-format json, off otherwise (the report says it all)'
            cand --chaos 'Run a seeded fault plan: the broker down and back, failed requests (embedded broker only), a member crash with a rebalance, duplicate deliveries; all shown in the report'
            cand --exactly-once 'Transactions instead of commit-after-acknowledgement: each batch''s outputs and its input offsets are committed in one transaction, consumers read_committed. The embedded broker accepts the calls without their semantics; brokers that refuse transactions stop the run with exit 2. The report says which guarantee the run had'
            cand --evolve 'Halfway through, register OrderCreated v2 (a field added the compatible way, in the run''s --format) through the registry''s compatibility check; the gateway then writes v2 while the services keep v1''s reader. The report counts each version read per consumer'
            cand --evolve-breaking 'Halfway through, try a breaking OrderCreated v2 (totalCents becomes a string): the registry must refuse it (409) and the gateway keeps v1'
            cand --keep-running 'Keep the embedded broker and registry up after the report (Ctrl-C to stop)'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;simulate;help'= {
            cand marketplace 'Run the event-driven marketplace end to end and check its guarantees'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;simulate;help;marketplace'= {
        }
        &'evctl;simulate;help;help'= {
        }
        &'evctl;dev'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand broker 'Run the embedded broker (librdkafka''s mock cluster) until Ctrl-C or SIGTERM'
            cand registry 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM'
            cand up 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;dev;broker'= {
            cand --brokers 'Number of brokers in the cluster'
            cand -p 'Partitions of each --topic'
            cand --partitions 'Partitions of each --topic'
            cand -t 'Create this topic at start (repeatable)'
            cand --topic 'Create this topic at start (repeatable)'
            cand --retention-bytes 'Size-based retention: each partition keeps its newest BYTES of log, older batches are deleted whether read or not (as retention.bytes on a Kafka topic). Default: 1 GiB'
            cand -o 'Output format: the address as text, or JSON'
            cand --output 'Output format: the address as text, or JSON'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;dev;registry'= {
            cand --port 'Port on 127.0.0.1 (0: any free port)'
            cand -o 'Output format: the address as text, or JSON'
            cand --output 'Output format: the address as text, or JSON'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;dev;up'= {
            cand -p 'Partitions of each --topic'
            cand --partitions 'Partitions of each --topic'
            cand -t 'Create this topic at start (repeatable)'
            cand --topic 'Create this topic at start (repeatable)'
            cand --port 'Registry port on 127.0.0.1 (0: any free port)'
            cand -o 'Output format: the address as text, or JSON'
            cand --output 'Output format: the address as text, or JSON'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;dev;help'= {
            cand broker 'Run the embedded broker (librdkafka''s mock cluster) until Ctrl-C or SIGTERM'
            cand registry 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM'
            cand up 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;dev;help;broker'= {
        }
        &'evctl;dev;help;registry'= {
        }
        &'evctl;dev;help;up'= {
        }
        &'evctl;dev;help;help'= {
        }
        &'evctl;config'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;config;show'= {
            cand -b 'Bootstrap brokers, host:port[,host:port...]'
            cand --brokers 'Bootstrap brokers, host:port[,host:port...]'
            cand -X 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)'
            cand --context 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)'
            cand --sasl-password-file 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line'
            cand --schema-registry 'Schema Registry URL (default: the context''s schema_registry)'
            cand --registry-user 'Registry basic-auth user'
            cand --registry-password 'Registry basic-auth password'
            cand --registry-ca-file 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA'
            cand -o 'Output format: a table, or one JSON object'
            cand --output 'Output format: a table, or one JSON object'
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;config;help'= {
            cand show 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;config;help;show'= {
        }
        &'evctl;config;help;help'= {
        }
        &'evctl;completions'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;man'= {
            cand -v 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand --verbose 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr'
            cand -q 'Silence progress and summaries on stderr (errors are still printed)'
            cand --quiet 'Silence progress and summaries on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evctl;help'= {
            cand produce 'Produce records from stdin or a file (lines, JSON, or JSONL envelopes)'
            cand consume 'Consume records from one or more topics, bounded or following'
            cand tail 'Follow one business transaction (a correlation id) across every topic, as a timeline'
            cand dlq 'Dead-letter queues: list them, show their records, replay them exactly once'
            cand lag 'Consumer lag per group and partition, in messages and in seconds, with a status'
            cand group 'Consumer groups: list, describe (members, lag), reset offsets (a plan first), delete'
            cand top 'A live dashboard: group lag and its trend, topics, DLQs and the order funnel'
            cand topics 'List, describe, create and delete topics'
            cand schema 'Schema tools for CI (Avro, Protobuf, JSON Schema): `schema check`, `schema push`'
            cand registry 'The Schema Registry: subjects, schemas, compatibility and mode (deletes are a dry run unless --execute)'
            cand simulate 'Run the simulated marketplace end to end (the embedded broker by default)'
            cand dev 'Local development services (the embedded broker)'
            cand config 'Show the connection settings a command would use, and where each comes from'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evctl;help;produce'= {
        }
        &'evctl;help;consume'= {
        }
        &'evctl;help;tail'= {
        }
        &'evctl;help;dlq'= {
            cand list 'Every dead-letter topic with its depth, oldest and newest record and top errors'
            cand show 'A DLQ''s records, decoded, with where they came from and why they failed'
            cand replay 'Send a DLQ''s records back where they came from, once each (resumable)'
        }
        &'evctl;help;dlq;list'= {
        }
        &'evctl;help;dlq;show'= {
        }
        &'evctl;help;dlq;replay'= {
        }
        &'evctl;help;lag'= {
        }
        &'evctl;help;group'= {
            cand list 'List the cluster''s consumer groups: state, assignor, members'
            cand describe 'A group''s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown'
            cand reset 'Move a group''s committed offsets: a dry run (the plan) unless --execute'
            cand delete 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members'
        }
        &'evctl;help;group;list'= {
        }
        &'evctl;help;group;describe'= {
        }
        &'evctl;help;group;reset'= {
        }
        &'evctl;help;group;delete'= {
        }
        &'evctl;help;top'= {
        }
        &'evctl;help;topics'= {
            cand list 'List topics with their partition and replica counts'
            cand describe 'Show a topic''s partitions (leader, replicas, ISR, offsets) and configs'
            cand create 'Create a topic'
            cand skew 'How a topic''s recent writes spread over its partitions: each one''s records, rate and share, the hot ones (at least 2x the others'' mean), and the keys that dominate'
            cand delete 'Delete topics'
        }
        &'evctl;help;topics;list'= {
        }
        &'evctl;help;topics;describe'= {
        }
        &'evctl;help;topics;create'= {
        }
        &'evctl;help;topics;skew'= {
        }
        &'evctl;help;topics;delete'= {
        }
        &'evctl;help;schema'= {
            cand check 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry''s own rules'
            cand push 'The CI step: check each file against its subject''s registered versions (at the subject''s level, as `schema check`) and register it only when compatible'
        }
        &'evctl;help;schema;check'= {
        }
        &'evctl;help;schema;push'= {
        }
        &'evctl;help;registry'= {
            cand subjects 'List subjects (--deleted: soft-deleted ones too)'
            cand subject 'Subjects: delete'
            cand schema 'Schemas: get, versions, register, delete, references'
            cand compatibility 'The compatibility level of a subject or of the registry'
            cand mode 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry'
        }
        &'evctl;help;registry;subjects'= {
        }
        &'evctl;help;registry;subject'= {
            cand delete 'Delete a subject''s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute'
        }
        &'evctl;help;registry;subject;delete'= {
        }
        &'evctl;help;registry;schema'= {
            cand get 'A schema by id, or a subject''s version (default: latest), with its type and references'
            cand versions 'A subject''s versions'
            cand register 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references'
            cand delete 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute'
            cand references 'Which schemas reference a subject''s version (what a delete would break)'
        }
        &'evctl;help;registry;schema;get'= {
        }
        &'evctl;help;registry;schema;versions'= {
        }
        &'evctl;help;registry;schema;register'= {
        }
        &'evctl;help;registry;schema;delete'= {
        }
        &'evctl;help;registry;schema;references'= {
        }
        &'evctl;help;registry;compatibility'= {
            cand get 'Show it: the subject''s own, else the global one (said so)'
            cand set 'Set it, for a subject or the registry'
        }
        &'evctl;help;registry;compatibility;get'= {
        }
        &'evctl;help;registry;compatibility;set'= {
        }
        &'evctl;help;registry;mode'= {
            cand get 'Show it: the subject''s own, else the global one (said so)'
            cand set 'Set it, for a subject or the registry'
        }
        &'evctl;help;registry;mode;get'= {
        }
        &'evctl;help;registry;mode;set'= {
        }
        &'evctl;help;simulate'= {
            cand marketplace 'Run the event-driven marketplace end to end and check its guarantees'
        }
        &'evctl;help;simulate;marketplace'= {
        }
        &'evctl;help;dev'= {
            cand broker 'Run the embedded broker (librdkafka''s mock cluster) until Ctrl-C or SIGTERM'
            cand registry 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM'
            cand up 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM'
        }
        &'evctl;help;dev;broker'= {
        }
        &'evctl;help;dev;registry'= {
        }
        &'evctl;help;dev;up'= {
        }
        &'evctl;help;config'= {
            cand show 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>'
        }
        &'evctl;help;config;show'= {
        }
        &'evctl;help;completions'= {
        }
        &'evctl;help;man'= {
        }
        &'evctl;help;help'= {
        }
    ]
    $completions[$command]
}
