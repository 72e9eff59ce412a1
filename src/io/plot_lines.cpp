#include <algorithm>
#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/io/plot.h"
#include "plot_canvas.h"

namespace photodose {
namespace {

using plot_support::Canvas;

// Okabe and Ito's palette, reordered so the first colours contrast best on white.
constexpr Rgb kLineColours[] = {{0, 114, 178}, {213, 94, 0},   {0, 158, 115}, {204, 121, 167},
                                {230, 159, 0}, {86, 180, 233}, {0, 0, 0},     {240, 228, 66}};

// The value drawn on an axis: log10 on a log axis (NaN where not positive, which breaks a line).
double axis_value(double v, bool log) {
  if (!log) return v;
  return v > 0 ? std::log10(v) : NAN;
}

std::array<double, 2> data_range(const std::vector<LineSeries>& series, bool x, bool log,
                                 const std::optional<std::array<double, 2>>& fixed) {
  if (fixed) {
    const double lo = axis_value((*fixed)[0], log), hi = axis_value((*fixed)[1], log);
    if (std::isfinite(lo) && std::isfinite(hi) && hi > lo) return {lo, hi};
    throw RuntimeError("plot range [" + std::to_string((*fixed)[0]) + ", " +
                       std::to_string((*fixed)[1]) + "] is empty or not positive on a log axis");
  }
  double lo = INFINITY, hi = -INFINITY;
  for (const LineSeries& s : series)
    for (size_t i = 0; i < s.x.size(); ++i) {
      const double px = axis_value(s.x[i], x ? log : false);
      const double py = axis_value(s.y[i], x ? false : log);
      if (!std::isfinite(px) || !std::isfinite(py)) continue;  // only points that are drawn
      const double v = x ? px : py;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!std::isfinite(lo)) return {0, 1};
  auto r = plot_support::nonempty_range(lo, hi);
  if (!x) {  // a margin above and below, so curves do not run along the frame
    const double pad = 0.05 * (r[1] - r[0]);
    r = {r[0] - pad, r[1] + pad};
  }
  return r;
}

// Where the legend goes inside the frame: the corner whose box (a fraction of the frame's
// width and height) hides the least length of drawn line, so it covers as little data as it
// can. Lines are walked in steps of 1/200 of the frame; a steep line counts as much as a flat one.
PLINT quietest_corner(const std::vector<LineSeries>& series, const LinePlot& plot,
                      const std::array<double, 2>& xr, const std::array<double, 2>& yr,
                      double box_width, double box_height) {
  const PLINT corners[4] = {PL_POSITION_TOP | PL_POSITION_RIGHT, PL_POSITION_TOP | PL_POSITION_LEFT,
                            PL_POSITION_BOTTOM | PL_POSITION_RIGHT,
                            PL_POSITION_BOTTOM | PL_POSITION_LEFT};
  double hidden[4] = {0, 0, 0, 0};
  const auto add = [&](double u, double v, double weight) {
    const bool right = u > 1 - box_width, left = u < box_width;
    const bool top = v > 1 - box_height, bottom = v < box_height;
    hidden[0] += (top && right) ? weight : 0;
    hidden[1] += (top && left) ? weight : 0;
    hidden[2] += (bottom && right) ? weight : 0;
    hidden[3] += (bottom && left) ? weight : 0;
  };
  for (const LineSeries& s : series) {
    double pu = NAN, pv = NAN;
    for (size_t i = 0; i < s.x.size(); ++i) {
      const double x = axis_value(s.x[i], plot.log_x), y = axis_value(s.y[i], plot.log_y);
      const double u = (x - xr[0]) / (xr[1] - xr[0]), v = (y - yr[0]) / (yr[1] - yr[0]);
      if (!std::isfinite(u) || !std::isfinite(v)) {
        pu = pv = NAN;
        continue;
      }
      if (!std::isfinite(pu)) {
        add(u, v, 0.005);  // a lone point counts as one step
      } else {
        const double length = std::hypot(u - pu, v - pv);
        const int steps = std::max(1, int(std::ceil(length / 0.005)));
        for (int k = 1; k <= steps; ++k) {
          const double f = double(k) / steps;
          add(pu + f * (u - pu), pv + f * (v - pv), length / steps);
        }
      }
      pu = u;
      pv = v;
    }
  }
  int best = 0;
  for (int c = 1; c < 4; ++c)
    if (hidden[c] < hidden[best]) best = c;
  return corners[best];
}

}  // namespace

Rgb line_colour(int index) {
  constexpr int n = int(sizeof kLineColours / sizeof kLineColours[0]);
  return kLineColours[((index % n) + n) % n];
}

void plot_lines_png(const std::filesystem::path& path, const LinePlot& plot,
                    const std::vector<LineSeries>& series, PngSize size) {
  for (const LineSeries& s : series)
    if (s.x.size() != s.y.size())
      throw RuntimeError("cannot draw '" + path.string() + "': series '" + s.name + "' has " +
                         std::to_string(s.x.size()) + " x values and " +
                         std::to_string(s.y.size()) + " y values");
  const auto xr = data_range(series, true, plot.log_x, plot.x_range);
  const auto yr = data_range(series, false, plot.log_y, plot.y_range);

  Canvas canvas(size);
  plstream& pls = canvas.pls();
  pls.vpor(0.11, 0.95, 0.12, 0.88);
  pls.wind(xr[0], xr[1], yr[0], yr[1]);
  // Light grid lines first, so the data are drawn over them.
  pls.col0(canvas.colour_index({200, 200, 200}));
  pls.box(plot.log_x ? "gl" : "g", 0, 0, plot.log_y ? "gl" : "g", 0, 0);

  const PLINT n = PLINT(series.size());
  const size_t count = static_cast<size_t>(n);
  std::vector<PLINT> opts(count, PL_LEGEND_LINE), colours(count), styles(count);
  std::vector<PLINT> text_colours(count, plot_support::kBlack);
  std::vector<PLFLT> widths(count, 2.5);
  std::vector<const char*> text(count);
  for (PLINT k = 0; k < n; ++k) {
    const LineSeries& s = series[size_t(k)];
    colours[size_t(k)] = canvas.colour_index(line_colour(k));
    styles[size_t(k)] = 1 + (k / 8) % 8;  // solid for the first eight, then dashed patterns
    text[size_t(k)] = s.name.c_str();
    pls.col0(colours[size_t(k)]);
    pls.lsty(styles[size_t(k)]);
    pls.width(widths[size_t(k)]);
    // Draw each run of finite points as one line; a non-finite point breaks the line.
    std::vector<PLFLT> xs, ys;
    auto flush = [&] {
      if (xs.size() >= 2) pls.line(PLINT(xs.size()), xs.data(), ys.data());
      if (xs.size() == 1) pls.poin(1, xs.data(), ys.data(), 1);
      xs.clear();
      ys.clear();
    };
    for (size_t i = 0; i < s.x.size(); ++i) {
      const double x = axis_value(s.x[i], plot.log_x), y = axis_value(s.y[i], plot.log_y);
      if (std::isfinite(x) && std::isfinite(y)) {
        xs.push_back(x);
        ys.push_back(y);
      } else {
        flush();
      }
    }
    flush();
  }
  pls.lsty(1);
  pls.width(1.0);
  pls.col0(plot_support::kBlack);
  const std::string xopt = std::string("bcnst") + (plot.log_x ? "l" : "");
  const std::string yopt = std::string("bcnstv") + (plot.log_y ? "l" : "");
  pls.box(xopt.c_str(), 0, 0, yopt.c_str(), 0, 0);
  pls.mtex("b", 3.2, 0.5, 0.5, plot.x_label.c_str());
  pls.mtex("l", 4.0, 0.5, 0.5, plot.y_label.c_str());
  pls.schr(0, 1.3);
  pls.mtex("t", 1.6, 0.5, 0.5, plot.title.c_str());
  pls.schr(0, 1.0);
  if (n > 0) {
    // Inside the frame, in the corner it hides least of; its size estimated from the longest
    // name (about 0.017 of the frame's width per character at this size, plus the sample).
    size_t longest = 0;
    for (const LineSeries& s : series) longest = std::max(longest, s.name.size());
    const double box_width = 0.12 + 0.017 * double(longest);
    const double box_height = 0.02 + 0.052 * double(n);
    const PLINT corner = quietest_corner(series, plot, xr, yr, box_width, box_height);
    PLFLT width = 0, height = 0;
    pls.legend(&width, &height, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
               corner | PL_POSITION_INSIDE | PL_POSITION_VIEWPORT, 0.015, 0.015, 0.07, 0,
               plot_support::kBlack, 1, n, 1, n, opts.data(), 1.0, 0.85, 2.0, 0.0,
               text_colours.data(), text.data(), nullptr, nullptr, nullptr, nullptr, colours.data(),
               styles.data(), widths.data(), nullptr, nullptr, nullptr, nullptr);
  }
  canvas.write_png(path);
}

}  // namespace photodose
