// The inputs of `gateline analyze` and `gateline export`: local paths and s3:// URLs together.
// S3 sources are listed for the --from/--until range and streamed (core/live/s3source.h); what was
// listed, skipped and fetched, and any S3 failure, is said on stderr. No credential is ever printed.
#pragma once

#include "terminalprogress.h"

#include "ingest/bundleloader.h"

// Loads the inputs. Returns false, with the exit code (4: an S3 source could not be listed or no
// credentials; 2: a malformed s3:// URL), when nothing could be loaded.
bool loadInputs(const QString &command, const QStringList &inputs, const gateline::IngestOptions &ingest,
                const QString &s3Endpoint, TerminalProgress &progress, gateline::EventStore *store, int *exitCode);
