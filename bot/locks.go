package bot

import "sync"

// keyedMutex serialises work per key — one message at a time per
// conversation — while different keys run in parallel. Entries are removed
// when nobody holds or waits for them, so memory follows the number of
// conversations active right now, not the number ever seen.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*keyedLock
}

type keyedLock struct {
	mu   sync.Mutex
	refs int
}

func newKeyedMutex() keyedMutex {
	return keyedMutex{locks: map[string]*keyedLock{}}
}

// lock takes the key's lock and returns the function that releases it.
func (k *keyedMutex) lock(key string) (unlock func()) {
	k.mu.Lock()
	l := k.locks[key]
	if l == nil {
		l = &keyedLock{}
		k.locks[key] = l
	}
	l.refs++
	k.mu.Unlock()

	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		k.mu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}
