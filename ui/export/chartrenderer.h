// Paints the exported chart (export/chartdata.h) with QPainter: onto a QImage for PNG and a
// QSvgGenerator for SVG. No Qt Charts widgets, so it works headless (QT_QPA_PLATFORM=offscreen), but
// it needs a QGuiApplication for fonts. The chart holds no log text: only counts, times and our labels.
#pragma once

#include "export/chartdata.h"

#include <QByteArray>
#include <QImage>
#include <QRectF>
#include <QSize>

class QPainter;

namespace gateline {

void paintChart(QPainter &painter, const QRectF &rect, const ChartData &data);
// size in logical pixels; scale is the device pixel ratio (2 for a sharper PNG).
QImage renderChartImage(const ChartData &data, const QSize &size, double scale = 1);
QByteArray renderChartPng(const ChartData &data, const QSize &size, double scale = 1);
QByteArray renderChartSvg(const ChartData &data, const QSize &size);

} // namespace gateline
