#include "prometheusresult.h"

#include "liveerror.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <cmath>
#include <limits>

namespace gateline {

namespace {
// A sample time in seconds whose microseconds (llround(t * 1e6)) still fit a qint64 (9.22e18).
constexpr double kMaxSampleSeconds = 9.2e12;
} // namespace

namespace {

constexpr qsizetype kMaxSeries = 10000;
constexpr qsizetype kMaxPoints = 5'000'000;

bool parseSampleValue(const QJsonValue &v, double *out)
{
    // Prometheus sends values as strings: "0.2", "NaN", "+Inf", "-Inf".
    if (v.isDouble()) {
        *out = v.toDouble();
        return true;
    }
    if (!v.isString())
        return false;
    const QString s = v.toString();
    if (s == QLatin1StringView("NaN")) {
        *out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (s == QLatin1StringView("+Inf") || s == QLatin1StringView("Inf")) {
        *out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (s == QLatin1StringView("-Inf")) {
        *out = -std::numeric_limits<double>::infinity();
        return true;
    }
    bool ok = false;
    *out = s.toDouble(&ok);
    return ok;
}

QString rfc3339(Timestamp t)
{
    return QDateTime::fromMSecsSinceEpoch(t.us / 1000, QTimeZone::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

QString PrometheusSeries::name(const QString &expression) const
{
    if (labels.isEmpty())
        return expression;
    QStringList parts;
    QString metric;
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
        if (it.key() == QLatin1StringView("__name__"))
            metric = it.value();
        else
            parts << QStringLiteral("%1=\"%2\"").arg(it.key(), it.value());
    }
    return metric + QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

bool PrometheusResult::parse(const QByteArray &body, PrometheusResult *out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (doc.isNull() || !doc.isObject()) {
        *error = QStringLiteral("Malformed answer from Prometheus: %1.")
                     .arg(doc.isNull() ? parseError.errorString() : QStringLiteral("not a JSON object"));
        return false;
    }
    const QJsonObject o = doc.object();
    const QString status = o.value(QLatin1StringView("status")).toString();
    if (status == QLatin1StringView("error")) {
        *error = QStringLiteral("Prometheus rejected the query: %1").arg(serverMessageOf(body));
        return false;
    }
    if (status != QLatin1StringView("success")) {
        *error = QStringLiteral("Malformed answer from Prometheus: no \"status\": \"success\".");
        return false;
    }
    const QJsonObject data = o.value(QLatin1StringView("data")).toObject();
    const QString type = data.value(QLatin1StringView("resultType")).toString();
    if (type != QLatin1StringView("matrix")) {
        *error = QStringLiteral("Malformed answer from Prometheus: a range query should give a matrix, not \"%1\".")
                     .arg(type.left(40));
        return false;
    }
    const QJsonValue resultValue = data.value(QLatin1StringView("result"));
    if (!resultValue.isArray()) {
        *error = QStringLiteral("Malformed answer from Prometheus: no result array.");
        return false;
    }
    const QJsonArray result = resultValue.toArray();
    if (result.size() > kMaxSeries) {
        *error = QStringLiteral("Prometheus returned %1 series; at most %2 can be drawn. Aggregate the expression "
                                "(sum by ...).")
                     .arg(result.size())
                     .arg(kMaxSeries);
        return false;
    }
    out->series.clear();
    qsizetype total = 0;
    for (const QJsonValue &sv : result) {
        const QJsonObject s = sv.toObject();
        const QJsonValue values = s.value(QLatin1StringView("values"));
        if (!sv.isObject() || !values.isArray()) {
            *error = QStringLiteral("Malformed answer from Prometheus: a series without values.");
            return false;
        }
        PrometheusSeries series;
        const QJsonObject metric = s.value(QLatin1StringView("metric")).toObject();
        for (auto it = metric.constBegin(); it != metric.constEnd(); ++it)
            series.labels.insert(it.key(), it.value().toString());
        const QJsonArray points = values.toArray();
        total += points.size();
        if (total > kMaxPoints) {
            *error = QStringLiteral("Prometheus returned over %1 points; use a larger step.").arg(kMaxPoints);
            return false;
        }
        series.points.reserve(points.size());
        for (const QJsonValue &pv : points) {
            const QJsonArray pair = pv.toArray();
            double value = 0;
            if (pair.size() != 2 || !pair[0].isDouble() || std::fabs(pair[0].toDouble()) > kMaxSampleSeconds
                || !parseSampleValue(pair[1], &value)) {
                *error = QStringLiteral("Malformed answer from Prometheus: a sample is not [time, \"value\"].");
                return false;
            }
            series.points.append({Timestamp{qint64(std::llround(pair[0].toDouble() * 1e6))}, value});
        }
        out->series.append(series);
    }
    out->warnings.clear();
    for (const QJsonValue &w : o.value(QLatin1StringView("warnings")).toArray())
        out->warnings << w.toString().left(300);
    return true;
}

QJsonObject PrometheusResult::toJson() const
{
    QJsonArray seriesArray;
    for (const PrometheusSeries &s : series) {
        QJsonObject metric;
        for (auto it = s.labels.constBegin(); it != s.labels.constEnd(); ++it)
            metric.insert(it.key(), it.value());
        QJsonArray values;
        for (const PrometheusPoint &p : s.points)
            values.append(QJsonArray{rfc3339(p.time), std::isfinite(p.value) ? QJsonValue(p.value) : QJsonValue()});
        seriesArray.append(QJsonObject{{QStringLiteral("metric"), metric}, {QStringLiteral("values"), values}});
    }
    QJsonObject o;
    o.insert(QLatin1StringView("url"), displayUrl(server));
    o.insert(QLatin1StringView("query"), expression);
    o.insert(QLatin1StringView("start"), rfc3339(from));
    o.insert(QLatin1StringView("end"), rfc3339(to));
    o.insert(QLatin1StringView("stepSeconds"), stepSeconds);
    o.insert(QLatin1StringView("series"), seriesArray);
    if (!warnings.isEmpty())
        o.insert(QLatin1StringView("warnings"), QJsonArray::fromStringList(warnings));
    return o;
}

} // namespace gateline
