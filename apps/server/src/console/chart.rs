//! A small bar chart drawn on the server as SVG: no script, readable by screen readers
//! through its title and the table beside it.

use maud::{Markup, html};

/// One bar: its label under the axis (may be empty) and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bar {
    /// Shown under the bar (keep it short: a day of the month).
    pub(crate) label: String,
    /// The bar's height in units.
    pub(crate) value: u64,
    /// The bar's tooltip (full date and count).
    pub(crate) title: String,
}

const WIDTH: u32 = 600;
const HEIGHT: u32 = 160;
const AXIS: u32 = 18;
const TOP: u32 = 14;

/// The chart of `bars`, described by `title` for assistive technology.
pub(crate) fn bar_chart(title: &str, bars: &[Bar]) -> Markup {
    let max = bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1);
    let count = u32::try_from(bars.len()).unwrap_or(u32::MAX).max(1);
    let slot = WIDTH / count;
    let bar_width = slot.saturating_sub(2).max(1);
    let plot = HEIGHT - AXIS - TOP;
    html! {
        svg.chart viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label=(title) {
            title { (title) }
            @for (index, bar) in bars.iter().enumerate() {
                @let x = u32::try_from(index).unwrap_or(0) * slot + 1;
                @let height = scaled(bar.value, max, plot);
                @let y = TOP + plot - height;
                g {
                    title { (bar.title) }
                    rect x=(x) y=(y) width=(bar_width) height=(height) {}
                    @if bar.value > 0 {
                        text x=(x + bar_width / 2) y=(y.saturating_sub(3)) text-anchor="middle" { (bar.value) }
                    }
                    @if !bar.label.is_empty() {
                        text x=(x + bar_width / 2) y=(HEIGHT - 4) text-anchor="middle" { (bar.label) }
                    }
                }
            }
        }
    }
}

/// `value` of `max` as a height out of `plot` pixels; any non-zero value is at least 1 px.
fn scaled(value: u64, max: u64, plot: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    let height = value.saturating_mul(u64::from(plot)) / max;
    u32::try_from(height).unwrap_or(plot).clamp(1, plot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(values: &[u64]) -> Vec<Bar> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Bar {
                label: i.to_string(),
                value: *v,
                title: format!("day {i}: {v}"),
            })
            .collect()
    }

    #[test]
    fn the_tallest_bar_fills_the_plot_and_small_ones_stay_visible() {
        let plot = HEIGHT - AXIS - TOP;
        assert_eq!(scaled(10, 10, plot), plot);
        assert_eq!(scaled(1, 1_000, plot), 1);
        assert_eq!(scaled(0, 10, plot), 0);
    }

    #[test]
    fn draws_one_bar_per_day_with_its_title() {
        let svg = bar_chart("New cases", &bars(&[0, 3, 1])).into_string();
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("<title>day 1: 3</title>"));
        assert!(svg.contains(r#"aria-label="New cases""#));
    }

    #[test]
    fn an_empty_chart_draws_nothing_but_its_frame() {
        let svg = bar_chart("New cases", &[]).into_string();
        assert_eq!(svg.matches("<rect").count(), 0);
    }
}
