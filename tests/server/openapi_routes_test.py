"""docs/openapi.yaml and the routes the server has are the same set: no undocumented route,
no documented route missing. The server's set comes from `chaintwin serve --list-routes`
(its route table) and is confirmed over HTTP: each documented route answers with something
other than 404-no-route and 405."""
import os

import yaml

from harness import SOURCE, Server, check, finish, run_cli

spec = yaml.safe_load(open(os.path.join(SOURCE, "docs", "openapi.yaml")))
check(spec.get("openapi", "").startswith("3.1"), "OpenAPI 3.1")
documented = set()
for path, item in spec["paths"].items():
    for method in ("get", "post", "put", "patch", "delete", "head", "options"):
        if method in item:
            documented.add((method.upper(), path))
            op = item[method]
            ok = [c for c in op["responses"] if c.startswith("2")]
            has_example = all("example" in op["responses"][c].get("content", {}).get(m, {})
                              for c in ok for m in op["responses"][c].get("content", {}))
            check(ok and has_example, f"{method.upper()} {path} documents a 2xx answer with an example")
            if "requestBody" in op:
                check("example" in op["requestBody"]["content"]["application/json"],
                      f"{method.upper()} {path} has a request example")

code, out, err = run_cli("serve", "--list-routes")
check(code == 0, f"--list-routes exits 0: {err}")
served = {tuple(line.split(" ", 1)) for line in out.splitlines() if line}
for m, p in sorted(served - documented):
    check(False, f"undocumented route: {m} {p}")
for m, p in sorted(documented - served):
    check(False, f"documented but not served: {m} {p}")

server = Server()
for method, path in sorted(documented):
    url = path.replace("{id}", "no-such-job")
    r = server.request(method, url, body={} if method == "POST" else None)
    no_route = r.status == 404 and "no route" in r.error_message()
    check(not no_route and r.status != 405, f"{method} {path} is routed: {r}")
r = server.get("/v1/does-not-exist")
check(r.status == 404 and "no route" in r.error_message(), "an unknown path is a JSON 404")
server.stop()
finish()
