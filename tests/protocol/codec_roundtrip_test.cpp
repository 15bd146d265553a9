#include <string>

#include <gtest/gtest.h>

#include "protocol/codec.h"
#include "sample_messages.h"

namespace hawk::protocol {
namespace {

void ExpectRoundTrip(const Message& message) {
  const std::string text = Encode(message);
  const tl::expected<Message, Error> decoded = Decode(text);
  ASSERT_TRUE(decoded.has_value()) << text << "\n" << decoded.error().message;
  EXPECT_EQ(decoded->index(), message.index()) << text;
  EXPECT_TRUE(*decoded == message) << text << "\nre-encoded: " << Encode(*decoded);
  EXPECT_EQ(Encode(*decoded), text);
}

TEST(CodecRoundTrip, EveryTypeWithAllOptionalFields) {
  const std::vector<Message> messages = testing::FullMessages();
  ASSERT_EQ(messages.size(), std::variant_size_v<Message>);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    SCOPED_TRACE(std::string(TypeName(messages[i])));
    EXPECT_EQ(messages[i].index(), i);
    ExpectRoundTrip(messages[i]);
  }
}

TEST(CodecRoundTrip, EveryTypeWithNoOptionalFields) {
  const std::vector<Message> messages = testing::MinimalMessages();
  ASSERT_EQ(messages.size(), std::variant_size_v<Message>);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    SCOPED_TRACE(std::string(TypeName(messages[i])));
    EXPECT_EQ(messages[i].index(), i);
    ExpectRoundTrip(messages[i]);
  }
}

TEST(CodecRoundTrip, TypeNamesAreTheWireNames) {
  const std::vector<std::string> expected = {"hello", "register", "heartbeat", "task_update",
                                             "log",   "welcome",  "dispatch",  "cancel",
                                             "ack",   "drain",    "error",     "samples"};
  const std::vector<Message> messages = testing::MinimalMessages();
  ASSERT_EQ(messages.size(), expected.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(TypeName(messages[i]), expected[i]);
    EXPECT_NE(Encode(messages[i]).find("\"type\":\"" + expected[i] + "\""), std::string::npos);
  }
}

TEST(CodecRoundTrip, OptionalFieldsAreLeftOutWhenEmpty) {
  EXPECT_EQ(Encode(Cancel{"a", ""}), R"({"v":1,"type":"cancel","attempt_id":"a"})");
  EXPECT_EQ(Encode(Ack{}), R"({"v":1,"type":"ack"})");
  EXPECT_EQ(Encode(Drain{}), R"({"v":1,"type":"drain"})");
  TaskUpdate started;
  started.attempt_id = "a-1";
  started.at = FromUnixMillis(5);
  EXPECT_EQ(Encode(started),
            R"({"v":1,"type":"task_update","attempt_id":"a-1","state":"started","at":5})");
}

// The exact wire form: a change here is a protocol change for every peer.
TEST(CodecGolden, Dispatch) {
  Dispatch d;
  d.attempt_id = "a-2";
  d.workload_id = "wl-7";
  d.unit_id = "train#0";
  d.task_id = "train";
  d.device_ids = {"gpu0"};
  d.command.argv = {"python", "train.py"};
  d.env = {{"CUDA_VISIBLE_DEVICES", "0"}, {"HAWK_DEVICES", "gpu0"}};
  d.working_dir = "/srv/jobs";
  d.timeout_ms = 60000;
  d.checkpoint = std::vector<CheckpointFile>{{"step-1/w.bin", std::string("\x00\x01\xFE", 3)}};
  EXPECT_EQ(Encode(d), R"({"v":1,"type":"dispatch","attempt_id":"a-2","workload_id":"wl-7",)"
                       R"("unit_id":"train#0","task_id":"train","device_ids":["gpu0"],)"
                       R"("command":{"argv":["python","train.py"]},)"
                       R"("env":{"CUDA_VISIBLE_DEVICES":"0","HAWK_DEVICES":"gpu0"},)"
                       R"("working_dir":"/srv/jobs","timeout_ms":60000,)"
                       R"("checkpoint":[{"path":"step-1/w.bin","data":"AAH+"}]})");
  Dispatch ahead;
  ahead.attempt_id = "a-3";
  ahead.workload_id = "wl-7";
  ahead.unit_id = "u";
  ahead.task_id = "u";
  ahead.command.shell = "true";
  ahead.after = "a-2";
  EXPECT_EQ(Encode(ahead), R"({"v":1,"type":"dispatch","attempt_id":"a-3","workload_id":"wl-7",)"
                           R"("unit_id":"u","task_id":"u","command":{"shell":"true"},)"
                           R"("after":"a-2"})");
}

TEST(CodecGolden, Heartbeat) {
  Heartbeat hb;
  hb.at = FromUnixMillis(1795000000123);
  hb.cpu_utilization = Fraction::FromPartsPer10k(2500);
  hb.memory_utilization = Fraction::FromPartsPer10k(5000);
  hb.memory_used_bytes = 8 * kGiB;
  hb.cpu_temperature_celsius = 55.5;
  hb.devices.push_back(
      DeviceSample{"gpu0", Fraction::One(), Fraction::FromPartsPer10k(125), 71.0, 250.5, true});
  hb.running_attempts = {"a-1"};
  EXPECT_EQ(Encode(hb),
            R"({"v":1,"type":"heartbeat","at":1795000000123,"cpu_utilization":0.25,)"
            R"("memory_utilization":0.5,"memory_used_bytes":8589934592,)"
            R"("cpu_temperature_celsius":55.5,"devices":[{"device_id":"gpu0","utilization":1.0,)"
            R"("memory_utilization":0.0125,"temperature_celsius":71.0,"power_watts":250.5,)"
            R"("throttling":true}],"running_attempts":["a-1"]})");
}

TEST(CodecRoundTrip, BinaryCheckpointAndLogBytesSurvive) {
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  TaskUpdate tu;
  tu.attempt_id = "a";
  tu.state = TaskState::kSucceeded;
  tu.checkpoint = std::vector<CheckpointFile>{{"bytes.bin", all_bytes},
                                              {"dir/invalid-utf8", "\xC3\x28\xFF\xFE"}};
  ExpectRoundTrip(tu);
  // A log chunk may end inside a multi-byte character; it still arrives whole.
  ExpectRoundTrip(Log{"a", 7, "caf\xC3"});
}

TEST(CodecRoundTrip, InvalidUtf8InTextFieldsIsReplacedNotThrown) {
  TaskUpdate tu;
  tu.attempt_id = "a";
  tu.log_tail = "ok \xFF end";
  const std::string text = Encode(tu);
  const tl::expected<Message, Error> decoded = Decode(text);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(std::get<TaskUpdate>(*decoded).log_tail, "ok \xEF\xBF\xBD end");
}

TEST(CodecRoundTrip, UnknownFieldsAreIgnored) {
  const auto decoded =
      Decode(R"({"v":1,"type":"cancel","attempt_id":"a","reason":"r","added_later":{"x":[1,2]}})");
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_TRUE(*decoded == Message(Cancel{"a", "r"}));
}

TEST(CodecRoundTrip, IntegralNumbersAreAcceptedWhereFractionsGo) {
  const auto decoded =
      Decode(R"({"v":1,"type":"heartbeat","at":0,"cpu_utilization":1,"memory_utilization":0})");
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(std::get<Heartbeat>(*decoded).cpu_utilization, Fraction::One());
}

}  // namespace
}  // namespace hawk::protocol
