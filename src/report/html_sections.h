// Internal to the report module: the HTML page's sections, each returning
// its <section> element.
#pragma once

#include <string>

#include "report/report_data.h"

namespace hawk::report::html {

std::string Section(const char* id, const std::string& heading, const std::string& body);
std::string Table(const std::string& head_row, const std::string& rows);
std::string Td(const std::string& text, const std::string& css = {});
std::string Th(const std::string& text);
std::string Nothing(const std::string& text);  // a "none recorded" paragraph

// html_tables.cpp
std::string Workers(const ReportData& data);
std::string TaskUsage(const ReportData& data);
std::string Alerts(const ReportData& data);
std::string Scheduler(const ReportData& data);
std::string Failures(const ReportData& data);
std::string Performance(const ReportData& data);
std::string Tasks(const ReportData& data);

// html_tests.cpp
std::string Tests(const ReportData& data);

}  // namespace hawk::report::html
