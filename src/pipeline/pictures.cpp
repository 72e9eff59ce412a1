// PNG pictures of a run: orthogonal slices through the tumour centre with its outline and the
// damage contours, the probes' temperature over time, and dose-volume histograms.
#include <algorithm>
#include <cmath>
#include <limits>

#include "photodose/io/dvh.h"
#include "photodose/io/plot.h"
#include "photodose/pipeline/fields.h"

namespace photodose::pipeline {
namespace {

template <class T>
Field3<T> as_field(const Grid& grid, const std::vector<T>& values) {
  Field3<T> f;
  f.grid = grid;
  f.values = values;
  return f;
}

// Centre of the first target region, else of the grid.
plan::Vec3 picture_centre(const RunFields& f) {
  for (const plan::ResolvedRegion& r : f.phantom->regions)
    if (r.voxels > 0 && is_target_region(*f.plan, r)) return r.centroid_mm;
  const Grid& g = f.phantom->grid;
  const auto e = g.extent_mm();
  return {g.origin_mm[0] + e[0] / 2, g.origin_mm[1] + e[1] / 2, g.origin_mm[2] + e[2] / 2};
}

struct Overlays {
  std::vector<OrthogonalContour> contours;
};

Overlays overlays(const RunFields& f, const plan::Vec3& centre) {
  Overlays o;
  const plan::VoxelizedPhantom& ph = *f.phantom;
  const auto labels = extract_orthogonal_slices(ph.region_of_voxel, centre);
  int colour = 0;
  for (size_t r = 0; r < ph.regions.size(); ++r) {
    if (ph.regions[r].voxels == 0 || !is_target_region(*f.plan, ph.regions[r])) continue;
    OrthogonalContour c;
    for (int p = 0; p < 3; ++p) c.fields[size_t(p)] = mask_slice(labels[size_t(p)], double(r));
    c.level = 0.5;
    c.colour = {255, 255, 255};
    c.label = ph.regions[r].name;
    o.contours.push_back(c);
    ++colour;
  }
  if (f.thermal) {
    // The verdict of each tissue's damage model, not Omega = 1 alone (damage_model.h).
    OrthogonalContour c;
    c.fields = extract_orthogonal_slices(as_field(ph.grid, f.thermal->thermal_necrosis), centre);
    c.level = 0.5;
    c.colour = line_colour(1);
    c.label = "thermal necrosis";
    o.contours.push_back(c);
  }
  if (f.pdt) {
    OrthogonalContour c;
    c.fields = extract_orthogonal_slices(as_field(ph.grid, f.pdt->pdt_necrosis), centre);
    c.level = 0.5;
    c.colour = line_colour(2);
    c.label = "PDT necrosis";
    c.dashed = true;
    o.contours.push_back(c);
  }
  return o;
}

// Air is left blank in the pictures (NaN is not drawn): its zero fluence and ambient
// temperature would otherwise dominate the colour scale's low end.
template <class T>
Field3<double> tissue_only(const RunFields& f, const std::vector<T>& values) {
  Field3<double> out(f.phantom->grid);
  const auto& regions = f.phantom->regions;
  const auto& region_of = f.phantom->region_of_voxel.values;
  std::vector<bool> air(regions.size());
  for (size_t r = 0; r < regions.size(); ++r) air[r] = is_air(*f.plan, regions[r].tissue);
  for (size_t v = 0; v < values.size(); ++v)
    out.values[v] =
        air[region_of[v]] ? std::numeric_limits<double>::quiet_NaN() : double(values[v]);
  return out;
}

template <class T>
void slices(std::vector<std::string>& written, const std::filesystem::path& dir,
            const std::string& stem, const RunFields& f, const std::vector<T>& values,
            const plan::Vec3& centre, SlicePicture style, const Overlays& o) {
  style.vertical_axis_down = true;
  const auto s = extract_orthogonal_slices(tissue_only(f, values), centre);
  for (const auto& path : plot_orthogonal_slices_png(dir, stem, s, style, o.contours))
    written.push_back(path.filename().string());
}

}  // namespace

std::vector<std::string> write_pictures(const std::filesystem::path& dir, const RunFields& f,
                                        const ProbeRecorder& probes) {
  std::vector<std::string> written;
  const plan::Vec3 centre = picture_centre(f);
  const Overlays o = overlays(f, centre);
  for (const WavelengthFields& w : f.wavelengths) {
    SlicePicture style;
    style.title = "Fluence rate at " + std::to_string(int(std::lround(w.wavelength_nm))) +
                  " nm, nominal power";
    style.colour_label = "mW/cm²";
    style.colour_map = ColourMap::inferno;
    style.log_scale = true;
    style.log_decades = 4;
    slices(written, dir, "fluence_rate_" + wavelength_tag(w.wavelength_nm), f,
           w.fluence_rate_mW_per_cm2, centre, style, o);
  }
  // The light was updated during treatment: reduced scattering at the start and the end, on one
  // colour scale, so that the coagulated zone shows as the change between the two.
  for (const WavelengthFields& w : f.wavelengths) {
    if (w.musp_initial_per_mm.empty()) continue;
    const std::string nm = std::to_string(int(std::lround(w.wavelength_nm))) + " nm";
    SlicePicture style;
    style.colour_label = "μs′ (mm⁻¹)";
    style.colour_map = ColourMap::viridis;
    style.log_scale = true;
    style.log_decades = 2;
    float top = 0;
    for (const auto* values : {&w.musp_initial_per_mm, &w.musp_per_mm})
      for (float x : *values) top = std::max(top, x);
    style.value_max = top;
    style.value_min = top / 100;
    style.title = "Reduced scattering at " + nm + ", start of treatment";
    slices(written, dir, "scattering_initial_" + wavelength_tag(w.wavelength_nm), f,
           w.musp_initial_per_mm, centre, style, o);
    style.title = "Reduced scattering at " + nm + ", end of treatment";
    slices(written, dir, "scattering_" + wavelength_tag(w.wavelength_nm), f, w.musp_per_mm, centre,
           style, o);
  }
  if (f.thermal) {
    SlicePicture t;
    t.title = "Maximum temperature";
    t.colour_label = "°C";
    t.colour_map = ColourMap::magma;
    slices(written, dir, "temperature_max", f, f.thermal->temperature_max_C, centre, t, o);
    SlicePicture d;
    d.title = "Thermal damage (Arrhenius Ω)";
    d.colour_label = "Ω";
    d.colour_map = ColourMap::viridis;
    d.log_scale = true;
    d.log_decades = 6;
    slices(written, dir, "thermal_damage", f, f.thermal->thermal_damage_omega, centre, d, o);
  }
  if (f.pdt) {
    SlicePicture s;
    s.title = "Reacted singlet oxygen";
    s.colour_label = "[¹O₂]rx (mM)";
    s.colour_map = ColourMap::viridis;
    slices(written, dir, "singlet_oxygen_rx", f, f.pdt->singlet_oxygen_rx_mM, centre, s, o);
  }
  // Probe temperatures over time.
  if (f.thermal && !probes.empty()) {
    std::vector<LineSeries> series;
    const std::vector<double> t = probes.times();
    for (size_t p = 0; p < f.plan->probes.size(); ++p)
      series.push_back({f.plan->probes[p].name, t, probes.series(p, "temperature_C")});
    LinePlot plot;
    plot.title = "Temperature at the probes";
    plot.x_label = "time (s)";
    plot.y_label = "temperature (°C)";
    plot_lines_png(dir / "probes_temperature.png", plot, series);
    written.push_back("probes_temperature.png");
  }
  // Dose-volume histograms of the main quantity per region.
  const plan::VoxelizedPhantom& ph = *f.phantom;
  const bool heat = f.thermal != nullptr;
  const std::vector<float> tmax_f = heat ? std::vector<float>(f.thermal->temperature_max_C.begin(),
                                                              f.thermal->temperature_max_C.end())
                                         : std::vector<float>();
  const std::vector<float>& quantity = heat ? tmax_f : f.fluence_J_per_cm2;
  if (!quantity.empty()) {
    std::vector<LineSeries> curves;
    for (size_t r = 0; r < ph.regions.size(); ++r) {
      if (ph.regions[r].voxels == 0 || is_air(*f.plan, ph.regions[r].tissue)) continue;
      const auto mask = region_mask(ph.region_of_voxel.values, uint16_t(r));
      const auto th = dvh_thresholds_for(std::span<const float>(quantity), mask, 101,
                                         heat ? DvhScale::linear : DvhScale::log, 4);
      const DvhCurve c = compute_cumulative_dvh(std::span<const float>(quantity), mask, th,
                                                ph.grid.voxel_volume_mm3());
      std::vector<double> percent;
      for (double x : c.volume_fraction) percent.push_back(100.0 * x);
      curves.push_back({ph.regions[r].name, c.threshold, percent});
    }
    LinePlot plot;
    plot.title =
        heat ? "Dose-volume histogram: maximum temperature" : "Dose-volume histogram: fluence";
    plot.x_label = heat ? "maximum temperature (°C)" : "fluence (J/cm²)";
    plot.y_label = "volume reaching it (%)";
    plot.log_x = !heat;
    plot.y_range = std::array<double, 2>{0.0, 100.0};
    plot_lines_png(dir / "dvh.png", plot, curves);
    written.push_back("dvh.png");
  }
  return written;
}

}  // namespace photodose::pipeline
