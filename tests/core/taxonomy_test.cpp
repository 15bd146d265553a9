#include <gtest/gtest.h>

#include "core/taxonomy.h"
#include "core/workload.h"

namespace hawk {
namespace {

template <typename E>
class TaxonomyRoundTrip : public ::testing::Test {};
using TaxonomyEnums =
    ::testing::Types<HardwareClass, Architecture, Vendor, Backend, Precision, Feature, WorkloadType,
                     Criticality, RecoveryStrategy, Aggregation>;
TYPED_TEST_SUITE(TaxonomyRoundTrip, TaxonomyEnums);

TYPED_TEST(TaxonomyRoundTrip, EveryValueParsesBackFromItsName) {
  for (TypeParam value : AllValues<TypeParam>()) {
    const std::string_view name = ToString(value);
    ASSERT_FALSE(name.empty());
    for (char c : name) EXPECT_FALSE(c >= 'A' && c <= 'Z') << name << " is not lowercase";
    const Result<TypeParam> parsed = Parse<TypeParam>(name);
    ASSERT_TRUE(parsed.has_value()) << name;
    EXPECT_EQ(*parsed, value);
  }
}

TYPED_TEST(TaxonomyRoundTrip, NamesAreUnique) {
  std::set<std::string_view> names;
  for (TypeParam value : AllValues<TypeParam>()) {
    EXPECT_TRUE(names.insert(ToString(value)).second) << ToString(value);
  }
}

TEST(Taxonomy, UnknownNameListsTheValidOnes) {
  const Result<Precision> parsed = Parse<Precision>("fp12");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().message, "unknown precision 'fp12'");
  EXPECT_EQ(parsed.error().hint, "valid values: fp64, fp32, tf32, bf16, fp16, fp8, int8, int4");
}

TEST(Taxonomy, ParsingIsCaseSensitiveLowercase) {
  EXPECT_FALSE(Parse<HardwareClass>("GPU").has_value());
  EXPECT_EQ(*Parse<HardwareClass>("gpu"), HardwareClass::kGpu);
}

TEST(Taxonomy, CoversTheSeedVocabulary) {
  for (const char* name :
       {"cpu", "gpu", "tpu", "npu", "dsp", "fpga", "asic", "browser", "hybrid"}) {
    EXPECT_TRUE(Parse<HardwareClass>(name).has_value()) << name;
  }
  for (const char* name :
       {"x86_64", "arm64", "riscv64", "ppc64le", "cuda", "rocm", "metal", "webgpu"}) {
    EXPECT_TRUE(Parse<Architecture>(name).has_value()) << name;
  }
  for (const char* name : {"intel", "amd", "nvidia", "arm", "apple", "qualcomm", "mediatek",
                           "samsung", "google", "microsoft", "amazon", "huawei", "xilinx"}) {
    EXPECT_TRUE(Parse<Vendor>(name).has_value()) << name;
  }
  for (const char* name :
       {"cuda", "rocm", "oneapi", "metal", "vulkan", "opencl", "webgpu", "webnn", "pytorch",
        "onnxruntime", "tensorrt", "openvino", "directml", "qnn", "coreml", "tflite"}) {
    EXPECT_TRUE(Parse<Backend>(name).has_value()) << name;
  }
  for (const char* name :
       {"tensor_cores", "avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8",
        "amx_bf16", "neon", "sve", "sve2", "unified_memory", "mig"}) {
    EXPECT_TRUE(Parse<Feature>(name).has_value()) << name;
  }
  for (const char* name : {"vision", "nlp", "audio", "multimodal", "training", "inference",
                           "embedding", "conversational", "mixed"}) {
    EXPECT_TRUE(Parse<WorkloadType>(name).has_value()) << name;
  }
}

TEST(EnumSet, SubsetAndMissing) {
  const PrecisionSet have{Precision::kFp32, Precision::kFp16, Precision::kInt8};
  const PrecisionSet need{Precision::kFp16, Precision::kFp8, Precision::kInt4};
  EXPECT_FALSE(have.ContainsAll(need));
  EXPECT_TRUE(have.ContainsAll({Precision::kFp16}));
  EXPECT_TRUE(have.ContainsAll({}));
  EXPECT_EQ(have.Missing(need).Join(), "fp8, int4");
  EXPECT_EQ(have.Size(), 3u);
}

}  // namespace
}  // namespace hawk
