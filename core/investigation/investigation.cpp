#include "investigation.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace gateline {

namespace {
constexpr qint64 kMaxFileBytes = 64ll << 20;

QJsonValue spanToJson(const TimeSpan &s)
{
    if (!s.isValid())
        return QJsonValue::Null;
    // Microseconds as strings: JSON numbers lose precision beyond 2^53.
    return QJsonObject{{QStringLiteral("fromUs"), QString::number(s.fromUs)},
                       {QStringLiteral("toUs"), QString::number(s.toUs)}};
}

TimeSpan spanFromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    TimeSpan s{o.value(QStringLiteral("fromUs")).toString().toLongLong(),
               o.value(QStringLiteral("toUs")).toString().toLongLong()};
    return s.isValid() ? s : TimeSpan{};
}
} // namespace

QJsonObject Investigation::toJson(const QString &fileDir) const
{
    QJsonArray paths;
    const QDir dir(fileDir);
    for (const QString &p : bundlePaths) {
        QJsonObject o{{QStringLiteral("path"), p}};
        if (!fileDir.isEmpty())
            o.insert(QStringLiteral("relative"), dir.relativeFilePath(p));
        paths.append(o);
    }
    QJsonArray offsetsJson;
    for (const SavedOffset &o : offsets)
        offsetsJson.append(QJsonObject{{QStringLiteral("source"), o.source}, {QStringLiteral("seconds"), o.seconds}});
    QJsonArray verdictsJson;
    for (const SavedVerdict &v : verdicts)
        verdictsJson.append(QJsonObject{{QStringLiteral("step"), v.step},
                                        {QStringLiteral("verdict"), v.verdict},
                                        {QStringLiteral("overridden"), v.overridden},
                                        {QStringLiteral("comment"), v.comment}});
    QJsonArray notesJson;
    for (const PinnedNote &n : notes)
        notesJson.append(QJsonObject{{QStringLiteral("us"), QString::number(n.us)}, {QStringLiteral("text"), n.text}});
    QJsonObject out{
        {QStringLiteral("schema"), QLatin1StringView(kInvestigationSchema)},
        {QStringLiteral("bundle"), paths},
        {QStringLiteral("offsets"), offsetsJson},
        {QStringLiteral("verdicts"), verdictsJson},
        {QStringLiteral("notes"), notesJson},
        {QStringLiteral("matchWindowSeconds"), matchWindowSeconds},
        {QStringLiteral("visible"), spanToJson(visible)},
        {QStringLiteral("selection"), spanToJson(selection)},
        {QStringLiteral("capturedAt"), captureTime.isValid()
                                           ? QJsonValue(captureTime.toUTC().toString(Qt::ISODateWithMs))
                                           : QJsonValue(QJsonValue::Null)},
    };
    if (pinned.isValid())
        out.insert(QStringLiteral("pinned"), spanToJson(pinned));
    return out;
}

std::optional<Investigation> Investigation::fromJson(const QJsonObject &o, const QString &fileDir, QString *error)
{
    if (o.value(QStringLiteral("schema")).toString() != QLatin1StringView(kInvestigationSchema)) {
        if (error)
            *error = QStringLiteral("not a Gateline investigation (schema \"%1\")")
                         .arg(o.value(QStringLiteral("schema")).toString().left(80));
        return std::nullopt;
    }
    Investigation inv;
    const QDir dir(fileDir);
    for (const QJsonValue &v : o.value(QStringLiteral("bundle")).toArray()) {
        const QJsonObject p = v.toObject();
        QString path = p.value(QStringLiteral("path")).toString();
        const QString rel = p.value(QStringLiteral("relative")).toString();
        if (!QFileInfo::exists(path) && !rel.isEmpty() && !fileDir.isEmpty()) {
            const QString candidate = QDir::cleanPath(dir.absoluteFilePath(rel));
            if (QFileInfo::exists(candidate))
                path = candidate;
        }
        if (!path.isEmpty())
            inv.bundlePaths.append(path);
    }
    for (const QJsonValue &v : o.value(QStringLiteral("offsets")).toArray()) {
        const QJsonObject x = v.toObject();
        const double s = x.value(QStringLiteral("seconds")).toDouble();
        if (std::isfinite(s))
            inv.offsets.append({x.value(QStringLiteral("source")).toString(), s});
    }
    for (const QJsonValue &v : o.value(QStringLiteral("verdicts")).toArray()) {
        const QJsonObject x = v.toObject();
        inv.verdicts.append({x.value(QStringLiteral("step")).toString(), x.value(QStringLiteral("verdict")).toString(),
                             x.value(QStringLiteral("overridden")).toBool(), x.value(QStringLiteral("comment")).toString()});
    }
    for (const QJsonValue &v : o.value(QStringLiteral("notes")).toArray()) {
        const QJsonObject x = v.toObject();
        inv.notes.append({x.value(QStringLiteral("us")).toString().toLongLong(), x.value(QStringLiteral("text")).toString()});
    }
    const double w = o.value(QStringLiteral("matchWindowSeconds")).toDouble(30);
    inv.matchWindowSeconds = (std::isfinite(w) && w > 0) ? w : 30;
    inv.visible = spanFromJson(o.value(QStringLiteral("visible")));
    inv.selection = spanFromJson(o.value(QStringLiteral("selection")));
    inv.pinned = spanFromJson(o.value(QStringLiteral("pinned")));
    const QString captured = o.value(QStringLiteral("capturedAt")).toString();
    if (!captured.isEmpty()) {
        const QDateTime t = QDateTime::fromString(captured, Qt::ISODateWithMs);
        if (!t.isValid()) {
            if (error)
                *error = QStringLiteral("capturedAt is not an RFC 3339 time: \"%1\"").arg(captured.left(80));
            return std::nullopt;
        }
        inv.captureTime = t.toUTC();
    }
    return inv;
}

bool Investigation::save(const QString &path, QString *error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    const QByteArray bytes = QJsonDocument(toJson(QFileInfo(path).absolutePath())).toJson(QJsonDocument::Indented);
    if (f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

std::optional<Investigation> Investigation::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    if (f.size() > kMaxFileBytes) {
        if (error)
            *error = QStringLiteral("%1 is too large to be an investigation").arg(path);
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is not valid JSON: %2").arg(path, pe.errorString());
        return std::nullopt;
    }
    return fromJson(doc.object(), QFileInfo(path).absolutePath(), error);
}

} // namespace gateline
