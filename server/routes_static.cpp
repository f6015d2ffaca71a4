// The dashboard's built files (web/dist, docs/DASHBOARD.md) at `/`: GET and HEAD of any path
// outside /v1/ that names a regular file under the web folder. `/` (and any folder) serves its
// index.html. Paths are resolved segment by segment: `..`, `.`, hidden names, backslashes and
// NUL never reach the file system, and the resolved file must still lie under the folder (a
// symbolic link out of it is refused). Vite's content-hashed files under assets/ are cached
// for a year; everything else (index.html) is revalidated on every load.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <httplib.h>

#include "server/api_server.hpp"
#include "server/service.hpp"

namespace chaintwin::server {
namespace {

namespace fs = std::filesystem;

const char* ContentType(const std::string& extension) {
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".webp") return "image/webp";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The file `url_path` names under `root`, or "" when it names none (or tries to leave root).
fs::path Resolve(const fs::path& root, const std::string& url_path) {
  if (url_path.empty() || url_path[0] != '/') return {};
  if (url_path.find('\0') != std::string::npos || url_path.find('\\') != std::string::npos) return {};
  fs::path file = root;
  std::stringstream segments(url_path.substr(1));
  std::string segment;
  while (std::getline(segments, segment, '/')) {
    if (segment.empty()) continue;
    if (segment[0] == '.') return {};  // "..", ".", and hidden files
    file /= segment;
  }
  std::error_code ec;
  if (fs::is_directory(file, ec)) file /= "index.html";
  const fs::path canonical = fs::weakly_canonical(file, ec);
  if (ec || !fs::is_regular_file(canonical, ec)) return {};
  const fs::path canonical_root = fs::weakly_canonical(root, ec);
  const std::string prefix = canonical_root.string() + "/";
  if (ec || canonical.string().compare(0, prefix.size(), prefix) != 0) return {};
  return canonical;
}

}  // namespace

std::string DefaultWebDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  // build/chaintwin next to web/dist (the source tree), or an installed bin/ next to share/.
  for (const fs::path& candidate : {exe.parent_path().parent_path() / "web" / "dist",
                                    exe.parent_path() / "web" / "dist",
                                    exe.parent_path().parent_path() / "share" / "chaintwin" / "web"}) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.lexically_normal().string();
  }
  return "";
}

bool ServeStatic(const std::string& web_dir, const httplib::Request& req, httplib::Response& res) {
  if (web_dir.empty() || (req.method != "GET" && req.method != "HEAD")) return false;
  if (req.path == "/v1" || req.path.rfind("/v1/", 0) == 0) return false;
  const fs::path file = Resolve(web_dir, req.path);
  if (file.empty()) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const bool hashed = req.path.rfind("/assets/", 0) == 0;
  res.status = 200;
  res.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(std::move(body), ContentType(file.extension().string()));
  return true;
}

}  // namespace chaintwin::server
