// Text for people from the coordinator's JSON: tables, the progress line,
// event lines, and the coordinator's error body as one line.
#include "cli/client_tables.h"

#include <gtest/gtest.h>

#include "cli/client_api.h"
#include "cli/client_progress.h"

namespace hawk::cli {
namespace {

TEST(RenderTableTest, AlignsColumnsWithoutTrailingSpaces) {
  EXPECT_EQ(RenderTable({"A", "LONG HEADER", "C"}, {{"xyz", "1", ""}, {"q", "22", "end"}}),
            "A    LONG HEADER  C\n"
            "xyz  1\n"
            "q    22           end\n");
}

TEST(RenderTableTest, CountsCharactersNotBytesAndHidesControlCharacters) {
  EXPECT_EQ(RenderTable({}, {{"\xc3\xa9t\xc3\xa9", "x"}, {"ab\ncd", "y"}}),
            "\xc3\xa9t\xc3\xa9    x\n"
            "ab cd  y\n");
}

TEST(ClientTablesTest, WorkloadsTable) {
  const Json body = Json::parse(R"({"workloads":[
    {"workload_id":"nightly-20250101","name":"nightly","status":"running","reason":"",
     "submitted_at":"2025-01-01T02:00:00Z","finished_at":null,
     "progress":{"total":10,"succeeded":5,"failed":1,"skipped":0,"cancelled":0,"running":2}},
    {"workload_id":"smoke","name":"smoke","status":"succeeded","reason":"",
     "submitted_at":"2025-01-01T01:00:00Z","finished_at":"2025-01-01T01:05:00Z",
     "progress":{"total":1,"succeeded":1,"failed":0,"skipped":0,"cancelled":0,"running":0}}]})");
  EXPECT_EQ(WorkloadsTable(body),
            "WORKLOAD          STATUS     PROGRESS                             SUBMITTED\n"
            "nightly-20250101  running    5/10 succeeded, 1 failed, 2 running  "
            "2025-01-01T02:00:00Z\n"
            "smoke             succeeded  1/1 succeeded                        "
            "2025-01-01T01:00:00Z\n");
  EXPECT_EQ(WorkloadsTable(Json::parse(R"({"workloads":[]})")), "no workloads\n");
}

TEST(ClientTablesTest, WorkloadDetailWithUnits) {
  const Json workload = Json::parse(R"({"workload_id":"w1","name":"nightly","status":"failed",
    "reason":"tests#1 failed","submitted_at":"2025-01-01T02:00:00Z",
    "finished_at":"2025-01-01T02:10:00Z",
    "progress":{"total":3,"succeeded":1,"failed":1,"skipped":1,"cancelled":0,"running":0},
    "units":[
      {"unit_id":"build","task_id":"build","state":"succeeded","note":"","attempts":["a1"]},
      {"unit_id":"tests#1","task_id":"tests","state":"failed","note":"exit code 3",
       "attempts":["a2","a3"]},
      {"unit_id":"deploy","task_id":"deploy","state":"skipped","note":"needs tests",
       "attempts":[]}]})");
  EXPECT_EQ(WorkloadDetail(workload),
            "workload w1 (nightly): failed\n"
            "  reason: tests#1 failed\n"
            "  submitted: 2025-01-01T02:00:00Z, finished: 2025-01-01T02:10:00Z\n"
            "  progress: [##########] 1/3 succeeded, 1 failed, 1 skipped\n"
            "\n"
            "UNIT     STATE      ATTEMPTS  NOTE\n"
            "build    succeeded  1\n"
            "tests#1  failed     2         exit code 3\n"
            "deploy   skipped    0         needs tests\n");
}

TEST(ClientTablesTest, WorkersTable) {
  const Json body = Json::parse(R"({"workers":[
    {"worker_id":"gpu-box","hostname":"gpu-box","online":true,"connected":true,"draining":false,
     "last_seen":"2025-01-01T02:00:01Z","cpu_slots":32,"cpu_utilization":0.425,
     "memory_utilization":0.1,"running_attempts":3,
     "devices":[{"device_id":"cpu0","class":"cpu"},{"device_id":"gpu0","class":"gpu"},
                {"device_id":"gpu1","class":"gpu","quarantined":true}]},
    {"worker_id":"old","online":false,"draining":false,"last_seen":null,"cpu_utilization":0,
     "running_attempts":0,"devices":[]},
    {"worker_id":"leaving","online":true,"draining":true,"last_seen":"2025-01-01T02:00:00Z",
     "running_attempts":1,"devices":[{"device_id":"npu0","class":"npu"}]}]})");
  EXPECT_EQ(WorkersTable(body),
            "WORKER   ONLINE    DEVICES                          CPU  RUNNING  LAST SEEN\n"
            "gpu-box  yes       3 (1 cpu, 2 gpu; 1 quarantined)  43%  3        "
            "2025-01-01T02:00:01Z\n"
            "old      no        0                                0%   0        -\n"
            "leaving  draining  1 (1 npu)                        -    1        "
            "2025-01-01T02:00:00Z\n");
  EXPECT_EQ(WorkersTable(Json::parse(R"({"workers":[]})")), "no workers\n");
}

TEST(ClientTablesTest, TasksTable) {
  const Json body = Json::parse(R"({"tasks":[
    {"workload_id":"w1","unit_id":"build","task_id":"build","state":"running","note":"",
     "attempt_id":"a1","worker_id":"gpu-box"},
    {"workload_id":"w1","unit_id":"tests#0","task_id":"tests","state":"waiting",
     "note":"needs build"}]})");
  EXPECT_EQ(TasksTable(body),
            "WORKLOAD  UNIT     STATE    WORKER   ATTEMPT  NOTE\n"
            "w1        build    running  gpu-box  a1\n"
            "w1        tests#0  waiting  -        -        needs build\n");
}

TEST(ClientTablesTest, EventLines) {
  const Json body = Json::parse(R"({"events":[
    {"seq":7,"ts":"2025-01-01T02:00:00Z","type":"workload_submitted","workload_id":"w1",
     "payload":{}},
    {"seq":12,"ts":"2025-01-01T02:00:01Z","type":"attempt_started","workload_id":"w1",
     "task_id":"build","attempt_id":"a1","payload":{}},
    {"seq":13,"ts":"2025-01-01T02:00:02Z","type":"worker_joined","payload":{}}]})");
  EXPECT_EQ(EventLines(body),
            "7   2025-01-01T02:00:00Z  workload_submitted  workload=w1\n"
            "12  2025-01-01T02:00:01Z  attempt_started     workload=w1 task=build attempt=a1\n"
            "13  2025-01-01T02:00:02Z  worker_joined\n");
}

TEST(ClientTablesTest, FieldsOfAnotherTypeShowAsDash) {
  const Json body = Json::parse(R"({"tasks":[{"workload_id":5,"unit_id":["x"],"state":null}]})");
  EXPECT_EQ(TasksTable(body),
            "WORKLOAD  UNIT  STATE  WORKER  ATTEMPT  NOTE\n"
            "5         -     -      -       -\n");
  EXPECT_EQ(WorkloadsTable(Json::parse("[1,2]")), "no workloads\n");
}

TEST(ProgressTest, LineFillsWithEndedUnits) {
  Progress p;
  p.total = 10;
  p.succeeded = 5;
  p.running = 1;
  EXPECT_EQ(ProgressLine(p), "[#####.....] 5/10 succeeded, 1 running");
  p.failed = 2;
  p.cancelled = 1;
  EXPECT_EQ(ProgressLine(p), "[########..] 5/10 succeeded, 2 failed, 1 cancelled, 1 running");
  EXPECT_EQ(ProgressLine(Progress{}), "[..........] 0/0 succeeded");
}

TEST(ProgressTest, BarIsFullOnlyWhenEveryUnitEnded) {
  Progress p;
  p.total = 100;
  p.succeeded = 99;
  EXPECT_EQ(ProgressLine(p, 4), "[###.] 99/100 succeeded");
  p.succeeded = 100;
  EXPECT_EQ(ProgressLine(p, 4), "[####] 100/100 succeeded");
}

TEST(ProgressTest, ReadsTheCoordinatorsProgressObject) {
  const Progress p = ProgressFromJson(
      Json::parse(R"({"total":4,"succeeded":1,"failed":1,"skipped":1,"cancelled":0,"running":1})"));
  EXPECT_EQ(p.total, 4U);
  EXPECT_EQ(FinishedUnits(p), 3U);
  EXPECT_EQ(ProgressFromJson(Json::parse(R"({"total":"x","succeeded":-3})")), Progress{});
}

TEST(ErrorFromReplyTest, CoordinatorErrorBecomesWhereMessageHint) {
  HttpReply reply;
  reply.status = 404;
  reply.body = R"({"error":{"message":"no such workload","where":"w9","hint":"see hawk status"}})";
  const Error e = ErrorFromReply(reply, "GET /api/v1/workloads/w9");
  EXPECT_EQ(e.ToString(), "w9: no such workload (see hawk status)");
  EXPECT_TRUE(e.IsUserError());
}

TEST(ErrorFromReplyTest, ServerErrorsAreNotUserErrors) {
  HttpReply reply;
  reply.status = 500;
  reply.body = R"({"error":{"message":"store unavailable"}})";
  const Error e = ErrorFromReply(reply, "GET /api/v1/workers");
  EXPECT_EQ(e.ToString(), "store unavailable");
  EXPECT_FALSE(e.IsUserError());
}

TEST(ErrorFromReplyTest, AnUnauthorizedReplyHintsAtTheToken) {
  HttpReply reply;
  reply.status = 401;
  reply.body = R"({"error":{"message":"missing or wrong token","where":"","hint":""}})";
  const Error e = ErrorFromReply(reply, "GET /api/v1/workers");
  EXPECT_EQ(e.ToString(),
            "missing or wrong token (pass the coordinator's client token with --token, "
            "HAWK_TOKEN or HAWK_TOKEN_FILE)");
}

TEST(ErrorFromReplyTest, AnotherBodyIsQuotedOnOneLine) {
  HttpReply reply;
  reply.status = 502;
  reply.body = "<html>\nBad Gateway\n</html>";
  EXPECT_EQ(ErrorFromReply(reply, "GET /api/v1/tasks").ToString(),
            "HTTP 502 from GET /api/v1/tasks: <html> Bad Gateway </html>");
}

TEST(UrlEncodeTest, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(UrlEncode("tests#2"), "tests%232");
  EXPECT_EQ(UrlEncode("a b/c.yaml"), "a%20b%2Fc.yaml");
  EXPECT_EQ(UrlEncode("Az09-._~"), "Az09-._~");
}

}  // namespace
}  // namespace hawk::cli
