// The Sources/Problems panel's tree: every source with its format, records, rejects and time
// range (children: reject reasons, sample lines, notes), unrecognised files with the reason, and
// bundle-level messages. While a load runs it shows per-source progress.
#pragma once

#include "ingest/bundleloader.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>

namespace gateline {

class SourcesModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Columns { NameColumn, FormatColumn, RecordsColumn, RejectedColumn, StateColumn, DetailColumn, ColumnCount };
    enum Roles {
        ProgressRole = Qt::UserRole, // 0..100, or -1 when not loading
        SeverityRole,                // 0 fine, 1 warning (rejects, notes), 2 problem (unrecognised, errors)
        SourceIdRole,                // SourceId value, or -1
        PathRole,                    // display path
    };
    enum class EntryKind { Source, Unrecognised, Message };

    explicit SourcesModel(QObject *parent = nullptr);

    // A new load starts: everything is cleared.
    void beginLoad();
    // Per-source progress while loading (GUI thread). The list form takes a batch in one go: new
    // sources are inserted with one rowsInserted and the changed rows told with one dataChanged
    // (a day of a thousand files otherwise costs the view a layout per file: 100-180 ms turns).
    void applyProgress(const IngestProgress &p);
    void applyProgress(const QList<IngestProgress> &batch);
    // The finished (or cancelled) load: replaces the loading rows.
    void setStore(std::shared_ptr<const EventStore> store);
    void clear();

    int problemCount() const;   // unrecognised files, messages, sources with rejects or notes
    int loadingCount() const;   // sources started but not finished

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry {
        EntryKind kind = EntryKind::Source;
        QString path;
        int sourceId = -1;
        QString format;
        qint64 records = 0;
        qint64 rejected = 0;
        bool loading = false;
        qint64 done = 0, total = -1;
        QString state;          // "loaded", "10:00:01 - 10:05:00", "not recognised", ...
        QString detail;
        int severity = 0;
        QStringList children;   // detail lines
    };
    int findEntry(const QString &path) const;
    // Updates entry i from p (no signal).
    void updateEntry(Entry &e, const IngestProgress &p);
    QVariant entryData(const Entry &e, int column, int role) const;

    QList<Entry> m_entries;
    QHash<QString, int> m_byPath; // entry row by path (the loading rows; rebuilt by setStore)
};

} // namespace gateline
