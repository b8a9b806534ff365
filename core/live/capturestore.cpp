#include "capturestore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gateline {

namespace {

QString keyOf(const QJsonObject &o)
{
    const QJsonObject m = o.value(QLatin1StringView("metadata")).toObject();
    const QString uid = m.value(QLatin1StringView("uid")).toString();
    if (!uid.isEmpty())
        return uid;
    return m.value(QLatin1StringView("namespace")).toString() + QLatin1Char('/')
        + m.value(QLatin1StringView("name")).toString();
}

// managedFields are bookkeeping of who wrote which field: large and of no use to a postmortem
// (kubectl hides them too).
QJsonObject trimmed(QJsonObject o)
{
    QJsonObject m = o.value(QLatin1StringView("metadata")).toObject();
    if (m.contains(QLatin1StringView("managedFields"))) {
        m.remove(QLatin1StringView("managedFields"));
        o.insert(QLatin1StringView("metadata"), m);
    }
    return o;
}

} // namespace

bool CaptureStore::put(Table &t, QJsonObject object, bool preferred)
{
    const QString key = keyOf(object);
    if (key == QLatin1StringView("/"))
        return false;
    object = trimmed(object);
    const auto it = t.index.constFind(key);
    if (it == t.index.constEnd()) {
        t.index.insert(key, t.items.size());
        t.items.append(object);
        t.preferred.append(preferred);
        return true;
    }
    const qsizetype i = it.value();
    if (t.preferred[i] && !preferred)
        return false; // keep the core/v1 shape of an event
    if (t.items[i] == object)
        return false;
    t.items[i] = object;
    t.preferred[i] = preferred;
    return true;
}

bool CaptureStore::addEvent(const QJsonObject &event)
{
    const bool core = event.value(QLatin1StringView("apiVersion")).toString() == QLatin1StringView("v1");
    return put(m_events, event, core);
}

bool CaptureStore::addPod(const QJsonObject &pod)
{
    return put(m_pods, pod, true);
}

QByteArray CaptureStore::document(const Table &t, const QString &kind)
{
    QJsonArray items;
    for (const QJsonObject &o : t.items)
        items.append(o);
    QJsonObject doc;
    doc.insert(QLatin1StringView("apiVersion"), QStringLiteral("v1"));
    doc.insert(QLatin1StringView("kind"), kind);
    doc.insert(QLatin1StringView("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString()}});
    doc.insert(QLatin1StringView("items"), items);
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QByteArray CaptureStore::eventsDocument() const
{
    return document(m_events, QStringLiteral("List"));
}

QByteArray CaptureStore::podsDocument() const
{
    return document(m_pods, QStringLiteral("PodList"));
}

} // namespace gateline
