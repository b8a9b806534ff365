// The CDN branch's windows and thresholds (cdnbranch.h), each a documented public default, in the
// style of causeparams.h. None is fitted to the generator (cdnwriter.h draws its rates from wider
// ranges and uses none of these).
#pragma once

namespace gateline::params {

// Amazon CloudFront, "Values that you specify when you create or update a distribution" > Origin
// settings (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html):
// - Response timeout (OriginReadTimeout): default 30 s, 1-60 s (up to 180 s on request); past it the
//   edge answers 504 with x-edge-detailed-result-type OriginCommError;
// - Keep-alive timeout (OriginKeepaliveTimeout): default 5 s, 1-60 s (up to 180 s on request): how
//   long the edge keeps an idle origin connection open for reuse;
// - Connection timeout: default 10 s (1-10 s), connection attempts: default 3 (1-3): at most 30 s
//   before 502/504 OriginConnectError.
inline constexpr double kCloudFrontOriginResponseTimeoutS = 30;
inline constexpr double kCloudFrontOriginKeepaliveS = 5;
inline constexpr double kCloudFrontConnectTimeoutS = 10;
inline constexpr int kCloudFrontConnectAttempts = 3;

// Cloudflare, "Connection limits" between Cloudflare and the origin
// (developers.cloudflare.com/fundamentals/reference/connection-limits/): complete TCP connection
// 19 s (522), TCP keep-alive interval 30 s (520), proxy idle timeout 900 s (520: Cloudflare reuses an
// idle origin connection up to 15 minutes), proxy read timeout 120 s (524, configurable on
// Enterprise; 100 s in older versions of the page).
inline constexpr double kCloudflareTcpConnectS = 19;
inline constexpr double kCloudflareProxyIdleS = 900;
inline constexpr double kCloudflareProxyReadS = 120;

// The CDN's line of a request and the ALB's: the ALB logs when it sent the response, the edge when
// it finished sending to the viewer, and CloudFront's times are whole seconds; after alignment the
// two are within this many seconds (plus the edge's time-taken).
inline constexpr double kCdnLbMatchS = 2;

// How much of the viewers' gateway errors must be the CDN's own before the branch is decided: from
// "some" to "most" (a CDN in front of a failing origin passes the origin's 502s on; the branch is
// about the ones it makes).
inline constexpr double kCdnMadeShareLo = 0.2, kCdnMadeShareHi = 0.6;

} // namespace gateline::params
