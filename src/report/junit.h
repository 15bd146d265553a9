// JUnit XML out: every task attempt is a test case, so any CI system can show
// a hawk run. One <testsuite> per workload; a testcase's classname is
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
