"""`chaintwin serve --web DIR` serves the dashboard's files at `/` (routes_static.cpp): index.html
for `/`, content types by extension, a year's cache for Vite's hashed assets/ and revalidation
for the rest, nothing outside DIR (`..`, encoded `..`, symbolic links out, hidden files), and the
API keeps its JSON 404 under /v1/. A fake DIR is built here, so the test does not need npm."""
import os
import tempfile

from harness import Server, check, finish, run_cli

web = tempfile.mkdtemp(prefix="chaintwin_web_")
os.makedirs(os.path.join(web, "assets"))
os.makedirs(os.path.join(web, "sub"))
open(os.path.join(web, "index.html"), "w").write("<!doctype html><title>dash</title>")
open(os.path.join(web, "assets", "index-AbC123.js"), "w").write("console.log(1)")
open(os.path.join(web, "assets", "style-x.css"), "w").write("body{}")
open(os.path.join(web, "sub", "index.html"), "w").write("sub")
open(os.path.join(web, ".secret"), "w").write("hidden")
outside = tempfile.mkdtemp(prefix="chaintwin_outside_")
open(os.path.join(outside, "passwd"), "w").write("outside")
os.symlink(os.path.join(outside, "passwd"), os.path.join(web, "link.txt"))

server = Server("--web", web)
r = server.get("/")
check(r.status == 200 and b"<title>dash" in r.body, f"/ serves index.html: {r}")
check(r.headers.get("content-type", "").startswith("text/html"), f"index content type: {r.headers}")
check(r.headers.get("cache-control") == "no-cache", f"index is revalidated: {r.headers}")
r = server.get("/index.html")
check(r.status == 200 and b"dash" in r.body, f"/index.html: {r}")
r = server.get("/assets/index-AbC123.js")
check(r.status == 200 and r.headers.get("content-type", "").startswith("text/javascript"), f"js: {r} {r.headers}")
check("immutable" in r.headers.get("cache-control", ""), f"hashed asset cached: {r.headers}")
r = server.get("/assets/style-x.css")
check(r.headers.get("content-type", "").startswith("text/css"), f"css: {r.headers}")
r = server.get("/sub/")
check(r.status == 200 and r.body == b"sub", f"a folder serves its index.html: {r}")
r = server.request("HEAD", "/")
check(r.status == 200, f"HEAD /: {r}")

for path in ["/../" + os.path.basename(outside) + "/passwd", "/assets/../../etc/passwd",
             "/%2e%2e/%2e%2e/etc/passwd", "/assets/%2E%2E/%2E%2E/etc/passwd", "/link.txt",
             "/.secret", "/assets/..%2f..%2fetc%2fpasswd", "/..\\etc\\passwd", "/nope.js"]:
    r = server.get(path)
    check(r.status == 404 and r.body not in (b"outside", b"hidden") and b"root:" not in r.body,
          f"{path} is refused with 404: {r}")
    check(r.headers.get("content-type", "").startswith("application/json"), f"{path}: JSON error body")
raw = server.raw(b"GET /../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check(b"root:" not in raw and (b" 404 " in raw.split(b"\r\n")[0] or b" 400 " in raw.split(b"\r\n")[0]),
      f"raw traversal refused: {raw[:200]!r}")

# Browsers offer br; httplib's Brotli (quality 11) takes seconds on a large body, so the server
# answers with gzip instead (api_server.cpp).
import gzip as _gzip
r = server.get("/assets/index-AbC123.js", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
check(r.headers.get("content-encoding") != "br", f"no Brotli for a browser: {r.headers}")
r = server.get("/v1/network", headers={"accept-encoding": "br, gzip"})
check(r.headers.get("content-encoding") == "gzip" and b"chokepoints" in _gzip.decompress(r.body), f"API JSON gzip, not br: {r.headers}")

r = server.get("/v1/nope")
check(r.status == 404 and b"no route" in r.body, f"/v1/ keeps the API's 404: {r}")
r = server.post("/index.html", {})
check(r.status == 404, f"POST to a file is not served: {r}")
check("dashboard from" in server.stderr_text(), "the startup log names the dashboard folder")
server.stop()

code, _, err = run_cli("serve", "--port", "0", "--web", os.path.join(web, "nowhere"))
check(code == 2 and "--web" in err and "index.html" in err, f"a --web folder without index.html: exit 2 naming --web: {code} {err}")
finish()
