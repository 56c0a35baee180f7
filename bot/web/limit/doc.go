// Package limit keeps one client from taking more than its share of the
// public HTTP server: requests per client address and per conversation
// (token buckets from golang.org/x/time/rate), and connections held per
// client address.
//
// A client is its IP address, IPv6 addresses by their /64 network (what
// one subscriber is given, and can draw new addresses from at will).
// Behind a reverse proxy, the client is read from a header the proxy sets,
// believed only when the connection comes from one of the trusted proxies.
package limit
