
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'evctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'evctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'evctl' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('produce', 'produce', [CompletionResultType]::ParameterValue, 'Produce records from stdin or a file (lines, JSON, or JSONL envelopes)')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Consume records from one or more topics, bounded or following')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Follow one business transaction (a correlation id) across every topic, as a timeline')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Dead-letter queues: list them, show their records, replay them exactly once')
            [CompletionResult]::new('lag', 'lag', [CompletionResultType]::ParameterValue, 'Consumer lag per group and partition, in messages and in seconds, with a status')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Consumer groups: list, describe (members, lag), reset offsets (a plan first), delete')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'A live dashboard: group lag and its trend, topics, DLQs and the order funnel')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List, describe, create and delete topics')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Schema tools for CI (Avro, Protobuf, JSON Schema): `schema check`, `schema push`')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'The Schema Registry: subjects, schemas, compatibility and mode (deletes are a dry run unless --execute)')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run the simulated marketplace end to end (the embedded broker by default)')
            [CompletionResult]::new('dev', 'dev', [CompletionResultType]::ParameterValue, 'Local development services (the embedded broker)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the connection settings a command would use, and where each comes from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;produce' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read records from this file instead of stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read records from this file instead of stdin')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'How input lines are read')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Key for every record')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Key for every record')
            [CompletionResult]::new('--key-field', '--key-field', [CompletionResultType]::ParameterName, 'Take each record''s key from this field of its JSON value (e.g. orderId, customer.id)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header added to every record (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header added to every record (repeatable)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Send every record to this partition')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Send every record to this partition')
            [CompletionResult]::new('--value-format', '--value-format', [CompletionResultType]::ParameterName, 'Value encoding: as read (the default), or JSON in and avro, protobuf or json-schema out in the Confluent wire format (magic 0, 4-byte schema id, datum) with the writer schema from the registry (the subject''s latest, --value-schema FILE or --schema-id N)')
            [CompletionResult]::new('--value-schema', '--value-schema', [CompletionResultType]::ParameterName, 'Writer schema file (.avsc, .proto, .json); looked up in the registry, or registered with --register')
            [CompletionResult]::new('--proto-type', '--proto-type', [CompletionResultType]::ParameterName, '--value-format protobuf: the message to write, by full name (default: the file''s first message; nested ones as pkg.Outer.Inner)')
            [CompletionResult]::new('--key-proto-type', '--key-proto-type', [CompletionResultType]::ParameterName, '--key-format protobuf: the key''s message by full name (default: the file''s first)')
            [CompletionResult]::new('--proto-path', '--proto-path', [CompletionResultType]::ParameterName, 'A folder .proto imports and JSON Schema $refs are looked for in, after the schema file''s own folder (repeatable; the well-known types are built in)')
            [CompletionResult]::new('--schema-id', '--schema-id', [CompletionResultType]::ParameterName, 'Use this registry schema id as the writer schema')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'Key encoding: string (as given), json, or avro, protobuf or json-schema (with --key-schema or the subject <topic>-key''s latest)')
            [CompletionResult]::new('--key-schema', '--key-schema', [CompletionResultType]::ParameterName, 'Key writer schema file (.avsc, .proto, .json; registered with --register)')
            [CompletionResult]::new('--subject-strategy', '--subject-strategy', [CompletionResultType]::ParameterName, 'Subject naming: topic (<topic>-value), record (<record full name>), topic-record')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--sign-key-file', '--sign-key-file', [CompletionResultType]::ParameterName, 'Sign every record with the key in FILE: an evctl-signature header, HMAC-SHA256 over key, value and the other headers, with the key''s id (consume --verify-key-file checks it)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Summary format (the summary goes to stderr as text, to stdout as JSON)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Summary format (the summary goes to stderr as text, to stdout as JSON)')
            [CompletionResult]::new('--keep-partition', '--keep-partition', [CompletionResultType]::ParameterName, 'With --input envelope: send each record to the envelope''s partition')
            [CompletionResult]::new('--keep-timestamp', '--keep-timestamp', [CompletionResultType]::ParameterName, 'With --input envelope: keep the envelope''s timestamp')
            [CompletionResult]::new('--register', '--register', [CompletionResultType]::ParameterName, 'Register --value-schema (and --key-schema) under the subject (same id if already registered); a .proto''s local imports and a JSON Schema''s local $refs are registered first, each under its import path, as references')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;consume' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--topic-regex', '--topic-regex', [CompletionResultType]::ParameterName, 'Read every topic whose name matches this regex (anchored at both ends)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Where to start in each partition')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Where to stop in each partition (exclusive); bounded reads stop at the end seen at start')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Stop after this many records (after filters)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after this many records (after filters)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Read as this consumer group; offsets are committed only after records are written')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Read as this consumer group; offsets are committed only after records are written')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only records with exactly this key')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Only records with this header (repeatable; all must match)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only records whose JSON value has PATH equal to VALUE (repeatable), e.g. items[0].productId=p-1')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Decode framed values with the .avsc and .proto files in this directory: the file named after the topic (order.created.avsc, orders.proto), else the Avro one that decodes it')
            [CompletionResult]::new('--timestamps', '--timestamps', [CompletionResultType]::ParameterName, 'Show Avro timestamp-millis/micros as RFC 3339 text instead of numbers')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'kcat-style template: %t topic, %p partition, %o offset, %k key, %s value, %h headers, %T timestamp')
            [CompletionResult]::new('--verify-key-file', '--verify-key-file', [CompletionResultType]::ParameterName, 'Check each record''s evctl-signature (HMAC-SHA256) with the key in FILE (repeatable: several keys, e.g. during a rotation); each record is marked verified, unsigned or bad')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep reading new records until interrupted')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep reading new records until interrupted')
            [CompletionResult]::new('--skip-undecodable', '--skip-undecodable', [CompletionResultType]::ParameterName, 'Skip values that cannot be decoded instead of showing them in base64 and exiting 2')
            [CompletionResult]::new('--require-signature', '--require-signature', [CompletionResultType]::ParameterName, 'With --verify-key-file: an unsigned or badly signed record ends the read with exit 2, naming the record')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;tail' {
            [CompletionResult]::new('--correlation-id', '--correlation-id', [CompletionResultType]::ParameterName, 'A correlation id to follow (repeatable: one timeline each)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Follow records with this key instead (repeatable)')
            [CompletionResult]::new('--trace-id', '--trace-id', [CompletionResultType]::ParameterName, 'Follow the trace id inside W3C traceparent headers (repeatable)')
            [CompletionResult]::new('--ids-from', '--ids-from', [CompletionResultType]::ParameterName, 'Read correlation ids from a file, one per line ("-": stdin)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--topics', '--topics', [CompletionResultType]::ParameterName, 'Only these topics (comma-separated; default: every topic not starting with _)')
            [CompletionResult]::new('--topic-regex', '--topic-regex', [CompletionResultType]::ParameterName, 'Only topics whose name matches this regex (anchored at both ends)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The header that carries the correlation id (repeatable; replaces the defaults)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'The value field that carries the correlation id, e.g. meta.correlationId')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Where to start: start | @<RFC3339> | @-<duration>')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Where to stop: end (captured at start) | @<time>')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'With -f: stop after this long (e.g. 30s, 5m)')
            [CompletionResult]::new('--terminal', '--terminal', [CompletionResultType]::ParameterName, 'A topic where a flow is over (repeatable; default: order.shipped, order.cancelled)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Also write each timeline as a trace to FILE: otlp (OTLP/JSON, for an OpenTelemetry collector or POST /v1/traces) or jaeger (Jaeger UI''s "upload JSON"). One span per record')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)')
            [CompletionResult]::new('--verify-key-file', '--verify-key-file', [CompletionResultType]::ParameterName, 'Check each record''s evctl-signature (HMAC-SHA256) with the key in FILE (repeatable: several keys, e.g. during a rotation); each record is marked verified, unsigned or bad')
            [CompletionResult]::new('--id-is-key', '--id-is-key', [CompletionResultType]::ParameterName, 'The correlation ids are also the records'' keys (the marketplace keys by orderId): read only the partitions they hash to, as with --key')
            [CompletionResult]::new('--all-partitions', '--all-partitions', [CompletionResultType]::ParameterName, 'Read every partition, not only the ones the keys hash to (after a topic''s partition count changed, or for records a custom partitioner placed)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep watching: print each new hop as it arrives, until Ctrl-C or --timeout')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep watching: print each new hop as it arrives, until Ctrl-C or --timeout')
            [CompletionResult]::new('--require-signature', '--require-signature', [CompletionResultType]::ParameterName, 'With --verify-key-file: an unsigned or badly signed record ends the read with exit 2, naming the record')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;dlq' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every dead-letter topic with its depth, oldest and newest record and top errors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'A DLQ''s records, decoded, with where they came from and why they failed')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send a DLQ''s records back where they came from, once each (resumable)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;dlq;list' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--pattern', '--pattern', [CompletionResultType]::ParameterName, 'Which topics are DLQs (default: names ending .dlq, .DLT, -dlt, .deadletter)')
            [CompletionResult]::new('--fail-above', '--fail-above', [CompletionResultType]::ParameterName, 'Exit 1 when any DLQ holds more than N records not replayed yet (an alert)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON')
            [CompletionResult]::new('--non-empty', '--non-empty', [CompletionResultType]::ParameterName, 'Leave out empty DLQs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;dlq;show' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only records dead-lettered at or after: @<RFC3339> or @-<duration>')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only records dead-lettered before: @<RFC3339> or @-<duration>')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Only records whose recorded error matches this regex')
            [CompletionResult]::new('--correlation-id', '--correlation-id', [CompletionResultType]::ParameterName, 'Only records of this correlation id (headers or the value''s correlationId)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only records with this key')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'At most this many records')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;dlq;replay' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where records without provenance headers go (default: the DLQ''s name without its suffix)')
            [CompletionResult]::new('--max-replays', '--max-replays', [CompletionResultType]::ParameterName, 'Refuse records already replayed this many times (their replay.count): the loop guard')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only records dead-lettered at or after: @<RFC3339> or @-<duration>')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only records dead-lettered before: @<RFC3339> or @-<duration>')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Only records whose recorded error matches this regex')
            [CompletionResult]::new('--correlation-id', '--correlation-id', [CompletionResultType]::ParameterName, 'Only records of this correlation id (headers or the value''s correlationId)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only records with this key')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'At most this many records')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Decode framed values with the .avsc and .proto files in this directory (as `consume --schemas`)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many records per second (default: unlimited)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group that keeps the replay''s progress')
            [CompletionResult]::new('--lookback', '--lookback', [CompletionResultType]::ParameterName, 'Read the destinations back only this far (e.g. 24h; default: from their start)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: the summary as text, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the summary as text, or JSON')
            [CompletionResult]::new('--keep-partition', '--keep-partition', [CompletionResultType]::ParameterName, 'Send each record to its original partition (default: by key, as the producer would)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (per destination, error and age, with samples) and write nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;dlq;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every dead-letter topic with its depth, oldest and newest record and top errors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'A DLQ''s records, decoded, with where they came from and why they failed')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send a DLQ''s records back where they came from, once each (resumable)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;dlq;help;list' {
            break
        }
        'evctl;dlq;help;show' {
            break
        }
        'evctl;dlq;help;replay' {
            break
        }
        'evctl;dlq;help;help' {
            break
        }
        'evctl;lag' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between samples: with --watch (default 1s), with --serve (default 15s)')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'How many samples the status is judged over')
            [CompletionResult]::new('--fail-above', '--fail-above', [CompletionResultType]::ParameterName, 'Exit 1 when any partition lags by more than N messages')
            [CompletionResult]::new('--fail-above-seconds', '--fail-above-seconds', [CompletionResultType]::ParameterName, 'Exit 1 when any partition lags by more than S seconds')
            [CompletionResult]::new('--serve', '--serve', [CompletionResultType]::ParameterName, 'Serve the lag as Prometheus metrics at http://HOST:PORT/metrics (a bare PORT binds 127.0.0.1) until Ctrl-C, collecting every --interval')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'With --serve: the cluster_name label (kafka-lag-exporter''s)')
            [CompletionResult]::new('--granularity', '--granularity', [CompletionResultType]::ParameterName, 'With --serve: a series per partition (kafka-lag-exporter''s), or only per group and topic')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON (one array of group objects per sample); with --serve, the URL, or one JSON line with it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON (one array of group objects per sample); with --serve, the URL, or one JSON line with it')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Sample again every --interval until Ctrl-C, judging the status over --window samples')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;group' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the cluster''s consumer groups: state, assignor, members')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'A group''s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s committed offsets: a dry run (the plan) unless --execute')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;group;list' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;group;describe' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables, or JSON (one object per group)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables, or JSON (one object per group)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;group;reset' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to: earliest | latest | <offset> | +<n> (n after the start) | -<n> (n before the end) | @<RFC3339 time> | @-<duration> (e.g. @-1h)')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Move each partition''s committed offset by N (negative: back, to read again)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'The offsets to set, from Kafka''s `topic,partition,offset` CSV or evctl''s JSON (a plan printed with -o json, or a backup); it names its own partitions')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic to reset, all its partitions or some: T or T:0,3 (repeatable)')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Where --execute writes the group''s current offsets (default: GROUP.offsets-<UTC time>.json)')
            [CompletionResult]::new('--wait-empty', '--wait-empty', [CompletionResultType]::ParameterName, 'With --execute: wait up to this long for the group''s members to leave, instead of refusing at once')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON (which --from-file reads back)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON (which --from-file reads back)')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'Every topic the group has committed offsets on')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Apply the plan (after writing the backup); without it nothing changes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;group;delete' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Where to write the group''s offsets first (default: GROUP.offsets-<UTC time>.json)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, '`json`: print what was deleted on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '`json`: print what was deleted on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;group;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the cluster''s consumer groups: state, assignor, members')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'A group''s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s committed offsets: a dry run (the plan) unless --execute')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;group;help;list' {
            break
        }
        'evctl;group;help;describe' {
            break
        }
        'evctl;group;help;reset' {
            break
        }
        'evctl;group;help;delete' {
            break
        }
        'evctl;group;help;help' {
            break
        }
        'evctl;top' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Show this consumer group (repeatable); needed where the broker cannot list them')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Show this consumer group (repeatable); needed where the broker cannot list them')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between samples')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Samples a status is judged over (as evctl lag --window)')
            [CompletionResult]::new('--stuck-after', '--stuck-after', [CompletionResultType]::ParameterName, 'An order in one funnel step longer than this counts as stuck')
            [CompletionResult]::new('--funnel', '--funnel', [CompletionResultType]::ParameterName, 'The flow''s topics in order (2 to 32); default: the marketplace''s, when they exist')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Where the funnel starts reading its topics: a time (@-1h, @2026-12-01T10:00:00Z) or start [default: @-1h; with --simulate: start, the run''s topics are new]')
            [CompletionResult]::new('--orders', '--orders', [CompletionResultType]::ParameterName, 'Orders to send, as fast as the pipeline takes them [default: 10000; top --simulate: 300 per second for 2 minutes, the broker then stays up until you quit]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Orders per second instead (with --duration)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to send at --rate, e.g. 30s or 2m')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the order generator and of every decision (declines, failures, back-off)')
            [CompletionResult]::new('--replicas', '--replicas', [CompletionResultType]::ParameterName, 'Consumer group members per service')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Partitions per topic (topics are created when missing)')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Partitions per topic (topics are created when missing)')
            [CompletionResult]::new('--decline-rate', '--decline-rate', [CompletionResultType]::ParameterName, 'Share of payments declined (those orders are cancelled)')
            [CompletionResult]::new('--failure-rate', '--failure-rate', [CompletionResultType]::ParameterName, 'Share of payment attempts that time out and are retried with back-off')
            [CompletionResult]::new('--poison-rate', '--poison-rate', [CompletionResultType]::ParameterName, 'Share of malformed records the gateway sends (each must end in order.created.dlq)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries before an event goes to its topic''s .dlq')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The events'' format on the wire: avro, protobuf or json-schema (the contracts in schemas/ in that format, registered under <topic>-value)')
            [CompletionResult]::new('--http', '--http', [CompletionResultType]::ParameterName, 'The gateway also takes orders over HTTP: POST /orders with {customerId, items: [{productId, quantity}]} answers 202 {orderId, correlationId}; GET /orders/{id} answers from the read model; GET /healthz. With --orders 0 the run takes posted orders until Ctrl-C, then reports. A bare port listens on 127.0.0.1')
            [CompletionResult]::new('--max-in-flight', '--max-in-flight', [CompletionResultType]::ParameterName, 'Back-pressure: the gateway (and POST /orders) holds new orders while N orders are unfinished (sent, not yet shipped, cancelled or dead-lettered); the report says how long it held')
            [CompletionResult]::new('--breaker-failures', '--breaker-failures', [CompletionResultType]::ParameterName, 'payment-service calls its payment provider through a circuit breaker that opens after N consecutive failed calls; while it is open, events wait instead of using their retries (none is dead-lettered for a provider outage). 0: no breaker. [default: 3, or --max-retries + 1 when that is less]')
            [CompletionResult]::new('--breaker-cooldown', '--breaker-cooldown', [CompletionResultType]::ParameterName, 'How long the breaker stays open before it lets one trial call through (half-open)')
            [CompletionResult]::new('--canary', '--canary', [CompletionResultType]::ParameterName, 'Run a canary of this service (order, payment, inventory or shipping) in a shadow consumer group beside it: the same inputs, its own state, no outputs and no side effects; each of its decisions is compared with production''s for the same input. The report shows the agreement and the first disagreements')
            [CompletionResult]::new('--canary-fault', '--canary-fault', [CompletionResultType]::ParameterName, 'Plant a difference in the canary so the comparison is seen to fail: decline-all (its payment-service declines every payment; with --canary payment)')
            [CompletionResult]::new('--simulate', '--simulate', [CompletionResultType]::ParameterName, 'Run the marketplace in this process on the embedded broker and watch it (the simulation''s report is printed when you quit; quitting before it finished exits 130). Not with -b/--context; EVCTL_BROKERS and EVCTL_CONTEXT are ignored')
            [CompletionResult]::new('--chaos', '--chaos', [CompletionResultType]::ParameterName, 'Run a seeded fault plan: the broker down and back, failed requests (embedded broker only), a member crash with a rebalance, duplicate deliveries; all shown in the report')
            [CompletionResult]::new('--exactly-once', '--exactly-once', [CompletionResultType]::ParameterName, 'Transactions instead of commit-after-acknowledgement: each batch''s outputs and its input offsets are committed in one transaction, consumers read_committed. The embedded broker accepts the calls without their semantics; brokers that refuse transactions stop the run with exit 2. The report says which guarantee the run had')
            [CompletionResult]::new('--evolve', '--evolve', [CompletionResultType]::ParameterName, 'Halfway through, register OrderCreated v2 (a field added the compatible way, in the run''s --format) through the registry''s compatibility check; the gateway then writes v2 while the services keep v1''s reader. The report counts each version read per consumer')
            [CompletionResult]::new('--evolve-breaking', '--evolve-breaking', [CompletionResultType]::ParameterName, 'Halfway through, try a breaking OrderCreated v2 (totalCents becomes a string): the registry must refuse it (409) and the gateway keeps v1')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;topics' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their partition and replica counts')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a topic''s partitions (leader, replicas, ISR, offsets) and configs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a topic')
            [CompletionResult]::new('skew', 'skew', [CompletionResultType]::ParameterValue, 'How a topic''s recent writes spread over its partitions: each one''s records, rate and share, the hot ones (at least 2x the others'' mean), and the keys that dominate')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete topics')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;topics;list' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include internal topics (names starting with __)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;topics;describe' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table, or JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;topics;create' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Number of partitions')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Number of partitions')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Replication factor')
            [CompletionResult]::new('--replication', '--replication', [CompletionResultType]::ParameterName, 'Replication factor')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Topic config (repeatable), e.g. -c cleanup.policy=compact')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Topic config (repeatable), e.g. -c cleanup.policy=compact')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, '`json`: print what was created on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '`json`: print what was created on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;topics;skew' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'How far back to look (records written since now minus this)')
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'How far back to look (records written since now minus this)')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'How many of the most frequent keys to show')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables, or JSON')
            [CompletionResult]::new('--fail-on-hot', '--fail-on-hot', [CompletionResultType]::ParameterName, 'Exit 1 when a partition is hot (for CI or an alert)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;topics;delete' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, '`json`: print what was deleted on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '`json`: print what was deleted on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;topics;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their partition and replica counts')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a topic''s partitions (leader, replicas, ISR, offsets) and configs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a topic')
            [CompletionResult]::new('skew', 'skew', [CompletionResultType]::ParameterValue, 'How a topic''s recent writes spread over its partitions: each one''s records, rate and share, the hot ones (at least 2x the others'' mean), and the keys that dominate')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete topics')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;topics;help;list' {
            break
        }
        'evctl;topics;help;describe' {
            break
        }
        'evctl;topics;help;create' {
            break
        }
        'evctl;topics;help;skew' {
            break
        }
        'evctl;topics;help;delete' {
            break
        }
        'evctl;topics;help;help' {
            break
        }
        'evctl;schema' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry''s own rules')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'The CI step: check each file against its subject''s registered versions (at the subject''s level, as `schema check`) and register it only when compatible')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;schema;check' {
            [CompletionResult]::new('--against', '--against', [CompletionResultType]::ParameterName, 'An earlier version (repeatable, oldest first)')
            [CompletionResult]::new('--against-git', '--against-git', [CompletionResultType]::ParameterName, 'Compare each file with its version at this git branch, tag or commit')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Compare with the registered versions of each file''s subject. --against and --against-git take precedence (so an exported EVCTL_SCHEMA_REGISTRY does not get in their way)')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Registry subject (default: <file stem>-value, the topic strategy)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots)')
            [CompletionResult]::new('--compatibility', '--compatibility', [CompletionResultType]::ParameterName, 'backward, backward_transitive, forward, forward_transitive, full, full_transitive, none (default: backward, or the registry subject''s setting)')
            [CompletionResult]::new('--schema-type', '--schema-type', [CompletionResultType]::ParameterName, 'The schema type of every file: avro, protobuf or json (default: from the extension)')
            [CompletionResult]::new('--proto-path', '--proto-path', [CompletionResultType]::ParameterName, 'A folder Protobuf imports (and JSON Schema `$ref`s) are looked for in, after the importing file''s own folder (repeatable; the well-known types are built in)')
            [CompletionResult]::new('--compatibility-policy', '--compatibility-policy', [CompletionResultType]::ParameterName, 'JSON Schema only: strict (the default) or lenient, as the registry''s compatibilityPolicy')
            [CompletionResult]::new('--error-format', '--error-format', [CompletionResultType]::ParameterName, 'How findings are reported (text for people; json, github annotations or junit for CI)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;schema;push' {
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('--subject-map', '--subject-map', [CompletionResultType]::ParameterName, 'A file of `FILE SUBJECT` lines (or FILE=SUBJECT): the subject of each file')
            [CompletionResult]::new('--schema-type', '--schema-type', [CompletionResultType]::ParameterName, 'The schema type of every file: avro, protobuf or json (default: from the extension)')
            [CompletionResult]::new('--proto-path', '--proto-path', [CompletionResultType]::ParameterName, 'A folder Protobuf imports (and JSON Schema `$ref`s) are looked for in, after the importing file''s own folder (repeatable; the well-known types are built in)')
            [CompletionResult]::new('--compatibility-policy', '--compatibility-policy', [CompletionResultType]::ParameterName, 'JSON Schema only: strict (the default) or lenient, as the registry''s compatibilityPolicy')
            [CompletionResult]::new('--error-format', '--error-format', [CompletionResultType]::ParameterName, 'How findings are reported (text for people; json, github annotations or junit for CI)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output: a line per subject, or JSON ({subject, id, version, status} per subject)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output: a line per subject, or JSON ({subject, id, version, status} per subject)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check and look up, register nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;schema;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry''s own rules')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'The CI step: check each file against its subject''s registered versions (at the subject''s level, as `schema check`) and register it only when compatible')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;schema;help;check' {
            break
        }
        'evctl;schema;help;push' {
            break
        }
        'evctl;schema;help;help' {
            break
        }
        'evctl;registry' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('subjects', 'subjects', [CompletionResultType]::ParameterValue, 'List subjects (--deleted: soft-deleted ones too)')
            [CompletionResult]::new('subject', 'subject', [CompletionResultType]::ParameterValue, 'Subjects: delete')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Schemas: get, versions, register, delete, references')
            [CompletionResult]::new('compatibility', 'compatibility', [CompletionResultType]::ParameterValue, 'The compatibility level of a subject or of the registry')
            [CompletionResult]::new('mode', 'mode', [CompletionResultType]::ParameterValue, 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;subjects' {
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--deleted', '--deleted', [CompletionResultType]::ParameterName, 'Include soft-deleted subjects')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;subject' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a subject''s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;subject;delete' {
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--permanent', '--permanent', [CompletionResultType]::ParameterName, 'Remove the soft-deleted versions for good')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Delete (without it, say what would go)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;subject;help' {
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a subject''s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;subject;help;delete' {
            break
        }
        'evctl;registry;subject;help;help' {
            break
        }
        'evctl;registry;schema' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'A schema by id, or a subject''s version (default: latest), with its type and references')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'A subject''s versions')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute')
            [CompletionResult]::new('references', 'references', [CompletionResultType]::ParameterValue, 'Which schemas reference a subject''s version (what a delete would break)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;schema;get' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'The subject (with --version)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version: a number or latest')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;schema;versions' {
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--deleted', '--deleted', [CompletionResultType]::ParameterName, 'Include soft-deleted versions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;schema;register' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'The subject to register it under')
            [CompletionResult]::new('--schema-type', '--schema-type', [CompletionResultType]::ParameterName, 'avro, protobuf or json (default: from the extension)')
            [CompletionResult]::new('--proto-path', '--proto-path', [CompletionResultType]::ParameterName, 'A folder imports are looked for in, after the file''s own (repeatable)')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;schema;delete' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version: a number or latest')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--permanent', '--permanent', [CompletionResultType]::ParameterName, 'Remove the soft-deleted version for good')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Delete (without it, say what would go)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;schema;references' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version: a number or latest')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;schema;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'A schema by id, or a subject''s version (default: latest), with its type and references')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'A subject''s versions')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute')
            [CompletionResult]::new('references', 'references', [CompletionResultType]::ParameterValue, 'Which schemas reference a subject''s version (what a delete would break)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;schema;help;get' {
            break
        }
        'evctl;registry;schema;help;versions' {
            break
        }
        'evctl;registry;schema;help;register' {
            break
        }
        'evctl;registry;schema;help;delete' {
            break
        }
        'evctl;registry;schema;help;references' {
            break
        }
        'evctl;registry;schema;help;help' {
            break
        }
        'evctl;registry;compatibility' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show it: the subject''s own, else the global one (said so)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set it, for a subject or the registry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;compatibility;get' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'A subject''s setting')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'The registry''s global setting')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;compatibility;set' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'A subject''s setting')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'The registry''s global setting')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;compatibility;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show it: the subject''s own, else the global one (said so)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set it, for a subject or the registry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;compatibility;help;get' {
            break
        }
        'evctl;registry;compatibility;help;set' {
            break
        }
        'evctl;registry;compatibility;help;help' {
            break
        }
        'evctl;registry;mode' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show it: the subject''s own, else the global one (said so)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set it, for a subject or the registry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;mode;get' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'A subject''s setting')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'The registry''s global setting')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;mode;set' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'A subject''s setting')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (its schema_registry and CA file)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text, or the registry''s answer as JSON')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'The registry''s global setting')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;registry;mode;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show it: the subject''s own, else the global one (said so)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set it, for a subject or the registry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;mode;help;get' {
            break
        }
        'evctl;registry;mode;help;set' {
            break
        }
        'evctl;registry;mode;help;help' {
            break
        }
        'evctl;registry;help' {
            [CompletionResult]::new('subjects', 'subjects', [CompletionResultType]::ParameterValue, 'List subjects (--deleted: soft-deleted ones too)')
            [CompletionResult]::new('subject', 'subject', [CompletionResultType]::ParameterValue, 'Subjects: delete')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Schemas: get, versions, register, delete, references')
            [CompletionResult]::new('compatibility', 'compatibility', [CompletionResultType]::ParameterValue, 'The compatibility level of a subject or of the registry')
            [CompletionResult]::new('mode', 'mode', [CompletionResultType]::ParameterValue, 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;registry;help;subjects' {
            break
        }
        'evctl;registry;help;subject' {
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a subject''s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute')
            break
        }
        'evctl;registry;help;subject;delete' {
            break
        }
        'evctl;registry;help;schema' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'A schema by id, or a subject''s version (default: latest), with its type and references')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'A subject''s versions')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute')
            [CompletionResult]::new('references', 'references', [CompletionResultType]::ParameterValue, 'Which schemas reference a subject''s version (what a delete would break)')
            break
        }
        'evctl;registry;help;schema;get' {
            break
        }
        'evctl;registry;help;schema;versions' {
            break
        }
        'evctl;registry;help;schema;register' {
            break
        }
        'evctl;registry;help;schema;delete' {
            break
        }
        'evctl;registry;help;schema;references' {
            break
        }
        'evctl;registry;help;compatibility' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show it: the subject''s own, else the global one (said so)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set it, for a subject or the registry')
            break
        }
        'evctl;registry;help;compatibility;get' {
            break
        }
        'evctl;registry;help;compatibility;set' {
            break
        }
        'evctl;registry;help;mode' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show it: the subject''s own, else the global one (said so)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set it, for a subject or the registry')
            break
        }
        'evctl;registry;help;mode;get' {
            break
        }
        'evctl;registry;help;mode;set' {
            break
        }
        'evctl;registry;help;help' {
            break
        }
        'evctl;simulate' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('marketplace', 'marketplace', [CompletionResultType]::ParameterValue, 'Run the event-driven marketplace end to end and check its guarantees')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;simulate;marketplace' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--orders', '--orders', [CompletionResultType]::ParameterName, 'Orders to send, as fast as the pipeline takes them [default: 10000; top --simulate: 300 per second for 2 minutes, the broker then stays up until you quit]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Orders per second instead (with --duration)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to send at --rate, e.g. 30s or 2m')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the order generator and of every decision (declines, failures, back-off)')
            [CompletionResult]::new('--replicas', '--replicas', [CompletionResultType]::ParameterName, 'Consumer group members per service')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Partitions per topic (topics are created when missing)')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Partitions per topic (topics are created when missing)')
            [CompletionResult]::new('--decline-rate', '--decline-rate', [CompletionResultType]::ParameterName, 'Share of payments declined (those orders are cancelled)')
            [CompletionResult]::new('--failure-rate', '--failure-rate', [CompletionResultType]::ParameterName, 'Share of payment attempts that time out and are retried with back-off')
            [CompletionResult]::new('--poison-rate', '--poison-rate', [CompletionResultType]::ParameterName, 'Share of malformed records the gateway sends (each must end in order.created.dlq)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries before an event goes to its topic''s .dlq')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The events'' format on the wire: avro, protobuf or json-schema (the contracts in schemas/ in that format, registered under <topic>-value)')
            [CompletionResult]::new('--http', '--http', [CompletionResultType]::ParameterName, 'The gateway also takes orders over HTTP: POST /orders with {customerId, items: [{productId, quantity}]} answers 202 {orderId, correlationId}; GET /orders/{id} answers from the read model; GET /healthz. With --orders 0 the run takes posted orders until Ctrl-C, then reports. A bare port listens on 127.0.0.1')
            [CompletionResult]::new('--max-in-flight', '--max-in-flight', [CompletionResultType]::ParameterName, 'Back-pressure: the gateway (and POST /orders) holds new orders while N orders are unfinished (sent, not yet shipped, cancelled or dead-lettered); the report says how long it held')
            [CompletionResult]::new('--breaker-failures', '--breaker-failures', [CompletionResultType]::ParameterName, 'payment-service calls its payment provider through a circuit breaker that opens after N consecutive failed calls; while it is open, events wait instead of using their retries (none is dead-lettered for a provider outage). 0: no breaker. [default: 3, or --max-retries + 1 when that is less]')
            [CompletionResult]::new('--breaker-cooldown', '--breaker-cooldown', [CompletionResultType]::ParameterName, 'How long the breaker stays open before it lets one trial call through (half-open)')
            [CompletionResult]::new('--canary', '--canary', [CompletionResultType]::ParameterName, 'Run a canary of this service (order, payment, inventory or shipping) in a shadow consumer group beside it: the same inputs, its own state, no outputs and no side effects; each of its decisions is compared with production''s for the same input. The report shows the agreement and the first disagreements')
            [CompletionResult]::new('--canary-fault', '--canary-fault', [CompletionResultType]::ParameterName, 'Plant a difference in the canary so the comparison is seen to fail: decline-all (its payment-service declines every payment; with --canary payment)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the pipeline to drain after the last order')
            [CompletionResult]::new('--metrics-addr', '--metrics-addr', [CompletionResultType]::ParameterName, 'Serve Prometheus metrics at http://HOST:PORT/metrics while it runs (events processed, duplicates, retries, DLQ, lag, side effects, orders by status, latency histogram)')
            [CompletionResult]::new('--services', '--services', [CompletionResultType]::ParameterName, 'Run only these parts here: gateway, order, payment, inventory, shipping, projection (comma-separated). Several evctl processes with the same -b, --schema-registry, --run-id and --seed then share each service''s consumer group. A process without the gateway runs until Ctrl-C; one without the projection reports its own services only')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Names the run (consumer groups evctl-sim-<ID>.<service>, order ids o-<ID>-<n>); processes of one scaled-out run share it. Default: derived from --seed on the embedded broker (the same seed repeats a run), a new id per run on a cluster')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: the report as text, or one JSON object')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the report as text, or one JSON object')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Logs on stderr as text lines or JSON objects; each carries its correlationId, eventId and orderId where it concerns one')
            [CompletionResult]::new('--log-level', '--log-level', [CompletionResultType]::ParameterName, 'warn: dead letters, crashes, aborted transactions; info: + retries, chaos, members, the run; debug: + every event handled and every order finished. Default: info with --log-format json, off otherwise (the report says it all)')
            [CompletionResult]::new('--chaos', '--chaos', [CompletionResultType]::ParameterName, 'Run a seeded fault plan: the broker down and back, failed requests (embedded broker only), a member crash with a rebalance, duplicate deliveries; all shown in the report')
            [CompletionResult]::new('--exactly-once', '--exactly-once', [CompletionResultType]::ParameterName, 'Transactions instead of commit-after-acknowledgement: each batch''s outputs and its input offsets are committed in one transaction, consumers read_committed. The embedded broker accepts the calls without their semantics; brokers that refuse transactions stop the run with exit 2. The report says which guarantee the run had')
            [CompletionResult]::new('--evolve', '--evolve', [CompletionResultType]::ParameterName, 'Halfway through, register OrderCreated v2 (a field added the compatible way, in the run''s --format) through the registry''s compatibility check; the gateway then writes v2 while the services keep v1''s reader. The report counts each version read per consumer')
            [CompletionResult]::new('--evolve-breaking', '--evolve-breaking', [CompletionResultType]::ParameterName, 'Halfway through, try a breaking OrderCreated v2 (totalCents becomes a string): the registry must refuse it (409) and the gateway keeps v1')
            [CompletionResult]::new('--keep-running', '--keep-running', [CompletionResultType]::ParameterName, 'Keep the embedded broker and registry up after the report (Ctrl-C to stop)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;simulate;help' {
            [CompletionResult]::new('marketplace', 'marketplace', [CompletionResultType]::ParameterValue, 'Run the event-driven marketplace end to end and check its guarantees')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;simulate;help;marketplace' {
            break
        }
        'evctl;simulate;help;help' {
            break
        }
        'evctl;dev' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('broker', 'broker', [CompletionResultType]::ParameterValue, 'Run the embedded broker (librdkafka''s mock cluster) until Ctrl-C or SIGTERM')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;dev;broker' {
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Number of brokers in the cluster')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Partitions of each --topic')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Partitions of each --topic')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Create this topic at start (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Create this topic at start (repeatable)')
            [CompletionResult]::new('--retention-bytes', '--retention-bytes', [CompletionResultType]::ParameterName, 'Size-based retention: each partition keeps its newest BYTES of log, older batches are deleted whether read or not (as retention.bytes on a Kafka topic). Default: 1 GiB')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: the address as text, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the address as text, or JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;dev;registry' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port on 127.0.0.1 (0: any free port)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: the address as text, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the address as text, or JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;dev;up' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Partitions of each --topic')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Partitions of each --topic')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Create this topic at start (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Create this topic at start (repeatable)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Registry port on 127.0.0.1 (0: any free port)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: the address as text, or JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the address as text, or JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;dev;help' {
            [CompletionResult]::new('broker', 'broker', [CompletionResultType]::ParameterValue, 'Run the embedded broker (librdkafka''s mock cluster) until Ctrl-C or SIGTERM')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;dev;help;broker' {
            break
        }
        'evctl;dev;help;registry' {
            break
        }
        'evctl;dev;help;up' {
            break
        }
        'evctl;dev;help;help' {
            break
        }
        'evctl;config' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;config;show' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, host:port[,host:port...]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when sasl.username is set), so it need not sit on the command line')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (default: the context''s schema_registry)')
            [CompletionResult]::new('--registry-user', '--registry-user', [CompletionResultType]::ParameterName, 'Registry basic-auth user')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry basic-auth password')
            [CompletionResult]::new('--registry-ca-file', '--registry-ca-file', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file for an https registry (besides the public roots), e.g. a company CA')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table, or one JSON object')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table, or one JSON object')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;config;help;show' {
            break
        }
        'evctl;config;help;help' {
            break
        }
        'evctl;completions' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;man' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log client properties (secrets redacted) and librdkafka''s debug output to stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Silence progress and summaries on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evctl;help' {
            [CompletionResult]::new('produce', 'produce', [CompletionResultType]::ParameterValue, 'Produce records from stdin or a file (lines, JSON, or JSONL envelopes)')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Consume records from one or more topics, bounded or following')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Follow one business transaction (a correlation id) across every topic, as a timeline')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Dead-letter queues: list them, show their records, replay them exactly once')
            [CompletionResult]::new('lag', 'lag', [CompletionResultType]::ParameterValue, 'Consumer lag per group and partition, in messages and in seconds, with a status')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Consumer groups: list, describe (members, lag), reset offsets (a plan first), delete')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'A live dashboard: group lag and its trend, topics, DLQs and the order funnel')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List, describe, create and delete topics')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Schema tools for CI (Avro, Protobuf, JSON Schema): `schema check`, `schema push`')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'The Schema Registry: subjects, schemas, compatibility and mode (deletes are a dry run unless --execute)')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run the simulated marketplace end to end (the embedded broker by default)')
            [CompletionResult]::new('dev', 'dev', [CompletionResultType]::ParameterValue, 'Local development services (the embedded broker)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the connection settings a command would use, and where each comes from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evctl;help;produce' {
            break
        }
        'evctl;help;consume' {
            break
        }
        'evctl;help;tail' {
            break
        }
        'evctl;help;dlq' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every dead-letter topic with its depth, oldest and newest record and top errors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'A DLQ''s records, decoded, with where they came from and why they failed')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send a DLQ''s records back where they came from, once each (resumable)')
            break
        }
        'evctl;help;dlq;list' {
            break
        }
        'evctl;help;dlq;show' {
            break
        }
        'evctl;help;dlq;replay' {
            break
        }
        'evctl;help;lag' {
            break
        }
        'evctl;help;group' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the cluster''s consumer groups: state, assignor, members')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'A group''s state, members (client, host, partitions) and lag per partition and topic, with its total. Exit 1 when a group is unknown')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s committed offsets: a dry run (the plan) unless --execute')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (its committed offsets), after writing them to a backup file; refused while the group has members')
            break
        }
        'evctl;help;group;list' {
            break
        }
        'evctl;help;group;describe' {
            break
        }
        'evctl;help;group;reset' {
            break
        }
        'evctl;help;group;delete' {
            break
        }
        'evctl;help;top' {
            break
        }
        'evctl;help;topics' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their partition and replica counts')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a topic''s partitions (leader, replicas, ISR, offsets) and configs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a topic')
            [CompletionResult]::new('skew', 'skew', [CompletionResultType]::ParameterValue, 'How a topic''s recent writes spread over its partitions: each one''s records, rate and share, the hot ones (at least 2x the others'' mean), and the keys that dominate')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete topics')
            break
        }
        'evctl;help;topics;list' {
            break
        }
        'evctl;help;topics;describe' {
            break
        }
        'evctl;help;topics;create' {
            break
        }
        'evctl;help;topics;skew' {
            break
        }
        'evctl;help;topics;delete' {
            break
        }
        'evctl;help;schema' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check Avro, Protobuf or JSON Schema compatibility against files, a git ref or a Schema Registry, with the registry''s own rules')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'The CI step: check each file against its subject''s registered versions (at the subject''s level, as `schema check`) and register it only when compatible')
            break
        }
        'evctl;help;schema;check' {
            break
        }
        'evctl;help;schema;push' {
            break
        }
        'evctl;help;registry' {
            [CompletionResult]::new('subjects', 'subjects', [CompletionResultType]::ParameterValue, 'List subjects (--deleted: soft-deleted ones too)')
            [CompletionResult]::new('subject', 'subject', [CompletionResultType]::ParameterValue, 'Subjects: delete')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Schemas: get, versions, register, delete, references')
            [CompletionResult]::new('compatibility', 'compatibility', [CompletionResultType]::ParameterValue, 'The compatibility level of a subject or of the registry')
            [CompletionResult]::new('mode', 'mode', [CompletionResultType]::ParameterValue, 'The mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT) of a subject or the registry')
            break
        }
        'evctl;help;registry;subjects' {
            break
        }
        'evctl;help;registry;subject' {
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a subject''s versions: soft (readable with --deleted), or --permanent after a soft delete. A dry run unless --execute')
            break
        }
        'evctl;help;registry;subject;delete' {
            break
        }
        'evctl;help;registry;schema' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'A schema by id, or a subject''s version (default: latest), with its type and references')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'A subject''s versions')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a schema file under a subject; its local imports ($refs) are registered first, each under its import path, and become its references')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one version: soft, or --permanent after a soft delete. A dry run unless --execute')
            [CompletionResult]::new('references', 'references', [CompletionResultType]::ParameterValue, 'Which schemas reference a subject''s version (what a delete would break)')
            break
        }
        'evctl;help;registry;schema;get' {
            break
        }
        'evctl;help;registry;schema;versions' {
            break
        }
        'evctl;help;registry;schema;register' {
            break
        }
        'evctl;help;registry;schema;delete' {
            break
        }
        'evctl;help;registry;schema;references' {
            break
        }
        'evctl;help;registry;compatibility' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show it: the subject''s own, else the global one (said so)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set it, for a subject or the registry')
            break
        }
        'evctl;help;registry;compatibility;get' {
            break
        }
        'evctl;help;registry;compatibility;set' {
            break
        }
        'evctl;help;registry;mode' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show it: the subject''s own, else the global one (said so)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set it, for a subject or the registry')
            break
        }
        'evctl;help;registry;mode;get' {
            break
        }
        'evctl;help;registry;mode;set' {
            break
        }
        'evctl;help;simulate' {
            [CompletionResult]::new('marketplace', 'marketplace', [CompletionResultType]::ParameterValue, 'Run the event-driven marketplace end to end and check its guarantees')
            break
        }
        'evctl;help;simulate;marketplace' {
            break
        }
        'evctl;help;dev' {
            [CompletionResult]::new('broker', 'broker', [CompletionResultType]::ParameterValue, 'Run the embedded broker (librdkafka''s mock cluster) until Ctrl-C or SIGTERM')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM')
            break
        }
        'evctl;help;dev;broker' {
            break
        }
        'evctl;help;dev;registry' {
            break
        }
        'evctl;help;dev;up' {
            break
        }
        'evctl;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the connection a command would use and where each setting comes from (flags, environment, config file); passwords and other secrets are shown as <redacted>')
            break
        }
        'evctl;help;config;show' {
            break
        }
        'evctl;help;completions' {
            break
        }
        'evctl;help;man' {
            break
        }
        'evctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
