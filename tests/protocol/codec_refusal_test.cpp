// Every way a peer's message is refused, with the code and the field path
// the reply names.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "protocol/codec.h"
#include "sample_messages.h"

namespace hawk::protocol {
namespace {

struct Refusal {
  const char* name;
  std::string text;
  const char* code;
  const char* message;  // the start of the message (the field path first)
};

std::string Dispatch(const std::string& fields) {
  return R"({"v":1,"type":"dispatch","attempt_id":"a","workload_id":"w","unit_id":"u",)"
         R"("task_id":"t",)" +
         fields + "}";
}

std::string DispatchWithCheckpoint(const std::string& files) {
  return Dispatch(R"("command":{"shell":"true"},"checkpoint":)" + files);
}

std::string RegisterWithDevices(const std::string& devices) {
  return R"({"v":1,"type":"register","profile":{"worker_id":"w","cpu_slots":1,"devices":)" +
         devices + "}}";
}

std::string Device(const std::string& id, const std::string& extra = "") {
  return R"({"id":")" + id +
         R"(","hardware_class":"gpu","architecture":"cuda","vendor":"nvidia",)"
         R"("memory_total_bytes":1,"compute_units":1)" +
         extra + "}";
}

const std::vector<Refusal>& Refusals() {
  static const std::vector<Refusal> refusals = {
      {"NotJson", "{\"v\":1,", "bad_json", "not valid JSON"},
      {"TrailingGarbage", R"({"v":1,"type":"drain"} x)", "bad_json", "not valid JSON"},
      {"InvalidUtf8", "{\"v\":1,\"type\":\"drain\",\"x\":\"\xFF\"}", "bad_json", "not valid JSON"},
      {"NotAnObject", "[1,2]", "bad_json", "not a JSON object (array)"},
      {"TooDeep", std::string(65, '[') + std::string(65, ']'), "bad_json", "nested deeper than 64"},
      {"MissingV", R"({"type":"drain"})", "bad_field", "v: missing"},
      {"VNotInteger", R"({"v":"1","type":"drain"})", "bad_field", "v: not an integer"},
      {"V2", R"({"v":2,"type":"drain"})", "version", "v: protocol version 2 is not supported"},
      {"HelloVersion2", R"({"v":1,"type":"hello","worker_id":"w","version":2})", "version",
       "hello.version: protocol version 2"},
      {"MissingType", R"({"v":1})", "bad_field", "type: missing"},
      {"TypeNotString", R"({"v":1,"type":7})", "bad_field", "type: not a string"},
      {"UnknownType", R"({"v":1,"type":"reboot"})", "unknown_type",
       "type: unknown message type 'reboot'"},
      {"MissingRequiredField", R"({"v":1,"type":"cancel"})", "bad_field",
       "cancel.attempt_id: missing"},
      {"EmptyId", R"({"v":1,"type":"cancel","attempt_id":""})", "bad_field",
       "cancel.attempt_id: must not be empty"},
      {"WrongType", R"({"v":1,"type":"log","attempt_id":"a","offset":"12","data":""})", "bad_field",
       "log.offset: not a non-negative integer (string)"},
      {"NegativeSize", R"({"v":1,"type":"log","attempt_id":"a","offset":-1,"data":""})",
       "bad_field", "log.offset: must not be negative"},
      {"FractionalInteger", R"({"v":1,"type":"log","attempt_id":"a","offset":1.5,"data":""})",
       "bad_field", "log.offset: not a non-negative integer (number)"},
      {"FractionAboveOne",
       R"({"v":1,"type":"heartbeat","at":0,"cpu_utilization":1.5,"memory_utilization":0})",
       "bad_field", "heartbeat.cpu_utilization: 1.5 is out of range [0.0, 1.0]"},
      {"OverflowingNumberIsNotJson",
       R"({"v":1,"type":"heartbeat","at":0,"cpu_utilization":0,"memory_utilization":0,)"
       R"("cpu_temperature_celsius":1e999})",
       "bad_json", "not valid JSON"},
      {"TemperatureBelowAbsoluteZero",
       R"({"v":1,"type":"heartbeat","at":0,"cpu_utilization":0,"memory_utilization":0,)"
       R"("cpu_temperature_celsius":-300})",
       "bad_field", "heartbeat.cpu_temperature_celsius: -300 is out of range [-273.15,"},
      {"NegativeMemoryUsed",
       R"({"v":1,"type":"heartbeat","at":0,"cpu_utilization":0,"memory_utilization":0,)"
       R"("memory_used_bytes":-5})",
       "bad_field", "heartbeat.memory_used_bytes: must not be negative"},
      {"DeviceSampleField",
       R"({"v":1,"type":"heartbeat","at":0,"cpu_utilization":0,"memory_utilization":0,)"
       R"("devices":[{"device_id":"g","utilization":0,"memory_utilization":0,"throttling":1}]})",
       "bad_field", "heartbeat.devices[0].throttling: not a boolean"},
      {"NegativeTime", R"({"v":1,"type":"task_update","attempt_id":"a","state":"started","at":-1})",
       "bad_field", "task_update.at: -1 is out of range"},
      {"ExitCodeOutOfIntRange",
       R"({"v":1,"type":"task_update","attempt_id":"a","state":"failed","at":0,)"
       R"("exit_code":4294967296})",
       "bad_field", "task_update.exit_code: 4294967296 is out of range"},
      {"UnknownTaskState",
       R"({"v":1,"type":"task_update","attempt_id":"a","state":"paused","at":0})", "bad_field",
       "task_update.state: unknown task state 'paused'"},
      {"UsageNegativeCpu",
       R"({"v":1,"type":"task_update","attempt_id":"a","state":"failed","at":0,)"
       R"("usage":{"cpu_seconds":-1,"samples":0}})",
       "bad_field", "task_update.usage.cpu_seconds: -1 is out of range"},
      {"ZeroHeartbeatInterval",
       R"({"v":1,"type":"welcome","worker_id":"w","heartbeat_interval_ms":0})", "bad_field",
       "welcome.heartbeat_interval_ms: 0 is out of range"},
      {"BadBase64", R"({"v":1,"type":"log","attempt_id":"a","offset":0,"data":"abc"})", "bad_field",
       "log.data: not valid base64"},
      {"Base64BadAlphabet", R"({"v":1,"type":"log","attempt_id":"a","offset":0,"data":"ab-_"})",
       "bad_field", "log.data: not valid base64"},
      {"CheckpointDotDot", DispatchWithCheckpoint(R"([{"path":"../x","data":""}])"), "bad_field",
       "dispatch.checkpoint[0].path: '../x' must stay inside the checkpoint folder"},
      {"CheckpointInnerDotDot", DispatchWithCheckpoint(R"([{"path":"a/../../x","data":""}])"),
       "bad_field", "dispatch.checkpoint[0].path: 'a/../../x' must stay inside"},
      {"CheckpointAbsolute", DispatchWithCheckpoint(R"([{"path":"/etc/passwd","data":""}])"),
       "bad_field", "dispatch.checkpoint[0].path: '/etc/passwd' must be relative"},
      {"CheckpointEmptyPath", DispatchWithCheckpoint(R"([{"path":"","data":""}])"), "bad_field",
       "dispatch.checkpoint[0].path: '' must not be empty"},
      {"CheckpointNul", DispatchWithCheckpoint(R"([{"path":"a\u0000b","data":""}])"), "bad_field",
       "dispatch.checkpoint[0].path:"},
      {"CheckpointDuplicate",
       DispatchWithCheckpoint(R"([{"path":"a","data":""},{"path":"a","data":"eA=="}])"),
       "bad_field", "dispatch.checkpoint[1].path: duplicate file 'a'"},
      {"CheckpointDataBad", DispatchWithCheckpoint(R"([{"path":"a","data":"e==="}])"), "bad_field",
       "dispatch.checkpoint[0].data: not valid base64"},
      {"CommandMissing", Dispatch(R"("env":{})"), "bad_field", "dispatch.command: missing"},
      {"CommandEmptyArgv", Dispatch(R"("command":{"argv":[]})"), "bad_field",
       "dispatch.command.argv: must not be empty"},
      {"CommandNeither", Dispatch(R"("command":{})"), "bad_field",
       "dispatch.command: needs argv or shell"},
      {"CommandBoth", Dispatch(R"("command":{"argv":["x"],"shell":"x"})"), "bad_field",
       "dispatch.command: has both argv and shell"},
      {"ArgvNotString", Dispatch(R"("command":{"argv":["x",1,"y"]})"), "bad_field",
       "dispatch.command.argv[1]: not a string (number)"},
      {"EnvBadName", Dispatch(R"("command":{"shell":"x"},"env":{"A=B":"1"})"), "bad_field",
       "dispatch.env.A=B: a variable name holds no '='"},
      {"EnvNotString", Dispatch(R"("command":{"shell":"x"},"env":{"A":1})"), "bad_field",
       "dispatch.env.A: not a string"},
      {"AfterItself", Dispatch(R"("command":{"shell":"x"},"after":"a")"), "bad_field",
       "dispatch.after: must name another attempt"},
      {"AfterEmpty", Dispatch(R"("command":{"shell":"x"},"after":"")"), "bad_field",
       "dispatch.after: must name another attempt"},
      {"AfterNotString", Dispatch(R"("command":{"shell":"x"},"after":7)"), "bad_field",
       "dispatch.after: not a string"},
      {"RegisterWithoutWorkerId", R"({"v":1,"type":"register","profile":{"cpu_slots":1}})",
       "bad_field", "register.profile.worker_id: missing"},
      {"RegisterEmptyWorkerId",
       R"({"v":1,"type":"register","profile":{"worker_id":"","cpu_slots":1}})", "bad_field",
       "register.profile.worker_id: must not be empty"},
      {"DuplicateDeviceIds", RegisterWithDevices("[" + Device("gpu0") + "," + Device("gpu0") + "]"),
       "bad_field", "register.profile.devices[1].id: duplicate device id 'gpu0'"},
      {"BadBackendName",
       RegisterWithDevices("[" + Device("gpu0", R"(,"backends":["cuda","cudaa"])") + "]"),
       "bad_field", "register.profile.devices[0].backends[1]: unknown backend 'cudaa'"},
      {"BadVendorName", RegisterWithDevices(R"([{"id":"g","hardware_class":"gpu"}])"), "bad_field",
       "register.profile.devices[0].architecture: missing"},
      {"BadPeakPrecision",
       RegisterWithDevices("[" + Device("gpu0", R"(,"peak_tflops":{"fp128":1})") + "]"),
       "bad_field", "register.profile.devices[0].peak_tflops.fp128: unknown precision 'fp128'"},
      {"NegativePeak",
       RegisterWithDevices("[" + Device("gpu0", R"(,"peak_tflops":{"fp16":-1})") + "]"),
       "bad_field", "register.profile.devices[0].peak_tflops.fp16: -1 is out of range"},
      {"BadComputeCapability",
       RegisterWithDevices("[" + Device("gpu0", R"(,"compute_capability":"eight")") + "]"),
       "bad_field",
       "register.profile.devices[0].compute_capability: not a compute capability: 'eight'"},
      {"ComputeUnitsOverU32",
       RegisterWithDevices(R"([{"id":"g","hardware_class":"gpu","architecture":"cuda",)"
                           R"("vendor":"nvidia","memory_total_bytes":1,)"
                           R"("compute_units":4294967296}])"),
       "bad_field", "register.profile.devices[0].compute_units: 4294967296 is over the maximum"},
      {"AlertBadSeverity",
       R"({"v":1,"type":"heartbeat","at":0,"cpu_utilization":0,"memory_utilization":0,)"
       R"("alerts":[{"at":0,"resource":"cpu","metric":"m","severity":"dire","opened":true,)"
       R"("value":1,"threshold":1}]})",
       "bad_field", "heartbeat.alerts[0].severity: 'dire' is not one of: warning, critical"},
      {"AlertBadResource",
       R"({"v":1,"type":"heartbeat","at":0,"cpu_utilization":0,"memory_utilization":0,)"
       R"("alerts":[{"at":0,"resource":"fan","metric":"m","severity":"warning","opened":true,)"
       R"("value":1,"threshold":1}]})",
       "bad_field", "heartbeat.alerts[0].resource: 'fan' is not one of: cpu, memory"},
      {"AlertOpenedNotBool",
       R"({"v":1,"type":"register","profile":{"worker_id":"w","cpu_slots":1},)"
       R"("alerts":[{"at":0,"resource":"cpu","metric":"m","severity":"warning","opened":1,)"
       R"("value":1,"threshold":1}]})",
       "bad_field", "register.alerts[0].opened: not a boolean"},
      {"SamplesWithoutHeartbeats", R"({"v":1,"type":"samples"})", "bad_field",
       "samples.heartbeats: missing"},
      {"SamplesBadHeartbeat", R"({"v":1,"type":"samples","heartbeats":[{"at":-1}]})", "bad_field",
       "samples.heartbeats[0].at:"},
  };
  return refusals;
}

TEST(CodecRefusal, EachBadMessageGetsItsCodeAndFieldPath) {
  for (const Refusal& r : Refusals()) {
    SCOPED_TRACE(r.name);
    const tl::expected<Message, Error> decoded = Decode(r.text);
    ASSERT_FALSE(decoded.has_value()) << r.text;
    EXPECT_EQ(decoded.error().code, r.code) << decoded.error().message;
    EXPECT_EQ(decoded.error().message.rfind(r.message, 0), 0U)
        << "got: " << decoded.error().message << "\nwant prefix: " << r.message;
  }
}

TEST(CodecRefusal, MessageOverTheByteLimitIsTooLarge) {
  DecodeLimits limits;
  limits.max_message_bytes = 32;
  const std::string text = R"({"v":1,"type":"cancel","attempt_id":"abcdef"})";
  const auto decoded = Decode(text, limits);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, "too_large");
  EXPECT_EQ(decoded.error().message,
            "message of " + std::to_string(text.size()) + " bytes is over the limit of 32 bytes");
  EXPECT_TRUE(Decode(text).has_value());
}

TEST(CodecRefusal, TooManyListItemsIsTooLarge) {
  DecodeLimits limits;
  limits.max_list_items = 2;
  const auto decoded = Decode(R"({"v":1,"type":"ack","attempt_ids":["a","b","c"]})", limits);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, "too_large");
  EXPECT_EQ(decoded.error().message, "ack.attempt_ids: 3 items are over the limit of 2");
  EXPECT_TRUE(Decode(R"({"v":1,"type":"ack","attempt_ids":["a","b"]})", limits).has_value());

  const auto env =
      Decode(Dispatch(R"("command":{"shell":"x"},"env":{"A":"1","B":"2","C":"3"})"), limits);
  ASSERT_FALSE(env.has_value());
  EXPECT_EQ(env.error().code, "too_large");
  EXPECT_EQ(env.error().message, "dispatch.env: 3 entries are over the limit of 2");
}

TEST(CodecRefusal, LongStringIsTooLarge) {
  DecodeLimits limits;
  limits.max_string_bytes = 8;
  const auto decoded = Decode(R"({"v":1,"type":"cancel","attempt_id":"abcdefghi"})", limits);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, "too_large");
  EXPECT_EQ(decoded.error().message, "cancel.attempt_id: string of 9 bytes is over the limit of 8");
}

TEST(CodecRefusal, EnumErrorListsTheValidNames) {
  const auto decoded = Decode(RegisterWithDevices(
      R"([{"id":"g","hardware_class":"gpu","architecture":"cuda","vendor":"nvidiaa"}])"));
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().message.rfind(
                "register.profile.devices[0].vendor: unknown vendor 'nvidiaa' (valid: intel, amd, "
                "nvidia,",
                0),
            0U)
      << decoded.error().message;
}

TEST(CodecRefusal, LongValuesAreCutInMessages) {
  const std::string name(1000, 'x');
  const auto decoded = Decode(R"({"v":1,"type":")" + name + R"("})");
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, "unknown_type");
  EXPECT_LT(decoded.error().message.size(), 100U);
}

TEST(CodecRefusal, EveryRefusalHasAKnownCodeAndAMessage) {
  for (const Refusal& r : Refusals()) {
    const auto decoded = Decode(r.text);
    ASSERT_FALSE(decoded.has_value()) << r.name;
    const std::string& code = decoded.error().code;
    EXPECT_TRUE(code == "too_large" || code == "bad_json" || code == "version" ||
                code == "unknown_type" || code == "bad_field")
        << r.name << ": " << code;
    EXPECT_FALSE(decoded.error().message.empty()) << r.name;
  }
}

}  // namespace
}  // namespace hawk::protocol
