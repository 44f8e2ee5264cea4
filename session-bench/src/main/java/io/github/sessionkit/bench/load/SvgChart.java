package io.github.sessionkit.bench.load;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * A line chart over the seconds of a run, as inline SVG (no script, no external file): one
 * line per series, axes with round ticks, a legend. Gaps (NaN values) break a line.
 */
final class SvgChart {

  /**
   * @param name legend text
   * @param color a CSS color
   * @param values one per second; NaN where there is no value
   */
  record Series(String name, String color, double[] values) {}

  private static final int WIDTH = 880;
  private static final int HEIGHT = 260;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 36;
  private static final int BOTTOM = 36;

  private SvgChart() {}

  static String render(String title, String unit, List<Series> series) {
    int points = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
    }
    double step = niceStep(max > 0 ? max / 4 : 0.25);
    double top = Math.max(step, Math.ceil(max / step) * step);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;

    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"").append(HtmlReport.escape(title)).append("\">\n");
    svg.append("<title>").append(HtmlReport.escape(title)).append("</title>\n");
    svg.append(text(LEFT, 20, "start", "chart-title", title + " (" + unit + ")"));
    // Horizontal grid and y labels.
    for (double v = 0; v <= top + step / 2; v += step) {
      double y = TOP + plotHeight - v / top * plotHeight;
      svg.append(line(LEFT, y, WIDTH - RIGHT, y, "grid"));
      svg.append(text(LEFT - 6, y + 4, "end", "tick", format(v)));
    }
    // X ticks every round number of seconds.
    int xStep = (int) Math.max(1, niceStep(Math.max(1, points) / 8.0));
    for (int s = 0; s < Math.max(1, points); s += xStep) {
      double x = x(s, points, plotWidth);
      svg.append(line(x, TOP + plotHeight, x, TOP + plotHeight + 4, "axis"));
      svg.append(text(x, TOP + plotHeight + 18, "middle", "tick", s + "s"));
    }
    svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight, "axis"));
    svg.append(line(LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight, "axis"));
    svg.append(text(WIDTH - RIGHT, HEIGHT - 4, "end", "tick", "seconds since start"));

    double legendX = WIDTH - RIGHT;
    for (int i = series.size() - 1; i >= 0; i--) {
      Series s = series.get(i);
      double width = 28 + 7 * s.name().length();
      legendX -= width;
      svg.append("<line x1=\"").append(num(legendX)).append("\" y1=\"16\" x2=\"").append(num(legendX + 16))
          .append("\" y2=\"16\" stroke=\"").append(s.color()).append("\" stroke-width=\"3\"/>\n");
      svg.append(text(legendX + 20, 20, "start", "legend", s.name()));
    }

    for (Series s : series) {
      plot(svg, s, points, top, plotWidth, plotHeight);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void plot(StringBuilder svg, Series s, int points, double top, double plotWidth, double plotHeight) {
    double[] values = s.values();
    int i = 0;
    while (i < values.length) {
      if (Double.isNaN(values[i])) {
        i++;
        continue;
      }
      int from = i;
      StringBuilder coords = new StringBuilder();
      while (i < values.length && !Double.isNaN(values[i])) {
        double y = TOP + plotHeight - values[i] / top * plotHeight;
        coords.append(num(x(i, points, plotWidth))).append(',').append(num(y)).append(' ');
        i++;
      }
      if (i - from == 1) {
        String[] xy = coords.toString().trim().split(",");
        svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"3\" fill=\"")
            .append(s.color()).append("\"/>\n");
      } else {
        svg.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\" points=\"")
            .append(coords.toString().trim()).append("\"/>\n");
      }
    }
  }

  private static double x(int index, int points, double plotWidth) {
    return points <= 1 ? LEFT + plotWidth / 2 : LEFT + index * plotWidth / (points - 1);
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / magnitude;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  private static String format(double v) {
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String line(double x1, double y1, double x2, double y2, String cssClass) {
    return "<line class=\"" + cssClass + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\""
        + num(y2) + "\"/>\n";
  }

  private static String text(double x, double y, String anchor, String cssClass, String content) {
    return "<text class=\"" + cssClass + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">"
        + HtmlReport.escape(content) + "</text>\n";
  }
}
