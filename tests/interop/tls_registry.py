"""A minimal Confluent-compatible Schema Registry over HTTPS, for tests/registry_tls.rs.

Usage: tls_registry.py CERT KEY  -> prints the port it listens on, then serves until killed.
Answers what evctl produce/consume use: register, look up by id and by subject, latest version.
"""
import http.server
import json
import ssl
import sys

schemas = []  # index + 1 = id
subjects = {}  # subject -> [ids]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def not_found(self):
        self.answer(404, {"error_code": 40401, "message": "Subject not found."})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        parts = self.path.strip("/").split("/")
        if len(parts) < 2 or parts[0] != "subjects":
            return self.not_found()
        subject = parts[1]
        schema = body.get("schema", "")
        if schema not in schemas:
            schemas.append(schema)
        sid = schemas.index(schema) + 1
        ids = subjects.setdefault(subject, [])
        if sid not in ids:
            if len(parts) == 2:  # a lookup of an unregistered schema
                return self.not_found()
            ids.append(sid)
        version = ids.index(sid) + 1
        self.answer(200, {"id": sid, "version": version, "subject": subject, "schema": schema})

    def do_GET(self):
        parts = self.path.strip("/").split("?")[0].split("/")
        if parts[:2] == ["schemas", "ids"] and len(parts) >= 3:
            sid = int(parts[2])
            if 1 <= sid <= len(schemas):
                return self.answer(200, {"schema": schemas[sid - 1]})
            return self.answer(404, {"error_code": 40403, "message": "Schema not found"})
        if parts[0] == "subjects" and len(parts) >= 4 and parts[1] in subjects:
            ids = subjects[parts[1]]
            v = len(ids) if parts[3] == "latest" else int(parts[3])
            sid = ids[v - 1]
            return self.answer(200, {"id": sid, "version": v, "subject": parts[1], "schema": schemas[sid - 1]})
        if parts[0] == "subjects" and len(parts) == 3 and parts[1] in subjects:
            return self.answer(200, list(range(1, len(subjects[parts[1]]) + 1)))
        return self.not_found()


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
