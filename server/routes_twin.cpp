// The live twin over HTTP: POST /v1/events (a batch, all or nothing), POST
// /v1/events/catena-x (a Catena-X aspect payload as partners send it), and what the store
// holds: GET /v1/state, /v1/days-of-supply, /v1/alerts, /v1/feeds. Reading, checking,
// storing and folding events are the library's (twin/, store/); this file maps HTTP to it.
#include <chrono>
#include <functional>
#include <memory>

#include <fmt/format.h>

#include "chaintwin/twin/days_of_supply.hpp"
#include "chaintwin/twin/live.hpp"
#include "chaintwin/twin/reader.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "server/json_map.hpp"
#include "server/request.hpp"
#include "server/service.hpp"

namespace chaintwin::server {
namespace {

constexpr size_t kMaxBatch = 100000;  // events per request

store::TwinStore& StoreOf(Service& service) {
  if (!service.store) {
    throw ApiError(404, "this server has no twin store: start it with --store DB");
  }
  return *service.store;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// An instant: an RFC 3339 date-time with a zone, or a date (its 00:00 UTC); when empty, now:
// the current whole second (UTC), so answers "as of now" can be cached for up to a second.
int64_t ParseAsOf(const std::string& text, const std::string& path, std::vector<Problem>& problems) {
  if (text.empty() || text == "now") return NowMs() / 1000 * 1000;
  if (auto ms = twin::ParseDateTime(text)) return *ms;
  if (auto day = util::ParseDate(text)) return twin::DayStartMs(*day, 0);
  problems.push_back({path, fmt::format("expected a date-time with a time zone such as "
                                        "2026-03-02T12:00:00+01:00, or a date; got '{}'",
                                        text)});
  return 0;
}

int64_t AsOf(const Query& query, std::vector<Problem>& problems) {
  return ParseAsOf(query.String("as_of").value_or(""), "query.as_of", problems);
}

// Problems of the event reader, placed at their index in the request: the reader sees one
// event per line, so line N is events[N-1].
std::vector<Problem> EventProblems(const util::Diagnostics& diagnostics, const std::string& root,
                                   bool by_line) {
  std::vector<Problem> out;
  for (const util::Diagnostic& d : diagnostics) {
    std::string path = root;
    if (by_line && d.line > 0) path += fmt::format("[{}]", d.line - 1);
    if (!d.path.empty()) path += "." + d.path;
    out.push_back({path, d.message});
  }
  return out;
}

void Store(Service& service, std::vector<twin::Event> events, const std::string& source,
           twin::IngestMode mode, httplib::Response& res) {
  store::Batch batch;
  batch.source = source;
  batch.events = std::move(events);
  if (mode == twin::IngestMode::kReplace) twin::MakeReplace(batch);
  const size_t count = batch.events.size();
  store::AppendResult stored;
  try {
    std::lock_guard<std::mutex> lock(service.store_mutex);
    stored = StoreOf(service).Append(batch);
  } catch (const InputError&) {
    service.metrics.AddRejectedBatch();
    throw;
  }
  service.metrics.AddIngested(stored.added, stored.duplicates);
  nlohmann::json body = {{"batch", stored.batch_id},
                         {"events", count},
                         {"added", stored.added},
                         {"duplicates", stored.duplicates},
                         {"withdrawn", stored.retracted}};
  SendJson(res, 200, body.dump(2) + "\n");
}

// ?mode=upsert (default) or replace: as `chaintwin ingest --mode` (docs/EVENTS.md).
twin::IngestMode ModeOf(const Query& query, std::vector<Problem>& problems) {
  std::string mode = query.String("mode").value_or("upsert");
  if (mode == "replace") return twin::IngestMode::kReplace;
  if (mode != "upsert") {
    problems.push_back({"query.mode", fmt::format("expected upsert or replace, got '{}'", mode)});
  }
  return twin::IngestMode::kUpsert;
}

void PostEvents(Service& service, const Call& call, httplib::Response& res) {
  StoreOf(service);
  std::vector<Problem> problems;
  Query query(call, {"mode"}, problems);
  const twin::IngestMode mode = ModeOf(query, problems);
  // The reader counts objects from 1 as lines: line N is events[N-1].
  util::Diagnostics diagnostics;
  std::optional<std::string> source;
  // The fast path reads a well-formed body with simdjson (twin::ReadEventsBodyFast); any other
  // body, and every body with --json-parser plain, is read and checked here with nlohmann.
  std::optional<std::vector<twin::Event>> fast;
  if (service.options.fast_json && MediaType(call.request) == "application/json") {
    fast = twin::ReadEventsBodyFast(call.request.body, kMaxBatch, "events", *service.twin,
                                    diagnostics, &source);
  }
  std::vector<twin::Event> read;
  if (fast) {
    read = std::move(*fast);
    if (!problems.empty()) service.metrics.AddRejectedBatch();
    Finish(problems, "batch refused, nothing stored");
  } else {
    nlohmann::json body = JsonBody(call);
    Fields fields(body, "", problems);
    const nlohmann::json* events = fields.Any("events");
    source = fields.String("source");
    fields.RejectUnknown();
    if (!events) {
      problems.push_back({"events", "required array of events is missing"});
    } else if (!events->is_array() || events->empty()) {
      problems.push_back({"events", "expected a non-empty array of events"});
    } else if (events->size() > kMaxBatch) {
      problems.push_back({"events", fmt::format("{} events in one batch; at most {}", events->size(), kMaxBatch)});
    }
    if (!problems.empty()) service.metrics.AddRejectedBatch();
    Finish(problems, "batch refused, nothing stored");
    read = twin::ReadEventObjects(*events, "events", *service.twin, diagnostics);
  }
  if (!diagnostics.empty()) {
    service.metrics.AddRejectedBatch();
    Finish(EventProblems(diagnostics, "events", true), "batch refused, nothing stored");
  }
  Store(service, std::move(read), source.value_or("POST /v1/events"), mode, res);
}

void PostCatenaX(Service& service, const Call& call, httplib::Response& res) {
  StoreOf(service);
  std::vector<Problem> problems;
  Query query(call, {"owner", "partner", "mode"}, problems);
  twin::PayloadSender sender{query.String("owner").value_or(""), query.String("partner").value_or("")};
  const twin::IngestMode mode = ModeOf(query, problems);
  nlohmann::json body = JsonBody(call);  // checks the media type and the JSON before the reader
  Finish(problems);
  util::Diagnostics diagnostics;
  std::vector<twin::Event> read = twin::ReadEvents(call.request.body, "payload",
                                                   twin::FileFormat::kCatenaX, *service.twin,
                                                   sender, diagnostics);
  if (!diagnostics.empty()) {
    service.metrics.AddRejectedBatch();
    Finish(EventProblems(diagnostics, "payload", false), "payload refused, nothing stored");
  }
  if (read.empty()) {
    service.metrics.AddRejectedBatch();
    throw ApiError(400, "the payload holds no event");
  }
  Store(service, std::move(read), "POST /v1/events/catena-x", mode, res);
}

struct Loaded {
  std::vector<twin::Event> records;
  twin::State state;
};

Loaded LoadState(Service& service, int64_t as_of) {
  Loaded l;
  {
    std::lock_guard<std::mutex> lock(service.store_mutex);
    l.records = StoreOf(service).Records(as_of);
  }
  l.state = twin::Fold(*service.twin, l.records, as_of);
  return l;
}

// The answer named `key` (every parameter it depends on, as_of included) at the store's
// current version: from the cache, else `compute` on the state as of `as_of` read at that
// version. The version and the read happen under the store lock, so an answer is cached under
// a version no older than its data: one computed before an ingest is never served after it.
//
// `now_key` (the key without as_of) is set when the client asked "as of now": then, within a
// second of the last answer at the same store version, one request recomputes and the others
// get that answer (AnswerCache::GetRecent), so no request waits for the once-a-second fold.
void SendCached(Service& service, const std::string& key, int64_t as_of,
                const std::function<std::string(const Loaded&)>& compute,
                httplib::Response& res, const std::string& now_key = "") {
  store::TwinStore& db = StoreOf(service);
  int64_t version = 0;
  {
    std::lock_guard<std::mutex> lock(service.store_mutex);
    version = db.Version();
  }
  if (std::shared_ptr<const std::string> hit = service.answers.Get(key, version)) {
    SendJson(res, 200, *hit);
    return;
  }
  if (!now_key.empty()) {
    bool claim = false;
    if (std::shared_ptr<const std::string> recent =
            service.answers.GetRecent(now_key, version, as_of, 1000, claim)) {
      SendJson(res, 200, *recent);
      return;
    }
  }
  Loaded l;
  {
    std::lock_guard<std::mutex> lock(service.store_mutex);
    version = db.Version();
    l.records = db.Records(as_of);
  }
  l.state = twin::Fold(*service.twin, l.records, as_of);
  auto text = std::make_shared<const std::string>(compute(l));
  service.answers.Put(key, version, text);
  if (!now_key.empty()) service.answers.PutRecent(now_key, version, as_of, text);
  SendJson(res, 200, *text);
}

// The key of an answer "as of now" (no as_of, or as_of=now, in the query), else "".
std::string NowKey(const Query& query, const std::string& key_without_as_of) {
  const std::string as_of = query.String("as_of").value_or("");
  return as_of.empty() || as_of == "now" ? key_without_as_of : "";
}

void GetState(Service& service, const Call& call, httplib::Response& res) {
  StoreOf(service);
  std::vector<Problem> problems;
  Query query(call, {"as_of"}, problems);
  int64_t as_of = AsOf(query, problems);
  Finish(problems);
  SendCached(service, fmt::format("state|{}", as_of), as_of, [&](const Loaded& l) {
    return StateJson(service.twin->compiled(), l.state, as_of);
  }, res, NowKey(query, "state|now"));
}

void GetDaysOfSupply(Service& service, const Call& call, httplib::Response& res) {
  StoreOf(service);
  std::vector<Problem> problems;
  Query query(call, {"as_of", "site", "material", "direction", "partner", "horizon_days", "tiers"}, problems);
  int64_t as_of = AsOf(query, problems);
  twin::DosOptions options;
  options.horizon_days = static_cast<int32_t>(query.Integer("horizon_days", 1, 366).value_or(28));
  options.tiers = static_cast<int>(query.Integer("tiers", 1, 2).value_or(1));
  options.partner = query.String("partner").value_or("");
  std::string direction = query.String("direction").value_or("inbound");
  if (direction != "inbound" && direction != "outbound") {
    problems.push_back({"query.direction", fmt::format("expected inbound or outbound, got '{}'", direction)});
  }
  options.view = direction == "outbound" ? twin::View::kSupplier : twin::View::kCustomer;
  std::string site, material;
  if (auto text = query.String("site")) {
    if (auto key = service.twin->SiteKey(*text)) {
      site = *key;
    } else {
      problems.push_back({"query.site", fmt::format("unknown site '{}' (a site id or mapped BPNS)", *text)});
    }
  }
  if (auto text = query.String("material")) {
    if (auto key = service.twin->MaterialKey(*text)) {
      material = *key;
    } else {
      problems.push_back({"query.material", fmt::format("unknown material '{}'", *text)});
    }
  }
  if (!site.empty() && !material.empty() && !service.twin->HasSlot(site, material)) {
    problems.push_back({"query.material", fmt::format("site '{}' holds no '{}'", site, material)});
  }
  Finish(problems);
  const std::string params = fmt::format("{}|{}|{}|{}|{}|{}", site, material, direction,
                                         options.partner, options.horizon_days, options.tiers);
  const std::string key = fmt::format("dos|{}|{}", as_of, params);
  SendCached(service, key, as_of, [&](const Loaded& l) {
  const model::CompiledNetwork& net = service.twin->compiled();
  std::vector<twin::DosResult> results;
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    const std::string& sk = net.site_key[net.slot_site[slot].value];
    const std::string& mk = net.material_key[net.slot_material[slot].value];
    if ((!site.empty() && sk != site) || (!material.empty() && mk != material)) continue;
    // Unfiltered: only what was reported (a stock record or open demand), as the CLI does.
    if (site.empty() && material.empty() && l.state.slots[slot].records == 0 &&
        l.state.demand[slot].empty()) {
      continue;
    }
    results.push_back(twin::DaysOfSupply(*service.twin, l.state, l.records, sk, mk, options));
  }
  return DaysOfSupplyJson(results, as_of, direction);
  }, res, NowKey(query, "dos|now|" + params));
}

void GetAlerts(Service& service, const Call& call, httplib::Response& res) {
  StoreOf(service);
  std::vector<Problem> problems;
  Query query(call, {"as_of", "horizon_days"}, problems);
  int64_t as_of = AsOf(query, problems);
  int32_t horizon = static_cast<int32_t>(query.Integer("horizon_days", 1, 3650).value_or(90));
  Finish(problems);
  Loaded l = LoadState(service, as_of);
  std::vector<twin::ProjectedShortage> shortages = twin::ProjectShortages(*service.twin, l.state, horizon);
  std::vector<store::Feed> feeds;
  {
    std::lock_guard<std::mutex> lock(service.store_mutex);
    feeds = StoreOf(service).Feeds();
  }
  SendJson(res, 200, AlertsJson(shortages, twin::SilentFeeds(feeds, as_of), as_of, horizon));
}

void GetFeeds(Service& service, const Call& call, httplib::Response& res) {
  StoreOf(service);
  std::vector<Problem> problems;
  Query query(call, {}, problems);
  Finish(problems);
  std::vector<store::Feed> feeds;
  {
    std::lock_guard<std::mutex> lock(service.store_mutex);
    feeds = StoreOf(service).Feeds();
  }
  SendJson(res, 200, FeedsJson(feeds, NowMs()));
}

}  // namespace

std::optional<twin::StartingPoint> StartFromStore(Service& service, const std::string& as_of,
                                                  const std::string& path,
                                                  std::vector<Problem>& problems) {
  StoreOf(service);
  const size_t before = problems.size();
  int64_t ms = ParseAsOf(as_of, path, problems);
  if (problems.size() != before) return std::nullopt;
  Loaded l = LoadState(service, ms);
  return twin::StartFrom(*service.twin, l.state);
}

void AddTwinRoutes(Router& router, Service& service) {
  auto bind = [&service](void (*fn)(Service&, const Call&, httplib::Response&)) {
    return [&service, fn](const Call& c, httplib::Response& r) { fn(service, c, r); };
  };
  router.Add("POST", "/v1/events", bind(PostEvents));
  router.Add("POST", "/v1/events/catena-x", bind(PostCatenaX));
  router.Add("GET", "/v1/state", bind(GetState));
  router.Add("GET", "/v1/days-of-supply", bind(GetDaysOfSupply));
  router.Add("GET", "/v1/alerts", bind(GetAlerts));
  router.Add("GET", "/v1/feeds", bind(GetFeeds));
}

}  // namespace chaintwin::server
