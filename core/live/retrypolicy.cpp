#include "retrypolicy.h"

#include <QtGlobal>

#include <algorithm>

namespace gateline {

int RetryPolicy::backoffMs(int attempt) const
{
    const int cap = std::max(0, maxBackoffMs);
    qint64 wait = std::max(0, initialBackoffMs);
    for (int i = 1; i < attempt && wait < cap; ++i)
        wait *= 2;
    return int(std::min<qint64>(wait, cap));
}

} // namespace gateline
