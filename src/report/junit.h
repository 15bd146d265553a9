// JUnit XML out, one <testsuite> per workload.
//
// When a workload's tasks wrote JUnit XML themselves (it has entries in
// ReportData::tests), its test cases are theirs, merged across shards and attempts
// (test_merge.h): classname is the suite, name the test, time the last run's;
// a failing test has <failure> (or <error>) with its message, a skipped one
// <skipped/>, and a flaky one (failed, then passed on a retry) passes with a
// <flakyFailure> per failed run, as Maven Surefire writes reruns.
//
// Otherwise every task attempt of the workload is a test case, so any CI system can show
// a hawk run: a testcase's classname is
// "<workload>/<task>" and its name "attempt <n>" (plus the worker/devices).
// A failed attempt has a <failure type="<failure_kind>" message="...">; a
// skipped task (which has no attempt) is a testcase with <skipped/>; a
// cancelled attempt is <skipped message="cancelled"/>. time is the attempt's
// run time in seconds (0 when it did not run). Times and counts come from the
// data only, so the output is deterministic.
#pragma once

#include <string>

#include "report/report_data.h"

namespace hawk::report {

std::string RenderJUnit(const ReportData& data);

}  // namespace hawk::report
