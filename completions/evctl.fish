# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_evctl_global_optspecs
    string join \n v/verbose q/quiet h/help V/version
end

function __fish_evctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_evctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_evctl_using_subcommand
    set -l cmd (__fish_evctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c evctl -n "__fish_evctl_needs_command" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_needs_command" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_needs_command" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "produce" -d 'Produce records from stdin or a file (lines, JSON, or JSONL envelopes)'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "consume" -d 'Consume records from one or more topics, bounded or following'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "tail" -d 'Follow one business transaction (a correlation id) across every topic, as a timeline'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "dlq" -d 'Dead-letter queues: list them, show their records, replay them exactly once'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "lag" -d 'Consumer lag per group and partition, in messages and in seconds, with a status'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "group" -d 'Consumer groups: list, describe (members, lag), reset offsets (a plan first), delete'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "top" -d 'A live dashboard: group lag and its trend, topics, DLQs and the order funnel'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "topics" -d 'List, describe, create and delete topics'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "schema" -d 'Schema tools for CI (Avro, Protobuf, JSON Schema): `schema check`, `schema push`'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "registry" -d 'The Schema Registry: subjects, schemas, compatibility and mode (deletes are a dry run unless --execute)'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "simulate" -d 'Run the simulated marketplace end to end (the embedded broker by default)'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "dev" -d 'Local development services (the embedded broker)'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "config" -d 'Show the connection settings a command would use, and where each comes from'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c evctl -n "__fish_evctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s f -l file -d 'Read records from this file instead of stdin' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l input -d 'How input lines are read' -r -f -a "lines\t'Each line is one value (as kcat -P)'
json\t'Each line is one JSON document, sent as it is (validated)'
envelope\t'Each line is a JSONL envelope {"key","headers","value",...}: what consume -o jsonl writes, or kcat -J ("payload", headers as a list; also --input kcat-json)'"
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s k -l key -d 'Key for every record' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l key-field -d 'Take each record\'s key from this field of its JSON value (e.g. orderId, customer.id)' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s H -l header -d 'Header added to every record (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s p -l partition -d 'Send every record to this partition' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l value-format -d 'Value encoding: as read (the default), or JSON in and avro, protobuf or json-schema out in the Confluent wire format (magic 0, 4-byte schema id, datum) with the writer schema from the registry (the subject\'s latest, --value-schema FILE or --schema-id N)' -r -f -a "raw\t'The input value\'s bytes as they are'
avro\t'JSON in, Avro (Confluent wire format) out'
protobuf\t'ProtoJSON in, Protobuf out (Confluent wire format with the message-index array)'
json-schema\t'JSON in, validated against the JSON Schema, framed as it is'"
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l value-schema -d 'Writer schema file (.avsc, .proto, .json); looked up in the registry, or registered with --register' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l proto-type -d '--value-format protobuf: the message to write, by full name (default: the file\'s first message; nested ones as pkg.Outer.Inner)' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l key-proto-type -d '--key-format protobuf: the key\'s message by full name (default: the file\'s first)' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l proto-path -d 'A folder .proto imports and JSON Schema $refs are looked for in, after the schema file\'s own folder (repeatable; the well-known types are built in)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l schema-id -d 'Use this registry schema id as the writer schema' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l key-format -d 'Key encoding: string (as given), json, or avro, protobuf or json-schema (with --key-schema or the subject <topic>-key\'s latest)' -r -f -a "string\t''
json\t''
avro\t''
protobuf\t''
json-schema\t''"
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l key-schema -d 'Key writer schema file (.avsc, .proto, .json; registered with --register)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l subject-strategy -d 'Subject naming: topic (<topic>-value), record (<record full name>), topic-record' -r -f -a "topic\t''
record\t''
topic-record\t''"
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l sign-key-file -d 'Sign every record with the key in FILE: an evctl-signature header, HMAC-SHA256 over key, value and the other headers, with the key\'s id (consume --verify-key-file checks it)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s o -l output -d 'Summary format (the summary goes to stderr as text, to stdout as JSON)' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l keep-partition -d 'With --input envelope: send each record to the envelope\'s partition'
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l keep-timestamp -d 'With --input envelope: keep the envelope\'s timestamp'
complete -c evctl -n "__fish_evctl_using_subcommand produce" -l register -d 'Register --value-schema (and --key-schema) under the subject (same id if already registered); a .proto\'s local imports and a JSON Schema\'s local $refs are registered first, each under its import path, as references'
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand produce" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l topic-regex -d 'Read every topic whose name matches this regex (anchored at both ends)' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l from -d 'Where to start in each partition' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l until -d 'Where to stop in each partition (exclusive); bounded reads stop at the end seen at start' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s n -l count -d 'Stop after this many records (after filters)' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s g -l group -d 'Read as this consumer group; offsets are committed only after records are written' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l key -d 'Only records with exactly this key' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l header -d 'Only records with this header (repeatable; all must match)' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l match -d 'Only records whose JSON value has PATH equal to VALUE (repeatable), e.g. items[0].productId=p-1' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s o -l output -d 'Output format' -r -f -a "jsonl\t'One JSON envelope per line (the default when stdout is not a terminal)'
json\t'One JSON array of envelopes'
text\t'One readable line per record (the default on a terminal)'
raw\t'The value bytes and a newline, nothing else (as kcat -C)'"
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l schemas -d 'Decode framed values with the .avsc and .proto files in this directory: the file named after the topic (order.created.avsc, orders.proto), else the Avro one that decodes it' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l timestamps -d 'Show Avro timestamp-millis/micros as RFC 3339 text instead of numbers' -r -f -a "millis\t''
rfc3339\t''"
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l format -d 'kcat-style template: %t topic, %p partition, %o offset, %k key, %s value, %h headers, %T timestamp' -r
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l verify-key-file -d 'Check each record\'s evctl-signature (HMAC-SHA256) with the key in FILE (repeatable: several keys, e.g. during a rotation); each record is marked verified, unsigned or bad' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s f -l follow -d 'Keep reading new records until interrupted'
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l skip-undecodable -d 'Skip values that cannot be decoded instead of showing them in base64 and exiting 2'
complete -c evctl -n "__fish_evctl_using_subcommand consume" -l require-signature -d 'With --verify-key-file: an unsigned or badly signed record ends the read with exit 2, naming the record'
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand consume" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l correlation-id -d 'A correlation id to follow (repeatable: one timeline each)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l key -d 'Follow records with this key instead (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l trace-id -d 'Follow the trace id inside W3C traceparent headers (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l ids-from -d 'Read correlation ids from a file, one per line ("-": stdin)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l topics -d 'Only these topics (comma-separated; default: every topic not starting with _)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l topic-regex -d 'Only topics whose name matches this regex (anchored at both ends)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l header -d 'The header that carries the correlation id (repeatable; replaces the defaults)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l field -d 'The value field that carries the correlation id, e.g. meta.correlationId' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l since -d 'Where to start: start | @<RFC3339> | @-<duration>' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l until -d 'Where to stop: end (captured at start) | @<time>' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l timeout -d 'With -f: stop after this long (e.g. 30s, 5m)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l terminal -d 'A topic where a flow is over (repeatable; default: order.shipped, order.cancelled)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -s o -l output -d 'Output format' -r -f -a "text\t'A timeline per id: time, +gap, topic[partition]@offset, type, source, summary'
jsonl\t'The matching records as JSONL envelopes (as `consume` writes them), in time order'
json\t'One trace object per id: events, hops with latencies, total, where it ended'"
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l export -d 'Also write each timeline as a trace to FILE: otlp (OTLP/JSON, for an OpenTelemetry collector or POST /v1/traces) or jaeger (Jaeger UI\'s "upload JSON"). One span per record' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l schemas -d 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l verify-key-file -d 'Check each record\'s evctl-signature (HMAC-SHA256) with the key in FILE (repeatable: several keys, e.g. during a rotation); each record is marked verified, unsigned or bad' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l id-is-key -d 'The correlation ids are also the records\' keys (the marketplace keys by orderId): read only the partitions they hash to, as with --key'
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l all-partitions -d 'Read every partition, not only the ones the keys hash to (after a topic\'s partition count changed, or for records a custom partitioner placed)'
complete -c evctl -n "__fish_evctl_using_subcommand tail" -s f -l follow -d 'Keep watching: print each new hop as it arrives, until Ctrl-C or --timeout'
complete -c evctl -n "__fish_evctl_using_subcommand tail" -l require-signature -d 'With --verify-key-file: an unsigned or badly signed record ends the read with exit 2, naming the record'
complete -c evctl -n "__fish_evctl_using_subcommand tail" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand tail" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand tail" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and not __fish_seen_subcommand_from list show replay help" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and not __fish_seen_subcommand_from list show replay help" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and not __fish_seen_subcommand_from list show replay help" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and not __fish_seen_subcommand_from list show replay help" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and not __fish_seen_subcommand_from list show replay help" -f -a "list" -d 'Every dead-letter topic with its depth, oldest and newest record and top errors'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and not __fish_seen_subcommand_from list show replay help" -f -a "show" -d 'A DLQ\'s records, decoded, with where they came from and why they failed'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and not __fish_seen_subcommand_from list show replay help" -f -a "replay" -d 'Send a DLQ\'s records back where they came from, once each (resumable)'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and not __fish_seen_subcommand_from list show replay help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l pattern -d 'Which topics are DLQs (default: names ending .dlq, .DLT, -dlt, .deadletter)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l fail-above -d 'Exit 1 when any DLQ holds more than N records not replayed yet (an alert)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l non-empty -d 'Leave out empty DLQs'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l since -d 'Only records dead-lettered at or after: @<RFC3339> or @-<duration>' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l until -d 'Only records dead-lettered before: @<RFC3339> or @-<duration>' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l error -d 'Only records whose recorded error matches this regex' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l correlation-id -d 'Only records of this correlation id (headers or the value\'s correlationId)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l key -d 'Only records with this key' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l max -d 'At most this many records' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -l schemas -d 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "text\t'Two lines per record: where, age, origin, error; the value'
jsonl\t'consume\'s envelope plus a "provenance" object, one per line'"
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l to -d 'Where records without provenance headers go (default: the DLQ\'s name without its suffix)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l max-replays -d 'Refuse records already replayed this many times (their replay.count): the loop guard' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l since -d 'Only records dead-lettered at or after: @<RFC3339> or @-<duration>' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l until -d 'Only records dead-lettered before: @<RFC3339> or @-<duration>' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l error -d 'Only records whose recorded error matches this regex' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l correlation-id -d 'Only records of this correlation id (headers or the value\'s correlationId)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l key -d 'Only records with this key' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l max -d 'At most this many records' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l schemas -d 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l rate -d 'At most this many records per second (default: unlimited)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l group -d 'The consumer group that keeps the replay\'s progress' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l lookback -d 'Read the destinations back only this far (e.g. 24h; default: from their start)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s o -l output -d 'Output format: the summary as text, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l keep-partition -d 'Send each record to its original partition (default: by key, as the producer would)'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l dry-run -d 'Print the plan (per destination, error and age, with samples) and write nothing'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every dead-letter topic with its depth, oldest and newest record and top errors'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "show" -d 'A DLQ\'s records, decoded, with where they came from and why they failed'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Send a DLQ\'s records back where they came from, once each (resumable)'
complete -c evctl -n "__fish_evctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand lag" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l interval -d 'Time between samples: with --watch (default 1s), with --serve (default 15s)' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l window -d 'How many samples the status is judged over' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l fail-above -d 'Exit 1 when any partition lags by more than N messages' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l fail-above-seconds -d 'Exit 1 when any partition lags by more than S seconds' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l serve -d 'Serve the lag as Prometheus metrics at http://HOST:PORT/metrics (a bare PORT binds 127.0.0.1) until Ctrl-C, collecting every --interval' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l cluster-name -d 'With --serve: the cluster_name label (kafka-lag-exporter\'s)' -r
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l granularity -d 'With --serve: a series per partition (kafka-lag-exporter\'s), or only per group and topic' -r -f -a "topic\t'Per group and topic only (bounded series count)'
partition\t'Also every partition\'s lag, seconds and offset'"
complete -c evctl -n "__fish_evctl_using_subcommand lag" -s o -l output -d 'Output format: a table, or JSON (one array of group objects per sample); with --serve, the URL, or one JSON line with it' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand lag" -l watch -d 'Sample again every --interval until Ctrl-C, judging the status over --window samples'
complete -c evctl -n "__fish_evctl_using_subcommand lag" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand lag" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand lag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand lag" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -f -a "list" -d 'List the cluster\'s consumer groups: state, assignor, members'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -f -a "describe" -d 'A group\'s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -f -a "reset" -d 'Move a group\'s committed offsets: a dry run (the plan) unless --execute'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -f -a "delete" -d 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members'
complete -c evctl -n "__fish_evctl_using_subcommand group; and not __fish_seen_subcommand_from list describe reset delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s o -l output -d 'Output format: tables, or JSON (one object per group)' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l to -d 'Where to: earliest | latest | <offset> | +<n> (n after the start) | -<n> (n before the end) | @<RFC3339 time> | @-<duration> (e.g. @-1h)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l shift-by -d 'Move each partition\'s committed offset by N (negative: back, to read again)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l from-file -d 'The offsets to set, from Kafka\'s `topic,partition,offset` CSV or evctl\'s JSON (a plan printed with -o json, or a backup); it names its own partitions' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l topic -d 'A topic to reset, all its partitions or some: T or T:0,3 (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l backup -d 'Where --execute writes the group\'s current offsets (default: GROUP.offsets-<UTC time>.json)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l wait-empty -d 'With --execute: wait up to this long for the group\'s members to leave, instead of refusing at once' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -s o -l output -d 'Output format: a table, or JSON (which --from-file reads back)' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l all-topics -d 'Every topic the group has committed offsets on'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -l execute -d 'Apply the plan (after writing the backup); without it nothing changes'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -l backup -d 'Where to write the group\'s offsets first (default: GROUP.offsets-<UTC time>.json)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -s o -l output -d '`json`: print what was deleted on stdout' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the cluster\'s consumer groups: state, assignor, members'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "describe" -d 'A group\'s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Move a group\'s committed offsets: a dry run (the plan) unless --execute'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members'
complete -c evctl -n "__fish_evctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand top" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand top" -s g -l group -d 'Show this consumer group (repeatable); needed where the broker cannot list them' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l interval -d 'Time between samples' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l window -d 'Samples a status is judged over (as evctl lag --window)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l stuck-after -d 'An order in one funnel step longer than this counts as stuck' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l funnel -d 'The flow\'s topics in order (2 to 32); default: the marketplace\'s, when they exist' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l since -d 'Where the funnel starts reading its topics: a time (@-1h, @2026-12-01T10:00:00Z) or start [default: @-1h; with --simulate: start, the run\'s topics are new]' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l orders -d 'Orders to send, as fast as the pipeline takes them [default: 10000; top --simulate: 300 per second for 2 minutes, the broker then stays up until you quit]' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l rate -d 'Orders per second instead (with --duration)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l duration -d 'How long to send at --rate, e.g. 30s or 2m' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l seed -d 'Seed of the order generator and of every decision (declines, failures, back-off)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l replicas -d 'Consumer group members per service' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -s p -l partitions -d 'Partitions per topic (topics are created when missing)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l decline-rate -d 'Share of payments declined (those orders are cancelled)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l failure-rate -d 'Share of payment attempts that time out and are retried with back-off' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l poison-rate -d 'Share of malformed records the gateway sends (each must end in order.created.dlq)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l max-retries -d 'Retries before an event goes to its topic\'s .dlq' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l format -d 'The events\' format on the wire: avro, protobuf or json-schema (the contracts in schemas/ in that format, registered under <topic>-value)' -r -f -a "avro\t''
protobuf\t''
json-schema\t''"
complete -c evctl -n "__fish_evctl_using_subcommand top" -l http -d 'The gateway also takes orders over HTTP: POST /orders with {customerId, items: [{productId, quantity}]} answers 202 {orderId, correlationId}; GET /orders/{id} answers from the read model; GET /healthz. With --orders 0 the run takes posted orders until Ctrl-C, then reports. A bare port listens on 127.0.0.1' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l max-in-flight -d 'Back-pressure: the gateway (and POST /orders) holds new orders while N orders are unfinished (sent, not yet shipped, cancelled or dead-lettered); the report says how long it held' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l breaker-failures -d 'payment-service calls its payment provider through a circuit breaker that opens after N consecutive failed calls; while it is open, events wait instead of using their retries (none is dead-lettered for a provider outage). 0: no breaker. [default: 3, or --max-retries + 1 when that is less]' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l breaker-cooldown -d 'How long the breaker stays open before it lets one trial call through (half-open)' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l canary -d 'Run a canary of this service (order, payment, inventory or shipping) in a shadow consumer group beside it: the same inputs, its own state, no outputs and no side effects; each of its decisions is compared with production\'s for the same input. The report shows the agreement and the first disagreements' -r
complete -c evctl -n "__fish_evctl_using_subcommand top" -l canary-fault -d 'Plant a difference in the canary so the comparison is seen to fail: decline-all (its payment-service declines every payment; with --canary payment)' -r -f -a "decline-all\t''"
complete -c evctl -n "__fish_evctl_using_subcommand top" -l simulate -d 'Run the marketplace in this process on the embedded broker and watch it (the simulation\'s report is printed when you quit; quitting before it finished exits 130). Not with -b/--context; EVCTL_BROKERS and EVCTL_CONTEXT are ignored'
complete -c evctl -n "__fish_evctl_using_subcommand top" -l chaos -d 'Run a seeded fault plan: the broker down and back, failed requests (embedded broker only), a member crash with a rebalance, duplicate deliveries; all shown in the report'
complete -c evctl -n "__fish_evctl_using_subcommand top" -l exactly-once -d 'Transactions instead of commit-after-acknowledgement: each batch\'s outputs and its input offsets are committed in one transaction, consumers read_committed. The embedded broker accepts the calls without their semantics; brokers that refuse transactions stop the run with exit 2. The report says which guarantee the run had'
complete -c evctl -n "__fish_evctl_using_subcommand top" -l evolve -d 'Halfway through, register OrderCreated v2 (a field added the compatible way, in the run\'s --format) through the registry\'s compatibility check; the gateway then writes v2 while the services keep v1\'s reader. The report counts each version read per consumer'
complete -c evctl -n "__fish_evctl_using_subcommand top" -l evolve-breaking -d 'Halfway through, try a breaking OrderCreated v2 (totalCents becomes a string): the registry must refuse it (409) and the gateway keeps v1'
complete -c evctl -n "__fish_evctl_using_subcommand top" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand top" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand top" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand top" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -f -a "list" -d 'List topics with their partition and replica counts'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -f -a "describe" -d 'Show a topic\'s partitions (leader, replicas, ISR, offsets) and configs'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -f -a "create" -d 'Create a topic'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -f -a "skew" -d 'How a topic\'s recent writes spread over its partitions: each one\'s records, rate and share, the hot ones (at least 2x the others\' mean), and the keys that dominate'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -f -a "delete" -d 'Delete topics'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and not __fish_seen_subcommand_from list describe create skew delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -l all -d 'Include internal topics (names starting with __)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -s o -l output -d 'Output format: a table, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s p -l partitions -d 'Number of partitions' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s r -l replication -d 'Replication factor' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s c -l config -d 'Topic config (repeatable), e.g. -c cleanup.policy=compact' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s o -l output -d '`json`: print what was created on stdout' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -l window -l sample -d 'How far back to look (records written since now minus this)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -l keys -d 'How many of the most frequent keys to show' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -s o -l output -d 'Output format: tables, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -l fail-on-hot -d 'Exit 1 when a partition is hot (for CI or an alert)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from skew" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -s o -l output -d '`json`: print what was deleted on stdout' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "list" -d 'List topics with their partition and replica counts'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Show a topic\'s partitions (leader, replicas, ISR, offsets) and configs'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a topic'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "skew" -d 'How a topic\'s recent writes spread over its partitions: each one\'s records, rate and share, the hot ones (at least 2x the others\' mean), and the keys that dominate'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete topics'
complete -c evctl -n "__fish_evctl_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and not __fish_seen_subcommand_from check push help" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and not __fish_seen_subcommand_from check push help" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and not __fish_seen_subcommand_from check push help" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and not __fish_seen_subcommand_from check push help" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and not __fish_seen_subcommand_from check push help" -f -a "check" -d 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry\'s own rules'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and not __fish_seen_subcommand_from check push help" -f -a "push" -d 'The CI step: check each file against its subject\'s registered versions (at the subject\'s level, as `schema check`) and register it only when compatible'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and not __fish_seen_subcommand_from check push help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l against -d 'An earlier version (repeatable, oldest first)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l against-git -d 'Compare each file with its version at this git branch, tag or commit' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l schema-registry -d 'Compare with the registered versions of each file\'s subject. --against and --against-git take precedence (so an exported EVCTL_SCHEMA_REGISTRY does not get in their way)' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l subject -d 'Registry subject (default: <file stem>-value, the topic strategy)' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l compatibility -d 'backward, backward_transitive, forward, forward_transitive, full, full_transitive, none (default: backward, or the registry subject\'s setting)' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l schema-type -d 'The schema type of every file: avro, protobuf or json (default: from the extension)' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l proto-path -d 'A folder Protobuf imports (and JSON Schema `$ref`s) are looked for in, after the importing file\'s own folder (repeatable; the well-known types are built in)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l compatibility-policy -d 'JSON Schema only: strict (the default) or lenient, as the registry\'s compatibilityPolicy' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -l error-format -d 'How findings are reported (text for people; json, github annotations or junit for CI)' -r -f -a "text\t''
json\t''
github\t'GitHub Actions annotations (::error file=…,line=…::…)'
junit\t'A JUnit XML report'"
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l context -d 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l subject-map -d 'A file of `FILE SUBJECT` lines (or FILE=SUBJECT): the subject of each file' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l schema-type -d 'The schema type of every file: avro, protobuf or json (default: from the extension)' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l proto-path -d 'A folder Protobuf imports (and JSON Schema `$ref`s) are looked for in, after the importing file\'s own folder (repeatable; the well-known types are built in)' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l compatibility-policy -d 'JSON Schema only: strict (the default) or lenient, as the registry\'s compatibilityPolicy' -r
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l error-format -d 'How findings are reported (text for people; json, github annotations or junit for CI)' -r -f -a "text\t''
json\t''
github\t'GitHub Actions annotations (::error file=…,line=…::…)'
junit\t'A JUnit XML report'"
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -s o -l output -d 'Output: a line per subject, or JSON ({subject, id, version, status} per subject)' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -l dry-run -d 'Check and look up, register nothing'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from push" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry\'s own rules'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "push" -d 'The CI step: check each file against its subject\'s registered versions (at the subject\'s level, as `schema check`) and register it only when compatible'
complete -c evctl -n "__fish_evctl_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -f -a "subjects" -d 'List subjects (--deleted: soft-deleted ones too)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -f -a "subject" -d 'Subjects: delete'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -f -a "schema" -d 'Schemas: get, versions, register, delete, references'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -f -a "compatibility" -d 'The compatibility level of a subject or of the registry'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -f -a "mode" -d 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and not __fish_seen_subcommand_from subjects subject schema compatibility mode help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -l context -d 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)' -r
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -s o -l output -d 'Output format: text, or the registry\'s answer as JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -l deleted -d 'Include soft-deleted subjects'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subjects" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subject" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subject" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subject" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subject" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subject" -f -a "delete" -d 'Delete a subject\'s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from subject" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -f -a "get" -d 'A schema by id, or a subject\'s version (default: latest), with its type and references'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -f -a "versions" -d 'A subject\'s versions'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -f -a "register" -d 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -f -a "delete" -d 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -f -a "references" -d 'Which schemas reference a subject\'s version (what a delete would break)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from schema" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from compatibility" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from compatibility" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from compatibility" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from compatibility" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from compatibility" -f -a "get" -d 'Show it: the subject\'s own, else the global one (said so)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from compatibility" -f -a "set" -d 'Set it, for a subject or the registry'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from compatibility" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from mode" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from mode" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from mode" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from mode" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from mode" -f -a "get" -d 'Show it: the subject\'s own, else the global one (said so)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from mode" -f -a "set" -d 'Set it, for a subject or the registry'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from mode" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "subjects" -d 'List subjects (--deleted: soft-deleted ones too)'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "subject" -d 'Subjects: delete'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "schema" -d 'Schemas: get, versions, register, delete, references'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "compatibility" -d 'The compatibility level of a subject or of the registry'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "mode" -d 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry'
complete -c evctl -n "__fish_evctl_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and not __fish_seen_subcommand_from marketplace help" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and not __fish_seen_subcommand_from marketplace help" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and not __fish_seen_subcommand_from marketplace help" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and not __fish_seen_subcommand_from marketplace help" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and not __fish_seen_subcommand_from marketplace help" -f -a "marketplace" -d 'Run the event-driven marketplace end to end and check its guarantees'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and not __fish_seen_subcommand_from marketplace help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l orders -d 'Orders to send, as fast as the pipeline takes them [default: 10000; top --simulate: 300 per second for 2 minutes, the broker then stays up until you quit]' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l rate -d 'Orders per second instead (with --duration)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l duration -d 'How long to send at --rate, e.g. 30s or 2m' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l seed -d 'Seed of the order generator and of every decision (declines, failures, back-off)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l replicas -d 'Consumer group members per service' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -s p -l partitions -d 'Partitions per topic (topics are created when missing)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l decline-rate -d 'Share of payments declined (those orders are cancelled)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l failure-rate -d 'Share of payment attempts that time out and are retried with back-off' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l poison-rate -d 'Share of malformed records the gateway sends (each must end in order.created.dlq)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l max-retries -d 'Retries before an event goes to its topic\'s .dlq' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l format -d 'The events\' format on the wire: avro, protobuf or json-schema (the contracts in schemas/ in that format, registered under <topic>-value)' -r -f -a "avro\t''
protobuf\t''
json-schema\t''"
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l http -d 'The gateway also takes orders over HTTP: POST /orders with {customerId, items: [{productId, quantity}]} answers 202 {orderId, correlationId}; GET /orders/{id} answers from the read model; GET /healthz. With --orders 0 the run takes posted orders until Ctrl-C, then reports. A bare port listens on 127.0.0.1' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l max-in-flight -d 'Back-pressure: the gateway (and POST /orders) holds new orders while N orders are unfinished (sent, not yet shipped, cancelled or dead-lettered); the report says how long it held' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l breaker-failures -d 'payment-service calls its payment provider through a circuit breaker that opens after N consecutive failed calls; while it is open, events wait instead of using their retries (none is dead-lettered for a provider outage). 0: no breaker. [default: 3, or --max-retries + 1 when that is less]' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l breaker-cooldown -d 'How long the breaker stays open before it lets one trial call through (half-open)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l canary -d 'Run a canary of this service (order, payment, inventory or shipping) in a shadow consumer group beside it: the same inputs, its own state, no outputs and no side effects; each of its decisions is compared with production\'s for the same input. The report shows the agreement and the first disagreements' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l canary-fault -d 'Plant a difference in the canary so the comparison is seen to fail: decline-all (its payment-service declines every payment; with --canary payment)' -r -f -a "decline-all\t''"
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l timeout -d 'How long to wait for the pipeline to drain after the last order' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l metrics-addr -d 'Serve Prometheus metrics at http://HOST:PORT/metrics while it runs (events processed, duplicates, retries, DLQ, lag, side effects, orders by status, latency histogram)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l services -d 'Run only these parts here: gateway, order, payment, inventory, shipping, projection (comma-separated). Several evctl processes with the same -b, --schema-registry, --run-id and --seed then share each service\'s consumer group. A process without the gateway runs until Ctrl-C; one without the projection reports its own services only' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l run-id -d 'Names the run (consumer groups evctl-sim-<ID>.<service>, order ids o-<ID>-<n>); processes of one scaled-out run share it. Default: derived from --seed on the embedded broker (the same seed repeats a run), a new id per run on a cluster' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -s o -l output -d 'Output format: the report as text, or one JSON object' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l log-format -d 'Logs on stderr as text lines or JSON objects; each carries its correlationId, eventId and orderId where it concerns one' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l log-level -d 'warn: dead letters, crashes, aborted transactions; info: + retries, chaos, members, the run; debug: + every event handled and every order finished. Default: info with --log-format json, off otherwise (the report says it all)' -r -f -a "off\t''
error\t''
warn\t''
info\t''
debug\t''
trace\t''"
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l chaos -d 'Run a seeded fault plan: the broker down and back, failed requests (embedded broker only), a member crash with a rebalance, duplicate deliveries; all shown in the report'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l exactly-once -d 'Transactions instead of commit-after-acknowledgement: each batch\'s outputs and its input offsets are committed in one transaction, consumers read_committed. The embedded broker accepts the calls without their semantics; brokers that refuse transactions stop the run with exit 2. The report says which guarantee the run had'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l evolve -d 'Halfway through, register OrderCreated v2 (a field added the compatible way, in the run\'s --format) through the registry\'s compatibility check; the gateway then writes v2 while the services keep v1\'s reader. The report counts each version read per consumer'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l evolve-breaking -d 'Halfway through, try a breaking OrderCreated v2 (totalCents becomes a string): the registry must refuse it (409) and the gateway keeps v1'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -l keep-running -d 'Keep the embedded broker and registry up after the report (Ctrl-C to stop)'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from marketplace" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from help" -f -a "marketplace" -d 'Run the event-driven marketplace end to end and check its guarantees'
complete -c evctl -n "__fish_evctl_using_subcommand simulate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and not __fish_seen_subcommand_from broker registry up help" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and not __fish_seen_subcommand_from broker registry up help" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and not __fish_seen_subcommand_from broker registry up help" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and not __fish_seen_subcommand_from broker registry up help" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and not __fish_seen_subcommand_from broker registry up help" -f -a "broker" -d 'Run the embedded broker (librdkafka\'s mock cluster) until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and not __fish_seen_subcommand_from broker registry up help" -f -a "registry" -d 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and not __fish_seen_subcommand_from broker registry up help" -f -a "up" -d 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and not __fish_seen_subcommand_from broker registry up help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -l brokers -d 'Number of brokers in the cluster' -r
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -s p -l partitions -d 'Partitions of each --topic' -r
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -s t -l topic -d 'Create this topic at start (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -l retention-bytes -d 'Size-based retention: each partition keeps its newest BYTES of log, older batches are deleted whether read or not (as retention.bytes on a Kafka topic). Default: 1 GiB' -r
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -s o -l output -d 'Output format: the address as text, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from broker" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from registry" -l port -d 'Port on 127.0.0.1 (0: any free port)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from registry" -s o -l output -d 'Output format: the address as text, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from registry" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from registry" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from registry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from registry" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from up" -s p -l partitions -d 'Partitions of each --topic' -r
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from up" -s t -l topic -d 'Create this topic at start (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from up" -l port -d 'Registry port on 127.0.0.1 (0: any free port)' -r
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from up" -s o -l output -d 'Output format: the address as text, or JSON' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from up" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from up" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from up" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from help" -f -a "broker" -d 'Run the embedded broker (librdkafka\'s mock cluster) until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from help" -f -a "registry" -d 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from help" -f -a "up" -d 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand dev; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand config; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand config; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>'
complete -c evctl -n "__fish_evctl_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -s X -d 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)' -r
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -l context -d 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)' -r
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -l sasl-password-file -d 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -l schema-registry -d 'Schema Registry URL (default: the context\'s schema_registry)' -r
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -l registry-user -d 'Registry basic-auth user' -r
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -l registry-password -d 'Registry basic-auth password' -r
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -l registry-ca-file -d 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA' -r -F
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: a table, or one JSON object' -r -f -a "text\t''
json\t''"
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>'
complete -c evctl -n "__fish_evctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand completions" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand completions" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand man" -s v -l verbose -d 'Log client properties (secrets redacted) and librdkafka\'s debug output to stderr'
complete -c evctl -n "__fish_evctl_using_subcommand man" -s q -l quiet -d 'Silence progress and summaries on stderr (errors are still printed)'
complete -c evctl -n "__fish_evctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c evctl -n "__fish_evctl_using_subcommand man" -s V -l version -d 'Print version'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "produce" -d 'Produce records from stdin or a file (lines, JSON, or JSONL envelopes)'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "consume" -d 'Consume records from one or more topics, bounded or following'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "tail" -d 'Follow one business transaction (a correlation id) across every topic, as a timeline'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "dlq" -d 'Dead-letter queues: list them, show their records, replay them exactly once'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "lag" -d 'Consumer lag per group and partition, in messages and in seconds, with a status'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "group" -d 'Consumer groups: list, describe (members, lag), reset offsets (a plan first), delete'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "top" -d 'A live dashboard: group lag and its trend, topics, DLQs and the order funnel'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "topics" -d 'List, describe, create and delete topics'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "schema" -d 'Schema tools for CI (Avro, Protobuf, JSON Schema): `schema check`, `schema push`'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "registry" -d 'The Schema Registry: subjects, schemas, compatibility and mode (deletes are a dry run unless --execute)'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "simulate" -d 'Run the simulated marketplace end to end (the embedded broker by default)'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "dev" -d 'Local development services (the embedded broker)'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "config" -d 'Show the connection settings a command would use, and where each comes from'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c evctl -n "__fish_evctl_using_subcommand help; and not __fish_seen_subcommand_from produce consume tail dlq lag group top topics schema registry simulate dev config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "list" -d 'Every dead-letter topic with its depth, oldest and newest record and top errors'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "show" -d 'A DLQ\'s records, decoded, with where they came from and why they failed'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "replay" -d 'Send a DLQ\'s records back where they came from, once each (resumable)'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "list" -d 'List the cluster\'s consumer groups: state, assignor, members'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "describe" -d 'A group\'s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "reset" -d 'Move a group\'s committed offsets: a dry run (the plan) unless --execute'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "delete" -d 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "list" -d 'List topics with their partition and replica counts'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "describe" -d 'Show a topic\'s partitions (leader, replicas, ISR, offsets) and configs'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "create" -d 'Create a topic'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "skew" -d 'How a topic\'s recent writes spread over its partitions: each one\'s records, rate and share, the hot ones (at least 2x the others\' mean), and the keys that dominate'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "delete" -d 'Delete topics'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "check" -d 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry\'s own rules'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "push" -d 'The CI step: check each file against its subject\'s registered versions (at the subject\'s level, as `schema check`) and register it only when compatible'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "subjects" -d 'List subjects (--deleted: soft-deleted ones too)'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "subject" -d 'Subjects: delete'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "schema" -d 'Schemas: get, versions, register, delete, references'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "compatibility" -d 'The compatibility level of a subject or of the registry'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "mode" -d 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from simulate" -f -a "marketplace" -d 'Run the event-driven marketplace end to end and check its guarantees'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from dev" -f -a "broker" -d 'Run the embedded broker (librdkafka\'s mock cluster) until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from dev" -f -a "registry" -d 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from dev" -f -a "up" -d 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM'
complete -c evctl -n "__fish_evctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>'
