// `gateline analyze --prometheus URL --promql EXPR`: the `prometheus` member of the JSON report.
#pragma once

#include "types.h"
#include "live/prometheusresult.h" // QtCore only: kDefaultPromql

#include <QJsonObject>
#include <QString>
#include <QUrl>

// The default expression: the rate of 502 answers.
inline QString defaultPromql()
{
    return QString::fromLatin1(gateline::kDefaultPromql);
}

// Runs a range query of promql over [from, to] (a step chosen for about 1000 points; at most
// 3 attempts, 20 s timeout each) and returns
//   {"url", "query", "start", "end", "stepSeconds", "series": [{"metric": {...}, "values": [[time, value], ...]}]}
// with RFC 3339 UTC times and null for non-finite values. On failure returns
// {"url", "query", "error": message, "errorKind": id} and sets *error (when given).
QJsonObject queryPrometheusForAnalyze(const QUrl &url, const QString &promql, gateline::Timestamp from,
                                      gateline::Timestamp to, QString *error);
