// The report as JSON, schema documented in docs/report-schema.md. The field
// order is fixed and numbers are rounded to 4 decimals, so the same data
// always gives the same bytes. Bump kReportSchemaVersion on any change that
// removes or renames a field or changes its meaning; adding a field does not.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "report/report_data.h"

namespace hawk::report {

constexpr int kReportSchemaVersion = 1;

nlohmann::ordered_json ReportToJson(const ReportData& data);

// ReportToJson, indented by two spaces, with a final newline.
std::string RenderJson(const ReportData& data);

}  // namespace hawk::report
