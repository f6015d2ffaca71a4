#include "server/router.hpp"

#include <algorithm>

#include "chaintwin/util/check.hpp"

namespace chaintwin::server {
namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t begin = 1;
  while (begin <= path.size()) {
    size_t end = path.find('/', begin);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

// Matches `path` against `pattern` segment by segment; a `{name}` segment takes any non-empty
// segment.
bool Matches(const std::string& pattern, const std::string& path,
             std::map<std::string, std::string>& params) {
  if (path.empty() || path[0] != '/') return false;
  std::vector<std::string> want = Segments(pattern), got = Segments(path);
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string& w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      found[w.substr(1, w.size() - 2)] = got[i];
    } else if (w != got[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  CT_CHECK(!pattern.empty() && pattern[0] == '/', "route patterns start with '/'");
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler)});
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  const std::string& wanted = method == "HEAD" ? std::string("GET") : method;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    if (!Matches(r.pattern, path, params)) continue;
    match.allowed.push_back(r.method);
    if (r.method == wanted && match.route == nullptr) {
      match.route = &r;
      match.params = std::move(params);
    }
  }
  std::sort(match.allowed.begin(), match.allowed.end());
  match.allowed.erase(std::unique(match.allowed.begin(), match.allowed.end()), match.allowed.end());
  return match;
}

}  // namespace chaintwin::server
