// Service-level operations per second of the mock Drive v3 (no sockets): files.list by name among
// 10,000 files, files.create, files.get.
//
//   ./build/release/bench/lockstep_benchmarks --benchmark_filter=DriveService
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "mocks/drive/drive_service.h"

namespace lockstep::mocks {
namespace {

const Instant kT0 = FromUnixMs(1'768'900'000'000);

struct Fixture {
  Fixture() : model(DriveKnobs{}), service(model, DriveServiceKnobs{}) {
    model.Reset(kT0, 1);
    for (int i = 0; i < 10'000; ++i) {
      StatusOr<DriveFile> f = model.Create(0, kT0, CreateFileRequest{.parent_id = "root", .name = "file-" + std::to_string(i),
                                                                     .mime_type = "text/csv"});
      if (i == 5'000) some_id = f->id;
    }
  }
  DriveModel model;
  DriveService service;
  std::string some_id;
};

void BM_DriveServiceListByNameAmong10k(benchmark::State& state) {
  Fixture f;
  HttpRequest r{"GET", "/drive/v3/files", {{"q", "name = 'file-7777'"}, {"fields", "files(id,name)"}}, {}, {}};
  for (auto _ : state) benchmark::DoNotOptimize(f.service.Handle(r, 1, kT0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DriveServiceListByNameAmong10k)->Unit(benchmark::kMicrosecond);

void BM_DriveServiceListChildrenOfAFolderAmong10k(benchmark::State& state) {
  Fixture f;
  StatusOr<DriveFile> folder = f.model.Create(0, kT0, CreateFileRequest{.parent_id = "root", .name = "p",
                                                                        .mime_type = "application/vnd.google-apps.folder"});
  for (int i = 0; i < 20; ++i) {
    f.model.Create(0, kT0, CreateFileRequest{.parent_id = folder->id, .name = "c" + std::to_string(i), .mime_type = "text/csv"});
  }
  HttpRequest r{"GET", "/drive/v3/files", {{"q", "'" + folder->id + "' in parents and trashed = false"}}, {}, {}};
  for (auto _ : state) benchmark::DoNotOptimize(f.service.Handle(r, 1, kT0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DriveServiceListChildrenOfAFolderAmong10k)->Unit(benchmark::kMicrosecond);

void BM_DriveServiceCreate(benchmark::State& state) {
  Fixture f;
  HttpRequest r{"POST", "/drive/v3/files", {}, {}, R"({"name":"new","mimeType":"application/vnd.google-apps.folder"})"};
  for (auto _ : state) benchmark::DoNotOptimize(f.service.Handle(r, 1, kT0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DriveServiceCreate)->Unit(benchmark::kMicrosecond);

void BM_DriveServiceGet(benchmark::State& state) {
  Fixture f;
  HttpRequest r{"GET", "/drive/v3/files/" + f.some_id, {}, {}, {}};
  for (auto _ : state) benchmark::DoNotOptimize(f.service.Handle(r, 1, kT0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DriveServiceGet)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lockstep::mocks
