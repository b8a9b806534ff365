// A self-contained HTML report: the postmortem draft's sections plus the chart (as a data: image),
// the ranked causes and the loaded sources. No external URL, no script; a strict Content-Security-Policy
// (default-src 'none', images only from data:, the one inline style by its hash). Every text from the
// data is HTML-escaped.
#pragma once

#include "postmortem.h"

#include <QByteArray>

namespace gateline {

// chartSvg (preferred) or chartPng is embedded as a data: URI in an <img>, where an SVG cannot run
// scripts; with neither, the report says that no chart was rendered.
QString htmlReport(const PostmortemDocument &doc, const QByteArray &chartSvg = {}, const QByteArray &chartPng = {});

} // namespace gateline
