#include "monitor/monitor_report.h"

#include <gtest/gtest.h>

#include "monitor/host_sampler.h"
#include "monitor/metrics.h"
#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using std::chrono::seconds;

TimePoint At(int s) {
  return TimePoint(seconds(s));
}

MonitorSummary ThreeSamples() {
  MonitorSummary summary("worker-<1>", MonitoringLevel::kStandard);
  const double cpu[] = {0.2, 0.9, 0.4};
  for (int i = 0; i < 3; ++i) {
    const std::vector<MetricValue> values = {{std::nullopt, "cpu_utilization_ratio", cpu[i]},
                                             {"gpu0", "temperature_celsius", 60.0 + i}};
    summary.AddSample(At(i), values);
  }
  AlertEvent e;
  e.ts = At(1);
  e.resource = AlertResource::kCpu;
  e.metric = "cpu_utilization_percent";
  e.severity = AlertSeverity::kWarning;
  e.value = 90;
  e.threshold = 90;
  e.message = "cpu_utilization_percent 90.0 >= 90.0 (warning) <script>";
  summary.AddAlerts(std::vector<AlertEvent>{e});
  TaskUsage usage;
  usage.cpu_seconds = 1.5;
  usage.peak_memory_bytes = 64 * kMiB;
  summary.SetTask("pid 42", usage);
  summary.SetMissing({{"temperatures", "no /sys/class/hwmon"}});
  return summary;
}

TEST(MonitorSummary, KeepsMinMaxAverageAndCurrent) {
  const MonitorSummary summary = ThreeSamples();
  EXPECT_EQ(summary.samples(), 3u);
  const SeriesStats* cpu = summary.Find(std::nullopt, "cpu_utilization_ratio");
  ASSERT_NE(cpu, nullptr);
  EXPECT_DOUBLE_EQ(cpu->min, 0.2);
  EXPECT_DOUBLE_EQ(cpu->max, 0.9);
  EXPECT_DOUBLE_EQ(cpu->Average(), 0.5);
  EXPECT_DOUBLE_EQ(cpu->current, 0.4);
  EXPECT_EQ(summary.Series().front(), cpu);  // the host first
  EXPECT_EQ(summary.Find("gpu0", "temperature_celsius")->current, 62.0);
  EXPECT_EQ(summary.Find("gpu1", "temperature_celsius"), nullptr);
}

TEST(MonitorSummary, HistoryIsBoundedAndSpansTheSession) {
  MonitorSummary summary("w", MonitoringLevel::kBasic, 8);
  for (int i = 0; i < 100; ++i) {
    const std::vector<MetricValue> v = {{std::nullopt, "load_average_1m", double(i)}};
    summary.AddSample(At(i), v);
  }
  const SeriesStats* s = summary.Find(std::nullopt, "load_average_1m");
  EXPECT_LE(s->history.size(), 8u);
  EXPECT_EQ(s->history.front().first, At(0));
  EXPECT_EQ(s->history.back().first, At(99));
  EXPECT_EQ(s->count, 100u);
}

TEST(MonitorReport, JsonExportHasTheSummaryAlertsAndTasks) {
  const nlohmann::json j = ReportToJson(ThreeSamples());
  EXPECT_EQ(j["worker_id"], "worker-<1>");
  EXPECT_EQ(j["samples"], 3);
  EXPECT_EQ(j["started_at"], "1970-01-01T00:00:00.000Z");
  ASSERT_EQ(j["summary"].size(), 2u);
  EXPECT_TRUE(j["summary"][0]["device_id"].is_null());
  EXPECT_DOUBLE_EQ(j["summary"][0]["avg"].get<double>(), 0.5);
  EXPECT_EQ(j["alerts"][0]["severity"], "warning");
  EXPECT_EQ(j["alerts"][0]["state"], "opened");
  EXPECT_DOUBLE_EQ(j["tasks"][0]["usage"]["cpu_seconds"].get<double>(), 1.5);
  EXPECT_TRUE(j["tasks"][0]["usage"]["read_bytes"].is_null());
  EXPECT_EQ(j["tasks"][0]["usage"]["source"], "proc");
  EXPECT_TRUE(j["tasks"][0]["usage"]["gpu_energy_joules"].is_null());
  EXPECT_TRUE(j["tasks"][0]["usage"]["powercap_energy_joules"].is_null());
  EXPECT_EQ(j["missing"][0]["part"], "temperatures");
}

TEST(MonitorReport, HtmlIsOneSelfContainedEscapedPage) {
  const std::string html = RenderHtmlReport(ThreeSamples());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("worker-&lt;1&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<polyline"), std::string::npos);  // a chart per series
  EXPECT_NE(html.find("90.0%"), std::string::npos);      // max CPU
  EXPECT_NE(html.find("pid 42"), std::string::npos);
  EXPECT_NE(html.find("64.0MiB"), std::string::npos);
  EXPECT_NE(html.find("no /sys/class/hwmon"), std::string::npos);
}

TEST(FormatMetricValue, ByUnit) {
  EXPECT_EQ(FormatMetricValue("cpu_utilization_ratio", 0.615), "61.5%");
  EXPECT_EQ(FormatMetricValue("memory_used_bytes", 1.5 * kGiB), "1.5GiB");
  EXPECT_EQ(FormatMetricValue("disk_read_bytes_per_second", 2048), "2.0KiB/s");
  EXPECT_EQ(FormatMetricValue("temperature_celsius", 54), "54.0 \u00b0C");
  EXPECT_EQ(FormatMetricValue("power_watts", 241), "241.0 W");
  EXPECT_EQ(FormatMetricValue("load_average_1m", 0.21), "0.21");
}

TEST(FlattenMetrics, ProcfsTreeWithRates) {
  HostSamplerOptions options;
  options.proc_root = testing::Fixture("procfs", "proc");
  options.sys_root = testing::Fixture("procfs", "sys");
  HostSampler sampler(options);
  const HostSnapshot a = sampler.Sample(At(0));
  const HostSnapshot b = sampler.Sample(At(5));
  const auto rates = ComputeRates(a, b);
  const auto metrics = FlattenMetrics(b, &*rates);
  auto find = [&](const std::optional<std::string>& device, const std::string& metric) {
    for (const auto& m : metrics) {
      if (m.device_id == device && m.metric == metric) return std::optional<double>(m.value);
    }
    return std::optional<double>();
  };
  EXPECT_EQ(*find(std::nullopt, "memory_total_bytes"), 15666184.0 * 1024);
  EXPECT_EQ(*find(std::nullopt, "load_average_1m"), 0.02);
  EXPECT_EQ(*find("gpu0", "gpu_utilization_ratio"), 0.04);
  EXPECT_EQ(*find("net:eth0", "network_receive_bytes_per_second"), 0.0);
  EXPECT_EQ(*find("zone:thermal_zone1", "temperature_celsius"), -44.0);
  EXPECT_FALSE(find(std::nullopt, "cpu_utilization_ratio"));  // no CPU time passed
  EXPECT_FALSE(find("gpu0", "temperature_celsius"));          // the card has no sensor
}

}  // namespace
}  // namespace hawk::monitor
