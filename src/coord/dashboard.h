// The live dashboard served at `/`: one self-contained HTML page (no
// external URL, no CDN) that opens an EventSource on /api/v1/stream and
// redraws workers, devices, the queue, running attempts, workload progress
// and recent events from each overview it receives (api_views.h,
// OverviewJson). The client token comes from the page's ?access_token=.
#pragma once

#include <string_view>

namespace hawk::coord {

std::string_view DashboardHtml();

}  // namespace hawk::coord
