#include "sample_messages.h"

#include <string>

namespace hawk::protocol::testing {

WorkerProfile GpuWorkerProfile() {
  WorkerProfile p;
  p.worker_id = "w-gpu-01";
  p.hostname = "gpu-01.lab";
  p.os = "linux";
  p.labels = {{"rack", "r7"}, {"zone", "eu-1"}};
  p.fingerprint = "4f2c9a";
  p.cpu_slots = 6;

  DeviceProfile cpu;
  cpu.id = "cpu0";
  cpu.hardware_class = HardwareClass::kCpu;
  cpu.architecture = Architecture::kX86_64;
  cpu.vendor = Vendor::kAmd;
  cpu.model = "AMD EPYC 7763";
  cpu.memory_total_bytes = 512 * kGiB;
  cpu.compute_units = 64;
  cpu.features = {Feature::kAvx2, Feature::kFma};
  p.devices.push_back(cpu);

  DeviceProfile gpu;
  gpu.id = "gpu0";
  gpu.hardware_class = HardwareClass::kGpu;
  gpu.architecture = Architecture::kCuda;
  gpu.vendor = Vendor::kNvidia;
  gpu.model = "NVIDIA A100-SXM4-80GB";
  gpu.pci_id = "0000:3b:00.0";
  gpu.uuid = "GPU-5c3b7e0a";
  gpu.memory_total_bytes = 80 * kGiB;
  gpu.compute_units = 108;
  gpu.clock_max_mhz = 1410;
  gpu.compute_capability = ComputeCapability{8, 0};
  gpu.backends = {Backend::kCuda, Backend::kPytorch, Backend::kTensorrt};
  gpu.precisions = {Precision::kFp32, Precision::kTf32, Precision::kBf16, Precision::kFp16,
                    Precision::kInt8};
  gpu.features = {Feature::kTensorCores, Feature::kMig, Feature::kNvlink, Feature::kEcc};
  gpu.tdp_watts = 400.0;
  gpu.peak_tflops = {{Precision::kFp32, 19.5},
                     {Precision::kTf32, 156.0},
                     {Precision::kFp16, 312.0},
                     {Precision::kInt8, 624.0}};
  p.devices.push_back(gpu);
  return p;
}

std::vector<Message> FullMessages() {
  const TimePoint at = FromUnixMillis(1795000000123);
  std::vector<Message> out;
  out.emplace_back(Hello{"w-gpu-01", kVersion, "hawk/0.1.0"});
  const AlertReport hot{at,
                        "temperature",
                        "gpu0",
                        "temperature_celsius",
                        "critical",
                        true,
                        91.5,
                        90.0,
                        "temperature_celsius of gpu0 91.5 >= 90 (critical)"};
  const AlertReport cpu_ok{
      at, "cpu", std::nullopt, "cpu_utilization_percent", "warning", false, -0.25, 1e300, ""};
  out.emplace_back(Register{GpuWorkerProfile(), {"a-1", "a-2"}, true, {hot}});

  Heartbeat hb;
  hb.at = at;
  hb.cpu_utilization = Fraction::FromPartsPer10k(4250);
  hb.memory_utilization = Fraction::FromPartsPer10k(1);
  hb.memory_used_bytes = 96 * kGiB;
  hb.cpu_temperature_celsius = 61.5;
  hb.devices.push_back(
      DeviceSample{"gpu0", Fraction::One(), Fraction::FromPartsPer10k(8125), 83.0, 391.25, true});
  hb.devices.push_back(DeviceSample{"gpu1", Fraction::Zero(), Fraction::Zero(), -5.5, 0.0, false});
  hb.running_attempts = {"a-1"};
  hb.alerts = {hot, cpu_ok};
  out.emplace_back(hb);

  TaskUpdate tu;
  tu.attempt_id = "a-1";
  tu.state = TaskState::kFailed;
  tu.at = at;
  tu.exit_code = -3;
  tu.signal = 9;
  tu.timed_out = true;
  tu.cancelled = true;
  tu.outcome = "killed by SIGKILL";
  tu.log_tail = "step 3/10\nout of memory \xE2\x9C\x97\n";
  tu.result = "";
  tu.usage = UsageReport{12.75, 8 * kGiB, 6 * kGiB, 1024, 4096, 37};
  tu.checkpoint = std::vector<CheckpointFile>{
      {"step-3/model.bin", std::string("\0\xFF\x80z", 4)}, {"meta.json", "{}"}, {"empty", ""}};
  out.emplace_back(tu);

  out.emplace_back(Log{"a-1", 1U << 20U, "line one\nline \xC3\xA9 two\n"});
  out.emplace_back(Welcome{"w-gpu-01", 2500});

  Dispatch d;
  d.attempt_id = "a-2";
  d.workload_id = "wl-7";
  d.unit_id = "train#0";
  d.task_id = "train";
  d.device_ids = {"gpu0", "gpu1"};
  d.command.argv = {"python", "train.py", "--epochs", "3", ""};
  d.env = {{"CUDA_VISIBLE_DEVICES", "0,1"}, {"HAWK_SHARD_INDEX", "0"}, {"EMPTY", ""}};
  d.working_dir = "/srv/jobs";
  d.timeout_ms = 3600000;
  d.checkpoint = std::vector<CheckpointFile>{};  // engaged but empty: still written
  d.after = "a-1";                               // dispatched ahead
  out.emplace_back(d);

  out.emplace_back(Cancel{"a-2", "workload cancelled by user"});
  out.emplace_back(Ack{{"a-1", "a-0"}});
  out.emplace_back(Drain{});
  out.emplace_back(Error{"bad_field", "dispatch.command: needs argv or shell"});
  Heartbeat away = hb;
  away.at = FromUnixMillis(1795000000000);
  away.running_attempts.clear();
  out.emplace_back(Samples{{away, Heartbeat{}, hb}});
  return out;
}

std::vector<Message> MinimalMessages() {
  std::vector<Message> out;
  out.emplace_back(Hello{"w", kVersion, ""});
  WorkerProfile profile;
  profile.worker_id = "w";
  out.emplace_back(Register{profile, {}, false, {}});
  out.emplace_back(Heartbeat{});
  TaskUpdate tu;
  tu.attempt_id = "a";
  out.emplace_back(tu);
  out.emplace_back(Log{"a", 0, ""});
  out.emplace_back(Welcome{"w", 1});
  Dispatch d;
  d.attempt_id = "a";
  d.workload_id = "wl";
  d.unit_id = "u";
  d.task_id = "t";
  d.command.shell = "true";
  out.emplace_back(d);
  out.emplace_back(Cancel{"a", ""});
  out.emplace_back(Ack{});
  out.emplace_back(Drain{});
  out.emplace_back(Error{"bad_json", ""});
  out.emplace_back(Samples{});
  return out;
}

}  // namespace hawk::protocol::testing
