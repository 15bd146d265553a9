// The event log and the buffered appends: sequence numbers, ordering, reads
// after a given seq, and what Flush, reads and closing write.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/duckdb_store.h"
#include "store_test_support.h"

namespace hawk {
namespace {

using testing_store::SampleEvent;

std::unique_ptr<DuckDbStore> OpenOrDie(const std::string& path) {
  auto opened = DuckDbStore::Open(path);
  EXPECT_TRUE(opened) << opened.error().ToString();
  return opened ? std::move(*opened) : nullptr;
}

std::vector<std::int64_t> Seqs(const std::vector<EventRecord>& events) {
  std::vector<std::int64_t> out;
  for (const EventRecord& e : events) out.push_back(e.seq);
  return out;
}

TEST(Events, SequenceNumbersCountUpFromOne) {
  auto store = OpenOrDie(DuckDbStore::kInMemory);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->LastEventSeq(), 0);
  EXPECT_EQ(*store->AppendEvent(SampleEvent("workload_submitted", 0)), 1);
  EventRecord with_seq = SampleEvent("task_dispatched", 5);
  with_seq.seq = 99;  // ignored: the store assigns
  EXPECT_EQ(*store->AppendEvent(with_seq), 2);
  EXPECT_EQ(store->LastEventSeq(), 2);
}

// A flush writes a round's few events with one INSERT and many through the
// appender; either way every field and the order come back.
TEST(Events, FlushesOfFewAndOfManyEventsReadBackTheSame) {
  auto store = OpenOrDie(DuckDbStore::kInMemory);
  ASSERT_TRUE(store);
  std::vector<EventRecord> appended;
  for (const int batch : {1, 2, 16, 17, 300}) {
    for (int i = 0; i < batch; ++i) {
      EventRecord e = SampleEvent("batch-" + std::to_string(batch), i);
      if (i % 2 == 0) e.workload_id = "wl-" + std::to_string(batch);
      if (i % 3 == 0) e.task_id = "t" + std::to_string(i);
      if (i % 5 == 0) e.attempt_id = "att-" + std::to_string(i);
      e.payload_json = R"({"i":)" + std::to_string(i) + "}";
      auto seq = store->AppendEvent(e);
      ASSERT_TRUE(seq) << seq.error().ToString();
      e.seq = *seq;
      appended.push_back(e);
    }
    ASSERT_TRUE(store->Flush()) << "batch of " << batch;
  }
  auto all = store->LoadEvents(0, std::nullopt);
  ASSERT_TRUE(all) << all.error().ToString();
  EXPECT_EQ(*all, appended);
}

TEST(Events, LoadAfterASeqInOrder) {
  auto store = OpenOrDie(DuckDbStore::kInMemory);
  ASSERT_TRUE(store);
  std::vector<EventRecord> appended;
  for (int i = 0; i < 10; ++i) {
    // Timestamps deliberately out of order: seq, not ts, orders the log.
    EventRecord e = SampleEvent("tick", (10 - i) * 100);
    e.task_id = "t" + std::to_string(i);
    if (i % 3 == 0) e.attempt_id = "att-" + std::to_string(i);
    auto seq = store->AppendEvent(e);
    ASSERT_TRUE(seq) << seq.error().ToString();
    e.seq = *seq;
    appended.push_back(e);
  }
  ASSERT_TRUE(store->Flush());

  auto all = store->LoadEvents(0, std::nullopt);
  ASSERT_TRUE(all) << all.error().ToString();
  EXPECT_EQ(*all, appended);

  auto after7 = store->LoadEvents(7, std::nullopt);
  ASSERT_TRUE(after7);
  EXPECT_EQ(Seqs(*after7), (std::vector<std::int64_t>{8, 9, 10}));
  EXPECT_EQ((*after7)[0], appended[7]);

  auto page = store->LoadEvents(2, 3);
  ASSERT_TRUE(page);
  EXPECT_EQ(Seqs(*page), (std::vector<std::int64_t>{3, 4, 5}));

  auto none = store->LoadEvents(10, std::nullopt);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(store->LoadEvents(0, 0)->empty());
}

TEST(Events, ReadsSeeAppendsNotYetFlushed) {
  auto store = OpenOrDie(DuckDbStore::kInMemory);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->AppendEvent(SampleEvent("a", 0)));
  const UtilizationSample sample{testing_store::At(testing_store::kT0), "w", std::nullopt,
                                 "cpu_utilization_ratio", 0.25};
  ASSERT_TRUE(store->AppendUtilization({&sample, 1}));
  EXPECT_EQ(store->LoadEvents(0, std::nullopt)->size(), 1u);
  EXPECT_EQ(store->ListUtilization({})->size(), 1u);
  // Nothing is written twice by the read's flush and a later one.
  ASSERT_TRUE(store->Flush());
  EXPECT_EQ(store->LoadEvents(0, std::nullopt)->size(), 1u);
  EXPECT_EQ(store->ListUtilization({})->size(), 1u);
}

TEST(Events, SequenceContinuesAfterReopening) {
  testing_store::TempDir dir;
  const std::string path = dir.File("events.duckdb");
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->AppendEvent(SampleEvent("a", 0)));
    ASSERT_TRUE(store->AppendEvent(SampleEvent("b", 1)));
    ASSERT_TRUE(store->Flush());
  }
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->LastEventSeq(), 2);
  EXPECT_EQ(*store->AppendEvent(SampleEvent("c", 2)), 3);
  auto all = store->LoadEvents(0, std::nullopt);
  ASSERT_TRUE(all);
  EXPECT_EQ(Seqs(*all), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ((*all)[1].type, "b");
}

TEST(Appends, ClosingTheStoreWritesWhatIsBuffered) {
  testing_store::TempDir dir;
  const std::string path = dir.File("close.duckdb");
  std::vector<UtilizationSample> samples;
  for (int i = 0; i < 2'500; ++i) {
    samples.push_back(
        {testing_store::At(testing_store::kT0 + i), "worker-a", "gpu0", "power_watts", 100.0 + i});
  }
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->AppendUtilization(samples));
    ASSERT_TRUE(store->AppendEvent(SampleEvent("last", 0)));
  }  // no Flush()
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  auto read = store->ListUtilization({});
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, samples);
  EXPECT_EQ(store->LoadEvents(0, std::nullopt)->size(), 1u);
}

}  // namespace
}  // namespace hawk
