// The execution graph: dot text from the tasks, laid out and rendered by
// Graphviz (libgvc) in-process.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>

#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "report/charts.h"
#include "report/svg.h"

extern "C" {
// The two plugin libraries hawk needs, linked directly (not found through
// Graphviz's plugin configuration), so layout and text metrics are the same
// on every machine: no pango, no system fonts.
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;
}

namespace hawk::report {
namespace {

constexpr std::size_t kIsolatedPerRow = 8;

// Graphviz keeps global state (error handler, last error): one user at a time.
std::mutex& GraphvizMutex() {
  static std::mutex mutex;
  return mutex;
}

std::string& GraphvizErrors() {
  static std::string errors;
  return errors;
}

int CollectError(char* message) {
  GraphvizErrors() += message;
  return 0;
}

// A dot string literal.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string Attr(std::string_view name, std::string_view value) {
  return std::string(name) + "=" + Quote(value);
}

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string ExecutionGraphDot(const ReportData& data, std::string_view workload_id) {
  std::vector<const TaskRow*> tasks;
  for (const TaskRow& t : data.tasks) {
    if (t.record.workload_id == workload_id) tasks.push_back(&t);
  }
  // Element ids carry the workload, so several graphs can share one page.
  const std::string wl(workload_id);
  std::string out = "digraph " + Quote(workload_id) + " {\n";
  out += "  graph [rankdir=LR, nodesep=0.2, ranksep=0.45, fontname=\"Helvetica\", fontsize=12, " +
         Attr("label", std::string(workload_id)) + ", " + Attr("id", "graph-" + wl) +
         ", labelloc=t, class=\"execution-graph\"];\n";
  out +=
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, "
      "penwidth=1];\n";
  out += "  edge [color=\"#a0aec0\", arrowsize=0.6];\n";
  std::map<std::string, const TaskRow*> by_id;
  for (const TaskRow* t : tasks) by_id[t->record.task_id] = t;
  for (const TaskRow* t : tasks) {
    const TaskRecord& r = t->record;
    std::string css = "task " + r.status;
    if (t->retried) css += " retried";
    if (r.critical) css += " critical";
    std::string label = r.task_id;
    if (t->actual_duration_ms) label += "\n" + HumanMs(*t->actual_duration_ms);
    if (t->retried) label += "\n" + std::to_string(t->attempts) + " attempts";
    std::string tip = r.task_id + ": " + r.status + ", " + std::to_string(t->attempts) +
                      " attempt(s)" + (r.critical ? ", on the critical path" : "");
    if (r.estimated_duration_ms) tip += ", estimated " + HumanMs(*r.estimated_duration_ms);
    std::string border = r.critical ? "#742a2a" : "#4a5568";
    std::string fill(StatusColor(r.status));
    if (t->retried && r.status == "succeeded") fill = "#f6ad55";  // succeeded after retries
    out += "  " + Quote(r.task_id) + " [" + Attr("id", wl + "/" + r.task_id) + ", " +
           Attr("label", label) + ", " + Attr("tooltip", tip) + ", " + Attr("class", css) + ", " +
           Attr("fillcolor", fill) + ", " + Attr("color", border) +
           (r.critical ? ", penwidth=3" : "") + "];\n";
  }
  std::set<std::string> linked;
  std::string edges;
  for (const TaskRow* t : tasks) {
    std::set<std::string> sources;
    for (const std::string& dep : t->record.depends_on) {
      for (const auto& [id, row] : by_id) {
        if (id == dep || id.rfind(dep + "#", 0) == 0) sources.insert(id);
      }
    }
    for (const std::string& from : sources) {
      const bool critical = by_id[from]->record.critical && t->record.critical;
      std::string edge_id = wl;
      edge_id.append("/").append(from).append("->").append(t->record.task_id);
      edges += "  " + Quote(from) + " -> " + Quote(t->record.task_id) + " [" + Attr("id", edge_id);
      edges += critical ? ", class=\"critical\", color=\"#c53030\", penwidth=2.5];\n" : "];\n";
      linked.insert(from);
      linked.insert(t->record.task_id);
    }
  }
  out += edges;
  // Tasks without any dependency would stack in one tall column; invisible
  // edges chain them into rows of kIsolatedPerRow instead.
  std::vector<std::string> isolated;
  for (const auto& [id, row] : by_id) {
    if (linked.count(id) == 0) isolated.push_back(id);
  }
  for (std::size_t i = 0; i + 1 < isolated.size(); ++i) {
    if (i % kIsolatedPerRow == kIsolatedPerRow - 1) continue;
    out += "  " + Quote(isolated[i]) + " -> " + Quote(isolated[i + 1]) + " [" +
           Attr("id", wl + "/" + isolated[i] + "->" + isolated[i + 1]) +
           ", style=invis, class=\"layout\"];\n";
  }
  out += "}\n";
  return out;
}

Result<std::string> RenderDotSvg(std::string_view dot) {
  std::lock_guard<std::mutex> lock(GraphvizMutex());
  GraphvizErrors().clear();
  agseterr(AGERR);
  const agusererrf previous = agseterrf(CollectError);
  static const lt_symlist_t kNoBuiltins[] = {{nullptr, nullptr}};
  GVC_t* gvc = gvContextPlugins(kNoBuiltins, 0);
  gvAddLibrary(gvc, &gvplugin_dot_layout_LTX_library);
  gvAddLibrary(gvc, &gvplugin_core_LTX_library);
  const std::string text(dot);
  Result<std::string> result = std::string();
  Agraph_t* graph = agmemread(text.c_str());
  if (graph == nullptr) {
    result = InvalidArgument("the graph does not parse: " + Trim(GraphvizErrors()), "dot text",
                             "check the dot syntax");
  } else {
    if (gvLayout(gvc, graph, "dot") != 0) {
      result = MakeError(ErrorCode::kInternal, "graph layout failed: " + Trim(GraphvizErrors()),
                         "libgvc dot layout");
    } else {
      char* svg = nullptr;
      unsigned int length = 0;
      if (gvRenderData(gvc, graph, "svg", &svg, &length) != 0 || svg == nullptr) {
        result = MakeError(ErrorCode::kInternal, "SVG rendering failed: " + Trim(GraphvizErrors()),
                           "libgvc svg renderer");
      } else {
        result = std::string(svg, length);
      }
      gvFreeRenderData(svg);
      gvFreeLayout(gvc, graph);
    }
    agclose(graph);
  }
  gvFreeContext(gvc);
  agseterrf(previous);
  return result;
}

Result<std::string> ExecutionGraphSvg(const ReportData& data, std::string_view workload_id) {
  return RenderDotSvg(ExecutionGraphDot(data, workload_id));
}

}  // namespace hawk::report
