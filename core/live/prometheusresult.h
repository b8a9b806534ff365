// The answer of a Prometheus range query (/api/v1/query_range): series of (time, value).
#pragma once

#include "types.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace gateline {

// The expression drawn by default: the rate of 502 answers.
inline constexpr char kDefaultPromql[] = "sum(rate(http_requests_total{status=\"502\"}[1m]))";

struct PrometheusPoint {
    Timestamp time;
    double value = 0; // NaN and ±Inf as Prometheus gives them
};

struct PrometheusSeries {
    QMap<QString, QString> labels; // the series' metric labels ({} for an aggregate)
    QList<PrometheusPoint> points;
    // "{status="502"}" or the expression when there are no labels.
    QString name(const QString &expression) const;
};

struct PrometheusResult {
    QString expression;
    QUrl server;
    Timestamp from;
    Timestamp to;
    double stepSeconds = 0;
    QList<PrometheusSeries> series;
    QStringList warnings; // as Prometheus gives them

    // Parses a query_range answer ({"status":"success","data":{"resultType":"matrix",...}}).
    // False with a clear *error for anything else (error answers included).
    static bool parse(const QByteArray &body, PrometheusResult *out, QString *error);

    // {"url", "query", "start", "end", "stepSeconds", "series": [{"metric": {..}, "values": [[time, value], ...]}]}
    // with times in RFC 3339 UTC and non-finite values as null.
    QJsonObject toJson() const;
};

} // namespace gateline
