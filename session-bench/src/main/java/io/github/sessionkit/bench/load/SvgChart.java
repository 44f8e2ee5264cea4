package io.github.sessionkit.bench.load;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * Charts over the seconds of a run, as inline SVG (no script, no external file): a line chart with
 * one line per series, axes with round ticks and a legend (gaps, NaN values, break a line), and a
 * band of one value per second.
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
    svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(HtmlReport.escape(title))
        .append("\">\n");
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
      svg.append("<line x1=\"")
          .append(num(legendX))
          .append("\" y1=\"16\" x2=\"")
          .append(num(legendX + 16))
          .append("\" y2=\"16\" stroke=\"")
          .append(s.color())
          .append("\" stroke-width=\"3\"/>\n");
      svg.append(text(legendX + 20, 20, "start", "legend", s.name()));
    }

    for (Series s : series) {
      plot(svg, s, points, top, plotWidth, plotHeight);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** Colours of a band's values, in order of first appearance. */
  private static final List<String> BAND_COLORS =
      List.of(
          "#2f81f7", "#d29922", "#1a7f37", "#cf222e", "#8250df", "#57606a", "#bf3989", "#0a3069");

  private static final int BAND_HEIGHT = 74;

  /**
   * A strip over the same seconds as {@link #render}: one block per second coloured by its value
   * (which tier served, which node), a legend of the values; blank where a second has none. A
   * change of value (Redis stopped: {@code redis} to {@code postgresql}) shows as a change of
   * colour above the latency it caused.
   *
   * @param values one per second, empty where there is none
   */
  static String band(String title, List<String> values) {
    int points = values.size();
    double plotWidth = WIDTH - LEFT - RIGHT;
    double slot = plotWidth / Math.max(1, points);
    List<String> distinct = values.stream().filter(v -> !v.isEmpty()).distinct().toList();
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(BAND_HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(HtmlReport.escape(title))
        .append("\">\n");
    svg.append("<title>").append(HtmlReport.escape(title)).append("</title>\n");
    svg.append(text(LEFT, 20, "start", "chart-title", title));
    for (int i = 0; i < points; i++) {
      String value = values.get(i);
      if (value.isEmpty()) {
        continue;
      }
      svg.append("<rect x=\"")
          .append(num(LEFT + i * slot))
          .append("\" y=\"30\" width=\"")
          .append(num(slot + 0.5))
          .append("\" height=\"22\" fill=\"")
          .append(bandColor(distinct, value))
          .append("\"><title>")
          .append(i)
          .append(" s: ")
          .append(HtmlReport.escape(value))
          .append("</title></rect>\n");
    }
    double legendX = LEFT;
    for (String value : distinct) {
      svg.append("<rect x=\"")
          .append(num(legendX))
          .append("\" y=\"60\" width=\"12\" height=\"10\" fill=\"")
          .append(bandColor(distinct, value))
          .append("\"/>\n");
      svg.append(text(legendX + 16, 69, "start", "legend", value));
      legendX += 40 + 7 * value.length();
    }
    svg.append(text(WIDTH - RIGHT, 69, "end", "tick", points + " s"));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String bandColor(List<String> distinct, String value) {
    return BAND_COLORS.get(Math.max(0, distinct.indexOf(value)) % BAND_COLORS.size());
  }

  private static void plot(
      StringBuilder svg, Series s, int points, double top, double plotWidth, double plotHeight) {
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
        svg.append("<circle cx=\"")
            .append(xy[0])
            .append("\" cy=\"")
            .append(xy[1])
            .append("\" r=\"3\" fill=\"")
            .append(s.color())
            .append("\"/>\n");
      } else {
        svg.append("<polyline fill=\"none\" stroke=\"")
            .append(s.color())
            .append("\" stroke-width=\"2\" points=\"")
            .append(coords.toString().trim())
            .append("\"/>\n");
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
    return "<line class=\""
        + cssClass
        + "\" x1=\""
        + num(x1)
        + "\" y1=\""
        + num(y1)
        + "\" x2=\""
        + num(x2)
        + "\" y2=\""
        + num(y2)
        + "\"/>\n";
  }

  private static String text(double x, double y, String anchor, String cssClass, String content) {
    return "<text class=\""
        + cssClass
        + "\" x=\""
        + num(x)
        + "\" y=\""
        + num(y)
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + HtmlReport.escape(content)
        + "</text>\n";
  }
}
