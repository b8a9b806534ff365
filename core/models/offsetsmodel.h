// The Clock offsets panel: each source's estimated offset against the load balancer, with its
// confidence and method. The offset is editable: an edit is not applied here but announced with
// offsetEditRequested(), so that the UI can make it undoable and realign every view at once.
#pragma once

#include "analysis/analysis.h"

#include <QAbstractTableModel>

#include <memory>

namespace gateline {

class OffsetsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns { SourceColumn, FormatColumn, OffsetColumn, ConfidenceColumn, MethodColumn, MatchedColumn, NoteColumn, ColumnCount };
    enum Roles { SourceIdRole = Qt::UserRole, OffsetSecondsRole, MethodRole };

    explicit OffsetsModel(QObject *parent = nullptr);

    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    void clear() { setAnalysis({}); }
    static QString methodLabel(SourceAlignment::Method m);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void offsetEditRequested(gateline::SourceId source, double seconds);

private:
    std::shared_ptr<const Analysis> m_analysis;
    int m_rows = 0;
};

} // namespace gateline
