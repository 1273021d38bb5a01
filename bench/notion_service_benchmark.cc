// Service-level operations per second of the mock Notion API (no sockets): a filtered data source
// query over 10,000 pages (first page of 100 results, and a selective filter), a query of 20
// pages, and page create.
//
//   ./build/release/bench/lockstep_benchmarks --benchmark_filter=NotionService
#include <benchmark/benchmark.h>

#include "mocks/notion/notion_service.h"

namespace lockstep::mocks {
namespace {

const Instant kT0 = FromUnixMs(1'768'900'000'000);

NJson Text(const std::string& s) { return NJson::array({NJson{{"text", {{"content", s}}}}}); }

struct Fixture {
  Fixture() : model(NotionKnobs{}, 1), service(model, NotionServiceKnobs{}) {
    NotionDatabase* db = *model.CreateDatabase(model.RootPageId(), "Tracks",
                                               NJson{{"Name", {{"title", NJson::object()}}},
                                                     {"BPM", {{"number", NJson::object()}}},
                                                     {"Genre", {{"select", NJson::object()}}}},
                                               kT0);
    ds = db->data_sources.front();
    for (int i = 0; i < 10'000; ++i) {
      (void)model.CreatePage(ds, "",
                             NJson{{"Name", {{"title", Text("track " + std::to_string(i))}}},
                                   {"BPM", {{"number", 60 + i % 120}}},
                                   {"Genre", {{"select", {{"name", i % 7 ? "house" : "techno"}}}}}},
                             kT0, "seed");
    }
  }
  HttpRequest Query(const NJson& body) const {
    return HttpRequest{"POST", "/v1/data_sources/" + ds + "/query", {}, {{"notion-version", "2025-09-03"}}, body.dump()};
  }
  NotionModel model;
  NotionService service;
  std::string ds;
};

void BM_NotionServiceQueryFirstPageOf10k(benchmark::State& state) {
  Fixture f;
  const HttpRequest r = f.Query(NJson{{"filter", {{"property", "Genre"}, {"select", {{"equals", "house"}}}}}});
  for (auto _ : state) benchmark::DoNotOptimize(f.service.Handle(r, kT0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NotionServiceQueryFirstPageOf10k)->Unit(benchmark::kMicrosecond);

// The answer bench/http_vs_wiremock.sh asks for over HTTP: 20 pages of one title property, all of
// them, unfiltered. What the service costs of that request's time.
void BM_NotionServiceQueryOf20Pages(benchmark::State& state) {
  NotionModel model(NotionKnobs{}, 1);
  NotionService service(model, NotionServiceKnobs{});
  NotionDatabase* db = *model.CreateDatabase(model.RootPageId(), "Bench", NJson{{"Name", {{"title", NJson::object()}}}}, kT0);
  const std::string ds = db->data_sources.front();
  for (int i = 0; i < 20; ++i) {
    (void)model.CreatePage(ds, "", NJson{{"Name", {{"title", Text("Page " + std::to_string(i))}}}}, kT0, "seed");
  }
  const HttpRequest r{"POST", "/v1/data_sources/" + ds + "/query", {}, {{"notion-version", "2025-09-03"}},
                      R"({"page_size":20})"};
  for (auto _ : state) benchmark::DoNotOptimize(service.Handle(r, kT0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NotionServiceQueryOf20Pages)->Unit(benchmark::kMicrosecond);

void BM_NotionServiceSelectiveQueryOver10k(benchmark::State& state) {
  Fixture f;
  const HttpRequest r = f.Query(NJson{{"filter", {{"and", {{{"property", "BPM"}, {"number", {{"greater_than", 178}}}},
                                                           {{"property", "Name"}, {"title", {{"contains", "99"}}}}}}}}});
  for (auto _ : state) benchmark::DoNotOptimize(f.service.Handle(r, kT0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NotionServiceSelectiveQueryOver10k)->Unit(benchmark::kMicrosecond);

void BM_NotionServicePageCreate(benchmark::State& state) {
  Fixture f;
  const HttpRequest r{"POST", "/v1/pages", {}, {{"notion-version", "2025-09-03"}},
                      NJson{{"parent", {{"data_source_id", f.ds}}},
                            {"properties", {{"Name", {{"title", Text("new")}}}, {"BPM", {{"number", 128}}},
                                            {"Genre", {{"select", {{"name", "house"}}}}}}}}.dump()};
  for (auto _ : state) benchmark::DoNotOptimize(f.service.Handle(r, kT0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NotionServicePageCreate)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lockstep::mocks
