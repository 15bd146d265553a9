#include <string>

#include <gtest/gtest.h>

#include "protocol/codec.h"
#include "sample_messages.h"

namespace hawk::protocol {
namespace {

TEST(ProfileJson, GpuWorkerRoundTrips) {
  const WorkerProfile profile = testing::GpuWorkerProfile();
  const std::string text = EncodeProfile(profile);
  const Result<WorkerProfile> decoded = DecodeProfile(text);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  EXPECT_TRUE(*decoded == profile) << text;
  const DeviceProfile& gpu = decoded->devices.at(1);
  ASSERT_TRUE(gpu.compute_capability.has_value());
  EXPECT_EQ(gpu.compute_capability->major, 8);
  EXPECT_EQ(gpu.compute_capability->minor, 0);
  EXPECT_TRUE(gpu.backends.Contains(Backend::kTensorrt));
  EXPECT_TRUE(gpu.precisions.Contains(Precision::kBf16));
  EXPECT_EQ(gpu.peak_tflops.at(Precision::kFp16), 312.0);
}

TEST(ProfileJson, WireShape) {
  WorkerProfile p;
  p.worker_id = "w";
  DeviceProfile d;
  d.id = "gpu0";
  d.hardware_class = HardwareClass::kGpu;
  d.architecture = Architecture::kCuda;
  d.vendor = Vendor::kNvidia;
  d.memory_total_bytes = 16 * kGiB;
  d.compute_units = 40;
  d.compute_capability = ComputeCapability{7, 5};
  d.backends = {Backend::kCuda};
  d.precisions = {Precision::kFp16, Precision::kFp32};
  d.peak_tflops = {{Precision::kFp16, 65.0}};
  p.devices.push_back(d);
  EXPECT_EQ(EncodeProfile(p),
            R"({"worker_id":"w","cpu_slots":1,"devices":[{"id":"gpu0","hardware_class":"gpu",)"
            R"("architecture":"cuda","vendor":"nvidia","memory_total_bytes":17179869184,)"
            R"("compute_units":40,"compute_capability":"7.5","backends":["cuda"],)"
            R"("precisions":["fp32","fp16"],"peak_tflops":{"fp16":65.0}}]})");
}

TEST(ProfileJson, ShortComputeCapabilityIsAccepted) {
  const Result<WorkerProfile> decoded = DecodeProfile(
      R"({"worker_id":"w","cpu_slots":1,"devices":[{"id":"g","hardware_class":"gpu",)"
      R"("architecture":"cuda","vendor":"nvidia","memory_total_bytes":0,"compute_units":0,)"
      R"("compute_capability":"9"}]})");
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  EXPECT_EQ(decoded->devices.at(0).compute_capability, (ComputeCapability{9, 0}));
}

TEST(ProfileJson, ErrorsNameTheField) {
  const Result<WorkerProfile> decoded = DecodeProfile(
      R"({"worker_id":"w","cpu_slots":1,"devices":[{"id":"g","hardware_class":"gpu",)"
      R"("architecture":"cuda","vendor":"nvidia","memory_total_bytes":0,"compute_units":0,)"
      R"("precisions":["fp16","fp9"]}]})");
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(decoded.error().where, "profile.devices[0].precisions[1]");
  EXPECT_EQ(decoded.error().message.rfind("unknown precision 'fp9'", 0), 0U)
      << decoded.error().message;

  const Result<WorkerProfile> not_json = DecodeProfile("{");
  ASSERT_FALSE(not_json.has_value());
  EXPECT_EQ(not_json.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(not_json.error().ToString().rfind("profile: not valid JSON", 0), 0U)
      << not_json.error().ToString();

  EXPECT_FALSE(DecodeProfile(R"({"cpu_slots":1})").has_value());
}

}  // namespace
}  // namespace hawk::protocol
