// libFuzzer target for the Alb parser; also checks that wherever the fast field splitter reads a
// line, the reference splitter reads the same fields (albparser.h).
#include "formats/albparser.h"
#include "fuzzparser.h"

namespace {

bool same(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && (a.isEmpty() || (a.data() == b.data()));
}

void checkSplitters(QByteArrayView text)
{
    using namespace gateline;
    while (!text.isEmpty()) {
        const qsizetype nl = text.indexOf('\n');
        const QByteArrayView line = nl < 0 ? text : text.first(nl);
        text = nl < 0 ? QByteArrayView() : text.sliced(nl + 1);
        AlbFields fast, reference;
        if (!splitAlbFieldsFast(line, &fast))
            continue;
        if (!splitAlbFieldsReference(line, &reference))
            std::abort();
        const bool agree = same(fast.type, reference.type) && same(fast.time, reference.time)
            && same(fast.client, reference.client) && same(fast.target, reference.target) && same(fast.t1, reference.t1)
            && same(fast.t2, reference.t2) && same(fast.t3, reference.t3) && same(fast.elbStatus, reference.elbStatus)
            && same(fast.targetStatus, reference.targetStatus) && same(fast.request, reference.request)
            && fast.hasDomain == reference.hasDomain && same(fast.domain, reference.domain)
            && fast.hasError == reference.hasError && same(fast.error, reference.error)
            && fast.hasTargetList == reference.hasTargetList && same(fast.targetList, reference.targetList);
        if (!agree)
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    checkSplitters(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    return fuzzParser(gateline::SourceFormat::Alb, data, size);
}
