//! Per-outlet totals: claims attributed or in the outlet's own voice,
//! sources by type, cue stances, facts carried or omitted. A table and
//! bar charts (egui_plot).

use egui_plot::{Bar, BarChart, Plot};

use super::compare_view::Cache;
use crate::compare::OutletSummary;
use crate::workspace::Workspace;

const COLORS: [egui::Color32; 8] = [
    egui::Color32::from_rgb(0x2f, 0x80, 0xed),
    egui::Color32::from_rgb(0xe0, 0x7a, 0x10),
    egui::Color32::from_rgb(0x2a, 0x9d, 0x5c),
    egui::Color32::from_rgb(0xb0, 0x3a, 0x9e),
    egui::Color32::from_rgb(0xc9, 0x3c, 0x3c),
    egui::Color32::from_rgb(0x7a, 0x5c, 0xd6),
    egui::Color32::from_rgb(0x1f, 0x9e, 0xa8),
    egui::Color32::from_rgb(0x8a, 0x8a, 0x20),
];

pub fn show(ui: &mut egui::Ui, ws: &Workspace, generation: u64, cache: &mut Cache) {
    cache.lens_menu(ui);
    let Some((_, sums)) = cache.get(ws, generation, ui.ctx()) else {
        cache.not_ready(ui, "the totals");
        return;
    };
    let sums = sums.to_vec();
    egui::ScrollArea::vertical()
        .id_salt("outlets")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("outlet-table")
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for h in [
                        "Outlet",
                        "Articles",
                        "Claims",
                        "Attributed",
                        "Own voice",
                        "Facts carried",
                        "Facts omitted",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for s in &sums {
                        ui.label(&s.outlet);
                        for n in [
                            s.articles,
                            s.claims,
                            s.attributed,
                            s.own_voice,
                            s.facts_carried,
                            s.facts_omitted,
                        ] {
                            ui.label(n.to_string());
                        }
                        ui.end_row();
                    }
                });
            ui.add_space(12.0);
            let names: Vec<String> = sums.iter().map(|s| s.outlet.clone()).collect();
            chart(
                ui,
                "Claims: attributed or the outlet's own voice",
                &names,
                &[
                    (
                        "attributed",
                        sums.iter().map(|s| s.attributed as f64).collect(),
                    ),
                    (
                        "own voice",
                        sums.iter().map(|s| s.own_voice as f64).collect(),
                    ),
                ],
                true,
            );
            chart(
                ui,
                "Facts carried and omitted",
                &names,
                &[
                    (
                        "carried",
                        sums.iter().map(|s| s.facts_carried as f64).collect(),
                    ),
                    (
                        "omitted",
                        sums.iter().map(|s| s.facts_omitted as f64).collect(),
                    ),
                ],
                true,
            );
            let series = |f: fn(&OutletSummary) -> &std::collections::BTreeMap<String, usize>| {
                let mut keys: Vec<String> =
                    sums.iter().flat_map(|s| f(s).keys().cloned()).collect();
                keys.sort();
                keys.dedup();
                keys.into_iter()
                    .map(|k| {
                        let values = sums
                            .iter()
                            .map(|s| f(s).get(&k).copied().unwrap_or(0) as f64)
                            .collect();
                        (k, values)
                    })
                    .collect::<Vec<(String, Vec<f64>)>>()
            };
            let sources = series(|s| &s.sources_by_type);
            let refs: Vec<(&str, Vec<f64>)> = sources
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            chart(ui, "Sources by type", &names, &refs, false);
            let stances = series(|s| &s.cue_stances);
            let refs: Vec<(&str, Vec<f64>)> = stances
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            chart(ui, "Cue stance", &names, &refs, false);
        });
}

/// Bars per outlet; `stacked` piles the series, else they stand side by side.
fn chart(
    ui: &mut egui::Ui,
    title: &str,
    outlets: &[String],
    series: &[(&str, Vec<f64>)],
    stacked: bool,
) {
    ui.strong(title);
    // The legend above the chart, not over its bars.
    ui.horizontal_wrapped(|ui| {
        for (i, (name, _)) in series.iter().enumerate() {
            let size = egui::vec2(10.0, 10.0);
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, COLORS[i % COLORS.len()]);
            ui.label(*name);
            ui.add_space(8.0);
        }
    });
    let n = series.len().max(1) as f64;
    let width = if stacked { 0.6 } else { 0.8 / n };
    let mut charts: Vec<BarChart> = Vec::new();
    for (i, (name, values)) in series.iter().enumerate() {
        let offset = if stacked {
            0.0
        } else {
            (i as f64 - (n - 1.0) / 2.0) * width
        };
        let bars = values
            .iter()
            .enumerate()
            .map(|(x, v)| {
                Bar::new(x as f64 + offset, *v)
                    .width(width * 0.95)
                    .name(format!(
                        "{}: {name}",
                        outlets.get(x).map(String::as_str).unwrap_or("")
                    ))
            })
            .collect();
        let mut chart = BarChart::new(*name, bars).color(COLORS[i % COLORS.len()]);
        if stacked && i > 0 {
            let below: Vec<&BarChart> = charts.iter().collect();
            chart = chart.stack_on(&below);
        }
        charts.push(chart);
    }
    let labels = outlets.to_vec();
    Plot::new(("outlet-chart", title))
        .height(180.0)
        // Horizontal lines only: a vertical one ran through each group.
        .show_grid([false, true])
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for c in charts {
                plot.bar_chart(c);
            }
        });
    ui.add_space(8.0);
}
