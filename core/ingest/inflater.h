// The inflate engines behind GzipStream. ISA-L's igzip inflates gzip 3-5x faster than zlib on
// x86-64 and streams just like it, so it is the engine of choice where it was built in; zlib is
// the fallback, and the reference the tests hold ISA-L to.
#pragma once

#include <QString>
#include <memory>

namespace gateline {

class Inflater
{
public:
    enum class Engine { Best, Zlib, Isal };
    enum class Status {
        Progress,  // consumed input and/or produced output (or needs more input)
        MemberEnd, // a gzip (or zlib) member ended cleanly, trailer checked; call nextMember()
        Error,     // corrupt data; errorText() says what
    };

    virtual ~Inflater() = default;
    // Hands over the next compressed bytes; they must stay valid until inputLeft() is 0.
    virtual void setInput(const char *data, qint64 size) = 0;
    virtual qint64 inputLeft() const = 0;
    // Inflates into out, at most room bytes; *produced says how many were written.
    virtual Status inflate(char *out, qint64 room, qint64 *produced) = 0;
    // Ready for a further member (multi-member gzip); unconsumed input is kept.
    virtual void nextMember() = 0;
    virtual QString errorText() const = 0;

    // Gzip or zlib data (told apart by the header). nullptr if that engine was not built in.
    static std::unique_ptr<Inflater> create(Engine engine = Engine::Best);
    static bool isalBuiltIn();
};

} // namespace gateline
