// A ByteStream that inflates gzip (every member of a multi-member file) or zlib data, bounded in
// output size. Damage is reported the same way whichever engine inflates (see inflater.h): a
// truncated or corrupt stream keeps what came before the damage and says where it stopped.
#pragma once

#include "bytestream.h"
#include "inflater.h"

namespace gateline {

class IdleWorkers;

class GzipStream : public ByteStream
{
public:
    GzipStream(std::unique_ptr<ByteStream> inner, qint64 maxOutputBytes,
               Inflater::Engine engine = Inflater::Engine::Best);
    ~GzipStream() override;
    qint64 read(char *buf, qint64 max) override;
    qint64 inputPosition() const override;
    qint64 inputSize() const override { return m_inner->inputSize(); }

    // The idle workers of the load this stream is read in (jobs/idleworkers.h): once one of them
    // waits, it inflates ahead and read() hands over what it inflated, so that the reader only
    // parses. The bytes read and the errors are the same either way.
    void setIdleWorkers(IdleWorkers *idle) { m_idle = idle; }

private:
    struct Ahead;
    // Inflates into buf: on the reader's thread, or once ahead on the worker's (the only one then).
    qint64 inflateInto(char *buf, qint64 max);
    // One inflate step into buf[*produced, room); false when reading has to stop.
    bool step(char *buf, qint64 room, qint64 *produced);
    // The job an idle worker runs: inflates into Ahead's chunks until the end or until abandoned.
    void inflateAhead();
    qint64 readAhead(char *buf, qint64 max);

    std::unique_ptr<ByteStream> m_inner;
    std::unique_ptr<Inflater> m_inflater;
    QByteArray m_in;
    qint64 m_max;
    qint64 m_out = 0;
    bool m_inEof = false;
    // Since the last member ended cleanly (if one did): input consumed and whether output came.
    // A few consumed bytes with no output and then an error are junk after the data, not damage.
    bool m_memberEnded = false;
    qint64 m_consumedSinceEnd = 0;
    bool m_outputSinceEnd = false;
    bool m_done = false;
    // Set where inflation stops (inflateInto); m_error takes it on the reader's thread.
    QString m_inflateError;
    IdleWorkers *m_idle = nullptr;
    std::unique_ptr<Ahead> m_ahead; // set once an idle worker inflates for this stream
};

} // namespace gateline
