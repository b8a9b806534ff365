// The objects of a live capture, one latest version per object: events (core/v1 and
// events.k8s.io/v1 merged by uid, the core/v1 shape preferred) and pods. Objects that the
// cluster deletes (events expire after an hour) are kept: keeping them is the point.
// Written as files the ingest recognises: a core/v1 `List` of events and a `PodList`.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gateline {

class CaptureStore
{
public:
    // Adds or replaces an object. apiVersion/kind tell events.k8s.io/v1 events from core/v1 ones.
    // Returns true if the store changed.
    bool addEvent(const QJsonObject &event);
    bool addPod(const QJsonObject &pod);

    qsizetype eventCount() const { return m_events.items.size(); }
    qsizetype podCount() const { return m_pods.items.size(); }

    // {"apiVersion":"v1","kind":"List","items":[...]}, as `kubectl get events -o json` writes it.
    QByteArray eventsDocument() const;
    // {"apiVersion":"v1","kind":"PodList","items":[...]}.
    QByteArray podsDocument() const;

private:
    struct Table {
        QList<QJsonObject> items;
        QHash<QString, qsizetype> index; // uid (or namespace/name) -> position
        QList<bool> preferred;           // per item: the preferred (core/v1) shape
    };
    static bool put(Table &t, QJsonObject object, bool preferred);
    static QByteArray document(const Table &t, const QString &kind);

    Table m_events;
    Table m_pods;
};

} // namespace gateline
