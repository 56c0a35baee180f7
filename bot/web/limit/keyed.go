package limit

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Keyed is a token bucket per key (a client address, a conversation): each
// key may spend n tokens per period, all at once if it likes, refilled
// evenly over the period.
// Buckets back at full burst are the same as new ones and are dropped, so
// memory follows the keys active in the last minute or so.
type Keyed struct {
	every rate.Limit
	burst int

	mu        sync.Mutex
	buckets   map[string]*rate.Limiter
	lastPrune time.Time
}

// NewKeyed returns buckets of n tokens refilled over per. An n of 0 or less
// returns nil, which limits nothing.
func NewKeyed(n int, per time.Duration) *Keyed {
	if n <= 0 || per <= 0 {
		return nil
	}
	return &Keyed{every: rate.Limit(float64(n) / per.Seconds()), burst: n, buckets: map[string]*rate.Limiter{}}
}

// Take spends one token of key's bucket. When there is none it spends
// nothing and returns how long until there is one.
func (k *Keyed) Take(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	if k == nil {
		return true, 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	r := k.bucket(key, now).ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Check reports whether key's bucket holds a token, without spending it,
// and how long until it does.
func (k *Keyed) Check(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	if k == nil {
		return true, 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	b, found := k.buckets[key]
	if !found {
		return true, 0
	}
	tokens := b.TokensAt(now)
	if tokens >= 1 {
		return true, 0
	}
	return false, time.Duration(math.Ceil((1-tokens)/float64(k.every)*1e9)) * time.Nanosecond
}

// Spend takes one token from key's bucket if it has one: the cost of
// something that went wrong, charged after the fact.
func (k *Keyed) Spend(key string, now time.Time) {
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.bucket(key, now).AllowN(now, 1)
}

// bucket returns key's bucket; the caller holds k.mu.
func (k *Keyed) bucket(key string, now time.Time) *rate.Limiter {
	k.prune(now)
	b, ok := k.buckets[key]
	if !ok {
		b = rate.NewLimiter(k.every, k.burst)
		b.SetBurstAt(now, k.burst) // full from now, not from the zero time
		k.buckets[key] = b
	}
	return b
}

// prune drops the buckets back at full burst, at most once per refill
// time; the caller holds k.mu.
func (k *Keyed) prune(now time.Time) {
	refill := time.Duration(float64(k.burst) / float64(k.every) * float64(time.Second))
	if now.Sub(k.lastPrune) < max(refill, time.Second) {
		return
	}
	k.lastPrune = now
	for key, b := range k.buckets {
		if b.TokensAt(now) >= float64(k.burst) {
			delete(k.buckets, key)
		}
	}
}

// Len returns how many buckets are kept.
func (k *Keyed) Len() int {
	if k == nil {
		return 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.buckets)
}
