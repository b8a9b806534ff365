// The matching step's pairs: each 502 of the chosen kind matched to the nearest pod restart, OOM
// kill, Killing event or rollout within the window, with the pod that had the 502's upstream
// address at the time ("10.1.4.7 (storefront-7d9f-x2kq)") and whether the event is that pod's own.
#pragma once

#include "analysis/analysis.h"

#include <QAbstractTableModel>

#include <memory>

namespace gateline {

class MatchPairsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns { ErrorTimeColumn, EventTimeColumn, DeltaColumn, KindColumn, EventColumn, PodColumn, RequestColumn, ColumnCount };
    enum Roles { ErrorUsRole = Qt::UserRole, EventUsRole, ErrorSourceRole, ErrorRowRole, EventSourceRole, EventRowRole };

    explicit MatchPairsModel(QObject *parent = nullptr);

    // Shows analysis->matching().pairs.
    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    void clear() { setAnalysis({}); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Analysis> m_analysis;
};

} // namespace gateline
