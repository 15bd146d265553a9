#include <gtest/gtest.h>

#include "engine/dispatch_env.h"

namespace hawk::engine {
namespace {

DeviceProfile Gpu(std::string id, Vendor vendor) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kGpu;
  d.vendor = vendor;
  return d;
}

TEST(DispatchEnv, NvidiaDevicesAndShardVariables) {
  const DeviceProfile g1 = Gpu("gpu1", Vendor::kNvidia);
  const DeviceProfile g3 = Gpu("gpu3", Vendor::kNvidia);
  DispatchContext ctx{"w1", "tests", "a-7", 2, 4, true, {&g1, &g3}};
  const auto env = BuildDispatchEnv({{"FOO", "bar"}, {"HAWK_DEVICES", "spoofed"}}, ctx);
  EXPECT_EQ(env.at("FOO"), "bar");
  EXPECT_EQ(env.at("HAWK_DEVICES"), "gpu1,gpu3");
  EXPECT_EQ(env.at("CUDA_VISIBLE_DEVICES"), "1,3");
  EXPECT_EQ(env.at("HIP_VISIBLE_DEVICES"), "");
  EXPECT_EQ(env.at("HAWK_SHARD_INDEX"), "2");
  EXPECT_EQ(env.at("HAWK_TOTAL_SHARDS"), "4");
  EXPECT_EQ(env.at("GTEST_SHARD_INDEX"), "2");
  EXPECT_EQ(env.at("GTEST_TOTAL_SHARDS"), "4");
  EXPECT_EQ(env.at("TEST_SHARD_INDEX"), "2");
  EXPECT_EQ(env.at("TEST_TOTAL_SHARDS"), "4");
  EXPECT_EQ(env.at("HAWK_ATTEMPT_ID"), "a-7");
}

TEST(DispatchEnv, AmdIntelAndTpuUseTheirOwnVariables) {
  const DeviceProfile amd = Gpu("gpu0", Vendor::kAmd);
  const DeviceProfile intel = Gpu("gpu2", Vendor::kIntel);
  DeviceProfile tpu;
  tpu.id = "tpu1";
  tpu.hardware_class = HardwareClass::kTpu;
  tpu.vendor = Vendor::kGoogle;
  DispatchContext ctx{"w", "t", "a", 0, 1, false, {&amd, &intel, &tpu}};
  const auto env = BuildDispatchEnv({}, ctx);
  EXPECT_EQ(env.at("HIP_VISIBLE_DEVICES"), "0");
  EXPECT_EQ(env.at("ROCR_VISIBLE_DEVICES"), "0");
  EXPECT_EQ(env.at("ZE_AFFINITY_MASK"), "2");
  EXPECT_EQ(env.at("TPU_VISIBLE_CHIPS"), "1");
  EXPECT_EQ(env.at("CUDA_VISIBLE_DEVICES"), "");
  EXPECT_EQ(env.count("HAWK_SHARD_INDEX"), 0u);
}

TEST(DispatchEnv, CpuTaskLeavesAcceleratorVariablesAlone) {
  DeviceProfile cpu;
  cpu.id = "cpu0";
  DispatchContext ctx{"w", "t", "a", 0, 1, false, {&cpu}};
  const auto env = BuildDispatchEnv({}, ctx);
  EXPECT_EQ(env.at("HAWK_DEVICES"), "cpu0");
  EXPECT_EQ(env.count("CUDA_VISIBLE_DEVICES"), 0u);
}

TEST(DispatchEnv, UuidWhenTheIdHasNoIndex) {
  DeviceProfile d = Gpu("gpu", Vendor::kNvidia);
  d.uuid = "GPU-1234";
  EXPECT_EQ(VisibleDeviceIndex(d), "GPU-1234");
}

}  // namespace
}  // namespace hawk::engine
