// The hardware taxonomy: one vocabulary for every device hawk knows, used by
// detection, the workload spec, the scheduler's filters and the reports. Each
// enum converts to and from its lowercase name (core/enum_names.h).
#pragma once

#include "core/enum_names.h"
#include "core/enum_set.h"

namespace hawk {

// clang-format off
#define HAWK_HARDWARE_CLASSES(X)                                                              \
  X(kCpu, "cpu") X(kGpu, "gpu") X(kTpu, "tpu") X(kNpu, "npu") X(kDsp, "dsp") X(kFpga, "fpga") \
  X(kAsic, "asic") X(kBrowser, "browser") X(kHybrid, "hybrid")
// clang-format on
HAWK_ENUM(HardwareClass, "hardware class", HAWK_HARDWARE_CLASSES);

// clang-format off
#define HAWK_ARCHITECTURES(X)                                                                  \
  X(kX86, "x86") X(kX86_64, "x86_64") X(kArm, "arm") X(kArm64, "arm64") X(kRiscv64, "riscv64") \
  X(kPpc64le, "ppc64le") X(kS390x, "s390x") X(kCuda, "cuda") X(kRocm, "rocm") X(kXe, "xe")     \
  X(kMetal, "metal") X(kWebgpu, "webgpu") X(kWebnn, "webnn") X(kHexagon, "hexagon")            \
  X(kTpu, "tpu") X(kGaudi, "gaudi") X(kOther, "other")
// clang-format on
HAWK_ENUM(Architecture, "architecture", HAWK_ARCHITECTURES);

// clang-format off
#define HAWK_VENDORS(X)                                                                         \
  X(kIntel, "intel") X(kAmd, "amd") X(kNvidia, "nvidia") X(kArm, "arm") X(kApple, "apple")      \
  X(kQualcomm, "qualcomm") X(kMediatek, "mediatek") X(kSamsung, "samsung") X(kGoogle, "google") \
  X(kMicrosoft, "microsoft") X(kAmazon, "amazon") X(kHuawei, "huawei") X(kXilinx, "xilinx")     \
  X(kMozilla, "mozilla") X(kIbm, "ibm") X(kHabana, "habana") X(kGraphcore, "graphcore")         \
  X(kCerebras, "cerebras") X(kAmpere, "ampere") X(kOther, "other")
// clang-format on
HAWK_ENUM(Vendor, "vendor", HAWK_VENDORS);

// clang-format off
#define HAWK_BACKENDS(X)                                                                          \
  X(kCuda, "cuda") X(kRocm, "rocm") X(kHip, "hip") X(kOneapi, "oneapi") X(kSycl, "sycl")          \
  X(kMetal, "metal") X(kVulkan, "vulkan") X(kOpencl, "opencl") X(kWebgpu, "webgpu")               \
  X(kWebnn, "webnn") X(kWasm, "wasm") X(kPytorch, "pytorch") X(kTensorflow, "tensorflow")         \
  X(kJax, "jax") X(kOnnxruntime, "onnxruntime") X(kTensorrt, "tensorrt") X(kOpenvino, "openvino") \
  X(kDirectml, "directml") X(kQnn, "qnn") X(kCoreml, "coreml") X(kTflite, "tflite")               \
  X(kXla, "xla") X(kNeuron, "neuron") X(kSynapse, "synapse") X(kOpenmp, "openmp")
// clang-format on
HAWK_ENUM(Backend, "backend", HAWK_BACKENDS);

// clang-format off
#define HAWK_PRECISIONS(X)                                                             \
  X(kFp64, "fp64") X(kFp32, "fp32") X(kTf32, "tf32") X(kBf16, "bf16") X(kFp16, "fp16") \
  X(kFp8, "fp8") X(kInt8, "int8") X(kInt4, "int4")
// clang-format on
HAWK_ENUM(Precision, "precision", HAWK_PRECISIONS);

// clang-format off
#define HAWK_FEATURES(X)                                                                        \
  X(kTensorCores, "tensor_cores") X(kMatrixCores, "matrix_cores") X(kXmx, "xmx") X(kAvx, "avx") \
  X(kAvx2, "avx2") X(kFma, "fma") X(kAvx512f, "avx512f") X(kAvx512bw, "avx512bw")               \
  X(kAvx512dq, "avx512dq") X(kAvx512vl, "avx512vl") X(kAvx512Vnni, "avx512_vnni")               \
  X(kAvx512Bf16, "avx512_bf16") X(kAvxVnni, "avx_vnni") X(kAmxTile, "amx_tile")                 \
  X(kAmxInt8, "amx_int8") X(kAmxBf16, "amx_bf16") X(kNeon, "neon") X(kSve, "sve")               \
  X(kSve2, "sve2") X(kI8mm, "i8mm") X(kArmBf16, "arm_bf16") X(kDotprod, "dotprod")              \
  X(kUnifiedMemory, "unified_memory") X(kMig, "mig") X(kNvlink, "nvlink") X(kEcc, "ecc")        \
  X(kShaderF16, "shader_f16") X(kSubgroups, "subgroups") X(kTimestampQuery, "timestamp_query")
// clang-format on
HAWK_ENUM(Feature, "accelerator feature", HAWK_FEATURES);

// clang-format off
#define HAWK_WORKLOAD_TYPES(X)                                                        \
  X(kVision, "vision") X(kNlp, "nlp") X(kAudio, "audio") X(kMultimodal, "multimodal") \
  X(kTraining, "training") X(kInference, "inference") X(kEmbedding, "embedding")      \
  X(kConversational, "conversational") X(kMixed, "mixed") X(kTest, "test")            \
  X(kBenchmark, "benchmark") X(kGeneric, "generic")
// clang-format on
HAWK_ENUM(WorkloadType, "workload type", HAWK_WORKLOAD_TYPES);

using BackendSet = EnumSet<Backend>;
using PrecisionSet = EnumSet<Precision>;
using FeatureSet = EnumSet<Feature>;
using HardwareClassSet = EnumSet<HardwareClass>;
using VendorSet = EnumSet<Vendor>;
using ArchitectureSet = EnumSet<Architecture>;

}  // namespace hawk
